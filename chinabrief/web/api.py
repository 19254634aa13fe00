"""The JSON API: items, stories, entities, briefings, search and feeds, with the same filters
as the pages, paginated (``page``, ``per_page``; ``has_more`` says whether to go on).

Items come as the export's item record (README, "The exported item"); stories as the story
record; briefings as the briefing JSON. Reading follows the archive's setting (public, or a
logged-in session); errors are ``{"error", "status"}``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from chinabrief.store.archive import Filters
from chinabrief.web.pages import entity_id
from chinabrief.web.session import Desk, Reader, for_viewer, readable_briefing, readable_briefings

router = APIRouter(prefix="/api", tags=["archive"])
Page = Annotated[int, Query(ge=1, le=10_000, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=100, description="Results per page (at most 100).")]


def _store(request: Request) -> Any:
    return request.app.state.store


def _page(rows: list[dict[str, Any]], more: bool, page: int, per_page: int, **extra: Any) -> dict[str, Any]:
    return {"results": rows, "page": page, "per_page": per_page, "has_more": more, **extra}


@router.get("/items", summary="Items, newest first, filtered")
def items(request: Request, who: Reader, since: date | None = None, until: date | None = None,
          outlet: str | None = None, affiliation: str | None = None, language: str | None = None,
          topic: str | None = None, entity: str | None = None, story: str | None = None, page: Page = 1,
          per_page: PerPage = 20) -> dict[str, Any]:
    filters = Filters(since=since, until=until, outlet=outlet, affiliation=affiliation, language=language,
                      topic=topic, entity=entity_id(request, entity), story=story)
    rows, more = _store(request).find_items("", filters, limit=per_page, offset=(page - 1) * per_page)
    return _page([for_viewer(r, who) for r in rows], more, page, per_page)


@router.get("/items/{item_id}", summary="One item, with its revisions")
def item(request: Request, item_id: str, who: Reader) -> dict[str, Any]:
    record = _store(request).item(item_id)
    return {**for_viewer(record, who), "revisions": _store(request).revisions_of(record["id"])}


@router.get("/search", summary="Full-text search, English or Chinese")
def search(request: Request, who: Reader, q: Annotated[str, Query(max_length=300)] = "", since: date | None = None,
           until: date | None = None, outlet: str | None = None, affiliation: str | None = None,
           language: str | None = None, topic: str | None = None, entity: str | None = None,
           order: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance",
           exact: Annotated[bool, Query(description="Only what the words match, not also the items naming "
                                                    "the same entity in another language.")] = False,
           page: Page = 1, per_page: PerPage = 20) -> dict[str, Any]:
    from chinabrief.search import search as search_archive
    from chinabrief.web.pages import gazetteer

    filters = Filters(since=since, until=until, outlet=outlet, affiliation=affiliation, language=language,
                      topic=topic, entity=entity_id(request, entity))
    found = search_archive(_store(request), q, filters, limit=per_page, offset=(page - 1) * per_page, order=order,
                           exact=exact, gazetteer=gazetteer(request))
    return _page([for_viewer(r, who) for r in found.items], found.more, page, per_page, query=q,
                 expanded=[{"entities": list(e.entity_ids), "name": e.label} for e in found.expansions])


@router.get("/stories", summary="Stories, most important first")
def stories(request: Request, who: Reader, since: date | None = None, until: date | None = None,
            thread: str | None = None, page: Page = 1, per_page: PerPage = 20) -> dict[str, Any]:
    found = _store(request).stories(since=since, until=until, thread=thread, limit=page * per_page + 1)
    start = (page - 1) * per_page
    return _page(found[start:start + per_page], len(found) > page * per_page, page, per_page)


@router.get("/stories/{story_id}", summary="One story with its reports")
def story(request: Request, story_id: str, who: Reader) -> dict[str, Any]:
    return for_viewer(_store(request).story(story_id), who)


@router.get("/entities/{entity_id}", summary="One entity: names, roles, mentions per week, co-mentions")
def entity(request: Request, entity_id: str, who: Reader) -> dict[str, Any]:
    from chinabrief.web.pages import find_entity

    entry = find_entity(request, entity_id)
    archive = _store(request)
    return {"id": entry.id, "name": entry.name, "type": entry.type, "aliases": list(entry.aliases),
            "zh": list(entry.zh), "zh_hant": list(entry.zh_hant), "pinyin": entry.pinyin,
            "positions": [{"title": p.title, "start": p.start, "end": p.end} for p in entry.positions],
            "weeks": [{"week": w, "items": n} for w, n in archive.entity_weeks(entry.id)],
            "co_mentioned": archive.co_mentioned(entry.id), "quotes": archive.quotes_by(entry.id),
            "stories": [s["id"] for s in archive.entity_stories(entry.id)]}


@router.get("/briefings", summary="Saved briefings, drafts and published")
def briefings(request: Request, who: Reader) -> dict[str, Any]:
    rows = readable_briefings(request, who)
    return _page(rows, False, 1, len(rows))


@router.get("/briefings/{briefing_id}", summary="One briefing with every citation")
def briefing(request: Request, briefing_id: str, who: Reader) -> dict[str, Any]:
    return readable_briefing(request, who, briefing_id)


@router.get("/feeds", summary="Followed feeds with their status")
def feeds(request: Request, who: Desk) -> dict[str, Any]:
    rows = _store(request).feeds()
    return _page(rows, False, 1, len(rows))
