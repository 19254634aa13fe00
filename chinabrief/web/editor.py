"""The briefing editor: compose a period's briefing, choose and order its stories, rewrite or
swap sentences in place, preview the e-mail, publish, send; and the feed of published ones.

Every change goes through :func:`chinabrief.pipeline.edit_briefing`, the same path as
``chinabrief brief edit``, so it is kept in the briefing's history and survives rebuilds. A
change that arrives after the editor's session expired is carried through the login form and
saved once they are back in (:func:`replay_pending`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chinabrief.models import BRIEF_SECTIONS
from chinabrief.web.session import Desk, Editor, Reader, readable_briefing, readable_briefings, render

router = APIRouter(include_in_schema=False)
#: Sentences offered for a swap: the story's best ones by the summariser's weight.
SWAP_CHOICES = 15
#: The e-mail preview shows a message as a mail client would: its own inline styles, no script.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"


def _settings(request: Request) -> Any:
    return request.app.state.settings


@router.get("/briefings", response_class=HTMLResponse)
def briefings_page(request: Request, who: Reader) -> HTMLResponse:
    from chinabrief.brief.briefing import period

    archive = request.app.state.store
    latest = archive.latest_story_day()
    default = period(week=None, day=None, since=None, until=None, latest=latest).id if latest else ""
    return render(request, "briefings.html", {"briefings": readable_briefings(request, who),
                                              "default_week": default})


@router.post("/briefings")
def compose_briefing(request: Request, who: Editor, period_id: str = Form(...), top: int = Form(5)) -> Response:
    from chinabrief.pipeline import brief

    period_id = period_id.strip()
    week, day = (period_id, None) if "-W" in period_id else (None, period_id)
    made = brief(settings=_settings(request), week=week, day=day, top=max(1, min(top, 20)))
    return RedirectResponse(f"/briefings/{made['id']}/edit", status_code=303)


@router.get("/briefings/feed.atom", include_in_schema=False)
def feed_atom(request: Request, who: Reader) -> Response:
    from chinabrief.brief.deliver import feed

    body = feed(request.app.state.store.published_briefings(), "atom", link=_settings(request).web_base_url)
    return Response(body, media_type="application/atom+xml")


@router.get("/briefings/{briefing_id}", response_class=HTMLResponse)
def briefing_page(request: Request, briefing_id: str, who: Reader) -> HTMLResponse:
    briefing = readable_briefing(request, who, briefing_id)
    deliveries = request.app.state.store.deliveries(briefing_id) if who.editor else []
    return render(request, "briefing.html", {"briefing": briefing, "deliveries": deliveries})


@router.get("/briefings/{briefing_id}/email", response_class=HTMLResponse)
def briefing_email(request: Request, briefing_id: str, who: Reader) -> HTMLResponse:
    from chinabrief.brief.render import render as render_briefing

    page = render_briefing(readable_briefing(request, who, briefing_id), "html")
    return HTMLResponse(page, headers={"Content-Security-Policy": PREVIEW_CSP})


@router.get("/briefings/{briefing_id}/edit", response_class=HTMLResponse)
def editor_page(request: Request, briefing_id: str, who: Desk) -> Response:
    archive = request.app.state.store
    briefing = archive.briefing(briefing_id)
    choices = {s["id"]: swap_choices(request, s["id"]) for s in briefing["stories"]}
    candidates = [s for s in archive.stories(since=_day(briefing["period"]["start"]),
                                             until=_day(briefing["period"]["end"]), limit=30)
                  if s["id"] not in {x["id"] for x in briefing["stories"]}]
    return render(request, "editor.html", {"briefing": briefing, "sections": BRIEF_SECTIONS, "choices": choices,
                                           "candidates": candidates, "history": archive.briefing_edits(briefing_id)})


def _day(value: str) -> Any:
    from datetime import date

    return date.fromisoformat(value[:10])


def swap_choices(request: Request, story_id: str) -> list[dict[str, Any]]:
    """The story's best sentences (verbatim, with where they are) for the swap menus, those in
    the briefing's language first."""
    from chinabrief.brief.compose import sentences_of, weigh
    from chinabrief.errors import NotFoundError
    from chinabrief.web.pages import gazetteer

    try:
        story = request.app.state.store.story(story_id)
    except NotFoundError:
        return []
    reports = [m for m in story["members"] if not m.get("duplicate_of")]
    known = gazetteer(request)
    sentences = [s for m in reports for s in sentences_of(m, known)]
    weigh(sentences, [e["id"] for e in story.get("entities") or []])
    language = "en" if any(s.language == "en" for s in sentences) else "zh"
    best = sorted(sentences, key=lambda s: (s.language != language, -s.weight))[:SWAP_CHOICES]
    return [{"value": f"{s.item['id']}:{s.start}:{s.end}", "text": s.text, "outlet": s.outlet} for s in best]


