"""HTML lowered to blocks, keeping the structure the splitter needs.

Headings keep their level, ``<article>``/``<section>`` elements number their contents (a
briefing page often wraps each item in one), quotes and captions are marked, and page
chrome that is chrome by construction (scripts, navigation, forms, comment areas,
sidebars) is removed here. Chrome that is only recognisable by its words is left to the
splitter's boilerplate rules, which apply to every format alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from chinabrief.errors import ParseError
from chinabrief.models import Block

DROP_TAGS = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "button",
             "select", "textarea", "input", "head", "object", "embed")
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "dt",
              "dd", "tr", "td", "th", "table", "ul", "ol", "dl", "article", "section", "main", "header",
              "footer", "aside", "figure", "address", "hr", "br", "center", "caption", "body", "html"}
#: An element marked as furniture that holds more than this share of the page's text is a
#: wrapper around the content, not furniture.
MAX_CHROME_SHARE = 0.3
#: trafilatura without its fallback extractors: half the time (see bench/eval_pages.py). Saved
#: files are read this way; pages fetched one by one get the full extraction (bench/extract.py).
FAST_EXTRACTION = True
#: class/id words that mark page furniture rather than content.
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|sidebar|widget|breadcrumbs?|cookie|banner|advert|ads?|share|sharing|"
    r"social|newsletter|subscribe|signup|sign-up|comments?|respond|comment-respond|related|recommended|"
    r"author-bio|about-author|skip-link|screen-reader-text|site-footer|site-header|masthead-nav|popup|modal)"
    r"(?:$|[\s_-])",
    re.I,
)


@dataclass
class HtmlMeta:
    title: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)


def parse_html(text: str) -> tuple[list[Block], HtmlMeta]:
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"cannot parse HTML: {exc}") from exc
    meta = _meta(root)
    for element in list(root.iter(*DROP_TAGS)):
        if element.tag != "head":
            _remove(element)
    body = root.find("body")
    total = len((body if body is not None else root).text_content())
    for element in list(root.iter()):
        if isinstance(element.tag, str) and element.getparent() is not None and _is_chrome(element) \
                and not _holds_the_content(element, total):
            _remove(element)
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks, meta


def _remove(element: lxml.html.HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _holds_the_content(element: lxml.html.HtmlElement, total: int) -> bool:
    """A wrapper whose class merely mentions a sidebar ("has-sidebar") still holds the page."""
    if element.find(".//article") is not None or element.find(".//h1") is not None:
        return True
    return len(element.text_content()) > MAX_CHROME_SHARE * max(total, 1)


def _is_chrome(element: lxml.html.HtmlElement) -> bool:
    if element.tag in ("body", "html", "article", "main"):
        return False
    if element.tag in ("aside", "form", "nav"):
        return True  # unless it wraps the whole page, as ASP.NET forms and some themes' <nav> do
    if element.tag in ("header", "footer") and element.getparent() is not None \
            and element.getparent().tag in ("body", "html"):
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    return bool(marks.strip()) and bool(_CHROME.search(marks)) and element.tag != "blockquote"


def _meta(root: lxml.html.HtmlElement) -> HtmlMeta:
    meta = HtmlMeta()
    tags: dict[str, str] = {}
    for element in root.iter("meta"):
        value = (element.get("content") or "").strip()
        for attr in ("property", "name", "itemprop"):
            key = element.get(attr)
            if key and value:
                tags.setdefault(key, value)

    def content(*keys: str) -> str | None:
        return next((tags[key] for key in keys if key in tags), None)

    title = root.findtext(".//title")
    meta.title = content("og:title", "twitter:title") or (" ".join(title.split()) if title else None)
    meta.published = content("article:published_time", "pubdate", "publishdate", "date", "DC.date.issued",
                             "datePublished", "og:published_time", "publish-date")
    if meta.published is None:
        times = root.xpath("//time/@datetime")
        meta.published = times[0] if times else None
    meta.site_name = content("og:site_name", "application-name", "publisher")
    canonical = root.xpath("//link[@rel='canonical']/@href")
    meta.url = content("og:url") or (canonical[0] if canonical else None)
    author = content("author", "article:author", "byl")
    meta.authors = [author] if author else []
    return meta


class _Walker:
    """Depth-first walk that flushes accumulated inline text at every block boundary."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._href: str | None = None
        self._link_text: str | None = None
        self._kind, self._level = "para", 0
        self._quote = 0
        self._container = 0
        self._containers = 0

    def flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            kind = "quote" if self._quote and self._kind == "para" else self._kind
            self.blocks.append(Block(text=text, kind=kind, level=self._level, container=self._container,
                                     href=self._href, link_text=self._link_text))
        self._buffer, self._href, self._link_text = [], None, None
        self._kind, self._level = "para", 0

    def walk(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush()
        saved_container = self._container
        if tag in ("article", "section"):
            self._containers += 1
            self._container = self._containers
        if tag == "blockquote":
            self._quote += 1
        if tag == "hr":
            self.blocks.append(Block(text="---", kind="rule", container=self._container))
        self._start(tag)
        if tag == "a" and self._href is None and element.get("href", "").startswith("http"):
            self._href = element.get("href")
            self._link_text = " ".join(element.text_content().split()) or None
        if element.text and tag:
            self._buffer.append(element.text)
        for child in element:
            self.walk(child)
        if is_block:
            self.flush()
        if tag == "blockquote":
            self._quote -= 1
        self._container = saved_container
        if element.tail:
            self._buffer.append(element.tail)

    def _start(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._kind, self._level = "heading", int(tag[1])
        elif tag in ("figcaption", "caption"):
            self._kind = "caption"
        elif tag in ("li", "dt", "dd"):
            self._kind = "list"


def main_content(html: str, fast: bool = FAST_EXTRACTION) -> list[Block]:
    """The blocks of a page's main article only, as trafilatura finds it.

    Our own reading keeps every block so that a briefing page's items all survive; for a
    page that turns out to hold one article, trafilatura's content extraction drops the
    teasers, link lists and widgets around it far better than rules on words can.
    """
    import trafilatura

    try:
        extracted = trafilatura.extract(html, output_format="html", include_formatting=True, include_links=True,
                                        include_tables=True, include_comments=False, with_metadata=False,
                                        fast=fast)
    except Exception:  # trafilatura raises assorted errors on hostile markup; our own reading stands
        return []
    if not extracted:
        return []
    blocks, _ = parse_html(extracted)
    return blocks
