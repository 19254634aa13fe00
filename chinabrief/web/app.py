"""The web app: one FastAPI application over the same archive the CLI uses.

Pages are Jinja2 templates, autoescaped, with HTMX for the editor's in-place changes; the
JSON API lives under ``/api/`` with its OpenAPI document at ``/api/openapi.json``. Every
response carries a strict Content-Security-Policy (scripts and styles only from this site,
no inline script), and errors come back as a page (or JSON under ``/api/``), never a
traceback.
"""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path
from typing import Any

from chinabrief.config import Settings, load_settings
from chinabrief.errors import ChinabriefError, ConfigError, NotFoundError

HERE = Path(__file__).parent
#: Every page's policy. The e-mail preview (inline styles, by design) is served with its own.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'")
log = logging.getLogger("chinabrief.web")


def create_app(settings: Settings | None = None) -> Any:
    """The ASGI application for ``settings`` (default: the user's)."""
    try:
        from fastapi import FastAPI
        from fastapi.staticfiles import StaticFiles
    except ImportError as exc:
        raise ConfigError("the web app needs its extra: pip install 'chinabrief[web]'") from exc
    from chinabrief.store import open_store
    from chinabrief.web import api, editor, manage, pages, session
    from chinabrief.web.body_limit import BodyLimit
    from chinabrief.web.throttle import LoginThrottle

    settings = settings or load_settings()
    app = FastAPI(title="chinabrief", version=_version(), docs_url=None, redoc_url=None, lifespan=_warm_up,
                  openapi_url="/api/openapi.json",
                  description="The chinabrief archive: items, stories, entities, briefings, search and feeds.")
    app.state.settings = settings
    app.state.store = open_store(settings.db)
    app.state.login_throttle = LoginThrottle()
    app.state.templates = templates(settings)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.middleware("http")(_headers)
    app.add_middleware(BodyLimit, max_upload_mb=settings.max_upload_mb)
    for router in (session.router, pages.router, editor.router, manage.router, api.router):
        app.include_router(router)
    _error_pages(app)
    return app


@contextlib.asynccontextmanager
async def _warm_up(app: Any) -> Any:
    """Load what searching needs while the server starts, before it takes requests, so the
    first reader's search does not wait a second for it."""
    from chinabrief.enrich.entities import gazetteer_with
    from chinabrief.search import search
    from chinabrief.web.views import snippet

    if getattr(app.state, "gazetteer", None) is None:
        app.state.gazetteer = gazetteer_with(app.state.store.gazetteer_additions())
    # One search in each language and a snippet: OpenCC's tables, the stemmer and the index's
    # first pages are read now, so the first reader's search does not pay for loading them.
    for query in ("中国 外交部", "tariffs"):
        found = search(app.state.store, query, limit=5, gazetteer=app.state.gazetteer)
        for item in found.items:
            snippet(item["text"], query, found.expansions)
    app.state.templates.env.get_template("search.html")  # compiled now, not on the first request
    yield


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chinabrief")
    except PackageNotFoundError:
        return "0"


def templates(settings: Settings) -> Any:
    from fastapi.templating import Jinja2Templates

    from chinabrief.brief.render import _day, safe_url
    from chinabrief.enrich.outlets import taxonomy
    from chinabrief.web.views import group_of

    env = Jinja2Templates(directory=str(HERE / "templates"))
    env.env.filters["affiliation"] = taxonomy().label_of
    env.env.filters["day"] = _day
    env.env.filters["group"] = group_of
    env.env.filters["urlencode_page"] = lambda params, page: _with_param(params, "page", page)
    env.env.filters["with_param"] = _with_param
    env.env.filters["safe_url"] = safe_url
    env.env.globals["public"] = settings.web_public
    return env


def _with_param(params: Any, key: str, value: Any) -> str:
    """The current query string with ``key`` set to ``value`` (next page, exact words); a
    change other than the page starts again at page one."""
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in params.multi_items() if k != key and (key == "page" or k != "page")]
    return urlencode([*pairs, (key, str(value))])


async def _headers(request: Any, call_next: Any) -> Any:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    if request.url.path.startswith("/api/") or request.method != "GET":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _error_pages(app: Any) -> None:
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, RedirectResponse
    from starlette.exceptions import HTTPException

    from chinabrief.web.session import LoginRequired, login_again, login_url, render

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error(request: Request, status: int, message: str) -> Any:
        if wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return render(request, "error.html", {"status": status, "message": message}, status=status)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Any:
        if wants_json(request):
            return JSONResponse({"error": "log in first", "status": 401}, status_code=401)
        if exc.pending is not None:  # a form sent after the session ran out: keep what it carried
            return login_again(request, request.url.path, json.dumps(exc.pending, ensure_ascii=False),
                               "Your session has ended. Log in again and your change will be saved.", status=401)
        return RedirectResponse(login_url(request), status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Any:
        messages = {404: "There is nothing at this address.", 405: "That cannot be done here."}
        return error(request, exc.status_code, str(exc.detail) if exc.detail and exc.status_code not in messages
                     else messages.get(exc.status_code, str(exc.detail)))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Any:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return error(request, 422, f"Some of the request was not understood: {problems}")

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Any:
        return error(request, 404, str(exc))

    @app.exception_handler(ChinabriefError)
    async def refused(request: Request, exc: ChinabriefError) -> Any:
        return error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Any:
        log.exception("error on %s %s", request.method, request.url.path)
        return error(request, 500, "Something went wrong on our side; it has been logged.")
