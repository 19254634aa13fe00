"""One clustering run: duplicates, bulletins and stories decided for a stream of items.

A run covers items from a start date on. Items just before it (one window's worth) that an
earlier run already placed come first: they seed the index with their stories unchanged, so
a report arriving today can still join the visit that began on Monday, and re-running a
period never renames the stories that reach into it from before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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


class StoryRun:
    """The state of one run; :meth:`place` decides one item, so a live stream can feed it."""

    def __init__(self, window_days: int = WINDOW_DAYS, threshold: float | None = None) -> None:
        self.index = StoryIndex(window_days, threshold)
        self.deduper = Deduper()
        self.titles = RecurringTitles()
        self.story_of: dict[str, str | None] = {}
        self.earlier: list[StoryItem] = []  # seeded items, which stories may still include

    def seed(self, item: StoryItem) -> None:
        """An item an earlier run placed: keep its story, let later items find it."""
        self.index.count(item)
        self.titles.see(item)
        self.deduper.add(item)
        self.story_of[item.id] = item.story
        if item.story and item.status in (None, IN_STORY):
            self.index.seed(item, item.story, counted=True)
        elif item.story and item.story in self.index.stories:
            self.index.stories[item.story].items.append(item.id)

    def place(self, item: StoryItem, counted: bool = False) -> Outcome:
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


def assign(items: Iterable[StoryItem], start: date | None = None, window_days: int = WINDOW_DAYS,
           threshold: float | None = None,
           titles: Iterable[tuple[str | None, str, date, str]] = ()) -> tuple[list[Outcome], StoryRun]:
    """Decide duplicates, bulletins and stories for ``items``, which arrive in day order (a
    list is put in order first). Items dated before ``start`` were placed by an earlier run:
    they keep their stories and seed the index.

    Word statistics grow as items arrive, exactly as in a live stream, so a run over a period
    and the same items added one by one agree; it also lets a run read, build views and
    place items at once rather than hold them all. ``titles`` (outlet, headline, day, text
    key) of every item of the period let the first issue of a daily column be known as one;
    given a list of items, they are read from it.
    """
    run = StoryRun(window_days, threshold)
    if isinstance(items, list):
        items = sorted(items, key=lambda i: i.day)  # stable: same-day items keep their arrival order
        titles = [(i.outlet, i.headline, i.day, i.text_key or i.id) for i in items]
    for outlet, headline, day, text in titles:
        run.titles.see_title(outlet, headline, day, text)
    outcomes, seeded = [], set()
    for item in items:
        if start is not None and item.day < start:
            if item.status:
                run.seed(item)
                run.earlier.append(item)
                if item.story:
                    seeded.add(item.story)
            continue
        item.story = None
        outcomes.append(run.place(item))
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
