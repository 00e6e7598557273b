"""What the API returns and the pages show, built from the store's rows, with
personal data masked for viewers."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from processors.operations.dead_letters import DeadLetter
from processors.tracking.masking import Masker
from processors.tracking.queries import JobDetail
from processors.tracking.schema import Attempt, Job, StatusEventRow
from processors.tracking.stats import DayReport, Hour


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class Coordinates(View):
    topic: str | None
    partition: int | None
    offset: int | None


class JobOut(View):
    job_id: str
    job_name: str
    state: str
    run: int
    attempt: int
    max_attempts: int
    key: str | None
    trigger_event_id: str
    trigger_event_type: str
    trigger: Coordinates
    outcome: Coordinates
    error_type: str | None
    error_message: str | None
    result_summary: str | None
    trace_id: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    state_changed_at: datetime
    updated_at: datetime
    duration_ms: int | None


class AttemptOut(View):
    run: int
    attempt: int
    state: str
    consumed: Coordinates
    queued_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    duration_ms: int | None
    next_attempt_at: datetime | None
    error_type: str | None
    error_message: str | None
    trace_id: str | None
    outcome: Coordinates


class StatusEventOut(View):
    event_id: str
    run: int
    attempt: int
    state: str
    occurred_at: datetime
    applied: bool
    status_partition: int | None
    status_offset: int | None


class JobDetailOut(View):
    job: JobOut
    attempts: list[AttemptOut]
    events: list[StatusEventOut]
    dead_letter_topic: str | None


class JobPageOut(View):
    jobs: list[JobOut]
    next_cursor: str | None


class HourOut(View):
    start: datetime
    succeeded: int
    retried: int
    dead_lettered: int
    cancelled: int
    finished: int
    error_rate: float | None


class CountsOut(View):
    by_job: dict[str, dict[str, int]]
    by_state: dict[str, int]


class ReportRowOut(View):
    job_name: str
    day: str
    jobs: int
    attempts: int
    p50_duration_ms: int | None
    p95_duration_ms: int | None
    error_rate: float | None
    retry_rate: float | None
    dead_letter_rate: float | None


class DeadLetterOut(View):
    record_id: str
    dead_lettered_at: datetime | None
    key: str | None
    job_id: str | None
    job_name: str | None
    attempt: int | None
    error_type: str | None
    error_kind: str | None
    error_message: str | None
    original_topic: str | None
    event_type: str | None


class Shown:
    """Turns rows into views, masking what the reader may not see."""

    def __init__(self, masker: Masker | None) -> None:
        self.masker = masker

    def text(self, value: str | None) -> str | None:
        return self.masker.text(value) if self.masker else value

    def summary(self, value: str | None) -> str | None:
        return self.masker.summary(value) if self.masker else value

    def job(self, job: Job) -> JobOut:
        return JobOut(
            job_id=job.job_id,
            job_name=job.job_name,
            state=job.state,
            run=job.run,
            attempt=job.attempt,
            max_attempts=job.max_attempts,
            key=job.key,
            trigger_event_id=job.trigger_event_id,
            trigger_event_type=job.trigger_event_type,
            trigger=_at(job.trigger_topic, job.trigger_partition, job.trigger_offset),
            outcome=_at(job.outcome_topic, job.outcome_partition, job.outcome_offset),
            error_type=job.error_type,
            error_message=self.text(job.error_message),
            result_summary=self.summary(job.result_summary),
            trace_id=job.trace_id,
            next_attempt_at=job.next_attempt_at,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            state_changed_at=job.state_changed_at,
            updated_at=job.updated_at,
            duration_ms=_between_ms(job.started_at, job.finished_at),
        )

    def attempt(self, attempt: Attempt) -> AttemptOut:
        return AttemptOut(
            run=attempt.run,
            attempt=attempt.attempt,
            state=attempt.state,
            consumed=_at(attempt.topic, attempt.partition, attempt.offset),
            queued_at=attempt.queued_at,
            started_at=attempt.started_at,
            finished_at=attempt.finished_at,
            duration_ms=attempt.duration_ms,
            next_attempt_at=attempt.next_attempt_at,
            error_type=attempt.error_type,
            error_message=self.text(attempt.error_message),
            trace_id=attempt.trace_id,
            outcome=_at(
                attempt.outcome_topic, attempt.outcome_partition, attempt.outcome_offset
            ),
        )

    def detail(self, detail: JobDetail, dead_letter_topic: str | None) -> JobDetailOut:
        return JobDetailOut(
            job=self.job(detail.job),
            attempts=[self.attempt(a) for a in detail.attempts],
            events=[_event(e) for e in detail.events],
            dead_letter_topic=dead_letter_topic,
        )

    def dead_letter(self, record: DeadLetter) -> DeadLetterOut:
        return DeadLetterOut(
            record_id=record.record_id,
            dead_lettered_at=record.dead_lettered_at,
            key=record.key,
            job_id=record.job_id,
            job_name=record.job_name,
            attempt=record.attempt,
            error_type=record.error_type,
            error_kind=record.error_kind,
            error_message=self.text(record.error_message),
            original_topic=record.original_topic,
            event_type=record.event_type,
        )


def _at(topic: str | None, partition: int | None, offset: int | None) -> Coordinates:
    return Coordinates(topic=topic, partition=partition, offset=offset)


def _between_ms(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds() * 1000))


def _event(row: StatusEventRow) -> StatusEventOut:
    return StatusEventOut(
        event_id=row.event_id,
        run=row.run,
        attempt=row.attempt,
        state=row.state,
        occurred_at=row.occurred_at,
        applied=row.applied,
        status_partition=row.status_partition,
        status_offset=row.status_offset,
    )


def hour_out(hour: Hour) -> HourOut:
    return HourOut(
        start=hour.start,
        succeeded=hour.succeeded,
        retried=hour.retried,
        dead_lettered=hour.dead_lettered,
        cancelled=hour.cancelled,
        finished=hour.finished,
        error_rate=hour.error_rate,
    )


def report_out(report: DayReport) -> ReportRowOut:
    return ReportRowOut(
        job_name=report.job_name,
        day=report.day.isoformat(),
        jobs=report.jobs,
        attempts=report.attempts,
        p50_duration_ms=report.p50_ms,
        p95_duration_ms=report.p95_ms,
        error_rate=report.error_rate,
        retry_rate=report.retry_rate,
        dead_letter_rate=report.dead_letter_rate,
    )


def jsonable(view: BaseModel) -> dict[str, Any]:
    return view.model_dump(mode="json")
