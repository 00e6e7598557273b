"""What is compared: the scenarios, and the sizes of a full and of a smoke run."""

from dataclasses import dataclass

from benchmarks.jobs import IO_WAIT_S
from benchmarks.quix_run import quix_available
from benchmarks.runtime_run import supports_exactly_once
from benchmarks.spec import Engine, Transform


@dataclass(frozen=True)
class Plan:
    """Sizes of one benchmark invocation."""

    records: int = 200_000
    time_limit_s: float | None = 15.0
    runs: int = 3
    keys: int = 1000
    partitions: int = 6
    concurrency: int = 8
    latency_records: int = 10_000
    latency_rate_per_s: float = 1000.0
    latency_grace_s: float = 10.0
    io_records: int = 5000
    io_serial_records: int = 500
    io_time_limit_s: float | None = 12.0
    io_concurrencies: tuple[int, ...] = (16, 64, 256)


FULL = Plan()
SMOKE = Plan(
    records=3000,
    time_limit_s=3.0,
    runs=1,
    latency_records=500,
    latency_grace_s=2.0,
    io_records=1000,
    io_serial_records=40,
    io_time_limit_s=3.0,
)


@dataclass(frozen=True)
class Scenario:
    """One way of doing the job; `slug` names its topics and groups."""

    slug: str
    name: str
    what: str
    engine: Engine
    transform: Transform = "avro"
    status_events: bool = False
    exactly_once: bool = False
    concurrency: int | None = None
    io_wait_s: float = 0.0
    latency: bool = False

    def skipped_because(self) -> str | None:
        """Why this scenario cannot run here, or None when it can."""
        if self.engine == "quix" and not quix_available():
            return "quixstreams is not installed in this environment (make bench)"
        if self.exactly_once and not supports_exactly_once():
            return (
                "the runtime has no exactly-once setting (RuntimeSettings.exactly_once)"
            )
        return None


THROUGHPUT = (
    Scenario(
        "a0",
        "a0",
        "bare confluent-kafka loop, bytes through",
        "loop",
        transform="bytes",
        latency=True,
    ),
    Scenario("a1", "a1", "a0 + fastavro decode, build, encode", "loop", latency=True),
    Scenario(
        "b", "b", "runtime, no-op job, status events off", "runtime", latency=True
    ),
    Scenario(
        "b_status",
        "b+status",
        "b with job status events on",
        "runtime",
        status_events=True,
        latency=True,
    ),
    Scenario("c", "c", "Quix Streams, same transformation", "quix", latency=True),
    Scenario(
        "eos", "eos", "b with exactly-once (transactions)", "runtime", exactly_once=True
    ),
)


def io_scenarios(plan: Plan) -> tuple[Scenario, ...]:
    """T3: a job waiting 20 ms per message, the runtime against a serial loop."""
    wait_ms = round(IO_WAIT_S * 1000)
    runtime = tuple(
        Scenario(
            f"t3_b{concurrency}",
            f"T3 b{concurrency}",
            f"runtime, {wait_ms} ms I/O job, concurrency {concurrency}",
            "runtime",
            concurrency=concurrency,
            io_wait_s=IO_WAIT_S,
        )
        for concurrency in plan.io_concurrencies
    )
    serial = Scenario(
        "t3_serial",
        "T3 serial",
        f"loop, {wait_ms} ms I/O job, one message at a time",
        "loop",
        io_wait_s=IO_WAIT_S,
    )
    return (*runtime, serial)
