"""`processors dlq list` shows dead letters; `processors dlq replay` changes nothing
without --execute, re-publishes exactly the matching originals with it (attempts
reset, a replay id), and a second identical replay publishes nothing new."""

import json
from pathlib import Path

import pytest

from processors.contract import headers
from processors.runtime.job import job_id
from tests.integration.cli import run_cli
from tests.integration.harness import JOB, Scenario, at_least, scenario

pytestmark = pytest.mark.kafka


def dead_lettered(s: Scenario) -> list:
    """Four dead letters: two refused, one exhausted, one wrong result."""
    with s.worker_thread():
        events = s.publish_copies(
            [
                ("copy-a", "refuse"),
                ("copy-b", "refuse"),
                ("copy-c", "always-fail"),
                ("copy-d", "wrong-result"),
            ]
        )
        s.collect(s.dead_letter, at_least(4))
    return events


def new_since(before: list, after: list) -> list:
    seen = {(m.partition, m.offset) for m in before}
    return [m for m in after if (m.partition, m.offset) not in seen]


def cli(s: Scenario, *args: str) -> str:
    done = run_cli("dlq", *args, env=s.env())
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_list_shows_each_dead_letter_with_its_error(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """JSON lines carry key, job, attempt and error; filters narrow them."""
    with scenario(
        bootstrap_servers, tmp_path, retry_delays_s=[0.2], max_attempts=2
    ) as s:
        dead_lettered(s)
        everything = cli(s, "list", s.dead_letter, "--json").splitlines()
        scanner = cli(s, "list", s.dead_letter, "--error-type", "Scanner*", "--json")
        table = cli(s, "list", s.dead_letter, "--key", "copy-a")

    rows = [json.loads(line) for line in everything]
    assert sorted(r["key"] for r in rows) == ["copy-a", "copy-b", "copy-c", "copy-d"]
    exhausted = next(r for r in rows if r["key"] == "copy-c")
    assert (exhausted["job_name"], exhausted["attempt"]) == (JOB, 2)
    assert exhausted["error_kind"] == "attempts-exhausted"
    assert [json.loads(line)["key"] for line in scanner.splitlines()] == ["copy-c"]
    assert "NotACertifiedCopy" in table and "1 dead letters" in table


def test_replay_is_dry_then_exact_then_a_no_op(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Dry run: nothing; --execute: the two refused originals, attempt reset;
    again: nothing new."""
    with scenario(bootstrap_servers, tmp_path) as s:
        events = dead_lettered(s)
        before = s.collect(s.trigger, at_least(4))
        dry = cli(s, "replay", s.dead_letter, "--error-type", "NotACertifiedCopy")
        after_dry = s.collect(s.trigger, at_least(5), timeout_s=3)
        executed = cli(
            s, "replay", s.dead_letter, "--error-type", "NotACertifiedCopy", "--execute"
        )
        after_replay = s.collect(s.trigger, at_least(6))
        again = cli(
            s, "replay", s.dead_letter, "--error-type", "NotACertifiedCopy", "--execute"
        )
        after_again = s.collect(s.trigger, at_least(7), timeout_s=3)

    assert "dry run: 2 would be re-published" in dry
    assert len(before) == len(after_dry) == 4
    assert "2 re-published" in executed
    replayed = new_since(before, after_replay)
    assert sorted(m.key for m in replayed) == ["copy-a", "copy-b"]
    originals = {e.certified_copy_id: e for e in events}
    for message in replayed:
        assert message.event == originals[message.key]
        assert headers.ATTEMPT not in message.headers
        assert headers.ERROR_TYPE not in message.headers
        assert headers.REPLAY_ID in message.headers
        assert message.headers[headers.REPLAYED_FROM].startswith(s.dead_letter + ":")
        assert job_id(JOB, message.event.event_id) == job_id(
            JOB, originals[message.key].event_id
        )
    assert "0 re-published" in again
    assert "2 matching records were replayed before" in again
    assert len(after_again) == 6


def test_replay_limit_and_key_filters_pick_exactly_those_records(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """--key picks one record; --limit caps a wider filter."""
    with scenario(bootstrap_servers, tmp_path) as s:
        dead_lettered(s)
        before = s.collect(s.trigger, at_least(4))
        cli(s, "replay", s.dead_letter, "--key", "copy-d", "--execute")
        by_key = new_since(before, s.collect(s.trigger, at_least(5)))
        cli(s, "replay", s.dead_letter, "--job", JOB, "--limit", "1", "--execute")
        replayed = new_since(before, s.collect(s.trigger, at_least(6)))

    assert [m.key for m in by_key] == ["copy-d"]
    assert len(replayed) == 2
    assert sorted(m.key for m in replayed).count("copy-d") == 1
