"""The table view: what the map shows, as a table that sorts and that a keyboard and a
screen reader can use. The header's Table button (or the key T) swaps the map for it.

The rows come from the table route (citylinks/render/table.py), asked by
assets/scripts/panels.js for the view the map shows (the same year, filters and language)
only while the table is open, so the map's slider steps cost nothing more. The rows are
written as text, never as HTML. Each row's city is a button (Enter, a click or a tap) that
selects the city as a click on the map does: the answer gives each row's city key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from dash import html

from citylinks.i18n.catalogue import LANGUAGES, Texts
from citylinks.model.viewstate import ViewState
from citylinks.render.map import MapFigures, MapsByLanguage
from citylinks.render.table import map_table, table_columns
from components import ids, map_view
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
        **attrs(
            {
                "data-url": table_url,
                "data-lang": t.lang,
                "data-select-title": t("table.select_title", city="{city}"),
            }
        ),
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
    shown, focus = map_view.focused(figures, state)
    answer = map_table(figures, state.year, shown, list(state.networks), focus=focus)
    return {
        "columns": answer.columns,
        "rows": answer.rows,
        "total": answer.total,
        "caption": answer.caption,
        "keys": row_keys(figures, answer.rows),
    }


@lru_cache(maxsize=8)
def _keys_by_name(figures: MapFigures) -> dict[tuple[str, str], list[str]]:
    """(name, country) as a row writes them, in the figures' language -> [city, country code]
    of the data; partners first, then network members and event places."""
    data, values = figures.data, figures.row_values
    found: dict[tuple[str, str], list[str]] = {}
    for frame, names, countries in (
        (data.partners, values.partner_names, values.partner_countries),
        (data.memberships, values.member_names, values.member_countries),
        (data.events, values.event_names, values.event_countries),
    ):
        keys = zip(frame["city"], frame["country_code"], strict=True)
        for name, country, (city, code) in zip(names, countries, keys, strict=True):
            found.setdefault((name, country), [city, code])
    return found


def row_keys(figures: MapFigures, rows: list[list[object]]) -> list[list[str] | None]:
    """Each row's city key ([city, country code], as the selected-city store takes it), found
    by the name and country the row shows; None for a row whose city is not in the data."""
    known = _keys_by_name(figures)
    return [known.get((str(row[0]), str(row[1]))) for row in rows]
