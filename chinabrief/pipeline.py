"""Runs the stages in order over batches of documents and reports what happened.

Stages declare what they need and what they add, so a pipeline assembled from built-in
and plugin stages can be checked before it runs. A failure on one document is recorded
against that document (in the report and the ``failures`` table) and the batch goes on; a
storage failure aborts its batch's transaction and stops the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from chinabrief.config import Settings, load_settings
from chinabrief.enrich.enricher import Enricher
from chinabrief.enrich.entities import GazetteerEntry
from chinabrief.enrich.outlets import load_outlets
from chinabrief.errors import ChinabriefError, ConfigError
from chinabrief.models import Document, Item
from chinabrief.sources import files
from chinabrief.sources.digest import SPLITTER_VERSION, Split, split_document
from chinabrief.sources.http import Fetcher, FetchError, check_url
from chinabrief.sources.live import FetchReport, LiveSources
from chinabrief.store import Store, open_store
from chinabrief.store.database import Batch


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[..., object]


def check_order(stages: Sequence[Stage], given: Iterable[str] = ("path",)) -> None:
    """Raise :class:`ConfigError` if a stage runs before what it needs exists."""
    have = set(given)
    for stage in stages:
        missing = set(stage.needs) - have
        if missing:
            raise ConfigError(f"stage {stage.name!r} needs {', '.join(sorted(missing))}, which no earlier stage adds")
        have |= set(stage.adds)


INGEST_STAGES = (
    Stage("read", needs=("path",), adds=("document",), run=files.load),
    Stage("split", needs=("document",), adds=("items", "outlet", "published"), run=split_document),
    Stage("enrich", needs=("items",), adds=("language", "entities", "figures", "quotes", "topics"),
          run=Enricher.__call__),
    Stage("store", needs=("items",), adds=("id",), run=Store.write),
)


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str


@dataclass
class IngestReport:
    files: int = 0
    documents: int = 0
    items: int = 0
    duplicates: int = 0
    already: int = 0  # documents ingested before, skipped whole
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    db: str = ""
    stories: ClusterReport | None = None  # the clustering run that placed the new items

    @property
    def ok(self) -> bool:
        return not self.failures


Progress = Callable[[str], None]


def ingest(paths: Iterable[str | Path], db: str | Path | None = None, settings: Settings | None = None,
           progress: Progress | None = None, enrich: bool = True, stories: bool = True) -> IngestReport:
    """Read files, folders or ``-`` (stdin), split them into items, enrich and store them,
    then place the new items in stories.

    Safe to repeat: documents and items already stored are skipped. Returns a report that
    names every file that failed and why. With ``enrich=False`` items are stored bare, for
    a fast first pass; :func:`enrich_archive` fills them in later and :func:`cluster` makes
    their stories (stories need the entities and figures enrichment finds).
    """
    check_order(INGEST_STAGES)
    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    try:
        report = _ingest(store, [str(p) for p in paths], settings, progress or (lambda _s: None), enrich)
    finally:
        store.close()
    if enrich and stories and report.items:
        report.stories = cluster(settings=settings)
    return report


def _ingest(store: Store, paths: list[str], settings: Settings, progress: Progress, enrich: bool) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport(db=str(settings.db))
    catalogue = load_outlets()
    enricher = Enricher(store.gazetteer_additions()) if enrich else None
    read: list[Document] = []  # read, not yet checked against the store
    pending: list[tuple[Document, Split]] = []  # split, not yet stored
    seen: set[str] = set()

    def split_read() -> None:
        # One look-up for a whole group of documents: asked per file, it cost more than splitting.
        known = store.known_documents([d.sha256 for d in read])
        for doc in read:
            sha = doc.sha256
            if sha in known or sha in seen:
                report.already += 1
                continue
            seen.add(sha)
            try:
                split = split_document(doc, catalogue)
            except Exception as exc:
                _fail(store, report, doc.source, f"cannot split: {type(exc).__name__}: {exc}")
                continue
            for item in split.items if enricher else ():
                try:
                    enricher(item)
                except Exception as exc:  # the item is kept, unenriched, and the failure recorded
                    _fail(store, report, doc.source, f"cannot enrich {item.headline!r}: {type(exc).__name__}: {exc}")
            pending.append((doc, split))
        read.clear()

    for found in files.discover(paths):
        if isinstance(found, files.Failure):
            _fail(store, report, found.source, found.reason)
            continue
        report.files += 1
        progress(found)
        try:
            read.extend(files.load(found, settings.max_file_bytes))
        except ChinabriefError as exc:
            _fail(store, report, found, str(exc))
            continue
        except Exception as exc:
            _fail(store, report, found, f"unexpected {type(exc).__name__}: {exc}")
            continue
        if len(read) >= settings.batch_size:
            split_read()
        if len(pending) >= settings.batch_size:
            _flush(store, pending, report)
            pending.clear()
            seen.clear()
    split_read()
    if pending:
        _flush(store, pending, report)
    report.seconds = time.perf_counter() - started
    return report


def _flush(store: Store, pending: list[tuple[Document, Split]], report: IngestReport) -> None:
    result = store.write(Batch(pending), SPLITTER_VERSION)
    report.documents += result.documents
    report.items += result.items
    report.duplicates += result.duplicates


def _fail(store: Store, report: IngestReport, source: str, reason: str) -> None:
    report.failures.append(Failure(source, reason))
    store.record_failure(source, "ingest", reason)


@dataclass
class EnrichReport:
    items: int = 0  # items enriched anew
    skipped: int = 0  # items already enriched by this version
    version: str = ""
    seconds: float = 0.0


def enrich_archive(db: str | Path | None = None, everything: bool = False, settings: Settings | None = None,
                   progress: Callable[[int, int], None] | None = None) -> EnrichReport:
    """Re-run the enrichers over stored items whose enrichment an older version produced
    (after an upgrade, or ``entities add``), or over every item with ``everything``."""
    started = time.perf_counter()
    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    try:
        enricher = Enricher(store.gazetteer_additions())
        stale = list(store.stale_items(enricher.version, everything))
        total = store.count()["items"]
        report = EnrichReport(skipped=total - len(stale), version=enricher.version)
        for start in range(0, len(stale), settings.batch_size):
            batch = stale[start:start + settings.batch_size]
            updates = []
            for row in batch:
                published = date.fromisoformat(row["published"]) if row["published"] else None
                item = Item(document="", headline=row["headline"], text=row["text"], published=published)
                enricher.enrich(item.headline, item.text, published, country=row["outlet_country"]).apply(item)
                updates.append((row["id"], item.to_record() | {"enrich_version": item.enrich_version}))
            store.update_enrichment(updates)
            report.items += len(batch)
            if progress:
                progress(report.items, len(stale))
    finally:
        store.close()
    report.seconds = time.perf_counter() - started
    return report


def add_entity(entry: dict[str, object], db: str | Path | None = None) -> GazetteerEntry:
    """Promote a name into this archive's gazetteer; run :func:`enrich_archive` to apply it."""
    from chinabrief.enrich.entities import TYPES, entry_from_dict

    if entry.get("type") not in TYPES:
        raise ConfigError(f"type must be one of {', '.join(TYPES)}")
    name = str(entry.get("name") or "").strip()
    if not name:
        raise ConfigError("an entity needs a name")
    entry = {k: v for k, v in entry.items() if v not in (None, [], "")}
    entry.setdefault("id", _slug(name))
    store = open_store(load_settings(db=db).db)
    try:
        store.add_to_gazetteer(entry)
    finally:
        store.close()
    return entry_from_dict(entry)


