"""The results as a markdown table and ratio lines, for the terminal and for
`benchmarks/results/latest.md`."""

import os
import platform
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import confluent_kafka

from benchmarks.results import ScenarioResult
from benchmarks.scenarios import Plan

COLUMNS = (
    "scenario",
    "what it does",
    "msg/s, median (min–max)",
    "CPU µs/msg",
    "msgs/run",
    "p50 ms",
    "p99 ms",
    "runs verified",
)


def ratio_lines(results: list[ScenarioResult], plan: Plan) -> list[str]:
    """`ratio <name>: <value>` for each comparison the benchmarks exist for."""
    widest = max(plan.io_concurrencies)
    wanted = (
        ("b/a1 throughput", "b", "a1", False),
        ("b/c throughput", "b", "c", False),
        (f"T3 b{widest}/serial throughput", f"t3_b{widest}", "t3_serial", False),
        ("eos/b throughput", "eos", "b", False),
        ("b/a1 cpu", "b", "a1", True),
    )
    by_slug = {r.scenario.slug: r for r in results}
    return [
        f"ratio {name}: {_ratio(by_slug.get(top), by_slug.get(bottom), cpu)}"
        for name, top, bottom, cpu in wanted
    ]


def _ratio(top: ScenarioResult | None, bottom: ScenarioResult | None, cpu: bool) -> str:
    if top is None or bottom is None:
        return "n/a (not run)"
    for side in (top, bottom):
        if side.skipped:
            return f"n/a ({side.scenario.name} skipped: {side.skipped})"
        if not side.runs:
            return f"n/a ({side.scenario.name} has no verified run)"
    if cpu:
        numerator, denominator = top.cpu_us_per_message, bottom.cpu_us_per_message
    else:
        numerator, denominator = top.throughput_per_s, bottom.throughput_per_s
    if not numerator or not denominator:
        return "n/a (nothing measured)"
    ratio = numerator / denominator
    # Two significant digits keep a ratio far below one from printing as 0.00.
    return f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.2g}"


def table(results: list[ScenarioResult], plan: Plan) -> str:
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join(" --- " for _ in COLUMNS) + "|",
    ]
    lines.extend(_row(result, plan) for result in results)
    return "\n".join(lines)


def _row(result: ScenarioResult, plan: Plan) -> str:
    scenario = result.scenario
    if result.skipped:
        rest = ["–"] * (len(COLUMNS) - 3)
        return _cells(
            [scenario.name, scenario.what, f"skipped: {result.skipped}", *rest]
        )
    return _cells(
        [
            scenario.name,
            scenario.what,
            _rate(result),
            _number(result.cpu_us_per_message, ".1f"),
            _number(result.handled, ",.0f"),
            *_latency(result),
            f"{len(result.runs)}/{plan.runs}" + (" FAILED" if result.failures else ""),
        ]
    )


def _rate(result: ScenarioResult) -> str:
    rates = [r.throughput_per_s for r in result.runs]
    if not rates:
        return "–"
    return f"{result.throughput_per_s:,.0f} ({min(rates):,.0f}–{max(rates):,.0f})"


def _latency(result: ScenarioResult) -> list[str]:
    latency = result.latency
    if latency is None:
        return ["–", "–"]
    cells = [f"{latency.p50_ms:,.0f}", f"{latency.p99_ms:,.0f}"]
    if not latency.kept_up:
        cells[1] += f" (behind: {latency.handled:,} of {latency.paced:,} in time)"
    return cells


def _number(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def _cells(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def environment() -> str:
    """Where the numbers were taken: they hold for this machine only."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    librdkafka, _ = confluent_kafka.libversion()
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {_cpu_model()}, {os.cpu_count()} "
        f"cores, load average {load}; Python {platform.python_version()}, "
        f"confluent-kafka {_version('confluent-kafka')} (librdkafka {librdkafka}), "
        f"quixstreams {_version('quixstreams')}"
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def describe_plan(plan: Plan) -> str:
    return (
        f"Input: {plan.records:,} MaisokuUploaded messages (~300 bytes, Avro "
        f"single-object encoding) over {plan.keys:,} keys and {plan.partitions} "
        f"partitions; a run handles it all or stops {_limit(plan.time_limit_s)} after "
        f"its first message. {plan.runs} runs per scenario, taking turns; at least "
        f"once everywhere (offsets committed after the outputs are acknowledged, "
        f"every 0.5 s); b runs its job at concurrency {plan.concurrency}. Latency: "
        f"{plan.latency_records:,} messages paced at {plan.latency_rate_per_s:g}/s "
        f"after a warm-up, from produce time to the result's broker append time. "
        f"T3: {plan.io_records:,} messages, runs stop "
        f"{_limit(plan.io_time_limit_s)} after their first; the serial loop after "
        f"{plan.io_serial_records:,} messages."
    )


def _limit(seconds: float | None) -> str:
    return "never" if seconds is None else f"{seconds:g} s"


def markdown(results: list[ScenarioResult], plan: Plan) -> str:
    return "\n".join(
        [
            "# Benchmarks: the runtime against a bare loop and Quix Streams",
            "",
            f"Measured {environment()}.",
            "",
            describe_plan(plan),
            "",
            "Throughput is taken between the first and the last output's broker "
            "timestamp; CPU is the worker process's own (all threads, librdkafka's "
            "included) between its first and last message, per message. Every run "
            "is verified: one output per committed input, none twice, per-key order "
            "kept.",
            "",
            table(results, plan),
            "",
            "```",
            *ratio_lines(results, plan),
            "```",
            "",
        ]
    )
