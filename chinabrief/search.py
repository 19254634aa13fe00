"""Searching the archive the way a China watcher means a query, for the CLI, the web app and
the API alike.

The words of a query are matched by the index (:mod:`chinabrief.store.search_query`). What
this adds is knowledge: a query that names a gazetteer entity ("Wang Yi", "Panama Canal",
"王毅") also finds the items that name it in another language or script, since a reader who
types the English name wants the Chinese reports too. Those items are marked with the
entity's name, and ``exact=True`` turns the widening off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chinabrief.enrich.chinese import to_simplified
from chinabrief.enrich.entities import Gazetteer, GazetteerEntry, gazetteer_with
from chinabrief.store import Store
from chinabrief.store.archive import Filters
from chinabrief.store.search_query import Expansion, Query, name_chunk, parse

#: The most chunks of a query one entity's name is looked for across ("Ministry of State Security").
MAX_NAME_CHUNKS = 6


@dataclass(slots=True)
class SearchResult:
    items: list[dict[str, Any]]
    more: bool  # whether a next page has any
    query: Query
    expansions: tuple[Expansion, ...] = field(default=())


def _folded(name: str) -> str:
    return to_simplified(name).casefold().strip()


def _expansion(start: int, end: int, typed: str, entries: list[GazetteerEntry], gazetteer: Gazetteer) -> Expansion:
    ids = {e.id for e in entries}
    seen = {_folded(typed)}
    names = []
    for entry in entries:
        for name in entry.names():
            key = _folded(name)
            # A name shared with an entity the query did not name would bring in its items too.
            if key in seen or len(key) < 2 or not {e.id for e in gazetteer.lookup(name)} <= ids:
                continue
            seen.add(key)
            if (chunk := name_chunk(name)).terms:
                names.append(chunk)
    first = entries[0]
    label = first.name + (f" ({first.zh[0]})" if first.zh and first.zh[0] != first.name else "")
    return Expansion(start, end, tuple(sorted(ids)), label, tuple(names))


def expansions_for(query: Query, gazetteer: Gazetteer) -> tuple[Expansion, ...]:
    """The spans of the query that name gazetteer entities, longest first from the left."""
    found: list[Expansion] = []
    at, chunks = 0, query.chunks
    while at < len(chunks):
        for end in range(min(len(chunks), at + MAX_NAME_CHUNKS), at, -1):
            typed = " ".join(c.text for c in chunks[at:end])
            if entries := gazetteer.lookup(typed):
                expansion = _expansion(at, end, typed, entries, gazetteer)
                if expansion.names:
                    found.append(expansion)
                at = end
                break
        else:
            at += 1
    return tuple(found)


def search(store: Store, query: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0,
           order: str = "relevance", exact: bool = False, gazetteer: Gazetteer | None = None) -> SearchResult:
    """Items matching ``query``: its words, and unless ``exact`` the other names of the entities
    it names. ``gazetteer`` defaults to this archive's (packaged entries and the user's)."""
    parsed = parse(query)
    expansions: tuple[Expansion, ...] = ()
    if parsed and not exact:
        expansions = expansions_for(parsed, gazetteer or gazetteer_with(store.gazetteer_additions()))
    if not parsed and query.strip():
        return SearchResult([], False, parsed)
    rows, more = store.find_items(parsed, filters, limit=limit, offset=offset, order=order, expansions=expansions)
    return SearchResult(rows, more, parsed, expansions)
