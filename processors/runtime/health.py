"""Liveness and readiness of a worker, judged from what its processors expose.

A worker is live while every processor's poll loop keeps turning: jobs run in
pools, so nothing a job does can hold the loop, and a loop that stops turning is
stuck for good (the broker would soon drop it from its group as well). It is ready
once every processor is a member of its group: it owns partitions, or it joined and
the group had none left for it.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from threading import Event
from typing import Protocol

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from processors.runtime.consumer_stats import ConsumerStats


class HealthSettings(BaseSettings):
    """Where a worker serves /livez, /readyz and /metrics, and what they judge by."""

    model_config = SettingsConfigDict(env_prefix="PROCESSORS_", frozen=True)

    health_port: int | None = Field(
        None,
        ge=0,
        le=65535,
        description="PROCESSORS_HEALTH_PORT: port of the /livez, /readyz and /metrics "
        "endpoints; 0 picks a free one. Default: unset, no endpoints.",
    )
    health_host: str = Field(
        "0.0.0.0",
        description="PROCESSORS_HEALTH_HOST: address the endpoints listen on. "
        "Default: 0.0.0.0, every interface (a pod's probes come from outside).",
    )
    liveness_stall_s: float = Field(
        60.0,
        gt=0,
        description="PROCESSORS_LIVENESS_STALL_S: /livez fails once a processor's poll "
        "loop has not turned for this long. Default: 60.",
    )
    statistics_interval_s: float = Field(
        5.0,
        ge=1,
        le=300,
        description="PROCESSORS_STATISTICS_INTERVAL_S: how often each consumer reports "
        "its group state and lag (librdkafka statistics.interval.ms). Default: 5.",
    )


@cache
def health_settings() -> HealthSettings:
    return HealthSettings()


class CheckedProcessor(Protocol):
    """What the checks read from a processor; plain attributes, no consumer call."""

    job_name: str
    group_id: str
    last_loop_at: float
    assigned: bool
    stopping: Event


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check, with one line per processor saying why."""

    ok: bool
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(f"{line}\n" for line in self.lines)


def liveness(
    processors: Sequence[CheckedProcessor], stall_s: float, now: float | None = None
) -> Verdict:
    """Live while every poll loop turned within `stall_s`, or is stopping."""
    now = time.monotonic() if now is None else now
    lines, ok = [], True
    for processor in processors:
        idle_s = now - processor.last_loop_at
        if processor.stopping.is_set():
            lines.append(f"{processor.job_name}: stopping")
        elif idle_s <= stall_s:
            lines.append(f"{processor.job_name}: poll loop turned {idle_s:.1f}s ago")
        else:
            ok = False
            lines.append(
                f"{processor.job_name}: poll loop stalled, last turned {idle_s:.1f}s "
                f"ago (limit {stall_s:g}s)"
            )
    return Verdict(ok, tuple(lines))


def readiness(processors: Sequence[CheckedProcessor], stats: ConsumerStats) -> Verdict:
    """Ready once every processor owns partitions or joined its group with none."""
    lines, ok = [], True
    for processor in processors:
        name, group = processor.job_name, processor.group_id
        if processor.assigned:
            lines.append(f"{name}: owns partitions in group {group}")
        elif stats.joined(name):
            lines.append(f"{name}: joined group {group}, which has no partition for it")
        else:
            ok = False
            lines.append(f"{name}: not a member of group {group} yet")
    return Verdict(ok, tuple(lines))
