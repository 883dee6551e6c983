"""A throwaway PostgreSQL server for the tests, never a mock: a cluster made once per test
session (initdb on a temporary folder, then pg_ctl start listening only on a Unix socket in
that folder); `postgres_url` gives each test a new database in it, dropped after the test; the
cluster is stopped and deleted at the end. The programs are found on PATH or in
/usr/lib/postgresql/*/bin (Debian's `postgresql` package: `make postgres` installs it).
initdb refuses to run as root, so as root (CI) the cluster is made and run by the `postgres`
account (`runuser -u postgres --`). When PostgreSQL cannot be found the tests that need it
fail, saying how to install it: they are never skipped.

The fixtures are made available to every test by tests/conftest.py.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

PG_USER = "citylinks"
PORT = 5432  # the socket is in the cluster's own folder: no other server can clash
INSTALL = (
    "PostgreSQL (initdb, pg_ctl) is needed for the store's tests and was found neither on "
    "PATH nor in /usr/lib/postgresql/*/bin: `make postgres` installs it (as root, Debian), or "
    "`sudo apt-get install postgresql`."
)
ROOT_WITHOUT_ACCOUNT = (
    "The store's tests run as root, and initdb refuses root: they run PostgreSQL as the "
    "`postgres` account, which does not exist here (Debian's `postgresql` package makes it)."
)


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's newest version."""
    found = shutil.which("initdb"), shutil.which("pg_ctl")
    if found[0] and found[1]:
        return Path(found[0]).parent
    folders = glob.glob("/usr/lib/postgresql/*/bin")
    for folder in sorted(folders, key=lambda f: _version(Path(f).parent.name), reverse=True):
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


class Cluster:
    """A PostgreSQL cluster of its own, in a temporary folder, reached by a Unix socket."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="citylinks-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.socket.mkdir()
        if self.as_root:
            try:
                account = pwd.getpwnam("postgres")  # made by Debian's postgresql package
            except KeyError:
                pytest.fail(ROOT_WITHOUT_ACCOUNT, pytrace=False)
            for path in (self.root, self.socket):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._names = itertools.count(1)
        self._admin: Engine | None = None

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)}: {done.stdout}{done.stderr}{tail}")

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", PG_USER, "-E", "UTF8")
        options = (
            f"-p {PORT} -k {self.socket} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        self._admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")

    def url(self, database: str) -> str:
        return f"postgresql://{PG_USER}@/{database}?host={self.socket}&port={PORT}"

    def new_database(self) -> str:
        name = f"test_{next(self._names)}"
        assert self._admin is not None
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return name

    def drop_database(self, name: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    bindir = postgres_bin()
    if bindir is None:
        pytest.fail(INSTALL, pytrace=False)
    cluster = Cluster(bindir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres: Cluster) -> Iterator[str]:
    """A new, empty PostgreSQL database."""
    name = postgres.new_database()
    yield postgres.url(name)
    postgres.drop_database(name)
