"""The records every stage shares.

They are plain dataclasses so that stages stay pure functions over values, and so that
the store, the exporters and later the web app agree on one shape. ``models`` imports
nothing else from chinabrief: every other module may import it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

#: Order of section labels as newsletters use them; also the canonical spelling of each.
SECTION_LABELS: tuple[str, ...] = (
    "What's Happening",
    "What Happened",
    "The Details",
    "What China Said",
    "Between the Lines",
    "Why it Matters",
    "The Background",
    "What to Watch",
)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news organisation, with the affiliation our users read every item through."""

    id: str
    name: str
    affiliation: str
    country: str
    languages: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    chinese: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    date_order: str = "MDY"
    note: str | None = None
    #: Longer names that hold this one ("Ministry of Foreign Affairs" holds "Foreign Affairs").
    not_in: tuple[str, ...] = ()

    def ref(self) -> dict[str, str]:
        """The short form stored with items and exported (DESIGN.md §3)."""
        return {"id": self.id, "name": self.name, "affiliation": self.affiliation, "country": self.country}


@dataclass(slots=True)
class Block:
    """One structural unit of a document: a line or paragraph with what it looks like.

    Every reader (text, Markdown, HTML, e-mail, PDF) lowers its input to blocks, so the
    digest splitter sees one shape whatever the file format was.
    """

    text: str
    kind: str = "para"  # para | heading | quote | list | rule | caption
    level: int = 0  # heading level (1-6); 0 for non-headings
    container: int = 0  # index of the enclosing <article>/<section>, 0 if none
    href: str | None = None  # the first link in the block, when the source had one
    link_text: str | None = None  # the words of that link


@dataclass(slots=True)
class Document:
    """A file, page or message as it arrived, lowered to blocks."""

    source: str  # the path as given, the URL, or "<stdin>"
    raw: bytes
    kind: str  # txt | md | html | eml | mbox | pdf
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    published: date | None = None
    outlet_hint: str | None = None  # a name or domain that says whose document this is
    url: str | None = None
    encoding: str | None = None
    html: str | None = None  # the decoded page, for a second, main-content reading of one article
    tree: Any = None  # the page's lxml tree, so that second reading need not parse it again
    feed: Any = None  # a ParsedFeed, for feed documents: their entries are the items
    _sha256: str | None = field(default=None, repr=False, compare=False)

    @property
    def sha256(self) -> str:
        """Hashed once: every item of a 20,000-entry feed asks for its document's hash."""
        if self._sha256 is None:
            self._sha256 = hashlib.sha256(self.raw).hexdigest()
        return self._sha256


@dataclass(slots=True)
class Figure:
    """A number with what it counts: ``RMB 26 trillion`` is value 26, scale 1e12, unit CNY."""

    text: str
    value: float
    scale: float = 1.0
    unit: str | None = None
    kind: str | None = None  # money | percent | points | quantity
    usd: float | None = None  # money converted at the item's date (data/fx.json)
    direction: str | None = None  # up | down, when the sentence says which way it moved
    start: int = 0
    end: int = 0


class QuoteKind(StrEnum):
    """Words in quotation marks, or speech told in the writer's words ("X said that …")."""

    DIRECT = "direct"
    REPORTED = "reported"


