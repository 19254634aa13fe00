"""The demo briefing's HTML e-mail as a reader sees it, in Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from chinabrief.brief.render import render

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.brief.test_briefing import brief, demo_corpus_db

    db = demo_corpus_db(tmp_path_factory.mktemp("browser"))
    path = db.with_name("briefing.html")
    path.write_text(render(brief(db=db, week="2024-W10"), "html"), encoding="utf-8")
    return path


@pytest.mark.parametrize(("width", "height"), [(1024, 900), (390, 844)])
def test_the_email_fits_its_column_and_every_story_shows(page_file: Path, tmp_path: Path, width: int,
                                                           height: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(page_file.as_uri())
        shot = tmp_path / f"briefing-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        sheet = page.evaluate("() => document.querySelector('.sheet').getBoundingClientRect().width")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        headings = page.evaluate("() => [...document.querySelectorAll('h2')].map(h => h.innerText)")
        labels = page.evaluate("() => [...document.querySelectorAll('.label')].map(l => getComputedStyle(l).color)")
        browser.close()
    assert shot.stat().st_size > 10_000
    assert sheet <= 600 and overflow <= 0
    assert len(headings) == 5 and all(h[0].isdigit() for h in headings)
    assert labels and all(color != "rgb(0, 0, 0)" for color in labels)  # the inlined styles took effect
