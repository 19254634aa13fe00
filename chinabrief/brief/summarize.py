"""Which sentences of a story say the most: extractive scoring and selection.

A sentence's weight combines how central it is to the story (TF-IDF cosine to the centroid of
the story's sentences in its language, the LexRank idea without the iterations), where it sits
in its report (news puts the event first), and whether it names the story's main entities;
selection is maximal marginal relevance (MMR), so a second sentence adds something the first
did not say. Everything is computed within one story, whose reports share one event.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

#: Parts of a sentence's weight.
CENTRALITY_WEIGHT = 0.65
POSITION_WEIGHT = 0.15
ENTITY_WEIGHT = 0.20
#: MMR trade-off between weight and novelty.
MMR_LAMBDA = 0.7
#: Two sentences this alike (cosine of their words) say the same thing.
REPEAT_SIMILARITY = 0.3
#: Sentences stating the same figures are at least this alike.
SAME_FIGURES_SIMILARITY = 0.5


@dataclass(slots=True)
class Sentence:
    """One sentence of one report, with what scoring needs."""

    text: str
    item: dict[str, Any]  # the item record it comes from
    start: int
    end: int
    index: int  # 0: the report's first sentence
    language: str
    terms: Counter[str] = field(default_factory=Counter)
    entities: set[str] = field(default_factory=set)
    figures: frozenset[str] = frozenset()  # keys of the figures it states (stories.features.figure_keys)
    quote: dict[str, Any] | None = None  # the item's quote it carries, if any
    weight: float = 0.0
    vector: dict[str, float] = field(default_factory=dict)

    @property
    def affiliation(self) -> str | None:
        return (self.item.get("outlet") or {}).get("affiliation")

    @property
    def outlet(self) -> str | None:
        return (self.item.get("outlet") or {}).get("name")


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w / norm for k, w in weights.items()} if norm else {}


def similarity(a: Sentence, b: Sentence) -> float:
    """How much two sentences say the same: their words (within a language), their entities
    (across languages), and the same figures, which reports of one number share whatever
    verb they chose ("exports climbed 7.1%", "exports grew 7.1%")."""
    if a.language != b.language:
        shared = a.entities & b.entities
        words = len(shared) / math.sqrt(len(a.entities) * len(b.entities)) if shared else 0.0
    else:
        small, large = (a.vector, b.vector) if len(a.vector) < len(b.vector) else (b.vector, a.vector)
        words = sum(w * large.get(k, 0.0) for k, w in small.items())
    shared_figures = a.figures & b.figures
    if shared_figures and len(shared_figures) == min(len(a.figures), len(b.figures)):
        return max(words, SAME_FIGURES_SIMILARITY)
    return words


def weigh(sentences: Sequence[Sentence], main_entities: Sequence[str]) -> None:
    """Set each sentence's TF-IDF vector and weight, within its language."""
    by_language: dict[str, list[Sentence]] = {}
    for s in sentences:
        by_language.setdefault(s.language, []).append(s)
    top = set(main_entities[:6])
    for group in by_language.values():
        df: Counter[str] = Counter()
        for s in group:
            df.update(s.terms.keys())
        n = len(group)
        centroid: Counter[str] = Counter()
        for s in group:
            s.vector = _unit({t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in s.terms.items()})
            centroid.update(s.vector)
        centre = _unit(dict(centroid))
        for s in group:
            central = sum(w * centre.get(k, 0.0) for k, w in s.vector.items())
            position = 1.0 / (1.0 + s.index)
            named = len(s.entities & top) / len(top) if top else 0.0
            s.weight = CENTRALITY_WEIGHT * central + POSITION_WEIGHT * position + ENTITY_WEIGHT * named


def mmr(candidates: Sequence[Sentence], chosen: Sequence[Sentence], k: int,
        bonus: Any = None) -> list[Sentence]:
    """Up to ``k`` sentences by maximal marginal relevance against ``chosen`` (and each other);
    near-repeats of anything already chosen are never taken. ``bonus(sentence)`` adds to a
    sentence's weight (figures, new names)."""
    picked: list[Sentence] = []
    pool = list(candidates)
    while pool and len(picked) < k:
        best, best_score = None, -1.0
        for s in pool:
            taken = [*chosen, *picked]
            overlap = max((similarity(s, t) for t in taken), default=0.0)
            if overlap >= REPEAT_SIMILARITY:
                continue
            score = MMR_LAMBDA * (s.weight + (bonus(s, taken) if bonus else 0.0)) - (1 - MMR_LAMBDA) * overlap
            if score > best_score:
                best, best_score = s, score
        if best is None:
            break
        picked.append(best)
        pool.remove(best)
    return picked
