"""Bulletins that cover many events at once: 新闻联播, morning briefings, press-conference
transcripts. Clustered like a report, one would glue ten stories together, so they are kept
out of clustering and marked, and their events reach stories through the reports of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from chinabrief.stories.features import StoryItem
from chinabrief.stories.words import chinese_terms, english_terms, roundup_headlines

#: A body with at least this many headline-like lines, making up this share of its lines,
#: is a list of events rather than a report of one.
ROUNDUP_MIN_LINES = 5
ROUNDUP_SHARE = 0.6
#: A title counts as a column's when it comes back within this many days; the same title
#: a month later is more likely a new event that happens to read the same.
RECURRING_DAYS = 3
_SENTENCE_END = re.compile(r"[。！？.!?”\"」』)）]\s*$")
_DIGITS = re.compile(r"\d+")


def _headline_like(line: str, chinese: bool) -> bool:
    """A line that reads as one entry of a list of events: a headline's length, without a
    sentence's end. Credit lines ("编辑/余甜甜") are too short to count; numbered sentences
    (the outcomes of one visit, one per line) end as sentences do."""
    line = line.strip()
    shortest, longest = (10, 60) if chinese else (25, 140)
    if not shortest <= len(line) <= longest:
        return False
    return not _SENTENCE_END.search(line)


def looks_like_list(headline: str, lines: list[str], language: str) -> bool:
    """Whether a body is a list of headlines of other events (a TV bulletin's rundown)."""
    if len(lines) < ROUNDUP_MIN_LINES:
        return False
    chinese = language == "zh"
    listed = [line for line in lines if _headline_like(line, chinese)]
    if len(listed) < ROUNDUP_MIN_LINES or len(listed) / len(lines) < ROUNDUP_SHARE:
        return False
    # A list under its own event's headline ("中英双方…达成一系列积极成果": the outcomes, one
    # per line) repeats the headline's words; a bulletin's entries are about other things.
    words = chinese_terms if chinese else english_terms
    head = set(words(headline))
    echoing = sum(1 for line in listed if head & set(words(line)))
    return echoing < len(listed) / 2


def announces_bulletin(headline: str) -> bool:
    folded = headline.casefold()
    return any(cue in folded for cue in roundup_headlines())


class RecurringTitles:
    """Headlines one outlet uses again on other days over different text ("外交部例行记者会",
    "新闻联播 2026/01/31", "纽约股市三大股指27日涨跌不一"): a regular column, whose issues each
    cover whatever that day brought. The same report filed again on another day is not one."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str | None, str], dict[date, str]] = defaultdict(dict)

    @staticmethod
    def _key(outlet: str | None, headline: str) -> tuple[str | None, str]:
        return outlet, _DIGITS.sub("#", " ".join(headline.casefold().split()))

    def see(self, item: StoryItem) -> None:
        self.see_title(item.outlet, item.headline, item.day, item.text_key or item.id)

    def see_title(self, outlet: str | None, headline: str, day: date, text: str) -> None:
        """One issue: its outlet, headline, day and something that differs when its text does."""
        if headline:
            self._seen[self._key(outlet, headline)].setdefault(day, text)

    def recurring(self, item: StoryItem) -> bool:
        issues = self._seen.get(self._key(item.outlet, item.headline), {})
        text = issues.get(item.day)
        return any(day != item.day and abs((day - item.day).days) <= RECURRING_DAYS and other != text
                   for day, other in issues.items())


def roundup_reason(item: StoryItem, titles: RecurringTitles | None = None) -> str | None:
    """Why ``item`` is a bulletin of many events, or ``None`` for a report of one."""
    if announces_bulletin(item.headline):
        return "bulletin headline"
    if item.listing:
        return "list of headlines"
    if titles is not None and titles.recurring(item):
        return "recurring title"
    return None
