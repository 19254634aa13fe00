"""Feeds, pages and their later edits: fetched in parallel, stored one batch at a time.

Fetching runs on worker threads (the network is the wait); parsing, splitting, enriching
and storing happen on the calling thread, so SQLite keeps its single writer and a run killed
midway leaves every stored batch whole. A feed that fails is recorded on the feed (its
error and a growing back-off) and the others go on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urldefrag, urljoin, urlsplit

from chinabrief.config import Settings
from chinabrief.enrich.enricher import Enricher
from chinabrief.enrich.outlets import load_outlets
from chinabrief.errors import ChinabriefError, ParseError, unreadable_as_parse_error
from chinabrief.models import Document
from chinabrief.sources.decode import decode_bytes
from chinabrief.sources.digest import Split, split_document
from chinabrief.sources.feeds import FeedEntry, ParsedFeed, feed_items, parse_feed
from chinabrief.sources.files import html_document
from chinabrief.sources.http import Fetcher, FetchError, Response
from chinabrief.store import Store
from chinabrief.store.database import Batch

#: Longest wait between tries of a failing feed, however often it failed.
MAX_BACKOFF = timedelta(days=1)
#: Pages of recent items fetched again per run to look for edits and deletions.
REVISIT_PER_RUN = 200
SPLITTER = "feed"


@dataclass
class _Downloaded:
    response: Response | None
    error: str | None
    parsed: ParsedFeed | None = None
    fresh: list[FeedEntry] = field(default_factory=list)
    pages: list[Document] = field(default_factory=list)  # listing pages and sitemaps: the new articles


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
               "application/rdf+xml", "text/xml")
_FEEDISH = re.compile(r"(?:/|\b)(?:rss|atom|feed|feeds)(?:\b|/|\.xml)|\.(?:rss|xml)$", re.I)
#: A link that looks like an article rather than a section, tag or index page.
_ARTICLE_PATH = re.compile(r"/(?:\d{4}[/-]?\d{2}|[a-z]?\d{5,}|t\d{8}|content_\d+)|\.s?html?$", re.I)
_NOT_ARTICLE = re.compile(r"/(?:tag|tags|category|author|search|login|index)(?:/|\.|$)", re.I)
#: New article links fetched from one listing page or sitemap per run.
MAX_NEW_PER_LISTING = 30


def discover_feeds(html: str, base: str) -> list[str]:
    """Feed links a page advertises (``<link rel="alternate">``), then feed-like links in it."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    hrefs = [link.get("href") for link in root.iter("link")
             if "alternate" in (link.get("rel") or "").lower() and link.get("href")
             and (link.get("type") or "").lower() in _FEED_TYPES]
    hrefs += [a.get("href") for a in root.iter("a") if a.get("href") and _FEEDISH.search(a.get("href"))]
    return list(dict.fromkeys(url for url in (_joined(base, h) for h in hrefs) if url))


def _joined(base: str, href: str) -> str | None:
    """``href`` made absolute, or ``None`` when it is not a URL ("http://[" with no bracket)."""
    try:
        joined = urljoin(base, href)
        urlsplit(joined).hostname  # noqa: B018 - raises on a malformed host
    except ValueError:
        return None
    return joined


