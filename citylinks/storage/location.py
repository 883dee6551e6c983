"""Which database the settings name, and whether CityLinks can use its kind: said without
SQLAlchemy, so that a server checks its settings at start and opens the store itself only when
first used (citylinks/storage/lazy.py)."""

from __future__ import annotations

from citylinks.settings import Settings

DATABASE_FILE = "citylinks.sqlite3"
PRIVATE_DIR = 0o700
# A URL's scheme: SQLite, or PostgreSQL through psycopg 3 (`postgresql+DRIVER` or `postgres`
# alone), as engine.py makes an engine for them.
BACKENDS = ("sqlite", "postgresql")


def settings_url(settings: Settings) -> str:
    """The database the settings name: CITYLINKS_DATABASE_URL, else SQLite in the state
    directory, which is then made (0700) if it does not exist."""
    if settings.database_url:
        return settings.database_url
    folder = settings.state_dir.expanduser()
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    return f"sqlite:///{folder.resolve() / DATABASE_FILE}"


def check_scheme(url: str) -> None:
    """ValueError for a database CityLinks does not use (`url`, or its scheme alone)."""
    scheme = url.partition(":")[0]
    if scheme.partition("+")[0] not in BACKENDS and scheme != "postgres":
        raise ValueError(f"unsupported database {scheme!r}: use sqlite or postgresql")
