"""The shared fixtures give each test its own topics and consumer groups."""

from collections.abc import Callable

import pytest
from confluent_kafka.admin import AdminClient


@pytest.mark.kafka
def test_new_topic_creates_distinct_topics_with_their_partition_counts(
    new_topic: Callable[..., str], admin_client: AdminClient
) -> None:
    """Two calls give two new topics, each with every partition led."""
    single = new_topic()
    triple = new_topic(partitions=3, config={"retention.ms": "60000"})

    metadata = admin_client.list_topics(timeout=30)
    assert single != triple
    assert len(metadata.topics[single].partitions) == 1
    assert len(metadata.topics[triple].partitions) == 3
    assert all(p.leader >= 0 for p in metadata.topics[triple].partitions.values())


def test_new_group_id_never_repeats(new_group_id: Callable[..., str]) -> None:
    """Each call gives a group id no other call gave."""
    group_ids = {new_group_id() for _ in range(100)}

    assert len(group_ids) == 100
    assert all(group_id.startswith("test-group-") for group_id in group_ids)
