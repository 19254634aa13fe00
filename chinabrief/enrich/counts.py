"""Counts of things that the figure pattern's units do not cover: numbers written as words
("the five largest lenders", "a fleet of nine", "twenty years"), digits before any plural
noun ("18 measures"), and Chinese counts of the ``四大行`` kind ("the four big banks").

A count needs the noun it counts, so a bare "two" or "三" is left alone; numbers that name
things ("Article 23 measures", "G20 leaders", 二十大) are not counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chinabrief.enrich.chinese import jieba
from chinabrief.models import Figure

_UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ONES = "|".join(n for n in _UNITS if _UNITS[n] < 10)
_WORD = (rf"(?:(?:{'|'.join(_TENS)})(?:-(?:{_ONES}))?|{'|'.join(sorted(_UNITS, key=len, reverse=True))}|a dozen|dozen"
         r"|one(?=\s+(?:hundred|thousand|million|billion|trillion)))")
#: Plural nouns that are not counted things ("two of its", "three times as").
_NOT_NOUNS = {"was", "has", "is", "its", "this", "his", "hers", "ours", "yours", "theirs", "us", "does", "goes",
              "says", "as", "plus", "thus", "less", "unless", "whereas", "always", "perhaps", "news", "across",
              "times", "others", "sides'", "percents", "pounds", "dollars", "euros", "yuan"}
#: Capitalised words before a number that make it a name ("Article 23", "Section 301", "Flight 370").
_NAMING = {"article", "articles", "section", "chapter", "clause", "rule", "resolution", "no", "no.", "number",
           "room", "flight", "route", "highway", "paragraph", "item", "point", "level", "phase", "stage", "grade",
           "page", "part", "title", "gate", "terminal", "platform", "line", "bus", "channel", "version", "model",
           "covid", "covid-", "g", "type", "class", "block", "unit", "district", "lot", "plot", "tier", "category",
           "top", "group", "day", "week", "season", "episode", "issue", "volume", "vol.", "act", "law", "order",
           "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan.", "feb.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec."}
#: Plurals without an -s: "two people", "three children".
_IRREGULAR = "people|children|men|women|personnel|staff|police|aircraft|cattle|sheep|fish|militia|crew"
#: "a 90-day truce", "a 12-member committee": a count written as a compound.
_COMPOUND_UNITS = ("day|week|month|year|hour|minute|second|mile|kilometre|kilometer|km|metre|meter|point|member|"
                   "nation|country|party|seat|storey|story|page|step|article|man|woman|person")
#: Counted words that are set phrases, not counts: "one country, two systems".
_FORMULAS = re.compile(r"two systems|two sessions|three represents|four modernizations|four modernisations|"
                       r"two centenary|two centenaries", re.I)
_ADJECTIVE = r"(?:(?:[a-z]+(?:-[a-z]+)?|[A-Z][a-z]+(?:-[a-z]+)?)\s+){0,3}?"
_EN_COUNT = re.compile(
    rf"(?<![\w$€£¥.,-])(?:(?P<word>{_WORD})(?:\s+(?P<scale>hundred|thousand|million|billion|trillion))?"
    rf"|(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d{{1,6}}))"
    rf"(?:\s+of\s+(?:its|the|their|his|her|our|these|those)\s+(?:[\w’'-]+\s+){{0,3}}?|\s+{_ADJECTIVE})"
    rf"(?P<noun>(?-i:[a-z]{{2,}})(?<![su]s)(?<!is)s|(?-i:{_IRREGULAR}))\b"
    rf"|(?P<hnum>\d{{1,3}}|{_WORD})-(?P<hunit>(?-i:{_COMPOUND_UNITS}))\b(?!\s+plans?\b)",  # not the five-year plan
    re.I)
#: "a fleet of nine", "a total of twelve": the number last, the collective noun its unit.
_COLLECTIVE = re.compile(rf"\s(?i:of)\s+(?P<word>(?i:{_WORD}))\b(?!\s+[a-z])")
_COLLECTIVE_NOUN = re.compile(r"\b(?P<noun>fleet|group|total|team|crew|batch|set|delegation|panel|squadron|flotilla|"
                              r"convoy|package|series|round|slate|cohort|pair)$", re.I)
_DIGITS = re.compile(r"\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: The words a number in words starts with ("twenty" also starts "twenty-five").
_FIRST_WORDS = (*_UNITS, *_TENS, "dozen", "a dozen", "one")
_ZH_DIGIT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: "四大行", "两大平台": a single-digit count of big things. 十八大, 二十大 are Party congresses.
_ZH_BIG = re.compile(r"(?<![一二两三四五六七八九十百千万第])(?P<zhnum>[两二三四五六七八九])大")


def word_value(word: str) -> float | None:
    """``twenty-five`` -> 25, ``a dozen`` -> 12, ``nine`` -> 9."""
    word = word.lower()
    if word in ("a dozen", "dozen"):
        return 12.0
    if word == "one":
        return 1.0
    tens, _, ones = word.partition("-")
    if tens in _TENS:
        return float(_TENS[tens] + (_UNITS.get(ones, 0) if ones else 0))
    return float(_UNITS[word]) if word in _UNITS else None


def find_counts(text: str, taken: list[tuple[int, int]]) -> Iterator[Figure]:
    """Counts in ``text`` that overlap none of the ``taken`` spans (figures already found)."""
    spans = list(taken)
    chinese = _chinese(text) if _CJK.search(text) else ()
    for figure in (*_english(text), *_collective(text), *chinese):
        if any(s < figure.end and figure.start < e for s, e in spans):
            continue
        spans.append((figure.start, figure.end))
        yield figure


def _english(text: str) -> Iterator[Figure]:
    for start in _starts(text):
        match = _EN_COUNT.match(text, start)
        if match is None or _FORMULAS.match(text, start):
            continue
        if match.group("hunit"):
            value = word_value(match.group("hnum")) if not match.group("hnum").isdigit() else float(match.group("hnum"))
            if value is not None:
                yield Figure(text=match.group(0), value=value, unit=match.group("hunit").lower(), kind="quantity",
                             start=match.start(), end=match.end())
            continue
        noun = match.group("noun").lower()
        if noun in _NOT_NOUNS or _named(text, match.start()):
            continue
        if match.group("num"):
            value, scale = float(match.group("num").replace(",", "")), 1.0
            if 1900 <= value <= 2100:
                continue  # "2023 elections": a year
        else:
            value = word_value(match.group("word"))
            scale = _SCALES.get((match.group("scale") or "").lower(), 1.0)
            if value is None:
                continue
        yield Figure(text=match.group(0), value=value, scale=scale, unit=noun, kind="quantity",
                     start=match.start(), end=match.end())


def _starts(text: str) -> list[int]:
    """Where a number may start: every run of digits, and every number word found with
    ``str.find`` (searching the count pattern at every character cost more than the rest of
    reading figures)."""
    lowered = text.lower()
    starts = {m.start() for m in _DIGITS.finditer(text)}
    for word in _FIRST_WORDS:
        at = lowered.find(word)
        while at >= 0:
            starts.add(at)
            at = lowered.find(word, at + 1)
    return sorted(starts)


def _collective(text: str) -> Iterator[Figure]:
    for match in _COLLECTIVE.finditer(text):
        noun = _COLLECTIVE_NOUN.search(text, max(0, match.start() - 12), match.start())
        value = word_value(match.group("word"))
        if noun and value is not None:
            yield Figure(text=text[noun.start():match.end()], value=value, unit=noun.group("noun").lower(),
                         kind="quantity", start=noun.start(), end=match.end())


def _chinese(text: str) -> Iterator[Figure]:
    for match in _ZH_BIG.finditer(text):
        words = jieba().lcut(text[match.start():match.start() + 8])
        first = words[0] if words else ""
        if len(first) > 2 and first.startswith(match.group(0)):
            noun, length = first[2:], len(first)
        elif first == match.group(0) and len(words) > 1 and re_cjk(words[1]):
            noun, length = words[1], len(first) + len(words[1])
        else:
            continue
        yield Figure(text=text[match.start():match.start() + length], value=float(_ZH_DIGIT[match.group("zhnum")]),
                     unit=noun, kind="quantity", start=match.start(), end=match.start() + length)


def re_cjk(word: str) -> bool:
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _named(text: str, start: int) -> bool:
    """Is the number at ``start`` part of a name ("Article 23", "Covid-19", "G20")?"""
    before = text[max(0, start - 14):start].split()
    return bool(before) and before[-1].lower().rstrip(":") in _NAMING and before[-1][:1].isupper()
