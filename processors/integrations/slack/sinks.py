"""Where Slack messages go: an incoming webhook, or the log when none is set."""

import logging
from dataclasses import dataclass
from typing import Protocol

from slack_sdk.webhook import WebhookClient

from processors.integrations.retry_after import parse_retry_after
from processors.integrations.slack.blocks import Message, message_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PostOutcome:
    """How a post went: `status` 0 means no HTTP answer (connection failure)."""

    status: int
    retry_after_s: float | None = None
    detail: str = ""

    @property
    def delivered(self) -> bool:
        return 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        return self.status in (0, 429) or self.status >= 500


class Sink(Protocol):
    """Something that takes a Slack message."""

    def post(self, message: Message) -> PostOutcome: ...


class WebhookSink:
    """Posts messages to a Slack incoming webhook."""

    def __init__(self, url: str, *, timeout_s: float) -> None:
        # No retry handlers: the notifier decides when to try again.
        self._client = WebhookClient(url, timeout=round(timeout_s), retry_handlers=[])

    def post(self, message: Message) -> PostOutcome:
        try:
            response = self._client.send(text=message["text"], blocks=message["blocks"])
        except OSError as exc:
            return PostOutcome(status=0, detail=str(exc))
        headers = {name.lower(): value for name, value in response.headers.items()}
        retry_after = headers.get("retry-after")
        wait_s = parse_retry_after(
            retry_after[0] if isinstance(retry_after, list) else retry_after
        )
        return PostOutcome(response.status_code, wait_s, str(response.body)[:200])


class LogSink:
    """Writes messages to the log, for setups without a Slack webhook."""

    def post(self, message: Message) -> PostOutcome:
        logger.warning(
            "Slack message (no SLACK_WEBHOOK_URL set): %s", message_text(message)
        )
        return PostOutcome(status=200)
