"""The reading pages: home, search, stories, items, entities, trends and changes."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from chinabrief.store.archive import Filters
from chinabrief.web.session import Reader, readable_briefings, render
from chinabrief.web.views import bar_groups, figure_chart, group_of, line_chart, marked_body, outlet_mix, snippet

router = APIRouter(include_in_schema=False)
#: Results per search page, and the most pages a reader may ask for.
PER_PAGE = 20
MAX_PAGE = 500
#: How many series one trends chart compares.
MAX_SERIES = 6
#: A story page's sections are read from at most this many reports: a 200-report story would
#: otherwise take seconds (every Chinese sentence segmented), and 30 reports spread over the
#: outlets already hold what the sections pick.
COMPOSE_REPORTS = 30
#: How long the search page's list of outlets is reused, in seconds.
OUTLETS_TTL_S = 60.0
#: Composed sections kept in memory (a few kilobytes each).
SECTIONS_CACHED = 512


def store(request: Request) -> Any:
    return request.app.state.store


@cache
def _topics() -> list[dict[str, Any]]:
    import json
    from importlib import resources

    data = json.loads(resources.files("chinabrief.data").joinpath("topics.json").read_text(encoding="utf-8"))
    topics = data.get("topics", data) if isinstance(data, dict) else data
    return [{"id": t["id"], "name": t.get("name") or t["id"]} for t in topics]


def gazetteer(request: Request) -> Any:
    from chinabrief.enrich.entities import gazetteer_with

    if getattr(request.app.state, "gazetteer", None) is None:
        request.app.state.gazetteer = gazetteer_with(store(request).gazetteer_additions())
    return request.app.state.gazetteer


def week_of(store_: Any) -> tuple[date, date] | None:
    """The ISO week of the newest story: the week a briefing made now would cover."""
    latest = store_.latest_story_day()
    if latest is None:
        return None
    monday = latest - timedelta(days=latest.weekday())
    return monday, monday + timedelta(days=6)


def with_bars(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**s, "mix": outlet_mix(s["outlets"])} for s in stories]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, who: Reader) -> HTMLResponse:
    archive = store(request)
    span = week_of(archive)
    top = with_bars(archive.stories(since=span[0], until=span[1], limit=10)) if span else []
    saved = readable_briefings(request, who)
    latest = archive.briefing(saved[0]["id"]) if saved else None
    watched = watch_matches(archive, span) if who.editor else []
    return render(request, "home.html", {"stories": top, "span": span, "briefing": latest, "groups": bar_groups(),
                                         "watched": watched, "counts": archive.count()})


def watch_matches(archive: Any, span: tuple[date, date] | None) -> list[dict[str, Any]]:
    """Each watched term or entity with this week's stories that match it."""
    if span is None:
        return []
    found = []
    for watch in archive.watches():
        filters = Filters(since=span[0], until=span[1], entity=watch["entity_id"])
        hits, _more = archive.find_items("" if watch["entity_id"] else watch["term"], filters, limit=100)
        ids = list(dict.fromkeys(h["story"] for h in hits if h["story"]))[:5]
        stories = [s for s in (_story_or_none(archive, i) for i in ids) if s]
        found.append({**watch, "stories": stories})
    return found


def _story_or_none(archive: Any, story_id: str) -> dict[str, Any] | None:
    from chinabrief.errors import NotFoundError

    try:
        return archive.story(story_id)
    except NotFoundError:
        return None


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, who: Reader, q: str = "", since: date | None = None, until: date | None = None,
                outlet: str = "", affiliation: str = "", language: str = "", topic: str = "", entity: str = "",
                order: str = "relevance", exact: bool = False, page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
    from chinabrief.search import search

    page = min(page, MAX_PAGE)
    filters = Filters(since=since, until=until, outlet=outlet, affiliation=affiliation, language=language,
                      topic=topic, entity=entity_id(request, entity))
    found = search(store(request), q[:300], filters, limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
                   order="date" if order == "date" else "relevance", exact=exact, gazetteer=gazetteer(request))
    shown = [{**r, "snippet": snippet(r["text"], q, found.expansions)} for r in found.items]
    return render(request, "search.html", {
        "q": q, "results": shown, "more": found.more, "page": page, "filters": filters, "order": order,
        "exact": exact, "expansions": found.expansions,
        "outlets": outlets(request), "topics": _topics(), "affiliations": _affiliations()})


