"""What the runs of a scenario measured."""

import statistics
from dataclasses import dataclass, field

from benchmarks.scenarios import Scenario
from benchmarks.verify import Verdict


@dataclass(frozen=True)
class RunResult:
    """One verified run."""

    throughput_per_s: float
    cpu_us_per_message: float | None
    handled: int
    out_of_time: bool
    verdict: Verdict


@dataclass(frozen=True)
class LatencyResult:
    """The paced run: percentiles over the messages handled before time ran out."""

    p50_ms: float
    p99_ms: float
    handled: int
    paced: int

    @property
    def kept_up(self) -> bool:
        return self.handled >= self.paced


@dataclass
class ScenarioResult:
    """Every run of a scenario, and its latency run when it has one."""

    scenario: Scenario
    runs: list[RunResult] = field(default_factory=list)
    latency: LatencyResult | None = None
    skipped: str | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def throughput_per_s(self) -> float | None:
        return _median([r.throughput_per_s for r in self.runs])

    @property
    def cpu_us_per_message(self) -> float | None:
        return _median(
            [r.cpu_us_per_message for r in self.runs if r.cpu_us_per_message]
        )

    @property
    def handled(self) -> float | None:
        return _median([r.handled for r in self.runs])


def _median(values: list[float] | list[int]) -> float | None:
    return statistics.median(values) if values else None
