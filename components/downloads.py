"""Downloads of what the map shows: the partners of the current view as a CSV file."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html, no_update

from citylinks.explorer import MODES, Explorer
from citylinks.export import shown_partners, to_csv_bytes
from citylinks.inputs import as_choice, as_choices, as_year
from components import ids
from components.controls import year_range


def layout() -> html.Div:
    return html.Div(
        className="downloads",
        children=[
            html.Button(
                "Download these partners (CSV)",
                id=ids.DOWNLOAD_CSV,
                className="download-button",
                n_clicks=0,
                title="The partners the map shows, for Excel or LibreOffice",
            ),
            dcc.Download(id=ids.DOWNLOAD),
        ],
    )


def register_callbacks(app: Dash, explorer: Explorer) -> None:
    data = explorer.data
    first, last = year_range(data)

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
