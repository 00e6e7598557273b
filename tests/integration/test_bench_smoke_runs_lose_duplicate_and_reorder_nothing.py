"""The benchmark smoke run (every scenario that can run here, a few thousand
messages, one run each) verifies every run: nothing lost, nothing duplicated, every
key in order."""

from pathlib import Path

import pytest

from benchmarks.scenarios import SMOKE
from benchmarks.suite import Suite

pytestmark = pytest.mark.kafka


def test_every_smoke_run_is_verified(bootstrap_servers: str, tmp_path: Path) -> None:
    """Each scenario not skipped has its run verified, and its latency run too."""
    lines: list[str] = []
    results = Suite(SMOKE, bootstrap_servers, tmp_path, lines.append).run()

    ran = [r for r in results if r.skipped is None]
    failures = [f"{r.scenario.name} {f}" for r in ran for f in r.failures]
    assert not failures, "\n".join(lines)
    assert {"a0", "a1", "b", "b_status", "t3_b256", "t3_serial"} <= {
        r.scenario.slug for r in ran
    }
    assert all(len(r.runs) == SMOKE.runs for r in ran)
    assert all(r.latency is not None for r in ran if r.scenario.latency)
