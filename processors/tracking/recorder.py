"""Writing status events into the job store: idempotent and order-safe.

A batch is written in one transaction. An event whose id is already stored changes
nothing; an event older than what the store knows of its job fills in what its
attempt lacks but never moves the job backwards (see `ordering`).
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from processors.contract.events import JobStatusChanged
from processors.tracking import ordering
from processors.tracking.exceptions import StoreUnavailable
from processors.tracking.ordering import JobStand, Position
from processors.tracking.schema import Attempt, Job, StatusEventRow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Received:
    """A status event and where it was read from `jobs.status`."""

    event: JobStatusChanged
    partition: int | None = None
    offset: int | None = None


@dataclass(frozen=True)
class Written:
    """What one batch did."""

    applied: int
    duplicates: int


class Recorder:
    """Writes batches of status events into the job store."""

    def __init__(self, make_session: sessionmaker[Session]) -> None:
        self.make_session = make_session

    def write(self, batch: Sequence[Received]) -> Written:
        """Write the batch in one transaction; raises StoreUnavailable if the
        database refused it, in which case nothing of it was written."""
        try:
            with self.make_session.begin() as session:
                return _write(session, batch)
        except DBAPIError as exc:
            raise StoreUnavailable(
                f"the job store refused a batch of {len(batch)} status events: "
                f"{exc.orig}"
            ) from exc


def _write(session: Session, batch: Sequence[Received]) -> Written:
    fresh = _unseen(session, batch)
    jobs = _jobs(session, {r.event.job_id for r in fresh})
    attempts = _attempts(session, list(jobs))
    now = datetime.now(UTC)
    for received in fresh:
        _apply(session, received, jobs, attempts, now)
    return Written(applied=len(fresh), duplicates=len(batch) - len(fresh))


def _unseen(session: Session, batch: Sequence[Received]) -> list[Received]:
    ids = {r.event.event_id for r in batch}
    stored = set(
        session.scalars(
            select(StatusEventRow.event_id).where(StatusEventRow.event_id.in_(ids))
        )
    )
    fresh: list[Received] = []
    for received in batch:
        if received.event.event_id not in stored:
            stored.add(received.event.event_id)
            fresh.append(received)
    return fresh


def _jobs(session: Session, job_ids: set[str]) -> dict[str, Job]:
    if not job_ids:
        return {}
    query = select(Job).where(Job.job_id.in_(job_ids)).with_for_update()
    return {job.job_id: job for job in session.scalars(query)}


AttemptKey = tuple[str, int, int]


def _attempts(session: Session, job_ids: list[str]) -> dict[AttemptKey, Attempt]:
    if not job_ids:
        return {}
    query = select(Attempt).where(Attempt.job_id.in_(job_ids))
    return {(a.job_id, a.run, a.attempt): a for a in session.scalars(query)}


def _apply(
    session: Session,
    received: Received,
    jobs: dict[str, Job],
    attempts: dict[AttemptKey, Attempt],
    now: datetime,
) -> None:
    event = received.event
    job = jobs.get(event.job_id)
    if job is None:
        job = jobs[event.job_id] = _new_job(event, now)
        run, moved = 1, True
        _move(job, event, run, now)
        session.add(job)
        # No ORM relationship orders the inserts: the job's row goes first, so
        # its attempts and events can refer to it.
        session.flush()
    else:
        run, moved = _place(job, event, now)
    _fill_run(job, event, run)
    attempt = _attempt(session, attempts, event, run)
    _fill_attempt(attempt, event)
    session.add(_event_row(received, run, moved, now))
    logger.debug(
        "job %s %s: %s attempt %d (run %d)%s",
        event.job_name,
        event.job_id,
        event.state.value,
        event.attempt,
        run,
        "" if moved else ", older than what is stored",
    )


def _place(job: Job, event: JobStatusChanged, now: datetime) -> tuple[int, bool]:
    """The event's run, and whether it moved the stored job forward."""
    stand = _stand(job)
    run = ordering.run_of(stand, event.state.value, event.occurred_at)
    moved = ordering.moves_job(stand, run, _position(event))
    _widen(job, event)
    if moved:
        _move(job, event, run, now)
    return run, moved


def _stand(job: Job) -> JobStand:
    return JobStand(
        run=job.run,
        run_started_at=job.run_started_at,
        state=job.state,
        position=Position(job.attempt, job.state_rank, job.state_changed_at),
    )


def _position(event: JobStatusChanged) -> Position:
    return Position(event.attempt, ordering.rank(event.state.value), event.occurred_at)


def _new_job(event: JobStatusChanged, now: datetime) -> Job:
    return Job(
        job_id=event.job_id,
        job_name=event.job_name,
        trigger_event_id=event.trigger_event_id,
        trigger_event_type=event.trigger_event_type,
        key=event.key,
        run=1,
        created_at=event.occurred_at,
        run_started_at=event.occurred_at,
        updated_at=now,
    )


