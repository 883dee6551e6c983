"""Where CityLinks keeps what people save: a database (SQLite by default, PostgreSQL for
several instances) behind SQLAlchemy, its tables made current by Alembic's migrations when
the store is opened (by a server, on first use: lazy.py).

engine.py       which database, and an engine for it (WAL SQLite, or psycopg PostgreSQL)
revisions.py    migrations applied safely by several processes at once; health for /healthz
schema.py       the tables; migrations/ the scripts that make them
store.py        `Store`: drafts (drafts.py), saved maps (maps.py), admin and backup (backup.py)
ids.py          ids, tokens, edit secrets (kept hashed), file names, names
location.py     which database the settings name (no SQLAlchemy); lazy.py: opened on first use
stories.py      saved stories (slides of views with captions), kept as saved maps are
links.py        a saved map's (and a saved story's) view and edit links
errors.py       `StorageError`: what the store refuses, as a code with parameters

Nothing here knows the page, the map or the import: the web layer and the command line use it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from citylinks.storage.errors import StorageError
from citylinks.storage.ids import MAIN_MAP, is_map_id, is_story_id, is_token
from citylinks.storage.lazy import LazyStore
from citylinks.storage.links import edit_path, story_edit_path, story_view_path, view_path
from citylinks.storage.location import settings_url

if TYPE_CHECKING:
    from citylinks.storage.drafts import Draft
    from citylinks.storage.engine import make_engine
    from citylinks.storage.maps import MapData, MapInfo, SavedMap
    from citylinks.storage.revisions import Health, health, migrate
    from citylinks.storage.store import Store, open_store
    from citylinks.storage.stories import SavedStory, StoryData, StoryInfo

# What needs SQLAlchemy is imported when first asked for (PEP 562): the page's modules import
# this package for its ids and links, and a start need not pay 0.3 s for SQLAlchemy.
_WITH_SQLALCHEMY = {
    "Draft": "drafts",
    "make_engine": "engine",
    "MapData": "maps",
    "MapInfo": "maps",
    "SavedMap": "maps",
    "Health": "revisions",
    "health": "revisions",
    "migrate": "revisions",
    "Store": "store",
    "open_store": "store",
    "SavedStory": "stories",
    "StoryData": "stories",
    "StoryInfo": "stories",
}


def __getattr__(name: str) -> Any:
    module = _WITH_SQLALCHEMY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "MAIN_MAP",
    "Draft",
    "Health",
    "LazyStore",
    "MapData",
    "MapInfo",
    "SavedMap",
    "SavedStory",
    "StorageError",
    "Store",
    "StoryData",
    "StoryInfo",
    "edit_path",
    "health",
    "is_map_id",
    "is_story_id",
    "is_token",
    "make_engine",
    "migrate",
    "open_store",
    "settings_url",
    "story_edit_path",
    "story_view_path",
    "view_path",
]
