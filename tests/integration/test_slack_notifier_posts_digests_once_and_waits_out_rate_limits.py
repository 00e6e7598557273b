import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from processors.integrations.settings import SlackSettings
from processors.integrations.slack import SlackNotifier
from tests.factories.failures import job_failure
from tests.fakes.slack import SlackState, WebhookAnswer, slack_webhook

DASHBOARD = "https://jobs.example.test"


@dataclass
class Setup:
    notifier: SlackNotifier
    state: SlackState
    clock: list[float]

    def advance(self, seconds: float) -> None:
        self.clock[0] += seconds


@pytest.fixture
def make_notifier() -> Iterator[Callable[..., Setup]]:
    state = SlackState()
    with slack_webhook(state) as url:

        def make(**overrides: object) -> Setup:
            clock = [0.0]
            fields: dict[str, object] = {
                "webhook_url": url,
                "dashboard_url": DASHBOARD,
                "digest_window_s": 30,
                "timeout_s": 5,
            }
            settings = SlackSettings(**{**fields, **overrides})  # type: ignore[arg-type]
            notifier = SlackNotifier(
                settings,
                clock=lambda: clock[0],
                sleep=lambda seconds: clock.__setitem__(0, clock[0] + seconds),
            )
            return Setup(notifier, state, clock)

        yield make


def _texts(payload: dict[str, object]) -> str:
    return str(payload)


def test_a_single_failure_is_posted_after_its_window(
    make_notifier: Callable[..., Setup],
) -> None:
    """One failure becomes one Block Kit message linking to the job's page."""
    setup = make_notifier()
    failure = job_failure(7)
    setup.notifier.notify(failure)

    assert setup.notifier.flush() == 0
    setup.advance(30)
    assert setup.notifier.flush() == 1

    [payload] = setup.state.accepted
    text = _texts(payload)
    for expected in (
        "Job failed: sbj_maisoku",
        "article-7",
        "BandNotFoundError",
        "3 of 3",
        f"{DASHBOARD}/jobs/sbj_maisoku-0007",
        "maisoku.sbj.requested partition 2 offset 4107",
    ):
        assert expected in text
    assert payload["blocks"][0]["type"] == "header"


def test_a_burst_becomes_one_digest_capped_with_and_n_more(
    make_notifier: Callable[..., Setup],
) -> None:
    """Fifteen failures in one window are one message: ten listed, five counted."""
    setup = make_notifier(digest_max_items=10)
    for number in range(1, 16):
        setup.notifier.notify(job_failure(number))
        setup.advance(1)

    setup.advance(30)
    posted = setup.notifier.flush()

    assert posted == 15
    [payload] = setup.state.accepted
    listed = [b for b in payload["blocks"] if b["type"] == "section"]
    assert len(listed) == 10
    assert "15 job failures" in _texts(payload)
    assert "and 5 more" in _texts(payload)


def test_the_same_failure_is_never_posted_twice(
    make_notifier: Callable[..., Setup],
) -> None:
    """A repeated job id and attempt is dropped, even after it was posted."""
    setup = make_notifier()
    assert setup.notifier.notify(job_failure(1, attempt=1))
    assert not setup.notifier.notify(job_failure(1, attempt=1))
    assert setup.notifier.notify(job_failure(1, attempt=2))
    setup.advance(30)
    setup.notifier.flush()

    assert not setup.notifier.notify(job_failure(1, attempt=2))
    setup.advance(60)

    assert setup.notifier.flush() == 0
    [payload] = setup.state.accepted
    assert "2 job failures" in _texts(payload)


def test_a_rate_limit_defers_the_message_by_retry_after(
    make_notifier: Callable[..., Setup],
) -> None:
    """A 429 keeps the failures; they go out once Retry-After has passed."""
    setup = make_notifier()
    setup.state.answers.append(
        WebhookAnswer(429, "rate_limited", {"Retry-After": "12"})
    )
    setup.notifier.notify(job_failure(1))
    setup.advance(30)

    assert setup.notifier.flush() == 0
    assert setup.notifier.due_in_s() == 12
    setup.advance(11)
    assert setup.notifier.flush() == 0
    setup.advance(1)
    assert setup.notifier.flush() == 1

    assert len(setup.state.received) == 2
    assert len(setup.state.accepted) == 1


def test_failures_arriving_during_a_rate_limit_join_the_next_message(
    make_notifier: Callable[..., Setup],
) -> None:
    """What arrives while Slack rate-limits goes out in the same later message."""
    setup = make_notifier()
    setup.state.answers.append(WebhookAnswer(429, "rate_limited", {"Retry-After": "5"}))
    setup.notifier.notify(job_failure(1))
    setup.advance(30)
    setup.notifier.flush()
    setup.notifier.notify(job_failure(2))
    setup.advance(5)

    assert setup.notifier.flush() == 2
    assert "2 job failures" in _texts(setup.state.accepted[0])


def test_drain_waits_out_the_rate_limit_before_shutdown(
    make_notifier: Callable[..., Setup],
) -> None:
    """At shutdown pending failures are posted at once, after Retry-After."""
    setup = make_notifier()
    setup.state.answers.append(WebhookAnswer(429, "rate_limited", {"Retry-After": "3"}))
    setup.notifier.notify(job_failure(1))

    posted = setup.notifier.drain(timeout_s=10)

    assert posted == 1
    assert setup.clock[0] == 3
    assert setup.notifier.pending == 0


def test_server_errors_back_off_then_drop_with_an_error(
    make_notifier: Callable[..., Setup], caplog: pytest.LogCaptureFixture
) -> None:
    """Repeated 500s are retried with backoff and dropped after the last attempt."""
    setup = make_notifier(max_post_attempts=3)
    setup.state.answers += [WebhookAnswer(500, "error")] * 3
    setup.notifier.notify(job_failure(1))
    setup.advance(30)

    waits = []
    for _ in range(3):
        setup.notifier.flush()
        waits.append(setup.notifier.due_in_s())
        setup.advance(setup.notifier.due_in_s() or 0)

    assert waits == [1.0, 2.0, None]
    assert setup.state.accepted == []
    assert "dropped the failures of jobs ['sbj_maisoku-0001']" in caplog.text


def test_a_refused_message_is_dropped_at_once(
    make_notifier: Callable[..., Setup],
) -> None:
    """A 400 (e.g. invalid blocks) is not retried."""
    setup = make_notifier()
    setup.state.answers.append(WebhookAnswer(400, "invalid_blocks"))
    setup.notifier.notify(job_failure(1))
    setup.advance(30)

    assert setup.notifier.flush() == 0
    assert setup.notifier.pending == 0
    assert len(setup.state.received) == 1


def test_without_a_webhook_the_message_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No webhook URL: the message text goes to the log instead."""
    notifier = SlackNotifier(SlackSettings(webhook_url=None, digest_window_s=0))
    notifier.notify(job_failure(5))

    with caplog.at_level(logging.WARNING):
        assert notifier.flush() == 1

    assert "Job failed: sbj_maisoku" in caplog.text
    assert "no broker band found on flyer 5" in caplog.text
