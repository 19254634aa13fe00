"""Stories: the reports of one event, across outlets and across Chinese and English.

An incremental single-pass clusterer over a sliding time window, the shape that topic
detection and tracking systems have long used for news streams, with evidence that works
across languages:

* **text**: cosine similarity of TF-IDF vectors (English words, jieba words for Chinese)
  between the item and the story's reports in the item's language;
* **entities**: cosine similarity of IDF-weighted entity vectors (秦刚 and Qin Gang are one
  id, so this is what carries a story from one language to the other);
* **figures**: the same money amount or percentage, which is strong evidence in any
  language when few other reports share it.

Each new item is compared with the stories seen within the window (found through an
inverted index of their terms, entities and figures) and joins the best one that scores
above the threshold, or starts a new story. IDF weights grow with the index, so adding an
item costs the same whatever the archive's size. Story ids are the ids of their first items,
so re-running over the same items gives the same stories, which a briefing's edits rely on.

The weights and thresholds below are named constants chosen on the evaluation in
``bench/eval_stories.py`` (the bilingual demo week, WikiRef220 and GoogleNews clusters).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from chinabrief.stories.features import StoryItem

#: Days a story stays open after its latest report (the issue's default sliding window).
WINDOW_DAYS = 3
#: Weights of the evidence when the story has reports in the item's language.
TEXT_WEIGHT = 0.65
ENTITY_WEIGHT = 0.25
FIGURE_WEIGHT = 0.15
#: Weights when it has none (the item would be its first report in this language). Only
#: entities and figures cross languages, so they carry the score alone.
CROSS_ENTITY_WEIGHT = 0.62
CROSS_FIGURE_WEIGHT = 0.3
#: A figure given by at most this many reports is specific to their event. An absolute
#: count, not a share: a statistics week has hundreds of figures, each in a few reports.
RARE_FIGURE_REPORTS = 4
#: Sum of shared entities' specificity (0..1 each) that counts as full entity evidence.
ENTITY_SATURATION = 1.2
#: Score an item needs to join a story. Chosen on the evaluation: lower merged distinct
#: events sharing a country and a leader; higher split multi-day visits.
JOIN_THRESHOLD = 0.22
#: Similarity two whole stories need to be merged after the pass (see
#: :meth:`StoryIndex.merge_similar`); higher than the join threshold, since by then both have
#: many reports and their centroids are stable.
MERGE_THRESHOLD = 0.45
#: Subtracted per day between the item and the story's latest report.
DAY_PENALTY = 0.02
#: Terms of an item's vector kept (by weight) and of a story's centroid per language.
ITEM_TERMS = 30
STORY_TERMS = 150
#: Terms and entities of an item used to look up candidate stories; postings longer than
#: this are skipped at look-up (the word "China" finds every story and decides nothing).
LOOKUP_TERMS = 10
MAX_POSTING = 150
MAX_CANDIDATES = 8
#: Entities and figures named by more than this share of items weigh (almost) nothing.
_MIN_DF_FOR_IDF = 1


@dataclass(slots=True)
class StoryState:
    """A story as the index holds it while it may still grow."""

    id: str
    first: date
    last: date
    items: list[str] = field(default_factory=list)
    terms: dict[str, dict[str, float]] = field(default_factory=dict)  # language -> centroid
    norms: dict[str, float] = field(default_factory=dict)
    entities: Counter[str] = field(default_factory=Counter)  # entity -> reports naming it
    reports: int = 0  # items that shaped the centroids (duplicates do not)
    figures: Counter[str] = field(default_factory=Counter)
    headline_terms: Counter[str] = field(default_factory=Counter)

    def add_terms(self, language: str, vector: dict[str, float]) -> None:
        centroid = self.terms.setdefault(language, {})
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        if len(centroid) > 2 * STORY_TERMS:
            kept = heapq.nlargest(STORY_TERMS, centroid.items(), key=lambda kv: kv[1])
            centroid.clear()
            centroid.update(kept)
        self.norms[language] = math.sqrt(sum(w * w for w in centroid.values()))

    def add_entities(self, entities: Iterable[str]) -> None:
        self.entities.update(entities)
        self.reports += 1


@dataclass(slots=True)
class Evidence:
    """Why an item joined its story (or what the best story scored)."""

    story: str | None
    score: float
    text: float | None = None
    entities: float = 0.0
    figures: float = 0.0


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {k: w / norm for k, w in vector.items()} if norm else {}


def _cosine(vector: dict[str, float], centroid: dict[str, float], norm: float) -> float:
    if not norm or not vector:
        return 0.0
    if len(vector) > len(centroid):
        return sum(w * vector.get(k, 0.0) for k, w in centroid.items()) / norm
    return sum(w * centroid.get(k, 0.0) for k, w in vector.items()) / norm


class StoryIndex:
    """The open stories of a stream of items, and the statistics that weigh their words."""

    def __init__(self, window_days: int = WINDOW_DAYS, threshold: float | None = None) -> None:
        self.window = timedelta(days=window_days)
        self.threshold = JOIN_THRESHOLD if threshold is None else threshold
        self.stories: dict[str, StoryState] = {}
        self.docs = 0
        self.term_df: Counter[str] = Counter()
        self.entity_df: Counter[str] = Counter()
        self.figure_df: Counter[str] = Counter()
        self._postings: dict[str, set[str]] = defaultdict(set)
        self._latest = date.min
        self._adds_since_prune = 0

    # -- statistics -----------------------------------------------------------------------
    def count(self, item: StoryItem) -> None:
        """Let ``item`` weigh in the IDF statistics (before or as it is added)."""
        self.docs += 1
        self.term_df.update(item.terms.keys())
        self.entity_df.update(item.entities.keys())
        self.figure_df.update(item.figures)

    def _idf(self, df: int) -> float:
        return math.log((self.docs + 1) / (df + 1)) + 1.0

    def term_vector(self, item: StoryItem) -> dict[str, float]:
        log, df, total = math.log, self.term_df, math.log(self.docs + 1)
        # tf weight (1 + log tf) times idf (log N/df + 1), written out: this runs for every item.
        weights = {t: (1.0 + log(c)) * (total - log(df.get(t, 0) + 1) + 1.0) for t, c in item.terms.items()}
        if len(weights) > ITEM_TERMS:
            weights = dict(heapq.nlargest(ITEM_TERMS, weights.items(), key=lambda kv: kv[1]))
        return _unit(weights)

    def entity_vector(self, item: StoryItem) -> dict[str, float]:
        """How specific each entity of the item is: 1 for one no other item names, near 0 for
        one every item names ("China" in a China-watcher's archive)."""
        scale = math.log(self.docs + 1)
        if not scale:
            return {e: 1.0 for e in item.entities}
        return {e: math.log((self.docs + 1) / (self.entity_df.get(e, 0) + 1)) / scale for e in item.entities}

    def entity_evidence(self, entities: dict[str, float], story: StoryState) -> float:
        """Specific entities the item shares with the story, each counted by how central it is
        to the story; two fairly specific shared entities make full evidence. Unlike a cosine,
        this does not let one common entity ("Hong Kong" alone) look like a perfect match; and
        it is discounted when most of what the item names is not in the story."""
        if not story.reports:
            return 0.0
        shared = sum(spec * min(1.0, 2 * story.entities[e] / story.reports)
                     for e, spec in entities.items() if e in story.entities)
        if not shared:
            return 0.0
        coverage = shared / sum(entities.values())  # an item about other people as well shares less
        return min(1.0, shared / ENTITY_SATURATION) * math.sqrt(coverage)

    def figure_evidence(self, item: StoryItem, story: StoryState) -> float:
        """1 for a shared figure that few other reports give (the same "US$56.8 billion" in
        two languages); round percentages and figures many reports give count for little."""
        evidence = 0.0
        for key in item.figures:
            if key in story.figures:
                df = self.figure_df.get(key, 0)
                rarity = 1.0 if df <= RARE_FIGURE_REPORTS else 0.5 if df <= 2 * RARE_FIGURE_REPORTS else 0.15
                if key.startswith("pct") and "." not in key:
                    rarity *= 0.3
                evidence += rarity
        return min(1.0, evidence)

    # -- the stream ----------------------------------------------------------------------
    def _keys(self, item: StoryItem, terms: dict[str, float], entities: dict[str, float]) -> list[str]:
        keys = [f"t:{t}" for t in heapq.nlargest(LOOKUP_TERMS, terms, key=terms.__getitem__)]
        keys += [f"e:{e}" for e in entities]
        keys += [f"f:{f}" for f in item.figures]
        return keys

    def _candidates(self, item: StoryItem, keys: list[str]) -> list[StoryState]:
        shared: Counter[str] = Counter()
        for key in keys:
            posting = self._postings.get(key)
            if posting and len(posting) <= MAX_POSTING:
                shared.update(posting)
        open_stories = []
        for story_id, _n in shared.most_common():
            story = self.stories.get(story_id)
            if story is None or item.day - story.last > self.window or story.first - item.day > self.window:
                continue
            open_stories.append(story)
            if len(open_stories) >= MAX_CANDIDATES:
                break
        return open_stories

    def score(self, item: StoryItem, story: StoryState, terms: dict[str, float],
              entities: dict[str, float]) -> Evidence:
        text = None
        if item.language in story.terms:
            text = _cosine(terms, story.terms[item.language], story.norms[item.language])
        ent = self.entity_evidence(entities, story)
        fig = self.figure_evidence(item, story)
        if text is None:
            total = CROSS_ENTITY_WEIGHT * ent + CROSS_FIGURE_WEIGHT * fig
        elif not entities or not story.entities:  # no entities to compare: the text speaks for both
            total = (TEXT_WEIGHT + ENTITY_WEIGHT) * text + FIGURE_WEIGHT * fig
        else:
            total = TEXT_WEIGHT * text + ENTITY_WEIGHT * ent + FIGURE_WEIGHT * fig
        gap = max(0, (item.day - story.last).days)
        return Evidence(story.id, total - DAY_PENALTY * gap, text, ent, fig)

    def best(self, item: StoryItem) -> tuple[Evidence, dict[str, float], dict[str, float], list[str]]:
        terms, entities = self.term_vector(item), self.entity_vector(item)
        keys = self._keys(item, terms, entities)
        best = Evidence(None, 0.0)
        for story in self._candidates(item, keys):
            evidence = self.score(item, story, terms, entities)
            if evidence.score > best.score:
                best = evidence
        return best, terms, entities, keys

    def add(self, item: StoryItem, counted: bool = False) -> Evidence:
        """Put ``item`` in the story it belongs to, or start one; say why."""
        if not counted:
            self.count(item)
        evidence, terms, entities, keys = self.best(item)
        if evidence.story is None or evidence.score < self.threshold:
            evidence = Evidence(None, evidence.score, evidence.text, evidence.entities, evidence.figures)
            story_id = item.story if item.story and item.story not in self.stories else _story_id(item)
        else:
            story_id = evidence.story
        self._join(item, story_id, terms, entities, keys)
        evidence.story = story_id
        return evidence

    def seed(self, item: StoryItem, story_id: str, counted: bool = False) -> None:
        """Put ``item`` in ``story_id`` without deciding: for items clustered in an earlier run."""
        if not counted:
            self.count(item)
        terms, entities = self.term_vector(item), self.entity_vector(item)
        self._join(item, story_id, terms, entities, self._keys(item, terms, entities))

    def _join(self, item: StoryItem, story_id: str, terms: dict[str, float], entities: dict[str, float],
              keys: list[str]) -> None:
        story = self.stories.get(story_id)
        if story is None:
            story = self.stories[story_id] = StoryState(story_id, item.day, item.day)
        story.items.append(item.id)
        story.first, story.last = min(story.first, item.day), max(story.last, item.day)
        story.add_terms(item.language, terms)
        story.add_entities(entities)
        story.figures.update(item.figures)
        for key in keys:
            self._postings[key].add(story_id)
        self._latest = max(self._latest, item.day)
        self._adds_since_prune += 1
        if self._adds_since_prune >= 2000:
            self.prune()

    def prune(self) -> None:
        """Forget the postings of stories closed for good (they stay in :attr:`stories`)."""
        self._adds_since_prune = 0
        horizon = self._latest - 2 * self.window
        closed = {s for s, story in self.stories.items() if story.last < horizon}
        if not closed:
            return
        for key in list(self._postings):
            posting = self._postings[key]
            posting -= closed
            if not posting:
                del self._postings[key]


    # -- second look ---------------------------------------------------------------------
    def story_similarity(self, a: StoryState, b: StoryState) -> float:
        """How alike two stories are as wholes: their word centroids in a shared language and
        the specific entities both keep naming."""
        text = max((_cosine(a.terms[lang], b.terms[lang], a.norms[lang] * b.norms[lang])
                    for lang in a.terms if lang in b.terms and a.norms.get(lang) and b.norms.get(lang)),
                   default=None)
        spec = {e: math.log((self.docs + 1) / (self.entity_df.get(e, 0) + 1)) for e in a.entities}
        va = {e: spec[e] * n / a.reports for e, n in a.entities.items() if a.reports}
        vb = {e: spec.get(e, 0.0) * n / b.reports for e, n in b.entities.items() if e in spec and b.reports}
        ent = _cosine(va, vb, math.sqrt(sum(w * w for w in va.values())) *
                      math.sqrt(sum(w * w for w in vb.values())) or 0.0) if va and vb else 0.0
        fig = min(1.0, sum(1.0 for k in a.figures if k in b.figures and
                           self.figure_df.get(k, 0) <= 2 * RARE_FIGURE_REPORTS and "." in k))
        if text is None:
            return CROSS_ENTITY_WEIGHT * ent + CROSS_FIGURE_WEIGHT * fig
        return TEXT_WEIGHT * text + ENTITY_WEIGHT * ent + FIGURE_WEIGHT * fig

    def merge_similar(self, movable: set[str]) -> dict[str, str]:
        """Join stories that a single pass left as two reports streams of one event (each began
        before the other was big enough to attract it). Only ``movable`` stories (made in this
        run) are absorbed, into the earlier of the two. Returns absorbed id -> surviving id."""
        parent: dict[str, str] = {}

        def root(story_id: str) -> str:
            while story_id in parent:
                story_id = parent[story_id]
            return story_id

        ordered = sorted(self.stories.values(), key=lambda st: (st.first, st.id))
        for story in ordered:
            if story.id not in movable or story.reports < 2:
                continue
            keys: Counter[str] = Counter()
            for centroid in story.terms.values():
                for term in heapq.nlargest(LOOKUP_TERMS, centroid, key=centroid.__getitem__):
                    posting = self._postings.get(f"t:{term}", set())
                    if len(posting) <= MAX_POSTING:
                        keys.update(posting)
            best, best_score = None, MERGE_THRESHOLD
            for other_id, _n in keys.most_common(MAX_CANDIDATES):
                other = self.stories.get(root(other_id))
                if other is None or other.id == story.id or other.reports < 2:
                    continue
                if (other.first, other.id) > (story.first, story.id):
                    continue
                if story.first - other.last > self.window:
                    continue
                score = self.story_similarity(story, other)
                if score >= best_score:
                    best, best_score = other, score
            if best is not None:
                parent[story.id] = best.id
                self._absorb(best, story)
        return {story_id: root(story_id) for story_id in parent}

    def _absorb(self, into: StoryState, story: StoryState) -> None:
        into.items.extend(story.items)
        into.first, into.last = min(into.first, story.first), max(into.last, story.last)
        for lang, centroid in story.terms.items():
            into.add_terms(lang, centroid)
        into.entities.update(story.entities)
        into.reports += story.reports
        into.figures.update(story.figures)
        del self.stories[story.id]


def _story_id(item: StoryItem) -> str:
    return f"s{item.id[:12]}"
