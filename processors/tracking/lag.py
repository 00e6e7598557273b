"""Consumer lag per group, from the broker: committed offsets against the ends of
the partitions they were committed for."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import ConsumerGroupTopicPartitions, KafkaException
from confluent_kafka import TopicPartition as KafkaTopicPartition
from confluent_kafka.admin import AdminClient, OffsetSpec

from processors.tracking.exceptions import TrackingError

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class PartitionLag:
    topic: str
    partition: int
    committed: int | None
    end: int

    @property
    def lag(self) -> int:
        return max(0, self.end - (self.committed or 0))


@dataclass
class GroupLag:
    """How far one consumer group is behind, in messages."""

    group_id: str
    partitions: list[PartitionLag] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(p.lag for p in self.partitions)

    def per_topic(self) -> dict[str, int]:
        topics: dict[str, int] = defaultdict(int)
        for partition in self.partitions:
            topics[partition.topic] += partition.lag
        return dict(sorted(topics.items()))


class LagReader:
    """Reads the lag of the consumer groups whose id starts with a prefix."""

    def __init__(self, kafka_config: dict[str, Any], group_prefix: str) -> None:
        self.admin = AdminClient(kafka_config)
        self.group_prefix = group_prefix

    def groups(self) -> list[GroupLag]:
        try:
            committed = {g: self._committed(g) for g in self._group_ids()}
            ends = self._ends([tp for tps in committed.values() for tp in tps])
        except KafkaException as exc:
            raise TrackingError(
                f"cannot read consumer lag from the broker: {exc}"
            ) from exc
        return [_group_lag(g, tps, ends) for g, tps in sorted(committed.items())]

    def _group_ids(self) -> list[str]:
        listed = self.admin.list_consumer_groups(
            request_timeout=REQUEST_TIMEOUT_S
        ).result()
        return [
            g.group_id for g in listed.valid if g.group_id.startswith(self.group_prefix)
        ]

    def _committed(self, group_id: str) -> list[KafkaTopicPartition]:
        request = [ConsumerGroupTopicPartitions(group_id)]
        futures = self.admin.list_consumer_group_offsets(
            request, request_timeout=REQUEST_TIMEOUT_S
        )
        result = futures[group_id].result()
        return [tp for tp in result.topic_partitions or [] if tp.error is None]

    def _ends(
        self, partitions: list[KafkaTopicPartition]
    ) -> dict[tuple[str, int], int]:
        if not partitions:
            return {}
        wanted = {
            KafkaTopicPartition(tp.topic, tp.partition): OffsetSpec.latest()
            for tp in partitions
        }
        futures = self.admin.list_offsets(wanted, request_timeout=REQUEST_TIMEOUT_S)
        ends: dict[tuple[str, int], int] = {}
        for tp, future in futures.items():
            try:
                ends[(tp.topic, tp.partition)] = future.result().offset
            except KafkaException as exc:
                # A group keeps its offsets of a topic deleted since: no lag there.
                logger.debug(
                    "no end offset for %s[%d]: %s", tp.topic, tp.partition, exc
                )
        return ends


def _group_lag(
    group_id: str,
    committed: list[KafkaTopicPartition],
    ends: dict[tuple[str, int], int],
) -> GroupLag:
    partitions = [
        PartitionLag(
            tp.topic,
            tp.partition,
            tp.offset if tp.offset >= 0 else None,
            ends[(tp.topic, tp.partition)],
        )
        for tp in committed
        if (tp.topic, tp.partition) in ends
    ]
    return GroupLag(group_id, sorted(partitions, key=lambda p: (p.topic, p.partition)))
