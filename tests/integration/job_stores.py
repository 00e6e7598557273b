"""Job stores for tests: a SQLite file, or a PostgreSQL database.

PostgreSQL is the server named by TRACKING_TEST_POSTGRES_URL (a database the tests
may wipe: its owner's URL, e.g. postgresql+psycopg://me:pw@127.0.0.1:5432/scratch),
or else a throwaway cluster this module starts itself: `initdb` and `pg_ctl` of
Debian's `postgresql` package (found on PATH or under /usr/lib/postgresql), a
temporary directory, a free port on 127.0.0.1, trust authentication, and no fsync.
As root it runs them as the `postgres` user, since PostgreSQL refuses to run as
root. The cluster is stopped and deleted when the session ends.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from processors.tracking.store import JobStore, open_store

POSTGRES_URL_ENV = "TRACKING_TEST_POSTGRES_URL"
SERVER_USER = "postgres"
START_TIMEOUT_S = 60


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _run(command: list[str]) -> None:
    done = subprocess.run(
        _as_server_user(command),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")


class Cluster:
    """A PostgreSQL cluster in a temporary directory, for one test session."""

    def __init__(self, initdb: str, pg_ctl: str) -> None:
        self.pg_ctl = pg_ctl
        self.root = Path(tempfile.mkdtemp(prefix="tracking-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, SERVER_USER)
        _run([initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust"])
        _run([*self._ctl("start"), "-w", "-l", str(self.root / "server.log")])

    def _ctl(self, action: str) -> list[str]:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        return [self.pg_ctl, action, "-D", str(self.data), "-o", options]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        with suppress(RuntimeError, subprocess.TimeoutExpired):
            _run([self.pg_ctl, "stop", "-D", str(self.data), "-m", "immediate"])
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL database whose owner the tests are."""
    configured = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if configured:
        yield configured
        return
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.fail(
            f"PostgreSQL is needed: install Debian's `postgresql` package or set "
            f"{POSTGRES_URL_ENV}"
        )
    cluster = Cluster(initdb, pg_ctl)
    try:
        yield cluster.url
    finally:
        cluster.stop()


def _schema_ddl(server_url: str, statement: str) -> None:
    engine = create_engine(server_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def _in_schema(server_url: str, schema: str) -> str:
    """The URL whose connections find their tables in `schema`."""
    separator = "&" if "?" in server_url else "?"
    return f"{server_url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture
def new_store(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], JobStore]]:
    """A factory of fresh, migrated job stores: `sqlite` or `postgresql`."""
    opened: list[JobStore] = []
    schemas: list[tuple[str, str]] = []

    def create(kind: str) -> JobStore:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'jobs-{len(opened)}.sqlite3'}"
        elif kind == "postgresql":
            server = request.getfixturevalue("postgres_server")
            schema = f"t_{uuid.uuid4().hex[:12]}"
            _schema_ddl(server, f'CREATE SCHEMA "{schema}"')
            schemas.append((server, schema))
            url = _in_schema(server, schema)
        else:
            raise ValueError(f"store kind {kind!r}; allowed: sqlite, postgresql")
        store = open_store(url)
        opened.append(store)
        return store

    yield create
    for store in opened:
        store.close()
    for server, schema in schemas:
        _schema_ddl(server, f'DROP SCHEMA "{schema}" CASCADE')
