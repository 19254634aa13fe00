"""Sentences of an item's text, as spans: a briefing quotes a sentence by its offsets, so what it
shows is the source's text itself, and a reader (or a test) can find it there.

English sentences end at ``.``, ``!`` or ``?`` (and a closing quote or bracket) before a space
and a capital, digit or opening quote, except after common abbreviations ("Mr.", "U.S.",
"Jan."); Chinese ones at 。！？ (and a closing quote). A paragraph break always ends one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_ENGLISH_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_CHINESE_END = re.compile(r"[。！？!?][”’」』）)]*")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sen|Rep|Gov|St|No|Vol|Inc|Ltd|Co|Corp|vs|etc|approx|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z](?:\.[A-Z])*)$")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    index: int  # position among the item's sentences (0 = the lead)
    paragraph: int


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split(text: str) -> list[Span]:
    """Every sentence of ``text`` as (start, end) offsets, in order."""
    spans: list[Span] = []
    position = 0
    for paragraph, (para_start, para_end) in enumerate(_paragraphs(text)):
        chunk = text[para_start:para_end]
        cut = para_start
        for match in _ends(chunk):
            end = para_start + match
            start, stop = _trimmed(text, cut, end)
            if stop > start:
                spans.append(Span(start, stop, position, paragraph))
                position += 1
            cut = end
        start, stop = _trimmed(text, cut, para_end)
        if stop > start:
            spans.append(Span(start, stop, position, paragraph))
            position += 1
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, last = [], 0
    for match in _PARAGRAPH.finditer(text):
        bounds.append((last, match.start()))
        last = match.end()
    bounds.append((last, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def _ends(chunk: str) -> list[int]:
    """Offsets in ``chunk`` just after each sentence end."""
    ends = [m.end() for m in _CHINESE_END.finditer(chunk)]
    for match in _ENGLISH_END.finditer(chunk):
        before = chunk[:match.start()]
        if _ABBREVIATIONS.search(before):
            continue
        ends.append(match.end())
    return sorted(set(e for e in ends if 0 < e < len(chunk)))
