"""Pydantic models of every event, mirroring the Avro schemas under `schemas/`.

The Avro files are the source of truth for the wire; these models give the events
types in Python and validate input before it is encoded. A unit test walks both and
proves they agree field by field.
"""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar
from uuid import uuid4

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)

from processors.contract.exceptions import InvalidEvent, UnknownEventType

NAMESPACE = "jp.supplier.events"


def _utc_millis(value: datetime) -> datetime:
    # Avro timestamp-millis keeps milliseconds; truncating here makes an event
    # equal to itself after a round trip through the wire.
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


Timestamp = Annotated[AwareDatetime, AfterValidator(_utc_millis)]
"""A moment in time: timezone required, kept in UTC at millisecond precision."""


def _now() -> datetime:
    return _utc_millis(datetime.now(UTC))


def _new_id() -> str:
    return str(uuid4())


class Record(BaseModel):
    """A value with an Avro record schema of the same name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def avro_name(cls) -> str:
        return f"{NAMESPACE}.{cls.__name__}"


class Event(Record):
    """A domain event: a record that travels alone as a message value."""

    key_field: ClassVar[str]

    event_id: str = Field(default_factory=_new_id)
    occurred_at: Timestamp = Field(default_factory=_now)

    @property
    def message_key(self) -> str:
        """The message key: the id of the aggregate the event is about."""
        return str(getattr(self, self.key_field))


class DocumentRef(Record):
    uri: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    content_type: str = "application/pdf"
    size_bytes: int | None = None


class CertifiedCopyUploaded(Event):
    key_field = "certified_copy_id"
    certified_copy_id: str
    article_id: str | None = None
    document: DocumentRef
    uploaded_by: str | None = None


class MaisokuUploaded(Event):
    key_field = "article_id"
    article_id: str
    maisoku_id: str
    document: DocumentRef
    uploaded_by: str | None = None


class SbjMaisokuRequested(Event):
    key_field = "article_id"
    article_id: str
    document: DocumentRef
    requested_by: str | None = None


class DocusignEnvelopeCompleted(Event):
    key_field = "envelope_id"
    envelope_id: str
    account_id: str
    contract_id: str | None = None
    completed_at: Timestamp


class Mortgage(Record):
    amount_yen: int | None = None
    mortgagee: str | None = None


class CertifiedCopyFields(Record):
    location: str | None = None
    building_name: str | None = None
    house_number: str | None = None
    kind: str | None = None
    structure: str | None = None
    floor_area_sqm: float | None = None
    built_on: date | None = None
    land_right_ratio: str | None = None
    owner_name: str | None = None
    owner_address: str | None = None
    ownership_acquired_on: date | None = None
    mortgages: list[Mortgage] | None = None


class MaisokuFields(Record):
    property_name: str | None = None
    address: str | None = None
    station_line: str | None = None
    station_name: str | None = None
    walk_minutes: int | None = None
    price_yen: int | None = None
    floor_area_sqm: float | None = None
    layout: str | None = None
    built_year_month: str | None = None
    structure: str | None = None
    floor: int | None = None
    total_floors: int | None = None
    total_units: int | None = None
    management_fee_yen: int | None = None
    repair_reserve_yen: int | None = None
    monthly_rent_yen: int | None = None
    gross_yield_pct: float | None = None
    broker_name: str | None = None
    broker_license: str | None = None


class CertifiedCopyRead(Event):
    key_field = "certified_copy_id"
    certified_copy_id: str
    trigger_event_id: str
    document: DocumentRef
    fields: CertifiedCopyFields
    confidence: dict[str, float] = {}
    reasons: dict[str, str] = {}


class MaisokuRead(Event):
    key_field = "article_id"
    article_id: str
    maisoku_id: str
    trigger_event_id: str
    document: DocumentRef
    fields: MaisokuFields
    confidence: dict[str, float] = {}
    reasons: dict[str, str] = {}


class SbjMaisokuGenerated(Event):
    key_field = "article_id"
    article_id: str
    trigger_event_id: str
    source: DocumentRef
    generated: DocumentRef


class DocusignFile(Record):
    document_id: str
    name: str
    document: DocumentRef


class DocusignFilesReuploaded(Event):
    key_field = "envelope_id"
    envelope_id: str
    trigger_event_id: str
    files: list[DocusignFile] = []


class JobState(StrEnum):
    QUEUED = "queued"
    WAITING = "waiting"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    RETRYING = "retrying"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class JobFailed(Event):
    key_field = "job_id"
    job_id: str
    job_name: str
    trigger_event_id: str
    trigger_event_type: str
    key: str | None = None
    topic: str
    partition: int
    offset: int
    attempt: int
    max_attempts: int
    error_type: str
    error_message: str
    first_failed_at: Timestamp
    dead_letter_topic: str


class JobStatusChanged(Event):
    key_field = "job_id"
    job_id: str
    job_name: str
    state: JobState
    attempt: int
    max_attempts: int
    trigger_event_id: str
    trigger_event_type: str
    key: str | None = None
    topic: str
    partition: int
    offset: int
    started_at: Timestamp | None = None
    finished_at: Timestamp | None = None
    next_attempt_at: Timestamp | None = None
    error_type: str | None = None
    error_message: str | None = None
    trace_id: str | None = None
    outcome_topic: str | None = None
    outcome_partition: int | None = None
    outcome_offset: int | None = None
    result_summary: str | None = None


class JobControlCommand(StrEnum):
    CANCEL = "cancel"
    PAUSE = "pause"
    RESUME = "resume"
    PRIORITY = "priority"
    UNKNOWN = "unknown"


class JobControl(Event):
    key_field = "event_id"
    command: JobControlCommand
    job_name: str | None = None
    job_id: str | None = None
    key: str | None = None
    priority: int | None = None
    issued_by: str | None = None


class DeadLetterReplayed(Event):
    key_field = "record_id"
    replay_id: str
    dead_letter_topic: str
    dead_letter_partition: int
    dead_letter_offset: int
    record_id: str
    job_id: str | None = None
    target_topic: str
    target_partition: int
    target_offset: int
    replayed_by: str | None = None


EVENT_MODELS: dict[str, type[Event]] = {
    model.__name__: model
    for model in (
        CertifiedCopyUploaded,
        MaisokuUploaded,
        SbjMaisokuRequested,
        DocusignEnvelopeCompleted,
        CertifiedCopyRead,
        MaisokuRead,
        SbjMaisokuGenerated,
        DocusignFilesReuploaded,
        JobFailed,
        JobStatusChanged,
        JobControl,
        DeadLetterReplayed,
    )
}
"""Every event of the system by its type name (the Avro record's short name)."""


def event_model(event_type: str) -> type[Event]:
    """The model of an event type, given as `CertifiedCopyUploaded`,
    `certified-copy-uploaded` or the Avro full name."""
    wanted = event_type.rsplit(".", 1)[-1].replace("-", "").replace("_", "").lower()
    for name, model in EVENT_MODELS.items():
        if name.lower() == wanted:
            return model
    known = ", ".join(sorted(EVENT_MODELS))
    raise UnknownEventType(f"unknown event type {event_type!r}; known: {known}")


def validate_event(model: type[Event], data: Any) -> Event:
    """Validate raw data (e.g. parsed JSON) into an event, naming each bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(event)'}: "
            f"{error['msg']} (got {error.get('input')!r})"
            for error in exc.errors()
        )
        raise InvalidEvent(f"invalid {model.__name__}: {problems}") from exc
