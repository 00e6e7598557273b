"""`processors tracker` records what a real worker did, attempt by attempt, commits
its offsets after writing, leaves on SIGTERM with exit code 0, and a second tracker
reading the same status events from the start changes nothing in the store; a
write the database refuses commits no offset and is tried again."""

import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from confluent_kafka import Consumer
from confluent_kafka import TopicPartition as KafkaTopicPartition
from sqlalchemy import func, select, text

from processors.runtime.job import job_id
from processors.settings import PACKAGE_ROOT
from processors.tracking import queries
from processors.tracking.database import migrate
from processors.tracking.schema import Attempt, Base, Job, StatusEventRow
from processors.tracking.settings import TrackingSettings
from processors.tracking.store import JobStore, open_store
from processors.tracking.tracker import Tracker
from tests.factories.job_status import trail
from tests.integration.harness import CODEC, JOB, Scenario, at_least, scenario

pytestmark = pytest.mark.kafka

STOP_TIMEOUT_S = 30


def start_tracker(s: Scenario, database_url: str, group_id: str) -> subprocess.Popen:
    log = open(s.topics_file.parent / f"{group_id}.log", "w")  # noqa: SIM115
    child = subprocess.Popen(
        [sys.executable, "-m", "processors", "tracker"],
        cwd=PACKAGE_ROOT,
        env=s.env(
            TRACKING_DATABASE_URL=database_url,
            TRACKING_GROUP_ID=group_id,
            TRACKING_POLL_TIMEOUT_S="0.1",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    s.children.append(child)
    return child


@contextmanager
def tracker_running(
    s: Scenario, store: JobStore, settings: TrackingSettings
) -> Iterator[Tracker]:
    tracker = Tracker(
        s.catalog, CODEC, store, {"bootstrap.servers": s.bootstrap_servers}, settings
    )
    thread = threading.Thread(target=tracker.run, daemon=True)
    thread.start()
    try:
        yield tracker
    finally:
        tracker.stop()
        thread.join(30)


def committed_everything(s: Scenario, group_id: str) -> bool:
    """Whether the group's committed offsets reach the end of every partition."""
    consumer = Consumer(
        {"bootstrap.servers": s.bootstrap_servers, "group.id": group_id}
    )
    try:
        partitions = consumer.list_topics(s.status, timeout=10).topics[s.status]
        wanted = [KafkaTopicPartition(s.status, p) for p in partitions.partitions]
        committed = consumer.committed(wanted, timeout=10)
        ends = [consumer.get_watermark_offsets(tp, timeout=10)[1] for tp in wanted]
    finally:
        consumer.close()
    return all(
        end == 0 or tp.offset == end for tp, end in zip(committed, ends, strict=True)
    )


def wait_until(condition: Callable[[], bool], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.2)


def stop(child: subprocess.Popen) -> int:
    child.send_signal(signal.SIGTERM)
    return child.wait(STOP_TIMEOUT_S)


def rows(store: JobStore) -> tuple[int, int, int]:
    with store.make_session() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(t))
            for t in (Job, Attempt, StatusEventRow)
        )


def test_tracker_records_a_workers_jobs_and_a_second_reader_changes_nothing(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Success, retry-then-success and a dead letter are recorded with every
    attempt; after SIGTERM (exit 0) a fresh group re-reads all, adding nothing."""
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    store = open_store(url)
    first_group = f"tracker-{uuid.uuid4().hex[:8]}"
    with (
        scenario(bootstrap_servers, tmp_path, retry_delays_s=[0.5]) as s,
        s.worker_thread(),
    ):
        tracker = start_tracker(s, url, first_group)
        ok, flaky, refused = s.publish_copies(
            [("copy-ok", "ok"), ("copy-flaky", "fail-until:2"), ("copy-no", "refuse")]
        )
        statuses = s.collect(s.status, at_least(3 + 6 + 3))
        wait_until(lambda: rows(store)[2] == len(statuses))
        wait_until(lambda: committed_everything(s, first_group))
        first_exit = stop(tracker)
        recorded = rows(store)

        second_group = f"tracker-{uuid.uuid4().hex[:8]}"
        again = start_tracker(s, url, second_group)
        wait_until(lambda: committed_everything(s, second_group))
        second_exit = stop(again)

    with store.make_session() as session:
        flaky_job = queries.job_detail(session, job_id(JOB, flaky.event_id))
        refused_job = session.get(Job, job_id(JOB, refused.event_id))
        ok_job = session.get(Job, job_id(JOB, ok.event_id))
    assert (first_exit, second_exit) == (0, 0)
    assert rows(store) == recorded == (3, 4, 12)
    assert ok_job is not None and ok_job.state == "succeeded"
    assert ok_job.result_summary is not None and "copy-ok" in ok_job.result_summary
    assert refused_job is not None and refused_job.state == "failed"
    assert refused_job.error_type == "NotACertifiedCopy"
    assert flaky_job is not None and flaky_job.job.state == "succeeded"
    first, second = flaky_job.attempts
    assert (first.state, first.error_type) == ("retrying", "ScannerOffline")
    assert first.topic == s.trigger and first.next_attempt_at is not None
    assert second.state == "succeeded" and second.topic != s.trigger
    assert first.duration_ms is not None
    assert first.finished_at is not None and second.started_at is not None
    assert second.started_at >= first.finished_at
    assert flaky_job.job.trigger_topic == s.trigger
    trail = [(e.state, e.attempt) for e in flaky_job.events]
    assert trail == [
        ("queued", 1),
        ("running", 1),
        ("retrying", 1),
        ("queued", 2),
        ("running", 2),
        ("succeeded", 2),
    ]


def test_a_refused_write_commits_no_offset_and_is_tried_again(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """With its tables gone the tracker commits nothing; once they are back it
    writes every status event and then commits."""
    store = open_store(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
    with store.engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE alembic_version"))
    events = trail(key="copy-later").retry(1).succeed(2).events
    with scenario(bootstrap_servers, tmp_path) as s:
        s.publisher().publish_all(events, topic=s.status)
        settings = TrackingSettings(
            group_id=f"{s.prefix}.tracker", poll_timeout_s=0.1, max_backoff_s=0.5
        )
        with tracker_running(s, store, settings) as tracker:
            time.sleep(3)
            committed_while_broken = committed_everything(s, settings.group_id)
            failed_batches = tracker.counters.batches
            migrate(store.engine)
            wait_until(lambda: committed_everything(s, settings.group_id))

    assert committed_while_broken is False and failed_batches == 0
    assert rows(store) == (1, 2, 6)
    assert tracker.counters.applied == 6