def _slug(name: str) -> str:
    import re

    from chinabrief.enrich.chinese import has_cjk, pinyin

    base = pinyin(name) if has_cjk(name) else name
    return re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "entity"


# -- live sources ----------------------------------------------------------------------------
def _live(db: str | Path | None, settings: Settings | None, transport: object | None,
          progress: Callable[[str], None] | None) -> tuple[Store, LiveSources]:
    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    fetcher = Fetcher(settings, transport=transport)  # type: ignore[arg-type]
    return store, LiveSources(store, settings, fetcher, progress)


SOURCE_KINDS = ("feed", "listing", "sitemap")


def follow(url: str, db: str | Path | None = None, name: str | None = None, outlet: str | None = None,
           every_minutes: int | None = None, tags: list[str] | None = None, kind: str = "feed",
           pattern: str | None = None, settings: Settings | None = None) -> dict[str, object]:
    """Follow a feed, a listing page (``kind="listing"``, article links matching ``pattern``)
    or a sitemap; fetched on the next ``fetch``."""
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"kind must be one of {', '.join(SOURCE_KINDS)}")
    if outlet and load_outlets().get(outlet) is None:
        raise ConfigError(f"no outlet with id {outlet!r} (see chinabrief/data/outlets.json)")
    if pattern:
        import re

        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"--pattern is not a regular expression: {exc}") from exc
    settings = settings or load_settings(db=db)
    try:  # refused now, not at every fetch: file://, gopher://, private and local addresses
        check_url(url, settings.allow_private_urls, unresolved_ok=True)
    except FetchError as exc:
        raise ConfigError(str(exc)) from exc
    store = open_store(settings.db)
    try:
        record, _ = store.add_feed(url, name=name, outlet_id=outlet, every_minutes=every_minutes, tags=tags,
                                   kind=kind, pattern=pattern)
        return record
    finally:
        store.close()


