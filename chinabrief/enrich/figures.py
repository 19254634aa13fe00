"""Numbers that mean something: money, percentages, percentage points, counted quantities.

``RMB 26 trillion yuan (around US$3.66 trillion)`` gives two figures (26 x 1e12 CNY, and
3.66 x 1e12 USD); ``fell 82%`` gives 82 percent, direction down; ``3.5万亿元`` 3.5 x 1e12
CNY; ``逾千人`` 1,000 people. A number counts only with a currency, a scale, a percent sign or a
unit beside it, so years, dates, ages of treaties and list numbers are left alone.
Money is also given in US dollars at the item's date, from the yearly averages in
``data/fx.json``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources

from chinabrief.enrich.counts import find_counts
from chinabrief.models import Figure

#: Characters of context before a figure searched for the verb saying which way it moved.
DIRECTION_WINDOW = 40

_CURRENCY_BEFORE = {
    "rmb": "CNY", "cny": "CNY", "¥": "CNY", "￥": "CNY", "us$": "USD", "usd": "USD", "$": "USD", "us $": "USD",
    "hk$": "HKD", "hkd": "HKD", "nt$": "TWD", "twd": "TWD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "jpy": "JPY", "krw": "KRW", "₩": "KRW", "s$": "SGD", "sgd": "SGD",
}
_CURRENCY_AFTER = {
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "元": "CNY", "元人民币": "CNY", "人民币": "CNY",
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "usd": "USD", "美元": "USD",
    "hong kong dollars": "HKD", "hk dollars": "HKD", "港元": "HKD", "港币": "HKD", "港幣": "HKD",
    "taiwan dollars": "TWD", "new taiwan dollars": "TWD", "nt dollars": "TWD", "新台币": "TWD", "新台幣": "TWD",
    "台币": "TWD", "台幣": "TWD", "euros": "EUR", "euro": "EUR", "欧元": "EUR", "歐元": "EUR", "yen": "JPY",
    "日元": "JPY", "日圆": "JPY", "日圓": "JPY", "円": "JPY", "won": "KRW", "韩元": "KRW", "韓元": "KRW",
    "pounds": "GBP", "英镑": "GBP", "英鎊": "GBP",
}
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12, "千": 1e3, "万": 1e4, "萬": 1e4,
    "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "億": 1e8, "十亿": 1e9, "百亿": 1e10, "千亿": 1e11,
    "万亿": 1e12, "萬億": 1e12,
}
_UNITS = (
    "kilograms|kilogrammes|kg|tonnes|tons|metric tons|barrels|litres|liters|kilometres|kilometers|km|miles|"
    "nautical miles|square kilometres|square kilometers|sq km|hectares|acres|gigawatts|GW|megawatts|MW|"
    "kilowatts|kW|terawatt-hours|TWh|GB|TB|MB|nm|people|persons|workers|jobs|troops|soldiers|ships|vessels|"
    "aircraft|jets|planes|drones|missiles|warheads|vehicles|cars|units|chips|wafers|phones|smartphones|"
    "homes|flats|apartments|companies|firms|students|tourists|visitors|cases|deaths|households|projects|"
    "containers|TEUs|passengers|flights|delegates|votes|seats|members|satellites|hours|days|years|months"
)
_ZH_UNITS = ("吨|公斤|千克|辆|台|人|名|艘|架|枚|件|套|家|户|个月|个|座|千瓦|瓦|"
             "平方公里|公里|桶|亿千瓦时|千瓦时|张|部|起|例|项|票|席|天|周|小时|分钟|年|次|批|轮|场|条|份|所|只|颗|处|位|支|"
             "班|趟|列")
#: Measure words after 一 that are the article "a" far more often than a count of one
#: (一个国家, 一项政策, 一家公司): 一 with these is not a figure.
_ZH_ARTICLE_UNITS = frozenset("个件套家座张部起项票席次批轮场条份所只颗处位支名台")
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_ZH_NUMERAL = r"(?P<zhnum>[一二两三四五六七八九十百千]+)"
_UP = re.compile(r"(?:rose|rise[sn]?|rising|up|increased?|increasing|grew|grow(?:s|ing|th of)?|gain(?:ed|s)?|"
                 r"jump(?:ed|s)?|"
                 r"surg(?:ed|es)|climb(?:ed|s)?|higher|soar(?:ed|s)?|expand(?:ed|s)?|rebound(?:ed)?|增长|上涨|增加|"
                 r"提高|上升|增|涨|升)\W*(?:\w+\W+){0,4}$", re.I)
_DOWN = re.compile(r"(?:fell|fall(?:s|ing)?|down|dropped|drops?|declined?|declining|decreased?|slump(?:ed|s)?|"
                   r"shr[ai]nk|shrunk|lower|plunged?|slid|tumbled?|contract(?:ed|s)?|cut|下降|下跌|减少|回落|降低|下滑|"
                   r"萎缩|跌|降|减)\W*(?:\w+\W+){0,4}$", re.I)

_before = "|".join(re.escape(c) for c in sorted(_CURRENCY_BEFORE, key=len, reverse=True))
_after = "|".join(re.escape(c) for c in sorted(_CURRENCY_AFTER, key=len, reverse=True))
_scale_words = "|".join(re.escape(s) for s in sorted(_SCALES, key=len, reverse=True))

_FIGURE = re.compile(
    rf"(?<![A-Za-z0-9.,第])(?<![A-Za-z]-)(?:(?P<cur1>{_before})\s?)?{_NUMBER}"
    rf"(?:\s?(?P<scale>{_scale_words})(?![A-Za-z]))?"
    rf"(?:\s?(?:(?P<pct>%|％|percent(?:age points?)?|per cent|pct|个百分点|個百分點|basis points|bps|bp)"
    rf"|(?P<cur2>{_after})(?![A-Za-z])"
    rf"|(?:\s?(?P<per>/\s?(?:kg|tonne|ton|barrel|unit|share|month|year)))"
    rf"|(?P<unit>(?:(?:[a-z]+-)?[a-z]+\s)?(?:{_UNITS})(?![A-Za-z])|(?:多|余|餘)?(?:{_ZH_UNITS}))))?",
    re.I,
)
_ZH_FIGURE = re.compile(
    rf"(?<![第一二两三四五六七八九十百千])(?P<lead>逾|超过|超|近|约|达|共)?{_ZH_NUMERAL}(?:多|余|餘|几|幾)?(?P<scale>万亿|亿|万)?(?P<unit>{_ZH_UNITS}|元)")
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_POWERS = {"十": 10, "百": 100, "千": 1000}
_DATE_AFTER = re.compile(r"\s?(?:年|月|日|号|號|st|nd|rd|th)")
#: "时隔8年", "50多年": a number of years, not a year (two digits at most, no month after).
_YEARS = re.compile(r"(?:多|余|餘)?年(?![\d月度级級代底初末中])")


@cache
def exchange_rates() -> dict[str, dict[str, float]]:
    """Currency -> {year: units per US dollar}, yearly averages."""
    data = json.loads(resources.files("chinabrief.data").joinpath("fx.json").read_text("utf-8"))
    return data["per_usd"]


def to_usd(amount: float, currency: str, when: date | None) -> float | None:
    if currency == "USD":
        return amount
    table = exchange_rates().get(currency)
    if not table:
        return None
    years = sorted(table)
    year = str(when.year) if when else years[-1]
    rate = table.get(year) or table[years[-1] if year > years[-1] else years[0]]
    return amount / rate


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _zh_numeral(text: str) -> float | None:
    """一千 -> 1000, 两百 -> 200, 千 -> 1000, 三十五 -> 35."""
    total, current = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            current = _ZH_DIGITS[ch]
        elif ch in _ZH_POWERS:
            total += (current or 1) * _ZH_POWERS[ch]
            current = 0
        else:
            return None
    return float(total + current) or None


def _direction(text: str, start: int) -> str | None:
    window = text[max(0, start - DIRECTION_WINDOW):start]
    window = re.split(r"[.;:!?]\s|[。；：！？，、]", window)[-1]
    up, down = _UP.search(window), _DOWN.search(window)
    if up and down:
        return "up" if up.start() > down.start() else "down"
    return "up" if up else "down" if down else None


def _unit_of(match: re.Match[str]) -> tuple[str | None, str | None]:
    """``(kind, unit)`` of a match, or ``(None, None)`` for a bare number."""
    cur = match.group("cur1") or match.group("cur2")
    if cur:
        unit = _CURRENCY_BEFORE.get(cur.lower()) or _CURRENCY_AFTER.get(cur.lower())
        if match.group("per"):
            unit = f"{unit}/{match.group('per').strip('/ ').lower()}"
        return "money", unit
    pct = match.group("pct")
    if pct:
        lowered = pct.lower()
        if "point" in lowered or "百分点" in pct or "百分點" in pct or lowered.startswith("b"):
            return "points", "bp" if lowered.startswith("b") else "pp"
        return "percent", "%"
    if match.group("unit"):
        return "quantity", match.group("unit").split()[-1].lower().lstrip("多余餘")
    if match.group("scale"):
        return "quantity", None
    return None, None


def find_figures(text: str, when: date | None = None) -> list[Figure]:
    """Every figure in ``text``; ``when`` (the item's date) picks the exchange rate. Digits
    first, then Chinese numerals, then counts in words, each where the ones before left room."""
    figures = [f for match in _candidates(text) if (f := _digit_figure(text, match, when))]
    taken = [(f.start, f.end) for f in figures]
    for match in _ZH_FIGURE.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in taken) and (f := _zh_figure(text, match, when)):
            figures.append(f)
            taken.append((f.start, f.end))
    figures.extend(find_counts(text, taken))
    return sorted(figures, key=lambda f: f.start)


def _digit_figure(text: str, match: re.Match[str], when: date | None) -> Figure | None:
    kind, unit = _unit_of(match)
    if kind is None or _a_date(text, match):
        return None
    value = _number(match.group("num"))
    if kind == "quantity" and unit is None and 1900 <= value <= 2100 and float(value).is_integer():
        return None  # a year
    scale = _SCALES.get((match.group("scale") or "").lower(), 1.0)
    figure = Figure(text=match.group(0).strip(), value=value, scale=scale, unit=unit, kind=kind,
                    direction=_direction(text, match.start()), start=match.start(), end=match.end())
    if kind == "money" and unit:
        currency, per = unit.partition("/")[::2]
        figure.usd = _round(to_usd(value if per else value * scale, currency, when))
    return figure


def _a_date(text: str, match: re.Match[str]) -> bool:
    """"2023年", "5日", "3rd": a date, unless a scale follows or it counts years (时隔8年)."""
    after = match.end("num")
    return bool(_DATE_AFTER.match(text, after)) and not match.group("scale") \
        and not (len(match.group("num")) <= 2 and _YEARS.match(text, after))


def _zh_figure(text: str, match: re.Match[str], when: date | None) -> Figure | None:
    value = _zh_numeral(match.group("zhnum"))
    if value is None or (match.group("zhnum") == "一" and match.group("unit") in _ZH_ARTICLE_UNITS):
        return None
    scale = _SCALES.get(match.group("scale") or "", 1.0)
    money = match.group("unit") == "元"
    figure = Figure(text=match.group(0), value=value, scale=scale, unit="CNY" if money else match.group("unit"),
                    kind="money" if money else "quantity", direction=_direction(text, match.start()),
                    start=match.start(), end=match.end())
    if money:
        figure.usd = _round(to_usd(value * scale, "CNY", when))
    return figure


def _candidates(text: str) -> list[re.Match[str]]:
    """Matches of the figure pattern, tried only where a number starts (with any currency
    sign or code just before it): trying the whole pattern at every character of the text
    cost more than all the rest of finding figures."""
    found: list[re.Match[str]] = []
    last_end = 0
    for number in _BARE_NUMBER.finditer(text):
        start = number.start()
        if start < last_end:
            continue
        prefix = _CURRENCY_JUST_BEFORE.search(text, max(last_end, start - 6), start)
        match = _FIGURE.match(text, prefix.start() if prefix else start)
        if match is None and prefix:
            match = _FIGURE.match(text, start)
        if match and match.end() > match.start():
            found.append(match)
            last_end = match.end()
    return found


_BARE_NUMBER = re.compile(r"\d[\d,.]*")
_CURRENCY_JUST_BEFORE = re.compile(rf"(?:{_before})\s?$", re.I)


def _round(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.4g}")
