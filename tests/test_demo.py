"""The bundled demo corpus: what `chinabrief demo` shows a new user."""

import json
from pathlib import Path

from typer.testing import CliRunner

from chinabrief import ingest
from chinabrief.cli import app, demo_corpus

MANIFEST = json.loads((demo_corpus().parent / "demo_manifest.json").read_text(encoding="utf-8"))


def test_corpus_has_the_promised_breadth() -> None:
    files = [entry["file"] for entry in MANIFEST]
    assert len(files) >= 8
    assert {Path(f).suffix for f in files} >= {".txt", ".html", ".md", ".eml"}
    assert sum(len(entry["items"]) for entry in MANIFEST) >= 60
    assert {entry["language"] for entry in MANIFEST} >= {"en", "zh"}


def test_demo_items_match_the_manifest(tmp_path: Path) -> None:
    report = ingest([demo_corpus()], db=tmp_path / "demo.db")
    assert report.failures == []
    from chinabrief.store import open_store

    stored = list(open_store(tmp_path / "demo.db").items())
    expected = {(e["file"], i["headline"]) for e in MANIFEST for i in e["items"]}
    got = {(Path(r["document"]).name, r["headline"]) for r in stored}
    missing = expected - got
    assert not missing, f"{len(missing)} of {len(expected)} demo items not found: {sorted(missing)[:5]}"
    assert all(r["outlet"] and r["published"] for r in stored)


def test_demo_command_prints_the_weeks_stories(tmp_path: Path) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["demo", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output and "10 stories" in result.output
    assert "Defence Budget" in result.output
    assert "The week's briefing (5 stories)" in result.output
    page = (tmp_path / "demo-briefing.html").read_text(encoding="utf-8")
    assert "China briefing, 4–10 March 2024" in page and "What Happened" in page
    assert (tmp_path / "demo-briefing.md").read_text(encoding="utf-8").startswith("# China briefing, 4–10 March")
