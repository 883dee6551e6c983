"""CityLinks: a Dash app of a city's partner cities and city networks on a world map.

python app.py            # serves the bundled data on http://127.0.0.1:8050/
HOST=0.0.0.0 PORT=8080 CITYLINKS_DATA=/path/to/data python app.py
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from dash import Dash, dcc, html

from citylinks import clock
from citylinks.dataset.loading import Dataset, load_dataset
from citylinks.i18n.catalogue import texts
from citylinks.importing.workspace import DEFAULT_ROOT, ImportStore
from citylinks.model.explorer import Explorer
from citylinks.render.figures import MapsByLanguage
from components import (
    controls,
    details,
    downloads,
    ids,
    import_panel,
    language,
    map_view,
    presentation,
    share,
    summary,
    table_view,
)
from components.markup import attrs
from web import offline, security

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    data: Dataset | None = None,
    imports: ImportStore | bool = True,
    url_base_pathname: str | None = None,
    imported_name: str | None = None,
) -> Dash:
    """A new app on the data folder (default: $CITYLINKS_DATA, else the bundled data/).

    `imports`: where the import panel keeps its files (True: $CITYLINKS_IMPORTS, else a
    folder in the system's temporary directory; False: no import panel). An imported map is
    an app of its own, under `url_base_pathname`, saying what it was `imported_name`d from.
    """
    data = data or load_dataset(data_dir)
    if imports is True:
        imports = ImportStore(Path(os.environ.get("CITYLINKS_IMPORTS") or DEFAULT_ROOT))
    store = imports or None
    app = Dash(
        __name__,
        title=escape(f"CityLinks: {data.home.city}"),  # Dash writes the title as it is
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        compress=True,
        url_base_pathname=url_base_pathname,
    )
    offline.use_geo_plotly_bundle(app)
    explorer = Explorer(data)
    maps = MapsByLanguage(explorer)
    topojson_url = app.get_asset_url("topojson/")
    state_url = app.get_relative_path(f"/{share.STATE_PATH}")
    view_url = app.get_relative_path(f"/{map_view.VIEW_PATH}")
    table_url = app.get_relative_path(f"/{table_view.TABLE_PATH}")
    snapshot_url = app.get_relative_path(f"/{downloads.SNAPSHOT_PATH}")
    upload_url = app.get_relative_path(f"/{import_panel.UPLOAD_PATH}")

    def page() -> html.Div:
        """The page in the language of the request (components/language.py)."""
        t = texts(language.page_language())
        year = clock.today().year
        home = t.pick(data.home.city, data.home.city_fr)
        return html.Div(
            id=ids.PAGE,
            className="page",
            **attrs({"data-theme": "light"}),
            children=[
                html.Header(
                    className="header",
                    children=[
                        html.H1(
                            [
                                html.Span("CityLinks", className="brand"),
                                html.Span(t("header.subtitle", city=home), className="subtitle"),
                                *_imported_note(t, imported_name),
                            ]
                        ),
                        summary.layout(explorer, year, t),
                        presentation.button(
                            t,
                            extra=[
                                table_view.button(t),
                                *([import_panel.button(t)] if store else []),
                            ],
                        ),
                        language.layout(t),
                    ],
                ),
                presentation.title(data, year, t),
                html.Main(
                    className="main",
                    children=[
                        controls.layout(
                            data,
                            year,
                            t,
                            extra=[downloads.layout(data, topojson_url, t, snapshot_url)],
                        ),
                        html.Div(
                            className="centre",
                            children=[
                                share.layout(state_url, t),
                                map_view.layout(maps[t.lang], year, topojson_url, view_url),
                                table_view.layout(maps, t, table_url),
                                summary.timeline_layout(data, t),
                            ],
                        ),
                        details.layout(t),
                        *([import_panel.layout(t, upload_url)] if store else []),
                    ],
                ),
                # {} for "no city": a memory Store that starts at None sets itself on mount,
                # which would run every callback on the selected city at each page load.
                dcc.Store(id=ids.SELECTED, data={}),
            ],
        )

    app.layout = page
    language.register(app)
    controls.register_callbacks(app, data)
    map_view.register_callbacks(app, maps)
    table_view.register_routes(app, maps)
    summary.register_callbacks(app, explorer)
    details.register_callbacks(app, explorer)
    share.register_callbacks(app, data)
    presentation.register_callbacks(app, data)
    downloads.register_callbacks(app, maps)
    large_bodies = {}
    if store:
        import_panel.register(app, store)
        large_bodies[app.config.routes_pathname_prefix + import_panel.UPLOAD_PATH] = (
            import_panel.UPLOAD_LIMIT
        )

        def imported_map(token: str, folder: Path, name: str) -> Dash:
            return create_app(
                folder,
                imports=False,
                url_base_pathname=f"{import_panel.IMPORTED_PREFIX}{token}/",
                imported_name=name,
            )

        app.server.wsgi_app = import_panel.ImportedMaps(app.server.wsgi_app, store, imported_map)
    # last: it hashes the inline scripts of every clientside callback
    security.secure(app, large_bodies)
    return app


def _imported_note(t, imported_name: str | None) -> list:
    """On an imported map: where it comes from, and the way back to the main map."""
    if not imported_name:
        return []
    return [
        html.Span(
            [
                t("imported.note", name=imported_name),
                " ",
                html.A(t("imported.back"), href="/", className="imported-back"),
            ],
            className="imported-note",
        )
    ]


app = create_app()
server = app.server

if __name__ == "__main__":
    host = os.environ.get("HOST") or "127.0.0.1"
    port = int(os.environ.get("PORT") or 8050)
    debug = os.environ.get("CITYLINKS_DEBUG") == "1"
    print(f"CityLinks: serving {app.title} on http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=debug, dev_tools_disable_version_check=True)
