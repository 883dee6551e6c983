"""The table view: what the map shows, as a table that sorts and that a keyboard and a
screen reader can use. The header's Table button (or the key T) swaps the map for it.

The rows come from the table route (citylinks/render/table.py), asked by
assets/scripts/panels.js for the view the map shows (the same year, filters and language)
only while the table is open, so the map's slider steps cost nothing more. The rows are
written as text, never as HTML.
"""

from __future__ import annotations

from typing import Any

from dash import html

from citylinks.i18n.catalogue import LANGUAGES, Texts
from citylinks.model.viewstate import ViewState
from citylinks.render.map import MapsByLanguage
from citylinks.render.table import map_table, table_columns
from components import ids
from components.markup import attrs


def button(t: Texts) -> html.Button:
    return html.Button(
        t("table.show"),
        id=ids.TABLE_BUTTON,
        className="present-button",
        title=t("table.show_title"),
        n_clicks=0,
        **attrs(
            {
                "aria-pressed": "false",
                "aria-controls": ids.TABLE_REGION,
                "data-show": t("table.show"),
                "data-hide": t("table.hide"),
            }
        ),
    )


def layout(maps: MapsByLanguage, t: Texts, table_url: str) -> html.Div:
    columns = table_columns(maps[t.lang])
    return html.Div(
        id=ids.TABLE_REGION,
        className="table-region",
        hidden=True,
        **attrs({"data-url": table_url, "data-lang": t.lang}),
        children=html.Table(
            className="map-table",
            children=[
                html.Caption(id=ids.TABLE_CAPTION),
                html.Thead(
                    html.Tr(
                        [
                            html.Th(
                                html.Button(
                                    name,
                                    className="sort-button",
                                    title=t("table.sort", column=name),
                                    **attrs({"data-column": str(i)}),
                                ),
                                scope="col",
                                **attrs({"aria-sort": "none"}),
                            )
                            for i, name in enumerate(columns)
                        ]
                    )
                ),
                html.Tbody(id=ids.TABLE_BODY),
            ],
        ),
    )


def table_answer(maps: MapsByLanguage, state: ViewState) -> dict[str, Any]:
    """The table route's answer (web/routes.py): the rows of what the map shows."""
    figures = maps[state.lang or LANGUAGES[0]]
    networks = list(state.networks)
    shown = maps.explorer.shown(state.year, networks, state.mode)
    answer = map_table(figures, state.year, shown, networks)
    return {
        "columns": answer.columns,
        "rows": answer.rows,
        "total": answer.total,
        "caption": answer.caption,
    }
