"""Dead-letter records: reading them, filtering them, re-publishing the originals.

A replay re-publishes the original message (key, value, its own headers) to the
topic it first came from, with attempts reset and a replay id. Each re-published
record is written to the replay ledger (a compacted topic keyed by the record's
coordinates) once the broker has acknowledged it, so running the same replay again
publishes nothing new.
"""

import fnmatch
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from confluent_kafka import KafkaError, Producer

from processors.contract import headers
from processors.contract.codec import Codec
from processors.contract.events import DeadLetterReplayed
from processors.contract.topics import Catalog
from processors.messaging.exceptions import DeliveryFailed
from processors.messaging.reader import ReadMessage, read_topic
from processors.operations.exceptions import OperationError
from processors.runtime.outcomes import DELIVERY_HEADERS
from processors.settings import KafkaSettings

logger = logging.getLogger(__name__)

READ_IDLE_S = 3.0
FLUSH_TIMEOUT_S = 30.0
FAILURE_HEADERS = (
    *DELIVERY_HEADERS,
    headers.ORIGINAL_TOPIC,
    headers.ORIGINAL_PARTITION,
    headers.ORIGINAL_OFFSET,
    headers.ORIGINAL_KEY,
    headers.FIRST_FAILED_AT,
    headers.JOB_NAME,
)


@dataclass(frozen=True)
class DeadLetter:
    """One dead-letter record, as an operator sees it."""

    topic: str
    partition: int
    offset: int
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
    message: ReadMessage

    @property
    def record_id(self) -> str:
        return f"{self.topic}:{self.partition}:{self.offset}"

    def as_json(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "dead_lettered_at": headers.format_time(self.dead_lettered_at)
            if self.dead_lettered_at
            else None,
            "key": self.key,
            "job_id": self.job_id,
            "job_name": self.job_name,
            "attempt": self.attempt,
            "error_type": self.error_type,
            "error_kind": self.error_kind,
            "error_message": self.error_message,
            "original_topic": self.original_topic,
            "event_type": self.event_type,
        }


@dataclass(frozen=True)
class Filters:
    """Which dead letters an operator means. Empty fields match everything.

    `job` matches the job name or the job id; `error_type` and `key` accept shell
    wildcards (`Scanner*`); times bound the moment of dead-lettering.
    """

    job: str | None = None
    error_type: str | None = None
    key: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def match(self, record: DeadLetter) -> bool:
        checks = (
            self.job is None or self.job in (record.job_name, record.job_id),
            _wildcard(self.error_type, record.error_type),
            _wildcard(self.key, record.key),
            self.since is None or _at_or_after(record.dead_lettered_at, self.since),
            self.until is None or not _at_or_after(record.dead_lettered_at, self.until),
        )
        return all(checks)


def _wildcard(pattern: str | None, value: str | None) -> bool:
    return pattern is None or (
        value is not None and fnmatch.fnmatchcase(value, pattern)
    )


def _at_or_after(moment: datetime | None, bound: datetime) -> bool:
    return moment is not None and moment >= bound


def to_dead_letter(message: ReadMessage) -> DeadLetter:
    found = message.headers
    at = found.get(headers.DEAD_LETTERED_AT)
    attempt = found.get(headers.ATTEMPT)
    return DeadLetter(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        dead_lettered_at=headers.parse_time(at) if at else message.timestamp,
        key=message.key,
        job_id=found.get(headers.JOB_ID),
        job_name=found.get(headers.JOB_NAME),
        attempt=int(attempt) if attempt and attempt.isdigit() else None,
        error_type=found.get(headers.ERROR_TYPE),
        error_kind=found.get(headers.ERROR_KIND),
        error_message=found.get(headers.ERROR_MESSAGE),
        original_topic=found.get(headers.ORIGINAL_TOPIC),
        event_type=found.get(headers.EVENT_TYPE),
        message=message,
    )


