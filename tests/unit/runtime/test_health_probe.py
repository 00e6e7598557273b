"""The container HEALTHCHECK's probe: exit 0 only when the endpoint answers 200."""

import time
from collections.abc import Iterator

import pytest

from processors.runtime import metrics
from processors.runtime.consumer_stats import ConsumerStats
from processors.runtime.health import HealthSettings
from processors.runtime.health_probe import main, probe
from processors.runtime.health_server import HealthServer
from tests.unit.runtime.processor_views import ProcessorView


@pytest.fixture
def served() -> Iterator[tuple[HealthServer, ProcessorView]]:
    """A live, unassigned processor behind real endpoints on 127.0.0.1."""
    view = ProcessorView("probed_job")
    settings = HealthSettings(health_port=0, health_host="127.0.0.1")
    server = HealthServer(
        [view], ConsumerStats(), metrics.configure_metrics(), settings
    )
    server.start()
    yield server, view
    server.stop()


def settings_for(server: HealthServer) -> HealthSettings:
    return HealthSettings(health_port=server.port)


def test_a_live_worker_passes_and_an_unready_one_fails(
    served: tuple[HealthServer, ProcessorView],
) -> None:
    """Loop turning, no group yet: livez passes, readyz fails with its reason."""
    server, _ = served

    live = probe("livez", settings_for(server))
    ready = probe("readyz", settings_for(server))

    assert live[0] is True
    assert ready == (
        False,
        "probed_job: not a member of group processors.probed_job yet\n",
    )


def test_a_stalled_worker_fails_the_healthcheck(
    served: tuple[HealthServer, ProcessorView],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Past the stall limit the probe's exit code is 1 and stderr says why."""
    server, view = served
    view.last_loop_at = time.monotonic() - 120
    monkeypatch.setenv("PROCESSORS_HEALTH_PORT", str(server.port))

    code = main(["livez"])

    assert code == 1
    assert "probed_job: poll loop stalled" in capsys.readouterr().err


def test_no_port_no_server_or_a_wrong_endpoint_fail() -> None:
    assert probe("livez", HealthSettings()) == (
        False,
        "PROCESSORS_HEALTH_PORT is not set: this worker serves no endpoints",
    )
    assert probe("healthz", HealthSettings(health_port=1))[0] is False
    unreachable = probe("livez", HealthSettings(health_port=1))
    assert unreachable[0] is False
    assert "did not answer" in unreachable[1]
