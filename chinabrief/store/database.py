"""The archive: one SQLite file in WAL mode, written in one transaction per batch.

Items are keyed by their content hash, so ingesting the same material twice stores it once,
and a document's row is written in the same transaction as its items: a process killed
mid-ingest leaves whole batches or nothing, and the next run picks up where it stopped.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, literal_column, select, text
from sqlalchemy.exc import SQLAlchemyError

from chinabrief.errors import NotFoundError, StoreError
from chinabrief.models import Document, Item
from chinabrief.store import schema, search_index
from chinabrief.store.accounts import AccountTables
from chinabrief.store.archive import ArchiveQueries
from chinabrief.store.briefings import BriefingTables
from chinabrief.store.schema import documents, failures, feeds, gazetteer_additions, item_entities, items, revisions
from chinabrief.store.search_index import Progress
from chinabrief.store.stories import StoryTables, one_by_prefix

#: SQLite waits this long for a lock held by another process before giving up.
BUSY_TIMEOUT_MS = 10_000
#: Pages of the archive read through a memory map rather than copied in, and the page cache of
#: each connection. A common word's index entries run to megabytes: with SQLite's defaults
#: (no map, 2 MB of cache) the first search for 高质量发展 in 100,000 items took 166 ms and the
#: next 17; with these, 19 and 13 (bench/eval_search.py's archive, measured in one process).
MMAP_BYTES = 1 << 30
CACHE_KIB = 64 * 1024


def _apply(conn: Connection, statement: str, progress: Progress | None = None) -> None:
    """One migration step: SQL, or one of the idempotent steps written ``<verb …>``."""
    if statement == "<rebuild_search>":
        search_index.rebuild(conn, progress)
    elif statement == "<create_all>":
        schema.metadata.create_all(conn)
    elif statement.startswith("<create_table "):
        schema.metadata.tables[statement[14:-1]].create(conn, checkfirst=True)
    elif statement.startswith("<add_column "):
        table, column, definition = statement[12:-1].split(" ", 2)
        present = {row[1] for row in conn.execute(text(f"PRAGMA table_info({table})"))}
        if column not in present:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {definition}"))
    else:
        conn.execute(text(statement))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class Batch:
    """One unit of work for :meth:`Store.write`: documents with the items split from them."""

    documents: list[tuple[Document, Any]]  # (document, Split)


@dataclass(slots=True)
class WriteResult:
    documents: int = 0
    items: int = 0
    duplicates: int = 0


class Store(StoryTables, BriefingTables, AccountTables, ArchiveQueries):
    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path

    # -- schema ---------------------------------------------------------------------------
    def migrate(self, progress: Progress | None = None) -> list[int]:
        """Apply the migrations this database lacks; returns their numbers. ``progress`` hears
        (done, total) from the long ones (re-indexing every item)."""
        applied: list[int] = []
        try:
            with self.engine.begin() as conn:
                conn.execute(text("CREATE TABLE IF NOT EXISTS schema_migrations "
                                  "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"))
            done = self.migrations()
            for version, name, statements in schema.MIGRATIONS:
                if version in done:
                    continue
                with self.engine.begin() as conn:
                    for statement in statements:
                        _apply(conn, statement, progress)
                    conn.execute(text("INSERT INTO schema_migrations VALUES (:v, :n, :t)"),
                                 {"v": version, "n": name, "t": _now()})
                applied.append(version)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot prepare the database: {exc.orig if hasattr(exc, 'orig') else exc}") from exc
        return applied

    def reindex(self, progress: Progress | None = None) -> int:
        """Fill the full-text index anew from the items (one transaction); returns how many."""
        try:
            with self.engine.begin() as conn:
                return search_index.rebuild(conn, progress)
        except SQLAlchemyError as exc:
            raise StoreError(f"re-indexing failed and was rolled back: {exc}") from exc

    def migrations(self) -> set[int]:
        with self.engine.connect() as conn:
            return {row[0] for row in conn.execute(text("SELECT version FROM schema_migrations"))}

    # -- writing --------------------------------------------------------------------------
    def known_documents(self, ids: list[str]) -> set[str]:
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(documents.c.id).where(documents.c.id.in_(ids)))}

    def write(self, batch: Batch, splitter_version: str) -> WriteResult:
        """Store a batch in one transaction; items already stored (by content) are skipped.

        A batch is written with a handful of statements (one per table and look-up), not a
        few per item: at thousands of items per second the statement overhead is the cost.
        """
        result = WriteResult()
        try:
            with self.engine.begin() as conn:
                shas = [doc.sha256 for doc, _ in batch.documents]
                stored_docs = {r[0] for r in conn.execute(select(documents.c.id).where(documents.c.id.in_(shas)))}
                doc_rows, new_items = [], []
                for doc, split in batch.documents:
                    if doc.sha256 in stored_docs:
                        result.duplicates += len(split.items)
                        continue
                    stored_docs.add(doc.sha256)
                    doc_rows.append(_document_row(doc, split, splitter_version))
                    for item in split.items:
                        item.document_sha = doc.sha256
                        new_items.append(item)
                if doc_rows:
                    conn.execute(insert(documents), doc_rows)
                result.documents = len(doc_rows)
                result.items = self._insert_items(conn, new_items)
                result.duplicates += len(new_items) - result.items
        except SQLAlchemyError as exc:
            raise StoreError(f"writing the batch failed and was rolled back: {exc}") from exc
        return result

    def _insert_items(self, conn: Connection, new: list[Item]) -> int:
        hashes = list({i.content_hash for i in new})
        existing: set[str] = set()
        for chunk in range(0, len(hashes), 500):
            part = hashes[chunk:chunk + 500]
            existing |= {r[0] for r in conn.execute(select(items.c.content_hash).where(items.c.content_hash.in_(part)))}
        rows, fresh = [], []
        for item in new:
            if item.content_hash in existing:
                continue
            existing.add(item.content_hash)
            item.assign_id()
            rows.append(_item_row(item))
            fresh.append(item)
        if not rows:
            return 0
        conn.execute(insert(items), rows)
        entity_rows = [r for item in fresh for r in _entity_rows(item.id, item.to_record()["entities"],
                                                                  item.to_record()["published"])]
        if entity_rows:
            conn.execute(insert(item_entities), entity_rows)
        rowids: dict[str, int] = {}
        ids = [item.id for item in fresh]
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            found = conn.execute(select(items.c.id, text("items.rowid")).where(items.c.id.in_(part)))
            rowids.update((row[0], row[1]) for row in found)
        search_index.index_items(conn, [(rowids[r["id"]], r["headline"], r["text"], r["language"], r["published"])
                                        for r in rows])
        return len(fresh)

    # -- enrichment -------------------------------------------------------------------------
    def stale_items(self, version: str, everything: bool = False) -> Iterator[dict[str, Any]]:
        """Items whose enrichment another version produced (or every item), oldest first."""
        query = select(items.c.id, items.c.headline, items.c.text, items.c.published,
                       items.c.outlet_country).order_by(literal_column("rowid"))
        if not everything:
            query = query.where((items.c.enrich_version.is_(None)) | (items.c.enrich_version != version))
        with self.engine.connect() as conn:
            yield from conn.execute(query).mappings().all()

    def update_enrichment(self, updates: list[tuple[str, dict[str, Any]]]) -> None:
        """Replace the enrichment of items (id, record fields) in one transaction."""
        try:
            with self.engine.begin() as conn:
                for item_id, record in updates:
                    conn.execute(items.update().where(items.c.id == item_id).values(
                        language=record["language"], script=record["script"],
                        entities=json.dumps(record["entities"], ensure_ascii=False),
                        figures=json.dumps(record["figures"], ensure_ascii=False),
                        quotes=json.dumps(record["quotes"], ensure_ascii=False),
                        topics=json.dumps(record["topics"], ensure_ascii=False),
                        topic_scores=json.dumps(record["topic_scores"], ensure_ascii=False),
                        enrich_version=record["enrich_version"]))
                    conn.execute(item_entities.delete().where(item_entities.c.item_id == item_id))
                    rows = _entity_rows(item_id, record["entities"], record.get("published"))
                    if rows:
                        conn.execute(insert(item_entities), rows)
        except SQLAlchemyError as exc:
            raise StoreError(f"updating enrichment failed and was rolled back: {exc}") from exc

    def entity_counts(self, unknown: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
        """Entities by the number of items that name them (only unknown names with ``unknown``)."""
        query = (select(item_entities.c.entity_id, item_entities.c.name, item_entities.c.type,
                        func.count().label("items"), func.sum(item_entities.c.mentions).label("mentions"))
                 .where(item_entities.c.known == (0 if unknown else 1))
                 .group_by(item_entities.c.entity_id, item_entities.c.name, item_entities.c.type)
                 .order_by(func.count().desc(), item_entities.c.name))
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def items_naming(self, entity_id: str, limit: int = 10) -> list[dict[str, Any]]:
        query = (select(items).join(item_entities, item_entities.c.item_id == items.c.id)
                 .where(item_entities.c.entity_id == entity_id)
                 .order_by(item_entities.c.published.desc().nulls_last()).limit(limit))
        with self.engine.connect() as conn:
            return [record_from_row(r) for r in conn.execute(query).mappings()]

    def gazetteer_additions(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(gazetteer_additions.c.entry).order_by(gazetteer_additions.c.added_at))
            return [json.loads(r[0]) for r in rows]

    def add_to_gazetteer(self, entry: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(gazetteer_additions.delete().where(gazetteer_additions.c.id == entry["id"]))
            conn.execute(insert(gazetteer_additions).values(
                id=entry["id"], entry=json.dumps(entry, ensure_ascii=False), added_at=_now()))

    # -- feeds and revisions -----------------------------------------------------------------
    def add_feed(self, url: str, **values: Any) -> tuple[dict[str, Any], bool]:
        """Follow a feed (or listing page); returns it and whether it was new. Following a URL
        again updates what was given and keeps its history."""
        values = {k: v for k, v in values.items() if v is not None}
        if "tags" in values:
            values["tags"] = json.dumps(values["tags"], ensure_ascii=False)
        with self.engine.begin() as conn:
            existing = conn.execute(select(feeds.c.id).where(feeds.c.url == url)).scalar()
            if existing is None:
                conn.execute(insert(feeds).values(url=url, added_at=_now(), **values))
            elif values:
                conn.execute(feeds.update().where(feeds.c.id == existing).values(**values))
        return self.feed(url), existing is None

    def feed(self, url: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(feeds).where(feeds.c.url == url)).mappings().first()
        if row is None:
            raise NotFoundError(f"no feed {url}")
        return _feed_record(row)

    def feeds(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [_feed_record(r) for r in conn.execute(select(feeds).order_by(feeds.c.id)).mappings()]

    def remove_feed(self, url: str) -> None:
        with self.engine.begin() as conn:
            if not conn.execute(feeds.delete().where(feeds.c.url == url)).rowcount:
                raise NotFoundError(f"no feed {url}")

    def update_feed(self, url: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(feeds.update().where(feeds.c.url == url).values(**values))

    def known_links(self, links: list[str]) -> set[str]:
        """Which of these guids or URLs an item already has."""
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(links), 400):
                part = links[start:start + 400]
                found |= {r[0] for r in conn.execute(select(items.c.guid).where(items.c.guid.in_(part)))}
                found |= {r[0] for r in conn.execute(select(items.c.url).where(items.c.url.in_(part)))}
        return found

    def items_to_revisit(self, since: str, checked_before: str, limit: int) -> list[dict[str, Any]]:
        query = (select(items.c.id, items.c.url, items.c.headline, items.c.text, items.c.text_source)
                 .where(items.c.url.is_not(None), items.c.deleted_at.is_(None), items.c.created_at >= since,
                        (items.c.checked_at.is_(None)) | (items.c.checked_at < checked_before))
                 .order_by(items.c.checked_at.asc().nulls_first()).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def record_check(self, item_id: str, *, deleted: bool = False, headline: str | None = None,
                     text: str | None = None, diff: str | None = None) -> None:
        """After fetching an item's page again: gone, edited (the old version kept), or unchanged."""
        now = _now()
        with self.engine.begin() as conn:
            values: dict[str, Any] = {"checked_at": now}
            if deleted:
                values["deleted_at"] = now
            if text is not None and diff is not None:
                old = conn.execute(select(items.c.headline, items.c.text, items.c.language, literal_column("rowid"),
                                          items.c.published).where(items.c.id == item_id)).first()
                conn.execute(insert(revisions).values(item_id=item_id, seen_at=now, headline=old[0], text=old[1],
                                                      diff=diff))
                values.update(text=text, headline=headline or old[0])
                search_index.unindex_items(conn, [old[3]])  # the index follows the new text
                search_index.index_items(conn, [(old[3], headline or old[0], text, old[2], old[4])])
            conn.execute(items.update().where(items.c.id == item_id).values(**values))

    def revisions_of(self, item_id: str) -> list[dict[str, Any]]:
        """Earlier versions of an item, oldest first: when each was replaced, its text, the diff."""
        columns = (revisions.c.seen_at, revisions.c.headline, revisions.c.text, revisions.c.diff)
        with self.engine.connect() as conn:
            rows = conn.execute(select(*columns).where(revisions.c.item_id == item_id).order_by(revisions.c.id))
            return [dict(r) for r in rows.mappings()]

    def changes(self, since: str) -> list[dict[str, Any]]:
        """Items edited or deleted since ``since`` (ISO time), newest first."""
        edited = select(revisions.c.item_id).where(revisions.c.seen_at >= since)
        query = (select(items).where((items.c.deleted_at >= since) | items.c.id.in_(edited))
                 .order_by(items.c.published.desc().nulls_last()))
        with self.engine.connect() as conn:
            return [record_from_row(r) for r in conn.execute(query).mappings()]

    def record_failure(self, source: str, stage: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(failures).values(source=source, stage=stage, reason=reason, at=_now()))

    # -- reading --------------------------------------------------------------------------
    def count(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "items": conn.execute(select(func.count()).select_from(items)).scalar_one(),
            }

    def items(self, since: date | None = None, until: date | None = None, outlet: str | None = None,
              limit: int | None = None) -> Iterator[dict[str, Any]]:
        query = select(items).order_by(items.c.published.desc().nulls_last(), items.c.document, items.c.position)
        if since:
            query = query.where(items.c.published >= since.isoformat())
        if until:
            query = query.where(items.c.published <= until.isoformat())
        if outlet:
            query = query.where((items.c.outlet_id == outlet) | (func.lower(items.c.outlet_name) == outlet.lower()))
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            edited = {r[0] for r in conn.execute(select(revisions.c.item_id).distinct())}
            for row in conn.execute(query).mappings():
                record = record_from_row(row)
                record["revisions"] = self.revisions_of(record["id"]) if record["id"] in edited else []
                yield record

    def item(self, item_id: str) -> dict[str, Any]:
        """One item by id, or by a unique prefix of its id."""
        with self.engine.connect() as conn:
            return record_from_row(one_by_prefix(conn, items, item_id, "item", "items"))

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over headline and text, English or Chinese, best match first (a
        blank query finds nothing; :meth:`find_items` lists everything for one)."""
        return self.find_items(query, limit=limit)[0] if query.strip() else []

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(failures).order_by(failures.c.id)).mappings()]

    def document_raw(self, sha: str) -> bytes:
        with self.engine.connect() as conn:
            raw = conn.execute(select(documents.c.raw).where(documents.c.id == sha)).scalar()
        if raw is None:
            raise NotFoundError(f"no document {sha}")
        return zlib.decompress(raw)

    def close(self) -> None:
        self.engine.dispose()


def _document_row(doc: Document, split: Any, version: str) -> dict[str, Any]:
    return {
        "id": doc.sha256, "source": doc.source, "kind": doc.kind, "size": len(doc.raw), "encoding": doc.encoding,
        "title": doc.title, "published": doc.published.isoformat() if doc.published else None, "mode": split.mode,
        "preamble": "\n".join(split.preamble) or None, "item_count": len(split.items), "dropped": split.dropped,
        "splitter_version": version, "raw": zlib.compress(doc.raw, 6), "ingested_at": _now(),
    }


def _item_row(item: Item) -> dict[str, Any]:
    record = item.to_record()
    outlet = record["outlet"] or {}
    return {
        "id": item.id, "content_hash": item.content_hash, "document_id": item.document_sha,
        "document": item.document, "position": item.position, "headline": item.headline, "text": item.text,
        "sections": json.dumps(record["sections"], ensure_ascii=False), "language": item.language,
        "script": item.script, "published": record["published"], "outlet_id": outlet.get("id"),
        "outlet_name": outlet.get("name"), "outlet_affiliation": outlet.get("affiliation"),
        "outlet_country": outlet.get("country"), "url": item.url,
        "authors": json.dumps(item.authors, ensure_ascii=False), "guid": item.guid,
        "entities": json.dumps(record["entities"], ensure_ascii=False),
        "figures": json.dumps(record["figures"], ensure_ascii=False),
        "quotes": json.dumps(record["quotes"], ensure_ascii=False),
        "topics": json.dumps(record["topics"], ensure_ascii=False), "story": item.story, "created_at": _now(),
        "topic_scores": json.dumps(record["topic_scores"], ensure_ascii=False), "enrich_version": item.enrich_version,
        "text_source": item.text_source, "captions": json.dumps(item.captions, ensure_ascii=False),
    }


def _feed_record(row: Any) -> dict[str, Any]:
    record = dict(row)
    record["tags"] = json.loads(record.get("tags") or "[]")
    return record


def _entity_rows(item_id: str, entities: list[dict[str, Any]], published: str | None) -> list[dict[str, Any]]:
    return [{"item_id": item_id, "entity_id": e["id"], "name": e["name"], "type": e["type"],
             "known": int(e.get("known", True)), "mentions": e.get("mentions", 1), "published": published}
            for e in entities]


def record_from_row(row: Any) -> dict[str, Any]:
    """A stored item as the JSON item record (DESIGN.md §3)."""
    outlet = None
    if row["outlet_name"] or row["outlet_id"]:
        outlet = {"id": row["outlet_id"], "name": row["outlet_name"], "affiliation": row["outlet_affiliation"],
                  "country": row["outlet_country"]}
    return {
        "id": row["id"], "document": row["document"], "headline": row["headline"], "text": row["text"],
        "sections": json.loads(row["sections"]), "language": row["language"], "script": row["script"],
        "published": row["published"], "outlet": outlet, "url": row["url"], "authors": json.loads(row["authors"]),
        "guid": row["guid"], "entities": json.loads(row["entities"]), "figures": json.loads(row["figures"]),
        "quotes": json.loads(row["quotes"]), "topics": json.loads(row["topics"]),
        "topic_scores": json.loads(row["topic_scores"] or "[]"), "story": row["story"],
        "text_source": row.get("text_source"), "captions": json.loads(row.get("captions") or "[]"),
        "deleted_at": row.get("deleted_at"),
        "duplicate_of": row.get("duplicate_of"), "content_hash": row["content_hash"],
    }


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


def pending_migrations(path: Path) -> list[int]:
    """The migrations an archive file lacks, read without opening it for writing (so a command
    shows an upgrade's progress bar only when there is an upgrade)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    except sqlite3.Error:
        return [version for version, _name, _steps in schema.MIGRATIONS]
    return [version for version, _name, _steps in schema.MIGRATIONS if version not in done]


def open_store(db: str | Path, progress: Progress | None = None) -> Store:
    """Open (creating and migrating if needed) the archive at ``db``: a path or a database URL.
    ``progress`` hears (done, total) while a migration re-indexes the archive."""
    url = str(db)
    path = None
    if "://" not in url:
        path = Path(url).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for {path}: {exc.strerror}") from exc
        url = f"sqlite:///{path}"
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(engine, path)
    try:
        store.migrate(progress)
    except StoreError:
        engine.dispose()
        raise
    return store
