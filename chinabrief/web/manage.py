"""Pages that change what the archive follows: feeds (one URL or an OPML upload), file
uploads, and the watchlist.

A URL typed here goes through the same private-address guard as a fetch (refused with the
reason unless ``allow_private_urls`` is on); an upload is refused past ``max_upload_mb`` and
unless its type is one chinabrief reads, before anything is stored.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chinabrief.errors import ChinabriefError, ConfigError
from chinabrief.web.session import Desk, Editor, render

router = APIRouter(include_in_schema=False)
#: Upload bytes are read in pieces of this size, so an oversize upload is stopped early.
CHUNK = 256 * 1024


def guard_url(url: str, allow_private: bool) -> str:
    """``url`` if chinabrief may fetch it; a host that cannot be resolved now (offline) is let
    through, since every fetch checks again."""
    from chinabrief.sources.http import check_url

    url = url.strip()
    try:
        check_url(url, allow_private)
    except ChinabriefError as exc:
        if not str(exc).startswith("cannot resolve"):
            raise ConfigError(str(exc)) from exc
    return url


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request, who: Desk, message: str = "") -> HTMLResponse:
    return render(request, "feeds.html", {"feeds": request.app.state.store.feeds(), "message": message[:300]})


@router.post("/feeds", response_class=HTMLResponse)
async def add_feed(request: Request, who: Editor, url: str = Form(""), name: str = Form(""),
                   every: int = Form(60), opml: UploadFile | None = None) -> Response:
    settings = request.app.state.settings
    store = request.app.state.store
    try:
        if opml is not None and opml.filename:
            from chinabrief.sources.opml import read_opml

            raw = await _read_capped(opml, settings.max_upload_mb)
            added = refused = 0
            for sub in read_opml(raw):
                try:
                    guard_url(sub.url, settings.allow_private_urls)
                except ConfigError:
                    refused += 1
                    continue
                added += store.add_feed(sub.url, name=sub.name, tags=sub.tags)[1]
            message = f"{added} feeds added from {opml.filename}" + (f"; {refused} refused" if refused else "")
        else:
            record, new = store.add_feed(guard_url(url, settings.allow_private_urls), name=name or None,
                                         every_minutes=max(5, min(every, 7 * 1440)))
            message = f"Following {record['url']}" if new else f"{record['url']} was already followed"
    except ChinabriefError as exc:
        return render(request, "feeds.html", {"feeds": store.feeds(), "message": str(exc)}, status=400)
    return RedirectResponse(f"/feeds?message={_q(message)}", status_code=303)


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


async def _read_capped(upload: UploadFile, max_mb: float) -> bytes:
    limit = int(max_mb * 1024 * 1024)
    chunks, size = [], 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise ConfigError(f"{upload.filename} is over the {max_mb:g} MB upload limit")
        chunks.append(chunk)
    return b"".join(chunks)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, who: Desk) -> HTMLResponse:
    from chinabrief.sources.files import readers

    return render(request, "upload.html", {"kinds": sorted(readers()), "report": None})


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, who: Editor, files: list[UploadFile]) -> HTMLResponse:
    from chinabrief.pipeline import ingest
    from chinabrief.sources.files import extension, readers

    settings = request.app.state.settings
    kinds = readers()
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="chinabrief-upload-") as folder:
        paths = []
        for n, part in enumerate(files):
            name = Path(part.filename or f"upload-{n}").name or f"upload-{n}"
            try:
                if extension(name) not in kinds:
                    raise ConfigError(f"{name}: chinabrief does not read .{extension(name) or '?'} files")
                data = await _read_capped(part, settings.max_upload_mb)
                if _looks_binary(data) and extension(name) not in ("pdf", "eml", "mbox"):
                    raise ConfigError(f"{name}: this is not a text file")
            except ConfigError as exc:
                problems.append(str(exc))
                continue
            path = Path(folder) / f"{n}-{name}"
            path.write_bytes(data)
            paths.append(path)
        report = ingest(paths, settings=settings) if paths else None
    if report:
        problems += [f"{Path(f.source).name}: {f.reason}" for f in report.failures]
    return render(request, "upload.html", {"kinds": sorted(kinds), "report": report, "problems": problems},
                  status=200 if report and report.items else 400 if problems else 200)


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:4096]


@router.get("/watchlist", response_class=HTMLResponse)
def watchlist_page(request: Request, who: Desk) -> HTMLResponse:
    return render(request, "watchlist.html", {"watches": request.app.state.store.watches()})


@router.post("/watchlist")
def add_watch(request: Request, who: Editor, term: str = Form(...), email: str = Form("")) -> Response:
    from chinabrief.web.pages import entity_named

    store = request.app.state.store
    entry = entity_named(request, term)
    store.add_watch(entry.name if entry else term, entity_id=entry.id if entry else None, email=email,
                    added_by=who.user)
    return RedirectResponse("/watchlist", status_code=303)


@router.post("/watchlist/{watch_id}/remove")
def remove_watch(request: Request, watch_id: int, who: Editor) -> Response:
    request.app.state.store.remove_watch(watch_id)
    return RedirectResponse("/watchlist", status_code=303)
