"""Reading the archive the way the web app and the JSON API browse it.

Search with filters, counts per week for charts, co-mentions, quotes by a person, figures as
time series. Counts are grouped by day in SQL and folded into ISO weeks here, so a chart over
a large archive moves a few hundred rows, not one per item.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, text

from chinabrief.store.search_index import BM25
from chinabrief.store.search_query import Expansion, Query, parse

#: The deepest page a listing serves; past it a reader should narrow the filters instead.
MAX_OFFSET = 10_000
#: How many of an entity's latest items its page reads for co-mentions, stories and quotes:
#: enough for a current picture, and the page stays fast for "China" in a million items.
CO_MENTION_WINDOW = 1_000
#: The latest items naming entity ``:e`` (at most ``:w``), read from the entity index alone.
LATEST = "SELECT item_id FROM item_entities WHERE entity_id = :e ORDER BY published DESC LIMIT :w"
#: How many of the newest matches a search ranks by relevance. Below it (most searches of a
#: week or a month) every match is ranked; above it, a common word ranks among recent items,
#: which is what a desk searching "China" wants and keeps a search of a million items fast.
CANDIDATES = 2_000
#: How many matching items a figure series reads at most, newest first.
FIGURE_SCAN = 3_000


@dataclass(slots=True)
class Filters:
    """What a search or a listing is narrowed to; every field optional."""

    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    affiliation: str | None = None
    language: str | None = None
    topic: str | None = None
    entity: str | None = None
    story: str | None = None

    def __post_init__(self) -> None:
        # A form's empty field and an absent query parameter both mean "any".
        for name in ("outlet", "affiliation", "language", "topic", "entity", "story"):
            value = getattr(self, name)
            setattr(self, name, value.strip() or None if isinstance(value, str) else value)

    def sql(self) -> tuple[list[str], dict[str, Any]]:
        where: list[str] = []
        params: dict[str, Any] = {}
        if self.since:
            where.append("items.published >= :since")
            params["since"] = self.since.isoformat()
        if self.until:
            where.append("items.published <= :until")
            params["until"] = self.until.isoformat() + "~"  # a date-time on the last day still counts
        for name, column in (("outlet", "outlet_id"), ("affiliation", "outlet_affiliation"),
                             ("language", "language"), ("story", "story")):
            if getattr(self, name):
                where.append(f"items.{column} = :{name}")
                params[name] = getattr(self, name)
        if self.topic:
            where.append("items.topics LIKE :topic")
            params["topic"] = f'%"{self.topic}"%'
        if self.entity:
            where.append("items.id IN (SELECT item_id FROM item_entities WHERE entity_id = :entity)")
            params["entity"] = self.entity
        return where, params


def iso_week(day: str) -> str:
    when = date.fromisoformat(day[:10])
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def _ids(rowids: list[int]) -> str:
    return ", ".join(str(int(r)) for r in rowids)


def weekly(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """(day, count) rows as (ISO week, count), in order, weeks without any left out."""
    weeks: Counter[str] = Counter()
    for day, count in rows:
        if day and re.match(r"\d{4}-\d{2}-\d{2}", day):
            weeks[iso_week(day)] += count
    return sorted(weeks.items())


class ArchiveQueries:
    engine: Engine

    def find_items(self, query: str | Query = "", filters: Filters | None = None, limit: int = 20, offset: int = 0,
                   order: str = "relevance", expansions: tuple[Expansion, ...] = ()
                   ) -> tuple[list[dict[str, Any]], bool]:
        """Items matching ``query`` (English or Chinese; empty: all) and ``filters``, with
        whether there are more after this page. With ``expansions``, a span of the query that
        names an entity also matches the entity's other names; an item found only that way
        carries the entity's name in ``matched_via``."""
        from chinabrief.store.database import record_from_row

        filters = filters or Filters()
        parsed = parse(query) if isinstance(query, str) else query
        if not parsed and isinstance(query, str) and query.strip():  # nothing searchable in it
            return [], False
        offset = max(0, min(int(offset), MAX_OFFSET))
        if parsed:
            return self._matching(parsed, filters, limit, offset, order, expansions)
        by_entity = bool(filters.entity)
        where, params = (replace(filters, entity=None) if by_entity else filters).sql()
        params.update(n=limit + 1, o=offset)
        if by_entity:  # newest first straight from the entity index, however common the entity
            params["entity"] = filters.entity
            sql = ("SELECT items.* FROM item_entities JOIN items ON items.id = item_entities.item_id "
                   "WHERE item_entities.entity_id = :entity" + "".join(f" AND {w}" for w in where)
                   + " ORDER BY item_entities.published DESC")
        else:
            sql = "SELECT items.* FROM items" + (" WHERE " + " AND ".join(where) if where else "")
            sql += " ORDER BY items.published DESC"
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql + " LIMIT :n OFFSET :o"), params).mappings().all()
        return [record_from_row(r) for r in rows[:limit]], len(rows) > limit

    def _matching(self, query: Query, filters: Filters, limit: int, offset: int, order: str,
                  expansions: tuple[Expansion, ...]) -> tuple[list[dict[str, Any]], bool]:
        """Ranking happens among the newest matches (by the order items were stored), at most
        :data:`CANDIDATES` of them, scored by BM25 in the index alone: a search for "China"
        in a million items then reads two thousand entries, not every item that says it.
        Widened by an entity's other names, the items that match the words as typed come first."""
        from chinabrief.store.database import record_from_row

        where, params = filters.sql()
        params.update(q=query.match(expansions), literal=query.match(), cap=max(CANDIDATES, offset + limit + 1),
                      n=limit + 1, o=offset)
        source = "item_search"
        if where:
            source += " JOIN items ON items.rowid = item_search.rowid"
        narrowed = "".join(f" AND {w}" for w in where)
        # The newest matches as typed (under the same filters) hold every one among the candidates:
        # those are a subset of the widened matches.
        literal = (f"item_search.rowid IN (SELECT item_search.rowid FROM {source} WHERE item_search MATCH :literal"
                   f"{narrowed} ORDER BY item_search.rowid DESC LIMIT :cap)") if expansions else "1"
        candidates = (f"SELECT item_search.rowid AS rowid, item_search.published AS published, {BM25} AS score, "
                      f"{literal} AS literal FROM {source} WHERE item_search MATCH :q{narrowed} "
                      "ORDER BY item_search.rowid DESC LIMIT :cap")
        ranking = "round(score, 2), published DESC" if order == "relevance" else "published DESC"
        sql = (f"SELECT rowid, literal FROM ({candidates}) ORDER BY literal DESC, {ranking}, rowid DESC "
               "LIMIT :n OFFSET :o")
        with self.engine.connect() as conn:
            ranked = conn.execute(text(sql), params).all()
            page = [r[0] for r in ranked[:limit]]
            found = {r["rowid"]: r for r in conn.execute(
                text(f"SELECT rowid AS rowid, * FROM items WHERE rowid IN ({_ids(page)})")).mappings()} if page else {}
        via = " / ".join(e.label for e in expansions)
        records = []
        for rowid, as_typed in ranked[:limit]:
            if rowid in found:
                record = record_from_row(found[rowid])
                record["matched_via"] = None if as_typed else via
                records.append(record)
        return records, len(ranked) > limit

    def count_matches(self, query: str | Query, filters: Filters | None = None,
                      expansions: tuple[Expansion, ...] = ()) -> int:
        """How many items match in all (a pass over the index's entries for the query)."""
        parsed = parse(query) if isinstance(query, str) else query
        if not parsed:
            return 0
        where, params = (filters or Filters()).sql()
        source = "item_search" + (" JOIN items ON items.rowid = item_search.rowid" if where else "")
        sql = f"SELECT count(*) FROM {source} WHERE item_search MATCH :q" + "".join(f" AND {w}" for w in where)
        with self.engine.connect() as conn:
            return conn.execute(text(sql), {**params, "q": parsed.match(expansions)}).scalar_one()

    def outlets_seen(self) -> list[dict[str, Any]]:
        sql = ("SELECT outlet_id AS id, outlet_name AS name, outlet_affiliation AS affiliation, count(*) AS items "
               "FROM items WHERE outlet_id IS NOT NULL GROUP BY outlet_id ORDER BY items DESC")
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(text(sql)).mappings()]

    def entity_weeks(self, entity_id: str) -> list[tuple[str, int]]:
        sql = "SELECT substr(published, 1, 10) AS day, count(*) FROM item_entities WHERE entity_id = :e GROUP BY day"
        with self.engine.connect() as conn:
            return weekly([(r[0], r[1]) for r in conn.execute(text(sql), {"e": entity_id})])

    def co_mentioned(self, entity_id: str, limit: int = 12) -> list[dict[str, Any]]:
        sql = ("SELECT b.entity_id AS id, max(b.name) AS name, max(b.type) AS type, count(*) AS items "
               f"FROM ({LATEST}) a "
               "JOIN item_entities b ON b.item_id = a.item_id "
               "WHERE b.entity_id != :e GROUP BY b.entity_id ORDER BY items DESC, name LIMIT :n")
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(text(sql), {"e": entity_id, "w": CO_MENTION_WINDOW, "n": limit})
                    .mappings()]

    def entity_stories(self, entity_id: str, limit: int = 10) -> list[dict[str, Any]]:
        from chinabrief.store.stories import story_from_row

        sql = (f"SELECT * FROM stories WHERE id IN (SELECT DISTINCT items.story FROM ({LATEST}) a "
               "JOIN items ON items.id = a.item_id WHERE items.story IS NOT NULL) "
               "ORDER BY last_seen DESC, score DESC LIMIT :n")
        with self.engine.connect() as conn:
            return [story_from_row(r) for r in conn.execute(text(sql), {"e": entity_id, "n": limit,
                                                                         "w": CO_MENTION_WINDOW}).mappings()]

    def quotes_by(self, entity_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """What this person (or body) was quoted as saying, newest first, with where."""
        sql = ("SELECT items.id, items.headline, items.published, items.outlet_name, items.url, items.quotes "
               f"FROM ({LATEST}) a JOIN items ON items.id = a.item_id "
               "WHERE items.quotes LIKE :like ORDER BY items.published DESC")
        found: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            params = {"e": entity_id, "like": f'%"{entity_id}"%', "w": CO_MENTION_WINDOW}
            for row in conn.execute(text(sql), params).mappings():
                for quote in json.loads(row["quotes"]):
                    if quote.get("speaker_id") == entity_id and len(found) < limit:
                        found.append({**quote, "item": row["id"], "headline": row["headline"],
                                      "published": row["published"], "outlet": row["outlet_name"], "url": row["url"]})
        return found

    def term_weeks(self, term: str) -> list[tuple[str, int]]:
        query = parse(term)
        if not query:
            return []
        sql = ("SELECT substr(published, 1, 10) AS day, count(*) FROM item_search "
               "WHERE item_search MATCH :q GROUP BY day")
        with self.engine.connect() as conn:
            return weekly([(r[0], r[1]) for r in conn.execute(text(sql), {"q": query.match()})])

    def topic_weeks(self, topic: str) -> list[tuple[str, int]]:
        sql = "SELECT substr(published, 1, 10) AS day, count(*) FROM items WHERE topics LIKE :t GROUP BY day"
        with self.engine.connect() as conn:
            return weekly([(r[0], r[1]) for r in conn.execute(text(sql), {"t": f'%"{topic}"%'})])

    def figure_candidates(self, term: str) -> list[dict[str, Any]]:
        """Items (newest first, originals only) that match ``term`` and state figures: what a
        figure's time series is read from."""
        query = parse(term)
        if not query:
            return []
        sql = ("SELECT items.id, items.headline, items.text, items.published, items.outlet_name, items.url, "
               "items.figures FROM item_search JOIN items ON items.rowid = item_search.rowid "
               "WHERE item_search MATCH :q AND items.figures != '[]' AND items.duplicate_of IS NULL "
               "ORDER BY items.published DESC LIMIT :n")
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), {"q": query.match(), "n": FIGURE_SCAN}).mappings().all()
        return [{**row, "figures": json.loads(row["figures"])} for row in rows]
