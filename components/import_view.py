"""What the import panel shows of a file as it is worked on (components/import_panel.py wires
it): its columns matched to CityLinks' (each a dropdown), its first rows, the rows waiting for a
choice of place, and the problems of the rows not imported, in the page's language
(`Texts.problem`: citylinks/i18n/catalogue.py)."""

from __future__ import annotations

from babel.numbers import format_decimal
from dash import dcc, html
from dash.development.base_component import Component

from citylinks.errors import DataError
from citylinks.geo.gazetteer import Place
from citylinks.i18n.catalogue import Texts
from citylinks.importing.columns import TARGETS, ColumnMapping
from citylinks.importing.places import Pending
from citylinks.importing.prepare import ImportResult
from citylinks.importing.source import SourceTable
from components import ids
from components.markup import attrs

PREVIEW_ROWS = 8
PROBLEMS_SHOWN = 200


def first_problem(error: DataError, t: Texts) -> str:
    """A file's first problem, in the page's language: "lyon.csv: the file is empty"."""
    problem = error.problems[0]
    where = problem.file + (f", {problem.line}" if problem.line > 1 else "")
    if problem.column:
        where += f" · {problem.column}"
    return t("import.problem_at", where=where, problem=t.problem(problem))


def dropdown_labels(t: Texts) -> dcc.Dropdown.Labels:
    """What Dash's dropdown says itself (its search field, "Nothing found"…), in the page's
    language."""
    return {
        "search": t("filters.search"),
        "clear_search": t("filters.clear_search"),
        "clear_selection": t("filters.clear_selection"),
        "no_options_found": t("filters.none_found"),
        "select_all": t("filters.select_all"),
        "deselect_all": t("filters.deselect_all"),
        "selected_count": t("filters.selected_count", num_selected="{num_selected}"),
    }


def place_label(t: Texts, place: Place) -> str:
    """A candidate place, its numbers in the language's format: "Springfield, US (42.1015,
    -72.5898; pop. 154,341)", "Springfield, US (42,1015 ; -72,5898 ; 154 341 habitants)"."""
    return t(
        "import.place",
        name=place.name,
        country=place.country_code,
        lat=format_decimal(place.lat, format="0.0000", locale=t.locale),
        lon=format_decimal(place.lon, format="0.0000", locale=t.locale),
        population=t.number(place.population),
    )


def _choice(t: Texts, pending: Pending) -> Component:
    """A row waiting for a choice of place: its candidates in a dropdown (the dropdown's id
    carries the line), or, when close names were not searched, what to do."""
    country = t.country(pending.country_code)
    if not pending.searched:
        text = t(
            "import.pending_not_searched_line",
            line=pending.line,
            city=pending.city,
            country=country,
        )
        return html.P(text, className="import-choice")
    label = t(
        "import.pending_unknown_line" if pending.unknown else "import.pending_line",
        line=pending.line,
        city=pending.city,
        country=country,
    )
    return html.Div(
        className="import-choice",
        role="group",
        **attrs({"aria-labelledby": f"import-choice-{pending.line}"}),
        children=[
            html.Label(label, id=f"import-choice-{pending.line}"),
            dcc.Dropdown(
                id={"type": ids.IMPORT_CHOICE, "line": pending.line},
                options=[
                    {"label": place_label(t, place), "value": place.geonameid}
                    for place in pending.candidates
                ],
                labels=dropdown_labels(t),
                # Dash names its button by the value shown: the placeholder, until a choice.
                placeholder=t("import.choose_place"),
                clearable=True,
            ),
        ],
    )


def pending_list(t: Texts, result: ImportResult) -> list[Component]:
    if not result.pending:
        return []
    return [html.H3(t("import.pending")), *(_choice(t, p) for p in result.pending)]


def preview(t: Texts, source: SourceTable) -> list[Component]:
    """The file's first rows, as read, with their line numbers."""
    header, lines = source.header, source.lines[:PREVIEW_ROWS]
    table = html.Table(
        className="map-table import-table",
        children=[
            html.Thead(
                html.Tr([html.Th("#", scope="col")] + [html.Th(h, scope="col") for h in header])
            ),
            html.Tbody(
                [
                    html.Tr([html.Th(str(line), scope="row")] + [html.Td(c) for c in row])
                    for line, row in zip(lines, source.rows[:PREVIEW_ROWS], strict=True)
                ]
            ),
        ],
    )
    return [html.H3(t("import.preview")), table]


def column_choices(t: Texts, header: list[str], mapping: ColumnMapping) -> list[Component]:
    """For each CityLinks column, a dropdown of the file's columns (its id carries the
    target), set to the one found by name."""
    none = t("import.column_none")
    options = [{"label": none, "value": ""}] + [
        {"label": column, "value": column} for column in header if column
    ]
    choices = [
        # A group named by its label: Dash's dropdown names itself by its value only.
        html.Div(
            className="import-column",
            role="group",
            **attrs({"aria-labelledby": f"import-column-{target}"}),
            children=[
                html.Label(t(f"import.target.{target}"), id=f"import-column-{target}"),
                dcc.Dropdown(
                    id={"type": ids.IMPORT_COLUMN, "target": target},
                    options=options,
                    value=mapping[target] or "",
                    clearable=False,
                    searchable=False,
                    labels=dropdown_labels(t),
                ),
            ],
        )
        for target in TARGETS
    ]
    return [html.H3(t("import.columns")), *choices]


def summary(t: Texts, result: ImportResult) -> str:
    """How many rows are ready, pending and rejected, of how many."""
    return t(
        "import.summary",
        good=t.number(len(result.partners)),
        pending=t.number(len(result.pending)),
        rejected=t.number(len(result.rejected)),
        total=t.number(len(result.source.rows) + len(result.source.problems)),
    )
