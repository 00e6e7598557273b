"""The input of every scenario: maisoku uploads of realistic size, keyed by article,
each carrying its sequence number within its article, produced with the project's
codec and remembered by where the broker stored them."""

import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any

from confluent_kafka import KafkaError, Message, Producer

from benchmarks.exceptions import BenchmarkError
from processors.contract import headers
from processors.contract.codec import Codec
from processors.contract.events import DocumentRef, MaisokuUploaded
from processors.contract.schemas import SchemaRepository
from processors.messaging.producer import PRODUCER_DEFAULTS
from processors.settings import PACKAGE_ROOT

CODEC = Codec(SchemaRepository(PACKAGE_ROOT / "schemas"))
SEQUENCE_PREFIX = "mk-"
DELIVERY_TIMEOUT_S = 60.0
READY_TIMEOUT_S = 60.0
READY_POLL_S = 0.05
SEED = 20240531


@dataclass(frozen=True)
class Workload:
    """How much input, over how many keys."""

    records: int
    keys: int = 1000


@dataclass(frozen=True)
class InputRecord:
    """A produced message: where it landed, whose it is, when it was produced."""

    partition: int
    offset: int
    key: str
    sequence: int
    timestamp_ms: int


@dataclass
class InputIndex:
    """Every message of an input topic, filled in by the delivery reports."""

    records: list[InputRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def delivered(
        self, key: str, sequence: int, error: KafkaError | None, message: Message
    ) -> None:
        if error is not None:
            self.errors.append(f"{key}#{sequence}: {error.str()}")
            return
        _, timestamp_ms = message.timestamp()
        self.records.append(
            InputRecord(
                int(message.partition() or 0),
                int(message.offset() or 0),
                key,
                sequence,
                timestamp_ms,
            )
        )


def sequence_number(maisoku_id: str) -> int:
    """The per-article sequence number a benchmark event carries in its maisoku id."""
    if not maisoku_id.startswith(SEQUENCE_PREFIX):
        raise BenchmarkError(
            f"maisoku id {maisoku_id!r} carries no sequence number; benchmark events "
            f"have ids like {SEQUENCE_PREFIX}000042"
        )
    return int(maisoku_id[len(SEQUENCE_PREFIX) :])


def article_ids(count: int, rng: random.Random) -> list[str]:
    return [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(count)]


def upload(article_id: str, sequence: int, rng: random.Random) -> MaisokuUploaded:
    """An upload the size of a real one: ids, a storage URI, a digest, a user."""
    return MaisokuUploaded(
        article_id=article_id,
        maisoku_id=f"{SEQUENCE_PREFIX}{sequence:06d}",
        document=DocumentRef(
            uri=f"s3://supplier-documents/articles/{article_id}/maisoku/{sequence}.pdf",
            sha256=rng.randbytes(32).hex(),
            size_bytes=rng.randint(150_000, 2_500_000),
        ),
        uploaded_by=f"users/{rng.randint(1000, 99_999)}",
    )


def uploads(workload: Workload) -> Iterator[MaisokuUploaded]:
    """The workload's events in production order; the same for the same workload."""
    rng = random.Random(SEED)
    keys = article_ids(workload.keys, rng)
    sequences = dict.fromkeys(keys, 0)
    for _ in range(workload.records):
        key = rng.choice(keys)
        yield upload(key, sequences[key], rng)
        sequences[key] += 1


def producer(bootstrap_servers: str, **overrides: Any) -> Producer:
    return Producer(
        {"bootstrap.servers": bootstrap_servers, **PRODUCER_DEFAULTS, **overrides}
    )


def produce(
    kafka: Producer, topic: str, event: MaisokuUploaded, index: InputIndex
) -> None:
    sequence = sequence_number(event.maisoku_id)
    record_headers: list[tuple[str, str | bytes | None]] = [
        *headers.encode(
            {headers.EVENT_TYPE: event.avro_name(), headers.EVENT_ID: event.event_id}
        )
    ]
    while True:
        try:
            kafka.produce(
                topic,
                value=CODEC.encode(event, topic=topic),
                key=event.article_id.encode(),
                headers=record_headers,
                on_delivery=partial(index.delivered, event.article_id, sequence),
            )
            return
        except BufferError:
            kafka.poll(0.1)


def produce_all(bootstrap_servers: str, topic: str, workload: Workload) -> InputIndex:
    """Produce the whole workload as fast as the broker takes it."""
    kafka = producer(bootstrap_servers)
    index = InputIndex()
    for event in uploads(workload):
        produce(kafka, topic, event, index)
        kafka.poll(0)
    return _settled(kafka, index, workload.records)


@dataclass(frozen=True)
class Paced:
    """A paced production: every message, and when the paced part began."""

    index: InputIndex
    paced_from_ms: int


def produce_paced(
    bootstrap_servers: str,
    topic: str,
    workload: Workload,
    rate_per_s: float,
    warm_up: tuple[int, Callable[[], bool]],
) -> Paced:
    """Produce the first messages at once and wait until `ready()` says they were
    handled (the consumer is fetching), then the rest at a steady rate."""
    warm_up_count, ready = warm_up
    kafka = producer(bootstrap_servers, **{"linger.ms": 0})
    index = InputIndex()
    events = uploads(workload)
    for event in islice(events, warm_up_count):
        produce(kafka, topic, event, index)
    kafka.flush(DELIVERY_TIMEOUT_S)
    _wait_until(ready, f"the {warm_up_count} warm-up messages of {topic} handled")
    paced_from_ms = time.time_ns() // 1_000_000
    started = time.monotonic()
    for number, event in enumerate(events):
        wait_s = started + number / rate_per_s - time.monotonic()
        if wait_s > 0:
            time.sleep(wait_s)
        produce(kafka, topic, event, index)
        kafka.poll(0)
    return Paced(_settled(kafka, index, workload.records), paced_from_ms)


def _wait_until(ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not ready():
        if time.monotonic() > deadline:
            raise BenchmarkError(f"waited {READY_TIMEOUT_S:.0f}s for {what}")
        time.sleep(READY_POLL_S)


def _settled(kafka: Producer, index: InputIndex, expected: int) -> InputIndex:
    kafka.flush(DELIVERY_TIMEOUT_S)
    if index.errors or len(index.records) != expected:
        raise BenchmarkError(
            f"input not produced: {len(index.records)} of {expected} acknowledged; "
            f"errors: {index.errors[:3]}"
        )
    return index
