from processors.integrations.slack.blocks import (
    SECTION_LIMIT,
    digest_message,
    failure_message,
    job_url,
)
from tests.factories.failures import job_failure


def test_job_links_join_the_dashboard_and_the_job_id() -> None:
    """A trailing slash on the dashboard URL does not double up."""
    assert job_url("https://d.test/", "job-1") == "https://d.test/jobs/job-1"


def test_mrkdwn_control_characters_in_errors_are_escaped() -> None:
    """`<`, `>` and `&` from an error message cannot form Slack links."""
    failure = job_failure(1, error_message="<!channel> & <https://evil.test|click>")

    message = failure_message(failure, dashboard_url="https://d.test")

    rendered = str(message["blocks"])
    assert "<!channel>" not in rendered
    assert "&lt;!channel&gt; &amp; &lt;https://evil.test|click&gt;" in rendered


def test_a_huge_error_message_is_cut_to_the_block_limit() -> None:
    """Long tracebacks are truncated to what Slack accepts in one section."""
    failure = job_failure(1, error_message="x" * 10_000)

    message = failure_message(failure, dashboard_url="https://d.test")

    for block in message["blocks"]:
        text = block.get("text", {}).get("text", "")
        assert len(text) <= SECTION_LIMIT


def test_a_digest_lists_at_most_the_cap_and_counts_the_rest() -> None:
    """Twelve failures with a cap of five: five sections and `and 7 more`."""
    failures = [job_failure(number) for number in range(12)]

    message = digest_message(failures, dashboard_url="https://d.test", max_items=5)

    sections = [block for block in message["blocks"] if block["type"] == "section"]
    assert len(sections) == 5
    assert "and 7 more" in str(message["blocks"][-1])
    assert message["text"] == "12 job failures (sbj_maisoku)"


def test_a_failure_without_origin_has_no_context_block() -> None:
    """Failures reported outside Kafka carry no topic line."""
    failure = job_failure(1, topic=None, partition=None, offset=None, key=None)

    message = failure_message(failure, dashboard_url="https://d.test")

    assert [block["type"] for block in message["blocks"]] == [
        "header",
        "section",
        "section",
        "actions",
    ]
    assert "(none)" in str(message["blocks"][1])
