"""Feeds as items: RSS 0.9x/1.0/2.0, Atom and RDF through feedparser, JSON Feed 1.x by hand.

Every entry becomes one item with its guid, headline, link, date, authors and text. A feed
that breaks halfway still gives the entries before the break, and says what broke
(``ParsedFeed.error``), so one bad publisher shows up in ``feeds list`` instead of silently
dropping out. Entries that carry only a blurb are marked ``text_source="summary"``; the
fetcher replaces their text with the linked page's when it can.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date

from chinabrief.enrich.outlets import OutletCatalogue
from chinabrief.errors import ParseError, unreadable_as_parse_error
from chinabrief.models import Document, Item
from chinabrief.sources.cues import bare_headline, is_boilerplate, is_caption
from chinabrief.sources.dates import parse_timestamp, plausible
from chinabrief.sources.decode import decode_bytes
from chinabrief.sources.html import parse_html

#: Entry text shorter than this (in words, or characters over 3 for Chinese) is a blurb, and
#: the full article is worth fetching.
SUMMARY_WORDS = 80
_JSON_FEED = re.compile(rb'^\s*\{[^{]*?"version"\s*:\s*"https?://jsonfeed\.org/version/', re.S)
_XML_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)[\s>]", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class FeedEntry:
    guid: str | None
    title: str
    link: str | None
    published: date | None
    authors: list[str] = field(default_factory=list)
    text: str = ""
    text_source: str = "feed"  # feed (full text in the feed) | summary (only a blurb)
    captions: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    title: str | None
    link: str | None
    format: str
    entries: list[FeedEntry] = field(default_factory=list)
    error: str | None = None  # what went wrong, when the feed parsed only in part


def looks_like_feed(raw: bytes) -> bool:
    head = raw[:2048].lstrip()
    return bool(_JSON_FEED.match(raw[:4096]) or (head.startswith((b"<", b"\xef\xbb\xbf<")) and
                                                _XML_FEED.search(raw[:4096])))


def parse_feed(raw: bytes, url: str | None = None) -> ParsedFeed:
    """A feed's entries, or :class:`ParseError` when nothing in ``raw`` reads as a feed."""
    if _JSON_FEED.match(raw[:4096]):
        return _json_feed(raw)
    import feedparser

    try:
        with unreadable_as_parse_error("not a feed that can be read"):
            parsed = feedparser.parse(raw, response_headers={"content-location": url} if url else None)
    except ParseError:
        salvaged = _salvage(raw)
        if salvaged is None:
            raise
        salvaged.error = f"malformed feed; {len(salvaged.entries)} entries read from what could be"
        return salvaged
    if not parsed.entries and not parsed.feed.get("title"):
        reason = parsed.get("bozo_exception")
        salvaged = _salvage(raw)
        if salvaged is not None:
            salvaged.error = f"malformed feed ({reason}); {len(salvaged.entries)} entries read from what could be"
            return salvaged
        raise ParseError(f"not a feed that can be read: {reason or 'no channel or entries found'}")
    feed = ParsedFeed(title=_clean(parsed.feed.get("title")), link=parsed.feed.get("link"),
                      format=parsed.get("version") or "unknown")
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        exception = parsed["bozo_exception"]
        if not _harmless(exception):
            feed.error = f"{type(exception).__name__}: {exception}"
    for entry in parsed.entries:
        title = _clean(entry.get("title")) or ""
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        body_html = max(contents, key=len) if contents else (entry.get("summary") or "")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")] or \
            ([entry["author"]] if entry.get("author") else [])
        feed.entries.append(_entry(entry.get("id") or entry.get("guid"), title, entry.get("link"),
                                   _day(when), authors, body_html, bool(contents)))
    return feed


_ITEM = re.compile(r"<(?:[\w-]+:)?(item|entry)\b[^>]*>(.*?)</(?:[\w-]+:)?\1\s*>", re.S | re.I)
_FIELD = r"<(?:[\w-]+:)?{0}\b[^>]*>(.*?)</(?:[\w-]+:)?{0}\s*>"
_HREF = re.compile(r"<(?:[\w-]+:)?link[^>]*href=[\"']?([^\"'\s>]+)")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


def _salvage(raw: bytes) -> ParsedFeed | None:
    """Entries from a feed too broken for an XML parser (undeclared prefixes, unquoted
    attributes), read tag by tag; ``None`` when there is nothing item-shaped in it."""
    text = decode_bytes(raw)[0]
    items = _ITEM.findall(text)
    if not items:
        return None

    def field(body: str, *names: str) -> str | None:
        for name in names:
            m = re.search(_FIELD.format(name), body, re.S | re.I)
            if m:
                value = _CDATA.sub(lambda c: c.group(1), m.group(1)).strip()
                return value or None
        return None

    title = field(text.split("<item", 1)[0].split("<entry", 1)[0], "title")
    feed = ParsedFeed(title=_clean(html_to_text(title or "")) or None, link=None, format="salvaged")
    for _, body in items:
        href = _HREF.search(body)
        link = field(body, "link") or (href.group(1) if href else None)
        when = field(body, "pubDate", "published", "updated", "date")
        title = _clean(html_to_text(field(body, "title") or "")) or ""
        feed.entries.append(_entry(field(body, "guid", "id") or link, title, link,
                                   parse_timestamp(when) if when else None, [],
                                   field(body, "encoded", "content", "description", "summary") or "", False))
    return feed


