"""Threads: stories about one ongoing matter, linked across weeks.

Gallium export controls are announced; a week later prices surge; a month later Europe
responds. Each is its own story (the events differ), but a reader wants them on one line.
A story joins the thread of an earlier one when they share the matter: the same specific
entities (weighted by how rarely stories name them, so "China" links nothing) and similar
words in a shared language, with no more than :data:`THREAD_DAYS` between them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

#: Longest gap between two stories of one thread: a matter quiet for a season that comes
#: back (export controls announced in July, zero exports reported in September) is one.
THREAD_DAYS = 90
#: Similarity two stories need to share a thread; set on the demo week and the January 2026
#: archive, where it links the stages of one matter without linking every story that names
#: the same country.
THREAD_THRESHOLD = 0.35
ENTITY_SHARE = 0.5


#: Earlier stories compared with each new one: those sharing the most rare entities and
#: strong words with it.
MAX_CANDIDATES = 10


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {k: w / norm for k, w in vector.items()} if norm else {}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


@dataclass(slots=True)
class _Profile:
    """A story as threads compare it: unit vectors of its entities (weighted by how rarely
    stories name them) and of its words per language."""

    entities: dict[str, float]
    terms: dict[str, dict[str, float]]
    keys: set[str]


def _profile(story: dict[str, Any], story_df: Counter[str], total: int) -> _Profile:
    signature = story["signature"]
    entities = signature.get("entities", {})
    vector = _unit({e: math.log((total + 1) / (story_df[e] + 1)) for e in entities if story_df[e] < total})
    terms = {lang: _unit(dict(weights)) for lang, weights in signature.get("terms", {}).items()}
    rare = max(5, total // 50)
    keys = {f"e:{e}" for e in entities if story_df[e] <= rare}
    for language, weights in signature.get("terms", {}).items():
        keys |= {f"t:{language}:{t}" for t in list(weights)[:8]}
    return _Profile(vector, terms, keys)


def similarity(a: _Profile, b: _Profile) -> float:
    ent = _dot(a.entities, b.entities)
    text = max((_dot(a.terms[lang], b.terms[lang]) for lang in a.terms if lang in b.terms), default=None)
    if text is None:
        return ent
    return ENTITY_SHARE * ent + (1 - ENTITY_SHARE) * text


def link(stories: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Thread id for each story that shares its matter with another.

    Each story dict has ``id``, ``first_seen``, ``last_seen``, ``signature`` and, for stories
    stored by an earlier run, its ``thread``, which is kept.
    """
    ordered = sorted(stories, key=lambda s: (s["first_seen"], s["id"]))
    story_df: Counter[str] = Counter()
    for story in ordered:
        story_df.update(story["signature"].get("entities", {}).keys())
    total = len(ordered)
    profiles = [_profile(story, story_df, total) for story in ordered]
    thread_of: dict[str, str] = {s["id"]: s["thread"] for s in ordered if s.get("thread")}
    postings: dict[str, list[int]] = defaultdict(list)
    for n, story in enumerate(ordered):
        start = date.fromisoformat(story["first_seen"])
        shared: Counter[int] = Counter()
        for key in profiles[n].keys:
            shared.update(postings.get(key, ()))
        best, best_score = None, THREAD_THRESHOLD
        for i, _count in shared.most_common(MAX_CANDIDATES):
            earlier = ordered[i]
            if (start - date.fromisoformat(earlier["last_seen"])).days > THREAD_DAYS:
                continue
            score = similarity(profiles[n], profiles[i])
            if score >= best_score:
                best, best_score = earlier, score
        if best is not None and story["id"] not in thread_of:
            thread = thread_of.get(best["id"]) or f"t{best['id'][1:]}"
            thread_of[best["id"]] = thread
            thread_of[story["id"]] = thread
        for key in profiles[n].keys:
            postings[key].append(n)
    return thread_of
