"""A factory of fresh SQLite job stores, and a helper to write status events."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from processors.contract.events import JobStatusChanged
from processors.tracking.recorder import Received, Recorder
from processors.tracking.store import JobStore, open_store


@pytest.fixture
def new_sqlite_store(tmp_path: Path) -> Iterator[Callable[[], JobStore]]:
    opened: list[JobStore] = []

    def create() -> JobStore:
        store = open_store(f"sqlite:///{tmp_path / f'jobs-{len(opened)}.sqlite3'}")
        opened.append(store)
        return store

    yield create
    for store in opened:
        store.close()


def record(store: JobStore, events: list[JobStatusChanged]) -> None:
    Recorder(store.make_session).write([Received(e) for e in events])
