"""A worker's /livez fails while a poll loop stops turning and recovers when it turns
again; /readyz fails until every processor is in its group, including a member the
group has no partition for."""

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.integration.harness import scenario
from tests.integration.monitored import get, health_settings, monitored_worker, running

pytestmark = pytest.mark.kafka

WAIT_S = 30
WORKERS = 4
PARTITIONS = 3  # of the scenario's trigger topic, its only topic here


def wait_until(condition: Callable[[], bool], timeout_s: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_livez_fails_while_the_poll_loop_is_stuck_and_recovers(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Not ready before the worker runs, ready once it owns partitions; live, then
    503 naming the job once its loop is held past the 1.5 s limit, then live again
    once the loop is released."""
    with (
        scenario(bootstrap_servers, tmp_path) as s,
        monitored_worker(s, health_settings(liveness_stall_s=1.5)) as (worker, server),
    ):
        before_status, before_body = get(server, "/readyz")
        with running(worker):
            assert wait_until(lambda: get(server, "/readyz")[0] == 200)
            assert get(server, "/livez")[0] == 200
            processor = worker.processors[0]
            release = threading.Event()
            turn = processor.step

            def held_step() -> None:
                release.wait()
                turn()

            processor.step = held_step  # type: ignore[method-assign]
            assert wait_until(lambda: get(server, "/livez")[0] == 503, 10)
            stalled_body = get(server, "/livez")[1]
            release.set()
            processor.step = turn  # type: ignore[method-assign]
            assert wait_until(lambda: get(server, "/livez")[0] == 200, 10)

    assert before_status == 503
    assert f"{processor.job_name}: not a member of group" in before_body
    assert f"{processor.job_name}: poll loop stalled" in stalled_body
    assert "limit 1.5s" in stalled_body


def test_a_member_with_no_partition_left_is_ready(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Four workers, three partitions and no retry tier: three own one each, the
    fourth joined with nothing; all four answer /readyz 200, the idle one says why."""
    with (
        scenario(bootstrap_servers, tmp_path, max_attempts=1, retry_delays_s=[]) as s,
        ExitStack() as stack,
    ):
        members = [
            stack.enter_context(monitored_worker(s, health_settings()))
            for _ in range(WORKERS)
        ]
        for worker, _ in members:
            stack.enter_context(running(worker))
        # Cooperative rebalancing moves partitions in rounds; wait for the last.
        settled = wait_until(
            lambda: (
                sum(w.processors[0].assigned for w, _ in members) == PARTITIONS
                and all(get(server, "/readyz")[0] == 200 for _, server in members)
            ),
            60,
        )
        owners = [worker.processors[0].assigned for worker, _ in members]
        bodies = [get(server, "/readyz") for _, server in members]

    assert settled
    assert [status for status, _ in bodies] == [200] * WORKERS
    assert "which has no partition for it" in bodies[owners.index(False)][1]
