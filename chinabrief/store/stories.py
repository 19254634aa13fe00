"""The archive's side of stories: what clustering reads, and the stories it writes back.

Kept apart from the item tables' code; :class:`chinabrief.store.database.Store` includes it.
A clustering run's results are written in one transaction, so an interrupted run leaves the
previous stories in place, whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, literal_column, select, text
from sqlalchemy.exc import SQLAlchemyError

from chinabrief.errors import NotFoundError, StoreError
from chinabrief.store.schema import item_segments, items, stories

_JSON_FIELDS = ("outlets", "affiliations", "languages", "entities", "figures", "score_parts", "signature")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def story_from_row(row: Any) -> dict[str, Any]:
    record = dict(row)
    for name in _JSON_FIELDS:
        record[name] = json.loads(record[name])
    record["items"] = record.pop("item_count")
    return record


class StoryTables:
    engine: Engine

    def first_unclustered_day(self) -> date | None:
        """The earliest day of an item no clustering run has placed yet."""
        day = func.coalesce(items.c.published, func.substr(items.c.created_at, 1, 10))
        with self.engine.connect() as conn:
            found = conn.execute(select(func.min(day)).where(items.c.story_status.is_(None))).scalar()
        return date.fromisoformat(found[:10]) if found else None

    def story_inputs(self, since: date | None = None) -> Iterator[dict[str, Any]]:
        """Items from ``since`` on, oldest first, with the index's Chinese segmentation."""
        from chinabrief.store.database import record_from_row

        day = func.coalesce(items.c.published, func.substr(items.c.created_at, 1, 10))
        query = (select(items, item_segments.c.headline.label("seg_headline"), item_segments.c.lead.label("seg_body"))
                 .select_from(items.join(item_segments, item_segments.c.item_rowid == literal_column("items.rowid"),
                                         isouter=True))
                 .order_by(day, text("items.rowid")))
        if since is not None:
            query = query.where(day >= since.isoformat())
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                record = record_from_row(row)
                record["created_at"] = row["created_at"]
                record["story_status"] = row["story_status"]
                record["duplicate_of"] = row["duplicate_of"]
                record["segmented"] = (row["seg_headline"], row["seg_body"]) if row["seg_body"] is not None else None
                yield record

    def titles_since(self, since: date | None) -> list[tuple[str | None, str, date, str]]:
        """(outlet, headline, day, content hash) of the items from ``since`` on: enough to tell
        a daily column's title before its first issue is placed."""
        day = func.coalesce(items.c.published, func.substr(items.c.created_at, 1, 10))
        query = select(func.coalesce(items.c.outlet_id, items.c.outlet_name), items.c.headline, day,
                       items.c.content_hash)
        if since is not None:
            query = query.where(day >= since.isoformat())
        with self.engine.connect() as conn:
            return [(o, h, date.fromisoformat(d[:10]), c) for o, h, d, c in conn.execute(query)]

    def save_clustering(self, placements: Iterable[dict[str, Any]], records: Iterable[dict[str, Any]],
                        threads: dict[str, str], version: str) -> None:
        """Write item placements (id, story, status, duplicate_of, note) and story records;
        drop stories left without items. One transaction."""
        now = _now()
        try:
            with self.engine.begin() as conn:
                for chunk in _chunks(list(placements), 500):
                    for p in chunk:
                        conn.execute(items.update().where(items.c.id == p["id"]).values(
                            story=p["story"], story_status=p["status"], duplicate_of=p["duplicate_of"],
                            story_note=p["note"]))
                rows = [_story_row(r, version, now) for r in records]
                ids = [r["id"] for r in rows]
                for chunk in _chunks(ids, 500):
                    conn.execute(stories.delete().where(stories.c.id.in_(chunk)))
                if rows:
                    conn.execute(insert(stories), rows)
                for story_id, thread in threads.items():
                    conn.execute(stories.update().where(stories.c.id == story_id).values(thread=thread))
                conn.execute(text("DELETE FROM stories WHERE id NOT IN "
                                  "(SELECT DISTINCT story FROM items WHERE story IS NOT NULL)"))
        except SQLAlchemyError as exc:
            raise StoreError(f"saving stories failed and was rolled back: {exc}") from exc

    def stories(self, since: date | None = None, until: date | None = None, limit: int | None = None,
                thread: str | None = None) -> list[dict[str, Any]]:
        """Stories seen in the period (any report in it), most important first."""
        query = select(stories).order_by(stories.c.score.desc(), stories.c.last_seen.desc())
        if since:
            query = query.where(stories.c.last_seen >= since.isoformat())
        if until:
            query = query.where(stories.c.first_seen <= until.isoformat())
        if thread:
            query = query.where(stories.c.thread == thread).order_by(None).order_by(stories.c.first_seen)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [story_from_row(r) for r in conn.execute(query).mappings()]

    def story(self, story_id: str) -> dict[str, Any]:
        """One story with its items (by id or a unique prefix of it)."""
        from chinabrief.store.database import record_from_row

        with self.engine.connect() as conn:
            record = story_from_row(one_by_prefix(conn, stories, story_id, "story", "stories"))
            members = conn.execute(select(items).where(items.c.story == record["id"])
                                   .order_by(items.c.published, text("items.rowid"))).mappings().all()
        record["members"] = []
        for row in members:
            member = record_from_row(row)
            member["duplicate_of"] = row["duplicate_of"]
            member["story_status"] = row["story_status"]
            record["members"].append(member)
        return record

    def stories_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        """The story records (without members) of these ids, in no particular order."""
        if not ids:
            return []
        with self.engine.connect() as conn:
            return [story_from_row(r) for r in conn.execute(select(stories).where(stories.c.id.in_(ids))).mappings()]

    def latest_story_day(self) -> date | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(func.max(stories.c.last_seen))).scalar()
        return date.fromisoformat(found) if found else None

    def stories_for_threads(self, since: date) -> list[dict[str, Any]]:
        query = select(stories.c.id, stories.c.first_seen, stories.c.last_seen, stories.c.signature,
                       stories.c.thread, stories.c.item_count.label("items")).where(
            stories.c.last_seen >= since.isoformat())
        with self.engine.connect() as conn:
            return [{**dict(r), "signature": json.loads(r["signature"])} for r in conn.execute(query).mappings()]


def one_by_prefix(conn: Connection, table: Table, key: str, noun: str, plural: str) -> Any:
    """The row whose id is ``key`` or starts with it; a clear error when none or several do."""
    rows = conn.execute(select(table).where(table.c.id.like(f"{key}%")).limit(2)).mappings().all()
    if not rows:
        raise NotFoundError(f"no {noun} with id {key!r}")
    if len(rows) > 1:
        raise NotFoundError(f"{key!r} matches several {plural}: give more of the id")
    return rows[0]


def _chunks(values: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _story_row(record: dict[str, Any], version: str, now: str) -> dict[str, Any]:
    row = {k: record[k] for k in ("id", "title", "title_item", "first_seen", "last_seen", "duplicates", "score",
                                  "thread")}
    row["item_count"] = len(record["items"])
    for name in _JSON_FIELDS:
        row[name] = json.dumps(record[name], ensure_ascii=False)
    row["version"], row["updated_at"] = version, now
    return row