def find_feeds(url: str, settings: Settings | None = None, transport: object | None = None) -> list[str]:
    """Feeds a page offers (the URL itself when it is a feed)."""
    from chinabrief.sources.feeds import looks_like_feed
    from chinabrief.sources.live import discover_feeds

    settings = settings or load_settings()
    with Fetcher(settings, transport=transport) as fetcher:  # type: ignore[arg-type]
        reply = fetcher.get(url)
    if looks_like_feed(reply.body):
        return [reply.url]
    from chinabrief.sources.decode import decode_bytes

    return discover_feeds(decode_bytes(reply.body, reply.charset)[0], reply.url)


def import_opml(raw: bytes, db: str | Path | None = None) -> tuple[int, int]:
    """Follow every feed of an OPML list; returns (new, already followed)."""
    from chinabrief.sources.opml import read_opml

    store = open_store(load_settings(db=db).db)
    new = old = 0
    try:
        for sub in read_opml(raw):
            _, added = store.add_feed(sub.url, name=sub.name, tags=sub.tags)
            new, old = new + added, old + (not added)
    finally:
        store.close()
    return new, old


def export_opml(db: str | Path | None = None) -> str:
    from chinabrief.sources.opml import write_opml

    store = open_store(load_settings(db=db).db)
    try:
        return write_opml(store.feeds())
    finally:
        store.close()


def fetch(db: str | Path | None = None, settings: Settings | None = None, urls: list[str] | None = None,
          everything: bool = False, revisit: bool = True, transport: object | None = None,
          progress: Callable[[str], None] | None = None) -> FetchReport:
    """One polite pass: due feeds, their new entries (with full text where the feed has only a
    summary), then recent items' pages again for edits and deletions."""
    store, live = _live(db, settings, transport, progress)
    try:
        report = live.fetch_feeds(urls, everything)
        if revisit:
            checked = live.revisit()
            report.edited, report.deleted = checked.edited, checked.deleted
    finally:
        live.fetcher.close()
        store.close()
    if report.items:
        cluster(settings=settings or load_settings(db=db))
    return report


def add_pages(urls: list[str], db: str | Path | None = None, settings: Settings | None = None,
              transport: object | None = None, progress: Callable[[str], None] | None = None) -> FetchReport:
    """Fetch web pages, each one item."""
    store, live = _live(db, settings, transport, progress)
    try:
        report = live.add_pages(urls)
    finally:
        live.fetcher.close()
        store.close()
    if report.items:
        cluster(settings=settings or load_settings(db=db))
    return report


@dataclass
class ClusterReport:
    since: date | None = None  # first day placed anew (None: the whole archive, or nothing to do)
    items: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # story | duplicate | roundup | empty | stories | threads
    seconds: float = 0.0


