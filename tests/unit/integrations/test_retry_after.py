import email.utils

from processors.integrations.retry_after import parse_retry_after


def test_seconds_and_http_dates_are_understood() -> None:
    """Both forms of Retry-After give a wait in seconds."""
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 90, usegmt=True)

    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(date, now_s=now) == 90.0
    assert parse_retry_after(email.utils.formatdate(now - 5), now_s=now) == 0.0


def test_missing_or_garbled_values_give_no_wait() -> None:
    """Without a usable value the caller falls back to its own wait."""
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None
