"""One item assembled from its lines: headline, labelled sections, body, outlet, date, link,
byline. :mod:`chinabrief.sources.digest` decides where items begin and end; this module reads
each segment it cuts, line by line, the way an editor would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from chinabrief.enrich.outlets import OutletCatalogue
from chinabrief.models import Block, Document, Item, Outlet
from chinabrief.sources import cues as C
from chinabrief.sources.cues import Cue
from chinabrief.sources.dates import parse_date

#: Longest text of a link line: a quoted article's title, a "Further reading" entry.
MAX_LINK_CHARS = 160


@dataclass
class Line:
    """A block with what it was classified as."""

    block: Block
    cue: Cue


_HAN = re.compile("[\u4e00-\u9fff]")


def is_cjk(text: str) -> int:
    """1 when over a third of the first 200 characters are Chinese, else 0 (a multiplier)."""
    head = text[:200]
    return int(len(_HAN.findall(head)) > len(head) / 3) if _HAN.search(head) else 0


class ItemBuilder:
    """What every item of one document shares: the document, its date, the catalogue."""

    def __init__(self, doc: Document, catalogue: OutletCatalogue, doc_date: date | None, single: bool) -> None:
        self.doc, self.catalogue, self.doc_date, self.single = doc, catalogue, doc_date, single
        self.doc_outlet = catalogue.resolve(doc.outlet_hint, doc.url)
        self.extras: list[str] = []  # lines kept with the document rather than an item

    def assemble(self, segment: list[Line], mode: str) -> Item | None:
        draft = _Draft()
        for pos, line in enumerate(segment):
            draft.take(line, pos, mode)
        if not self.single and not draft.sections and not draft.source_outlet and not draft.url \
                and all(C.looks_like_headline(text) for text in draft.body):
            return None  # only a section name ("IN BRIEF") or a stray line: not an item
        self.extras.extend(draft.kickers)
        headline = draft.headline or (page_title(self.doc.title) if self.single else None) \
            or _first_sentence(draft.body)
        first = draft.body[0] if draft.body else ""
        d_outlet, d_when, d_author = next(
            (found for para in draft.body[:3] if (found := C.dateline(para))[0] or found[1]), (None, None, None)
        )
        outlet, outlet_name = self._outlet(draft, d_outlet)
        order = outlet.date_order if outlet else ("YMD" if is_cjk(first) else "MDY")
        published = (
            (parse_date(draft.when, order=order, fallback=self.doc_date) if draft.when else None)
            or (parse_date(d_when, order=order, fallback=self.doc_date) if d_when else None)
            or self.doc_date
        )
        authors = list(draft.authors) or ([d_author] if d_author else [])
        return Item(
            document=self.doc.source, headline=headline, text="\n\n".join(draft.body), sections=draft.sections,
            language="zh" if is_cjk(headline + first) else "en", published=published, outlet=outlet,
            outlet_name=outlet_name, url=draft.url or draft.headline_link or (
                self.doc.url if self.single and self.doc.url and "/" in self.doc.url else None),
            authors=authors, document_sha=self.doc.sha256, captions=draft.captions,
        )

    def _outlet(self, draft: _Draft, dateline_outlet: str | None) -> tuple[Outlet | None, str | None]:
        named = [draft.source_outlet, draft.prefix_outlet, dateline_outlet, draft.cited_outlet]
        outlet = self.catalogue.resolve(*named, draft.url)
        if outlet is None and draft.framing:
            outlet = self.catalogue.find_in(draft.framing)
        if outlet:
            return outlet, outlet.name
        raw = next((n for n in named if n), None)
        if raw:
            return None, raw
        if self.doc_outlet:
            return self.doc_outlet, self.doc_outlet.name
        return None, self.doc.outlet_hint if self.single else None


@dataclass
class _Draft:
    headline: str | None = None
    body: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    source_outlet: str | None = None
    prefix_outlet: str | None = None
    when: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    framing: str | None = None
    kickers: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    cited_outlet: str | None = None
    headline_link: str | None = None
    _label: str | None = None
    _scope: str | None = None  # a standalone label reaches over a list, or paragraphs up to a heading

    def take(self, line: Line, pos: int, mode: str) -> None:
        cue, block = line.cue, line.block
        kind = cue.kind
        if self._scope:
            if kind == "headline" or (self._scope == "list" and block.kind != "list"):
                self._label = self._scope = None  # a standalone label's part has ended
            elif self._scope == "standalone":
                self._scope = "list" if block.kind == "list" else "para"
        if kind == "headline" and self.headline is not None and kicker(self.headline) and not self.body \
                and not self.sections and cue.strength in ("heading", "caps") and not kicker(cue.text):
            self.kickers.append(self.headline)  # "ANALYSIS · PROPERTY" above the <h1>
            self.headline, self.prefix_outlet = cue.text, cue.outlet
        elif kind == "headline" and self.headline is None and not self.sections and all(map(kicker, self.body)):
            self.kickers.extend(self.body)  # "Commentary", "Analysis" above the title
            self.body = []
            self.headline, self.prefix_outlet = cue.text, cue.outlet
            if block.href and block.link_text and cue.text in block.link_text:
                self.headline_link = block.href  # a linked headline: the story's own page
            if cue.rest:
                self._add_body(cue.rest)
        elif kind == "brief":
            self.headline, self.source_outlet, self.when, self.url = cue.text, cue.outlet, cue.when, cue.url
            self._add_body(cue.rest)
        elif kind == "body" and mode == "quotes" and pos == 0:
            self._framing(block)
        elif kind == "body" and not self.body and not self.sections and self._title_like(block.text, mode):
            if self.headline is not None:
                self.kickers.append(self.headline)  # "TOP STORIES" above the real headline
            self.headline = block.text
        elif kind == "body" and not self.body and self.when is None and is_lone_date(block.text):
            self.when = block.text
        elif kind == "label":
            self._label_line(cue)
        elif kind == "source":
            self.source_outlet = self.source_outlet or cue.outlet
            self.when = self.when or cue.when
            self.url = self.url or cue.url or block.href
            self.authors.extend(n for n in cue.names if n not in self.authors)
        elif kind == "url":
            self.url = self.url or cue.url
        elif kind == "caption":
            self.captions.append(block.text)
        elif kind == "byline":
            self.authors.extend(n for n in cue.names if n not in self.authors)
        elif kind == "body" and block.href and self._cites(block):
            pass
        elif kind in ("body", "headline"):
            self._add_body(block.text)

    def _cites(self, block: Block) -> bool:
        """``[Xinhua](https://…):`` over a quoted excerpt: the outlet and link of the story,
        taken when the item has none yet; the line itself is not text."""
        name = block.text.strip().rstrip(":：").strip()
        if not block.text.rstrip().endswith((":", "：")) or name != (block.link_text or "").strip() or len(name) > 60:
            return False
        self.cited_outlet = self.cited_outlet or name
        self.url = self.url or block.href
        return True

    def _title_like(self, text: str, mode: str) -> bool:
        return mode != "quotes" and C.looks_like_headline(text) and _is_headline_shaped(text) \
            and (self.headline is None or kicker(self.headline))

    def _framing(self, block: Block) -> None:
        """ "At The New York Times, Sept. 13: <a>Title</a>" introduces a quoted article."""
        self.framing = block.text
        words = (block.link_text or "").split()
        self.headline = block.link_text if len(words) >= 3 else _quoted_title(block.text)
        self.url = block.href
        self.when = block.text
        self.authors = _reporters(block.text)

    def _label_line(self, cue: Cue) -> None:
        if cue.label == "Correction":
            # A correction belongs to the article as published: in its text, and apart too.
            self.sections["Correction"] = _join(self.sections.get("Correction"), cue.text)
            self.body.append(f"Correction: {cue.text}")
            self._label = None
            return
        self._label = cue.label
        self._scope = None
        if cue.text:
            self._add_body(cue.text)
        else:
            self.sections.setdefault(cue.label, "")
            self._scope = "standalone" if cue.strength == "standalone" else None

    def _add_body(self, text: str) -> None:
        self.body.append(text)
        if self._label:
            self.sections[self._label] = _join(self.sections.get(self._label), text)


def _join(existing: str | None, text: str) -> str:
    return f"{existing}\n\n{text}" if existing else text


_SITE_SUFFIX = re.compile(r"\s+[|｜–—-]\s+[^|｜–—-]{2,40}$")


def page_title(title: str | None) -> str | None:
    """A page's <title> without the site name after it ("… | CSIS", "… - Reuters")."""
    if not title:
        return None
    bare = _SITE_SUFFIX.sub("", C.bare_headline(title)).strip()
    return bare if len(bare.split()) >= 3 or (is_cjk(bare) and len(bare) >= 6) else title


def kicker(text: str) -> bool:
    """A section name over items ("TOP STORIES", "In Brief"): short, and no news in it."""
    return len(text.split()) <= 3 and not any(ch.isdigit() for ch in text)


def is_lone_date(text: str) -> bool:
    return len(text) <= 40 and parse_date(text) is not None and len(re.findall(r"[A-Za-z\u4e00-\u9fff]{4,}", text)) <= 2


def _is_headline_shaped(text: str) -> bool:
    """A plain line that can head an item: a few words, not a date or a lone name."""
    words = text.split()
    return ((len(words) >= 3 or (is_cjk(text) and len(text) >= 6)) and parse_date(text) is None) or len(words) >= 6


_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{8,160})[”\"」』]")
_REPORTS = re.compile(r"((?:[A-Z][a-z'’-]+\s){1,2}[A-Z][a-z'’-]+)\s+(?:reports|reported|writes|wrote|notes|explains|"
                      r"describes|adds|details)\b")


def _quoted_title(framing: str) -> str:
    if m := _QUOTED.search(framing):
        return m.group(1).strip()
    return framing.rstrip(" :：")[:MAX_LINK_CHARS]


def _reporters(framing: str) -> list[str]:
    return [m.group(1) for m in _REPORTS.finditer(framing)]


def _first_sentence(body: list[str]) -> str:
    text = body[0] if body else ""
    m = re.search(r"^(.{10,160}?[.。!?！？])(?:\s|$)", text)
    return (m.group(1) if m else text[:MAX_LINK_CHARS]).strip()
