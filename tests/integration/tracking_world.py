"""Real job histories for the API and dashboard tests: a worker runs jobs from fresh
topics, a tracker records their status events in a SQLite store, and the dashboard
app is built on both, with a token per role."""

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from pydantic import SecretStr
from sqlalchemy import select

from processors.contract.events import CertifiedCopyUploaded
from processors.runtime.job import job_id
from processors.settings import KafkaSettings
from processors.tracking.app import build_dashboard, create_app
from processors.tracking.schema import Job
from processors.tracking.settings import DashboardSettings, TrackingSettings
from processors.tracking.store import JobStore, open_store
from processors.tracking.tracker import Tracker
from tests.integration.harness import CODEC, JOB, Scenario, scenario, upload

TOKENS = {
    "admin": "admin-token",
    "operator": "operator-token",
    "viewer": "viewer-token",
}
USERS = {"admin": "alice", "operator": "olga", "viewer": "victor"}
WAIT_S = 60.0

# What the worker is asked to do, per key (see tests/jobs.py), and the document's
# URI, which a refused job quotes in its error message.
HISTORY = [
    ("copy-ok-1", "ok", None),
    ("copy-ok-2", "ok", None),
    ("copy-slow", "sleep:0.3", None),
    ("copy-flaky", "fail-until:2", None),
    ("copy-refused-1", "refuse", None),
    ("copy-refused-2", "refuse", None),
    ("copy-exhausted", "always-fail", None),
    ("copy-personal", "refuse", "file:///inbox/yamada.taro@example.com/copy.pdf"),
]
KEYS = [key for key, _, _ in HISTORY]


@dataclass
class World:
    """Topics, a running worker and tracker, the store, and the dashboard app."""

    scenario: Scenario
    store: JobStore
    tracker: Tracker
    events: dict[str, CertifiedCopyUploaded] = field(default_factory=dict)
    app: Any = None

    def job_id(self, key: str) -> str:
        return job_id(JOB, self.events[key].event_id)

    def states(self) -> dict[str, tuple[str, int, int]]:
        """(state, run, attempt) of every recorded job by its key."""
        with self.store.make_session() as session:
            rows = session.scalars(select(Job)).all()
            return {str(j.key): (j.state, j.run, j.attempt) for j in rows}

    def wait_for(
        self, done: Callable[[dict[str, tuple[str, int, int]]], bool]
    ) -> dict[str, tuple[str, int, int]]:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            states = self.states()
            if done(states):
                return states
            time.sleep(0.2)
        raise AssertionError(f"the store never got there; it holds {self.states()}")


def all_final(keys: list[str]) -> Callable[[dict[str, tuple[str, int, int]]], bool]:
    final = {"succeeded", "failed"}
    return lambda states: all(states.get(k, ("",))[0] in final for k in keys)


def dashboard_settings(**overrides: Any) -> DashboardSettings:
    tokens = ",".join(f"{TOKENS[r]}:{r}:{USERS[r]}" for r in TOKENS)
    values: dict[str, Any] = {
        "tokens": SecretStr(tokens),
        "session_secret": SecretStr("test-secret"),
        "timezone": "Asia/Tokyo",
        **overrides,
    }
    return DashboardSettings(**values)


@contextmanager
def recorded_world(
    bootstrap_servers: str, tmp_path: Path, **dashboard: Any
) -> Iterator[World]:
    """Publish HISTORY, wait until every job is recorded final, keep both running."""
    with (
        scenario(
            bootstrap_servers, tmp_path, retry_delays_s=[0.5], max_attempts=2
        ) as s,
        s.worker_thread(),
    ):
        store = open_store(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
        with tracker_thread(s, store) as tracker:
            world = World(s, store, tracker)
            published = [upload(key, verb, uri) for key, verb, uri in HISTORY]
            s.publisher().publish_all(published, topic=s.trigger)
            world.events = {e.certified_copy_id: e for e in published}
            world.wait_for(all_final(KEYS))
            world.app = create_app(
                build_dashboard(
                    store,
                    s.catalog,
                    CODEC,
                    KafkaSettings(bootstrap_servers=bootstrap_servers),
                    dashboard_settings(lag_group_prefix=f"{s.prefix}.", **dashboard),
                    TrackingSettings(),
                )
            )
            yield world
        store.close()


@contextmanager
def tracker_thread(s: Scenario, store: JobStore) -> Iterator[Tracker]:
    settings = TrackingSettings(
        group_id=f"{s.prefix}.tracker-{uuid.uuid4().hex[:6]}", poll_timeout_s=0.1
    )
    tracker = Tracker(
        s.catalog,
        CODEC,
        store,
        {"bootstrap.servers": s.bootstrap_servers},
        settings,
    )
    thread = threading.Thread(target=tracker.run, daemon=True)
    thread.start()
    try:
        yield tracker
    finally:
        tracker.stop()
        thread.join(30)


@contextmanager
def served(app: Any) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, in a thread; yields its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError("the dashboard did not start within 20 s")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
