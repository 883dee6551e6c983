"""Where CityLinks keeps what people save: a database (SQLite by default, PostgreSQL for
several instances) behind SQLAlchemy, its tables made by Alembic migrations at start-up.

engine.py       which database, and an engine for it (WAL SQLite, or psycopg PostgreSQL)
migrate.py      migrations applied safely by several processes at once; health for /healthz
schema.py       the tables; migrations/ the scripts that make them
store.py        `Store`: drafts (drafts.py), saved maps (maps.py), admin and backup (backup.py)
ids.py          ids, tokens, edit secrets (kept hashed), file names, names
stories.py      saved stories (slides of views with captions), kept as saved maps are
links.py        a saved map's (and a saved story's) view and edit links
errors.py       `StorageError`: what the store refuses, as a code with parameters

Nothing here knows the page, the map or the import: the web layer and the command line use it.
"""

from __future__ import annotations

from citylinks.storage.drafts import Draft
from citylinks.storage.engine import make_engine, settings_url
from citylinks.storage.errors import StorageError
from citylinks.storage.ids import is_map_id, is_token
from citylinks.storage.links import edit_path, story_edit_path, story_view_path, view_path
from citylinks.storage.maps import MapData, MapInfo, SavedMap
from citylinks.storage.migrate import Health, health, migrate
from citylinks.storage.schema import MAIN_MAP
from citylinks.storage.store import Store, open_store
from citylinks.storage.stories import SavedStory, StoryData, StoryInfo, is_story_id

__all__ = [
    "MAIN_MAP",
    "Draft",
    "Health",
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
