"""The HTTP endpoints of a worker: /livez, /readyz and /metrics (Prometheus text).

They run on a daemon thread beside the worker and only read what the processors
expose and what their consumers' statistics said, so a slow scrape never touches
the poll loops.
"""

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from processors.runtime import metrics
from processors.runtime.consumer_stats import ConsumerStats
from processors.runtime.health import (
    CheckedProcessor,
    HealthSettings,
    Verdict,
    liveness,
    readiness,
)

logger = logging.getLogger(__name__)

TEXT = "text/plain; charset=utf-8"


class HealthServer:
    """Serves the endpoints of one worker's processors until `stop()`."""

    def __init__(
        self,
        processors: Sequence[CheckedProcessor],
        stats: ConsumerStats,
        registry: CollectorRegistry,
        settings: HealthSettings,
    ) -> None:
        self.processors = processors
        self.stats = stats
        self.registry = registry
        self.settings = settings
        port = settings.health_port or 0
        self._server = ThreadingHTTPServer(
            (settings.health_host, port), _handler_for(self)
        )
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="health-server", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()
        logger.info(
            "serving /livez, /readyz and /metrics on %s:%d",
            self.settings.health_host,
            self.port,
        )

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def respond(self, path: str) -> tuple[HTTPStatus, str, bytes]:
        """Status, content type and body for a GET of `path`."""
        if path == "/livez":
            return _verdict(liveness(self.processors, self.settings.liveness_stall_s))
        if path == "/readyz":
            return _verdict(readiness(self.processors, self.stats))
        if path == "/metrics":
            return HTTPStatus.OK, CONTENT_TYPE_LATEST, generate_latest(self.registry)
        return HTTPStatus.NOT_FOUND, TEXT, b"only /livez, /readyz and /metrics\n"


class MonitoredProcessor(CheckedProcessor, metrics.ObservedProcessor, Protocol):
    """What health and metrics together read from a processor."""


def _verdict(verdict: Verdict) -> tuple[HTTPStatus, str, bytes]:
    status = HTTPStatus.OK if verdict.ok else HTTPStatus.SERVICE_UNAVAILABLE
    return status, TEXT, verdict.text.encode()


def _handler_for(server: HealthServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, content_type, body = server.respond(self.path.split("?")[0])
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            # Probes come every few seconds; their access log would drown the rest.
            if logger.isEnabledFor(logging.DEBUG):
                request = format % args
                logger.debug("health request: %s", request)

    return Handler


def consumer_config(settings: HealthSettings, stats: ConsumerStats) -> dict[str, Any]:
    """Consumer settings that feed `stats`, when anything will read them."""
    if settings.health_port is None and not metrics.otlp_wanted():
        return {}
    return stats.consumer_config()


@contextmanager
def monitoring(
    processors: Sequence[MonitoredProcessor],
    stats: ConsumerStats,
    settings: HealthSettings,
) -> Iterator[HealthServer | None]:
    """Metrics of these processors, and the endpoints when a port is configured."""
    registry = metrics.configure_metrics()
    metrics.observe(processors, stats)
    server = None
    if settings.health_port is not None:
        server = HealthServer(processors, stats, registry, settings)
        server.start()
    try:
        yield server
    finally:
        if server is not None:
            server.stop()
        metrics.forget(processors)
