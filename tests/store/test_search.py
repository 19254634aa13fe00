"""What each kind of query matches, on small items written for the case; how an archive of an
earlier version is re-indexed; the index following an item's new text."""

from __future__ import annotations

import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from chinabrief.models import Document, Item
from chinabrief.search import search
from chinabrief.sources.digest import Split
from chinabrief.store import Store, open_store, search_text
from chinabrief.store.archive import Filters
from chinabrief.store.database import Batch, pending_migrations
from chinabrief.store.search_marks import spans
from chinabrief.store.search_query import TermKind, parse
from chinabrief.store.segment import needs_segments, segmented
from chinabrief.web.views import snippet

ITEMS = [
    ("Canada weighs new tariffs", "Ottawa said the tariff on steel would rise. Sanctions were also discussed."),
    ("Officials sanctioned", "The US sanctioned two firms; see https://example.com/mss/report for more."),
    ("MSS warns of espionage", "China's Ministry of State Security (MSS) said on Monday it had found spies."),
    ("外交部发言人答记者问", "外交部发言人毛宁表示，中方坚决反对。"),
    ("國防部記者會", "台灣國防部發言人說，共軍持續施壓。"),
    ("外交部。发言人另有安排", "无关的内容。"),
    ("Wang Yi meets Starmer", "Chinese Foreign Minister Wang Yi met Keir Starmer in Beijing."),
    ("王毅会见斯塔默", "王毅在北京会见英国首相斯塔默。"),
    ("Rare earth exports", "Curbs on rare earths and export controls on gallium."),
    ("华为发布新机", "华为公司发布新款手机，中华文化。"),
]


def _batch(rows: list[tuple[str, str]], name: str = "sample.txt") -> Batch:
    doc = Document(source=name, raw=repr(rows).encode(), kind="txt")
    items = [Item(document=name, headline=h, text=t, position=i, language="zh" if "毅" in t or "部" in h else "en")
             for i, (h, t) in enumerate(rows)]
    return Batch([(doc, Split(items=items))])


@pytest.fixture
def archive(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "search.db")
    store.write(_batch(ITEMS), "1")
    return store


def _found(store: Store, query: str, exact: bool = True) -> list[str]:
    return sorted(r["headline"] for r in search(store, query, limit=100, exact=exact).items)


def test_a_chinese_phrase_is_found_whole_in_either_script(archive: Store) -> None:
    assert _found(archive, "外交部发言人") == ["外交部发言人答记者问"]  # not across the full stop
    assert _found(archive, "国防部发言人") == ["國防部記者會"]
    assert _found(archive, "國防部") == _found(archive, "国防部") == ["國防部記者會"]
    assert _found(archive, "部发") == ["國防部記者會", "外交部发言人答记者问"]
    assert _found(archive, "华") == ["华为发布新机"]  # a single character too
    assert _found(archive, '"外交部发言人"') == ["外交部发言人答记者问"]


def test_english_words_match_in_any_form_but_quoted_words_as_written(archive: Store) -> None:
    assert _found(archive, "tariff") == _found(archive, "tariffs") == ["Canada weighs new tariffs"]
    assert _found(archive, "sanction") == ["Canada weighs new tariffs", "Officials sanctioned"]
    assert _found(archive, '"sanctioned"') == ["Officials sanctioned"]
    assert _found(archive, '"rare earths"') == ["Rare earth exports"]
    assert _found(archive, '"rare earth"') == ["Rare earth exports"]  # the headline says it so
    assert _found(archive, '"earths rare"') == []
    assert _found(archive, '"export controls"') == ["Rare earth exports"]


def test_an_acronym_matches_in_capitals_only(archive: Store) -> None:
    assert _found(archive, "MSS") == ["MSS warns of espionage"]  # not the "mss" of a web address
    assert _found(archive, "mss") == ["MSS warns of espionage", "Officials sanctioned"]


def test_mixed_queries_need_every_part(archive: Store) -> None:
    assert _found(archive, "王毅 斯塔默") == ["王毅会见斯塔默"]
    assert _found(archive, "王毅 Starmer") == []
    assert _found(archive, "Wang Yi Starmer") == ["Wang Yi meets Starmer"]
    assert _found(archive, "!!! ???") == []


