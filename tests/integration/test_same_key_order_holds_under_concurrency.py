"""With 32 jobs in flight, events of one key still finish in the order they were
published, while different keys overlap."""

import random
from collections import defaultdict
from pathlib import Path

import pytest

from tests.integration.harness import at_least, scenario, upload

pytestmark = pytest.mark.kafka

KEYS = 20
PER_KEY = 15


def test_results_of_each_key_come_out_in_publication_order(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Random job durations cannot reorder a key; the sequence rides in the URI."""
    rng = random.Random(7)
    events = [
        upload(
            f"copy-{key}",
            f"sleep:{rng.uniform(0, 0.05):.3f}",
            uri=f"file:///copies/{key}/{seq}.pdf",
        )
        for seq in range(PER_KEY)
        for key in range(KEYS)
    ]
    with scenario(bootstrap_servers, tmp_path, concurrency=32) as s, s.worker_thread():
        s.publisher().publish_all(events, topic=s.trigger)
        results = s.collect(s.result, at_least(len(events)))

    sequences: dict[str, list[int]] = defaultdict(list)
    for message in results:  # one partition per key, so topic order is key order
        uri = message.event.document.uri
        sequences[message.key].append(int(uri.rsplit("/", 1)[1].split(".")[0]))
    assert len(results) == KEYS * PER_KEY
    assert all(seq == list(range(PER_KEY)) for seq in sequences.values()), sequences
