"""A briefing for a period: which stories, in which order, each composed from its reports.

Selection takes the period's stories by importance (the score of ``chinabrief stories``, which
already counts the watchlist) and keeps the set varied: a story whose main topic is already in
the briefing is discounted, so the week's five are not five trade stories unless the week's
news really was. Stories whose reports give no sentence to quote (headline-only feeds) come
after every story that has one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from chinabrief.addresses import one_line
from chinabrief.brief.compose import compose_story
from chinabrief.enrich.entities import Gazetteer
from chinabrief.errors import ConfigError
from chinabrief.models import Briefing, BriefStory

#: Discount per story already chosen on the same main topic.
TOPIC_REPEAT_PENALTY = 0.75
#: Stories read (and composed) per story wanted, to have room to choose.
CANDIDATES_PER_STORY = 4


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    label: str

    @property
    def id(self) -> str:
        return self.label.replace(" ", "")

    @property
    def human(self) -> str:
        """The period as a reader says it: "4–10 March 2024", "29 February – 6 March 2024"."""
        start, end = self.start, self.end
        if start == end:
            return f"{end.day} {end:%B %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {end:%B %Y}"
        if start.year == end.year:
            return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
        return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label,
                "human": self.human}


def period(week: str | None = None, day: str | None = None, since: date | None = None, until: date | None = None,
           latest: date | None = None) -> Period:
    """The period a briefing covers: an ISO week (``2024-W10``), a day, a span (seven days
    when only one end is given), or else the ISO week of ``latest``, the newest report."""
    if week:
        m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", week.strip(), re.IGNORECASE)
        if not m:
            raise ConfigError(f"{week!r} is not an ISO week like 2024-W10")
        try:
            start = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError as exc:
            raise ConfigError(f"{week!r} is not a week of that year") from exc
        return Period(start, start + timedelta(days=6), f"{m.group(1)}-W{int(m.group(2)):02d}")
    if day:
        try:
            when = date.fromisoformat(day)
        except ValueError as exc:
            raise ConfigError(f"{day!r} is not a date (YYYY-MM-DD)") from exc
        return Period(when, when, when.isoformat())
    if not (since or until):  # the week of the newest report: a weekly briefing's usual period
        year, number, _weekday = (latest or date.today()).isocalendar()
        return period(week=f"{year}-W{number:02d}")
    end = until or latest or date.today()
    start = since or end - timedelta(days=6)
    if start > end:
        raise ConfigError(f"the period starts ({start}) after it ends ({end})")
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def _main_topic(members: list[dict[str, Any]]) -> str | None:
    topics = Counter(t for m in members for t in (m.get("topics") or [])[:1])
    return topics.most_common(1)[0][0] if topics else None


def select(candidates: list[tuple[dict[str, Any], list[dict[str, Any]], BriefStory]], top: int) -> list[BriefStory]:
    """``top`` composed stories, by score with topic variety; those with something to quote first."""
    chosen: list[BriefStory] = []
    topics: Counter[str | None] = Counter()
    pool = list(candidates)
    while pool and len(chosen) < top:
        def value(entry: tuple[dict[str, Any], list[dict[str, Any]], BriefStory]) -> tuple[bool, float]:
            story, members, composed = entry
            topic = _main_topic(members)
            penalty = TOPIC_REPEAT_PENALTY * topics[topic] if topic else 0.0
            return bool(composed.sections.get("What Happened")), float(story["score"]) - penalty

        best = max(pool, key=value)
        pool.remove(best)
        topics[_main_topic(best[1])] += 1
        chosen.append(best[2])
    return chosen


def compose(span: Period, stories: list[dict[str, Any]], load: Callable[[str], dict[str, Any]],
            gazetteer: Gazetteer, top: int = 5, title: str | None = None) -> Briefing:
    """The briefing of ``span`` from its stories (ranked records); ``load`` gives a story with
    its ``members``. No stories, no briefing: the caller says so rather than send an empty one."""
    candidates = []
    for story in stories[:top * CANDIDATES_PER_STORY]:
        full = load(story["id"])
        members = full["members"]
        candidates.append((story, members, compose_story(full, members, gazetteer)))
    chosen = select(candidates, top)
    return Briefing(id=span.id, title=one_line(title or "") or f"China briefing, {span.human}", period=span.to_dict(),
                    stories=chosen)
