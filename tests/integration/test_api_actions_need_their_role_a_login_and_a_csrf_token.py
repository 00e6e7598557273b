"""Actions go through DeadLetters like the `dlq` command: retrying a failed job
re-publishes its trigger, a replay is a dry run until executed and never
re-publishes a record twice. Strangers get 401, viewers 403, a browser session
without its CSRF token 403, and every action lands in the audit log."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from processors.contract import headers
from processors.messaging.reader import ReadMessage, read_topic
from processors.settings import KafkaSettings
from processors.tracking.app import build_dashboard, create_app
from tests.integration.harness import CODEC, at_least
from tests.integration.tracking_world import (
    TOKENS,
    USERS,
    World,
    dashboard_settings,
    recorded_world,
)

pytestmark = pytest.mark.kafka

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def world(
    bootstrap_servers: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("api-actions")
    with recorded_world(bootstrap_servers, path) as made:
        yield made


def bearer(world: World, role: str) -> TestClient:
    made = TestClient(world.app)
    made.headers["Authorization"] = f"Bearer {TOKENS[role]}"
    return made


def logged_in(world: World, role: str) -> tuple[TestClient, str]:
    """A browser session through the login form, and its CSRF token."""
    browser = TestClient(world.app)
    form = browser.get("/login").text
    login_csrf = CSRF_INPUT.search(form)
    assert login_csrf is not None
    answer = browser.post(
        "/login",
        data={"token": TOKENS[role], "csrf_token": login_csrf.group(1), "next": "/"},
    )
    assert answer.status_code == 200 and "Overview" in answer.text
    page_csrf = CSRF_INPUT.search(answer.text)
    assert page_csrf is not None
    return browser, page_csrf.group(1)


def trigger_messages(
    world: World, count: int, timeout_s: float = 30
) -> list[ReadMessage]:
    """The trigger topic's messages once it holds `count` (or time is up)."""
    return world.scenario.collect(world.scenario.trigger, at_least(count), timeout_s)


def trigger_now(world: World) -> list[ReadMessage]:
    """Every message the trigger topic holds now."""
    kafka = KafkaSettings(bootstrap_servers=world.scenario.bootstrap_servers)
    return list(read_topic(world.scenario.trigger, CODEC, kafka=kafka, to_end=True))


def new_since(before: list[ReadMessage], after: list[ReadMessage]) -> list[ReadMessage]:
    seen = {(m.partition, m.offset) for m in before}
    return [m for m in after if (m.partition, m.offset) not in seen]


def test_strangers_get_401_and_viewers_get_403(world: World) -> None:
    """No token, a wrong token, and a viewer's token on each action."""
    anonymous = TestClient(world.app)
    wrong = TestClient(world.app, headers={"Authorization": "Bearer nope"})
    viewer, operator = bearer(world, "viewer"), bearer(world, "operator")
    job = world.job_id("copy-refused-2")
    replay = f"/api/dead-letters/{world.scenario.dead_letter}/replay"

    assert anonymous.get("/api/jobs").status_code == 401
    assert anonymous.get("/api/jobs").headers["WWW-Authenticate"] == "Bearer"
    assert wrong.get("/api/jobs").status_code == 401
    assert anonymous.post(f"/api/jobs/{job}/retry").status_code == 401
    assert viewer.get("/api/jobs").status_code == 200
    assert viewer.post(f"/api/jobs/{job}/retry").status_code == 403
    assert viewer.post(replay, json={"execute": True}).status_code == 403
    assert viewer.get("/api/audit").status_code == 403
    assert operator.put("/api/settings", json={"retention_days": 5}).status_code == 403
    assert anonymous.get("/jobs", follow_redirects=False).headers["location"] == (
        "/login?next=/jobs"
    )


def test_a_browser_session_needs_its_csrf_token_for_every_action(
    world: World,
) -> None:
    """Without or with a wrong token: 403 and nothing re-published; with the
    page's token the same form goes through."""
    browser, csrf = logged_in(world, "operator")
    job = world.job_id("copy-refused-2")
    before = len(trigger_now(world))
    dry_run = {"topic": world.scenario.dead_letter, "mode": "dry-run"}

    api_without = browser.post(f"/api/jobs/{job}/retry")
    form_without = browser.post(f"/jobs/{job}/retry", data={})
    form_wrong = browser.post(f"/jobs/{job}/retry", data={"csrf_token": "forged"})
    logout_without = browser.post("/logout", data={})
    login_without = TestClient(world.app).post("/login", data={"token": "x"})
    with_token = browser.post(
        "/dead-letters/replay", data={**dry_run, "csrf_token": csrf}
    )
    after = trigger_messages(world, before + 1, timeout_s=3)

    assert api_without.status_code == 403
    assert (form_without.status_code, form_wrong.status_code) == (403, 403)
    assert "CSRF" in form_wrong.text
    assert logout_without.status_code == 403
    assert login_without.status_code == 403
    assert with_token.status_code == 200 and "Dry run" in with_token.text
    assert len(after) == before


