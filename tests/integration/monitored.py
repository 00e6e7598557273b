"""Factories for health and metrics scenarios: a worker whose consumers report
their statistics, its endpoints on 127.0.0.1, and plain HTTP GETs against them."""

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from processors.messaging.producer import PRODUCER_DEFAULTS
from processors.runtime.consumer_stats import ConsumerStats
from processors.runtime.health import HealthSettings
from processors.runtime.health_server import HealthServer, monitoring
from processors.runtime.worker import Worker
from tests.integration.harness import CODEC, JOB, Scenario

GET_TIMEOUT_S = 10


def health_settings(**overrides: Any) -> HealthSettings:
    """Endpoints on a free loopback port; statistics every second."""
    values: dict[str, Any] = {
        "health_port": 0,
        "health_host": "127.0.0.1",
        "statistics_interval_s": 1,
        **overrides,
    }
    return HealthSettings(**values)


@contextmanager
def monitored_worker(
    s: Scenario, health: HealthSettings, **runtime: Any
) -> Iterator[tuple[Worker, HealthServer]]:
    """A worker for the scenario's job with its endpoints served, not yet running."""
    stats = ConsumerStats(health.statistics_interval_s)
    worker = Worker(
        [JOB],
        s.catalog,
        CODEC,
        {"bootstrap.servers": s.bootstrap_servers, **stats.consumer_config()},
        {"bootstrap.servers": s.bootstrap_servers, **PRODUCER_DEFAULTS},
        s.worker_settings(**runtime),
    )
    with monitoring(worker.processors, stats, health) as server:
        assert server is not None
        yield worker, server


@contextmanager
def running(worker: Worker) -> Iterator[Worker]:
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.stop()
        thread.join(60)


def get(server: HealthServer, path: str) -> tuple[int, str]:
    """Status and body of a GET; error statuses are returned, not raised."""
    url = f"http://127.0.0.1:{server.port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=GET_TIMEOUT_S) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
