"""Scenario c: Quix Streams doing the same reading, the way its users write it:
(de)serializers on the topics, the job as `apply`, headers set on the dataframe,
at-least-once checkpoints at the runtime's commit interval.

Quix Streams is installed in the benchmark environment only; nothing else imports
this module.
"""

import importlib.util
from collections.abc import Callable
from typing import Any

from benchmarks.budget import Budget
from benchmarks.spec import COMMIT_INTERVAL_S, RunSpec
from benchmarks.transform import AvroTransform
from processors.messaging.producer import PRODUCER_DEFAULTS


def quix_available() -> bool:
    return importlib.util.find_spec("quixstreams") is not None


def run_quix(spec: RunSpec, budget: Budget) -> int:
    """Run an application until the budget is spent; it then flushes, commits its
    checkpoint and leaves."""
    from quixstreams import Application
    from quixstreams.models.serializers import Deserializer, Serializer

    transform = AvroTransform()

    class UploadDeserializer(Deserializer):
        def __call__(self, value: bytes, ctx: Any) -> Any:
            return transform.decode(value)

    class ReadingSerializer(Serializer):
        def __call__(self, value: Any, ctx: Any) -> bytes:
            return transform.encode(value)

    app = Application(
        broker_address=spec.bootstrap_servers,
        consumer_group=spec.group,
        auto_offset_reset="earliest",
        commit_interval=COMMIT_INTERVAL_S,
        processing_guarantee="at-least-once",
        producer_extra_config=dict(PRODUCER_DEFAULTS),
        auto_create_topics=False,
        loglevel="WARNING",
    )
    source = app.topic(
        spec.input_topic,
        key_deserializer="bytes",
        value_deserializer=UploadDeserializer(),
    )
    sink = app.topic(
        spec.output_topic, key_serializer="bytes", value_serializer=ReadingSerializer()
    )
    counter = _Counting(budget, app.stop)
    sdf = app.dataframe(source)
    sdf = sdf.apply(counter.build)
    sdf = sdf.set_headers(lambda value, key, timestamp, old: transform.headers(value))
    sdf.to_topic(sink)
    app.run()
    return counter.handled


class _Counting:
    """Builds readings and asks the application to stop once the budget is spent."""

    def __init__(self, budget: Budget, stop: Callable[[], None]) -> None:
        self.budget = budget
        self.stop = stop
        self.handled = 0

    def build(self, upload: dict[str, Any]) -> dict[str, Any]:
        self.handled += 1
        if self.budget.spent(self.handled):
            self.stop()
        return AvroTransform.build(upload)
