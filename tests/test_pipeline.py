import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chinabrief import ingest
from chinabrief.config import load_settings
from chinabrief.errors import ConfigError
from chinabrief.pipeline import INGEST_STAGES, Stage, check_order

FIXTURES = Path(__file__).parent / "fixtures"


def write_digests(folder: Path, n: int) -> None:
    """``n`` small two-item digests with distinct content."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"digest-{i:04d}.txt").write_text(
            f"Morning Notes No. {i}\n\n"
            f"Ministry Announces Measure Number {i}\nThe ministry said on Monday that measure {i} takes effect.\n"
            f"Source: Xinhua, March 4, 2024\n\n"
            f"Court Rules in Case Number {i}\nA court in Hong Kong ruled in case {i} after a long hearing.\n"
            f"Source: Reuters, March 5, 2024\n",
            encoding="utf-8",
        )


def test_stage_order_is_checked() -> None:
    check_order(INGEST_STAGES)
    with pytest.raises(ConfigError, match="needs document"):
        check_order([INGEST_STAGES[1], INGEST_STAGES[0]])
    with pytest.raises(ConfigError):
        check_order([*INGEST_STAGES, Stage("rank", needs=("story",), adds=("score",), run=print)])


def test_folder_with_bad_files_ingests_the_rest_and_names_each_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "files", folder)
    (folder / "nested").mkdir()
    shutil.copy(FIXTURES / "encodings" / "gbk.txt", folder / "nested" / "gbk.txt")
    (folder / ".hidden.txt").write_text("ignored")
    (folder / "make_files.py").unlink()
    report = ingest([str(folder), str(tmp_path / "missing.txt")], db=tmp_path / "a.db")
    reasons = {Path(f.source).name: f.reason for f in report.failures}
    assert set(reasons) == {"empty.txt", "binary.txt", "truncated.pdf", "locked.pdf", "notes.docx", "missing.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "PDF" in reasons["truncated.pdf"] and "password" in reasons["locked.pdf"]
    assert ".docx" in reasons["notes.docx"]
    assert "no such file" in reasons["missing.txt"]
    # newsletter.eml and both mbox messages carry the same two items; report.pdf one (again in
    # locked-open.pdf, which opens without a password); gbk.txt one.
    assert report.items == 4
    assert report.duplicates == 5
    assert not report.ok


def test_ingesting_again_adds_nothing(tmp_path: Path) -> None:
    write_digests(tmp_path / "in", 3)
    first = ingest([tmp_path / "in"], db=tmp_path / "a.db")
    assert (first.documents, first.items, first.failures) == (3, 6, [])
    again = ingest([tmp_path / "in"], db=tmp_path / "a.db")
    assert (again.documents, again.items, again.already) == (0, 0, 3)


def test_files_over_the_size_cap_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Headline\n" + b"word " * 300_000)
    settings = load_settings(db=tmp_path / "a.db", max_file_mb=1)
    report = ingest([big], settings=settings)
    assert report.items == 0
    assert "1.43 MB is over the 1 MB limit" in report.failures[0].reason
    half = ingest([big], settings=load_settings(db=tmp_path / "a.db", max_file_mb=0.5))
    assert "over the 0.5 MB limit" in half.failures[0].reason  # the limit as configured, not rounded


def _counts(db: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(db, timeout=30)
    try:
        docs, expected = con.execute("SELECT count(*), coalesce(sum(item_count), 0) FROM documents").fetchone()
        items = con.execute("SELECT count(*) FROM items").fetchone()[0]
        return docs, expected, items
    except sqlite3.OperationalError:  # tables not created yet
        return 0, 0, 0
    finally:
        con.close()


def test_killed_mid_ingest_keeps_whole_batches_and_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_digests(folder, 600)
    db = tmp_path / "killed.db"
    env = {**os.environ, "CHINABRIEF_BATCH_SIZE": "20"}
    cmd = [sys.executable, "-m", "chinabrief.cli", "ingest", str(folder), "--db", str(db)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _counts(db)[0] < 40 and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    docs, expected, items = _counts(db)
    assert docs % 20 == 0 or docs == 600  # only whole batches were committed
    assert items == expected  # every stored document has all of its items, none half-written
    rerun = ingest([folder], db=db)
    assert rerun.already == docs and rerun.failures == []
    assert _counts(db) == (600, 1200, 1200)


# -- stories --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from chinabrief.cli import demo_corpus

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    report = ingest([demo_corpus()], db=db)
    assert report.ok and report.stories and report.stories.counts["stories"] > 10
    return db


def _placements(db: Path) -> dict[str, tuple[str | None, str | None]]:
    con = sqlite3.connect(db)
    try:
        return {row[0]: (row[1], row[2]) for row in con.execute("SELECT id, story, story_status FROM items")}
    finally:
        con.close()


def test_ingest_places_every_new_item_and_stories_are_stored(demo_archive: Path) -> None:
    from chinabrief.store import open_store

    placements = _placements(demo_archive)
    assert all(status for _story, status in placements.values())
    store = open_store(demo_archive)
    stories = store.stories()
    assert stories == sorted(stories, key=lambda s: -s["score"])
    budget = next(s for s in stories if "Defence" in s["title"] or "Military Spending" in s["title"])
    full = store.story(budget["id"][:8])
    assert {m["language"] for m in full["members"]} == {"en", "zh"}
    assert len(full["members"]) == budget["items"] >= 4
    store.close()


def test_new_items_join_the_stories_they_continue_and_old_ids_stay(demo_archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(demo_archive, db)
    before = _placements(db)
    (tmp_path / "late.txt").write_text(
        "Beijing Condemns House Vote on TikTok Bill\n\n"
        "China's foreign ministry on Saturday condemned the US House committee's 50-0 vote on a bill that would "
        "force ByteDance to sell TikTok or see the app banned in the United States, calling the move bullying.\n\n"
        "Source: Reuters, March 9, 2024\n", encoding="utf-8")
    report = ingest([tmp_path / "late.txt"], db=db)
    assert report.items == 1 and report.stories and report.stories.items >= 1
    after = _placements(db)
    assert all(after[item] == placed for item, placed in before.items() if placed[0])
    new = next(item for item in after if item not in before)
    tiktok = {story for item, (story, _s) in before.items() if story} & {after[new][0]}
    assert tiktok, "the new TikTok report should join a demo story"


def test_rebuilding_every_story_gives_the_same_stories(demo_archive: Path, tmp_path: Path) -> None:
    from chinabrief.pipeline import cluster

    db = tmp_path / "copy.db"
    shutil.copy(demo_archive, db)
    before = _placements(db)
    report = cluster(db=db, everything=True)
    assert report.items == len(before)
    assert _placements(db) == before
    assert cluster(db=db).items == 0  # nothing new
