"""A reader's query as FTS5 sees it: chunks (a quoted phrase, or a run of text between spaces),
each made of terms of one kind, all terms required.

What a term of each kind matches:

===========  =====================================  ===============================================
kind         typed as                               matches
===========  =====================================  ===============================================
words        ``tariffs``, ``COVID-19``              those words in any form (Porter stems), any case
chinese      ``外交部发言人``, ``國防``, ``华``      those characters side by side, either script
acronym      ``MSS``, ``PLA``                       the word written in capitals (not ``mss`` in a URL)
phrase       ``"rare earths"``                      these words, in these forms, side by side
mixed        ``"G20峰会"``                          words and characters side by side
===========  =====================================  ===============================================

A chunk that names a gazetteer entity can be widened to the entity's names in other
languages (:class:`Expansion`); the names are found by :mod:`chinabrief.search`, which knows
the gazetteer, and written here into the same expression.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from chinabrief.store.search_text import (
    CAPS_COLUMN,
    EXACT_COLUMNS,
    HAN,
    WORD_COLUMNS,
    exact_word,
    han_pairs,
    is_acronym,
    phrase,
    tokens,
)

_HAN_RUN = re.compile(rf"[{HAN}]+")
#: A quoted phrase, or anything between spaces.
_CHUNK = re.compile(r'"([^"]*)"|(\S+)')


class TermKind(Enum):
    WORDS = "words"
    CHINESE = "chinese"
    ACRONYM = "acronym"
    PHRASE = "phrase"
    MIXED = "mixed"


def _words(words: tuple[str, ...]) -> str:
    return f"{WORD_COLUMNS} : {phrase(list(words))}"


def _chinese(words: tuple[str, ...]) -> str:
    run = words[0]
    if len(run) == 1:
        return f"{WORD_COLUMNS} : {phrase([run])} *"
    return f"{WORD_COLUMNS} : {phrase(han_pairs(run)[:-1])}"


def _acronym(words: tuple[str, ...]) -> str:
    return f"({CAPS_COLUMN} : {phrase([exact_word(words[0])])} AND {_words(words)})"


def _phrase(words: tuple[str, ...]) -> str:
    parts = [f"{EXACT_COLUMNS} : {phrase([exact_word(w) for w in words])}"]
    parts += [f"{CAPS_COLUMN} : {phrase([exact_word(w)])}" for w in dict.fromkeys(words) if is_acronym(w)]
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _mixed(words: tuple[str, ...]) -> str:
    """Words and runs of characters in a row, written as the index writes them: a run that
    something follows ends there (its pairs and its last character alone); a last run of one
    character may begin a pair (a prefix)."""
    out: list[str] = []
    prefix = False
    for i, word in enumerate(words):
        if not _HAN_RUN.fullmatch(word):
            out.append(word)
        elif i < len(words) - 1:
            out.extend(han_pairs(word))
        else:
            out.extend(han_pairs(word)[:-1] or [word])
            prefix = len(word) == 1
    return f"{WORD_COLUMNS} : {phrase(out)}" + (" *" if prefix else "")


#: How each kind of term is written as an FTS5 expression.
EXPRESSIONS: dict[TermKind, Callable[[tuple[str, ...]], str]] = {
    TermKind.WORDS: _words, TermKind.CHINESE: _chinese, TermKind.ACRONYM: _acronym,
    TermKind.PHRASE: _phrase, TermKind.MIXED: _mixed,
}


@dataclass(frozen=True, slots=True)
class Term:
    kind: TermKind
    words: tuple[str, ...]  # as typed; Chinese folded to simplified characters

    def expression(self) -> str:
        return EXPRESSIONS[self.kind](self.words)


@dataclass(frozen=True, slots=True)
class Chunk:
    text: str  # as typed, without its quotes
    quoted: bool
    terms: tuple[Term, ...]

    def expression(self) -> str:
        return " AND ".join(t.expression() for t in self.terms)


@dataclass(frozen=True, slots=True)
class Expansion:
    """Chunks ``start`` to ``end`` (exclusive) name an entity; its other names match too."""

    start: int
    end: int
    entity_ids: tuple[str, ...]
    label: str  # the entity's name, to show why an item was found
    names: tuple[Chunk, ...]  # each other name, parsed as a phrase


def terms_of(text: str, quoted: bool) -> tuple[Term, ...]:
    """The terms of one chunk. Unquoted, each run of Chinese and each group of other words is
    its own term ("王毅Starmer" is two); quoted, the whole chunk is one phrase."""
    parts = tokens(text)
    if not parts:
        return ()
    if quoted:
        if any(han for _, han in parts):
            if len(parts) == 1:
                return (Term(TermKind.CHINESE, (parts[0][0],)),)
            return (Term(TermKind.MIXED, tuple(tok for tok, _ in parts)),)
        return (Term(TermKind.PHRASE, tuple(tok for tok, _ in parts)),)
    terms: list[Term] = []
    group: list[str] = []
    for tok, han in [*parts, ("", True)]:
        if not han:
            group.append(tok)
            continue
        if group:
            kind = TermKind.ACRONYM if len(group) == 1 and is_acronym(group[0]) else TermKind.WORDS
            terms.append(Term(kind, tuple(group)))
            group = []
        if tok:
            terms.append(Term(TermKind.CHINESE, (tok,)))
    return tuple(terms)


def name_chunk(name: str) -> Chunk:
    """An entity's name as one phrase: words in any form, an acronym in capitals."""
    parts = tokens(name)
    if len(parts) == 1 and not parts[0][1] and is_acronym(parts[0][0]):
        return Chunk(name, False, (Term(TermKind.ACRONYM, (parts[0][0],)),))
    if any(han for _, han in parts):
        return Chunk(name, True, terms_of(name, quoted=True))
    return Chunk(name, False, (Term(TermKind.WORDS, tuple(tok for tok, _ in parts)),) if parts else ())


@dataclass(frozen=True, slots=True)
class Query:
    chunks: tuple[Chunk, ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for c in self.chunks for t in c.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def match(self, expansions: tuple[Expansion, ...] = ()) -> str:
        """The FTS5 expression: every chunk required; an expanded span may be matched by any
        of its entity's names instead."""
        parts: list[str] = []
        at = 0
        for expansion in sorted(expansions, key=lambda e: e.start):
            parts += [c.expression() for c in self.chunks[at:expansion.start] if c.terms]
            literal = " AND ".join(c.expression() for c in self.chunks[expansion.start:expansion.end] if c.terms)
            options = [f"({literal})"] + [f"({n.expression()})" for n in expansion.names if n.terms]
            parts.append("(" + " OR ".join(options) + ")")
            at = expansion.end
        parts += [c.expression() for c in self.chunks[at:] if c.terms]
        return " AND ".join(parts)


def parse(query: str) -> Query:
    chunks = []
    for quoted, bare in _CHUNK.findall(query):
        text = quoted or bare
        terms = terms_of(text, quoted=bool(quoted))
        if terms:
            chunks.append(Chunk(text, bool(quoted), terms))
    return Query(tuple(chunks))
