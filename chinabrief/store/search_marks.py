"""Where a query matched in a text, to mark in a snippet: the same rules as the index's, read
off the text itself (a Chinese phrase as one span, "tariff" in "Tariffs", MSS only in capitals).

Stems come from snowballstemmer's Porter stemmer, the algorithm FTS5's ``porter`` tokenizer
implements, so a word is marked when the index would have matched it.
"""

from __future__ import annotations

import re
from functools import cache

from chinabrief.enrich.chinese import has_cjk, to_simplified
from chinabrief.store.search_query import Expansion, Query, Term, TermKind
from chinabrief.store.search_text import HAN

_WORD = re.compile(rf"[^\W_{HAN}]+")


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


@cache
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def _folded(text: str) -> str:
    """Simplified and lower case, offsets kept (the original's where folding would move them)."""
    folded = to_simplified(text) if has_cjk(text) else text
    folded = folded.lower()
    return folded if len(folded) == len(text) else text.lower()


def _runs(words: list[tuple[int, int, str]], wanted: list[str], same: object) -> list[tuple[int, int]]:
    """Spans where consecutive words each satisfy ``same(word, wanted_i)``."""
    found = []
    for i in range(len(words) - len(wanted) + 1):
        if all(same(words[i + k][2], w) for k, w in enumerate(wanted)):  # type: ignore[operator]
            found.append((words[i][0], words[i + len(wanted) - 1][1]))
    return found


def _same_stem(word: str, wanted: str) -> bool:
    return word[:2] == wanted[:2] and stem(word) == wanted


def _term_spans(term: Term, text: str, folded: str, words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    lowered = [w.lower() for w in term.words]
    if term.kind is TermKind.CHINESE:
        return [(m.start(), m.end()) for m in re.finditer(re.escape(term.words[0]), folded)]
    if term.kind is TermKind.MIXED:
        pattern = r"[\W_]*".join(re.escape(w) for w in lowered)
        return [(m.start(), m.end()) for m in re.finditer(pattern, folded)]
    if term.kind is TermKind.PHRASE:
        return _runs(words, lowered, str.__eq__)
    if term.kind is TermKind.ACRONYM:
        return [(a, b) for a, b in _runs(words, lowered, str.__eq__) if any(c.isupper() for c in text[a:b])]
    return _runs(words, [stem(w) for w in lowered], _same_stem)


def spans(text: str, query: Query, expansions: tuple[Expansion, ...] = ()) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans of ``text`` that the query's terms (and the other names
    of the entities it names) match."""
    folded = _folded(text)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
    terms = [*query.terms, *(t for e in expansions for name in e.names for t in name.terms)]
    found = sorted(s for term in terms for s in _term_spans(term, text, folded, words))
    merged: list[tuple[int, int]] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def holds(record: dict[str, str | None] | dict[str, object], query: Query) -> bool:
    """Whether an item's headline or text holds every term of the query, read off the text:
    the reference the index's answers are measured against (bench/eval_search.py)."""
    fields = []
    for name in ("headline", "text"):
        text = str(record.get(name) or "")
        folded = _folded(text)
        fields.append((text, folded, [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]))
    return bool(query.terms) and all(any(_term_spans(term, *field) for field in fields) for term in query.terms)
