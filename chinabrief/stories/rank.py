"""The story record, and how important a story is, with the parts of its score shown.

Importance is what an editor weighs when choosing the week's five stories: how many
outlets reported it, whether outlets of different kinds did (a story only PRC state media
carry, or only foreign media, says something different from one both carry), who is in it
(a Politburo member or a central ministry weighs more than a county official), how recent
it is, and whether it names something on the user's watchlist. Each part is kept in the
record so that the ranking can be read and argued with.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from chinabrief.enrich.outlets import taxonomy
from chinabrief.stories.features import StoryItem

#: Part weights. Outlets count on a log scale: the tenth outlet adds less than the second.
OUTLET_WEIGHT = 1.0
DIVERSITY_WEIGHT = 0.5  # per kind of outlet beyond the first
ENTITY_WEIGHT = 1.0
RECENCY_DAYS = 3.0  # a story's recency halves... (e-folding time, in days)
WATCHLIST_BOOST = 1.5
#: An English headline is the title when it fits the story at least this well, relative to
#: the best-fitting headline in any language.
ENGLISH_TITLE_SHARE = 0.5
#: How much an entity weighs by who or what it is.
POLITBURO = 1.5
CENTRAL_BODY = 1.0  # State Council ministries, Party organs, the PLA
CHINESE_LEADER = 0.75  # other PRC politicians and officials
OTHER_ENTITY = 0.25


@cache
def _entity_weights() -> dict[str, float]:
    from chinabrief.enrich.entities import packaged_entries

    weights = {}
    for entry in packaged_entries():
        weight = OTHER_ENTITY
        if entry.type == "person":
            titles = " ".join(p.title for p in entry.positions)
            if "Politburo" in titles:
                weight = POLITBURO
            elif entry.country == "CN" and entry.subtype in ("politician", "official", "military"):
                weight = CHINESE_LEADER
        elif entry.type == "org" and entry.country == "CN" and entry.subtype in (
                "state_body", "party_body", "military_body"):
            weight = CENTRAL_BODY
        weights[entry.id] = weight
    return weights


def entity_weight(entity_id: str) -> float:
    return _entity_weights().get(entity_id, OTHER_ENTITY)


@dataclass
class StoryRecord:
    """A story as it is stored, listed and exported."""

    id: str
    title: str
    title_item: str
    first_seen: str
    last_seen: str
    items: list[str]
    duplicates: int = 0
    outlets: list[dict[str, Any]] = field(default_factory=list)
    affiliations: dict[str, int] = field(default_factory=dict)  # group -> outlets
    languages: dict[str, int] = field(default_factory=dict)
    entities: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    score: float = 0.0
    score_parts: dict[str, float] = field(default_factory=dict)
    thread: str | None = None
    signature: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def best_title(members: Sequence[StoryItem], centroid: dict[str, dict[str, float]]) -> StoryItem:
    """The headline most like the story as a whole, in English when an English one fits.

    A headline fits when its words weigh in the story's centroid and its item names the
    entities most of the story's reports name; opinion pieces come last, since their
    headlines argue rather than say what happened.
    """
    pool = [m for m in members if m.headline] or list(members)
    named: Counter[str] = Counter()
    for m in members:
        named.update(m.entities.keys())

    languages = Counter(m.language for m in members)

    def fit(member: StoryItem) -> float:
        weights = centroid.get(member.language, {})
        top = max(weights.values(), default=0.0) or 1.0
        words = set(member.terms)
        # Words are compared within the headline's language, which may be a small side of the story.
        share = math.sqrt(languages[member.language] / len(members))
        text = share * sum(weights.get(w, 0.0) for w in words) / top / math.sqrt(len(words) + 2)
        people = sum(named[e] for e in member.entities) / len(members) / math.sqrt(len(member.entities) + 2)
        opinion = member.headline.casefold().startswith(("opinion", "editorial", "社论", "评论"))
        return text + people - (10.0 if opinion else 0.0)

    best = max(pool, key=fit)
    english = [m for m in pool if m.language == "en"]
    if english and best.language != "en":
        # An English headline, unless the English reports are a side of the story the title
        # would misrepresent (one English item among twenty Chinese ones on another angle).
        candidate = max(english, key=fit)
        if fit(candidate) >= ENGLISH_TITLE_SHARE * fit(best):
            return candidate
    return best


def importance(outlets: int, groups: Iterable[str], entities: Counter[str], size: int, last_seen: date,
               today: date, watchlist: frozenset[str] = frozenset()) -> dict[str, float]:
    kinds = {g for g in groups if g}
    named = sorted((entity_weight(e) * min(1.0, 2 * n / size) for e, n in entities.items()), reverse=True)
    days = max(0, (today - last_seen).days)
    return {
        "outlets": round(OUTLET_WEIGHT * math.log2(1 + outlets), 3),
        "diversity": round(DIVERSITY_WEIGHT * max(0, len(kinds) - 1), 3),
        "entities": round(ENTITY_WEIGHT * min(2.0, sum(named[:3])), 3),
        "recency": round(math.exp(-days / RECENCY_DAYS), 3),
        "watchlist": WATCHLIST_BOOST if watchlist & set(entities) else 0.0,
    }


def describe(story_id: str, members: Sequence[StoryItem], centroid: dict[str, dict[str, float]],
             duplicates: set[str], today: date, watchlist: frozenset[str] = frozenset()) -> StoryRecord:
    """The record of one story from its members (all of them, duplicates included)."""
    title = best_title([m for m in members if m.id not in duplicates] or members, centroid)
    outlets: dict[str, dict[str, Any]] = {}
    entity_items: Counter[str] = Counter()
    names: dict[str, tuple[str, str]] = {}
    figure_items: Counter[str] = Counter()
    figure_text: dict[str, str] = {}
    for m in members:
        key = m.outlet or "unknown"
        entry = outlets.setdefault(key, {"outlet": m.outlet, "affiliation": m.affiliation, "country": m.country,
                                         "items": 0, "group": taxonomy().group_of(m.affiliation, m.country)})
        entry["items"] += 1
        entity_items.update(m.entities.keys())
        names.update(m.entity_names)
        figure_items.update(m.figures)
        for k, text in m.figure_texts.items():
            figure_text.setdefault(k, text)
    groups = Counter(o["group"] or "unknown" for o in outlets.values())
    parts = importance(len(outlets), [o["group"] for o in outlets.values()], entity_items, len(members),
                       max(m.day for m in members), today, watchlist)
    return StoryRecord(
        id=story_id, title=title.headline, title_item=title.id,
        first_seen=min(m.day for m in members).isoformat(), last_seen=max(m.day for m in members).isoformat(),
        items=[m.id for m in members], duplicates=len(duplicates & {m.id for m in members}),
        outlets=sorted(outlets.values(), key=lambda o: (-o["items"], str(o["outlet"]))),
        affiliations=dict(groups), languages=dict(Counter(m.language for m in members)),
        entities=[{"id": e, "name": names.get(e, (e, ""))[0], "type": names.get(e, ("", ""))[1], "items": n}
                  for e, n in entity_items.most_common(10)],
        figures=_figures(figure_items, figure_text),
        score=round(sum(parts.values()), 3), score_parts=parts,
        signature=signature(centroid, entity_items),
    )


def _figures(counts: Counter[str], texts: dict[str, str]) -> list[dict[str, Any]]:
    """The most reported figures, each once (a percentage has an exact and a rounded key)."""
    shown, seen = [], set()
    for key, n in counts.most_common():
        text = texts.get(key, key)
        if text in seen:
            continue
        seen.add(text)
        shown.append({"key": key, "text": text, "items": n})
        if len(shown) == 8:
            break
    return shown


def signature(centroid: dict[str, dict[str, float]], entities: Counter[str]) -> dict[str, Any]:
    """What threads compare: the story's strongest words per language and its entities."""
    terms = {}
    for language, weights in centroid.items():
        top = sorted(weights.items(), key=lambda kv: -kv[1])[:30]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        terms[language] = {t: round(w / norm, 4) for t, w in top}
    return {"terms": terms, "entities": dict(entities.most_common(15))}
