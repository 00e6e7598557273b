"""A threaded HTTP(S) server on 127.0.0.1, on a free port, for the fake services."""

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class FakeServer(ThreadingHTTPServer):
    """An HTTP server whose handlers reach shared state through `self.server.state`."""

    daemon_threads = True

    def __init__(
        self, handler: type[BaseHTTPRequestHandler], state: object, *, scheme: str
    ) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.state = state
        self.scheme = scheme

    @property
    def host_port(self) -> str:
        host, port = self.server_address[:2]
        return f"{host!s}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host_port}"


@contextmanager
def serve(
    handler: type[BaseHTTPRequestHandler],
    state: object,
    *,
    tls: tuple[Path, Path] | None = None,
) -> Iterator[FakeServer]:
    """Run the handler on a free port until the block ends; `tls` = (cert, key)."""
    server = FakeServer(handler, state, scheme="https" if tls else "http")
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile=str(tls[0]), keyfile=str(tls[1]))
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that keeps the test output free of access logs."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length)

    def reply(
        self,
        status: int,
        body: bytes = b"",
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
