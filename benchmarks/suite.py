"""Running the scenarios one after another on the one broker, verifying each run.

Runs of the scenarios take turns (first run of each, then the second of each…), so
a slow spell of a shared machine does not land on one scenario only. A run handles
the whole input or stops at its time limit, counted from its first message; either
way what it committed is checked against what it wrote.
"""

import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from confluent_kafka.admin import AdminClient

from benchmarks.exceptions import BenchmarkError, RunFailed
from benchmarks.launch import Child
from benchmarks.results import LatencyResult, RunResult, ScenarioResult
from benchmarks.runtime_run import topics_yaml, write_topics_file
from benchmarks.scenarios import THROUGHPUT, Plan, Scenario, io_scenarios
from benchmarks.spec import ChildReport, RunSpec
from benchmarks.topics import TopicFactory
from benchmarks.verify import (
    OutputRecord,
    Verdict,
    check,
    committed_positions,
    latencies_ms,
    percentile,
    read_outputs,
    stored_count,
    throughput_per_s,
)
from benchmarks.workload import (
    InputIndex,
    Paced,
    Workload,
    produce_all,
    produce_paced,
)
from processors.contract.topics import load_catalog

ASSIGN_TIMEOUT_S = 60.0
ASSIGN_POLL_S = 0.2
LATENCY_WARM_UP = 100
"""Messages sent before the paced ones, so latency is not that of a first fetch."""
WARM_UP_ALLOWANCE_S = 5.0
"""Time a latency run's budget allows for its warm-up messages."""

Echo = Callable[[str], None]
Wrapper = Callable[[RunSpec], list[str]]


@dataclass(frozen=True)
class Source:
    """An input topic and what was produced into it."""

    topic: str
    index: InputIndex


@dataclass(frozen=True)
class Limits:
    """How much of a source a run may handle."""

    records: int
    time_limit_s: float | None


