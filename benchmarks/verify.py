"""After a run: read what it wrote and what it committed, and prove nothing was lost,
duplicated or reordered; then measure throughput and latency from the broker's own
timestamps (output topics use LogAppendTime), the same way for every engine."""

import math
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from confluent_kafka import (
    OFFSET_BEGINNING,
    TIMESTAMP_LOG_APPEND_TIME,
    Consumer,
    KafkaError,
    Message,
    TopicPartition,
)

from benchmarks.exceptions import BenchmarkError
from benchmarks.transform import OutputReader
from benchmarks.workload import InputRecord, sequence_number

READ_TIMEOUT_S = 120.0
READ_WAIT_S = 0.2


@dataclass(frozen=True)
class OutputRecord:
    """A result message: where it landed, whose it is, when the broker stored it."""

    partition: int
    offset: int
    key: str
    sequence: int
    timestamp_ms: int


@dataclass(frozen=True)
class Verdict:
    """What a run owed and what it delivered.

    A run owes one output for each input its group committed (`expected` of them
    when it was to handle a given number). Outputs of inputs past the commit are
    work finished when the run stopped and are allowed: at least once, a restart
    does them again.
    """

    expected: int | None
    committed: int
    received: int
    missing: int
    duplicated: int
    beyond_commit: int
    unexpected: int
    reordered_keys: int

    @property
    def ok(self) -> bool:
        return (
            (self.expected is None or self.committed == self.expected)
            and self.committed > 0
            and not (self.missing or self.duplicated or self.unexpected)
            and not self.reordered_keys
        )

    def describe(self) -> str:
        owed = f" of {self.expected}" if self.expected is not None else ""
        return (
            f"committed {self.committed}{owed}, {self.received} outputs "
            f"({self.beyond_commit} past the commit): {self.missing} missing, "
            f"{self.duplicated} duplicated, {self.unexpected} unexpected, "
            f"{self.reordered_keys} keys out of order"
        )


def check(
    inputs: Sequence[InputRecord],
    outputs: Sequence[OutputRecord],
    committed: dict[int, int],
    expected: int | None,
) -> Verdict:
    """Compare the outputs with the inputs behind the committed positions: exactly
    one output each, and per key in the order of the input."""
    produced = {(r.key, r.sequence) for r in inputs}
    wanted = {
        (r.key, r.sequence) for r in inputs if r.offset < committed.get(r.partition, 0)
    }
    seen = Counter((o.key, o.sequence) for o in outputs)
    return Verdict(
        expected=expected,
        committed=len(wanted),
        received=len(outputs),
        missing=len(wanted - seen.keys()),
        duplicated=sum(count - 1 for count in seen.values()),
        beyond_commit=len(seen.keys() & (produced - wanted)),
        unexpected=len(seen.keys() - produced),
        reordered_keys=len(reordered_keys(outputs)),
    )


def reordered_keys(outputs: Iterable[OutputRecord]) -> set[str]:
    """Keys whose sequence numbers do not strictly rise along their partition, or
    whose outputs are spread over partitions (then no order holds between them)."""
    sequences: dict[str, list[int]] = defaultdict(list)
    partitions: dict[str, set[int]] = defaultdict(set)
    for record in sorted(outputs, key=lambda o: (o.partition, o.offset)):
        sequences[record.key].append(record.sequence)
        partitions[record.key].add(record.partition)
    return {
        key
        for key, numbers in sequences.items()
        if len(partitions[key]) > 1
        or any(later <= earlier for earlier, later in pairwise(numbers))
    }


def throughput_per_s(outputs: Sequence[OutputRecord]) -> float:
    """Messages per second between the first and the last output stored."""
    if len(outputs) < 2:
        return 0.0
    times = [o.timestamp_ms for o in outputs]
    span_s = max(max(times) - min(times), 1) / 1000
    return (len(outputs) - 1) / span_s


def latencies_ms(
    inputs: Sequence[InputRecord], outputs: Sequence[OutputRecord], since_ms: int = 0
) -> list[int]:
    """Per output of an input produced from `since_ms` on, from the input's produce
    time to the output's broker append time."""
    produced = {
        (r.key, r.sequence): r.timestamp_ms
        for r in inputs
        if r.timestamp_ms >= since_ms
    }
    return sorted(
        o.timestamp_ms - produced[(o.key, o.sequence)]
        for o in outputs
        if (o.key, o.sequence) in produced
    )


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of values sorted ascending."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return float(sorted_values[min(rank, len(sorted_values)) - 1])


def read_outputs(bootstrap_servers: str, topic: str) -> list[OutputRecord]:
    """Every committed message of the topic, from the start to its end."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap_servers,
            "group.id": f"bench-verifier-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
            "enable.partition.eof": True,
            "isolation.level": "read_committed",
        }
    )
    try:
        return _read_to_end(consumer, topic)
    finally:
        consumer.close()


def _read_to_end(consumer: Consumer, topic: str) -> list[OutputRecord]:
    metadata = consumer.list_topics(topic, timeout=10).topics[topic]
    partitions = list(metadata.partitions)
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
    reader = OutputReader()
    records: list[OutputRecord] = []
    at_end: set[int] = set()
    deadline = time.monotonic() + READ_TIMEOUT_S
    while len(at_end) < len(partitions):
        if time.monotonic() > deadline:
            raise BenchmarkError(
                f"{topic} not read to its end within {READ_TIMEOUT_S:.0f}s"
            )
        for message in consumer.consume(1000, READ_WAIT_S):
            if _is_end(message, topic):
                at_end.add(int(message.partition() or 0))
            else:
                records.append(_output(message, reader))
    return records


def _is_end(message: Message, topic: str) -> bool:
    error = message.error()
    if error is None:
        return False
    if error.code() == KafkaError._PARTITION_EOF:
        return True
    raise BenchmarkError(f"reading {topic}: {error.str()}")


def _output(message: Message, reader: OutputReader) -> OutputRecord:
    kind, timestamp_ms = message.timestamp()
    if kind != TIMESTAMP_LOG_APPEND_TIME:
        raise BenchmarkError(
            f"{message.topic()} stores producer timestamps; output topics must use "
            f"message.timestamp.type=LogAppendTime to be measured"
        )
    key = message.key()
    return OutputRecord(
        partition=int(message.partition() or 0),
        offset=int(message.offset() or 0),
        key=key.decode() if isinstance(key, bytes) else str(key),
        sequence=sequence_number(reader.maisoku_id(message.value())),
        timestamp_ms=timestamp_ms,
    )


def stored_count(bootstrap_servers: str, topic: str) -> int:
    """How many messages the topic holds, by its partitions' offsets."""
    consumer = Consumer(
        {"bootstrap.servers": bootstrap_servers, "group.id": "bench-watermarks"}
    )
    try:
        metadata = consumer.list_topics(topic, timeout=10).topics[topic]
        return sum(
            high - low
            for low, high in (
                consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
                for p in metadata.partitions
            )
        )
    finally:
        consumer.close()


def committed_positions(
    bootstrap_servers: str, group: str, topic: str, partitions: int
) -> dict[int, int]:
    """The group's committed position per partition of the topic (absent: none)."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap_servers,
            "group.id": group,
            "enable.auto.commit": False,
        }
    )
    try:
        wanted = [TopicPartition(topic, p) for p in range(partitions)]
        found = consumer.committed(wanted, timeout=30)
    finally:
        consumer.close()
    return {tp.partition: tp.offset for tp in found if tp.offset >= 0}
