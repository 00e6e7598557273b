"""A local Slack incoming webhook that records what is posted to it.

Answers are scripted: each queued `WebhookAnswer` answers one post, in order;
without one the webhook accepts the post with 200 `ok`, as Slack does.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.http import FakeServer, QuietHandler, serve

WEBHOOK_PATH = "/services/T000/B000/fake"


@dataclass(frozen=True)
class WebhookAnswer:
    """One scripted answer to a post."""

    status: int
    body: str = "ok"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class SlackState:
    """Posts received, accepted or not, and the answers still to give."""

    answers: list[WebhookAnswer] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(QuietHandler):
    server: FakeServer

    def do_POST(self) -> None:
        state = self.server.state
        assert isinstance(state, SlackState)
        payload = json.loads(self.read_body() or b"{}")
        with state.lock:
            state.received.append(payload)
            answer = state.answers.pop(0) if state.answers else WebhookAnswer(200)
            if self.path != WEBHOOK_PATH:
                answer = WebhookAnswer(404, "no_service")
            if answer.status == 200:
                state.accepted.append(payload)
        self.reply(
            answer.status,
            answer.body.encode(),
            content_type="text/html",
            headers=answer.headers,
        )


@contextmanager
def slack_webhook(state: SlackState) -> Iterator[str]:
    """Run the fake webhook on a free port; yields its URL."""
    with serve(_Handler, state) as server:
        yield f"{server.base_url}{WEBHOOK_PATH}"
