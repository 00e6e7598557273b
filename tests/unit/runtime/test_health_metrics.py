"""The worker metrics, as Prometheus reads them from /metrics."""

from collections.abc import Iterator

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from processors.runtime import metrics
from processors.runtime.consumer_stats import ConsumerStats
from tests.unit.runtime.processor_views import PausingProcessorView, ProcessorView

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
def registry() -> CollectorRegistry:
    return metrics.configure_metrics()


@pytest.fixture
def observed() -> Iterator[list[ProcessorView]]:
    """Processors observed for the test, forgotten after it."""
    views: list[ProcessorView] = []
    metrics.observe(views, ConsumerStats())
    yield views
    metrics.forget(views)


def samples(registry: CollectorRegistry) -> Samples:
    text = generate_latest(registry).decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def of_job(found: Samples, name: str, job_name: str) -> list[float]:
    return [
        value
        for (sample, labels), value in found.items()
        if sample == name and ("job_name", job_name) in labels
    ]


def test_counters_come_from_the_processor_counters(
    registry: CollectorRegistry, observed: list[ProcessorView]
) -> None:
    """Each counter is the processor's own count; failed is retried plus
    dead-lettered; consumed messages are the messages taken."""
    counts = {
        "taken": 12,
        "started": 11,
        "succeeded": 7,
        "retried": 3,
        "dead_lettered": 2,
    }
    observed.append(ProcessorView("counted_job", counters=counts, in_flight=4))

    found = samples(registry)

    assert of_job(found, "processors_job_started_total", "counted_job") == [11]
    assert of_job(found, "processors_job_succeeded_total", "counted_job") == [7]
    assert of_job(found, "processors_job_retried_total", "counted_job") == [3]
    assert of_job(found, "processors_job_dead_lettered_total", "counted_job") == [2]
    assert of_job(found, "processors_job_failed_total", "counted_job") == [5]
    assert of_job(found, "processors_job_in_flight", "counted_job") == [4]
    consumed = [
        value
        for (name, labels), value in found.items()
        if name == "messaging_client_consumed_messages_total"
        and ("messaging_consumer_group_name", "processors.counted_job") in labels
    ]
    assert consumed == [12]


def test_paused_partitions_are_reported_by_processors_that_know_them(
    registry: CollectorRegistry, observed: list[ProcessorView]
) -> None:
    """A processor exposing `paused_partitions` gets the gauge; one without does not."""
    observed.append(PausingProcessorView("pausing_job", paused_partitions=3))
    observed.append(ProcessorView("plain_job"))

    found = samples(registry)

    name = "processors_consumer_paused_partitions"
    assert of_job(found, name, "pausing_job") == [3]
    assert of_job(found, name, "plain_job") == []


def test_a_forgotten_worker_is_no_longer_reported(registry: CollectorRegistry) -> None:
    """After `forget()` the worker's series leave the next scrape."""
    views = [ProcessorView("gone_job", counters={"started": 1})]
    metrics.observe(views, ConsumerStats())
    before = of_job(samples(registry), "processors_job_started_total", "gone_job")

    metrics.forget(views)

    assert before == [1]
    assert of_job(samples(registry), "processors_job_started_total", "gone_job") == []


def test_job_durations_land_in_second_buckets_by_outcome(
    registry: CollectorRegistry,
) -> None:
    """Three attempts of 0.3 s, 45 s and 700 s: the count and sum per outcome, and
    the 60 s bucket holds the first two of them."""
    metrics.record_job("timed_job", "succeeded", 0.3)
    metrics.record_job("timed_job", "succeeded", 45.0)
    metrics.record_job("timed_job", "retried", 700.0)

    found = samples(registry)

    def value(name: str, **labels: str) -> float:
        wanted = {("job_name", "timed_job"), *labels.items()}
        return next(
            v
            for (n, found_labels), v in found.items()
            if n == name and wanted <= found_labels
        )

    assert value("processors_job_duration_seconds_count", job_outcome="succeeded") == 2
    assert value("processors_job_duration_seconds_sum", job_outcome="succeeded") == 45.3
    assert value("processors_job_duration_seconds_count", job_outcome="retried") == 1
    assert (
        value(
            "processors_job_duration_seconds_bucket", job_outcome="succeeded", le="60"
        )
        == 2
    )
    assert (
        value("processors_job_duration_seconds_bucket", job_outcome="retried", le="600")
        == 0
    )
