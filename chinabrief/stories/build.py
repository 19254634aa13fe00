"""From stored item records to placements, story records and threads: the pure part of a
clustering run, which :func:`chinabrief.pipeline.cluster` feeds from the archive and whose
results it writes back."""

from __future__ import annotations

import gc
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from chinabrief.stories.assign import DUPLICATE, EMPTY, IN_STORY, ROUNDUP, Outcome, assign
from chinabrief.stories.cluster import WINDOW_DAYS
from chinabrief.stories.features import StoryItem, story_item
from chinabrief.stories.rank import StoryRecord, describe
from chinabrief.stories.threads import link

#: Recorded with every story; a new value means stories made by older code differ.
STORIES_VERSION = "1"


@dataclass
class Clustering:
    placements: list[dict[str, Any]] = field(default_factory=list)
    stories: list[StoryRecord] = field(default_factory=list)
    threads: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


#: Runs with more items than this build their views in worker processes, one per core.
PARALLEL_FROM = 5000
_CHUNK = 500


def _view(record: dict[str, Any]) -> StoryItem:
    created = record.get("created_at")
    view = story_item(record, record.get("segmented"), date.fromisoformat(created[:10]) if created else None)
    view.status, view.duplicate_of = record.get("story_status"), record.get("duplicate_of")
    return view


def _view_chunk(records: list[dict[str, Any]]) -> list[StoryItem]:
    return [_view(r) for r in records]


def views(records: Iterable[dict[str, Any]], workers: int | None = None) -> Iterator[StoryItem]:
    """Story views of ``records`` in their order. Building a view (words, shingles,
    signature) is most of a run's work and needs nothing shared, so large runs spread it over
    the cores; records are read in chunks, never all at once."""
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    chunks = _chunks(iter(records), _CHUNK)
    first = next(chunks, [])
    if workers < 2 or len(first) < _CHUNK:
        yield from _view_chunk(first)
        for chunk in chunks:
            yield from _view_chunk(chunk)
        return
    pending = [first]
    for chunk in chunks:  # enough in hand to be worth starting processes?
        pending.append(chunk)
        if len(pending) * _CHUNK >= PARALLEL_FROM:
            break
    if len(pending) * _CHUNK < PARALLEL_FROM:
        for chunk in pending:
            yield from _view_chunk(chunk)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from (v for done in pool.map(_view_chunk, _chain(pending, chunks)) for v in done)


def _chunks(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(islice(records, size)):
        yield chunk


def _chain(first: list[list[dict[str, Any]]], rest: Iterator[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    yield from first
    yield from rest


def build(records: Iterable[dict[str, Any]], start: date | None, earlier_stories: Sequence[dict[str, Any]] = (),
          window_days: int = WINDOW_DAYS, watchlist: frozenset[str] = frozenset(),
          workers: int | None = None, titles: Iterable[tuple[str | None, str, date, str]] = ()) -> Clustering:
    """Place the items from ``start`` on (all with ``None``); items before it keep their stories.

    ``records`` are item records with ``story``, ``story_status`` and ``duplicate_of`` from the
    archive, and optionally ``segmented`` (the index's segmentation); ``earlier_stories`` are
    stored stories (with ``signature`` and ``thread``) that new ones may continue as threads;
    ``titles`` are (outlet, headline, day, text key) of the period's items, to know daily
    columns from their first issue (read from ``records`` when it is a list). Records are
    placed in day order: an iterable must come in that order, a list is sorted.
    """
    # A run makes hundreds of thousands of small dicts and no reference cycles; the cyclic
    # garbage collector scanning them again and again cost a fifth of the run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if isinstance(records, list):  # the archive gives records in day order; a caller's list may not be
            records = sorted(records, key=_day)
            titles = [(_outlet(r), r.get("headline") or "", _day(r), r.get("content_hash") or r["id"]) for r in records]
        return _build(records, start, earlier_stories, window_days, watchlist, workers, titles)
    finally:
        if collecting:
            gc.enable()


def _outlet(record: dict[str, Any]) -> str | None:
    outlet = record.get("outlet") or {}
    return outlet.get("id") or outlet.get("name")


def _day(record: dict[str, Any]) -> date:
    when = record.get("published") or record.get("created_at")
    return date.fromisoformat(when[:10]) if when else date.today()


def _build(records: Iterable[dict[str, Any]], start: date | None, earlier_stories: Sequence[dict[str, Any]],
           window_days: int, watchlist: frozenset[str], workers: int | None,
           titles: Iterable[tuple[str | None, str, date, str]]) -> Clustering:
    outcomes, run = assign(views(records, workers), start, window_days, titles=titles)
    result = Clustering(placements=[_placement(o) for o in outcomes])
    result.counts = {status: sum(1 for o in outcomes if o.status == status)
                     for status in (IN_STORY, DUPLICATE, ROUNDUP, EMPTY)}
    members: dict[str, list[StoryItem]] = defaultdict(list)
    duplicates: set[str] = set()
    for view in run.earlier:
        if view.story:
            members[view.story].append(view)
            if view.status == DUPLICATE:
                duplicates.add(view.id)
    touched = set()
    for outcome in outcomes:
        if outcome.story:
            members[outcome.story].append(outcome.item)
            touched.add(outcome.story)
            if outcome.status == DUPLICATE:
                duplicates.add(outcome.item.id)
    today = max((o.item.day for o in outcomes), default=date.today())
    for story_id in sorted(touched):
        state = run.index.stories.get(story_id)
        centroid = state.terms if state else {}
        result.stories.append(describe(story_id, members[story_id], centroid, duplicates, today, watchlist))
    new = {s.id for s in result.stories}
    # Threads join stories of more than one report: a lone item is rarely a stage of a matter
    # that others followed, and leaving them out keeps linking fast on large runs.
    pool = [s for s in earlier_stories if s["id"] not in new and s.get("items", 2) > 1]
    pool += [{"id": s.id, "first_seen": s.first_seen, "last_seen": s.last_seen, "signature": s.signature,
              "thread": None} for s in result.stories if len(s.items) > 1]
    result.threads = link(pool)
    for story in result.stories:
        story.thread = result.threads.get(story.id)
    result.counts["stories"] = len(result.stories)
    result.counts["threads"] = len({result.threads[s.id] for s in result.stories if s.id in result.threads})
    return result


def _placement(outcome: Outcome) -> dict[str, Any]:
    return {"id": outcome.item.id, "story": outcome.story, "status": outcome.status,
            "duplicate_of": outcome.duplicate_of, "note": outcome.reason}