def change_from_form(briefing_id: str, action: str, form: dict[str, Any], store: Any) -> dict[str, Any]:
    """One editor action, as :mod:`chinabrief.brief.edits` records it, from a form's fields."""
    from chinabrief.brief.edits import sentence_citation

    story = str(form.get("story") or "")
    if action == "section":
        return {"action": "section", "story": story, "section": form.get("section"), "text": form.get("text", "")}
    if action == "headline":
        return {"action": "headline", "story": story, "text": str(form.get("text", "")).strip()}
    if action in ("remove", "pin"):
        return {"action": action, "story": story}
    if action in ("up", "down"):
        ids = [s["id"] for s in store.briefing(briefing_id)["stories"]]
        if story not in ids:
            raise HTTPException(400, "That story is not in this briefing.")
        at = ids.index(story)
        other = at - 1 if action == "up" else at + 1
        if 0 <= other < len(ids):
            ids[at], ids[other] = ids[other], ids[at]
        return {"action": "order", "stories": ids}
    if action == "sentence":
        try:
            item_id, start, end = str(form.get("choice", "")).rsplit(":", 2)
            cite = sentence_citation(store.item(item_id), int(start), int(end))
        except ValueError as exc:
            raise HTTPException(400, "Choose a sentence to put in.") from exc
        return {"action": "sentence", "story": story, "section": form.get("section"),
                "index": int(form.get("index") or 0), "cite": cite}
    raise HTTPException(400, f"Unknown change {action!r}.")


def save_change(request: Request, briefing_id: str, action: str, form: dict[str, Any], user: str) -> dict[str, Any]:
    from chinabrief.pipeline import edit_briefing

    change = change_from_form(briefing_id, action, form, request.app.state.store)
    return edit_briefing(briefing_id, [{**change, "by": user}], settings=_settings(request))


@router.post("/briefings/{briefing_id}/edit/{action}")
async def edit(request: Request, briefing_id: str, action: str, who: Editor) -> Response:
    form = dict(await request.form())
    save_change(request, briefing_id, action, form, who.user or "")
    anchor = f"#story-{form['story']}" if form.get("story") else ""
    return RedirectResponse(f"/briefings/{briefing_id}/edit{anchor}", status_code=303)


def replay_pending(request: Request, target: str, pending: dict[str, Any], user: str) -> str | None:
    """After a login, save the change that arrived while the session was expired."""
    from chinabrief.errors import ChinabriefError

    parts = target.strip("/").split("/")
    if len(parts) == 4 and parts[0] == "briefings" and parts[2] == "edit":
        try:
            save_change(request, parts[1], parts[3], pending, user)
        except (ChinabriefError, HTTPException):  # the briefing changed meanwhile: log in all the same
            return f"/briefings/{parts[1]}"
        return f"/briefings/{parts[1]}/edit"
    return None


@router.post("/briefings/{briefing_id}/publish")
def publish_briefing(request: Request, briefing_id: str, who: Editor) -> Response:
    from chinabrief.pipeline import publish

    publish(briefing_id, settings=_settings(request))
    return RedirectResponse(f"/briefings/{briefing_id}", status_code=303)


@router.post("/briefings/{briefing_id}/send", response_class=HTMLResponse)
def send(request: Request, briefing_id: str, who: Editor, to: str = Form(...)) -> HTMLResponse:
    from chinabrief.brief.deliver import recipients
    from chinabrief.errors import ChinabriefError
    from chinabrief.pipeline import send_briefing

    archive = request.app.state.store
    try:
        report = send_briefing(briefing_id, recipients(to), settings=_settings(request))
        message = f"Sent to {len(report.sent)} of {len(report.sent) + len(report.failed)} recipients."
    except ChinabriefError as exc:
        message = str(exc)
    return render(request, "briefing.html", {"briefing": archive.briefing(briefing_id), "message": message,
                                             "deliveries": archive.deliveries(briefing_id)})