def outlets(request: Request) -> list[dict[str, Any]]:
    """The outlets in the archive, for the search filter: counted once a minute, not per search
    (counting reads every item)."""
    import time

    cached = getattr(request.app.state, "outlets", None)
    if cached is None or time.monotonic() - cached[0] > OUTLETS_TTL_S:
        cached = request.app.state.outlets = (time.monotonic(), store(request).outlets_seen())
    return cached[1]


def _affiliations() -> list[tuple[str, str]]:
    from chinabrief.enrich.outlets import taxonomy

    return sorted(((key, a.label) for key, a in taxonomy().affiliations.items()), key=lambda kv: kv[1])


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, who: Reader, since: date | None = None, until: date | None = None,
                 thread: str = "", page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
    archive = store(request)
    span = week_of(archive)
    if since is None and until is None and span and not thread:
        since, until = span
    found = archive.stories(since=since, until=until, thread=thread or None, limit=PER_PAGE * min(page, MAX_PAGE) + 1)
    shown = found[(min(page, MAX_PAGE) - 1) * PER_PAGE:][:PER_PAGE]
    return render(request, "stories.html", {"stories": with_bars(shown), "more": len(found) > PER_PAGE * page,
                                            "page": page, "since": since, "until": until, "thread": thread,
                                            "groups": bar_groups()})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, who: Reader) -> HTMLResponse:
    """The story's coverage at once; its sections (the slow part: every report's sentences
    are read and weighed) follow by HTMX from :func:`story_sections`."""
    archive = store(request)
    story = archive.story(story_id)
    members = story["members"]
    copies: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if m.get("duplicate_of"):
            copies.setdefault(m["duplicate_of"], []).append(m)
    by_group: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if not m.get("duplicate_of"):
            by_group.setdefault(group_of(m.get("outlet")), []).append(m)
    thread = archive.stories(thread=story["thread"]) if story.get("thread") else []
    return render(request, "story.html", {"story": story, "coverage": by_group, "copies": copies, "thread": thread,
                                          "mix": outlet_mix(story["outlets"]), "groups": bar_groups()})


@router.get("/stories/{story_id}/sections", response_class=HTMLResponse)
def story_sections(request: Request, story_id: str, who: Reader) -> HTMLResponse:
    """What the reports say beside what China said: a fragment for HTMX, or a page without it."""
    story = store(request).story(story_id)
    composed = composed_sections(request, story)
    fragment = request.headers.get("hx-request") == "true"
    return render(request, "_sections.html" if fragment else "sections.html", {"story": story, "composed": composed})


def composed_sections(request: Request, story: dict[str, Any]) -> dict[str, Any] | None:
    """The story's sections, from at most ``COMPOSE_REPORTS`` of its reports (spread over its
    outlets), kept until the story changes."""
    from chinabrief.brief.compose import compose_story

    cache = getattr(request.app.state, "sections", None)
    if cache is None:
        cache = request.app.state.sections = {}
    key = (story["id"], story["updated_at"])
    if key not in cache:
        if len(cache) >= SECTIONS_CACHED:
            cache.pop(next(iter(cache)))
        reports = spread(story["members"], COMPOSE_REPORTS)
        cache[key] = compose_story(story, reports, gazetteer(request)).to_dict() if reports else None
    return cache[key]


