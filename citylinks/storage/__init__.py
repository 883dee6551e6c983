"""Where CityLinks keeps what people save: a database (SQLite by default, PostgreSQL for
several instances) behind SQLAlchemy, its tables made by Alembic migrations at start-up.

engine.py       which database, and an engine for it (WAL SQLite, or psycopg PostgreSQL)
migrate.py      migrations applied safely by several processes at once; health for /healthz
schema.py       the tables; migrations/ the scripts that make them
store.py        `Store`: drafts (drafts.py), saved maps (maps.py), admin and backup (backup.py)
ids.py          ids, tokens, edit secrets (kept hashed), file names, names
links.py        a saved map's view and edit links
errors.py       `StorageError`: what the store refuses, as a code with parameters

Nothing here knows the page, the map or the import: the web layer and the command line use it.
"""

from __future__ import annotations

from citylinks.storage.drafts import Draft
from citylinks.storage.engine import make_engine, settings_url
from citylinks.storage.errors import StorageError
from citylinks.storage.ids import is_map_id, is_token
from citylinks.storage.links import edit_path, view_path
from citylinks.storage.maps import MapData, MapInfo, SavedMap
from citylinks.storage.migrate import Health, health, migrate
from citylinks.storage.store import Store, open_store

__all__ = [
    "Draft",
    "Health",
    "MapData",
    "MapInfo",
    "SavedMap",
    "StorageError",
    "Store",
    "edit_path",
    "health",
    "is_map_id",
    "is_token",
    "make_engine",
    "migrate",
    "open_store",
    "settings_url",
    "view_path",
]
