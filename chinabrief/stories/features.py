"""What story building looks at in an item, computed once per item.

Clustering compares every new item with the stories still open, thousands of times a
second, so it works on a small, language-neutral view rather than on item records:

* **terms**: words for English (lower case, stop words out, a light plural fold) and jieba
  words for Chinese (folded to simplified, stop words out), the headline counted twice,
  over the headline and the lead, where a news report states its event;
* **entities**: gazetteer ids, the same for 秦刚 and Qin Gang, which is what lets a Chinese
  report meet an English one;
* **figures**: the numbers an item reports, keyed so that "US$56.8 billion" and
  "568亿美元" give one key, and "94.6 per cent" and "约95%" another;
* a **MinHash signature** of the body and a hash of its folded text, for duplicates;
* whether the body reads as a **list of headlines** (a bulletin of many events).

The view keeps no text beyond the headline, so a run over a million items fits in memory.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from chinabrief.enrich.chinese import has_cjk, to_simplified
from chinabrief.store.segment import needs_segments
from chinabrief.stories.minhash import shingle_hashes, signature
from chinabrief.stories.words import chinese_terms, english_terms

#: How much of the body counts as the lead for similarity. A report states its event at the
#: top; what follows (background, reactions) is shared with other stories more often.
LEAD_CHARS = 800
#: Distinct words an item keeps (search-mode segmentation of a Chinese lead gives 100+).
MAX_TERMS = 60
#: Headline words count this many times over body words.
HEADLINE_WEIGHT = 2
#: Bodies shorter than this (folded) are never duplicates: a bare headline such as "Foreign
#: Ministry press conference" says too little to tell one day's from another's.
MIN_DUPLICATE_CHARS = 60
#: Near-duplicate signatures are made for bodies at least this long.
MIN_SIGNATURE_CHARS = 150
SIGNATURE_CHARS = 1500
_NOT_TEXT = re.compile(r"[\W_]+")


@dataclass(slots=True)
class StoryItem:
    """One item as story building sees it."""

    id: str
    day: date
    language: str  # "en", "zh", or another code; "und" when unknown
    headline: str
    outlet: str | None = None  # outlet id, or the name as written
    affiliation: str | None = None
    country: str | None = None  # the outlet's
    terms: Counter[str] = field(default_factory=Counter)
    entities: dict[str, float] = field(default_factory=dict)  # id -> mentions
    entity_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, type)
    figures: frozenset[str] = frozenset()
    figure_texts: dict[str, str] = field(default_factory=dict)  # key -> the figure as written
    text_key: str = ""  # hash of the folded body, for exact duplicates; empty when too short
    signature: np.ndarray | None = None  # MinHash of the body's shingles, for near duplicates
    length: int = 0  # characters of body text
    listing: bool = False  # the body is a list of other events' headlines (a bulletin)
    story: str | None = None  # the story it already belongs to, when seeding an index
    status: str | None = None  # how an earlier run placed it (story, duplicate, roundup, empty)
    duplicate_of: str | None = None


def terms_of(headline: str, lead: str, language: str, segmented: tuple[str, str] | None = None) -> Counter[str]:
    chinese = needs_segments(headline, lead, language)
    counts: Counter[str] = Counter()
    if chinese:
        head = chinese_terms(headline, segmented[0] if segmented else None)
        body = chinese_terms(lead, _lead_words(segmented[1]) if segmented else None)
    else:
        head, body = english_terms(headline), english_terms(lead)
    for word in head:
        counts[word] += HEADLINE_WEIGHT
    counts.update(body)
    if len(counts) > MAX_TERMS:  # the headline's words and the lead's most repeated ones
        counts = Counter(dict(counts.most_common(MAX_TERMS)))
    return counts


def _lead_words(segmented: str) -> str:
    """The start of a stored segmentation, about as much as the lead holds (search-mode
    segmentation repeats the parts of long words, hence the margin)."""
    return segmented[:int(LEAD_CHARS * 1.6)]


def _significant(value: float, digits: int = 2) -> str:
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    return f"{round(value, digits - 1 - magnitude):g}"


def figure_keys(figures: list[dict[str, Any]]) -> frozenset[str]:
    """Keys under which two reports of the same number meet, whatever their language.

    Money is compared in US dollars to two significant digits; percentages to the tenth,
    and large ones also to the whole number (``约95%`` and ``94.6 per cent``); other
    quantities with their unit. Bare small numbers and years say nothing about which event
    a report is about and are left out.
    """
    keys = set()
    for fig in figures:
        value = float(fig.get("value") or 0) * float(fig.get("scale") or 1)
        kind, unit = fig.get("kind"), fig.get("unit")
        if kind == "money":
            usd = fig.get("usd")
            keys.add(f"usd:{_significant(usd)}" if usd else f"{unit}:{_significant(value)}")
        elif kind == "percent" and value:
            keys.add(f"pct:{round(value, 1):g}")
            if value >= 20:  # "约95%" against "94.6 per cent": large shares rarely coincide by chance
                keys.add(f"pct~{round(value)}")
        elif kind == "quantity" and unit and value >= 100:
            keys.add(f"{unit}:{_significant(value)}")
    return frozenset(keys)


def _normalised(text: str) -> str:
    return _NOT_TEXT.sub(" ", to_simplified(text).casefold()).strip()


def _text_key(body: str) -> str:
    """The body with case, spacing and punctuation folded away, hashed. (The script is not
    folded here: a copy in the other script is caught as a near duplicate.)"""
    folded = _NOT_TEXT.sub("", body.casefold())
    if len(folded) < MIN_DUPLICATE_CHARS:
        return ""
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


def _signature(body: str, chinese: bool) -> np.ndarray | None:
    """MinHash of the start of the body: the first few thousand characters tell a repost."""
    if len(body) < MIN_SIGNATURE_CHARS:
        return None
    hashes = shingle_hashes(_normalised(body[:SIGNATURE_CHARS]), chinese)
    return None if hashes is None else signature(hashes)


def story_item(record: dict[str, Any], segmented: tuple[str, str] | None = None,
               fallback_day: date | None = None) -> StoryItem:
    """The view of an item record (DESIGN.md §3) that story building works on."""
    headline, text = record.get("headline") or "", record.get("text") or ""
    language = record.get("language") or ("zh" if has_cjk(headline + text[:200]) else "und")
    chinese = needs_segments(headline, text, language)
    if chinese:
        language = "zh"
    outlet = record.get("outlet") or {}
    published = record.get("published")
    day = date.fromisoformat(published[:10]) if published else (fallback_day or date.today())
    figure_texts = {key: fig.get("text", "") for fig in record.get("figures") or ()
                    for key in figure_keys([fig])}
    entities = {e["id"]: float(e.get("mentions", 1)) for e in record.get("entities") or () if e.get("known", True)}
    body = text.strip()
    lines = [line for line in body[:6000].splitlines() if line.strip()][:60]
    from chinabrief.stories.roundup import looks_like_list

    return StoryItem(
        id=record["id"], day=day, language=language, headline=headline,
        outlet=outlet.get("id") or outlet.get("name"), affiliation=outlet.get("affiliation"),
        country=outlet.get("country"),
        terms=terms_of(headline, body[:LEAD_CHARS], language, segmented),
        entities=entities,
        entity_names={e["id"]: (e.get("name", e["id"]), e.get("type", ""))
                      for e in record.get("entities") or () if e.get("known", True)},
        figures=frozenset(figure_texts), figure_texts=figure_texts,
        text_key=_text_key(body), signature=_signature(body, chinese),
        length=len(body), listing=looks_like_list(headline, lines, language),
        story=record.get("story"),
    )
