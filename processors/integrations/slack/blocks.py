"""Slack Block Kit messages for one job failure and for a digest of several."""

from collections.abc import Sequence
from typing import Any

from processors.integrations.failures import JobFailure

Message = dict[str, Any]

HEADER_LIMIT = 150
SECTION_LIMIT = 3000
DIGEST_MESSAGE_LIMIT = 300
"""Characters of each error message shown in a digest."""


def job_url(dashboard_url: str, job_id: str) -> str:
    """The dashboard page of a job."""
    return f"{dashboard_url.rstrip('/')}/jobs/{job_id}"


def failure_message(failure: JobFailure, *, dashboard_url: str) -> Message:
    """One failure: what failed, where, why, and a link to its page."""
    url = job_url(dashboard_url, failure.job_id)
    title = f"Job failed: {failure.job_name}"
    blocks: list[Message] = [
        {"type": "header", "text": _plain(title[:HEADER_LIMIT])},
        {"type": "section", "fields": _fields(failure, url)},
        {"type": "section", "text": _mrkdwn(_code_block(failure.error_message))},
    ]
    if failure.topic is not None:
        blocks.append({"type": "context", "elements": [_mrkdwn(_origin(failure))]})
    button = {"type": "button", "text": _plain("Open in dashboard"), "url": url}
    blocks.append({"type": "actions", "elements": [button]})
    text = f"{title} ({failure.error_type}: {failure.error_message[:200]})"
    return {"text": text, "blocks": blocks}


def _fields(failure: JobFailure, url: str) -> list[dict[str, Any]]:
    fields = [
        f"*Job id*\n<{url}|{escape(failure.job_id)}>",
        f"*Key*\n{_code(failure.key or '(none)')}",
        f"*Error*\n{_code(failure.error_type)}",
        f"*Attempt*\n{_attempt(failure)}",
    ]
    return [_mrkdwn(field) for field in fields]


def digest_message(
    failures: Sequence[JobFailure], *, dashboard_url: str, max_items: int
) -> Message:
    """Several failures in one message, the first `max_items` listed."""
    shown, hidden = failures[:max_items], len(failures) - max_items
    title = f"{len(failures)} job failures"
    blocks: list[Message] = [{"type": "header", "text": _plain(title)}]
    for failure in shown:
        blocks.append(
            {"type": "section", "text": _mrkdwn(_digest_line(failure, dashboard_url))}
        )
    if hidden > 0:
        more = (
            f"and {hidden} more: <{dashboard_url.rstrip('/')}/jobs|see the dashboard>"
        )
        blocks.append({"type": "context", "elements": [_mrkdwn(more)]})
    names = sorted({failure.job_name for failure in failures})
    return {"text": f"{title} ({', '.join(names)})", "blocks": blocks}


def message_text(message: Message) -> str:
    """A plain rendering of a message, for logs."""
    lines = [message["text"]]
    for block in message["blocks"][1:]:
        text = block.get("text", {}).get("text")
        if text:
            lines.append(text)
    return "\n".join(lines)


def escape(text: str) -> str:
    """Text safe inside Slack mrkdwn: `&`, `<` and `>` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _digest_line(failure: JobFailure, dashboard_url: str) -> str:
    url = job_url(dashboard_url, failure.job_id)
    message = failure.error_message[:DIGEST_MESSAGE_LIMIT]
    return (
        f"*{escape(failure.job_name)}* <{url}|{escape(failure.job_id)}> · key "
        f"{_code(failure.key or '(none)')} · attempt {_attempt(failure)}\n"
        f"{_code(failure.error_type)} {escape(message)}"
    )[:SECTION_LIMIT]


def _attempt(failure: JobFailure) -> str:
    if failure.max_attempts is None:
        return str(failure.attempt)
    return f"{failure.attempt} of {failure.max_attempts}"


def _origin(failure: JobFailure) -> str:
    return (
        f"{escape(failure.topic or '')} partition {failure.partition} "
        f"offset {failure.offset}"
    )


def _code(text: str) -> str:
    quoted = escape(text.replace("`", "'"))
    return f"`{quoted}`"


def _code_block(text: str) -> str:
    fence = "```"
    room = SECTION_LIMIT - 2 * len(fence) - 1
    body = escape(text.replace(fence, "'''"))
    if len(body) > room:
        body = body[: room - 1] + "…"
    return f"{fence}{body}{fence}"


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": False}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}
