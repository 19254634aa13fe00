"""Who is asking: the session behind a request, the login and logout pages, and the checks
every route makes (reading needs a login unless the archive is public; changing anything
needs a login and the session's CSRF token)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from chinabrief.web.auth import (
    CSRF_HEADER,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    new_login_token,
    open_session,
    same,
    token_hash,
    verify_password,
)
from chinabrief.web.throttle import HASH_WAIT_S, LoginThrottle

router = APIRouter(include_in_schema=False)


class LoginRequired(Exception):
    """Raised by a route's check; answered with the login page (or 401 under /api/). ``pending``
    holds a form that arrived after the session expired, so it can be saved after login."""

    def __init__(self, pending: dict[str, str] | None = None) -> None:
        super().__init__("log in first")
        self.pending = pending


@dataclass(frozen=True, slots=True)
class Viewer:
    user: str | None = None
    role: str | None = None
    csrf: str | None = None

    @property
    def editor(self) -> bool:
        return self.user is not None


def viewer(request: Request) -> Viewer:
    cached = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    token = request.cookies.get(SESSION_COOKIE)
    found = request.app.state.store.session(token_hash(token)) if token else None
    result = Viewer(found["user"], found["role"], found["csrf"]) if found else Viewer()
    request.state.viewer = result
    return result


def require_reader(request: Request) -> Viewer:
    """Dependency of read-only routes."""
    who = viewer(request)
    if not who.editor and not request.app.state.settings.web_public:
        raise LoginRequired()
    return who


def require_desk(request: Request) -> Viewer:
    """Dependency of pages that are the desk's own even in a public archive (feeds, uploads,
    the watchlist, the editor): they show readers' addresses, sources and work in progress."""
    who = viewer(request)
    if not who.editor:
        raise LoginRequired()
    return who


def readable_briefing(request: Request, who: Viewer, briefing_id: str) -> dict[str, Any]:
    """A briefing as this viewer may read it: a public reader sees published ones only (a
    draft is "not found", as if it did not exist)."""
    from chinabrief.errors import NotFoundError

    briefing = request.app.state.store.briefing(briefing_id)
    if not who.editor and briefing.get("status") != "published":
        raise NotFoundError(f"no briefing {briefing_id}")
    return briefing


def readable_briefings(request: Request, who: Viewer) -> list[dict[str, Any]]:
    rows = request.app.state.store.briefings()
    return rows if who.editor else [b for b in rows if b["status"] == "published"]


#: What a reader of a public archive is not shown of an item: where the desk's copy is stored.
DESK_FIELDS = ("document",)


def for_viewer(record: dict[str, Any], who: Viewer) -> dict[str, Any]:
    """An item record (or a story with its members) as this viewer may see it."""
    if who.editor:
        return record
    shown = {k: v for k, v in record.items() if k not in DESK_FIELDS}
    if isinstance(shown.get("members"), list):
        shown["members"] = [for_viewer(m, who) for m in shown["members"]]
    return shown


async def require_editor(request: Request) -> Viewer:
    """Dependency of routes that change something: a live session and its CSRF token."""
    from fastapi import HTTPException

    form = await request.form()
    who = viewer(request)
    if not who.editor:
        # The form's CSRF token goes along: after the login it must prove the form came from
        # this editor's own (expired) session, not from another site.
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        raise LoginRequired(pending=fields if set(fields) - {"csrf"} else None)
    sent = request.headers.get(CSRF_HEADER) or form.get("csrf")
    if not same(str(sent) if sent else None, who.csrf):
        raise HTTPException(403, "This form has expired or did not come from chinabrief: reload the page and "
                                 "try again.")
    return who


#: What a route's ``who`` parameter asks for: a reader (a login unless the archive is public),
#: the desk (a login always), or an editor making a change (a login and the CSRF token).
Reader = Annotated[Viewer, Depends(require_reader)]
Desk = Annotated[Viewer, Depends(require_desk)]
Editor = Annotated[Viewer, Depends(require_editor)]


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    who = viewer(request)
    page = {"request": request, "viewer": who, "csrf": who.csrf or "", **context}
    return request.app.state.templates.TemplateResponse(request, name, page, status_code=status)


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(target)}"


def _safe_next(target: str | None) -> str:
    """Only a path on this site (not //elsewhere.example) is followed after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _secure(request: Request) -> bool:
    mode = request.app.state.settings.secure_cookies
    return mode == "always" or (mode == "auto" and request.url.scheme == "https")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    token = new_login_token()
    response = render(request, "login.html", {"next": _safe_next(next), "login_token": token, "pending": None})
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), max_age=3600)
    return response


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, name: str = Form(...), password: str = Form(...), next: str = Form("/"),
          login_token: str = Form(""), pending: str = Form("")) -> Any:
    store = request.app.state.store
    settings = request.app.state.settings
    if not same(login_token, request.cookies.get(LOGIN_COOKIE)):
        return login_again(request, next, pending, "The login form expired: please try again.")
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    if wait := throttle.retry_after(name, address):
        return _too_many(request, next, pending, wait)
    user = store.user(name.strip())
    if not throttle.hashing.acquire(timeout=HASH_WAIT_S):  # many logins at once: each hash holds 64 MiB
        return _too_many(request, next, pending, int(HASH_WAIT_S))
    try:
        matches = verify_password(user["password_hash"] if user else None, password)
    finally:
        throttle.hashing.release()
    if not matches:
        throttle.failed(name, address)
        return login_again(request, next, pending, "That name and password do not match.")
    throttle.succeeded(name)
    kept = _pending(pending)
    if kept and store.csrf_owner(kept.pop("csrf", "")) != user["name"]:
        kept = None  # not sent from this editor's session (a forged cross-site form): never saved
    session = open_session(store, user["name"], settings.session_hours)
    target = _safe_next(next)
    if kept:
        from chinabrief.web.editor import replay_pending

        target = replay_pending(request, target, kept, user["name"]) or target
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, httponly=True, samesite="lax", secure=_secure(request),
                        max_age=int(settings.session_hours * 3600))
    response.delete_cookie(LOGIN_COOKIE)
    return response


def _too_many(request: Request, target: str, pending: str, wait: int) -> HTMLResponse:
    minutes = max(1, round(wait / 60))
    response = login_again(request, target, pending, f"Too many attempts: try again in about {minutes} "
                                                     f"minute{'s' if minutes != 1 else ''}.", status=429)
    response.headers["Retry-After"] = str(wait)
    return response


def _pending(text: str) -> dict[str, str] | None:
    """The form carried through the login page, if it is one (anything else is ignored)."""
    try:
        found = json.loads(text) if text else None
    except ValueError:
        return None
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None


def login_again(request: Request, target: str, pending: str, message: str, status: int = 400) -> HTMLResponse:
    token = new_login_token()
    response = render(request, "login.html", {"next": _safe_next(target), "login_token": token, "message": message,
                                              "pending": _pending(pending)}, status=status)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), max_age=3600)
    return response


@router.post("/logout")
async def logout(request: Request) -> RedirectResponse:
    await require_editor(request)
    request.app.state.store.end_session(token_hash(request.cookies.get(SESSION_COOKIE, "")))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