def article_links(html: str, base: str, pattern: str | None = None) -> list[str]:
    """Links on a section page to articles on the same site: those matching ``pattern``, or
    by default those whose path looks like an article's (a date, a long number, .html)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    host = urlsplit(base).hostname
    wanted = re.compile(pattern) if pattern else None
    links = []
    for a in root.iter("a"):
        href = a.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        joined = _joined(base, href)
        if joined is None:
            continue
        url = urldefrag(joined)[0]
        parts = urlsplit(url)
        if parts.hostname != host or url.rstrip("/") == base.rstrip("/"):
            continue
        if wanted.search(url) if wanted else (_ARTICLE_PATH.search(parts.path)
                                               and not _NOT_ARTICLE.search(parts.path)):
            links.append(url)
    return list(dict.fromkeys(links))


def sitemap_urls(raw: bytes) -> tuple[list[str], list[str]]:
    """``(pages, sitemaps)`` listed in a sitemap or sitemap index, newest first when dated."""
    from lxml import etree

    try:
        root = etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not a sitemap: {exc}") from exc
    if root is None:
        raise ParseError("not a sitemap: empty")
    entries = []
    with unreadable_as_parse_error("not a sitemap"):  # lxml decodes text as it is read, and may fail then
        for node in root:
            if not isinstance(node.tag, str):
                continue
            loc = next((c.text.strip() for c in node if isinstance(c.tag, str) and c.tag.endswith("loc") and c.text),
                       None)
            mod = next((c.text.strip() for c in node
                        if isinstance(c.tag, str) and c.tag.endswith("lastmod") and c.text), "")
            if loc:
                entries.append((mod, loc, node.tag.endswith("sitemap")))
    entries.sort(key=lambda e: e[0], reverse=True)
    return [loc for _, loc, nested in entries if not nested], [loc for _, loc, nested in entries if nested]


@dataclass
class FeedResult:
    url: str
    new_items: int = 0
    not_modified: bool = False
    error: str | None = None


@dataclass
class FetchReport:
    feeds: list[FeedResult] = field(default_factory=list)
    pages: int = 0  # article pages fetched for entries that had only a summary
    items: int = 0
    duplicates: int = 0
    edited: int = 0
    deleted: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not any(f.error for f in self.feeds)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def page_document(response: Response) -> Document:
    return read_page(response.body, response.url, response.charset)


def read_page(body: bytes, url: str, charset: str | None = None) -> Document:
    """A fetched web page as a document, decoded by the charset the server or page declares,
    ready to be split as one article (``split_document(doc, catalogue, single=True)``)."""
    text, encoding = decode_bytes(body, charset)
    doc = html_document(text, url, body, encoding, keep_tree=True)
    doc.url = doc.url or url
    return doc


def page_item_text(fetcher: Fetcher, url: str) -> tuple[str, str | None] | None:
    """The article text (and headline) at ``url``, or ``None`` when the page cannot be had."""
    try:
        doc = page_document(fetcher.get(url))
    except ChinabriefError:
        return None
    split = split_document(doc, load_outlets(), single=True)
    if not split.items or not split.items[0].text.strip():
        return None
    return split.items[0].text, split.items[0].headline


class LiveSources:
    """One run over feeds and pages, with one fetcher, one enricher and one store."""

    def __init__(self, store: Store, settings: Settings, fetcher: Fetcher,
                 progress: Callable[[str], None] | None = None) -> None:
        self.store, self.settings, self.fetcher = store, settings, fetcher
        self.enricher = Enricher(store.gazetteer_additions())
        self.catalogue = load_outlets()
        self.progress = progress or (lambda _s: None)

    # -- feeds ---------------------------------------------------------------------------------
    def fetch_feeds(self, urls: Iterable[str] | None = None, everything: bool = False) -> FetchReport:
        """One pass over the feeds that are due (or ``urls``, or all with ``everything``)."""
        now = _now()
        chosen = [f for f in self.store.feeds()
                  if (urls is None or f["url"] in urls) and
                  (everything or urls is not None or not f["next_due_at"] or f["next_due_at"] <= _iso(now))]
        report = FetchReport()
        with ThreadPoolExecutor(max_workers=self.settings.workers) as pool:
            futures = [(feed, pool.submit(self._download, feed)) for feed in chosen]
            for feed, future in futures:
                try:
                    result = self._store_feed(feed, future.result())
                except Exception as exc:  # one feed's bad data is recorded on it; the others go on
                    result = self._failed(feed, None, f"could not read this feed: {type(exc).__name__}: {exc}")
                report.feeds.append(result)
                self.progress(feed["url"])
        report.items = sum(r.new_items for r in report.feeds)
        return report

    def _download(self, feed: dict) -> _Downloaded:
        """Worker thread: the feed, and the article pages of its new summary-only entries."""
        if feed["kind"] in ("listing", "sitemap"):
            return self._download_listing(feed)
        try:
            response = self.fetcher.get(feed["url"], etag=feed["etag"], last_modified=feed["last_modified"])
        except FetchError as exc:
            return _Downloaded(None, str(exc))
        if response.not_modified:
            return _Downloaded(response, None)
        try:
            parsed = parse_feed(response.body, response.url)
        except ParseError as exc:
            return _Downloaded(response, str(exc))
        known = self.store.known_links([x for e in parsed.entries for x in (e.guid, e.link) if x])
        fresh = [e for e in parsed.entries if not ({e.guid, e.link} & known)]
        for entry in fresh if self.settings.full_text else ():
            if entry.text_source == "summary" and entry.link:
                page = page_item_text(self.fetcher, entry.link)
                if page is not None:  # else the feed's summary stays, and says so
                    entry.text, entry.text_source = page[0], "page"
        return _Downloaded(response, parsed.error, parsed, fresh)

    def _download_listing(self, feed: dict) -> _Downloaded:
        """Worker thread: a section page or sitemap, and the new articles it links to."""
        try:
            response = self.fetcher.get(feed["url"], etag=feed["etag"], last_modified=feed["last_modified"])
            if response.not_modified:
                return _Downloaded(response, None)
            if feed["kind"] == "sitemap":
                links, nested = sitemap_urls(response.body)
                for child in nested[:3]:  # a sitemap index: its newest few sitemaps
                    links += sitemap_urls(self.fetcher.get(child).body)[0]
            else:
                links = article_links(decode_bytes(response.body, response.charset)[0], response.url, feed["pattern"])
        except ChinabriefError as exc:
            return _Downloaded(None, str(exc))
        known = self.store.known_links(links)
        pages, errors = [], []
        for link in [u for u in links if u not in known][:MAX_NEW_PER_LISTING]:
            try:
                pages.append(page_document(self.fetcher.get(link)))
            except ChinabriefError as exc:
                errors.append(f"{link}: {exc}")
        error = f"{len(errors)} article pages failed, first: {errors[0]}" if errors else None
        return _Downloaded(response, error, ParsedFeed(None, feed["url"], feed["kind"]), pages=pages)

    def _failed(self, feed: dict, response: Response | None, error: str | None) -> FeedResult:
        """Nothing usable came back: the error is kept on the feed, which backs off."""
        now = _now()
        failures = feed["failures"] + 1
        delay = min(MAX_BACKOFF, timedelta(minutes=feed["every_minutes"]) * 2 ** min(failures, 10))
        self.store.update_feed(feed["url"], error=error, failures=failures, last_fetched_at=_iso(now),
                               last_status=response.status if response else None, next_due_at=_iso(now + delay))
        return FeedResult(url=feed["url"], error=error)

    def _store_feed(self, feed: dict, got: _Downloaded) -> FeedResult:
        result = FeedResult(url=feed["url"], error=got.error)
        now = _now()
        if got.response is None or (got.parsed is None and not got.response.not_modified):
            return self._failed(feed, got.response, got.error)
        due = _iso(now + timedelta(minutes=feed["every_minutes"]))
        if got.response.not_modified:
            result.not_modified = True
            self.store.update_feed(feed["url"], error=None, failures=0, last_status=304, last_fetched_at=_iso(now),
                                   next_due_at=due)
            return result
        parsed = got.parsed
        assert parsed is not None
        for page in got.pages:
            split = split_document(page, self.catalogue, single=True)
            outlet = self.catalogue.get(feed["outlet_id"]) if feed["outlet_id"] else None
            for item in split.items:
                item.url, item.text_source = item.url or page.url, "page"
                if outlet:
                    item.outlet, item.outlet_name = outlet, outlet.name
                self.enricher(item)
            result.new_items += self.store.write(Batch([(page, split)]), SPLITTER).items
        if got.fresh:
            doc = Document(source=feed["url"], raw=got.response.body, kind="feed", title=parsed.title,
                           url=parsed.link, feed=ParsedFeed(parsed.title, parsed.link, parsed.format, got.fresh))
            items = feed_items(doc, self.catalogue, feed["outlet_id"])
            for item in items:
                self.enricher(item)
            written = self.store.write(Batch([(doc, Split(items=items, mode="feed"))]), SPLITTER)
            result.new_items += written.items
        self.store.update_feed(
            feed["url"], error=got.error, failures=0, last_status=got.response.status,
            etag=got.response.headers.get("etag"), last_modified=got.response.headers.get("last-modified"),
            last_fetched_at=_iso(now), next_due_at=due, items=feed["items"] + result.new_items,
            name=feed["name"] or parsed.title,
        )
        return result

    # -- pages ---------------------------------------------------------------------------------
    def add_pages(self, urls: list[str]) -> FetchReport:
        """Each URL's page as one item."""
        report = FetchReport()
        with ThreadPoolExecutor(max_workers=self.settings.workers) as pool:
            futures = [(url, pool.submit(self._page, url)) for url in urls]
            for url, future in futures:
                try:
                    self._add_page(url, *future.result(), report)
                except Exception as exc:  # one page's failure is recorded; the other URLs go on
                    report.failures.append(f"{url}: {type(exc).__name__}: {exc}")
                    self.store.record_failure(url, "read", f"{type(exc).__name__}: {exc}")
                self.progress(url)
        return report

    def _add_page(self, url: str, doc: Document | None, error: str | None, report: FetchReport) -> None:
        if doc is None:
            report.failures.append(f"{url}: {error}")
            self.store.record_failure(url, "fetch", error or "unknown")
            return
        split = split_document(doc, self.catalogue, single=True)
        for item in split.items:
            item.url = item.url or doc.url or url
            item.text_source = "page"
            self.enricher(item)
        written = self.store.write(Batch([(doc, split)]), SPLITTER)
        report.pages += 1
        report.items += written.items
        report.duplicates += written.duplicates

    def _page(self, url: str) -> tuple[Document | None, str | None]:
        try:
            return page_document(self.fetcher.get(url)), None
        except ChinabriefError as exc:
            return None, str(exc)

    # -- edits and deletions -------------------------------------------------------------------
    def revisit(self, limit: int = REVISIT_PER_RUN) -> FetchReport:
        """Fetch recent items' pages again: record edits as revisions and 404/410 as deletions."""
        now = _now()
        since = _iso(now - timedelta(days=self.settings.revisit_days))
        checked_before = _iso(now - timedelta(hours=6))
        rows = self.store.items_to_revisit(since, checked_before, limit)
        report = FetchReport()
        with ThreadPoolExecutor(max_workers=self.settings.workers) as pool:
            futures = [(row, pool.submit(self._recheck, row["url"])) for row in rows]
            for row, future in futures:
                status, page = future.result()
                if status in (404, 410):
                    self.store.record_check(row["id"], deleted=True)
                    report.deleted += 1
                elif page is not None and row["text_source"] in (None, "page") and _changed(row["text"], page[0]):
                    diff = "\n".join(difflib.unified_diff(row["text"].splitlines(), page[0].splitlines(),
                                                          "before", "after", lineterm=""))
                    self.store.record_check(row["id"], headline=page[1], text=page[0], diff=diff)
                    report.edited += 1
                else:
                    self.store.record_check(row["id"])
        return report

    def _recheck(self, url: str) -> tuple[int | None, tuple[str, str | None] | None]:
        try:
            doc = page_document(self.fetcher.get(url))
        except FetchError as exc:
            return exc.status, None
        except ChinabriefError:
            return None, None
        split = split_document(doc, self.catalogue, single=True)
        return 200, ((split.items[0].text, split.items[0].headline) if split.items else None)


def _changed(old: str, new: str) -> bool:
    return " ".join(old.split()) != " ".join(new.split())