def test_retry_republishes_a_failed_jobs_trigger_and_it_runs_again(
    world: World,
) -> None:
    """The refused job's original message goes back to the trigger topic with a
    replay id; the job runs a second time (and is refused again); a succeeded job
    cannot be retried."""
    operator = bearer(world, "operator")
    before = trigger_now(world)

    answer = operator.post(f"/api/jobs/{world.job_id('copy-refused-1')}/retry")
    republished = new_since(before, trigger_messages(world, len(before) + 1))
    states = world.wait_for(lambda s: s["copy-refused-1"][:2] == ("failed", 2))
    again = operator.post(f"/api/jobs/{world.job_id('copy-ok-1')}/retry")

    assert answer.status_code == 200, answer.text
    assert answer.json()["published"] == 1
    assert [m.key for m in republished] == ["copy-refused-1"]
    assert republished[0].event == world.events["copy-refused-1"]
    assert republished[0].headers[headers.REPLAY_ID] == answer.json()["replay_id"]
    assert states["copy-refused-1"] == ("failed", 2, 1)
    assert again.status_code == 409 and "only a failed job" in again.json()["detail"]


def test_replay_is_dry_until_executed_and_never_twice(world: World) -> None:
    """Dry run: the exhausted job's record, nothing sent; execute: exactly it;
    again: nothing new, one replayed before."""
    operator = bearer(world, "operator")
    path = f"/api/dead-letters/{world.scenario.dead_letter}/replay"
    filters = {"error_type": "Scanner*"}
    before = trigger_now(world)

    dry = operator.post(path, json=filters).json()
    after_dry = trigger_messages(world, len(before) + 1, timeout_s=3)
    executed = operator.post(path, json={**filters, "execute": True}).json()
    after_execute = trigger_messages(world, len(before) + 1)
    repeated = operator.post(path, json={**filters, "execute": True}).json()
    after_repeat = trigger_messages(world, len(after_execute) + 1, timeout_s=3)

    assert dry["dry_run"] is True and dry["published"] == 0
    assert [r["key"] for r in dry["records"]] == ["copy-exhausted"]
    assert len(after_dry) == len(before)
    assert (executed["dry_run"], executed["published"]) == (False, 1)
    assert [m.key for m in new_since(before, after_execute)] == ["copy-exhausted"]
    assert (repeated["published"], repeated["already_replayed"]) == (0, 1)
    assert len(after_repeat) == len(after_execute)


def test_settings_are_for_admins_and_every_action_is_audited(world: World) -> None:
    """Retention changes for an admin, out-of-range values are refused, and the
    audit log names who did what with which parameters."""
    admin = bearer(world, "admin")

    changed = admin.put("/api/settings", json={"retention_days": 7})
    refused = admin.put("/api/settings", json={"retention_days": 0})
    current = admin.get("/api/settings").json()
    entries = admin.get("/api/audit").json()

    assert changed.status_code == 200 and current == {"retention_days": 7}
    assert refused.status_code == 422 and "out of range" in refused.json()["detail"]
    settings_entries = [e for e in entries if e["action"] == "settings"]
    assert [e["actor"] for e in settings_entries] == [USERS["admin"]] * 2
    assert '"retention_days": 7' in settings_entries[-1]["parameters"]
    actions = {(e["action"], e["actor"]) for e in entries}
    assert ("retry", USERS["operator"]) in actions
    assert ("replay", USERS["operator"]) in actions
    assert ("replay-dry-run", USERS["operator"]) in actions
    assert ("login", USERS["operator"]) in actions


def test_the_admin_page_shows_the_audit_log_to_admins_only(world: World) -> None:
    """Admins read who did what; an operator is refused the page."""
    admin_page = bearer(world, "admin").get("/admin")
    operator_page = bearer(world, "operator").get("/admin")

    assert admin_page.status_code == 200
    assert 'id="audit-log"' in admin_page.text and USERS["operator"] in admin_page.text
    assert operator_page.status_code == 403


def test_a_trusted_proxy_header_names_the_user_and_maps_the_role(world: World) -> None:
    """Behind an OIDC proxy: the header's user gets the mapped role, unknown
    users the default, and its forms still need the CSRF token."""
    board = world.app.state.dashboard
    settings = dashboard_settings(
        trusted_header="X-Forwarded-User",
        trusted_roles="carol@example.com:operator",
        trusted_default_role="viewer",
    )
    app = create_app(
        build_dashboard(
            board.store,
            board.catalog,
            CODEC,
            board.actions.kafka,
            settings,
            board.tracking,
        )
    )
    carol = TestClient(app, headers={"X-Forwarded-User": "carol@example.com"})
    dave = TestClient(app, headers={"X-Forwarded-User": "dave@example.com"})
    job = world.job_id("copy-refused-2")

    page = carol.get("/dead-letters")
    csrf = CSRF_INPUT.search(page.text)
    without = carol.post(f"/api/jobs/{job}/retry")
    dry_run = carol.post(
        "/dead-letters/replay",
        data={
            "topic": world.scenario.dead_letter,
            "csrf_token": csrf.group(1) if csrf else "",
        },
    )

    assert page.status_code == 200 and "carol@example.com · operator" in page.text
    assert dave.get("/api/jobs").status_code == 200
    assert dave.post(f"/api/jobs/{job}/retry").status_code == 403
    assert without.status_code == 403
    assert dry_run.status_code == 200 and "Dry run" in dry_run.text
