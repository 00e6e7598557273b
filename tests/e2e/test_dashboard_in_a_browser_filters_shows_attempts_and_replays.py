"""In a real browser (Debian's Chromium, headless) an operator logs in with a
token, filters the job list, reads a job's attempts, replays dead letters from the
page (dry run, then execute) and the originals reach the trigger topic again; the
overview fits a 390 px phone and a 1280 px screen without sideways scrolling."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

from processors.settings import PACKAGE_ROOT
from tests.integration.harness import at_least
from tests.integration.tracking_world import TOKENS, World, recorded_world, served

pytestmark = pytest.mark.kafka

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = PACKAGE_ROOT / "test-artifacts"
README_SHOTS = PACKAGE_ROOT / "docs" / "screenshots"
README_COLOURS = 64
UPDATE_SHOTS_ENV = "UPDATE_README_SCREENSHOTS"
"""Set to 1 to also refresh the README's screenshots under docs/screenshots."""


@pytest.fixture(scope="module")
def world(
    bootstrap_servers: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("browser")
    with recorded_world(bootstrap_servers, path) as made:
        yield made


@pytest.fixture(scope="module")
def base_url(world: World) -> Iterator[str]:
    with served(world.app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's `chromium` package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser: Browser, base_url: str) -> Iterator:
    """A factory of logged-in pages of a given width, closed after the test."""
    contexts = []

    def open_page(width: int = 1280, role: str = "operator") -> Page:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{base_url}/login")
        page.fill("#token", TOKENS[role])
        page.click("button[type=submit]")
        page.wait_for_url(f"{base_url}/")
        return page

    yield open_page
    for context in contexts:
        context.close()


def shoot(page: Page, name: str, readme: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    if readme and os.environ.get(UPDATE_SHOTS_ENV) == "1":
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        small = Image.open(target).convert("RGB").quantize(colors=README_COLOURS)
        small.save(README_SHOTS / f"{name}.png", optimize=True)


def scrolls_sideways(page: Page) -> bool:
    return bool(
        page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    )


def listed_keys(page: Page) -> set[str]:
    cells = page.locator("#job-list td[data-label=Key]").all_inner_texts()
    return {text.strip() for text in cells}


def test_the_job_list_filters_by_what_the_form_says(
    world: World, new_page, base_url: str
) -> None:
    """State, error type and key from the form narrow the list; Clear widens it."""
    page = new_page()
    page.goto(f"{base_url}/jobs")
    everything = listed_keys(page)

    page.click("summary")
    page.check("input[name=state][value=failed]")
    page.fill("input[name=error_type]", "NotACertified*")
    page.click("#job-filters button[type=submit]")
    refused = listed_keys(page)
    page.fill("input[name=key]", "copy-refused-2")
    page.click("#job-filters button[type=submit]")
    one = listed_keys(page)
    shoot(page, "job-list-filtered")

    assert everything == set(world.events)
    assert refused == {"copy-refused-1", "copy-refused-2", "copy-personal"}
    assert one == {"copy-refused-2"}
    assert "state=failed" in page.url


def test_a_job_detail_shows_each_attempt(world: World, new_page, base_url: str) -> None:
    """The flaky job shows two attempts, retrying then succeeded, and a timeline,
    on a wide screen and on a phone."""
    page = new_page()
    page.goto(f"{base_url}/jobs/{world.job_id('copy-flaky')}")

    titles = page.locator("#attempts h3").all_inner_texts()
    errors = page.locator("#attempts dd", has_text="ScannerOffline").count()
    shoot(page, "job-detail", readme=True)
    page.set_viewport_size({"width": 390, "height": 900})
    shoot(page, "job-detail-390")

    assert [" ".join(t.split()) for t in titles] == [
        "Run 1 · attempt 1 retrying",
        "Run 1 · attempt 2 succeeded",
    ]
    assert errors == 1
    assert page.locator("svg.chart").first.get_attribute("aria-label") == (
        "Attempt timeline"
    )
    assert not scrolls_sideways(page)


def test_bulk_replay_from_the_page_republishes_the_records(
    world: World, new_page, base_url: str
) -> None:
    """The refused records: a dry run lists them and sends nothing; executing
    sends exactly their originals back to the trigger topic."""
    s = world.scenario
    page = new_page()
    page.goto(
        f"{base_url}/dead-letters?topic={s.dead_letter}&error_type=NotACertified*"
    )
    listed = page.locator("#dead-letter-list tbody tr").count()
    before = s.collect(s.trigger, at_least(len(world.events)))

    page.click("#dry-run-form button")
    planned = page.inner_text("#dry-run-count")
    page.click("#execute-form button")
    result = page.inner_text("#replay-result")
    after = s.collect(s.trigger, at_least(len(before) + 3))
    shoot(page, "dead-letters-replayed")

    seen = {(m.partition, m.offset) for m in before}
    replayed = [m for m in after if (m.partition, m.offset) not in seen]
    assert (listed, planned) == (3, "3")
    assert "re-published 3 messages" in " ".join(result.split())
    assert sorted(str(m.key) for m in replayed) == [
        "copy-personal",
        "copy-refused-1",
        "copy-refused-2",
    ]
    assert {m.event for m in replayed} == {
        world.events[k] for k in ("copy-personal", "copy-refused-1", "copy-refused-2")
    }


@pytest.mark.parametrize("width", [390, 1280])
def test_the_overview_fits_the_screen_without_sideways_scrolling(
    world: World, new_page, width: int
) -> None:
    """Tiles, charts, counts and lag all fit the width of the window."""
    page = new_page(width=width)

    tiles = page.locator(".tile").count()
    charts = page.locator("svg.chart").count()
    shoot(page, "overview" if width == 1280 else f"overview-{width}", width == 1280)

    assert (tiles, charts) == (6, 2)
    assert not scrolls_sideways(page)
    assert page.locator("text=Consumer lag").count() == 1
