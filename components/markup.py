"""Helpers on Dash's components: HTML attributes whose names Python cannot spell as keywords
(aria-*, data-*), which components take only as `**kwargs`: `html.Div(**attrs({"aria-label":
…}))`; and the layout's skeleton of ids that Dash's renderer validates callbacks against."""

from __future__ import annotations

import copy
from typing import Any

from dash.development.base_component import Component


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
