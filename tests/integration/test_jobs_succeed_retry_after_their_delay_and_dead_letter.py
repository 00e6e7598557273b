"""A job's outcomes: results on success, a retry that waits for its delay, and a
dead-letter record with a job failed event when it fails for good; bad bytes go to
the dead-letter topic too and the worker keeps going."""

from pathlib import Path

import pytest

from processors.contract import headers
from processors.contract.events import JobState
from processors.runtime.job import job_id
from tests.integration.harness import JOB, at_least, scenario

pytestmark = pytest.mark.kafka


def states_of(status_messages, job) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [
        (m.event.state.value, m.event.attempt)
        for m in status_messages
        if m.event.job_id == job
    ]


def test_a_successful_job_produces_its_result_and_status_trail(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """One result per event, keyed like the trigger, with the job id in its
    headers; status goes queued, running, succeeded."""
    with scenario(bootstrap_servers, tmp_path) as s, s.worker_thread():
        sent = s.publish_copies([(f"copy-{n}", "ok") for n in range(5)])
        results = s.collect(s.result, at_least(5))
        statuses = s.collect(s.status, at_least(15))

    assert sorted(m.event.trigger_event_id for m in results) == sorted(
        e.event_id for e in sent
    )
    for message in results:
        trigger = next(e for e in sent if e.event_id == message.event.trigger_event_id)
        assert message.key == trigger.certified_copy_id
        assert message.headers[headers.JOB_ID] == job_id(JOB, trigger.event_id)
    first = job_id(JOB, sent[0].event_id)
    assert states_of(statuses, first) == [
        ("queued", 1),
        ("running", 1),
        ("succeeded", 1),
    ]
    done = next(
        m.event
        for m in statuses
        if m.event.job_id == first and m.event.state == JobState.SUCCEEDED
    )
    result = next(m for m in results if m.event.trigger_event_id == sent[0].event_id)
    assert (done.outcome_topic, done.outcome_partition, done.outcome_offset) == (
        s.result,
        result.partition,
        result.offset,
    )


def test_a_retryable_failure_is_retried_after_its_delay_then_succeeds(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Attempt 1 fails, attempt 2 starts no sooner than the 2 s retry delay and
    succeeds; the retry record carries attempt, not-before and the error."""
    with (
        scenario(bootstrap_servers, tmp_path, retry_delays_s=[2]) as s,
        s.worker_thread(),
    ):
        (event,) = s.publish_copies([("copy-r", "fail-until:2")])
        results = s.collect(s.result, at_least(1))
        statuses = s.collect(s.status, at_least(6))
        retries = s.collect(s.catalog.retry_topic(JOB, 2), at_least(1))

    job = job_id(JOB, event.event_id)
    assert results[0].event.fields.location == "attempt 2"
    trail = [m.event for m in statuses if m.event.job_id == job]
    assert [(e.state, e.attempt) for e in trail] == [
        (JobState.QUEUED, 1),
        (JobState.RUNNING, 1),
        (JobState.RETRYING, 1),
        (JobState.QUEUED, 2),
        (JobState.RUNNING, 2),
        (JobState.SUCCEEDED, 2),
    ]
    retrying, second_start = trail[2], trail[4].started_at
    assert retrying.next_attempt_at is not None and second_start is not None
    assert second_start >= retrying.next_attempt_at
    assert (retrying.next_attempt_at - retrying.finished_at).total_seconds() >= 1.9
    retry = retries[0].headers
    assert retry[headers.ATTEMPT] == "2"
    assert retry[headers.ERROR_TYPE] == "ScannerOffline"
    assert retry[headers.ORIGINAL_TOPIC] == s.trigger
    assert retries[0].event == event


def test_exhausted_attempts_dead_letter_with_full_headers_and_a_failed_event(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """After max_attempts the original message lands in the dead-letter topic with
    where it came from and why, and jobs.failed says so."""
    with (
        scenario(
            bootstrap_servers, tmp_path, retry_delays_s=[0.5], max_attempts=2
        ) as s,
        s.worker_thread(),
    ):
        (event,) = s.publish_copies([("copy-x", "always-fail")])
        dead = s.collect(s.dead_letter, at_least(1))
        failed = s.collect(s.failed, at_least(1))

    record = dead[0]
    assert record.event == event
    assert record.key == "copy-x"
    assert record.headers[headers.ATTEMPT] == "2"
    assert record.headers[headers.ERROR_KIND] == "attempts-exhausted"
    assert record.headers[headers.ERROR_TYPE] == "ScannerOffline"
    assert "attempt 2" in record.headers[headers.ERROR_MESSAGE]
    assert record.headers[headers.ORIGINAL_TOPIC] == s.trigger
    assert record.headers[headers.ORIGINAL_OFFSET] == "0"
    assert headers.FIRST_FAILED_AT in record.headers
    assert headers.DEAD_LETTERED_AT in record.headers
    assert record.headers[headers.JOB_ID] == job_id(JOB, event.event_id)
    job_failed = failed[0].event
    assert job_failed.job_id == job_id(JOB, event.event_id)
    assert (job_failed.attempt, job_failed.max_attempts) == (2, 2)
    assert job_failed.dead_letter_topic == s.dead_letter


def test_a_non_retryable_failure_is_dead_lettered_at_once(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """No retry topic is used: attempt 1 goes straight to the dead-letter topic."""
    with scenario(bootstrap_servers, tmp_path) as s, s.worker_thread():
        s.publish_copies([("copy-n", "refuse"), ("copy-w", "wrong-result")])
        dead = s.collect(s.dead_letter, at_least(2))
        retries = s.collect(s.catalog.retry_topic(JOB, 1), at_least(1), timeout_s=2)

    kinds = {m.key: m.headers for m in dead}
    assert kinds["copy-n"][headers.ERROR_KIND] == "non-retryable"
    assert kinds["copy-n"][headers.ERROR_TYPE] == "NotACertifiedCopy"
    assert kinds["copy-n"][headers.ATTEMPT] == "1"
    assert kinds["copy-w"][headers.ERROR_TYPE] == "WrongResultType"
    assert "must return CertifiedCopyRead" in kinds["copy-w"][headers.ERROR_MESSAGE]
    assert retries == []


def test_garbage_bytes_are_dead_lettered_and_the_worker_keeps_going(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """The raw bytes are kept with the reason; the next good event still runs."""
    with scenario(bootstrap_servers, tmp_path) as s, s.worker_thread():
        producer = s.publisher().producer
        producer.produce(s.trigger, value=b"garbage\x00\x01", key=b"copy-g")
        producer.produce(s.trigger, value=b"", key=b"copy-g")
        producer.flush(10)
        s.publish_copies([("copy-g", "ok")])
        dead = s.collect(s.dead_letter, at_least(2))
        results = s.collect(s.result, at_least(1))

    assert [m.value for m in dead] == [b"garbage\x00\x01", b""]
    assert all(m.headers[headers.ERROR_KIND] == "undecodable" for m in dead)
    assert "neither Avro" in dead[0].headers[headers.ERROR_MESSAGE]
    assert "no value" in dead[1].headers[headers.ERROR_MESSAGE]
    assert results[0].key == "copy-g"
