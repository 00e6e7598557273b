"""A run's outputs pass only when every committed input has exactly one output and
every key kept its order; work past the commit is allowed."""

from benchmarks.verify import (
    OutputRecord,
    check,
    latencies_ms,
    percentile,
    reordered_keys,
    throughput_per_s,
)
from benchmarks.workload import InputRecord


def inputs(per_key: int = 3, keys: tuple[str, ...] = ("a", "b")) -> list[InputRecord]:
    """Each key in its own partition, sequence numbers in offset order."""
    return [
        InputRecord(partition, sequence, key, sequence, 1000 + sequence)
        for partition, key in enumerate(keys)
        for sequence in range(per_key)
    ]


def outputs_of(records: list[InputRecord], delay_ms: int = 5) -> list[OutputRecord]:
    return [
        OutputRecord(
            r.partition, r.offset, r.key, r.sequence, r.timestamp_ms + delay_ms
        )
        for r in records
    ]


def committed_all(records: list[InputRecord]) -> dict[int, int]:
    ends: dict[int, int] = {}
    for record in records:
        ends[record.partition] = max(ends.get(record.partition, 0), record.offset + 1)
    return ends


def test_a_complete_ordered_run_passes() -> None:
    records = inputs()
    verdict = check(records, outputs_of(records), committed_all(records), len(records))
    assert verdict.ok, verdict.describe()
    assert (verdict.committed, verdict.received) == (6, 6)


def test_a_committed_input_without_output_is_missing() -> None:
    records = inputs()
    verdict = check(records, outputs_of(records[1:]), committed_all(records), 6)
    assert not verdict.ok
    assert verdict.missing == 1


def test_an_output_written_twice_is_a_duplicate() -> None:
    records = inputs()
    outputs = outputs_of(records)
    doubled = [*outputs, OutputRecord(0, 99, "a", 2, 2000)]
    verdict = check(records, doubled, committed_all(records), 6)
    assert not verdict.ok
    assert verdict.duplicated == 1


def test_swapped_outputs_of_a_key_are_out_of_order() -> None:
    records = inputs()
    outputs = outputs_of(records)
    outputs[0], outputs[1] = (
        OutputRecord(0, 0, "a", 1, 1006),
        OutputRecord(0, 1, "a", 0, 1005),
    )
    verdict = check(records, outputs, committed_all(records), 6)
    assert not verdict.ok
    assert reordered_keys(outputs) == {"a"}


def test_a_key_spread_over_partitions_has_no_order() -> None:
    records = inputs(keys=("a",))
    outputs = outputs_of(records)
    outputs[2] = OutputRecord(5, 0, "a", 2, 1007)
    assert reordered_keys(outputs) == {"a"}


def test_work_past_the_commit_is_allowed_but_counted() -> None:
    records = inputs()
    committed = {0: 2, 1: 3}
    verdict = check(records, outputs_of(records), committed, None)
    assert verdict.ok, verdict.describe()
    assert (verdict.committed, verdict.beyond_commit) == (5, 1)


def test_a_run_that_committed_less_than_it_owed_fails() -> None:
    records = inputs()
    verdict = check(records, outputs_of(records), {0: 3, 1: 2}, len(records))
    assert not verdict.ok
    assert verdict.committed == 5


def test_an_output_of_no_input_is_unexpected() -> None:
    records = inputs()
    outputs = [*outputs_of(records), OutputRecord(1, 9, "z", 0, 2000)]
    verdict = check(records, outputs, committed_all(records), 6)
    assert not verdict.ok
    assert verdict.unexpected == 1


def test_throughput_spans_first_to_last_output() -> None:
    outputs = [OutputRecord(0, n, "a", n, 1000 + n * 10) for n in range(11)]
    assert throughput_per_s(outputs) == 100.0


def test_latency_counts_only_inputs_from_the_paced_start() -> None:
    records = inputs(per_key=4, keys=("a",))
    latencies = latencies_ms(records, outputs_of(records, delay_ms=7), since_ms=1002)
    assert latencies == [7, 7]


def test_percentile_is_nearest_rank() -> None:
    values = list(range(1, 101))
    assert (percentile(values, 0.5), percentile(values, 0.99)) == (50.0, 99.0)
    assert percentile([4.0], 0.99) == 4.0
