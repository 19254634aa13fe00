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
from chinabrief.sources.decode import strip_invisible

DROP_TAGS = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "button",
             "select", "textarea", "input", "head", "object", "embed")
_DROP = frozenset(DROP_TAGS)
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


#: libxml2's limit on element nesting (without its "huge" option, which we do not turn on: our
#: walk over the tree is recursive and a hostile page could nest without end).
MAX_DEPTH = 256


@dataclass
class HtmlMeta:
    title: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)


def parse_tree(text: str) -> lxml.html.HtmlElement:
    """The page as a tree, without comments or processing instructions, which nothing reads."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"cannot parse HTML: {exc}") from exc
    limit = next((e for e in parser.error_log if e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT), None)
    if limit is not None:  # libxml2 stops at a limit and drops the rest of the page without a word
        why = (f"nests its markup more than {MAX_DEPTH} levels deep" if "depth" in limit.message.lower()
               else f"goes past the HTML parser's limits ({limit.message.strip()})")
        raise ParseError(f"the page {why}, and nothing after that point could be read")
    return root


def parse_html(text: str) -> tuple[list[Block], HtmlMeta]:
    blocks, meta, _ = parse_page(text)
    return blocks, meta


def parse_page(text: str) -> tuple[list[Block], HtmlMeta, lxml.html.HtmlElement]:
    """Blocks and metadata of a page, and its tree for a second, main-content reading.

    That tree goes without the scripts and styles and the furniture that is furniture by
    its tag (navigation, asides, forms, the page's own header and footer). On the pages of
    bench/extract.py that is a quarter of the elements, and trafilatura takes a sixth less
    time over it for nearly the same text (F1 0.001 lower on one page set, equal on the
    other). Furniture known only by its class names stays in: those rules cost trafilatura
    two points of recall there, as a class name sometimes marks a wrapper of the article.
    """
    root = parse_tree(text)
    meta = _meta(root)
    body = root.find("body")
    top = body if body is not None else root
    walker = _Walker(page_chars=_visible_chars(top))
    walker.walk(top)
    walker.flush()
    for element in walker.passed_over:
        if element.tag in _DROP or element.tag in _FURNITURE_TAGS:
            _remove(element)
    if _INVISIBLE_ENTITY.search(text):  # decoding took out the characters, but not their entities
        for block in walker.blocks:
            block.text = strip_invisible(block.text)
    return walker.blocks, meta, root


def _remove(element: lxml.html.HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        # lxml parses some characters it will not set again (controls, lone surrogates): dropped
        if previous is not None:
            previous.tail = _NOT_XML.sub("", (previous.tail or "") + element.tail)
        else:
            parent.text = _NOT_XML.sub("", (parent.text or "") + element.tail)
    parent.remove(element)


#: Characters lxml refuses to set as an element's text: controls other than tab and line breaks.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INVISIBLE_ENTITY = re.compile(r"&(?:shy|#173|#x0*ad|#8203|#x200b|#8288|#x2060|#65279|#xfeff)\b", re.I)


def _visible_chars(element: lxml.html.HtmlElement) -> int:
    """Characters of text outside scripts, styles and the like (roughly: one nested in another
    is taken off twice, which only makes a wrapper look smaller)."""
    hidden = sum(len(inner.text_content()) for inner in element.iter(*DROP_TAGS))
    return len(element.text_content()) - hidden


def _holds_the_content(element: lxml.html.HtmlElement, total: int) -> bool:
    """A wrapper whose class merely mentions a sidebar ("has-sidebar") still holds the page."""
    if element.find(".//article") is not None or element.find(".//h1") is not None:
        return True
    return _visible_chars(element) > MAX_CHROME_SHARE * max(total, 1)


_FURNITURE_TAGS = frozenset(("aside", "form", "nav", "header", "footer"))


def _is_chrome(element: lxml.html.HtmlElement, tag: str) -> bool:
    if tag in _NEVER_CHROME:
        return False
    if tag in ("aside", "form", "nav"):
        return True  # unless it wraps the whole page, as ASP.NET forms and some themes' <nav> do
    if tag in ("header", "footer") and (parent := element.getparent()) is not None \
            and parent.tag in ("body", "html"):
        return True
    get = element.get
    marks = f"{get('class', '')} {get('id', '')} {get('role', '')}"
    return len(marks) > 2 and bool(_CHROME.search(marks))


_NEVER_CHROME = frozenset(("body", "html", "article", "main", "blockquote"))


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


#: Tags that make the block they start a heading (with its level), a caption or a list item.
_STARTS = {**{f"h{level}": ("heading", level) for level in range(1, 7)},
           "figcaption": ("caption", 0), "caption": ("caption", 0), "li": ("list", 0), "dt": ("list", 0),
           "dd": ("list", 0)}


class _Walker:
    """Depth-first walk that flushes accumulated inline text at every block boundary.

    Given the page's length in characters, it also passes over page furniture (what
    :func:`_is_chrome` recognises), as if it had been cut out: its tail text stays.
    """

    def __init__(self, page_chars: int | None = None) -> None:
        self._page_chars = page_chars
        self.passed_over: list[etree._Element] = []
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._href: str | None = None
        self._link_text: str | None = None
        self._kind, self._level = "para", 0
        self._quote = 0
        self._container = 0
        self._containers = 0

    def flush(self) -> None:
        if self._buffer:
            text = " ".join("".join(self._buffer).split())
            if text:
                kind = "quote" if self._quote and self._kind == "para" else self._kind
                self.blocks.append(Block(text=text, kind=kind, level=self._level, container=self._container,
                                         href=self._href, link_text=self._link_text))
            self._buffer = []
        self._href = self._link_text = None
        self._kind, self._level = "para", 0

    def walk(self, element: etree._Element) -> None:
        tag = element.tag
        if type(tag) is not str:
            tag = ""  # a comment or processing instruction: only its tail is text
        elif tag in _DROP or (self._page_chars is not None and _is_chrome(element, tag)
                              and not _holds_the_content(element, self._page_chars)):
            self.passed_over.append(element)
            if tail := element.tail:
                self._buffer.append(tail)
            return
        is_block = tag in BLOCK_TAGS
        saved_container = self._container
        if is_block:
            self.flush()
            if tag in _STARTS:
                self._kind, self._level = _STARTS[tag]
            elif tag == "article" or tag == "section":
                self._containers += 1
                self._container = self._containers
            elif tag == "blockquote":
                self._quote += 1
            elif tag == "hr":
                self.blocks.append(Block(text="---", kind="rule", container=self._container))
        elif tag == "a" and self._href is None and (href := element.get("href", "")).startswith("http"):
            self._href = href
            self._link_text = " ".join("".join(element.itertext()).split()) or None
        if tag and (text := element.text):
            self._buffer.append(text)
        for child in element:
            self.walk(child)
        if is_block:
            self.flush()
            if tag == "blockquote":
                self._quote -= 1
            self._container = saved_container
        if tail := element.tail:
            self._buffer.append(tail)


def main_content(page: str | lxml.html.HtmlElement, fast: bool = FAST_EXTRACTION) -> list[Block]:
    """The blocks of a page's main article only, as trafilatura finds it.

    Our own reading keeps every block so that a briefing page's items all survive; for a
    page that turns out to hold one article, trafilatura's content extraction drops the
    teasers, link lists and widgets around it far better than rules on words can. Its tree
    is walked as it is, rather than written out as HTML and parsed again.
    """
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    try:
        tree = parse_tree(page) if isinstance(page, str) else page  # trafilatura works on its own copy
        found = bare_extraction(tree, output_format="html", include_formatting=True,
                                include_links=True, include_tables=True, include_comments=False,
                                with_metadata=False, fast=fast)
    except Exception:  # trafilatura raises assorted errors on hostile markup; our own reading stands
        return []
    if found is None or found.body is None:
        return []
    walker = _Walker()
    walker.walk(convert_to_html(found.body))
    walker.flush()
    for block in walker.blocks:
        block.text = strip_invisible(block.text)
    return walker.blocks
