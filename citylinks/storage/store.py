"""The store of saved maps and drafts, in one class: `Store(engine, limits)`.

Its parts: drafts.py (imports being worked on: expire, evicted oldest first), maps.py (saved
maps: view by id, edit with a secret), stories.py (saved stories, the same way), backup.py
(admin: list, delete, export, backup and restore). Every method is one transaction; none holds
more than one map's files in memory.
The tables must be current (`migrate(engine)`, citylinks/storage/revisions.py) before use.
"""

from __future__ import annotations

from citylinks.storage.backup import AdminStore
from citylinks.storage.drafts import DraftStore
from citylinks.storage.engine import make_engine
from citylinks.storage.maps import MapStore
from citylinks.storage.revisions import migrate
from citylinks.storage.stories import StoryStore


class Store(DraftStore, MapStore, AdminStore, StoryStore):
    """Saved maps, drafts and stories in the database behind `engine`, kept within `limits`."""


def open_store(url: str) -> Store:
    """The store in the database at `url`, its tables made current first (several processes
    starting at once migrate safely: citylinks/storage/revisions.py)."""
    engine = make_engine(url)
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()  # no pool kept for a database that did not answer
        raise
    return Store(engine)
