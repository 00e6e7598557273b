"""The endpoints over real HTTP on 127.0.0.1: status codes, bodies, content types."""

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest

from processors.runtime import metrics
from processors.runtime.consumer_stats import ConsumerStats
from processors.runtime.health import HealthSettings
from processors.runtime.health_server import HealthServer
from tests.unit.runtime.processor_views import ProcessorView

Get = Callable[[str], tuple[int, str, str]]


@pytest.fixture
def serve() -> Iterator[Callable[[list[ProcessorView]], Get]]:
    """A factory: serve these processors, return a GET function for the server."""
    servers: list[HealthServer] = []

    def start(views: list[ProcessorView]) -> Get:
        settings = HealthSettings(
            health_port=0, health_host="127.0.0.1", liveness_stall_s=30
        )
        server = HealthServer(
            views, ConsumerStats(), metrics.configure_metrics(), settings
        )
        server.start()
        servers.append(server)
        return lambda path: get(server.port, path)

    yield start
    for server in servers:
        server.stop()


def get(port: int, path: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
            return r.status, r.headers["Content-Type"], r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_a_healthy_assigned_worker_answers_200(serve: Callable) -> None:
    """Live and ready: 200 with one plain-text line per processor."""
    get_ = serve([ProcessorView("served_job", assigned=True)])

    live = get_("/livez")
    ready = get_("/readyz")

    assert live[0] == 200
    assert live[1].startswith("text/plain")
    assert live[2].startswith("served_job: poll loop turned")
    assert ready[:1] == (200,)
    assert ready[2] == "served_job: owns partitions in group processors.served_job\n"


def test_a_stalled_unassigned_worker_answers_503(serve: Callable) -> None:
    """A loop idle past the limit and no group: both probes fail, saying why."""
    stalled = ProcessorView("stuck_job", last_loop_at=time.monotonic() - 31)
    get_ = serve([stalled])

    live = get_("/livez")
    ready = get_("/readyz")

    assert live[0] == 503
    assert "stuck_job: poll loop stalled" in live[2]
    assert ready[0] == 503
    assert "stuck_job: not a member of group" in ready[2]


def test_metrics_are_prometheus_text_and_other_paths_are_404(serve: Callable) -> None:
    """/metrics carries the Prometheus content type; an unknown path lists the
    real ones."""
    get_ = serve([ProcessorView("scraped_job")])
    metrics.record_job("scraped_job", "succeeded", 1.0)

    scraped = get_("/metrics")
    missing = get_("/health")

    assert scraped[0] == 200
    assert scraped[1].startswith("text/plain; version=")
    assert 'processors_job_duration_seconds_count{job_name="scraped_job"' in scraped[2]
    assert missing[0] == 404
    assert "/livez, /readyz and /metrics" in missing[2]
