"""`processors run` with PROCESSORS_HEALTH_PORT serves /metrics whose job counters
match the jobs it ran, outcome by outcome, and whose consumer lag falls to zero
once every message is done."""

import socket
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.harness import Scenario, at_least, scenario

pytestmark = pytest.mark.kafka

WAIT_S = 60
# What each instruction of `tests.jobs` costs: attempts started, then the counts of
# the outcomes they end in.
ATTEMPTS = {
    "ok": Counter(started=1, succeeded=1),
    "refuse": Counter(started=1, dead_lettered=1),
    "fail-until:2": Counter(started=2, retried=1, succeeded=1),
}
INSTRUCTIONS = ["ok", "ok", "refuse", "ok", "fail-until:2", "ok", "refuse"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def scrape(port: int) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of /metrics, keyed by name and labels; empty if not answering."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            text = r.read().decode()
    except (urllib.error.URLError, ConnectionError):
        return {}
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def job_samples(samples: dict, name: str, s: Scenario) -> list[float]:
    group = ("messaging_consumer_group_name", f"{s.prefix}.job_under_test")
    return [
        value for (n, labels), value in samples.items() if n == name and group in labels
    ]


def wait_for(
    port: int, condition: Callable[[dict], bool], timeout_s: float = WAIT_S
) -> dict:
    deadline = time.monotonic() + timeout_s
    samples = scrape(port)
    while not condition(samples) and time.monotonic() < deadline:
        time.sleep(0.5)
        samples = scrape(port)
    return samples


def test_job_counters_match_the_jobs_run_and_lag_drains(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Seven events (four succeed, two are refused, one succeeds on its second
    attempt): started, succeeded, failed, retried, dead-lettered and consumed
    messages equal the sums of what each instruction costs; every partition the
    worker owns reports a lag of zero at the end."""
    expected = sum((ATTEMPTS[i] for i in INSTRUCTIONS), Counter())
    port = free_port()
    with scenario(bootstrap_servers, tmp_path, retry_delays_s=[0.5]) as s:
        s.start_worker_process(
            PROCESSORS_HEALTH_PORT=str(port),
            PROCESSORS_HEALTH_HOST="127.0.0.1",
            PROCESSORS_STATISTICS_INTERVAL_S="1",
        )
        s.publish_copies([(f"copy-{n}", i) for n, i in enumerate(INSTRUCTIONS)])
        s.collect(s.result, at_least(expected["succeeded"]), timeout_s=WAIT_S)
        s.collect(s.dead_letter, at_least(expected["dead_lettered"]), timeout_s=WAIT_S)

        def counted(samples: dict) -> bool:
            found = job_samples(samples, "processors_job_succeeded_total", s)
            return found == [expected["succeeded"]]

        def drained(samples: dict) -> bool:
            lags = job_samples(samples, "processors_consumer_lag", s)
            return len(lags) >= 3 and sum(lags) == 0

        samples = wait_for(port, counted)
        lag_samples = wait_for(port, drained)

    def total(name: str) -> list[float]:
        return job_samples(samples, f"processors_job_{name}_total", s)

    assert total("started") == [expected["started"]]
    assert total("succeeded") == [expected["succeeded"]]
    assert total("retried") == [expected["retried"]]
    assert total("dead_lettered") == [expected["dead_lettered"]]
    assert total("failed") == [expected["retried"] + expected["dead_lettered"]]
    consumed = job_samples(samples, "messaging_client_consumed_messages_total", s)
    # Each trigger is taken once, and each retry once more from its retry topic.
    assert consumed == [len(INSTRUCTIONS) + expected["retried"]]
    lags = job_samples(lag_samples, "processors_consumer_lag", s)
    assert len(lags) >= 3
    assert sum(lags) == 0