class Suite:
    """One benchmark invocation: its topics, its runs, its results."""

    def __init__(
        self,
        plan: Plan,
        bootstrap_servers: str,
        work_dir: Path,
        echo: Echo,
        wrapper: Wrapper | None = None,
    ) -> None:
        """`wrapper` gives a command prefix for each measured child (a profiler)."""
        self.plan = plan
        self.wrapper = wrapper
        self.bootstrap_servers = bootstrap_servers
        self.bench_id = f"bench{uuid.uuid4().hex[:8]}"
        self.work_dir = work_dir / self.bench_id
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.echo = echo
        self.topics = TopicFactory(bootstrap_servers)
        self.admin = AdminClient({"bootstrap.servers": bootstrap_servers})

    def run(
        self, only: Sequence[str] | None = None, *, latency: bool = True
    ) -> list[ScenarioResult]:
        """Every scenario (or those named in `only`); topics are removed after."""
        throughput = self._results(THROUGHPUT, only)
        io = self._results(io_scenarios(self.plan), only)
        try:
            self._throughput(throughput)
            if latency:
                self._latency(throughput)
            self._io(io)
        finally:
            self.topics.clean_up()
        results = throughput + io
        self._tidy(results)
        return results

    def _tidy(self, results: list[ScenarioResult]) -> None:
        """Keep the children's specs, logs and recordings only when they tell
        something: a run failed, or a profiler recorded it."""
        if self.wrapper is None and not any(r.failures for r in results):
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def _results(
        self, scenarios: Sequence[Scenario], only: Sequence[str] | None
    ) -> list[ScenarioResult]:
        chosen = [s for s in scenarios if only is None or s.slug in only]
        results = [ScenarioResult(s, skipped=s.skipped_because()) for s in chosen]
        for result in results:
            if result.skipped:
                self.echo(f"{result.scenario.name}: skipped: {result.skipped}")
        return results

    # The three parts

    def _throughput(self, results: list[ScenarioResult]) -> None:
        if not any(r.skipped is None for r in results):
            return
        source = self._source("main", self.plan.records)
        limits = Limits(self.plan.records, self.plan.time_limit_s)
        self._take_turns(results, source, lambda scenario: limits)

    def _io(self, results: list[ScenarioResult]) -> None:
        if not any(r.skipped is None for r in results):
            return
        source = self._source("io", self.plan.io_records)

        def limits(scenario: Scenario) -> Limits:
            if scenario.engine == "loop":
                serial = min(self.plan.io_serial_records, self.plan.io_records)
                return Limits(serial, self.plan.io_time_limit_s)
            return Limits(self.plan.io_records, self.plan.io_time_limit_s)

        self._take_turns(results, source, limits)

    def _latency(self, results: list[ScenarioResult]) -> None:
        for result in results:
            if result.skipped is None and result.scenario.latency:
                self._guarded(result, "latency run", partial(self._paced, result))

    # Taking turns over a shared input

    def _take_turns(
        self,
        results: list[ScenarioResult],
        source: Source,
        limits: Callable[[Scenario], Limits],
    ) -> None:
        for number in range(1, self.plan.runs + 1):
            for result in results:
                if result.skipped is not None:
                    continue
                self._guarded(
                    result,
                    f"run {number}/{self.plan.runs}",
                    partial(
                        self._measured, result, source, limits(result.scenario), number
                    ),
                )

    def _guarded(
        self, result: ScenarioResult, what: str, work: Callable[[], str]
    ) -> None:
        """Run one measurement; a failure is recorded and the others still run."""
        try:
            line = work()
        except (RunFailed, BenchmarkError) as exc:
            result.failures.append(f"{what}: {exc}")
            self.echo(f"{result.scenario.name} {what}: FAILED: {exc}")
            return
        self.echo(f"{result.scenario.name} {what}: {line}")

    def _measured(
        self, result: ScenarioResult, source: Source, limits: Limits, number: int
    ) -> str:
        spec = self._spec(result.scenario, source.topic, limits, f"r{number}")
        wrapper = self.wrapper(spec) if self.wrapper else None
        child = Child(spec, self.work_dir, wrapper)
        outcome = child.wait(_timeout_s(limits))
        report = outcome.report
        expected = None if report.out_of_time else spec.stop_after
        verdict, outputs = self._verify(spec, source, expected)
        run = RunResult(
            throughput_per_s=throughput_per_s(outputs),
            cpu_us_per_message=report.cpu_us_per_message,
            handled=report.handled,
            out_of_time=report.out_of_time,
            verdict=verdict,
        )
        result.runs.append(run)
        cpu = run.cpu_us_per_message
        return (
            f"{run.throughput_per_s:,.0f} msg/s, "
            f"{'–' if cpu is None else f'{cpu:.1f}'} µs CPU per message "
            f"(child total {outcome.total_cpu_s:.1f} s CPU); "
            f"verified: {verdict.describe()}"
        )

    # A paced run for latency

    def _paced(self, result: ScenarioResult) -> str:
        records = self.plan.latency_records + LATENCY_WARM_UP
        paced_s = self.plan.latency_records / self.plan.latency_rate_per_s
        time_limit_s = WARM_UP_ALLOWANCE_S + paced_s + self.plan.latency_grace_s
        limits = Limits(records, time_limit_s)
        run_id = f"{self.bench_id}_{result.scenario.slug}_lat"
        topic = self.topics.create(f"{run_id}.in", self.plan.partitions)
        spec = self._spec(result.scenario, topic, limits, "lat")
        paced, report = self._drive(spec, limits)
        expected = None if report.out_of_time else records
        _, outputs = self._verify(spec, Source(topic, paced.index), expected)
        latencies = latencies_ms(paced.index.records, outputs, paced.paced_from_ms)
        latency = LatencyResult(
            p50_ms=percentile(latencies, 0.5),
            p99_ms=percentile(latencies, 0.99),
            handled=len(latencies),
            paced=self.plan.latency_records,
        )
        result.latency = latency
        return (
            f"p50 {latency.p50_ms:.0f} ms, p99 {latency.p99_ms:.0f} ms; "
            f"{latency.handled:,} of {latency.paced:,} messages paced at "
            f"{self.plan.latency_rate_per_s:g}/s handled"
        )

    def _drive(self, spec: RunSpec, limits: Limits) -> tuple[Paced, ChildReport]:
        """Start the child, feed it at the paced rate once it owns the input."""
        child = Child(spec, self.work_dir)
        try:
            self._wait_assigned(spec, child)
            paced = produce_paced(
                self.bootstrap_servers,
                spec.input_topic,
                Workload(limits.records, self.plan.keys),
                self.plan.latency_rate_per_s,
                (LATENCY_WARM_UP, partial(self._warm, spec, child)),
            )
            return paced, child.wait(_timeout_s(limits)).report
        finally:
            child.kill()

    def _warm(self, spec: RunSpec, child: Child) -> bool:
        """The warm-up messages are handled, or the child gave up on them."""
        if not child.alive():
            return True
        stored = stored_count(self.bootstrap_servers, spec.output_topic)
        return stored >= LATENCY_WARM_UP

    def _wait_assigned(self, spec: RunSpec, child: Child) -> None:
        """Wait until the child's group owns every partition of the input."""
        deadline = time.monotonic() + ASSIGN_TIMEOUT_S
        while time.monotonic() < deadline:
            if not child.alive() or self._assigned(spec) >= self.plan.partitions:
                return
            time.sleep(ASSIGN_POLL_S)
        raise RunFailed(
            f"{spec.scenario}: input not assigned within {ASSIGN_TIMEOUT_S:.0f}s"
        )

    def _assigned(self, spec: RunSpec) -> int:
        future = self.admin.describe_consumer_groups([spec.group])[spec.group]
        try:
            description = future.result(timeout=10)
        except Exception:  # a group not formed yet is described as an error
            return 0
        return sum(
            1
            for member in description.members
            for tp in member.assignment.topic_partitions
            if tp.topic == spec.input_topic
        )

    # Shared steps

    def _source(self, name: str, records: int) -> Source:
        topic = self.topics.create(f"{self.bench_id}.{name}.in", self.plan.partitions)
        started = time.monotonic()
        workload = Workload(records, self.plan.keys)
        index = produce_all(self.bootstrap_servers, topic, workload)
        self.echo(
            f"input {topic}: {records:,} messages, {self.plan.keys} keys, "
            f"{self.plan.partitions} partitions, produced in "
            f"{time.monotonic() - started:.1f}s"
        )
        return Source(topic, index)

    def _spec(
        self, scenario: Scenario, input_topic: str, limits: Limits, suffix: str
    ) -> RunSpec:
        run_id = f"{self.bench_id}_{scenario.slug}_{suffix}"
        output_topic = f"{run_id}.out"
        spec = RunSpec(
            scenario=f"{scenario.name} {suffix}",
            engine=scenario.engine,
            bootstrap_servers=self.bootstrap_servers,
            run_id=run_id,
            input_topic=input_topic,
            output_topic=output_topic,
            stop_after=limits.records,
            time_limit_s=limits.time_limit_s,
            transform=scenario.transform,
            io_wait_s=scenario.io_wait_s,
            concurrency=scenario.concurrency or self.plan.concurrency,
            status_events=scenario.status_events,
            exactly_once=scenario.exactly_once,
            topics_file=self._catalog(scenario, run_id, input_topic, output_topic),
        )
        self.topics.used_group(spec.group)
        if scenario.engine != "runtime":
            self.topics.create(output_topic, self.plan.partitions, output=True)
        return spec

    def _catalog(
        self, scenario: Scenario, run_id: str, input_topic: str, output_topic: str
    ) -> str | None:
        """A runtime run's topics.yaml, its topics created; None for the others."""
        if scenario.engine != "runtime":
            return None
        layout = topics_yaml(
            self.bench_id,
            input_topic,
            output_topic,
            partitions=self.plan.partitions,
            concurrency=scenario.concurrency or self.plan.concurrency,
            io=scenario.io_wait_s > 0,
        )
        path = write_topics_file(self.work_dir / f"{run_id}.topics.yaml", layout)
        self.topics.apply(load_catalog(path))
        return str(path)

    def _verify(
        self, spec: RunSpec, source: Source, expected: int | None
    ) -> tuple[Verdict, list[OutputRecord]]:
        outputs = read_outputs(self.bootstrap_servers, spec.output_topic)
        committed = committed_positions(
            self.bootstrap_servers, spec.group, source.topic, self.plan.partitions
        )
        verdict = check(source.index.records, outputs, committed, expected)
        if not verdict.ok:
            raise RunFailed(f"{spec.scenario} not verified: {verdict.describe()}")
        return verdict, outputs


def _timeout_s(limits: Limits) -> float:
    """How long a child may take before it counts as hung and is killed."""
    work_s = limits.time_limit_s or limits.records / 250
    return 120.0 + work_s
