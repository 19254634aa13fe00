"""Text as the full-text index sees it: Chinese cut into words with jieba.

SQLite's tokenizers treat a run of Chinese characters as one token, so 王毅 would never
match inside 外交部长王毅表示. We index jieba's search-mode segmentation (which also emits
the shorter words inside long ones) and segment queries the same way. jieba's dictionary is
simplified Chinese and cuts traditional text badly (台灣國 防部), and a reader searching 國防
wants 国防 too, so both sides are folded to simplified with OpenCC first.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from chinabrief.enrich.chinese import has_cjk, to_simplified


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def for_index(text: str) -> str:
    if not has_cjk(text):
        return text
    return " ".join(t for t in _jieba().cut_for_search(to_simplified(text)) if t.strip())


def query_terms(query: str) -> list[str]:
    """A user's query as FTS5 terms: quoted phrases kept, Chinese segmented, all quoted."""
    terms: list[str] = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        chunk = to_simplified(phrase or word)
        tokens = [t for t in (_jieba().cut(chunk) if has_cjk(chunk) else chunk.split()) if t.strip()]
        tokens = [re.sub(r"[^\w\u3400-\u9fff]+", " ", t).strip() for t in tokens]
        tokens = [t for t in tokens if t]
        if tokens:
            terms.append('"' + " ".join(tokens).replace('"', "") + '"')
    return terms
