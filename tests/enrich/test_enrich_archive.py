"""Enrichment stored with every item, exported, listed, and re-run when the gazetteer grows."""

import json
from pathlib import Path

from typer.testing import CliRunner

from chinabrief import add_entity, enrich_archive, ingest
from chinabrief.cli import app, demo_corpus
from chinabrief.store import open_store

runner = CliRunner()
CORPUS = demo_corpus()


def test_ingested_items_carry_their_enrichment(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    ingest([CORPUS / "2024-03-05-lianghui-yaowen.txt", CORPUS / "2024-03-08-wire-digest.txt"], db=db)
    records = list(open_store(db).items())
    assert {r["language"] for r in records} == {"en", "zh"}
    assert sum(bool(r["entities"]) for r in records) >= 0.9 * len(records)
    assert sum(bool(r["topics"]) for r in records) >= 0.8 * len(records)
    work_report = next(r for r in records if r["headline"].startswith("李强作政府工作报告"))
    assert work_report["script"] == "Hans"
    assert {"li-qiang", "state-council"} <= {e["id"] for e in work_report["entities"]}
    assert work_report["topics"][0] == "economy" and work_report["topic_scores"][0]["because"]
    deficit = next(r for r in records if r["headline"].startswith("赤字率"))
    assert any(f["unit"] == "CNY" and f["value"] == 3.9 and f["scale"] == 1e12 for f in deficit["figures"])


def test_export_writes_the_enrichment(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    ingest([CORPUS / "2024-03-08-wire-digest.txt"], db=db)
    lines = runner.invoke(app, ["export", "--db", str(db)]).output.splitlines()
    record = json.loads(lines[0])
    assert {"entities", "figures", "quotes", "topics", "topic_scores", "language"} <= set(record)


def test_a_promoted_name_is_found_after_enrich(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    ingest([CORPUS / "2024-03-08-wire-digest.txt"], db=db)
    first = enrich_archive(db=db)
    assert first.items == 0  # everything is current already
    unknown = open_store(db).entity_counts(unknown=True)
    assert unknown, "the wire digest has names the gazetteer lacks"
    name = unknown[0]["name"]
    add_entity({"type": unknown[0]["type"], "name": name, "zh": ["测试名"]}, db=db)
    again = enrich_archive(db=db)
    assert again.items > 0 and again.version != first.version
    store = open_store(db)
    assert name not in {r["name"] for r in store.entity_counts(unknown=True)}
    assert name in {r["name"] for r in store.entity_counts()}
    assert enrich_archive(db=db).items == 0
    assert enrich_archive(db=db, everything=True).items == store.count()["items"]


def test_entity_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner.invoke(app, ["ingest", str(CORPUS / "2024-03-07-morning-briefing.html"), "--db", db])
    listing = runner.invoke(app, ["entities", "--limit", "0", "--db", db])
    assert listing.exit_code == 0 and "Wang Yi" in listing.output
    shown = runner.invoke(app, ["entity", "王毅", "--db", db])
    assert shown.exit_code == 0 and "Minister of Foreign Affairs" in shown.output and "Latest items" in shown.output
    added = runner.invoke(app, ["entities", "add", "Hao Wenjun", "--zh", "郝文俊", "--db", db])
    assert added.exit_code == 0 and "hao-wenjun" in added.output
    assert "Hao Wenjun" in runner.invoke(app, ["entity", "郝文俊", "--db", db]).output
    enriched = runner.invoke(app, ["enrich", "--db", db])
    assert enriched.exit_code == 0 and "items enriched" in enriched.output
    missing = runner.invoke(app, ["entity", "Nobody Atall", "--db", db])
    assert missing.exit_code == 2
