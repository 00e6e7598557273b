"""Partition watermarks, asked again while a new topic's leader is being elected."""

import time

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

RETRY_S = 0.2
LEADERSHIP_ERRORS = frozenset(
    {
        KafkaError.NOT_LEADER_FOR_PARTITION,
        KafkaError.LEADER_NOT_AVAILABLE,
        KafkaError.UNKNOWN_TOPIC_OR_PART,
        KafkaError._UNKNOWN_PARTITION,
    }
)


def watermarks(
    consumer: Consumer, partition: TopicPartition, timeout_s: float
) -> tuple[int, int]:
    """The partition's low and high watermarks; retriable errors (a topic created
    a moment ago has no leader yet) are retried until `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            low, high = consumer.get_watermark_offsets(partition, timeout=timeout_s)
            return int(low), int(high)
        except KafkaException as exc:
            if not _transient(exc.args[0]) or time.monotonic() > deadline:
                raise
            time.sleep(RETRY_S)


def _transient(error: KafkaError) -> bool:
    return bool(error.retriable()) or error.code() in LEADERSHIP_ERRORS
