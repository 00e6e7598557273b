"""Worker metrics: their names, their instruments, and the exporters that serve them.

Names follow the OpenTelemetry conventions: the messaging ones where one exists,
`processors.*` for the rest; units go in the instrument, not the name. Prometheus
sees them with dots as underscores, the unit as a suffix and `_total` on counters
(`processors.job.duration` is `processors_job_duration_seconds`).

Instruments come from the global meter provider, so they cost nothing until
`configure_metrics()` installs the SDK. Counters of jobs and messages are read from
the processors at collection time rather than counted twice; the duration of each
attempt needs `record_job()` from the runtime, as it happens.
"""

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal, Protocol, runtime_checkable

from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader
from prometheus_client import CollectorRegistry

from processors import telemetry
from processors.runtime.consumer_stats import ConsumerStats

logger = logging.getLogger(__name__)

METER_NAME = "processors"

JOB_STARTED = "processors.job.started"
JOB_SUCCEEDED = "processors.job.succeeded"
JOB_FAILED = "processors.job.failed"
JOB_RETRIED = "processors.job.retried"
JOB_DEAD_LETTERED = "processors.job.dead_lettered"
JOB_DURATION = "processors.job.duration"
JOB_IN_FLIGHT = "processors.job.in_flight"
CONSUMER_LAG = "processors.consumer.lag"
CONSUMER_PAUSED_PARTITIONS = "processors.consumer.paused_partitions"
CONSUMED_MESSAGES = "messaging.client.consumed.messages"

JOB_OUTCOME = "job.outcome"
MESSAGING_OPERATION_NAME = "messaging.operation.name"
Outcome = Literal["succeeded", "retried", "dead_lettered"]

# Jobs range from milliseconds (a DocuSign download) to minutes (OCR of a scan).
DURATION_BUCKETS_S = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)


class ObservedProcessor(Protocol):
    """What the metrics read from a processor: plain attributes, no consumer call."""

    job_name: str
    group_id: str
    counters: dict[str, int]

    @property
    def in_flight(self) -> int: ...


@runtime_checkable
class ReportsPausedPartitions(Protocol):
    """A processor that can tell how many of its partitions are paused now."""

    @property
    def paused_partitions(self) -> int: ...


_meter = metrics.get_meter(METER_NAME)
_job_duration = _meter.create_histogram(
    JOB_DURATION,
    unit="s",
    description="Duration of one job attempt, by job and outcome.",
    explicit_bucket_boundaries_advisory=DURATION_BUCKETS_S,
)


def record_job(job_name: str, outcome: Outcome, duration_s: float) -> None:
    """Record one finished attempt: succeeded, retried or dead_lettered."""
    _job_duration.record(
        duration_s, {telemetry.JOB_NAME: job_name, JOB_OUTCOME: outcome}
    )


