"""Runs every enricher over one item: language first, then entities, figures, quotes, topics.

The version written beside the results names this code and digests the data it read (the
gazetteer, topics, exchange rates and the archive's own additions), so ``chinabrief enrich``
knows which stored items are stale after an upgrade or an ``entities add``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from chinabrief.enrich import names
from chinabrief.enrich.entities import Gazetteer, GazetteerEntry, gazetteer_with
from chinabrief.enrich.figures import find_figures
from chinabrief.enrich.language import detect
from chinabrief.enrich.outlets import taxonomy
from chinabrief.enrich.quotes import find_quotes
from chinabrief.enrich.speakers import Named
from chinabrief.enrich.topics import score_topics
from chinabrief.models import Entity, Figure, Item, Mention, Quote, Span

#: Bump when the enrichers' code changes what they produce.
CODE_VERSION = "3"
#: Text beyond this many characters is not read for names, figures and quotes: it bounds the
#: time one pathological item can take (a 1 MB paste) without touching any real news item.
MAX_CHARS = 100_000
_DATA_FILES = ("topics.json", "fx.json", "outlets.json", "titles.json", "entities/people.json", "entities/orgs.json",
               "entities/places.json", "entities/programmes.json")
#: Kinds of PRC bodies whose words are the official line.
_OFFICIAL_ORGS = {"party_body", "state_body", "military_body", "court"}
_OFFICIAL_PEOPLE = {"politician", "official", "military", "diplomat"}


@dataclass
class Enrichment:
    language: str | None
    script: str | None
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topic_scores: list[dict[str, object]] = field(default_factory=list)
    version: str = ""

    def apply(self, item: Item) -> Item:
        item.language, item.script = self.language, self.script
        item.entities, item.figures, item.quotes = self.entities, self.figures, self.quotes
        item.topics, item.topic_scores, item.enrich_version = self.topics, self.topic_scores, self.version
        return item


def _data_digest(additions: list[dict[str, object]]) -> str:
    digest = hashlib.sha256()
    folder = resources.files("chinabrief.data")
    for name in _DATA_FILES:
        path = folder.joinpath(name)
        if path.is_file():
            digest.update(path.read_bytes())
    digest.update(json.dumps(additions, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:10]


class Enricher:
    """Enriches items with one compiled gazetteer (the packaged one plus ``additions``)."""

    def __init__(self, additions: list[dict[str, object]] | None = None) -> None:
        self.gazetteer: Gazetteer = gazetteer_with(list(additions or []))
        self.version = f"{CODE_VERSION}+{_data_digest(list(additions or []))}"

    def __call__(self, item: Item) -> Item:
        return self.enrich(item.headline, item.text, item.published,
                           country=item.outlet.country if item.outlet else None).apply(item)

    def warm_up(self) -> None:
        """Load what the first English and the first Chinese text would otherwise load (jieba's
        dictionaries, the language model): for a long-running process, before its first item."""
        self.enrich("外交部长王毅会见美国国务卿", "外交部长王毅3月7日表示，中美应找到正确相处之道。", None)
        self.enrich("Wang Yi meets the US Secretary of State", "China's exports rose 7.1% in March, Wang said.", None)

    def enrich(self, headline: str, text: str, published: date | None, country: str | None = None) -> Enrichment:
        """``country`` is the reporting outlet's: 外交部 in a Taiwanese report is Taiwan's."""
        full = f"{headline}\n\n{text}"[:MAX_CHARS]
        language, script = detect(full)
        # Title Case headlines capitalise every word, so cues for names are read in the body.
        mentions, found = self.names(full, language, cues_from=len(headline) + 2, country=country)
        entities = self._entities(mentions, full) + names.unknown_entities_from(found)
        named = self._speakers(mentions, found)
        quotes = find_quotes(full, named, body_from=len(headline) + 2)
        scores = score_topics(headline, text[:MAX_CHARS], {e.id for e in entities if e.known})
        return Enrichment(
            language=language, script=script, entities=entities, figures=find_figures(full, published),
            quotes=quotes, topics=[s.topic for s in scores], topic_scores=[s.to_dict() for s in scores],
            version=self.version,
        )

    def names(self, text: str, language: str | None, cues_from: int = 0, country: str | None = None) \
            -> tuple[list[Mention], list[tuple[int, int, str, str]]]:
        """Gazetteer mentions, and ``(start, end, name, type)`` of names found by their cues
        (from ``cues_from`` on) that the gazetteer does not know."""
        mentions = self.gazetteer.mentions(text, country)
        places = {(m.start, m.end) for m in mentions if self.gazetteer.entries[m.entity_id].type == "place"}
        others = [m for m in mentions if (m.start, m.end) not in places]
        if language == "zh":
            words = names.chinese_words(text)
            # A Chinese name counts only as one of jieba's words: 海航 is not named in 地中海航运;
            # but 南方航空 in 中国南方航空公司 names the company by its full name.
            mentions = [kept for m in mentions
                        if (kept := m if text[m.start].isascii() or not names.inside_a_word(words, m.start, m.end)
                            else self._full_name(words, m))]
            others = [m for m in mentions if (m.start, m.end) not in places]
            found = names.chinese_names(text, others, words)
        elif language in ("en", None):
            found = [f for f in names.english_names(text, others) if f[0] >= cues_from]
        else:  # the cues are English words: in German or Spanish text they find only noise
            found = []
        found, swallowed = _holding_places(found, places)
        mentions = [m for m in mentions if (m.start, m.end) not in swallowed]
        # A name found by its cues that the gazetteer knows under exactly that name is known.
        known_now = [(f, hits[0]) for f in found if (hits := self.gazetteer.lookup(f[2]))]
        if known_now:
            mentions = sorted(mentions + [Mention(e.id, f[0], f[1]) for f, e in known_now], key=lambda m: m.start)
            found = [f for f in found if not self.gazetteer.lookup(f[2])]
        return mentions, found

    def _full_name(self, words: list[tuple[int, int, str]], mention: Mention) -> Mention | None:
        """An organisation named inside one of jieba's words that is its full name (南方航空 in
        中国南方航空公司): the mention is the whole word."""
        if self.gazetteer.entries[mention.entity_id].type != "org":
            return None
        word = names.word_holding(words, mention.start, mention.end)
        tail = word[2][mention.end - word[0]:] if word else ""
        if word and tail in names.ORG_NOUNS:  # 最高法 + 院 is another word, 南方航空 + 公司 is not
            return Mention(mention.entity_id, word[0], word[1])
        return None

    def _entities(self, mentions: list[Mention], text: str) -> list[Entity]:
        spans: dict[str, list[Span]] = {}
        for mention in mentions:
            spans.setdefault(mention.entity_id, []).append(Span(text[mention.start:mention.end], mention.start,
                                                                mention.end))
        out = []
        for entity_id, where in spans.items():
            entry = self.gazetteer.entries[entity_id]
            out.append(Entity(id=entry.id, name=entry.name, type=entry.type, mentions=len(where),
                              forms=list(dict.fromkeys(s.text for s in where)), spans=where))
        return out

    def _speakers(self, mentions: list[Mention], found: list[tuple[int, int, str, str]]) -> list[Named]:
        named = []
        for mention in mentions:
            entry = self.gazetteer.entries[mention.entity_id]
            current = entry.current_positions()
            named.append(Named(mention.start, mention.end, entry.name, entry.id, entry.type, official_prc(entry),
                               country=entry.country, role=current[0].title if current else None))
        named += [Named(start, end, name, None, kind, False) for start, end, name, kind in found]
        return sorted(named, key=lambda n: n.start)


def _holding_places(found: list[tuple[int, int, str, str]], places: set[tuple[int, int]]) \
        -> tuple[list[tuple[int, int, str, str]], set[tuple[int, int]]]:
    """Names found by their cues that hold a known place keep it inside them: "Amsterdam Court
    of Appeal" and 巴拿马最高法院 are organisations, "Jordan Fabian" a person, and the place
    is not named on its own there. A found place, or a name that cuts across a place, gives way
    to the gazetteer."""
    kept, swallowed = [], set()
    for start, end, name, kind in found:
        leading = next((p for p in places if p[0] == start and p[1] < end), None)
        if kind == "person" and leading and len(name[leading[1] - start:].split()) >= 2:
            # "Britain Liu Xiaoming": the place, then the person (a title cue saw one name).
            start, name = end - len(name[leading[1] - start:].lstrip()), name[leading[1] - start:].lstrip()
        crossing = [p for p in places if p[0] < end and start < p[1]]
        inside = [p for p in crossing if start <= p[0] and p[1] <= end and p != (start, end)]
        if crossing and (kind not in ("org", "person") or len(inside) != len(crossing)):
            continue
        kept.append((start, end, name, kind))
        swallowed.update(inside)
    return kept, swallowed


def official_prc(entry: GazetteerEntry) -> bool:
    """Does this entity speak for the PRC party-state?"""
    if entry.country != "CN":
        return False
    if entry.affiliation:  # an outlet: state and party media speak for the party-state
        return taxonomy().speaks_for_prc(entry.affiliation, entry.country)
    if entry.type == "org":
        return entry.subtype in _OFFICIAL_ORGS
    return entry.type == "person" and entry.subtype in _OFFICIAL_PEOPLE and bool(entry.current_positions() or
                                                                                 entry.positions)
