"""One clustering run: duplicates, bulletins and stories decided for a stream of items.

A run covers items from a start date on. Items just before it (one window's worth) that an
earlier run already placed are loaded as *earlier*: they seed the index with their stories
unchanged, so a report arriving today can still join the visit that began on Monday, and
re-running a period never renames the stories that reach into it from before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chinabrief.stories.cluster import WINDOW_DAYS, Evidence, StoryIndex
from chinabrief.stories.dedupe import Deduper
from chinabrief.stories.features import StoryItem
from chinabrief.stories.roundup import RecurringTitles, roundup_reason

#: Statuses an item can leave a run with.
IN_STORY, DUPLICATE, ROUNDUP, EMPTY = "story", "duplicate", "roundup", "empty"


@dataclass(slots=True)
class Outcome:
    item: StoryItem
    status: str
    story: str | None = None
    duplicate_of: str | None = None
    reason: str | None = None  # why a bulletin was kept out
    evidence: Evidence | None = None


def _in_order(items: Iterable[StoryItem]) -> list[StoryItem]:
    return sorted(items, key=lambda i: i.day)  # stable: same-day items keep their arrival order


class StoryRun:
    """The state of one run; :meth:`place` decides one item, so a live stream can feed it."""

    def __init__(self, window_days: int = WINDOW_DAYS, threshold: float | None = None) -> None:
        self.index = StoryIndex(window_days, threshold)
        self.deduper = Deduper()
        self.titles = RecurringTitles()
        self.story_of: dict[str, str | None] = {}

    def prefit(self, items: Iterable[StoryItem]) -> None:
        """Count words and titles of every item the run will see, so the first items are
        weighed with the same statistics as the last."""
        for item in items:
            self.index.count(item)
            self.titles.see(item)

    def seed(self, item: StoryItem, status: str | None, duplicate_of: str | None) -> None:
        """An item an earlier run placed: keep its story, let later items find it."""
        self.deduper.add(item)
        self.story_of[item.id] = item.story
        if item.story and status in (None, IN_STORY):
            self.index.seed(item, item.story, counted=True)
        elif item.story and item.story in self.index.stories:
            self.index.stories[item.story].items.append(item.id)

    def place(self, item: StoryItem, counted: bool = True) -> Outcome:
        if not counted:
            self.index.count(item)
            self.titles.see(item)
        if not item.terms and not item.entities:
            self.story_of[item.id] = None
            return Outcome(item, EMPTY, reason="no words to compare")
        reason = roundup_reason(item, self.titles)
        if reason:
            self.story_of[item.id] = None
            return Outcome(item, ROUNDUP, reason=reason)
        original = self.deduper.add(item)
        if original is not None and self.story_of.get(original):
            story = self.story_of[original]
            assert story is not None
            self.story_of[item.id] = story
            if story in self.index.stories:
                self.index.stories[story].items.append(item.id)
            return Outcome(item, DUPLICATE, story, duplicate_of=original)
        evidence = self.index.add(item, counted=True)
        self.story_of[item.id] = evidence.story
        return Outcome(item, IN_STORY, evidence.story, evidence=evidence)


def assign(items: Sequence[StoryItem], earlier: Sequence[tuple[StoryItem, str | None, str | None]] = (),
           window_days: int = WINDOW_DAYS, threshold: float | None = None) -> tuple[list[Outcome], StoryRun]:
    """Decide duplicates, bulletins and stories for ``items``; ``earlier`` are (item, status,
    duplicate_of) of items placed by a previous run, which keep their stories."""
    run = StoryRun(window_days, threshold)
    run.prefit([e[0] for e in earlier])
    run.prefit(items)
    for item, status, duplicate_of in sorted(earlier, key=lambda e: e[0].day):
        run.seed(item, status, duplicate_of)
    outcomes = [run.place(item) for item in _in_order(items)]
    seeded = {item.story for item, _s, _d in earlier if item.story}
    merged = run.index.merge_similar({o.story for o in outcomes if o.story} - seeded)
    for outcome in outcomes:
        if outcome.story in merged:
            outcome.story = merged[outcome.story]
            if outcome.evidence is not None:
                outcome.evidence.story = outcome.story
    for item_id, story in run.story_of.items():
        if story in merged:
            run.story_of[item_id] = merged[story]
    return outcomes, run
