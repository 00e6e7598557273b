"""Tracing: span names, messaging attributes, context in headers, exporter setup.

Job code never touches telemetry; the runtime opens the spans listed here.
"""

import logging
import os
from collections.abc import Sequence
from functools import cache

from opentelemetry import context, propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk.trace import sampling
from opentelemetry.sdk.trace.sampling import Sampler
from opentelemetry.trace import Span, SpanKind, Tracer

logger = logging.getLogger(__name__)

TRACER_NAME = "processors"
SERVICE_NAME = "supplier-processors"

SEND_SPAN = "{topic} send"
PROCESS_SPAN = "{topic} process"
JOB_SPAN = "job {job}"

MESSAGING_SYSTEM = "messaging.system"
MESSAGING_OPERATION_TYPE = "messaging.operation.type"
MESSAGING_DESTINATION = "messaging.destination.name"
MESSAGING_PARTITION = "messaging.destination.partition.id"
MESSAGING_OFFSET = "messaging.kafka.offset"
MESSAGING_KEY = "messaging.kafka.message.key"
MESSAGING_GROUP = "messaging.consumer.group.name"
MESSAGING_MESSAGE_ID = "messaging.message.id"
JOB_NAME = "job.name"
JOB_ID = "job.id"
JOB_ATTEMPT = "job.attempt"


@cache
def tracer() -> Tracer:
    # A tracer taken before the provider is set delegates to it once it is.
    return trace.get_tracer(TRACER_NAME)


def configure_tracing() -> None:
    """Install an SDK tracer provider unless the application already has one.

    Spans always get real trace ids, so trace context flows through every message
    even when nothing is exported; they are exported over OTLP when the standard
    OTEL_* variables ask for it (OTEL_EXPORTER_OTLP_ENDPOINT or
    OTEL_TRACES_EXPORTER=otlp).
    """
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider

    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(
        resource=Resource.create({"service.name": SERVICE_NAME}), sampler=_sampler()
    )
    if _otlp_wanted():
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
            OTLPSpanExporter,
        )
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        logger.info("exporting traces over OTLP")
    trace.set_tracer_provider(provider)


def _sampler() -> Sampler:
    """OTEL_TRACES_SAMPLER when set; else every trace is recorded when spans are
    exported and none when they are not (ids still flow, marked unsampled)."""
    if os.environ.get("OTEL_TRACES_SAMPLER"):
        return sampling._get_from_env_or_default()
    return sampling.ParentBased(
        sampling.ALWAYS_ON if _otlp_wanted() else sampling.ALWAYS_OFF
    )


def _otlp_wanted() -> bool:
    exporter = os.environ.get("OTEL_TRACES_EXPORTER", "")
    if exporter == "none":
        return False
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    )
    return bool(endpoint) or exporter == "otlp"


def inject(span_context: Context | None = None) -> list[tuple[str, bytes]]:
    """W3C trace context of the current (or given) context as message headers."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=span_context)
    return [(name, value.encode("ascii")) for name, value in carrier.items()]


def extract(headers: Sequence[tuple[str, bytes | None]] | None) -> Context:
    """The trace context carried by message headers (empty when there is none)."""
    carrier = {
        name: (value or b"").decode("ascii", errors="replace")
        for name, value in headers or ()
    }
    return propagate.extract(carrier)


def trace_id_of(span: Span) -> str | None:
    span_context = span.get_span_context()
    return f"{span_context.trace_id:032x}" if span_context.is_valid else None


__all__ = ["SpanKind", "context", "extract", "inject", "tracer"]
