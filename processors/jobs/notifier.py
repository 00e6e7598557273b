"""Tell people about jobs that failed for good: Slack digests and Rollbar items.

Failures of one burst share a Slack digest. A notification job returns only once
the digest holding its failure was posted (or refused for good), so its offset is
committed after the message left, and a crashed notifier re-notifies rather than
forgets; the notifier's memory of posted failures keeps a replayed event from
being posted twice.
"""

import logging
import threading
import time
from functools import cache

from processors.contract.events import JobFailed
from processors.integrations.failures import JobFailure
from processors.integrations.rollbar import RollbarReporter
from processors.integrations.slack import SlackNotifier
from processors.runtime.job import JobContext

logger = logging.getLogger(__name__)

POLL_S = 0.1


class Notifications:
    """The process's Slack notifier and Rollbar reporter, shared by job threads."""

    def __init__(self) -> None:
        self.slack = SlackNotifier()
        self.rollbar = RollbarReporter()
        self._lock = threading.Lock()

    def deliver(self, failure: JobFailure) -> None:
        self.rollbar.report_failure(failure)
        with self._lock:
            self.slack.notify(failure)
        while not self._flushed():
            time.sleep(POLL_S)

    def _flushed(self) -> bool:
        with self._lock:
            if self.slack.due_in_s() is None:
                return True
            self.slack.flush()
            return self.slack.due_in_s() is None


@cache
def notifications() -> Notifications:
    return Notifications()


def failure_of(event: JobFailed) -> JobFailure:
    return JobFailure(
        job_name=event.job_name,
        job_id=event.job_id,
        key=event.key,
        error_type=event.error_type,
        error_message=event.error_message,
        attempt=event.attempt,
        max_attempts=event.max_attempts,
        topic=event.topic,
        partition=event.partition,
        offset=event.offset,
        final=True,
    )


def notify_failure(event: JobFailed, context: JobContext) -> None:
    """Post the failure to Slack (in a digest) and report it to Rollbar."""
    if event.job_name == context.job_name:
        # Notifying about the notifier's own failures would feed them back to it.
        logger.error(
            "notifier job %s failed for good (%s: %s); not notified again",
            event.job_id,
            event.error_type,
            event.error_message,
        )
        return
    notifications().deliver(failure_of(event))
