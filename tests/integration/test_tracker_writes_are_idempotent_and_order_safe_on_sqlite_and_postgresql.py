"""The job store keeps the same history whatever the database: a status event
written twice changes nothing, events in any order give the same job, an older
event never moves a job backwards, and a replay starts a new run."""

import random
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from processors.contract.events import JobState
from processors.tracking import queries
from processors.tracking.recorder import Received, Recorder
from processors.tracking.schema import Attempt, Job, StatusEventRow
from processors.tracking.store import JobStore
from tests.factories.job_status import trail
from tests.integration import job_stores

KINDS = ["sqlite", "postgresql"]

# The stores' fixtures, taken into this module.
postgres_server = job_stores.postgres_server
new_store = job_stores.new_store


def write(store: JobStore, events: list) -> tuple[int, int]:
    written = Recorder(store.make_session).write([Received(e) for e in events])
    return written.applied, written.duplicates


def snapshot(store: JobStore, job_id: str) -> tuple:
    """Everything the store holds about a job, except when it was written."""
    with store.make_session() as session:
        detail = queries.job_detail(session, job_id)
        assert detail is not None
        job = {
            c.key: getattr(detail.job, c.key)
            for c in Job.__table__.columns
            if c.key != "updated_at"
        }
        attempts = [
            {c.key: getattr(a, c.key) for c in Attempt.__table__.columns}
            for a in detail.attempts
        ]
        return job, attempts, sorted(e.event_id for e in detail.events)


def row_counts(store: JobStore) -> tuple[int, int, int]:
    with store.make_session() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(table))
            for table in (Job, Attempt, StatusEventRow)
        )


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_status_event_twice_changes_nothing(
    kind: str, new_store: Callable[[str], JobStore]
) -> None:
    """The second write of a batch is counted as duplicates and alters no row."""
    store = new_store(kind)
    job = trail(key="copy-dup").retry(1).succeed(2)

    first = write(store, job.events)
    before, counts = snapshot(store, job.job_id), row_counts(store)
    again = write(store, [*job.events, job.events[2]])

    assert first == (6, 0)
    assert again == (0, 7)
    assert snapshot(store, job.job_id) == before
    assert row_counts(store) == counts == (1, 2, 6)


@pytest.mark.parametrize("kind", KINDS)
def test_events_in_any_order_give_the_same_job(
    kind: str, new_store: Callable[[str], JobStore]
) -> None:
    """Shuffled, reversed, or one event per batch: the same job and attempts."""
    in_order, shuffled, reversed_one_by_one = (new_store(kind) for _ in range(3))
    job = trail(key="copy-order").retry(1).retry(2).fail(3)
    mixed = job.events[:]
    random.Random(7).shuffle(mixed)

    write(in_order, job.events)
    write(shuffled, mixed)
    for event in reversed(job.events):
        write(reversed_one_by_one, [event])

    expected = snapshot(in_order, job.job_id)
    assert snapshot(shuffled, job.job_id) == expected
    assert snapshot(reversed_one_by_one, job.job_id) == expected
    stored, attempts, _ = expected
    assert (stored["state"], stored["attempt"], stored["run"]) == ("failed", 3, 1)
    assert [a["state"] for a in attempts] == ["retrying", "retrying", "failed"]
    assert stored["trigger_topic"] == "documents.certified_copy.uploaded"
    assert stored["created_at"] == job.events[0].occurred_at


@pytest.mark.parametrize("kind", KINDS)
def test_an_older_event_never_moves_a_job_backwards(
    kind: str, new_store: Callable[[str], JobStore]
) -> None:
    """A late `running` of attempt 1 after success leaves the job succeeded, and
    is kept in the timeline marked as not applied."""
    store = new_store(kind)
    job = trail(key="copy-late").retry(1).succeed(2)
    late_running = job.events[1]

    write(store, [e for e in job.events if e is not late_running])
    write(store, [late_running])

    stored, attempts, _ = snapshot(store, job.job_id)
    assert (stored["state"], stored["attempt"]) == ("succeeded", 2)
    assert attempts[0]["started_at"] == late_running.started_at
    assert attempts[0]["duration_ms"] == 2000
    with store.make_session() as session:
        row = session.get(StatusEventRow, late_running.event_id)
        assert row is not None and row.applied is False


@pytest.mark.parametrize("kind", KINDS)
def test_a_replayed_job_starts_a_new_run_at_attempt_one(
    kind: str, new_store: Callable[[str], JobStore]
) -> None:
    """Dead-lettered at attempt 2, replayed, succeeds: run 2 attempt 1 succeeded,
    and run 1's attempts stay as they were."""
    store = new_store(kind)
    job = trail(key="copy-replay", max_attempts=2).retry(1).fail(2)
    write(store, job.events)
    job.clock_s += 600
    job.succeed(1)
    replay = job.events[6:]

    write(store, replay)

    stored, attempts, _ = snapshot(store, job.job_id)
    assert (stored["state"], stored["run"], stored["attempt"]) == ("succeeded", 2, 1)
    assert [(a["run"], a["attempt"], a["state"]) for a in attempts] == [
        (1, 1, "retrying"),
        (1, 2, "failed"),
        (2, 1, "succeeded"),
    ]
    assert stored["error_type"] == "NotACertifiedCopy"
    assert stored["started_at"] == replay[1].started_at


@pytest.mark.parametrize("kind", KINDS)
def test_job_list_filters_match_on_both_databases(
    kind: str, new_store: Callable[[str], JobStore]
) -> None:
    """Wildcards, text in any attempt's error and states select the same jobs."""
    store = new_store(kind)
    ok = trail(key="copy-a").succeed()
    flaky = trail(key="copy-b").retry(1, error="Scanner 50% BUSY").succeed(2)
    dead = trail(key="other-c").fail(1, error="not a certified copy")
    write(store, ok.events + flaky.events + dead.events)

    def ids(**given: object) -> set[str]:
        with store.make_session() as session:
            page = queries.list_jobs(session, queries.JobFilters(**given), 10)  # type: ignore[arg-type]
            return {j.job_id for j in page.jobs}

    assert ids(key="copy-*") == {ok.job_id, flaky.job_id}
    assert ids(error_type="Scanner*") == {flaky.job_id}
    assert ids(text="50% busy") == {flaky.job_id}
    assert ids(text="50_") == set()
    assert ids(states=(JobState.FAILED.value,)) == {dead.job_id}
