"""Job failures to Slack: deduplicated, grouped into digests, rate-limit aware.

The notifier holds no thread. Its owner feeds it failures with `notify` and calls
`flush` on a timer (`due_in_s` says when); a failure waits at most the digest
window before it is posted, together with every failure that arrived meanwhile.
A 429 from Slack defers the pending message to the time Slack names; server
errors and connection failures back off exponentially. `drain` posts what is left
before shutdown, waiting out rate limits within its timeout.
"""

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from processors.integrations.failures import JobFailure
from processors.integrations.settings import SlackSettings
from processors.integrations.slack.blocks import (
    Message,
    digest_message,
    failure_message,
)
from processors.integrations.slack.sinks import LogSink, PostOutcome, Sink, WebhookSink

logger = logging.getLogger(__name__)

DEFAULT_RATE_LIMIT_WAIT_S = 1.0
MAX_BACKOFF_S = 60.0


class SeenFailures:
    """Failures already taken, remembered for a time-to-live, oldest dropped first."""

    def __init__(self, *, ttl_s: float, max_entries: int) -> None:
        self._ttl_s = ttl_s
        self._max_entries = max_entries
        self._expiries: OrderedDict[tuple[str, int], float] = OrderedDict()

    def first_time(self, key: tuple[str, int], now_s: float) -> bool:
        """Remember the key; whether it was new (or forgotten) until now."""
        while self._expiries and next(iter(self._expiries.values())) <= now_s:
            self._expiries.popitem(last=False)
        if key in self._expiries:
            return False
        self._expiries[key] = now_s + self._ttl_s
        if len(self._expiries) > self._max_entries:
            self._expiries.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._expiries)


class SlackNotifier:
    """Collects job failures and posts them to Slack as messages and digests.

    One owner calls it; it is not safe to share between threads.
    """

    def __init__(
        self,
        settings: SlackSettings | None = None,
        *,
        sink: Sink | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or SlackSettings()
        self._sink = sink or _default_sink(self.settings)
        self._clock = clock
        self._sleep = sleep
        self._seen = SeenFailures(
            ttl_s=self.settings.dedupe_ttl_s,
            max_entries=self.settings.dedupe_max_entries,
        )
        self._pending: list[JobFailure] = []
        self._window_ends_at: float | None = None
        self._blocked_until = 0.0
        self._post_attempt = 0

    def notify(self, failure: JobFailure) -> bool:
        """Queue the failure for the next message; False if it was already queued."""
        now = self._clock()
        if not self._seen.first_time(failure.dedupe_key, now):
            logger.debug(
                "Job %s attempt %d was already notified; skipped",
                failure.job_id,
                failure.attempt,
            )
            return False
        if not self._pending:
            self._window_ends_at = now + self.settings.digest_window_s
        self._pending.append(failure)
        return True

    def due_in_s(self) -> float | None:
        """Seconds until `flush` has something to post; None when nothing waits."""
        if not self._pending or self._window_ends_at is None:
            return None
        due_at = max(self._window_ends_at, self._blocked_until)
        return max(0.0, due_at - self._clock())

    def flush(self) -> int:
        """Post the pending failures if their window has passed; returns how many."""
        wait_s = self.due_in_s()
        if wait_s is None or wait_s > 0:
            return 0
        return self._post_pending()

    def drain(self, *, timeout_s: float) -> int:
        """Post everything pending now, waiting out rate limits up to the timeout."""
        deadline = self._clock() + timeout_s
        posted = 0
        self._window_ends_at = self._clock() if self._pending else None
        while self._pending:
            wait_s = self._blocked_until - self._clock()
            if self._clock() + max(wait_s, 0.0) > deadline:
                logger.error(
                    "Slack: %d failure(s) not posted before shutdown: job ids %s",
                    len(self._pending),
                    [failure.job_id for failure in self._pending],
                )
                break
            if wait_s > 0:
                self._sleep(wait_s)
            posted += self._post_pending()
        return posted

    @property
    def pending(self) -> int:
        """Failures waiting to be posted."""
        return len(self._pending)

    def _post_pending(self) -> int:
        batch = list(self._pending)
        outcome = self._sink.post(self._message(batch))
        if outcome.delivered:
            self._settle(batch)
            logger.info("Slack: posted %d job failure(s)", len(batch))
            return len(batch)
        self._handle_refusal(batch, outcome)
        return 0

    def _message(self, batch: list[JobFailure]) -> Message:
        if len(batch) == 1:
            return failure_message(batch[0], dashboard_url=self.settings.dashboard_url)
        return digest_message(
            batch,
            dashboard_url=self.settings.dashboard_url,
            max_items=self.settings.digest_max_items,
        )

    def _handle_refusal(self, batch: list[JobFailure], outcome: PostOutcome) -> None:
        self._post_attempt += 1
        final = self._post_attempt >= self.settings.max_post_attempts
        if not outcome.retryable or final:
            self._drop(batch, outcome)
            return
        wait_s = self._wait_after(outcome)
        self._blocked_until = self._clock() + wait_s
        logger.warning(
            "Slack answered %d to a message of %d failure(s); next try in %.1f s",
            outcome.status,
            len(batch),
            wait_s,
        )

    def _drop(self, batch: list[JobFailure], outcome: PostOutcome) -> None:
        logger.error(
            "Slack refused a message after %d attempt(s) (status %d, %s); dropped "
            "the failures of jobs %s",
            self._post_attempt,
            outcome.status,
            outcome.detail,
            [failure.job_id for failure in batch],
        )
        self._settle(batch)

    def _wait_after(self, outcome: PostOutcome) -> float:
        if outcome.status == 429:
            return outcome.retry_after_s or DEFAULT_RATE_LIMIT_WAIT_S
        return min(MAX_BACKOFF_S, 2.0 ** (self._post_attempt - 1))

    def _settle(self, batch: list[JobFailure]) -> None:
        # Failures that arrived while the batch was in flight start a new window.
        self._pending = self._pending[len(batch) :]
        self._post_attempt = 0
        self._window_ends_at = (
            self._clock() + self.settings.digest_window_s if self._pending else None
        )


def _default_sink(settings: SlackSettings) -> Sink:
    if settings.webhook_url is None:
        return LogSink()
    return WebhookSink(
        settings.webhook_url.get_secret_value(), timeout_s=settings.timeout_s
    )
