"""Every setting of CityLinks in one place: what the environment may set (where to serve, which
data, where imports and saved maps are kept, debug, a pinned date) and the limits the code
keeps, each with its value and what it is for. `Settings.from_environment()` reads and checks
the environment once, in the app's factory and the command line; the modules take their limits
from `LIMITS`. The README's *Settings* table lists each one (tests/unit/test_settings.py checks
it).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path


@dataclass(frozen=True)
class Variable:
    """An environment variable: its name, its default (as text) and what it sets."""

    name: str
    default: str
    help: str


VARIABLES = (
    Variable("HOST", "127.0.0.1", "address `python app.py` and `make run` listen on"),
    Variable("PORT", "8050", "port `python app.py` and `make run` listen on"),
    Variable("CITYLINKS_DATA", "", "data folder to serve (default: the bundled data/)"),
    Variable(
        "CITYLINKS_DATABASE_URL",
        "",
        "the database of saved maps and drafts: sqlite:///PATH or "
        "postgresql://USER:PASSWORD@HOST/NAME (default: citylinks.sqlite3 in CITYLINKS_STATE_DIR)",
    ),
    Variable(
        "CITYLINKS_STATE_DIR",
        "",
        "where the server keeps its own files, the default database among them (default: "
        "citylinks in $XDG_STATE_HOME or ~/.local/state, created 0700 when first used)",
    ),
    Variable("CITYLINKS_DEBUG", "", "1: Dash's debug mode, for development only"),
    Variable("CITYLINKS_TODAY", "", "YYYY-MM-DD: pin today's date (tests, demonstrations)"),
)


@dataclass(frozen=True)
class Settings:
    """What the environment set, checked."""

    host: str = "127.0.0.1"
    port: int = 8050
    data_dir: Path | None = None
    database_url: str = ""  # "": SQLite in state_dir (citylinks/storage/engine.py)
    state_dir: Path = field(default_factory=lambda: default_state_dir({}))
    debug: bool = False
    today: dt.date | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives; ValueError names a variable that is wrong."""
        env = os.environ if environ is None else environ

        def text(name: str) -> str:
            return env.get(name, "").strip()

        port = text("PORT") or "8050"
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"PORT must be a port number (1 to 65535), not {port!r}")
        default = cls()
        return cls(
            host=text("HOST") or default.host,
            port=int(port),
            data_dir=Path(text("CITYLINKS_DATA")) if text("CITYLINKS_DATA") else None,
            database_url=text("CITYLINKS_DATABASE_URL"),
            state_dir=Path(text("CITYLINKS_STATE_DIR") or default_state_dir(env)),
            debug=text("CITYLINKS_DEBUG") == "1",
            today=pinned_today(env),
        )


def default_state_dir(environ: Mapping[str, str]) -> Path:
    """`citylinks` in $XDG_STATE_HOME, else in ~/.local/state (only named here, not made)."""
    base = environ.get("XDG_STATE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "state"
    return root / "citylinks"


def pinned_today(environ: Mapping[str, str] | None = None) -> dt.date | None:
    """The date CITYLINKS_TODAY pins, or None; ValueError when it is not a date."""
    env = os.environ if environ is None else environ
    text = env.get("CITYLINKS_TODAY", "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("CITYLINKS_TODAY must be a date written YYYY-MM-DD") from None


@dataclass(frozen=True)
class Limits:
    """The bounds every input from outside is kept within (values fixed in the code)."""

    request_bytes: int = 256 * 1024  # a request body, but the upload's
    import_bytes: int = 5 * 1024 * 1024  # an uploaded spreadsheet
    import_rows: int = 10_000  # rows of a spreadsheet
    import_columns: int = 200  # columns of a spreadsheet
    import_cell_chars: int = 10_000  # characters of one cell
    import_table_chars: int = 20_000_000  # characters of all cells of a workbook together
    sheet_rows: int = 11_000  # rows a sheet may yield, empty ones included
    unzipped_bytes: int = 50 * 1024 * 1024  # an .xlsx's parts, unpacked, together
    zip_members: int = 1_000  # parts of an .xlsx
    compression_ratio: int = 100  # packing ratio of a part over 1 MB before it is a bomb
    close_name_seconds: float = 2.0  # close-name searches for one file, all rows together
    imports_at_once: int = 2  # uploads read at once by one server process
    busy_wait_seconds: float = 10.0  # an upload's wait for its turn before "busy"
    imports_kept: int = 500  # imports kept at once on the server
    import_hours: int = 24  # hours an import is kept
    drafts_bytes: int = 1024 * 1024 * 1024  # drafts' files together (the oldest are evicted)
    map_bytes: int = 20 * 1024 * 1024  # one map's or draft's files together
    map_files: int = 32  # files of one map or draft
    maps_bytes: int = 2 * 1024 * 1024 * 1024  # saved maps' files together (never evicted)
    query_chars: int = 4096  # characters of a page address read
    name_chars: int = 200  # a name sent by the page (city, file)
    list_items: int = 64  # items of a list sent by the page (networks)
    table_rows: int = 5000  # rows of the table view
    map_lines: int = 200  # great-circle lines drawn (the most recent agreements)
    map_markers: int = 2500  # partner markers before they are grouped by place
    story_slides: int = 50  # slides of one story
    story_title_chars: int = 120  # a story's or a slide's title
    story_caption_chars: int = 600  # a slide's caption
    story_caption_lines: int = 8  # lines of a slide's caption
    story_callouts: int = 6  # callouts (a city and a note) of one slide
    story_note_chars: int = 140  # a callout's note
    story_bytes: int = 1024 * 1024  # a story's JSON file (exported, imported, saved)
    story_depth: int = 8  # nesting of a story's JSON file
    stories_bytes: int = 256 * 1024 * 1024  # saved stories together (saving is refused past it)


LIMITS = Limits()


def limit_names() -> list[str]:
    """The limits' names, as the README lists them."""
    return [f.name for f in fields(Limits)]