def test_a_name_is_widened_to_its_other_languages_unless_exact(archive: Store) -> None:
    widened = search(archive, "Wang Yi", limit=100)
    assert sorted(r["headline"] for r in widened.items) == ["Wang Yi meets Starmer", "王毅会见斯塔默"]
    assert {r["headline"]: r["matched_via"] for r in widened.items}["王毅会见斯塔默"] == "Wang Yi (王毅)"
    assert {r["headline"]: r["matched_via"] for r in widened.items}["Wang Yi meets Starmer"] is None
    assert _found(archive, "Wang Yi") == ["Wang Yi meets Starmer"]
    chinese = search(archive, "王毅", limit=100).items  # the words as typed first, then the widening
    assert [(r["headline"], r["matched_via"]) for r in chinese] == \
        [("王毅会见斯塔默", None), ("Wang Yi meets Starmer", "Wang Yi (王毅)")]
    in_chinese = search(archive, "王毅", Filters(language="zh"), limit=100).items  # the same under filters
    assert [(r["headline"], r["matched_via"]) for r in in_chinese] == [("王毅会见斯塔默", None)]


def test_query_kinds() -> None:
    kinds = [t.kind for t in parse('tariffs 外交部 MSS "rare earths" "G20峰会" COVID-19').terms]
    assert kinds == [TermKind.WORDS, TermKind.CHINESE, TermKind.ACRONYM, TermKind.PHRASE, TermKind.MIXED,
                     TermKind.WORDS]
    assert not parse('"" !!!')


def test_snippets_mark_a_chinese_phrase_once_and_english_word_forms() -> None:
    assert snippet("外交部发言人毛宁表示", "外交部发言人") == "<mark>外交部发言人</mark>毛宁表示"
    assert snippet("台灣國防部發言人說", "国防部") == "台灣<mark>國防部</mark>發言人說"
    assert snippet("New Tariffs on steel; the tariff rises", "tariff") == \
        "New <mark>Tariffs</mark> on steel; the <mark>tariff</mark> rises"
    assert spans("see example.com/mss and the MSS", parse("MSS")) == [(28, 31)]


def test_an_edited_item_is_found_by_its_new_text(archive: Store) -> None:
    item = search(archive, "espionage", limit=1).items[0]
    archive.record_check(item["id"], text="The ministry now speaks of counterintelligence.", diff="-+")
    assert _found(archive, "counterintelligence") == ["MSS warns of espionage"]
    assert _found(archive, "spies") == []


def test_an_archive_of_the_word_segmented_index_is_reindexed_keeping_its_segmentation(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    open_store(path).write(_batch(ITEMS), "1")
    con = sqlite3.connect(path)  # now as version 10 left it: a jieba-segmented index, no migration 11
    rows = con.execute("SELECT rowid, headline, text FROM items").fetchall()
    con.executescript("DROP TABLE item_search; DROP TABLE item_segments; DELETE FROM schema_migrations "
                      "WHERE version = 11; CREATE VIRTUAL TABLE items_fts USING fts5(headline, body);")
    con.executemany("INSERT INTO items_fts(rowid, headline, body) VALUES (?, ?, ?)",
                    [(r, segmented(h), segmented(t) + " 旧") for r, h, t in rows])
    con.commit()
    con.close()
    assert pending_migrations(path) == [11]
    heard: list[tuple[int, int]] = []
    store = open_store(path, progress=lambda done, total: heard.append((done, total)))
    assert pending_migrations(path) == []
    assert heard[-1] == (len(ITEMS), len(ITEMS))
    assert _found(store, "外交部发言人") == ["外交部发言人答记者问"]
    con = sqlite3.connect(path)
    assert not con.execute("SELECT name FROM sqlite_master WHERE name = 'items_fts'").fetchall()
    kept = dict(con.execute("SELECT item_rowid, lead FROM item_segments").fetchall())
    chinese = {r: t for r, h, t in rows if needs_segments(h, t, None)}
    assert kept == {r: segmented(t) + " 旧" for r, t in chinese.items()}  # carried over, not segmented again


def test_a_long_body_is_indexed_piece_by_piece_in_bounded_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4 MB Chinese body once took 17 times its size in tokens held at once; pieces keep the
    columns the same (cuts fall between tokens) and the memory near the columns' own size."""
    sentence = "外交部发言人毛宁表示，中方愿同各方一道推动全球治理改革。臺灣 MSS warned_of tariffs 20% in 2025. "
    body = sentence * (4_000_000 // len(sentence.encode()))
    tracemalloc.start()
    try:
        columns = search_text.index_columns("标题", body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 7 * len(body.encode())
    monkeypatch.setattr(search_text, "PIECE_CHARS", len(body) + 1)
    assert search_text.index_columns("标题", body) == columns
