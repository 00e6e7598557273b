"""Job failed events on the broker become one Slack digest per burst, never posted
twice for the same failure, and a Rollbar item each when a token is set."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from processors.contract.events import JobFailed
from processors.jobs import notifier
from tests.fakes.rollbar import RollbarState, rollbar_endpoint
from tests.fakes.slack import SlackState, slack_webhook
from tests.integration.harness import scenario

pytestmark = pytest.mark.kafka


def failed(job_id: str, key: str) -> JobFailed:
    return JobFailed(
        job_id=job_id,
        job_name="maisoku_reader",
        trigger_event_id=f"event-{job_id}",
        trigger_event_type="MaisokuUploaded",
        key=key,
        topic="articles.maisoku.uploaded",
        partition=0,
        offset=7,
        attempt=4,
        max_attempts=4,
        error_type="UnreadableDocument",
        error_message=f"page 1 of {key} is blank",
        first_failed_at="2026-12-01T00:00:00Z",
        dead_letter_topic="articles.maisoku.uploaded.dlq",
    )


@pytest.fixture
def services(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[SlackState, RollbarState]]:
    slack, rollbar = SlackState(), RollbarState()
    with slack_webhook(slack) as webhook_url, rollbar_endpoint(rollbar) as api_url:
        monkeypatch.setenv("SLACK_WEBHOOK_URL", webhook_url)
        monkeypatch.setenv("SLACK_DIGEST_WINDOW_S", "2")
        monkeypatch.setenv("SLACK_DASHBOARD_URL", "http://dashboard.test")
        monkeypatch.setenv("ROLLBAR_ACCESS_TOKEN", "rollbar-token")
        monkeypatch.setenv("ROLLBAR_ENDPOINT", api_url)
        notifier.notifications.cache_clear()
        yield slack, rollbar
    notifier.notifications.cache_clear()


def test_a_burst_is_one_digest_and_a_repeat_is_not_posted(
    bootstrap_servers: str, tmp_path: Path, services: tuple[SlackState, RollbarState]
) -> None:
    """Three failures within the window: one Slack post naming all three; the same
    failure published again: no second post; Rollbar got one item per failure."""
    slack, rollbar = services
    burst = [failed(f"job-{n}", f"article-{n}") for n in range(3)]
    with (
        scenario(
            bootstrap_servers,
            tmp_path,
            trigger_schema="JobFailed",
            handler="processors.jobs.notifier:notify_failure",
            produces=None,
            concurrency=16,
        ) as s,
        s.worker_thread(),
    ):
        s.publisher().publish_all(burst, topic=s.trigger)
        s.collect(s.status, lambda m: _succeeded(m) >= 3)
        s.publisher().publish(burst[0], topic=s.trigger)
        s.collect(s.status, lambda m: _succeeded(m) >= 4)

    assert len(slack.accepted) == 1
    text = str(slack.accepted[0])
    for failure in burst:
        assert failure.key in text
        assert f"http://dashboard.test/jobs/{failure.job_id}" in text
    assert len(rollbar.items) == 4
    assert rollbar.tokens == ["rollbar-token"] * 4


def _succeeded(messages: list) -> int:
    return sum(1 for m in messages if m.event.state.value == "succeeded")
