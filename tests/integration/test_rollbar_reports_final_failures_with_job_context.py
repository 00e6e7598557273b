from collections.abc import Callable, Iterator

import pytest

from processors.integrations.failures import JobFailure
from processors.integrations.rollbar import RollbarReporter
from processors.integrations.settings import RollbarSettings
from tests.factories.failures import job_failure
from tests.fakes.rollbar import RollbarState, rollbar_endpoint

TOKEN = "test-post-server-item-token"


@pytest.fixture
def endpoint() -> Iterator[tuple[str, RollbarState]]:
    state = RollbarState()
    with rollbar_endpoint(state) as url:
        yield url, state


@pytest.fixture
def make_reporter(
    endpoint: tuple[str, RollbarState],
) -> Callable[..., RollbarReporter]:
    def make(token: str | None = TOKEN) -> RollbarReporter:
        settings = RollbarSettings(
            access_token=token,
            endpoint=endpoint[0],
            environment="test",
        )
        return RollbarReporter(settings)

    return make


def _raised(message: str) -> BaseException:
    try:
        raise ValueError(message)
    except ValueError as exc:
        return exc


def test_a_final_failure_is_reported_with_its_traceback_and_context(
    make_reporter: Callable[..., RollbarReporter],
    endpoint: tuple[str, RollbarState],
) -> None:
    """The item carries the trace, the job's coordinates and a per-job fingerprint."""
    _, state = endpoint
    failure = job_failure(9)

    assert make_reporter().report_failure(failure, _raised("bad flyer"))

    [item] = state.items
    data = item["data"]
    assert state.tokens == [TOKEN]
    assert data["environment"] == "test"
    assert data["body"]["trace"]["exception"] == {
        "class": "ValueError",
        "message": "bad flyer",
    }
    assert data["context"] == "sbj_maisoku"
    assert data["custom"] == {
        "job_name": "sbj_maisoku",
        "job_id": "sbj_maisoku-0009",
        "key": "article-9",
        "attempt": 3,
        "max_attempts": 3,
        "topic": "maisoku.sbj.requested",
        "partition": 2,
        "offset": 4109,
        "error_type": "BandNotFoundError",
        "error_message": "no broker band found on flyer 9",
    }
    assert data["fingerprint"] == "sbj_maisoku:BandNotFoundError"
    frames = data["body"]["trace"]["frames"]
    assert frames and all("locals" not in frame for frame in frames)


def test_a_failure_known_only_from_its_event_is_reported_as_a_message(
    make_reporter: Callable[..., RollbarReporter],
    endpoint: tuple[str, RollbarState],
) -> None:
    """Without an exception object the item is a message naming job and error."""
    _, state = endpoint

    make_reporter().report_failure(job_failure(4))

    [item] = state.items
    body = item["data"]["body"]["message"]["body"]
    assert body == "sbj_maisoku: BandNotFoundError: no broker band found on flyer 4"
    assert item["data"]["level"] == "error"


def test_failures_that_will_be_retried_are_not_reported(
    make_reporter: Callable[..., RollbarReporter],
    endpoint: tuple[str, RollbarState],
) -> None:
    """Only the last attempt of a job reaches Rollbar."""
    _, state = endpoint
    retried: JobFailure = job_failure(2, attempt=1, final=False)

    assert not make_reporter().report_failure(retried, _raised("timeout"))
    assert state.items == []


def test_without_a_token_nothing_is_sent(
    make_reporter: Callable[..., RollbarReporter],
    endpoint: tuple[str, RollbarState],
) -> None:
    """ROLLBAR_ACCESS_TOKEN unset: the reporter is off and posts nothing."""
    _, state = endpoint
    reporter = make_reporter(token=None)

    assert not reporter.enabled
    assert not reporter.report_failure(job_failure(1), _raised("x"))
    assert state.items == []
