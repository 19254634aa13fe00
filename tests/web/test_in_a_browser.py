"""The web app end to end in Debian's Chromium (Playwright), against a real server on
127.0.0.1: log in, search in Chinese and English, open a story, edit a briefing, publish it,
find it in the Atom feed. Screenshots of the main pages go to ``test-output/screenshots/``
(or ``$CHINABRIEF_SCREENSHOTS``) for a reviewer to look at."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from chinabrief.config import load_settings
from tests.conftest import free_port
from tests.web.conftest import EDITOR, PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (.ci/run installs it)")
SHOTS = Path(os.environ.get("CHINABRIEF_SCREENSHOTS") or Path(__file__).parents[2] / "test-output" / "screenshots")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo week (only: its home page is the week of March 2024) served by uvicorn."""
    import uvicorn

    from chinabrief.store import open_store
    from chinabrief.web.app import create_app
    from chinabrief.web.auth import hash_password
    from tests.brief.test_briefing import demo_corpus_db

    db = demo_corpus_db(tmp_path_factory.mktemp("served"))
    open_store(db).add_user(EDITOR, hash_password(PASSWORD))
    port = free_port()
    config = uvicorn.Config(create_app(load_settings(db=db)), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_editors_week_in_the_browser(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/")
    assert "/login" in page.url
    page.fill("input[name=name]", EDITOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button")
    page.wait_for_url(f"{server}/")
    assert page.locator("ol.stories li").count() >= 5 and page.locator(".mix .seg").count() >= 5
    _shot(page, "home")

    page.fill("header input[name=q]", "王毅")
    page.press("header input[name=q]", "Enter")
    page.wait_for_load_state()
    assert page.locator("mark").first.inner_text() == "王毅"
    _shot(page, "search-chinese")
    page.goto(f"{server}/search?q=tariffs")
    assert page.locator("ol.results li").count() >= 1
    _shot(page, "search-english")

    page.locator("ol.results li a[href^='/stories/']").first.click()
    page.wait_for_load_state()
    page.wait_for_selector("h2:has-text('What China Said')")  # brought in by HTMX
    _shot(page, "story")
    page.goto(f"{server}/entities/wang-yi")
    assert page.locator("svg.chart").count() == 1
    _shot(page, "entity")
    page.goto(f"{server}/trends?q=tariffs&q=%E5%85%B3%E7%A8%8E&entity=wang-yi")
    _shot(page, "trends")

    page.goto(f"{server}/briefings")
    page.fill("input[name=period_id]", "2024-W10")
    page.click("form[action='/briefings'] button")
    page.wait_for_url("**/briefings/2024-W10/edit")
    section = page.locator("section.edit-section[data-section='Why it Matters']").first
    section.locator("summary").click()
    section.locator("textarea").fill("Edited in the browser: what this means for the year.")
    section.locator("form.stack button").click()
    page.wait_for_load_state()
    assert page.get_by_text("Edited in the browser").count() >= 1
    _shot(page, "editor")
    page.locator("form[action$='/publish'] button").first.click()
    page.wait_for_url("**/briefings/2024-W10")
    assert page.locator(".badge.published").count() >= 1
    _shot(page, "briefing")

    feed = page.request.get(f"{server}/briefings/feed.atom")
    assert feed.ok and "Edited in the browser" in feed.text() and "China briefing, 4–10 March 2024" in feed.text()
    assert not [p for p in problems if "Content Security Policy" in p], problems
    page.close()


def test_pages_fit_a_phone(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=name]", EDITOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button")
    page.wait_for_url(f"{server}/")
    for name, path in (("home", "/"), ("search", "/search?q=%E5%85%B3%E7%A8%8E"), ("entity", "/entities/wang-yi")):
        page.goto(f"{server}{path}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, path
        _shot(page, f"phone-{name}")
    context.close()
