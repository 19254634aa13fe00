"""Dates as news items write them, in English and Chinese.

We parse the handful of forms digests use with our own patterns rather than dateparser:
they are exact (a ``Source:`` line never means "3 days ago"), fast on the hot path of
splitting, and take the two pieces of context a date needs here: the outlet's numeric
convention (``10/11/2023`` is 10 November in Singapore, 11 October in New York) and the
document's own date, which supplies the year that ``Nov. 10`` or ``3月5日`` leave out and
settles an all-numeric date that could be read either way (the reading nearest before
the document's date wins).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
#: A digest reports news of the last few weeks: of the two readings of an all-numeric date,
#: the one nearest before the document's date (and at most this far back) is meant.
RECENT = timedelta(days=45)
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10, "两": 2}
_NUM = r"(?:\d{1,4}|[〇零一二三四五六七八九十两]{1,4})"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
    ("zh", re.compile(rf"(?:(?P<y>{_NUM})\s*年\s*)?(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号號]")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\b", re.I)),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<y>\d{{4}}))?\b", re.I)),
    ("numeric", re.compile(r"(?<![\d/.])(?P<a>\d{1,4})[/.](?P<b>\d{1,2})[/.](?P<c>\d{2,4})(?![\d/.])")),
]


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 or (len(text) > 1 and "十" not in text):  # 二〇二四 -> 2024
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    value, current = 0, 0
    for ch in text:
        n = _CN_DIGITS[ch]
        if n == 10:
            value += (current or 1) * 10
            current = 0
        else:
            current = n
    return value + current


def _make(y: int | None, m: int, d: int, fallback: date | None) -> date | None:
    if y is None:
        if fallback is None:
            return None
        y = fallback.year
        # "Dec. 30" in a newsletter dated 2 January belongs to the year before.
        if m - fallback.month > 6:
            y -= 1
    if y < 100:
        y += 2000
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _numeric(a: str, b: str, c: str, order: str, fallback: date | None) -> tuple[int, int, int] | None:
    if len(a) == 4:
        return int(a), int(b), int(c)
    first, second, year = int(a), int(b), int(c)
    year = year + 2000 if year < 100 else year
    if first > 12:
        return year, second, first
    if second > 12:
        return year, first, second
    if fallback is not None:
        readings = [d for d in (_safe(year, first, second), _safe(year, second, first)) if d]
        recent = [d for d in readings if timedelta(0) <= fallback - d <= RECENT]
        if recent:
            nearest = max(recent)
            return nearest.year, nearest.month, nearest.day
    return (year, second, first) if order == "DMY" else (year, first, second)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str, *, order: str = "MDY", fallback: date | None = None) -> date | None:
    """The first date written in ``text``, or ``None``.

    ``order`` is the outlet's convention for all-numeric dates (``MDY``, ``DMY`` or
    ``YMD``); ``fallback`` is the document's date, used for a missing year.
    """
    best: tuple[int, date] | None = None
    if fallback is None and (year := _YEAR.search(text)):
        # "August 14 – September 1, 2023": the range's year belongs to its first date too.
        fallback = date(int(year.group(0)), 12, 31)
    for kind, pattern in PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        found = _from_match(kind, match, order, fallback)
        if found and (best is None or match.start() < best[0]):
            best = (match.start(), found)
    return best[1] if best else None


_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-9]\d)(?!\d)")


def _from_match(kind: str, match: re.Match[str], order: str, fallback: date | None) -> date | None:
    g = match.groupdict()
    if kind == "numeric":
        parts = _numeric(g["a"], g["b"], g["c"], order, fallback)
        return _make(parts[0], parts[1], parts[2], fallback) if parts else None
    if kind == "zh":
        year = _cn_number(g["y"]) if g["y"] else None
        return _make(year, _cn_number(g["m"]), _cn_number(g["d"]), fallback)
    month = int(g["m"]) if kind == "iso" else MONTHS[g["mon"].lower()]
    return _make(int(g["y"]) if g["y"] else None, month, int(g["d"]), fallback)


def parse_timestamp(value: str | None) -> date | None:
    """A machine-written date (e-mail ``Date:``, ``<meta>``, ISO 8601) as a date."""
    if not value:
        return None
    value = value.strip()
    try:
        return plausible(datetime.fromisoformat(value.replace("Z", "+00:00")).date())
    except ValueError:
        pass
    try:
        return plausible(parsedate_to_datetime(value).date())
    except (TypeError, ValueError, IndexError, OverflowError):  # OverflowError: a year of 20 digits
        return plausible(parse_date(value))


#: Machine-written dates outside these bounds stand for "no date": site generators write
#: 0001-01-01 (Go's zero time) for pages without one, and a far-future date is a placeholder.
EARLIEST = date(1900, 1, 1)
MAX_AHEAD = timedelta(days=366)


def plausible(day: date | None) -> date | None:
    if day is None or day < EARLIEST or day > date.today() + MAX_AHEAD:
        return None
    return day
