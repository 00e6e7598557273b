"""The records a job's outcome is made of: headers of retry and dead-letter
messages, job status and job failed events."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from processors.contract import headers
from processors.contract.events import Event, JobFailed, JobState, JobStatusChanged
from processors.exceptions import NonRetryableJobError
from processors.runtime.exceptions import WrongResultType

ERROR_KIND_RETRYABLE = "retryable"
ERROR_KIND_NON_RETRYABLE = "non-retryable"
ERROR_KIND_EXHAUSTED = "attempts-exhausted"
ERROR_KIND_UNDECODABLE = "undecodable"

DELIVERY_HEADERS = (
    headers.ATTEMPT,
    headers.NOT_BEFORE,
    headers.ERROR_TYPE,
    headers.ERROR_MESSAGE,
    headers.ERROR_KIND,
    headers.TRACEPARENT,
    headers.TRACESTATE,
    headers.JOB_ID,
    headers.DEAD_LETTERED_AT,
    headers.REPLAY_ID,
    headers.REPLAYED_FROM,
)


@dataclass
class Taken:
    """A message taken by a processor, with what the runtime knows about it."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    raw_headers: list[tuple[str, bytes]]
    job_name: str
    job_id: str
    attempt: int
    max_attempts: int
    event: Event | None
    event_type: str
    trigger_event_id: str
    first_failed_at: datetime | None
    original: tuple[str, int, int]
    token: int = 0
    started_at: datetime | None = None
    deadline: float = 0.0
    spans: dict[str, Any] = field(default_factory=dict)

    @property
    def key_text(self) -> str | None:
        return (
            self.key.decode("utf-8", errors="replace") if self.key is not None else None
        )

    @property
    def topic_partition(self) -> tuple[str, int]:
        return (self.topic, self.partition)


@dataclass(frozen=True)
class Failure:
    error_type: str
    message: str
    kind: str
    retry_after_s: float | None = None


def classify(error: BaseException, attempt: int, max_attempts: int) -> Failure:
    """What to do with a failed attempt: retry it or dead-letter it, and why."""
    error_type = type(error).__name__
    message = headers.truncate_error(str(error) or repr(error))
    if isinstance(error, NonRetryableJobError | WrongResultType):
        return Failure(error_type, message, ERROR_KIND_NON_RETRYABLE)
    if attempt >= max_attempts:
        return Failure(error_type, message, ERROR_KIND_EXHAUSTED)
    retry_after = getattr(error, "retry_after_s", None)
    return Failure(error_type, message, ERROR_KIND_RETRYABLE, retry_after)


def delivery_headers(taken: Taken, values: dict[str, Any]) -> headers.HeaderList:
    """The original message's headers, its delivery headers replaced by `values`
    and by where it came from."""
    topic, partition, offset = taken.original
    values = {
        headers.JOB_ID: taken.job_id,
        headers.JOB_NAME: taken.job_name,
        headers.ORIGINAL_TOPIC: topic,
        headers.ORIGINAL_PARTITION: partition,
        headers.ORIGINAL_OFFSET: offset,
        **values,
    }
    replaced = set(values) | set(DELIVERY_HEADERS)
    return headers.without(taken.raw_headers, replaced) + headers.encode(values)


def failure_headers(
    taken: Taken, failure: Failure, now: datetime, extra: dict[str, Any]
) -> headers.HeaderList:
    """The original message's headers plus where it came from and why it failed."""
    return delivery_headers(
        taken,
        {
            headers.ERROR_TYPE: failure.error_type,
            headers.ERROR_MESSAGE: failure.message,
            headers.ERROR_KIND: failure.kind,
            headers.FIRST_FAILED_AT: taken.first_failed_at or now,
            **extra,
        },
    )


def retry_headers(
    taken: Taken, failure: Failure, not_before: datetime
) -> headers.HeaderList:
    now = datetime.now(UTC)
    extra = {headers.ATTEMPT: taken.attempt + 1, headers.NOT_BEFORE: not_before}
    return failure_headers(taken, failure, now, extra)


def waiting_headers(taken: Taken) -> headers.HeaderList:
    """Headers of a message moved behind its key's newest retry: due at once, its
    attempt and origin unchanged."""
    return delivery_headers(
        taken, {headers.ATTEMPT: taken.attempt, headers.NOT_BEFORE: datetime.now(UTC)}
    )


def dead_letter_headers(taken: Taken, failure: Failure) -> headers.HeaderList:
    now = datetime.now(UTC)
    extra = {headers.ATTEMPT: taken.attempt, headers.DEAD_LETTERED_AT: now}
    return failure_headers(taken, failure, now, extra)


def not_before(delay_s: float, failure: Failure) -> datetime:
    wait_s = max(delay_s, failure.retry_after_s or 0.0)
    return datetime.now(UTC) + timedelta(seconds=wait_s)


def status_event(taken: Taken, state: JobState, **details: Any) -> JobStatusChanged:
    topic, partition, offset = taken.topic, taken.partition, taken.offset
    return JobStatusChanged(
        job_id=taken.job_id,
        job_name=taken.job_name,
        state=state,
        attempt=taken.attempt,
        max_attempts=taken.max_attempts,
        trigger_event_id=taken.trigger_event_id,
        trigger_event_type=taken.event_type,
        key=taken.key_text,
        topic=topic,
        partition=partition,
        offset=offset,
        started_at=taken.started_at,
        **details,
    )


def job_failed_event(
    taken: Taken, failure: Failure, dead_letter_topic: str
) -> JobFailed:
    topic, partition, offset = taken.original
    return JobFailed(
        job_id=taken.job_id,
        job_name=taken.job_name,
        trigger_event_id=taken.trigger_event_id,
        trigger_event_type=taken.event_type,
        key=taken.key_text,
        topic=topic,
        partition=partition,
        offset=offset,
        attempt=taken.attempt,
        max_attempts=taken.max_attempts,
        error_type=failure.error_type,
        error_message=failure.message,
        first_failed_at=taken.first_failed_at or datetime.now(UTC),
        dead_letter_topic=dead_letter_topic,
    )