class DeadLetters:
    """Reads, filters and replays the dead letters of one dead-letter topic."""

    def __init__(
        self, catalog: Catalog, codec: Codec, kafka: KafkaSettings, topic: str
    ) -> None:
        derived = catalog.derived_topics.get(topic)
        if derived is None or derived.kind != "dead_letter":
            known = sorted(
                name
                for name, t in catalog.derived_topics.items()
                if t.kind == "dead_letter"
            )
            raise OperationError(
                f"{topic!r} is not a dead-letter topic of topics.yaml; known: {known}"
            )
        self.catalog = catalog
        self.codec = codec
        self.kafka = kafka
        self.topic = topic
        self.ledger_topic = catalog.topic_for(DeadLetterReplayed)

    def records(self, filters: Filters, limit: int | None = None) -> list[DeadLetter]:
        """Matching records, oldest first within each partition."""
        matching: list[DeadLetter] = []
        for message in self._read(self.topic):
            record = to_dead_letter(message)
            if filters.match(record):
                matching.append(record)
                if limit is not None and len(matching) >= limit:
                    break
        return matching

    def replayed(self) -> set[str]:
        """Record ids already re-published, from the replay ledger."""
        return {
            message.event.record_id
            for message in self._read(self.ledger_topic)
            if isinstance(message.event, DeadLetterReplayed)
            and message.event.dead_letter_topic == self.topic
        }

    def plan(self, filters: Filters, limit: int | None = None) -> "ReplayPlan":
        done = self.replayed()
        matching = self.records(filters)
        fresh = [r for r in matching if r.record_id not in done]
        already = len(matching) - len(fresh)
        return ReplayPlan(fresh[:limit] if limit else fresh, already_replayed=already)

    def replay(
        self,
        plan: "ReplayPlan",
        *,
        rate_per_s: float | None = None,
        replayed_by: str | None = None,
        progress: Callable[[int], None] = lambda n: None,
    ) -> "ReplayResult":
        """Re-publish the plan's originals, then record each in the ledger."""
        replay_id = str(uuid.uuid4())
        producer = Producer(
            {**self.kafka.librdkafka(), "enable.idempotence": True, "acks": "all"}
        )
        published = 0
        for batch in _paced(plan.records, rate_per_s):
            deliveries = self._republish(producer, batch, replay_id)
            self._record(producer, deliveries, replay_id, replayed_by)
            published += len(batch)
            progress(len(batch))
        logger.info(
            "replay %s re-published %d records from %s",
            replay_id,
            published,
            self.topic,
        )
        return ReplayResult(replay_id, published, plan.already_replayed)

    def _republish(
        self, producer: Producer, batch: list[DeadLetter], replay_id: str
    ) -> list[tuple[DeadLetter, Any]]:
        acks: dict[str, Any] = {}
        for record in batch:
            target = (
                record.original_topic
                or self.catalog.jobs[record.job_name or ""].consumes
            )
            kept = headers.without(record.message.raw_headers, FAILURE_HEADERS)
            replay_headers = headers.encode(
                {headers.REPLAY_ID: replay_id, headers.REPLAYED_FROM: record.record_id}
            )
            producer.produce(
                target,
                value=record.message.value,
                key=record.message.key,
                headers=cast(list[Any], kept + replay_headers),
                on_delivery=_collect(acks, record.record_id),
            )
        _flush(producer, len(batch))
        return [(record, _delivered(acks, record.record_id)) for record in batch]

    def _record(
        self,
        producer: Producer,
        deliveries: list[tuple[DeadLetter, Any]],
        replay_id: str,
        replayed_by: str | None,
    ) -> None:
        acks: dict[str, Any] = {}
        for record, message in deliveries:
            entry = DeadLetterReplayed(
                replay_id=replay_id,
                dead_letter_topic=record.topic,
                dead_letter_partition=record.partition,
                dead_letter_offset=record.offset,
                record_id=record.record_id,
                job_id=record.job_id,
                target_topic=message.topic(),
                target_partition=message.partition(),
                target_offset=message.offset(),
                replayed_by=replayed_by,
            )
            producer.produce(
                self.ledger_topic,
                value=self.codec.encode(entry, topic=self.ledger_topic),
                key=entry.message_key,
                on_delivery=_collect(acks, record.record_id),
            )
        _flush(producer, len(deliveries))
        for record, _ in deliveries:
            _delivered(acks, record.record_id)

    def _read(self, topic: str) -> Iterator[ReadMessage]:
        return read_topic(
            topic, self.codec, idle_timeout_s=READ_IDLE_S, kafka=self.kafka, to_end=True
        )


@dataclass(frozen=True)
class ReplayPlan:
    records: list[DeadLetter]
    already_replayed: int


@dataclass(frozen=True)
class ReplayResult:
    replay_id: str
    published: int
    already_replayed: int


def _paced(
    records: list[DeadLetter], rate_per_s: float | None
) -> Iterable[list[DeadLetter]]:
    if not rate_per_s:
        for start in range(0, len(records), 500):
            yield records[start : start + 500]
        return
    interval_s = 1.0 / rate_per_s
    for record in records:
        started = time.monotonic()
        yield [record]
        time.sleep(max(0.0, interval_s - (time.monotonic() - started)))


def _collect(acks: dict[str, Any], record_id: str) -> Callable[[Any, Any], None]:
    def on_delivery(error: Any, message: Any) -> None:
        acks[record_id] = error if error is not None else message

    return on_delivery


def _flush(producer: Producer, count: int) -> None:
    if producer.flush(FLUSH_TIMEOUT_S) > 0:
        raise DeliveryFailed(
            f"the broker did not acknowledge all of {count} replayed records within "
            f"{FLUSH_TIMEOUT_S:g}s; run the same replay again to finish it"
        )


def _delivered(acks: dict[str, Any], record_id: str) -> Any:
    outcome = acks.get(record_id)
    if outcome is None or isinstance(outcome, KafkaError):
        reason = outcome.str() if outcome is not None else "no acknowledgement"
        raise DeliveryFailed(
            f"replay of {record_id} was not acknowledged ({reason}); run the same "
            f"replay again to finish it"
        )
    return outcome
