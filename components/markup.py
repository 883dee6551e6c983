"""Helpers on Dash's components: HTML attributes whose names Python cannot spell as keywords
(aria-*, data-*), which components take only as `**kwargs`: `html.Div(**attrs({"aria-label":
…}))`; the layout's skeleton of ids that Dash's renderer validates callbacks against; and the
parts several panels draw alike (links to keep, a list of problems)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from dash import html
from dash.development.base_component import Component
from flask import has_request_context, request


def attrs(values: dict[str, Any]) -> dict[str, Any]:
    """The attributes as they are, typed so that they unpack into any component."""
    return values


def id_skeleton(component: Any) -> Any:
    """The layout reduced to its components that have an id, and the containers on their way:
    what Dash's renderer checks the callbacks against (`Dash.validation_layout`).

    Dash puts the validation layout in every page's configuration and encodes it at every page
    request; the whole page (figures, texts, options) was 55 kB and 9 ms of a worker's time a
    page, the ids alone are a few kB. Components are copied, never changed."""
    if not isinstance(component, Component):
        return None
    children = getattr(component, "children", None)
    if isinstance(children, Component):
        children = [children]
    kept = [
        skeleton
        for child in (children if isinstance(children, list | tuple) else [])
        if (skeleton := id_skeleton(child)) is not None
    ]
    has_id = getattr(component, "id", None) is not None
    if not has_id and not kept:
        return None
    skeleton = copy.copy(component)
    for prop in component._prop_names:
        if prop != "id" and hasattr(skeleton, prop):
            delattr(skeleton, prop)
    if kept:
        skeleton.children = kept
    return skeleton


def absolute_url(path: str) -> str:
    """A path of this server as a full address (the request's host), for a link to keep."""
    root = request.host_url.rstrip("/") if has_request_context() else ""
    return root + path


def link_list(links: Sequence[tuple[str, str, str]], head: str | None = None) -> html.Div:
    """Links to keep (a saved map's, a saved story's view and edit links): each a paragraph
    "label link" with the link as its own text; `head`: a first paragraph (what was saved)."""
    return html.Div(
        [
            *([html.P(head)] if head is not None else []),
            *(
                html.P([label, " ", html.A(url, href=url, className=kind)])
                for label, url, kind in links
            ),
        ]
    )


def problem_list(heading: str, problems: Sequence[str], item_class: str) -> list[Component]:
    """Problems said in the page's language, as text: a heading and one item each (none: no
    list at all)."""
    if not problems:
        return []
    return [html.H3(heading), html.Ul([html.Li(text, className=item_class) for text in problems])]
