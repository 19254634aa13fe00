"""What the pages show, worked out from records: outlet-mix bars, highlighted snippets, charts.

Charts are drawn here as SVG, on the server: no chart library, no script, nothing a strict
Content-Security-Policy has to allow, and a chart is readable with JavaScript turned off.
Snippets are built from escaped text with ``<mark>`` around the matches, then passed through
nh3 allowing nothing but ``<mark>``, so what a source wrote can never become markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from chinabrief.enrich.outlets import UNKNOWN_GROUP, taxonomy
from chinabrief.store.search_marks import spans
from chinabrief.store.search_query import Expansion, parse

SNIPPET_CHARS = 220
#: A snippet is looked for in this much of the text (folding a long Chinese text to simplified
#: characters for every result would cost more than the search itself).
SNIPPET_SCAN = 6_000


@dataclass(frozen=True, slots=True)
class BarPart:
    key: str
    label: str
    items: int
    percent: float


def bar_groups() -> dict[str, str]:
    """Group key -> label, in the bar's order (the taxonomy's, then outlets not in it)."""
    known = taxonomy()
    return {**{key: group.label for key, group in known.groups.items()}, UNKNOWN_GROUP: "other"}


def outlet_mix(outlets: list[dict[str, Any]]) -> list[BarPart]:
    """A story's reports by affiliation group, as shares of a bar (groups with none left out)."""
    counts: dict[str, int] = {}
    for outlet in outlets:
        key = taxonomy().group_of(outlet.get("affiliation"), outlet.get("country"))
        counts[key] = counts.get(key, 0) + int(outlet.get("items") or 1)
    total = sum(counts.values()) or 1
    return [BarPart(key, label, counts[key], round(100 * counts[key] / total, 1))
            for key, label in bar_groups().items() if counts.get(key)]


def group_of(outlet: dict[str, Any] | None) -> str:
    """The label of an outlet's group (``outlet`` as items store it: affiliation and country)."""
    outlet = outlet or {}
    return bar_groups()[taxonomy().group_of(outlet.get("affiliation"), outlet.get("country"))]


