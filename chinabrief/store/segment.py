"""Text as the full-text index sees it: Chinese cut into words with jieba.

SQLite's tokenizers treat a run of Chinese characters as one token, so 王毅 would never
match inside 外交部长王毅表示. We index jieba's search-mode segmentation (which also emits
the shorter words inside long ones) and segment queries the same way.
"""

from __future__ import annotations

import logging
import re
from functools import cache

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def for_index(text: str) -> str:
    if not has_cjk(text):
        return text
    return " ".join(t for t in _jieba().cut_for_search(text) if t.strip())


def query_terms(query: str) -> list[str]:
    """A user's query as FTS5 terms: quoted phrases kept, Chinese segmented, all quoted."""
    terms: list[str] = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        chunk = phrase or word
        tokens = [t for t in (_jieba().cut(chunk) if has_cjk(chunk) else chunk.split()) if t.strip()]
        tokens = [re.sub(r"[^\w\u3400-\u9fff]+", " ", t).strip() for t in tokens]
        tokens = [t for t in tokens if t]
        if tokens:
            terms.append('"' + " ".join(tokens).replace('"', "") + '"')
    return terms