def spread(members: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` original reports, taking each outlet's in turn so none crowds out the rest."""
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        if not m.get("duplicate_of"):
            by_outlet.setdefault((m.get("outlet") or {}).get("id") or "", []).append(m)
    chosen: list[dict[str, Any]] = []
    while len(chosen) < limit and any(by_outlet.values()):
        for queue in by_outlet.values():
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, item_id: str, who: Reader) -> HTMLResponse:
    archive = store(request)
    item = archive.item(item_id)
    return render(request, "item.html", {"item": item, "body": marked_body(item),
                                         "revisions": archive.revisions_of(item["id"])})


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, who: Reader) -> HTMLResponse:
    entry = find_entity(request, entity_id)
    archive = store(request)
    weeks = archive.entity_weeks(entry.id)
    return render(request, "entity.html", {
        "entity": entry, "chart": line_chart({entry.name: weeks}, f"Items naming {entry.name}, per week"),
        "weeks": weeks, "co": archive.co_mentioned(entry.id), "stories": with_bars(archive.entity_stories(entry.id)),
        "quotes": archive.quotes_by(entry.id), "items": archive.find_items("", Filters(entity=entry.id), limit=10)[0]})


def entity_named(request: Request, key: str) -> Any:
    """The gazetteer entry with this id, or named this in English, Chinese or pinyin; or None."""
    known = gazetteer(request)
    key = key.strip()
    return (known.get(key) or next(iter(known.lookup(key) or []), None)) if key else None


def entity_id(request: Request, key: str | None) -> str | None:
    """A filter's entity as an id: a name is looked up, anything unknown is kept as given."""
    entry = entity_named(request, key or "")
    return entry.id if entry else (key or None)


def find_entity(request: Request, key: str) -> Any:
    """An entity by id or name, or a 404 page."""
    entry = entity_named(request, key)
    if entry is None:
        raise HTTPException(404, f"No entity {key!r} is known. Search for it instead.")
    return entry


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, who: Reader, name: str = "") -> HTMLResponse:
    if name.strip():
        entry = find_entity(request, name.strip())
        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"/entities/{entry.id}", status_code=303)  # type: ignore[return-value]
    return render(request, "entities.html", {"entities": store(request).entity_counts(limit=200)})


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, who: Reader, q: Annotated[list[str] | None, Query()] = None,
                topic: Annotated[list[str] | None, Query()] = None,
                entity: Annotated[list[str] | None, Query()] = None, figure: str = "",
                kind: str = "percent") -> HTMLResponse:
    archive = store(request)
    series: dict[str, list[tuple[str, int]]] = {}
    for term in [t for t in (q or []) if t.strip()][:MAX_SERIES]:
        series[f"“{term.strip()}”"] = archive.term_weeks(term[:200])
    for name in [t for t in (topic or []) if t.strip()][:MAX_SERIES]:
        series[f"topic: {name}"] = archive.topic_weeks(name)
    for key in [t for t in (entity or []) if t.strip()][:MAX_SERIES]:
        entry = find_entity(request, key.strip())
        series[entry.name] = archive.entity_weeks(entry.id)
    points = figure_points(archive.figure_candidates(figure[:200]), figure, kind or None) if figure.strip() else []
    return render(request, "trends.html", {
        "q": q or [], "topic": topic or [], "entity": entity or [], "figure": figure, "kind": kind,
        "chart": line_chart(series, "Items per week") if series else "", "series": series, "topics": _topics(),
        "points": points, "figure_chart": figure_chart(points, f"Figures stated with “{figure}”")})


def figure_points(rows: list[dict[str, Any]], term: str, kind: str | None) -> list[dict[str, Any]]:
    """Each figure stated in the same sentence as every word of ``term``, with its source."""
    import re

    from chinabrief.brief.sentences import split

    words = [w.lower() for w in re.findall(r"\w+", term)]
    points = []
    for row in rows:
        body = f"{row['headline']}\n\n{row['text']}"
        spans = split(body)
        for figure in row["figures"]:
            if kind and figure.get("kind") != kind:
                continue
            sentence = next((body[s.start:s.end] for s in spans if s.start <= figure["start"] < s.end), "")
            if sentence and all(w in sentence.lower() for w in words):
                points.append({"published": row["published"], "value": figure.get("value"), "text": figure["text"],
                               "unit": figure.get("unit"), "kind": figure.get("kind"), "sentence": sentence,
                               "item": row["id"], "outlet": row["outlet_name"], "url": row["url"]})
    points.sort(key=lambda p: p["published"] or "", reverse=True)
    return points


@router.get("/changes", response_class=HTMLResponse)
def changes_page(request: Request, who: Reader, days: Annotated[int, Query(ge=1, le=3650)] = 30) -> HTMLResponse:
    from datetime import UTC, datetime

    archive = store(request)
    since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    rows = archive.changes(since)
    changed = [{**r, "history": archive.revisions_of(r["id"])} for r in rows]
    return render(request, "changes.html", {"changes": changed, "days": days})
