"""Downloads of what the map shows: the map as a PNG for a slide (made in the browser by
plotly, assets/scripts/exports.js), the partners of the current view as a CSV file, and the view as
one HTML file that opens offline (citylinks/render/snapshot.py, from the snapshot route). The
PNG, the GIF and the offline page have the city labels placed for a projector, as presentation
mode does (assets/scripts/labels.js)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from plotly.io.json import to_json_plotly

from citylinks import clock
from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import LANGUAGES, Texts, texts
from citylinks.model.filters import shown_of
from citylinks.model.viewstate import ViewState
from citylinks.render.export import download_name, partners_csv
from citylinks.render.map import MapsByLanguage
from citylinks.render.partner_sheet import export_rows
from citylinks.render.snapshot import snapshot_html
from citylinks.render.styles import themed_layout, themed_traces
from citylinks.render.table import map_table
from citylinks.render.wording import coverage_text
from components import focus, ids, map_view
from components.controls import year_range
from components.language import texts_of
from components.presentation import title_text
from web.offline import PAGE_SCRIPTS, plotly_bundle
from web.served_maps import ServedMap

SLIDE_SIZE = (1920, 1080)
GIF_SIZE = (960, 540)  # a GIF's frames: half a slide, so a play-through stays a few MB
TOPOJSON = Path(__file__).resolve().parent.parent / "assets" / "topojson"


@cache
def labels_script() -> str:
    """The page's label layout (assets/scripts/labels.js), as the offline page inlines it."""
    return (PAGE_SCRIPTS / "labels.js").read_text(encoding="utf-8")


@cache
def world_topojson() -> dict:
    """The world map the page's map uses (plotly's default 110m resolution)."""
    with (TOPOJSON / "world_110m.json").open(encoding="utf-8") as handle:
        return {"world_110m": json.load(handle)}


def layout(data: Dataset, topojson_url: str, t: Texts, snapshot_url: str = "") -> html.Div:
    png = {
        "title": title_text(data, t),
        "saved": t("download.saved", name="{name}"),
        "filename": f"citylinks-{data.home.city}-map-".replace(" ", "_"),
        "topojson": topojson_url,
        "width": SLIDE_SIZE[0],
        "height": SLIDE_SIZE[1],
        "gif_width": GIF_SIZE[0],
        "gif_height": GIF_SIZE[1],
        "gif_filename": f"citylinks-{data.home.city}-play-".replace(" ", "_"),
        "gif_progress": t("download.gif_progress", done="{done}", total="{total}"),
    }
    first, _ = year_range(data)
    return html.Div(
        className="downloads",
        children=[
            html.Button(
                t("download.png"),
                id=ids.DOWNLOAD_PNG,
                className="download-button",
                n_clicks=0,
                title=t("download.png_title"),
            ),
            html.Button(
                t("download.gif"),
                id=ids.DOWNLOAD_GIF,
                className="download-button",
                n_clicks=0,
                title=t("download.gif_title", first=first),
            ),
            dcc.Store(id=ids.PNG_SOURCE, data=png),
            html.Span(id=ids.DOWNLOAD_STATUS, className="download-status", role="status"),
            html.Button(
                t("download.csv"),
                id=ids.DOWNLOAD_CSV,
                className="download-button",
                n_clicks=0,
                title=t("download.csv_title"),
            ),
            html.Button(
                t("download.xlsx"),
                id=ids.DOWNLOAD_XLSX,
                className="download-button",
                n_clicks=0,
                title=t("download.xlsx_title"),
            ),
            dcc.Download(id=ids.DOWNLOAD),
            # A link, not a callback: the browser downloads the file from the snapshot
            # route; assets/scripts/exports.js puts the view shown in its address.
            html.A(
                t("download.html"),
                id=ids.DOWNLOAD_HTML,
                className="download-button",
                href=snapshot_url,
                download="",
                title=t("download.html_title"),
            ),
        ],
    )


def snapshot_file(maps: MapsByLanguage, state: ViewState, theme: str) -> tuple[str, str]:
    """The snapshot route's answer (web/routes.py): the file name and HTML page of a view in
    one of MAP_THEMES."""
    data = maps.explorer.data
    lang = state.lang or LANGUAGES[0]
    year, networks = state.year, list(state.networks)
    figures, t = maps[lang], texts(lang)
    view = map_view.build(figures, state)
    figure = json.loads(to_json_plotly(view.figure))  # plain JSON values
    figure["data"] = themed_traces(figure["data"], theme)
    figure["layout"] = themed_layout(figure["layout"], theme)
    shown, kept = map_view.focused(figures, state)
    table = map_table(figures, year, shown, networks, focus=kept)
    page = snapshot_html(
        t=t,
        title=title_text(data, t) + str(year),
        status=view.status,
        figure=figure,
        table=table,
        plotly_js=plotly_bundle().decode("utf-8"),
        labels_js=labels_script(),
        more_labels=t("present.more_labels", n="{n}"),
        topojson=world_topojson(),
        dark=theme == "dark",
        made=t.date(clock.today().isoformat()),
        coverage=coverage_text(data.home, t),
    )
    return f"citylinks-{data.home.city}-{year}.html".replace(" ", "_"), page


def register_callbacks(app: Dash, current: Callable[[], ServedMap]) -> None:
    """`current()`: the map the request is for (web/served_maps.py)."""

    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="downloadPng"),
        Output(ids.DOWNLOAD_STATUS, "children"),
        Input(ids.DOWNLOAD_PNG, "n_clicks"),
        State(ids.YEAR, "value"),
        State(ids.PNG_SOURCE, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="downloadGif"),
        Output(ids.DOWNLOAD_STATUS, "children", allow_duplicate=True),
        Input(ids.DOWNLOAD_GIF, "n_clicks"),
        State(ids.YEAR, "value"),
        State(ids.NETWORKS, "value"),
        State(ids.MODE, "value"),
        State(ids.THEME, "data"),
        State(ids.FOCUS, "data"),
        State(ids.VIEW_SOURCE, "data"),
        State(ids.PNG_SOURCE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CSV, "n_clicks"),
        Input(ids.DOWNLOAD_XLSX, "n_clicks"),
        State(ids.YEAR, "value"),
        State(ids.NETWORKS, "value"),
        State(ids.MODE, "value"),
        State(ids.FOCUS, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def download_partners(csv_clicks, xlsx_clicks, year, network_ids, mode, focus_data, lang):
        """What the map shows, as a CSV or an Excel workbook in the page's language."""
        served = current()
        data, explorer = served.data, served.explorer
        t = texts_of(lang)
        state = focus.state_of(data, *year_range(data), year, network_ids, mode, focus_data, t.lang)
        xlsx = ctx.triggered_id == ids.DOWNLOAD_XLSX
        if not (xlsx_clicks if xlsx else csv_clicks) or state is None:
            return no_update
        export = export_rows(explorer, shown_of(explorer, state), state.year)
        networks = list(state.networks)
        name = download_name(
            data.home.city, state.year, networks, state.mode, "xlsx" if xlsx else "csv"
        )
        if xlsx:
            # openpyxl takes a quarter of a second to import: only once a workbook is asked for,
            # not at start-up (issue 19)
            from citylinks.render.workbook import XLSX_TYPE, partners_xlsx

            content = partners_xlsx(export, t.lang, title=title_text(data, t) + str(state.year))
            return dcc.send_bytes(content, name, type=XLSX_TYPE)
        return dcc.send_bytes(partners_csv(export, t.lang), name, type="text/csv")
