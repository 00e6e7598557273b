"""The API answers from the history a real worker and tracker recorded: every job
filter selects exactly its jobs, pages follow a cursor, a job shows each attempt,
numbers and reports add up, dead letters and lag come from the broker, and
viewers see personal data masked."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.integration.harness import JOB
from tests.integration.tracking_world import TOKENS, World, recorded_world

pytestmark = pytest.mark.kafka


@pytest.fixture(scope="module")
def world(
    bootstrap_servers: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("api-history")
    with recorded_world(bootstrap_servers, path) as made:
        yield made


def client(world: World, role: str = "admin") -> TestClient:
    made = TestClient(world.app)
    made.headers["Authorization"] = f"Bearer {TOKENS[role]}"
    return made


def keys(world: World, **params: object) -> set[str]:
    answer = client(world).get("/api/jobs", params=params)  # type: ignore[arg-type]
    assert answer.status_code == 200, answer.text
    return {job["key"] for job in answer.json()["jobs"]}


def test_each_job_filter_selects_exactly_its_jobs(world: World) -> None:
    """job name, states, error type and key wildcards, time range, error text."""
    everything = set(world.events)
    refused = {"copy-refused-1", "copy-refused-2", "copy-personal"}
    hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    soon = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()

    assert keys(world) == everything
    assert keys(world, job_name=JOB) == everything
    assert keys(world, job_name="maisoku_reader") == set()
    assert keys(world, state="failed") == refused | {"copy-exhausted"}
    assert keys(world, state=["succeeded", "failed"]) == everything
    assert keys(world, error_type="NotACertified*") == refused
    assert keys(world, error_type="ScannerOffline") == {"copy-flaky", "copy-exhausted"}
    assert keys(world, key="copy-ok-*") == {"copy-ok-1", "copy-ok-2"}
    assert keys(world, since=hour_ago, until=soon) == everything
    assert keys(world, since=soon) == set()
    assert keys(world, q="scanner offline at attempt 2") == {"copy-exhausted"}
    assert keys(world, q="is not a certified", key="copy-refused-*") == refused - {
        "copy-personal"
    }


def test_pages_follow_the_cursor_without_gaps_or_repeats(world: World) -> None:
    """Three at a time, newest first, until no cursor is left."""
    api, seen, cursor, pages = client(world), [], None, 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = api.get("/api/jobs", params=params).json()
        seen += [(job["created_at"], job["job_id"]) for job in page["jobs"]]
        pages, cursor = pages + 1, page["next_cursor"]
        if cursor is None:
            break

    assert pages == 3
    assert len(seen) == len(set(seen)) == len(world.events)
    assert seen == sorted(seen, reverse=True)
    assert api.get("/api/jobs", params={"cursor": "garbage"}).status_code == 422


def test_a_job_shows_each_attempt_with_its_coordinates(world: World) -> None:
    """The flaky job: attempt 1 retrying from the trigger topic, attempt 2
    succeeded from the retry topic, and six status events."""
    s = world.scenario
    detail = client(world).get(f"/api/jobs/{world.job_id('copy-flaky')}").json()

    job, attempts = detail["job"], detail["attempts"]
    assert (job["state"], job["attempt"], job["max_attempts"]) == ("succeeded", 2, 2)
    assert job["trigger"]["topic"] == s.trigger
    assert job["trigger_event_id"] == world.events["copy-flaky"].event_id
    assert "copy-flaky" in job["result_summary"]
    assert [(a["attempt"], a["state"]) for a in attempts] == [
        (1, "retrying"),
        (2, "succeeded"),
    ]
    assert attempts[0]["error_type"] == "ScannerOffline"
    assert attempts[0]["consumed"]["topic"] == s.trigger
    assert attempts[1]["consumed"]["topic"] in s.catalog.job_retry_topics(JOB)
    assert all(a["duration_ms"] is not None for a in attempts)
    assert len(detail["events"]) == 6
    assert detail["dead_letter_topic"] == s.dead_letter
    assert client(world).get("/api/jobs/no-such-job").status_code == 404


def test_counts_activity_and_reports_add_up(world: World) -> None:
    """4 succeeded, 4 dead-lettered; this hour: 4 succeeded, 2 retried and 4
    dead-lettered attempts; today: 8 jobs, 10 attempts, 6 of them failed."""
    api = client(world)
    counts = api.get("/api/stats/counts").json()
    hours = api.get("/api/stats/activity", params={"hours": 3}).json()
    (report,) = api.get("/api/reports", params={"days": 1}).json()
    csv_lines = api.get("/api/reports.csv", params={"days": 1}).text.splitlines()

    assert counts["by_state"] == {"succeeded": 4, "failed": 4}
    assert len(hours) == 3
    ended = {k: sum(h[k] for h in hours) for k in ("succeeded", "retried", "finished")}
    dead = sum(h["dead_lettered"] for h in hours)
    assert (ended["succeeded"], ended["retried"], dead, ended["finished"]) == (
        4,
        2,
        4,
        10,
    )
    assert (report["jobs"], report["attempts"]) == (8, 10)
    assert report["error_rate"] == pytest.approx(6 / 10)
    assert report["retry_rate"] == pytest.approx(2 / 8)
    assert report["dead_letter_rate"] == pytest.approx(4 / 8)
    assert report["p95_duration_ms"] >= 300 > report["p50_duration_ms"]
    assert csv_lines[0].startswith("job_name,day,jobs,attempts,p50_duration_ms")
    assert csv_lines[1].split(",")[2:4] == ["8", "10"]


def test_dead_letters_come_with_the_cli_filters(world: World) -> None:
    """Four dead letters; error type, key and job id narrow them."""
    api, topic = client(world), world.scenario.dead_letter

    def listed(**params: str) -> set[str]:
        answer = api.get(f"/api/dead-letters/{topic}", params=params)
        assert answer.status_code == 200, answer.text
        return {r["key"] for r in answer.json()}

    assert topic in api.get("/api/dead-letters").json()
    assert listed() == {
        "copy-refused-1",
        "copy-refused-2",
        "copy-exhausted",
        "copy-personal",
    }
    assert listed(error_type="Scanner*") == {"copy-exhausted"}
    assert listed(key="copy-refused-2") == {"copy-refused-2"}
    assert listed(job=world.job_id("copy-refused-1")) == {"copy-refused-1"}
    assert api.get("/api/dead-letters/not.a.dlq").status_code == 404


def test_viewers_see_personal_data_masked_and_operators_do_not(world: World) -> None:
    """The e-mail address in an error message is masked for a viewer only."""
    path = f"/api/jobs/{world.job_id('copy-personal')}"
    as_viewer = client(world, "viewer").get(path).json()["job"]["error_message"]
    as_operator = client(world, "operator").get(path).json()["job"]["error_message"]
    letters = (
        client(world, "viewer")
        .get(
            f"/api/dead-letters/{world.scenario.dead_letter}",
            params={"key": "copy-personal"},
        )
        .json()
    )

    assert "yamada.taro@example.com" in as_operator
    assert "yamada.taro@example.com" not in as_viewer and "[email]" in as_viewer
    assert letters[0]["error_message"] == as_viewer


def test_lag_per_group_comes_from_the_broker(world: World) -> None:
    """The worker's and the tracker's groups, each with its lag per topic."""
    groups = {g["group_id"]: g for g in client(world).get("/api/lag").json()}
    s = world.scenario
    worker_group = f"{s.prefix}.{JOB}"

    assert worker_group in groups
    assert s.trigger in groups[worker_group]["topics"]
    assert groups[worker_group]["total"] == 0
    assert world.tracker.settings.group_id in groups


def test_openapi_describes_every_endpoint(world: World) -> None:
    """The schema is served without a token and lists the API's paths."""
    schema = TestClient(world.app).get("/api/openapi.json").json()

    for path in (
        "/api/jobs",
        "/api/jobs/{job_id}",
        "/api/jobs/{job_id}/retry",
        "/api/stats/counts",
        "/api/stats/activity",
        "/api/reports",
        "/api/dead-letters/{topic}",
        "/api/dead-letters/{topic}/replay",
        "/api/lag",
        "/api/settings",
        "/api/audit",
    ):
        assert path in schema["paths"], path
