"""CityLinks: a Dash app of a city's partner cities and city networks on a world map.

python app.py            # serves the bundled data on http://127.0.0.1:8050/
HOST=0.0.0.0 PORT=8080 CITYLINKS_DATA=/path/to/data python app.py
"""

from __future__ import annotations

import json
import os
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from dash import Dash, dcc, html

from citylinks import clock
from citylinks.dataset.loading import Dataset, load_dataset
from citylinks.i18n.catalogue import texts
from citylinks.importing.workspace import ImportStore
from citylinks.model.explorer import Explorer
from citylinks.render.map import MapsByLanguage
from citylinks.render.styles import MAP_THEMES
from citylinks.settings import Settings
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
from components.markup import attrs, id_skeleton
from web import offline, routes, security
from web.imported_maps import ImportedMaps, imported_map_url

ASSETS = Path(__file__).resolve().parent / "assets"


class CityLinksDash(Dash):
    """Dash, with the page's <html lang> (components/language.py) and the constants the
    page's scripts read (assets/scripts/map_view.js `constants`), as a JSON block that no browser
    runs: the scripts themselves are all in assets/scripts/ (served as one: web/offline.py)."""

    def __init__(self, *args: Any, page_constants: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_constants = page_constants

    def interpolate_index(
        self,
        metas: Any = "",
        title: Any = "",
        css: Any = "",
        config: Any = "",
        scripts: Any = "",
        app_entry: Any = "",
        favicon: Any = "",
        renderer: Any = "",
    ) -> Any:
        block = json.dumps(self.page_constants, sort_keys=True).replace("</", "<\\/")
        constants = f'<script id="{ids.PAGE_CONSTANTS}" type="application/json">{block}</script>'
        page = super().interpolate_index(
            metas=metas,
            title=title,
            css=css,
            config=f"{constants}\n{config}",
            # The page's own scripts, as one (web/offline.py), after Dash's.
            scripts=f'{scripts}\n<script src="{escape(offline.page_scripts_url(self))}"></script>',
            app_entry=app_entry,
            favicon=favicon,
            renderer=renderer,
        )
        return language.with_html_lang(page)


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
        imports = ImportStore(Settings.from_environment().imports_dir)
    store = imports or None
    app = CityLinksDash(
        __name__,
        page_constants={**controls.page_constants(data), **presentation.page_constants()},
        title=escape(f"CityLinks: {data.home.city}"),  # Dash writes the title as it is
        assets_folder=str(ASSETS),
        # The page's scripts go out as one (web/offline.py), not one request each.
        assets_path_ignore=offline.PAGE_SCRIPTS_IGNORED,
        serve_locally=True,
        # None: the tab's title stays while callbacks run (Dash's documented value; its
        # signature says str only)
        update_title=None,
        compress=True,
        url_base_pathname=url_base_pathname,
    )
    offline.use_geo_plotly_bundle(app)
    explorer = Explorer(data)
    maps = MapsByLanguage(explorer)
    topojson_url = app.get_asset_url("topojson/")
    state_url = app.get_relative_path(f"/{routes.STATE_PATH}")
    view_url = app.get_relative_path(f"/{routes.VIEW_PATH}")
    table_url = app.get_relative_path(f"/{routes.TABLE_PATH}")
    snapshot_url = app.get_relative_path(f"/{routes.SNAPSHOT_PATH}")
    upload_url = app.get_relative_path(f"/{routes.UPLOAD_PATH}")

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
    # Dash made the validation layout from the whole page; the renderer needs its ids only.
    app.validation_layout = id_skeleton(app.validation_layout)
    first, last = controls.year_range(data)
    panel = import_panel.ImportCallbacks(store) if store else None
    answers = routes.Answers(
        network_ids=data.network_ids,
        first=first,
        last=last,
        view=partial(map_view.view_answer, maps),
        table=partial(table_view.table_answer, maps),
        snapshot=partial(downloads.snapshot_file, maps),
        themes=tuple(MAP_THEMES),
        state=partial(share.state_answer, data),
        page_language=language.page_language,
        upload=panel.upload if panel else None,
    )
    app.server.register_blueprint(routes.blueprint(answers, app.config.routes_pathname_prefix))
    language.register(app)
    controls.register_callbacks(app, data)
    map_view.register_callbacks(app)
    summary.register_callbacks(app)
    details.register_callbacks(app, explorer)
    share.register_callbacks(app)
    presentation.register_callbacks(app)
    downloads.register_callbacks(app, maps)
    large_bodies = {}
    if store and panel:
        import_panel.register(app, panel)
        large_bodies[app.config.routes_pathname_prefix + routes.UPLOAD_PATH] = (
            import_panel.UPLOAD_LIMIT
        )

        def imported_map(token: str, folder: Path, name: str) -> Dash:
            return create_app(
                folder,
                imports=False,
                url_base_pathname=imported_map_url(token),
                imported_name=name,
            )

        app.server.wsgi_app = ImportedMaps(app.server.wsgi_app, store, imported_map)
    # last: it hashes Dash's own inline scripts (every clientside callback is in assets/)
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
    settings = Settings.from_environment()
    host, port, debug = settings.host, settings.port, settings.debug
    print(f"CityLinks: serving {app.title} on http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=debug, dev_tools_disable_version_check=True)
