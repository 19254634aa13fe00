"""Topics from the China-watch taxonomy (``data/topics.json``), each with its reasons.

Scoring is deliberately plain so that a user can see why an item is filed where it is: every
distinct keyword or entity of a topic found in the item adds one point, two if it is in the
headline. An item gets every topic that reaches the taxonomy's ``min_score``, best first, and
the words that fired are kept beside the score. All keywords of all topics are found in one
Aho-Corasick pass over the folded text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from chinabrief.enrich.chinese import to_simplified


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic: str
    score: float
    because: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"topic": self.topic, "score": self.score, "because": list(self.because)}


@dataclass(frozen=True, slots=True)
class Taxonomy:
    min_score: float
    names: dict[str, str]
    entities: dict[str, frozenset[str]]
    automaton: Any  # keyword -> [(topic, keyword as written, is_stem)]


@cache
def taxonomy() -> Taxonomy:
    import ahocorasick

    data = json.loads(resources.files("chinabrief.data").joinpath("topics.json").read_text("utf-8"))
    keys: dict[str, list[tuple[str, str, bool]]] = {}
    for topic in data["topics"]:
        for word in [*topic["en"], *topic["zh"]]:
            stem = word.endswith("*")
            key = to_simplified(word.rstrip("*")).lower()
            keys.setdefault(key, []).append((topic["id"], word.rstrip("*"), stem))
    automaton = ahocorasick.Automaton()
    for key, targets in keys.items():
        automaton.add_word(key, (len(key), targets))
    automaton.make_automaton()
    return Taxonomy(float(data["min_score"]), {t["id"]: t["name"] for t in data["topics"]},
                    {t["id"]: frozenset(t["entities"]) for t in data["topics"]}, automaton)


def _words(text: str) -> dict[tuple[str, str], None]:
    """(topic, keyword) pairs found in ``text``; Latin keywords as whole words (stems may run on)."""
    folded = to_simplified(text).lower()
    found: dict[tuple[str, str], None] = {}
    for end, (length, targets) in taxonomy().automaton.iter(folded):
        start = end - length + 1
        latin = folded[start].isascii()
        before = folded[start - 1] if start > 0 else " "
        after = folded[end + 1] if end + 1 < len(folded) else " "
        left_ok = not latin or not (before.isalnum() or before == "-")
        right_ok = not latin or not (after.isalnum() or after == "-")
        for topic, word, stem in targets:
            if left_ok and (right_ok or stem):
                found[(topic, word.lower())] = None
    return found


def score_topics(headline: str, text: str, entity_ids: set[str]) -> list[TopicScore]:
    """Topics an item reaches, best first, with the keywords and entities that fired."""
    tax = taxonomy()
    fired: dict[str, dict[str, float]] = {}
    for topic, word in _words(text):
        fired.setdefault(topic, {})[word] = 1.0
    for topic, word in _words(headline):
        fired.setdefault(topic, {})[word] = 2.0
    for topic, entities in tax.entities.items():
        for entity_id in entities & entity_ids:
            fired.setdefault(topic, {}).setdefault(f"entity:{entity_id}", 1.0)
    scores = []
    for topic, words in fired.items():
        score = sum(words.values())
        if score >= tax.min_score:
            scores.append(TopicScore(topic, score, tuple(sorted(words, key=lambda w: (-words[w], w)))))
    return sorted(scores, key=lambda s: (-s.score, s.topic))
