"""Downloads of what the map shows: the map as a PNG for a slide (made in the browser by
plotly, assets/export_png.js) and the partners of the current view as a CSV file."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from citylinks.dataset import Dataset
from citylinks.explorer import MODES, Explorer
from citylinks.export import shown_partners, to_csv_bytes
from citylinks.i18n import Texts
from citylinks.inputs import as_choice, as_choices, as_year
from components import ids
from components.controls import year_range
from components.presentation import title_text

SLIDE_SIZE = (1920, 1080)


def layout(data: Dataset, topojson_url: str, t: Texts) -> html.Div:
    png = {
        "title": title_text(data, t),
        "saved": t("download.saved", name="{name}"),
        "filename": f"citylinks-{data.home.city}-map-".replace(" ", "_"),
        "topojson": topojson_url,
        "width": SLIDE_SIZE[0],
        "height": SLIDE_SIZE[1],
    }
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
            dcc.Store(id=ids.PNG_SOURCE, data=png),
            html.Span(id=ids.DOWNLOAD_STATUS, className="download-status", role="status"),
            html.Button(
                t("download.csv"),
                id=ids.DOWNLOAD_CSV,
                className="download-button",
                n_clicks=0,
                title=t("download.csv_title"),
            ),
            dcc.Download(id=ids.DOWNLOAD),
        ],
    )


def register_callbacks(app: Dash, explorer: Explorer) -> None:
    data = explorer.data
    first, last = year_range(data)

    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="downloadPng"),
        Output(ids.DOWNLOAD_STATUS, "children"),
        Input(ids.DOWNLOAD_PNG, "n_clicks"),
        State(ids.YEAR, "value"),
        State(ids.PNG_SOURCE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CSV, "n_clicks"),
        State(ids.YEAR, "value"),
        State(ids.NETWORKS, "value"),
        State(ids.MODE, "value"),
        prevent_initial_call=True,
    )
    def download_csv(clicks, year, network_ids, mode):
        year = as_year(year, first, last)
        networks = as_choices(network_ids, data.network_ids)
        mode = as_choice(mode, MODES)
        if not clicks or year is None or networks is None or mode is None:
            return no_update
        frame = shown_partners(explorer, explorer.shown(year, networks, mode))
        suffix = f"-{'-'.join(networks)}-{mode}" if networks and mode != "show" else ""
        name = f"citylinks-{data.home.city}-partners-{year}{suffix}.csv"
        return dcc.send_bytes(to_csv_bytes(frame), name.replace(" ", "_"), type="text/csv")
