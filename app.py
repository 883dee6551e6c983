"""CityLinks: a Dash app of a city's partner cities and city networks on a world map.

python app.py            # serves the bundled data on http://127.0.0.1:8050/
HOST=0.0.0.0 PORT=8080 CITYLINKS_DATA=/path/to/data python app.py
"""

from __future__ import annotations

import gc

# A start makes some 130,000 objects that live as long as the server (Dash, pandas, the data,
# the maps); the collector's passes over them while they were made freed next to nothing (200
# objects) and took 0.1 s of a 1.6 s start. It runs seldom until the app is made (the end of
# this file), which then puts them out of its sight (`gc.freeze`: later passes skip them).
COLLECTOR_AT_START = (100_000, 50, 1_000)  # gc's thresholds (defaults: 700, 10, 10)
COLLECTOR_AFTER = gc.get_threshold()
gc.set_threshold(*COLLECTOR_AT_START)

import contextlib
import json
import os
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from dash import Dash, dcc, html

from citylinks import clock
from citylinks.dataset.loading import Dataset, load_dataset
from citylinks.i18n.catalogue import Texts, texts
from citylinks.importing.workspace import ImportStore, store_of
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
    saved_maps,
    search,
    share,
    story_exports,
    story_panel,
    story_player,
    summary,
    table_view,
)
from components.markup import attrs, id_skeleton
from web import STORE_EXTENSION, offline, routes, security
from web.served_maps import MapKey, MapRouter, ServedMap, ServedMaps
from web.story_pages import Shown, shown_story

ASSETS = Path(__file__).resolve().parent / "assets"