@dataclass(slots=True)
class Quote:
    speaker: str | None
    text: str
    speaker_id: str | None = None
    official_prc: bool = False  # said by a PRC official or body: material for "What China Said"
    kind: str = QuoteKind.DIRECT
    speaker_role: str | None = None  # "spokesperson", "发言人", or the gazetteer's current title
    speaker_country: str | None = None  # ISO code of the country the speaker speaks for
    #: Where ``text`` stands in the headline, a blank line and the text (as for figures).
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Span:
    """Where the text wrote a name: ``text`` is the item's headline, a blank line and its text
    from ``start`` to ``end``, as it was written."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    entity_id: str
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: int = 1
    known: bool = True  # False: found by its cues, not in the gazetteer (yet)
    #: As the text wrote it ("Alibaba" for Alibaba Group), in the order first seen.
    forms: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    """One news piece: what the export writes, one line per item."""

    document: str
    headline: str
    text: str
    position: int = 0
    sections: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    script: str | None = None
    published: date | None = None
    outlet: Outlet | None = None
    outlet_name: str | None = None  # as the source wrote it, kept when no outlet matched
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    guid: str | None = None
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    story: str | None = None
    document_sha: str = ""
    id: str = ""
    topic_scores: list[dict[str, Any]] = field(default_factory=list)  # why each topic was given
    enrich_version: str | None = None
    text_source: str | None = None  # for feed entries: feed | summary | page (where the text came from)
    #: Photo captions and credits found with the item: kept, but not part of its text.
    captions: list[str] = field(default_factory=list)
    _hashed: tuple[str, str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        """Key for idempotent storage: the same news text is stored once. Kept until the
        headline or text changes: storing asks for it several times per item."""
        if self._hashed is None or self._hashed[0] is not self.headline or self._hashed[1] is not self.text:
            norm = " ".join(f"{self.headline}\n{self.text}".split()).casefold()
            self._hashed = (self.headline, self.text, hashlib.sha256(norm.encode("utf-8")).hexdigest())
        return self._hashed[2]

    def assign_id(self) -> str:
        """A stable id: the source document's hash and the item's URL or position in it."""
        anchor = self.url or f"#{self.position}"
        self.id = hashlib.sha256(f"{self.document_sha}|{anchor}|{self.content_hash}".encode()).hexdigest()[:16]
        return self.id

    def to_record(self) -> dict[str, Any]:
        """The JSON item schema of DESIGN.md §3 (plus a few extra fields)."""
        return {
            "id": self.id,
            "document": self.document,
            "headline": self.headline,
            "text": self.text,
            "sections": dict(self.sections),
            "language": self.language,
            "script": self.script,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet.ref() if self.outlet else (
                {"id": None, "name": self.outlet_name, "affiliation": None, "country": None}
                if self.outlet_name else None
            ),
            "url": self.url,
            "authors": list(self.authors),
            "guid": self.guid,
            "entities": [asdict(e) for e in self.entities],
            "figures": [asdict(f) for f in self.figures],
            "quotes": [asdict(q) for q in self.quotes],
            "topics": list(self.topics),
            "topic_scores": list(self.topic_scores),
            "text_source": self.text_source,
            "captions": list(self.captions),
            "story": self.story,
            "content_hash": self.content_hash,
        }


#: The sections of a story in a briefing, in the order they are shown.
BRIEF_SECTIONS: tuple[str, ...] = ("What Happened", "The Details", "What China Said", "Why it Matters")


@dataclass(slots=True)
class Citation:
    """One sentence a briefing shows, exactly as its source wrote it, and where it is:
    ``item``'s text from ``start`` to ``end`` is ``text``, character for character."""

    text: str
    item: str
    outlet: str | None
    affiliation: str | None
    published: str | None
    url: str | None
    start: int
    end: int
    language: str | None = None
    speaker: str | None = None  # What China Said: who said it
    names: list[str] = field(default_factory=list)  # English names of the entities a Chinese sentence names

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class BriefStory:
    """One story of a briefing: headline, sectioned sentences, sources."""

    id: str  # the story's id
    headline: str
    headline_item: str
    sections: dict[str, list[Citation]] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)  # {"outlet", "affiliation", "published", "url"}
    names: list[str] = field(default_factory=list)  # English names alongside a Chinese headline
    score: float = 0.0
    edited: list[str] = field(default_factory=list)  # sections an editor wrote or changed

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "headline": self.headline, "headline_item": self.headline_item,
                "names": list(self.names), "score": self.score, "edited": list(self.edited),
                "sections": {label: [c.to_dict() for c in cites] for label, cites in self.sections.items()},
                "sources": [dict(s) for s in self.sources]}


@dataclass(slots=True)
class Briefing:
    """A briefing: the top stories of a period, each sectioned and cited."""

    id: str
    title: str
    period: dict[str, str]  # {"start", "end", "label"}
    stories: list[BriefStory] = field(default_factory=list)
    status: str = "draft"  # draft | published
    created_at: str | None = None
    published_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "period": dict(self.period), "status": self.status,
                "created_at": self.created_at, "published_at": self.published_at,
                "stories": [s.to_dict() for s in self.stories]}