def cluster(db: str | Path | None = None, since: date | None = None, everything: bool = False,
            settings: Settings | None = None) -> ClusterReport:
    """(Re)build stories: duplicates linked, bulletins kept out, reports grouped, ranked, threaded.

    Without ``since`` only what is new is placed: items from the earliest unclustered day
    on. Items of the window before the start keep the stories an earlier run gave them, so
    stories reaching into the period continue rather than start again.
    """
    from chinabrief.stories.build import STORIES_VERSION, build
    from chinabrief.stories.threads import THREAD_DAYS

    started = time.perf_counter()
    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    try:
        start = None if everything else (since or store.first_unclustered_day())
        if start is None and not everything:
            return ClusterReport(seconds=time.perf_counter() - started)
        window = timedelta(days=settings.story_window_days)
        before = _days_before(start, window)
        records = store.story_inputs(before)  # read as the run goes
        earlier = store.stories_for_threads(_days_before(start, timedelta(days=THREAD_DAYS))) if start else []
        titles = store.titles_since(before)
        result = build(records, start, earlier, settings.story_window_days, frozenset(settings.watchlist),
                       titles=titles)
        store.save_clustering(result.placements, [s.to_dict() for s in result.stories], result.threads,
                              STORIES_VERSION)
        return ClusterReport(since=start, items=len(result.placements), counts=result.counts,
                             seconds=time.perf_counter() - started)
    finally:
        store.close()


def _days_before(day: date | None, span: timedelta) -> date | None:
    """``day - span``, stopping at the calendar's first day (an archive may hold a 0001-01-01
    written by an earlier version)."""
    if day is None:
        return None
    return day - span if day - date.min > span else date.min


def brief(db: str | Path | None = None, settings: Settings | None = None, week: str | None = None,
          day: str | None = None, since: date | None = None, until: date | None = None, top: int = 5,
          title: str | None = None) -> dict[str, Any]:
    """Compose the briefing of a period from its top stories, replay the editor's changes to
    it, save it as a draft (replacing an earlier draft of the same period) and return it
    (``Briefing.to_dict()``).

    A period without stories raises :class:`~chinabrief.errors.NotFoundError`: there is
    nothing to brief, and an empty briefing must never go out. A published briefing is frozen:
    briefing its period again raises :class:`~chinabrief.errors.StoreError`.
    """
    from chinabrief.brief.briefing import period

    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    try:
        if store.first_unclustered_day() is not None:
            cluster(settings=settings)
        span = period(week, day, since, until, store.latest_story_day())
        return _compose_and_save(store, span, top, title)
    finally:
        store.close()


def _compose_and_save(store: Store, span: Any, top: int, title: str | None) -> dict[str, Any]:
    from chinabrief.brief import edits as editing
    from chinabrief.brief.briefing import compose
    from chinabrief.brief.compose import compose_story
    from chinabrief.errors import NotFoundError

    stories = store.stories(since=span.start, until=span.end)
    if not stories:
        raise NotFoundError(f"no stories between {span.start} and {span.end}: nothing to brief "
                            "(ingest or fetch news for that period first)")
    gazetteer = Enricher(store.gazetteer_additions()).gazetteer
    composed = compose(span, stories, store.story, gazetteer, top, title).to_dict()
    composed["top"] = top

    def pinned(story_id: str) -> dict[str, Any] | None:
        try:
            full = store.story(story_id)
        except NotFoundError:
            return None
        return compose_story(full, full["members"], gazetteer).to_dict()

    return store.save_briefing(editing.apply(composed, store.briefing_edits(span.id), pinned))


