"""Reading the `Retry-After` header servers send with 429 and 503 answers."""

import email.utils
import time


def parse_retry_after(value: str | None, *, now_s: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    current = time.time() if now_s is None else now_s
    return max(0.0, moment.timestamp() - current)
