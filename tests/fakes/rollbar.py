"""A local Rollbar API endpoint that records the items posted to it."""

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.http import FakeServer, QuietHandler, serve


@dataclass
class RollbarState:
    """Items received, with the access token each came with."""

    items: list[dict[str, Any]] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(QuietHandler):
    server: FakeServer

    def do_POST(self) -> None:
        state = self.server.state
        assert isinstance(state, RollbarState)
        body = self.read_body()
        if self.path != "/api/1/item/":
            self.reply(404, b'{"err": 1, "message": "not found"}')
            return
        with state.lock:
            state.items.append(json.loads(body))
            state.tokens.append(self.headers.get("X-Rollbar-Access-Token", ""))
        answer = {"err": 0, "result": {"id": None, "uuid": str(uuid.uuid4())}}
        self.reply(200, json.dumps(answer).encode())


@contextmanager
def rollbar_endpoint(state: RollbarState) -> Iterator[str]:
    """Run the fake on a free port; yields the API base URL (ends with `/api/1/`)."""
    with serve(_Handler, state) as server:
        yield f"{server.base_url}/api/1/"
