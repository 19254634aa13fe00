import sqlite3
from pathlib import Path

import pytest

from chinabrief.errors import NotFoundError
from chinabrief.models import Document, Item
from chinabrief.sources.digest import Split
from chinabrief.store import open_store
from chinabrief.store.database import Batch
from chinabrief.store.schema import MIGRATIONS


def _doc(source: str, items: list[tuple[str, str]]) -> tuple[Document, Split]:
    doc = Document(source=source, raw=source.encode() + b"|" + repr(items).encode(), kind="txt")
    return doc, Split(items=[Item(document=source, headline=h, text=t, position=i) for i, (h, t) in
                             enumerate(items)])


def test_migrations_are_numbered_recorded_and_idempotent(db_path: Path) -> None:
    store = open_store(db_path)
    assert store.migrations() == {v for v, _, _ in MIGRATIONS}
    assert store.migrate() == []  # nothing left to apply
    store.close()
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY version")] == \
        sorted(v for v, _, _ in MIGRATIONS)


def test_an_archive_from_before_enrichment_is_upgraded_in_place(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    con = sqlite3.connect(old)
    con.executescript("""
        CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
        INSERT INTO schema_migrations VALUES (1, 'tables', 'then'), (2, 'fts', 'then');
        CREATE TABLE items (id TEXT PRIMARY KEY, headline TEXT, text TEXT, language TEXT, published TEXT, url TEXT,
                            guid TEXT);
        INSERT INTO items VALUES ('a1', 'Kept through the upgrade', 'Body.', 'en', NULL, NULL, NULL);
        CREATE VIRTUAL TABLE items_fts USING fts5(headline, body, tokenize='unicode61 remove_diacritics 2');
    """)
    con.commit()
    con.close()
    store = open_store(old)
    assert 3 in store.migrations()
    store.close()
    con = sqlite3.connect(old)
    columns = {row[1] for row in con.execute("PRAGMA table_info(items)")}
    assert {"topic_scores", "enrich_version"} <= columns
    assert con.execute("SELECT headline, topic_scores FROM items").fetchall() == [("Kept through the upgrade", "[]")]
    assert con.execute("SELECT count(*) FROM item_entities").fetchone() == (0,)


def test_same_content_is_stored_once(store) -> None:
    first = store.write(Batch([_doc("a.txt", [("Headline", "Body text."), ("Other", "More text.")])]), "1")
    assert (first.documents, first.items, first.duplicates) == (1, 2, 0)
    # A second document carrying one of the same items: that item is a duplicate.
    second = store.write(Batch([_doc("b.txt", [("Headline", "Body   text."), ("New", "New text.")])]), "1")
    assert (second.items, second.duplicates) == (1, 1)
    again = store.write(Batch([_doc("a.txt", [("Headline", "Body text."), ("Other", "More text.")])]), "1")
    assert (again.documents, again.items, again.duplicates) == (0, 0, 2)
    assert store.count() == {"documents": 2, "items": 3}


def test_chinese_and_english_full_text_search(store) -> None:
    store.write(Batch([_doc("zh.txt", [
        ("外交部长王毅举行记者会", "王毅表示，中方反对美方加征关税的做法。"),
        ("国防预算增长7.2%", "今年国防预算约为1.67万亿元。"),
        ("Export controls on gallium", "China announced export controls on two chip metals."),
    ])]), "1")
    assert [r["headline"] for r in store.search("王毅")] == ["外交部长王毅举行记者会"]
    assert [r["headline"] for r in store.search("关税")] == ["外交部长王毅举行记者会"]
    assert [r["headline"] for r in store.search('"export controls"')] == ["Export controls on gallium"]
    assert store.search("Politburo") == []
    assert store.search("   ") == []


def test_item_lookup_by_prefix(store) -> None:
    store.write(Batch([_doc("a.txt", [("Headline", "Body text.")])]), "1")
    [record] = store.items()
    assert store.item(record["id"][:6])["headline"] == "Headline"
    with pytest.raises(NotFoundError):
        store.item("zzzz")
