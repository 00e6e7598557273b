"""Message headers: what is about the delivery, not the domain.

Every message carries the event type and id and the W3C trace context; retry and
dead-letter messages also carry where the message came from and why it failed.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

EVENT_TYPE = "event-type"
EVENT_ID = "event-id"
JOB_ID = "job-id"
JOB_NAME = "job-name"
ATTEMPT = "attempt"
TRACEPARENT = "traceparent"
TRACESTATE = "tracestate"
ORIGINAL_TOPIC = "original-topic"
ORIGINAL_PARTITION = "original-partition"
ORIGINAL_OFFSET = "original-offset"
ORIGINAL_KEY = "original-key"
ERROR_TYPE = "error-type"
ERROR_MESSAGE = "error-message"
ERROR_KIND = "error-kind"
FIRST_FAILED_AT = "first-failed-at"
NOT_BEFORE = "not-before"
REPLAY_ID = "replay-id"
REPLAYED_FROM = "replayed-from"
DEAD_LETTERED_AT = "dead-lettered-at"

MAX_ERROR_MESSAGE_CHARS = 2000

HeaderList = list[tuple[str, bytes]]
RawHeaders = Sequence[tuple[str, bytes | None]] | None


def to_dict(headers: RawHeaders) -> dict[str, str]:
    """Headers as text; the last value wins when a name repeats."""
    return {
        name: (value or b"").decode("utf-8", errors="replace")
        for name, value in headers or ()
    }


def encode(values: Mapping[str, object | None]) -> HeaderList:
    """Header tuples for Kafka, skipping absent values."""
    return [
        (name, _text(value).encode("utf-8"))
        for name, value in values.items()
        if value is not None
    ]


def _text(value: object) -> str:
    if isinstance(value, datetime):
        return format_time(value)
    return str(value)


def format_time(value: datetime) -> str:
    """An ISO 8601 UTC timestamp with milliseconds, e.g. 2026-01-01T00:00:00.000Z."""
    return (
        value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def without(headers: RawHeaders, names: Iterable[str]) -> HeaderList:
    """The headers minus the given names (as raw tuples)."""
    dropped = set(names)
    return [
        (name, value or b"") for name, value in headers or () if name not in dropped
    ]


def truncate_error(message: str) -> str:
    if len(message) <= MAX_ERROR_MESSAGE_CHARS:
        return message
    return message[: MAX_ERROR_MESSAGE_CHARS - 1] + "…"
