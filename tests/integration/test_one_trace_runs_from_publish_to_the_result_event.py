"""Publishing, processing, the job and its result share one trace: send span,
process span continuing it, job span, result send span, with messaging
attributes."""

from pathlib import Path

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from processors.contract import headers
from processors.telemetry import configure_tracing
from tests.integration.harness import at_least, scenario, upload

pytestmark = pytest.mark.kafka


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> InMemorySpanExporter:
    # Without an exporter configured, traces are not recorded unless asked for.
    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "always_on")
    configure_tracing()
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    assert provider.sampler.get_description() == "AlwaysOnSampler"
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


def test_the_trace_links_publish_process_job_and_result(
    bootstrap_servers: str, tmp_path: Path, spans: InMemorySpanExporter
) -> None:
    """Every span of the event's journey carries the publisher's trace id, and the
    result message's traceparent continues it."""
    with scenario(bootstrap_servers, tmp_path) as s, s.worker_thread():
        event = upload("copy-trace", "ok")
        s.publisher().publish(event, topic=s.trigger)
        (result,) = s.collect(s.result, at_least(1))

    finished = spans.get_finished_spans()
    send = next(x for x in finished if x.name == f"{s.trigger} send")
    trace_id = send.context.trace_id
    mine = [x for x in finished if x.context.trace_id == trace_id]
    by_name = {x.name: x for x in mine}
    process = by_name[f"{s.trigger} process"]
    job = by_name["job job_under_test"]
    result_send = by_name[f"{s.result} send"]
    assert send.kind == SpanKind.PRODUCER and process.kind == SpanKind.CONSUMER
    assert process.parent.span_id == send.context.span_id
    assert job.parent.span_id == process.context.span_id
    assert result_send.parent.span_id == job.context.span_id
    assert process.attributes["messaging.system"] == "kafka"
    assert process.attributes["messaging.destination.name"] == s.trigger
    assert (
        process.attributes["messaging.consumer.group.name"]
        == f"{s.prefix}.job_under_test"
    )
    assert process.attributes["messaging.kafka.message.key"] == "copy-trace"
    assert process.attributes["messaging.message.id"] == event.event_id
    assert "messaging.kafka.offset" in process.attributes
    traceparent = result.headers[headers.TRACEPARENT]
    assert traceparent.split("-")[1] == f"{trace_id:032x}"
