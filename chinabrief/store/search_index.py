"""Keeping the full-text index (``item_search``) and the stored segmentation in step with items.

Both are written in the transaction that writes or changes their items, so a search never
finds an item that is not there, nor misses one that is. :func:`rebuild` fills the index anew
from the items, page by page (the upgrade from the word-segmented index of earlier versions,
and ``chinabrief reindex``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, insert, text

from chinabrief.store.schema import item_segments
from chinabrief.store.search_text import BM25_WEIGHTS, COLUMNS, index_columns
from chinabrief.store.segment import SEGMENTED_CHARS, needs_segments, segments

Progress = Callable[[int, int], None]

#: The item's date comes first, unindexed: ranking reads it for its tie-break without reaching
#: past the first page of a long row.
CREATE = ("CREATE VIRTUAL TABLE item_search USING fts5(published UNINDEXED, " + ", ".join(COLUMNS)
          + ", tokenize='porter unicode61 remove_diacritics 2')")
#: BM25 weight of each column in table order (the date is not searched).
BM25 = "bm25(item_search, 0, " + ", ".join(str(w) for w in BM25_WEIGHTS) + ")"
_INSERT = text(f"INSERT INTO item_search(rowid, published, {', '.join(COLUMNS)}) "
               f"VALUES (:r, :published, {', '.join(':' + c for c in COLUMNS)})")
#: Items read and indexed at a time when rebuilding: a page of long Chinese texts stays a few MB.
REBUILD_PAGE = 2_000


def index_items(conn: Connection, rows: Iterable[tuple[int, str, str, str | None, str | None]],
                segmentation: dict[int, tuple[str, str]] | None = None) -> None:
    """Index items given as (rowid, headline, text, language, published); Chinese ones are
    segmented for the clusterer too, unless ``segmentation`` already holds theirs."""
    search_rows: list[dict[str, Any]] = []
    segment_rows: list[dict[str, Any]] = []
    for rowid, headline, body, language, published in rows:
        search_rows.append({"r": rowid, "published": published,
                            **dict(zip(COLUMNS, index_columns(headline, body), strict=True))})
        if segmentation and rowid in segmentation:
            head, lead = segmentation[rowid]
        elif needs_segments(headline, body, language):
            head, lead = segments(headline, body)
        else:
            continue
        segment_rows.append({"item_rowid": rowid, "headline": head, "lead": lead[:SEGMENTED_CHARS]})
    if search_rows:
        conn.execute(_INSERT, search_rows)
    if segment_rows:
        conn.execute(insert(item_segments).prefix_with("OR REPLACE"), segment_rows)


def unindex_items(conn: Connection, rowids: list[int]) -> None:
    for start in range(0, len(rowids), 500):
        part = ", ".join(str(int(r)) for r in rowids[start:start + 500])
        conn.execute(text(f"DELETE FROM item_search WHERE rowid IN ({part})"))
        conn.execute(text(f"DELETE FROM item_segments WHERE item_rowid IN ({part})"))


def rebuild(conn: Connection, progress: Progress | None = None) -> int:
    """Index every item anew; returns how many. The segmentation of an earlier version's index
    (``items_fts``) is carried over rather than made again, and that index is dropped."""
    tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    old = "items_fts" in tables
    total = conn.execute(text("SELECT count(*) FROM items")).scalar_one()
    conn.execute(text("DROP TABLE IF EXISTS item_search"))
    conn.execute(text(CREATE))
    done, last = 0, -1
    while True:
        page = conn.execute(text("SELECT rowid, headline, text, language, published FROM items WHERE rowid > :last "
                                 "ORDER BY rowid LIMIT :n"), {"last": last, "n": REBUILD_PAGE}).all()
        if not page:
            break
        kept = _old_segmentation(conn, page) if old else _stored_segmentation(conn, page)
        index_items(conn, [tuple(row) for row in page], kept)
        done += len(page)
        last = page[-1][0]
        if progress:
            progress(done, total)
    if old:
        conn.execute(text("DROP TABLE items_fts"))
    return done


def _old_segmentation(conn: Connection, page: list[Any]) -> dict[int, tuple[str, str]]:
    wanted = [row[0] for row in page if needs_segments(row[1], row[2], row[3])]
    if not wanted:
        return {}
    found = conn.execute(text(f"SELECT rowid, headline, body FROM items_fts WHERE rowid IN "
                              f"({', '.join(str(int(r)) for r in wanted)})"))
    return {r[0]: (r[1], r[2]) for r in found}


def _stored_segmentation(conn: Connection, page: list[Any]) -> dict[int, tuple[str, str]]:
    ids = ", ".join(str(int(row[0])) for row in page)
    found = conn.execute(text(f"SELECT item_rowid, headline, lead FROM item_segments WHERE item_rowid IN ({ids})"))
    return {r[0]: (r[1], r[2]) for r in found}