def _widen(job: Job, event: JobStatusChanged) -> None:
    """An event from before what is stored moves the job's first moments back."""
    job.created_at = min(job.created_at, event.occurred_at)
    # A later run starts where the run before it ended: an earlier event belongs
    # to that run, not to this one.
    if job.run == 1:
        job.run_started_at = min(job.run_started_at, event.occurred_at)


def _move(job: Job, event: JobStatusChanged, run: int, now: datetime) -> None:
    state = event.state.value
    new_run = run != job.run
    if new_run:
        job.run, job.run_started_at = run, event.occurred_at
        job.started_at = job.finished_at = None
        job.outcome_topic = job.outcome_partition = job.outcome_offset = None
    job.state, job.state_rank = state, ordering.rank(state)
    job.attempt, job.max_attempts = event.attempt, event.max_attempts
    job.state_changed_at, job.updated_at = event.occurred_at, now
    job.trace_id = event.trace_id or job.trace_id
    job.next_attempt_at = event.next_attempt_at
    if new_run:
        job.trigger_topic = job.trigger_partition = job.trigger_offset = None
    _move_times(job, event)
    _move_outcome(job, event)


def _fill_run(job: Job, event: JobStatusChanged, run: int) -> None:
    """What any event of the job's current run tells, whatever its order: where
    the trigger was read, and when the first attempt started."""
    if run != job.run:
        return
    if event.attempt == 1 and job.trigger_topic is None:
        job.trigger_topic, job.trigger_partition = event.topic, event.partition
        job.trigger_offset = event.offset
    if event.started_at is not None:
        job.started_at = _earliest(job.started_at, event.started_at)


def _move_times(job: Job, event: JobStatusChanged) -> None:
    state = event.state.value
    job.finished_at = (
        (event.finished_at or event.occurred_at)
        if state in ordering.FINAL_STATES
        else None
    )


def _move_outcome(job: Job, event: JobStatusChanged) -> None:
    if event.error_type is not None:
        job.error_type, job.error_message = event.error_type, event.error_message
    if event.result_summary is not None:
        job.result_summary = event.result_summary
    if event.outcome_topic is not None:
        job.outcome_topic = event.outcome_topic
        job.outcome_partition = event.outcome_partition
        job.outcome_offset = event.outcome_offset


def _attempt(
    session: Session,
    attempts: dict[AttemptKey, Attempt],
    event: JobStatusChanged,
    run: int,
) -> Attempt:
    key = (event.job_id, run, event.attempt)
    attempt = attempts.get(key)
    if attempt is None:
        attempt = attempts[key] = Attempt(
            job_id=event.job_id,
            run=run,
            attempt=event.attempt,
            state=event.state.value,
            state_rank=-1,
        )
        session.add(attempt)
    return attempt


def _fill_attempt(attempt: Attempt, event: JobStatusChanged) -> None:
    """Each event adds what it knows; the attempt's state is its furthest one."""
    state = event.state.value
    if ordering.rank(state) > attempt.state_rank:
        attempt.state, attempt.state_rank = state, ordering.rank(state)
    if attempt.topic is None:
        attempt.topic, attempt.partition = event.topic, event.partition
        attempt.offset = event.offset
    if state == "queued":
        attempt.queued_at = _earliest(attempt.queued_at, event.occurred_at)
    attempt.started_at = attempt.started_at or event.started_at
    if state == "running" and attempt.started_at is None:
        attempt.started_at = event.occurred_at
    attempt.trace_id = attempt.trace_id or event.trace_id
    if state in ordering.OUTCOME_STATES:
        _fill_outcome(attempt, event)


def _fill_outcome(attempt: Attempt, event: JobStatusChanged) -> None:
    attempt.finished_at = event.finished_at or event.occurred_at
    if attempt.started_at is not None:
        elapsed = attempt.finished_at - attempt.started_at
        attempt.duration_ms = max(0, round(elapsed.total_seconds() * 1000))
    attempt.error_type, attempt.error_message = event.error_type, event.error_message
    attempt.next_attempt_at = event.next_attempt_at
    if event.outcome_topic is not None:
        attempt.outcome_topic = event.outcome_topic
        attempt.outcome_partition = event.outcome_partition
        attempt.outcome_offset = event.outcome_offset


def _earliest(current: datetime | None, candidate: datetime) -> datetime:
    return candidate if current is None else min(current, candidate)


def _event_row(
    received: Received, run: int, applied: bool, now: datetime
) -> StatusEventRow:
    event = received.event
    return StatusEventRow(
        event_id=event.event_id,
        job_id=event.job_id,
        run=run,
        attempt=event.attempt,
        state=event.state.value,
        occurred_at=event.occurred_at,
        applied=applied,
        status_partition=received.partition,
        status_offset=received.offset,
        recorded_at=now,
    )