class CityLinksDash(Dash):
    """Dash, with the page's <html lang> (components/language.py), the constants the page's
    scripts read (assets/scripts/map_view.js `constants`) as a JSON block that no browser
    runs, and the title and callback address of the map the request is for (one app answers
    for every map: web/served_maps.py)."""

    def __init__(self, *args: Any, maps: Callable[[], ServedMaps], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.served_maps = maps

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
        served = self.served_maps().current()
        own_scripts = offline.page_scripts_url(self)
        constants = {**controls.page_constants(served.data), **presentation.page_constants()}
        block = json.dumps(constants, sort_keys=True).replace("</", "<\\/")
        script = f'<script id="{ids.PAGE_CONSTANTS}" type="application/json">{block}</script>'
        page = super().interpolate_index(
            metas=metas,
            # Dash writes the title as it is
            title=escape(f"CityLinks: {_title_name(served)}"),
            css=css,
            config=f"{script}\n{_for_map(config, self.served_maps().requests_prefix())}",
            # The page's own scripts, as one (web/offline.py), after Dash's.
            scripts=f'{_used(scripts)}\n<script src="{escape(own_scripts)}"></script>',
            app_entry=app_entry,
            favicon=favicon,
            renderer=renderer,
        )
        return language.with_html_lang(page)


def _health(store: ImportStore | None) -> dict[str, Any]:
    """What /healthz says: the database's state (none without imports and saved maps)."""
    if store is None:
        return {"ok": True, "database": None}
    from citylinks.storage import StorageError
    from citylinks.storage.revisions import Health, head, health

    try:
        engine = store.store.engine  # the store opens on first use (citylinks/storage/lazy.py)
    except StorageError:  # it could not be opened: lazy.py has logged why
        state = Health(reachable=False, current=None, head=head(), ok=False)
    else:
        state = health(engine)
    return {
        "ok": state.ok,
        "database": "reachable" if state.reachable else "unreachable",
        "migration": state.current,
        "expected_migration": state.head,
    }


def _home_text(served: ServedMap, editing: bool) -> str:
    """The import panel's home city: a saved map's own on its edit page."""
    return f"{served.data.home.city}, {served.data.home.country_code}" if editing else ""


def _title_name(served: ServedMap) -> str:
    """A saved map by its name, the main map and an import by their home city."""
    return (served.name if served.key.kind == "saved" else None) or served.data.home.city


def _used(scripts: str) -> str:
    """Dash's script tags but dash_table's loader: Dash adds it to every page, and no page here
    has a DataTable (the table view is plain HTML: components/table_view.py)."""
    return "\n".join(tag for tag in scripts.split("\n") if "/dash_table/" not in tag)


def _for_map(config: str, prefix: str) -> str:
    """Dash's configuration block, its renderer's requests sent under the map's address."""
    if prefix == "/":
        return config
    start = config.index(">") + 1
    end = config.rindex("</script>")
    values = json.loads(config[start:end])
    values["url_base_pathname"] = values["requests_pathname_prefix"] = prefix
    return config[:start] + json.dumps(values).replace("</", "<\\/") + config[end:]


def settle_optional_imports() -> None:
    """Import Pillow's Image module now, if installed (~20 ms), rather than on the first
    spreadsheet: plotly's JSON encoder, which encodes every page, view and callback answer, looks
    for `PIL.Image` among the loaded modules, and while openpyxl imported it in one thread
    another thread's page found it half made and failed (a 500 under tests/server's attacks)."""
    with contextlib.suppress(ImportError):
        import PIL.Image  # noqa: F401


def create_app(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    data: Dataset | None = None,
    imports: ImportStore | bool = True,
) -> Dash:
    """A new app on the data folder (default: $CITYLINKS_DATA, else the bundled data/).

    `imports`: where imports and saved maps are kept (True: the database the settings name,
    SQLite in the state directory by default; False: no import panel, no saved maps). One
    app answers for the main map, every saved map (/maps/<id>/) and every import being
    prepared (/imported/<token>/): web/served_maps.py.
    """
    settle_optional_imports()
    data = data or load_dataset(data_dir)
    if imports is True:
        imports = store_of(Settings.from_environment())
    store = imports or None
    app: CityLinksDash
    app = CityLinksDash(
        __name__,
        maps=lambda: served_maps,
        title="CityLinks",
        # The page fits the screen's width (phones, tablets: assets/style.css); zooming stays
        # possible (no maximum-scale).
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        assets_folder=str(ASSETS),
        # The page's scripts go out as one (web/offline.py), not one request each.
        assets_path_ignore=offline.PAGE_SCRIPTS_IGNORED,
        serve_locally=True,
        # None: the tab's title stays while callbacks run (Dash's documented value; its
        # signature says str only)
        update_title=None,
        compress=True,
    )
    offline.use_geo_plotly_bundle(app)
    topojson_url = app.get_asset_url("topojson/")
    panel = import_panel.ImportCallbacks(store) if store else None

    def prepare(key: MapKey, name: str | None, map_data: Dataset) -> ServedMap:
        explorer = Explorer(map_data)
        figures = MapsByLanguage(explorer)
        first, last = controls.year_range(map_data)
        answers = routes.Answers(
            network_ids=map_data.network_ids,
            first=first,
            last=last,
            view=partial(map_view.view_answer, figures),
            table=partial(table_view.table_answer, figures),
            snapshot=partial(downloads.snapshot_file, figures),
            themes=tuple(MAP_THEMES),
            state=partial(share.state_answer, map_data),
            page_language=language.page_language,
            upload=panel.upload if panel and key.kind == "main" else None,
            search=search.Search(map_data),
        )
        return ServedMap(key, name, map_data, explorer, figures, answers)

    served_maps = ServedMaps(
        prepare(MapKey("main"), None, data), prepare, store.store if store else None
    )

    # The main map's page in each language, made once: Dash asks for the page to check it at
    # start and at the first request, and at every visit (/_dash-layout, 20-50 ms to make).
    # A component tree Dash only reads; the year is in the key, as the page shows it.
    main_pages: dict[tuple[str, bool, int], html.Div] = {}

    def page() -> html.Div:
        """The page of the map the request is for, in the request's language."""
        served = served_maps.current()
        t = texts(language.page_language())
        editing = served_maps.editing() and served.key.kind == "saved"
        shown = shown_story(served_maps, store.store if store else None)
        on_story = served_maps.story() is not None
        with_import = bool(store) and (served.key.kind == "main" or editing) and not on_story
        if served.key.kind == "main" and not on_story:
            key = (t.lang, with_import, clock.today().year)
            made = main_pages.get(key)
            if made is None:
                made = main_pages.setdefault(
                    key, page_layout(served, t, topojson_url, with_import=with_import)
                )
            return made
        return page_layout(
            served, t, topojson_url, with_import=with_import, editing=editing, shown=shown
        )

    app.layout = page
    # Dash made the validation layout from the main page; the renderer needs its ids only, and
    # those of the edit page's panel.
    edit_panel = [saved_maps.edit_layout(served_maps.main, texts("en"))] if store else []
    story_parts = [
        *story_panel.validation_parts(served_maps.main, texts("en")),
        *story_player.validation_parts(served_maps.main, texts("en")),
    ]
    app.validation_layout = id_skeleton(
        html.Div([app.validation_layout, *edit_panel, *story_parts])
    )
    current = served_maps.current
    app.server.register_blueprint(
        routes.blueprint(lambda: current().answers, app.config.routes_pathname_prefix)
    )
    language.register(app)
    controls.register_callbacks(app, current)
    map_view.register_callbacks(app)
    summary.register_callbacks(app)
    details.register_callbacks(app, current)
    share.register_callbacks(app)
    presentation.register_callbacks(app)
    downloads.register_callbacks(app, current)
    story_panel.register_callbacks(app, store.store if store else None, served_maps)
    story_player.register_callbacks(app)
    story_exports.register_callbacks(app, store.store if store else None, served_maps)
    large_bodies = {}
    if store and panel:
        import_panel.register(app, panel)
        saved_maps.register(app, store, served_maps)
        large_bodies[app.config.routes_pathname_prefix + routes.UPLOAD_PATH] = (
            import_panel.UPLOAD_LIMIT
        )
    app.server.register_blueprint(routes.health_blueprint(partial(_health, store)))
    if store:
        app.server.extensions[STORE_EXTENSION] = store.store
    app.server.wsgi_app = MapRouter(app.server.wsgi_app, served_maps)
    # last: it hashes Dash's own inline scripts (every clientside callback is in assets/)
    security.secure(app, large_bodies, story_panel.story_callbacks(app))
    return app


def page_layout(
    served: ServedMap,
    t: Texts,
    topojson_url: str,
    *,
    with_import: bool,
    editing: bool = False,
    shown: Shown | None = None,
) -> html.Div:
    """The page of one map in one language (`editing`: a saved map's edit page; `shown`: the
    saved story a story's page plays or edits)."""
    data, year, prefix = served.data, clock.today().year, served.key.prefix
    view_url = prefix + routes.VIEW_PATH
    home = t.pick(data.home.city, data.home.city_fr)
    return html.Div(
        id=ids.PAGE,
        className="page",
        **attrs({"data-theme": "light"}),
        children=[
            html.Header(
                id=ids.HEADER,
                className="header",
                children=[
                    html.H1(
                        [
                            html.Span("CityLinks", className="brand"),
                            html.Span(t("header.subtitle", city=home), className="subtitle"),
                            *_imported_note(t, served),
                        ]
                    ),
                    search.layout(t, prefix + routes.SEARCH_PATH),
                    # On a phone the rest of the header is a menu (assets/scripts/layout.js).
                    html.Button(
                        t("header.menu"),
                        id=ids.MENU_BUTTON,
                        className="menu-button",
                        title=t("header.menu_title"),
                        **attrs({"aria-expanded": "false", "aria-controls": ids.HEADER_MENU}),
                    ),
                    html.Div(
                        id=ids.HEADER_MENU,
                        className="header-menu",
                        children=[
                            summary.layout(served.explorer, year, t),
                            presentation.button(
                                t,
                                extra=[
                                    table_view.button(t),
                                    story_panel.button(t),
                                    *([import_panel.button(t)] if with_import else []),
                                ],
                            ),
                            language.layout(t),
                        ],
                    ),
                ],
            ),
            presentation.title(data, year, t),
            html.Main(
                className="main",
                children=[
                    # The control column; on a phone a bottom sheet that shows the year and
                    # opens to every filter and download (assets/scripts/layout.js).
                    html.Section(
                        id=ids.CONTROL_SHEET,
                        className="control-sheet",
                        **attrs({"aria-label": t("controls.sheet_label"), "data-sheet": "closed"}),
                        children=[
                            html.Button(
                                t("controls.sheet_open"),
                                id=ids.SHEET_BUTTON,
                                className="sheet-button",
                                **attrs(
                                    {
                                        "aria-expanded": "false",
                                        "aria-controls": ids.CONTROL_SHEET,
                                        "data-open": t("controls.sheet_open"),
                                        "data-close": t("controls.sheet_close"),
                                    }
                                ),
                            ),
                            controls.layout(
                                data,
                                year,
                                t,
                                extra=[
                                    downloads.layout(
                                        data, topojson_url, t, prefix + routes.SNAPSHOT_PATH
                                    )
                                ],
                            ),
                        ],
                    ),
                    html.Div(
                        className="centre",
                        children=[
                            share.layout(prefix + routes.STATE_PATH, t),
                            map_view.layout(
                                served.figures[t.lang],
                                year,
                                topojson_url,
                                view_url,
                            ),
                            table_view.layout(served.figures, t, prefix + routes.TABLE_PATH),
                            summary.timeline_layout(data, t),
                        ],
                    ),
                    details.layout(t),
                    *(
                        [
                            import_panel.layout(
                                t, "/" + routes.UPLOAD_PATH, _home_text(served, editing)
                            )
                        ]
                        if with_import
                        else []
                    ),
                    *([saved_maps.edit_layout(served, t)] if editing else []),
                    *story_panel.layout(served, t, shown),
                    *story_player.layout(served, t, shown),
                ],
            ),
            # {} for "no city": a memory Store that starts at None sets itself on mount,
            # which would run every callback on the selected city at each page load.
            dcc.Store(id=ids.SELECTED, data={}),
        ],
    )


def _imported_note(t: Texts, served: ServedMap) -> list:
    """On a saved map or an import: what it is, and the way back to the main map."""
    if served.key.kind == "main":
        return []
    note = "saved.note" if served.key.kind == "saved" else "imported.note"
    return [
        html.Span(
            [
                t(note, name=served.name or ""),
                " ",
                html.A(t("imported.back"), href="/", className="imported-back"),
            ],
            className="imported-note",
        )
    ]


app = create_app()
server = app.server
gc.set_threshold(*COLLECTOR_AFTER)
gc.freeze()

if __name__ == "__main__":
    settings = Settings.from_environment()
    host, port, debug = settings.host, settings.port, settings.debug
    print(f"CityLinks: serving {app.title} on http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=debug, dev_tools_disable_version_check=True)