class _Observed:
    """The processors, with their consumer statistics, that the callbacks report."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sources: list[tuple[Sequence[ObservedProcessor], ConsumerStats]] = []

    def add(
        self, processors: Sequence[ObservedProcessor], stats: ConsumerStats
    ) -> None:
        with self._lock:
            self._sources.append((processors, stats))

    def remove(self, processors: Sequence[ObservedProcessor]) -> None:
        with self._lock:
            self._sources = [s for s in self._sources if s[0] is not processors]

    def each(self) -> Iterator[tuple[ObservedProcessor, ConsumerStats]]:
        with self._lock:
            sources = list(self._sources)
        for processors, stats in sources:
            for processor in processors:
                yield processor, stats


_observed = _Observed()


def observe(processors: Sequence[ObservedProcessor], stats: ConsumerStats) -> None:
    """Report on these processors until `forget()`; several workers may be observed."""
    _observed.add(processors, stats)


def forget(processors: Sequence[ObservedProcessor]) -> None:
    _observed.remove(processors)


def _job_attributes(processor: ObservedProcessor) -> dict[str, str]:
    return {
        telemetry.JOB_NAME: processor.job_name,
        telemetry.MESSAGING_GROUP: processor.group_id,
    }


def _counting(*keys: str) -> Callable[[CallbackOptions], Iterable[Observation]]:
    """A callback observing the sum of these processor counters, per job."""

    def observe_counters(options: CallbackOptions) -> Iterable[Observation]:
        for processor, _ in _observed.each():
            total = sum(processor.counters.get(key, 0) for key in keys)
            yield Observation(total, _job_attributes(processor))

    return observe_counters


def _observe_consumed(options: CallbackOptions) -> Iterable[Observation]:
    for processor, _ in _observed.each():
        attributes = {
            telemetry.MESSAGING_SYSTEM: "kafka",
            MESSAGING_OPERATION_NAME: "poll",
            telemetry.MESSAGING_GROUP: processor.group_id,
        }
        yield Observation(processor.counters.get("taken", 0), attributes)


def _observe_in_flight(options: CallbackOptions) -> Iterable[Observation]:
    for processor, _ in _observed.each():
        yield Observation(processor.in_flight, _job_attributes(processor))


def _observe_paused(options: CallbackOptions) -> Iterable[Observation]:
    for processor, _ in _observed.each():
        if isinstance(processor, ReportsPausedPartitions):
            yield Observation(processor.paused_partitions, _job_attributes(processor))


def _observe_lag(options: CallbackOptions) -> Iterable[Observation]:
    for processor, stats in _observed.each():
        for (topic, partition), lag in stats.lag(processor.job_name).items():
            attributes = {
                **_job_attributes(processor),
                telemetry.MESSAGING_DESTINATION: topic,
                telemetry.MESSAGING_PARTITION: str(partition),
            }
            yield Observation(lag, attributes)


_JOB_COUNTERS = {
    JOB_STARTED: (("started",), "Job attempts started."),
    JOB_SUCCEEDED: (("succeeded",), "Job attempts that succeeded."),
    JOB_FAILED: (
        ("retried", "dead_lettered"),
        "Jobs that failed: sent to a retry topic or to the dead-letter topic.",
    ),
    JOB_RETRIED: (("retried",), "Failed attempts sent to a retry topic."),
    JOB_DEAD_LETTERED: (
        ("dead_lettered",),
        "Messages sent to the dead-letter topic: final failures and undecodable "
        "messages.",
    ),
}
for _name, (_keys, _description) in _JOB_COUNTERS.items():
    _meter.create_observable_counter(
        _name, [_counting(*_keys)], unit="{job}", description=_description
    )
_meter.create_observable_counter(
    CONSUMED_MESSAGES,
    [_observe_consumed],
    unit="{message}",
    description="Messages taken from the broker by a processor.",
)
_meter.create_observable_up_down_counter(
    JOB_IN_FLIGHT,
    [_observe_in_flight],
    unit="{job}",
    description="Job attempts running or waiting for their outcome to be acknowledged.",
)
_meter.create_observable_up_down_counter(
    CONSUMER_PAUSED_PARTITIONS,
    [_observe_paused],
    unit="{partition}",
    description="Assigned partitions paused for backpressure or a retry not yet due.",
)
_meter.create_observable_gauge(
    CONSUMER_LAG,
    [_observe_lag],
    unit="{message}",
    description="Messages between the group's committed offset and the end of the "
    "partition, for each partition this worker owns.",
)


# The registry of the meter provider this module installs, once per process.
_installed: list[CollectorRegistry] = []
_installing = threading.Lock()


def configure_metrics() -> CollectorRegistry:
    """Install the SDK meter provider, once: a Prometheus reader on a registry of its
    own (returned, for `/metrics`), and OTLP export when the standard OTEL_*
    variables ask for it (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_METRICS_EXPORTER=otlp).
    """
    with _installing:
        if not _installed:
            _installed.append(_install_provider())
        return _installed[0]


def _install_provider() -> CollectorRegistry:
    from opentelemetry.exporter.prometheus import PrometheusMetricReader
    from opentelemetry.sdk.resources import Resource

    registry = CollectorRegistry()
    if isinstance(metrics.get_meter_provider(), MeterProvider):
        logger.warning(
            "a meter provider is already installed; /metrics serves nothing and "
            "the processors' metrics go to that provider's readers"
        )
        return registry
    readers: list[MetricReader] = [PrometheusMetricReader(registry=registry)]
    if otlp_wanted():
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import (
            OTLPMetricExporter,
        )
        from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader

        readers.append(PeriodicExportingMetricReader(OTLPMetricExporter()))
        logger.info("exporting metrics over OTLP")
    resource = Resource.create({"service.name": telemetry.SERVICE_NAME})
    metrics.set_meter_provider(MeterProvider(readers, resource=resource))
    return registry


def otlp_wanted() -> bool:
    """Whether the standard OTEL_* variables ask for metrics over OTLP."""
    exporter = os.environ.get("OTEL_METRICS_EXPORTER", "")
    if exporter == "none":
        return False
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"
    )
    return bool(endpoint) or "otlp" in exporter.split(",")
