"""What the full-text index holds for an item, and how a query's words are written to match it.

One FTS5 table (tokenizer ``porter unicode61``) with five columns, all written here:

* ``headline``, ``body`` — the words as written, which FTS5 stems ("tariffs" is found by
  "tariff"), and every run of Chinese characters as its overlapping character pairs, folded
  to simplified characters: 外交部发言人 is written ``外交 交部 部发 发言 言人 人``. A phrase of
  pairs matches exactly where the characters stand side by side, so any run of Chinese in a
  query finds every item holding it, whatever a word segmenter would have made of the text.
  The last character of each run stands alone as well, so a single character is found by a
  prefix query (``华*``: each 华 either begins a pair or ends its run).
* ``xheadline``, ``xbody`` — the non-Chinese words again, lower-cased and each ending in
  :data:`EXACT_MARK`, a private-use character: the Porter stemmer never changes a word that
  does not end in a Latin letter, so these columns keep word forms for quoted phrases. A run
  of Chinese is one :data:`GAP` token here, so words it separates are not adjacent.
* ``caps`` — the words written with a capital letter (``MSS``, ``Nato``), marked the same way,
  once each: an acronym in a query is found where it is written in capitals, not in the
  lower-case ``mss`` of a web address or the pronoun "us".

Keeping the query side here beside the index side is what keeps them in step.
"""

from __future__ import annotations

import re

from chinabrief.enrich.chinese import has_cjk, to_simplified

#: Ends every word of the exact and capitals columns (Unicode private use: never in text).
EXACT_MARK = "\ue000"
#: Stands for a run of Chinese characters in the exact columns.
GAP = "\ue001"
#: Columns of the index, in table order.
COLUMNS = ("headline", "body", "xheadline", "xbody", "caps")
#: Column groups a query term is matched in.
WORD_COLUMNS = "{headline body}"
EXACT_COLUMNS = "{xheadline xbody}"
CAPS_COLUMN = "{caps}"
#: BM25 weights per column, in :data:`COLUMNS` order: a headline's words count double.
BM25_WEIGHTS = (2.0, 1.0, 2.0, 1.0, 0.5)

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A long text is indexed a piece at a time, so the tokens held at once (a Python string each,
#: some 60 bytes apiece) are a piece's and not the whole text's: a 4 MB Chinese body made 69 MB
#: of them in one go. Pieces end where no token does, so the columns come out the same.
PIECE_CHARS = 64_000
#: A run of Chinese characters, or a word of anything else (letters and digits).
TOKEN = re.compile(rf"([{HAN}]+)|([^\W_{HAN}]+)")


def han_pairs(run: str) -> list[str]:
    """Overlapping character pairs of a run, then its last character alone."""
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def tokens(text: str) -> list[tuple[str, bool]]:
    """(token, is_chinese_run) in order; Chinese folded to simplified characters."""
    if has_cjk(text):
        text = to_simplified(text)
    return [(han or word, bool(han)) for han, word in TOKEN.findall(text)]


def is_acronym(word: str) -> bool:
    """Two or more letters, all capitals ("MSS", "PLA", "G7" is not): its case is its meaning."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def exact_word(word: str) -> str:
    return word.lower() + EXACT_MARK


def _word_column(parts: list[tuple[str, bool]]) -> str:
    return " ".join(" ".join(han_pairs(tok)) if han else tok for tok, han in parts)


def _exact_column(parts: list[tuple[str, bool]], after: str = "") -> str:
    """Words marked exact, each run of Chinese one :data:`GAP` between words; ``after`` is the
    last token of the text before (a run right after a gap, or at the start, adds none)."""
    out: list[str] = []
    last = after
    for tok, han in parts:
        if not han:
            last = exact_word(tok)
            out.append(last)
        elif last and last != GAP:
            last = GAP
            out.append(last)
    return " ".join(out)


def _caps(parts: list[tuple[str, bool]]) -> list[str]:
    return [exact_word(tok) for tok, han in parts if not han and any(c.isupper() for c in tok)]


def index_columns(headline: str, text: str) -> tuple[str, str, str, str, str]:
    """The five column values for an item, in :data:`COLUMNS` order."""
    words, exact, caps = _columns(headline or "")
    body_words, body_exact, body_caps = _columns(text or "")
    caps.update(body_caps)
    return words, body_words, exact, body_exact, " ".join(caps)


def _columns(text: str) -> tuple[str, str, dict[str, None]]:
    """A text's word column, exact column and capitalised words, built piece by piece."""
    words: list[str] = []
    exact: list[str] = []
    caps: dict[str, None] = {}
    after = ""
    for piece in _pieces(text):
        parts = tokens(piece)
        words.append(_word_column(parts))
        column = _exact_column(parts, after)
        if column:
            exact.append(column)
            after = column[column.rfind(" ") + 1:]
        caps.update(dict.fromkeys(_caps(parts)))
    return " ".join(w for w in words if w), " ".join(exact), caps


_BREAK = re.compile(rf"[^\w{HAN}]|_")


def _pieces(text: str) -> list[str]:
    """``text`` cut into pieces of about :data:`PIECE_CHARS`, each ending at a character that
    belongs to no token (a run with no such character for a whole piece is cut where it is)."""
    if len(text) <= PIECE_CHARS:
        return [text]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + PIECE_CHARS, len(text))
        if end < len(text):
            cut = _last_break(text, start, end)
            end = cut if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


def _last_break(text: str, start: int, end: int) -> int:
    """Index just past the last non-token character in ``text[start:end]`` (``start`` if none)."""
    for at in range(end - 1, max(start, end - 2_000) - 1, -1):
        if _BREAK.match(text, at):
            return at + 1
    return start


def phrase(words: list[str]) -> str:
    """Words as one FTS5 phrase (a double quote inside is doubled, as FTS5 wants)."""
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'
