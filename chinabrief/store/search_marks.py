"""Where a query matched in a text, to mark in a snippet: the same rules as the index's, read
off the text itself (a Chinese phrase as one span, "tariff" in "Tariffs", MSS only in capitals).

Stems come from snowballstemmer's Porter stemmer, the algorithm FTS5's ``porter`` tokenizer
implements, so a word is marked when the index would have matched it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

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


@dataclass(frozen=True, slots=True)
class _Reading:
    """A text as the marks are looked for in it: as written, folded, and its words with offsets."""

    text: str
    folded: str
    words: list[tuple[int, int, str]]


def _read(text: str) -> _Reading:
    folded = _folded(text)
    return _Reading(text, folded, [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)])


Span = tuple[int, int]


def _runs(words: list[tuple[int, int, str]], wanted: list[str], same: Callable[[str, str], bool]) -> list[Span]:
    """Spans where consecutive words each satisfy ``same(word, wanted_i)``."""
    found = []
    for i in range(len(words) - len(wanted) + 1):
        if all(same(words[i + k][2], w) for k, w in enumerate(wanted)):
            found.append((words[i][0], words[i + len(wanted) - 1][1]))
    return found


def _same_stem(word: str, wanted: str) -> bool:
    return word[:2] == wanted[:2] and stem(word) == wanted


def _chinese(words: list[str], read: _Reading) -> list[Span]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(words[0]), read.folded)]


def _mixed(words: list[str], read: _Reading) -> list[Span]:
    pattern = r"[\W_]*".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, read.folded)]


def _phrase(words: list[str], read: _Reading) -> list[Span]:
    return _runs(read.words, words, str.__eq__)


def _acronym(words: list[str], read: _Reading) -> list[Span]:
    return [(a, b) for a, b in _phrase(words, read) if any(c.isupper() for c in read.text[a:b])]


def _word_forms(words: list[str], read: _Reading) -> list[Span]:
    return _runs(read.words, [stem(w) for w in words], _same_stem)


#: Where each kind of term matches in a text (the same rules as the index's expressions).
MATCHERS: dict[TermKind, Callable[[list[str], _Reading], list[Span]]] = {
    TermKind.CHINESE: _chinese, TermKind.MIXED: _mixed, TermKind.PHRASE: _phrase,
    TermKind.ACRONYM: _acronym, TermKind.WORDS: _word_forms,
}


def _term_spans(term: Term, read: _Reading) -> list[Span]:
    return MATCHERS[term.kind]([w.lower() for w in term.words], read)


def spans(text: str, query: Query, expansions: tuple[Expansion, ...] = ()) -> list[Span]:
    """Sorted, merged (start, end) spans of ``text`` that the query's terms (and the other names
    of the entities it names) match."""
    read = _read(text)
    terms = [*query.terms, *(t for e in expansions for name in e.names for t in name.terms)]
    found = sorted(s for term in terms for s in _term_spans(term, read))
    merged: list[Span] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def holds(record: dict[str, Any], query: Query) -> bool:
    """Whether an item's headline or text holds every term of the query, read off the text:
    the reference the index's answers are measured against (bench/eval_search.py)."""
    fields = [_read(str(record.get(name) or "")) for name in ("headline", "text")]
    return bool(query.terms) and all(any(_term_spans(term, read) for read in fields) for term in query.terms)