def edit_briefing(briefing_id: str, changes: list[dict[str, Any]], db: str | Path | None = None,
                  settings: Settings | None = None) -> dict[str, Any]:
    """Record an editor's changes (see :mod:`chinabrief.brief.edits`) and rebuild the briefing
    with them; they are kept and replayed whenever it is rebuilt."""
    from chinabrief.brief.briefing import Period
    from chinabrief.brief.edits import stamp

    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    try:
        stored = store.briefing(briefing_id)
        store.add_edits(briefing_id, [stamp(c) for c in changes])
        p = stored["period"]
        span = Period(date.fromisoformat(p["start"]), date.fromisoformat(p["end"]), p["label"])
        return _compose_and_save(store, span, int(stored.get("top") or len(stored["stories"]) or 5), stored["title"])
    finally:
        store.close()


def publish(briefing_id: str, db: str | Path | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Freeze a briefing as it stands and add it to the feed of published briefings."""
    from datetime import UTC, datetime

    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    try:
        stored = store.briefing(briefing_id)
        if stored["status"] != "published":
            stored["status"] = "published"
            stored["published_at"] = datetime.now(UTC).isoformat(timespec="seconds")
            store.save_briefing(stored)
        return stored
    finally:
        store.close()


def send_briefing(briefing_id: str, to: list[str], db: str | Path | None = None, settings: Settings | None = None,
                  dry_run: Path | None = None) -> Any:
    """E-mail a saved briefing to each address (or, with ``dry_run``, write the ``.eml``); every
    recipient's outcome is recorded with the briefing."""
    from chinabrief.brief.deliver import Smtp, send

    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    try:
        briefing = store.briefing(briefing_id)
        smtp = Smtp(settings.smtp_host, settings.smtp_port, settings.smtp_security, settings.smtp_user,
                    settings.smtp_password, settings.smtp_from, settings.timeout_s) if settings.smtp_host else None
        return send(briefing, to, smtp, dry_run,
                    record=lambda address, status, error: store.record_delivery(briefing_id, address, status, error))
    finally:
        store.close()


@dataclass
class AlertReport:
    watches: int = 0
    sent: dict[str, int] = field(default_factory=dict)  # address -> stories sent
    failed: dict[str, str] = field(default_factory=dict)
    dry_run: list[str] = field(default_factory=list)  # the messages, as text, when not sending


def send_alerts(db: str | Path | None = None, settings: Settings | None = None, dry_run: bool = False) -> AlertReport:
    """E-mail each watch with an address the new stories that match it, once each."""
    from chinabrief.brief.alerts import alert_message, new_matches, seen
    from chinabrief.brief.deliver import Smtp, send_messages

    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    report = AlertReport()
    try:
        today = store.latest_story_day() or date.today()
        pending = []
        for watch in store.watches():
            if not watch["email"]:
                continue
            report.watches += 1
            stories = new_matches(store, watch, today)
            if not stories:
                continue
            try:
                pending.append((watch, stories, alert_message(watch, stories, settings.smtp_from,
                                                              settings.web_base_url)))
            except ValueError as exc:  # this watch's address; the others are still sent
                report.failed[watch["email"]] = str(exc)
        if dry_run:
            report.dry_run = [mail.as_string() for _w, _s, mail in pending]
            return report
        if pending and not settings.smtp_host:
            raise ConfigError("no SMTP server: set smtp_host in the config file or CHINABRIEF_SMTP_HOST")
        if pending:
            smtp = Smtp(settings.smtp_host or "", settings.smtp_port, settings.smtp_security, settings.smtp_user,
                        settings.smtp_password, settings.smtp_from, settings.timeout_s)
            outcome = send_messages(smtp, [mail for _w, _s, mail in pending])
            for watch, stories, _mail in pending:
                error = outcome.get(watch["email"])
                if error:
                    report.failed[watch["email"]] = error
                    continue
                report.sent[watch["email"]] = report.sent.get(watch["email"], 0) + len(stories)
                store.mark_watch_seen(watch["id"], *seen(watch, stories))
        return report
    finally:
        store.close()


def briefing_feed(db: str | Path | None = None, settings: Settings | None = None, fmt: str = "atom") -> bytes:
    """The Atom or RSS feed of published briefings."""
    from chinabrief.brief.deliver import feed

    settings = settings or load_settings(db=db)
    store = open_store(settings.db)
    try:
        return feed(store.published_briefings(), fmt)
    finally:
        store.close()
