"""citylinks/storage/engine.py and revisions.py: which database, SQLite made for several
processes, migrations applied once however many processes start at once, and /healthz's
answer before and after."""

from __future__ import annotations

import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from citylinks.settings import Settings
from citylinks.storage import LazyStore, health, make_engine, migrate, settings_url
from citylinks.storage.engine import normalise_url
from citylinks.storage.revisions import _current, alembic_config, head
from citylinks.storage.schema import metadata
from tests.unit.fresh_app import run_fresh


def test_sto001_urls_name_their_driver():
    assert normalise_url("postgresql://u:p@db/maps").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://db/maps").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://db/maps").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:////srv/x.sqlite3").drivername == "sqlite"
    with pytest.raises(ValueError, match="unsupported database"):
        make_engine("mysql://db/maps")


def test_sto002_the_default_database_is_sqlite_in_the_state_folder(tmp_path: Path):
    settings = Settings.from_environment({"XDG_STATE_HOME": str(tmp_path / "state")})
    assert settings.state_dir == tmp_path / "state" / "citylinks"
    assert not settings.state_dir.exists()  # named, not made, by reading the settings
    url = settings_url(settings)
    assert url == f"sqlite:///{tmp_path / 'state' / 'citylinks' / 'citylinks.sqlite3'}"
    assert stat.S_IMODE(settings.state_dir.stat().st_mode) == 0o700
    named = Settings.from_environment(
        {"CITYLINKS_STATE_DIR": str(tmp_path / "s"), "CITYLINKS_DATABASE_URL": "postgresql://h/d"}
    )
    assert named.state_dir == tmp_path / "s" and settings_url(named) == "postgresql://h/d"
    assert Settings.from_environment({}).state_dir == Path.home() / ".local/state/citylinks"


def test_sto003_sqlite_is_shared_by_several_processes(sqlite_url: str):
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    engine.dispose()
    assert pragma == {"journal_mode": "wal", "busy_timeout": 5000, "foreign_keys": 1}


def test_sto004_health_before_and_after_migrating(engine):
    before = health(engine)
    assert before.reachable and before.current is None and not before.ok
    assert migrate(engine) == head() == before.head
    after = health(engine)
    assert after.reachable and after.current == head() and after.ok
    assert migrate(engine) == head()  # a second time: nothing to do
    assert set(inspect(engine).get_table_names()) >= {"maps", "map_files", "drafts"}


def test_sto005_an_unreachable_database_is_not_healthy(tmp_path: Path):
    engine = make_engine(f"postgresql://nobody@/none?host={tmp_path}&port=1")
    state = health(engine)
    engine.dispose()
    assert state.reachable is False and state.current is None and state.ok is False
    assert state.head == head()


# One process that migrates when told: once its imports and its first connection are done it
# says "ready" and waits for "go", so that all of them migrate at the same moment.
MIGRATING_PROCESS = """
import sys
from citylinks.storage import make_engine, migrate
engine = make_engine(sys.argv[1])
engine.connect().close()
print("ready", flush=True)
sys.stdin.readline()
print(migrate(engine), flush=True)
"""


def test_sto006_several_processes_migrate_at_once(database_url: str):
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATING_PROCESS, database_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    try:
        for process in processes:
            assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate(timeout=60) for process in processes]
    finally:
        for process in processes:
            process.kill()
    answers = [(p.returncode, out.strip()) for p, (out, _) in zip(processes, outputs, strict=True)]
    assert answers == [(0, head())] * len(processes), [err[-600:] for _, err in outputs]
    engine = make_engine(database_url)
    assert health(engine).ok
    engine.dispose()


def test_sto007_the_migrations_make_the_tables_the_code_uses(engine):
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_sto008_the_current_revision_is_read_without_alembic_as_alembic_reads_it(engine):
    """revisions.py knows the head and a database's revision without importing Alembic (start-up,
    issue 19): both as Alembic itself says them, before and after migrating; a start-up whose
    database is current imports no Alembic."""
    assert head() == ScriptDirectory.from_config(alembic_config()).get_current_head()
    for step in ("before", "after"):
        if step == "after":
            migrate(engine)
        with engine.connect() as connection:
            assert (
                _current(connection)
                == MigrationContext.configure(connection).get_current_revision()
            ), step
    code = (
        "import sys\n"
        "from citylinks.storage import make_engine, migrate\n"
        f"migrate(make_engine({str(engine.url.render_as_string(hide_password=False))!r}))\n"
        "print(any(name.startswith('alembic') for name in sys.modules))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert ran.stdout.strip() == "False", ran.stderr[-600:]


def test_sto009_the_servers_store_opens_on_first_use(database_url: str):
    """A server's store (citylinks/storage/lazy.py) opens when first used, once however many
    threads ask at once, its tables made current; a kind of database CityLinks does not use is
    refused at once, without opening anything."""
    with pytest.raises(ValueError, match="unsupported database 'mysql'"):
        LazyStore("mysql://db/maps")
    lazy = LazyStore(database_url)
    assert not lazy.is_open
    with ThreadPoolExecutor(8) as pool:
        opened = list(pool.map(lambda _: lazy.open(), range(8)))
    assert lazy.is_open and all(store is opened[0] for store in opened)
    assert health(lazy.engine).ok  # its attributes are the store's own
    assert lazy.list_maps() == []
    lazy.engine.dispose()


START_WITHOUT_SQLALCHEMY = """
import sys
import app
assert "sqlalchemy" not in sys.modules, "SQLAlchemy imported at start"
store = app.server.extensions["citylinks.store"]
assert not store.is_open
health = app.server.test_client().get("/healthz")
assert health.status_code == 200 and health.get_json()["ok"], health.get_json()
assert store.is_open and "sqlalchemy" in sys.modules
"""


def test_sto010_a_start_imports_no_sqlalchemy_until_the_store_is_used(tmp_path: Path):
    done = run_fresh(START_WITHOUT_SQLALCHEMY, tmp_path / "state")
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "state" / "citylinks.sqlite3").is_file()


def test_sto011_a_store_that_cannot_be_opened_is_said_and_tried_again_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A server's store whose database does not answer: StorageError "storage.unavailable"
    (the page says it in its language), tried again only after RETRY_SECONDS, so that a
    database that is down does not hold each request for its connection timeout; /healthz
    says unreachable."""
    from app import _health
    from citylinks.i18n.catalogue import texts
    from citylinks.importing.workspace import ImportStore
    from citylinks.storage import StorageError, lazy, store

    now = [100.0]
    tries: list[str] = []
    real_open = store.open_store

    def counted(url: str):
        tries.append(url)
        return real_open(url)

    monkeypatch.setattr(store, "open_store", counted)
    lazy_store = LazyStore(f"postgresql://nobody@/none?host={tmp_path}&port=1", lambda: now[0])
    for _ in range(3):
        with pytest.raises(StorageError) as refused:
            lazy_store.list_maps()
        assert refused.value.code == "storage.unavailable"
    assert len(tries) == 1 and not lazy_store.is_open
    assert "database does not answer" in str(refused.value)
    assert "indisponible" in texts("fr").problem_text(refused.value.code, {})
    health = _health(ImportStore(lazy_store))  # type: ignore[arg-type]
    assert health["ok"] is False and health["database"] == "unreachable"
    now[0] += lazy.RETRY_SECONDS
    with pytest.raises(StorageError):
        lazy_store.open()
    assert len(tries) == 2