def _json_feed(raw: bytes) -> ParsedFeed:
    try:
        data = json.loads(decode_bytes(raw)[0])
    except RecursionError as exc:
        raise ParseError("not a JSON Feed that can be read: nested too deeply") from exc
    except (json.JSONDecodeError, ParseError) as exc:
        raise ParseError(f"not a JSON Feed that can be read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
        raise ParseError("not a JSON Feed: no list of items")
    feed = ParsedFeed(title=_clean(_string(data.get("title"))), link=_string(data.get("home_page_url")),
                      format=f"json{str(data.get('version', '')).rsplit('/', 1)[-1]}")
    skipped = 0
    for item in data.get("items", []):
        try:
            feed.entries.append(_json_entry(item))
        except (TypeError, ValueError, AttributeError):  # one malformed entry is skipped, not the feed
            skipped += 1
    if skipped:
        feed.error = f"{skipped} malformed item(s) skipped"
    return feed


def _string(value: object) -> str | None:
    """A JSON Feed field that should be text: numbers are written out, anything else is absent."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _json_entry(item: object) -> FeedEntry:
    if not isinstance(item, dict):
        raise TypeError("an item that is not an object")
    listed = item.get("authors") or ([item["author"]] if item.get("author") else [])
    authors = [_string(a.get("name")) or "" for a in (listed if isinstance(listed, list) else [])
               if isinstance(a, dict) and _string(a.get("name"))]
    plain = _string(item.get("content_text"))
    full = _string(item.get("content_html")) or (_paragraphs(plain) if plain else "")
    body = full or _string(item.get("summary")) or ""
    return _entry(_string(item.get("id")), _clean(_string(item.get("title"))) or "",
                  _string(item.get("url")) or _string(item.get("external_url")),
                  parse_timestamp(_string(item.get("date_published")) or _string(item.get("date_modified"))),
                  authors, body, bool(full))


def _day(when: tuple[int, ...] | None) -> date | None:
    try:
        return date(*when[:3]) if when else None
    except ValueError:  # year 0, day 31 of a short month: feedparser passes such dates through
        return None


def _entry(guid: str | None, title: str, link: str | None, published: date | None, authors: list[str],
           body_html: str, has_content: bool) -> FeedEntry:
    paragraphs = html_to_text(body_html).split("\n\n")
    captions = [p for p in paragraphs if is_caption(p)]
    text = "\n\n".join(p for p in paragraphs if not is_boilerplate(p) and p not in captions)
    title = bare_headline(title)
    if not title:
        title = text.split("\n", 1)[0][:120]
    words = len(text.split()) + len(_CJK.findall(text)) // 3
    source = "feed" if has_content or words >= SUMMARY_WORDS else "summary"
    return FeedEntry(guid=guid or link, title=title, link=link, published=plausible(published), authors=authors,
                     text=text, text_source=source, captions=captions)


def html_to_text(fragment: str) -> str:
    """A feed's HTML (or plain text) as paragraphs."""
    if not fragment.strip():
        return ""
    if "<" not in fragment:  # still HTML: its character references are decoded (WSJ's "country&#x2019;s")
        return "\n\n".join(html.unescape(p).strip() for p in re.split(r"\n\s*\n", fragment) if p.strip())
    try:
        blocks, _ = parse_html(f"<html><body>{fragment}</body></html>")
    except ParseError:
        return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()
    return "\n\n".join(b.text for b in blocks if b.kind != "rule")


def _paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs. Angle brackets are text ("a <b> c" keeps its "<b>"); a
    character reference is left to be decoded, as publishers escape plain text too."""
    safe = text.replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"<p>{p}</p>" for p in re.split(r"\n\s*\n", safe) if p.strip())


def _clean(value: str | None) -> str | None:
    """Whitespace folded, and character references decoded: publishers escape titles twice
    ("U.K.&#x2019;s" in a JSON Feed's plain-text title), and no reader wants to see that."""
    return " ".join(html.unescape(value).split()) if value else value


def _harmless(exception: Exception) -> bool:
    """feedparser flags feeds that declared one encoding and used another, which it handles."""
    return type(exception).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def read_feed_file(raw: bytes, source: str) -> list[Document]:
    """A feed saved to disk (or piped in): one document whose entries are its items. A ``.json``
    or ``.xml`` file that is not a feed is read as text."""
    if not looks_like_feed(raw):
        from chinabrief.sources.files import read_text_file

        return read_text_file(raw, source)
    feed = parse_feed(raw, source if "://" in source else None)
    return [Document(source=source, raw=raw, kind="feed", title=feed.title, url=feed.link, feed=feed)]


def feed_items(doc: Document, catalogue: OutletCatalogue, outlet_id: str | None = None) -> list[Item]:
    """Items for a feed document's entries; the outlet is the feed's own (when set), the one
    serving each entry's link, or the one the feed names itself after."""
    feed: ParsedFeed = doc.feed
    fixed = catalogue.get(outlet_id) if outlet_id else None
    by_feed = catalogue.resolve(feed.link, feed.title, doc.source if "://" in doc.source else None)
    items = []
    for position, entry in enumerate(feed.entries):
        outlet = fixed or catalogue.by_url(entry.link) or by_feed
        items.append(Item(
            document=doc.source, headline=entry.title, text=entry.text, position=position, published=entry.published,
            outlet=outlet, outlet_name=outlet.name if outlet else feed.title, url=entry.link,
            authors=list(entry.authors), guid=entry.guid, text_source=entry.text_source,
            captions=list(entry.captions),
            document_sha=doc.sha256,
        ))
    return items
