"""An editor's changes survive rebuilds; published briefings are frozen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chinabrief.brief.edits import edit_text, read_edits
from chinabrief.cli import app
from chinabrief.errors import StoreError
from chinabrief.pipeline import brief, edit_briefing, ingest, publish
from chinabrief.store import open_store


@pytest.fixture
def db(demo_week: Path) -> Path:
    return demo_week


def test_edits_survive_a_rebuild_after_new_reports(db: Path, tmp_path: Path) -> None:
    first = brief(db=db, week="2024-W10", top=5)
    ids = [s["id"] for s in first["stories"]]
    extra = next(s["id"] for s in open_store(db).stories(since=None) if s["id"] not in ids)
    edit_briefing(first["id"], [
        {"action": "section", "story": ids[0], "section": "Why it Matters", "text": "Our own reading of it."},
        {"action": "remove", "story": ids[1]},
        {"action": "pin", "story": extra},
        {"action": "order", "stories": [extra, ids[2]]},
    ], db=db)
    (tmp_path / "late.txt").write_text(
        "Beijing Condemns House Vote on TikTok Bill\n\nChina's foreign ministry on Saturday condemned the US "
        "House committee's vote on a bill that would force ByteDance to sell TikTok, calling it bullying.\n\n"
        "Source: Reuters, March 9, 2024\n", encoding="utf-8")
    assert ingest([tmp_path / "late.txt"], db=db).items == 1
    again = brief(db=db, week="2024-W10", top=5)
    order = [s["id"] for s in again["stories"]]
    assert order[:2] == [extra, ids[2]] and ids[1] not in order
    top = next(s for s in again["stories"] if s["id"] == ids[0])
    assert top["sections"]["Why it Matters"][0]["text"] == "Our own reading of it."
    assert top["sections"]["Why it Matters"][0]["editor"] and "Why it Matters" in top["edited"]
    history = open_store(db).briefing_edits(first["id"])
    assert [e["action"] for e in history] == ["section", "remove", "pin", "order"] and all(e["at"] for e in history)


def test_the_editor_form_round_trips(db: Path) -> None:
    briefing = brief(db=db, week="2024-W10", top=3)
    form = edit_text(briefing)
    assert read_edits(briefing, form) == []
    first, second, third = (s["id"] for s in briefing["stories"])
    blocks = form.split("=== ")
    changed = "=== ".join([blocks[0], blocks[3], blocks[1]])  # third story first, second story deleted
    changed = changed.replace(f"{third}\n", f"{third} pin\n")
    edits = read_edits(briefing, changed)
    actions = {(e["action"], e.get("story")) for e in edits}
    assert ("remove", second) in actions and ("pin", third) in actions
    assert next(e for e in edits if e["action"] == "order")["stories"] == [third, first]


def test_brief_edit_opens_the_editor_and_keeps_its_changes(db: Path, tmp_path: Path) -> None:
    briefing = brief(db=db, week="2024-W10", top=3)
    script = tmp_path / "editor.py"
    script.write_text("import sys\npath = sys.argv[1]\ntext = open(path, encoding='utf-8').read()\n"
                      "start = text.index('--- Why it Matters') + len('--- Why it Matters\\n')\n"
                      "end = text.index('\\n', start)\n"
                      "open(path, 'w', encoding='utf-8').write(text[:start] + 'Edited in an editor.' + text[end:])\n",
                      encoding="utf-8")
    result = CliRunner(env={"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}).invoke(
        app, ["brief", "edit", briefing["id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    stored = open_store(db).briefing(briefing["id"])
    assert stored["stories"][0]["sections"]["Why it Matters"][0]["text"] == "Edited in an editor."


def test_options_edit_without_an_editor(db: Path) -> None:
    briefing = brief(db=db, week="2024-W10", top=3)
    story = briefing["stories"][1]["id"]
    result = CliRunner().invoke(app, ["brief", "edit", briefing["id"], "--story", story, "--text", "A better headline",
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert open_store(db).briefing(briefing["id"])["stories"][1]["headline"] == "A better headline"
    bad = CliRunner().invoke(app, ["brief", "edit", briefing["id"], "--story", story, "--section", "Gossip",
                                   "--text", "x", "--db", str(db)])
    assert bad.exit_code == 2 and "unknown section" in bad.output


def test_a_published_briefing_is_frozen_and_in_the_feed(db: Path) -> None:
    briefing = brief(db=db, week="2024-W10", top=3)
    published = publish(briefing["id"], db=db)
    assert published["status"] == "published" and published["published_at"]
    with pytest.raises(StoreError, match="published"):
        brief(db=db, week="2024-W10", top=3)
    with pytest.raises(StoreError, match="published"):
        edit_briefing(briefing["id"], [{"action": "remove", "story": briefing["stories"][0]["id"]}], db=db)
    feed = CliRunner().invoke(app, ["feed", "--db", str(db)])
    assert feed.exit_code == 0 and "<feed" in feed.output and briefing["title"] in feed.output
    rss = CliRunner().invoke(app, ["feed", "--format", "rss", "--db", str(db)])
    assert "<rss" in rss.output