def snippet(text: str, query: str, expansions: tuple[Expansion, ...] = (), chars: int = SNIPPET_CHARS) -> str:
    """Safe HTML: the part of ``text`` around the first match of ``query``, matches marked as the
    index matched them (a Chinese phrase as one mark, "tariffs" for tariff)."""
    import nh3

    text = text[:SNIPPET_SCAN]
    marks = spans(text, parse(query), expansions) if query.strip() else []
    first = marks[0][0] if marks else 0
    start = max(0, first - chars // 3)
    if start and text[start - 1].isascii() and text[start - 1].isalnum():  # not in the middle of a word
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else first
    end = min(len(text), start + chars)
    out, at = [], start
    for a, b in marks:
        if a < at or a >= end:
            continue
        b = min(b, end)
        out.append(html.escape(text[at:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>")
        at = b
    out.append(html.escape(text[at:end]))
    piece = ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")
    return nh3.clean(piece, tags={"mark"}, attributes={})


def marked_body(item: dict[str, Any]) -> list[str]:
    """Safe HTML paragraphs of an item's text with each name the enrichment found marked (its
    type as the class, its canonical name as the title), so a reader sees what was read and
    where. Spans count from the headline's start (headline, blank line, text); one whose
    characters no longer match the text (an item edited after enrichment) is left unmarked."""
    import nh3

    text = item.get("text") or ""
    offset = len(item.get("headline") or "") + 2
    marks = sorted((span["start"] - offset, span["end"] - offset, entity.get("type") or "", entity.get("name") or "")
                   for entity in item.get("entities") or () for span in entity.get("spans") or ()
                   if 0 <= span["start"] - offset < span["end"] - offset <= len(text)
                   and text[span["start"] - offset:span["end"] - offset] == span.get("text"))
    paragraphs, at, out = [], 0, []
    for start, end, kind, name in marks:
        if start < at:
            continue
        out.append(html.escape(text[at:start]))
        out.append(f'<mark class="entity {html.escape(kind)}" title="{html.escape(name)}">'
                   f"{html.escape(text[start:end])}</mark>")
        at = end
    out.append(html.escape(text[at:]))
    for para in "".join(out).split("\n"):
        if para.strip():
            paragraphs.append(nh3.clean(para, tags={"mark"}, attributes={"mark": {"class", "title"}}))
    return paragraphs


# -- charts ---------------------------------------------------------------------------------

CHART_W, CHART_H, PAD_L, PAD_B, PAD_T, PAD_R = 640, 220, 44, 28, 12, 12
PALETTE = ("#9b1c1c", "#1f4e8c", "#2f7d32", "#8a5a00", "#6a3d9a", "#00838f")


def _week_range(weeks: list[str]) -> list[str]:
    """Every ISO week from the first to the last given, so gaps show as zeros."""
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    day = date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
    end = date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
    out = []
    while day <= end and len(out) < 520:
        year, week, _ = day.isocalendar()
        out.append(f"{year}-W{week:02d}")
        day = date.fromordinal(day.toordinal() + 7)
    return out


def line_chart(series: dict[str, list[tuple[str, int]]], title: str) -> str:
    """Weekly counts of one or more series as an SVG line chart (safe: every label escaped)."""
    weeks = _week_range([w for points in series.values() for w, _ in points])
    if not weeks:
        return ""
    peak = max((c for points in series.values() for _, c in points), default=1) or 1
    width, height = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    step = width / max(1, len(weeks) - 1)
    left = PAD_L if len(weeks) > 1 else PAD_L + width / 2  # one week: in the middle, not on the axis

    def xy(i: int, count: float) -> str:
        return f"{left + i * step:.1f},{PAD_T + height - height * count / peak:.1f}"

    parts = [f'<svg class="chart" viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{html.escape(title)}">',
             f"<title>{html.escape(title)}</title>",
             f'<line x1="{PAD_L}" y1="{PAD_T + height}" x2="{CHART_W - PAD_R}" y2="{PAD_T + height}" class="axis"/>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" class="tick" text-anchor="end">{peak}</text>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + height}" class="tick" text-anchor="end">0</text>']
    for i in sorted({0, len(weeks) - 1, *range(0, len(weeks), max(1, len(weeks) // 6))}):
        parts.append(f'<text x="{left + i * step:.1f}" y="{CHART_H - 8}" class="tick" text-anchor="middle">'
                     f"{weeks[i]}</text>")
    for n, (name, points) in enumerate(series.items()):
        counts = dict(points)
        colour = PALETTE[n % len(PALETTE)]
        path = " ".join(xy(i, counts.get(w, 0)) for i, w in enumerate(weeks))
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2">'
                     f"<title>{html.escape(name)}</title></polyline>")
        for i, w in enumerate(weeks):
            if counts.get(w):
                parts.append(f'<circle cx="{xy(i, counts[w]).split(",")[0]}" cy="{xy(i, counts[w]).split(",")[1]}" '
                             f'r="3" fill="{colour}"><title>{html.escape(name)}, {w}: {counts[w]}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def figure_chart(points: list[dict[str, Any]], title: str) -> str:
    """Stated figures over time as an SVG scatter: one dot per statement, by date."""
    dated = [p for p in points if p.get("published") and isinstance(p.get("value"), int | float)]
    if not dated:
        return ""
    days = [date.fromisoformat(p["published"][:10]).toordinal() for p in dated]
    low_day, high_day = min(days), max(days)
    values = [float(p["value"]) for p in dated]
    low, high = min(0.0, min(values)), max(values) or 1.0
    width, height = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    parts = [f'<svg class="chart" viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{html.escape(title)}">',
             f"<title>{html.escape(title)}</title>",
             f'<line x1="{PAD_L}" y1="{PAD_T + height}" x2="{CHART_W - PAD_R}" y2="{PAD_T + height}" class="axis"/>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" class="tick" text-anchor="end">{high:g}</text>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + height}" class="tick" text-anchor="end">{low:g}</text>',
             f'<text x="{PAD_L}" y="{CHART_H - 8}" class="tick">{date.fromordinal(low_day)}</text>',
             f'<text x="{CHART_W - PAD_R}" y="{CHART_H - 8}" class="tick" text-anchor="end">'
             f"{date.fromordinal(high_day)}</text>"]
    for point, day, value in zip(dated, days, values, strict=True):
        x = PAD_L + width * (day - low_day) / max(1, high_day - low_day)
        y = PAD_T + height - height * (value - low) / ((high - low) or 1)
        label = f"{point['text']} — {point.get('outlet') or 'source'}, {point['published'][:10]}"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{PALETTE[0]}">'
                     f"<title>{html.escape(label)}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)
