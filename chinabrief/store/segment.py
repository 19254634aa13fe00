"""Chinese cut into words with jieba, for the clusterer, which compares items by their words.

Search does not use words (see :mod:`chinabrief.store.search_text`); stories do, and jieba is
the slow part of reading Chinese, so an item's segmentation is made once when it is stored and
kept in ``item_segments``. Search mode also emits the shorter words inside long ones
(外交部 -> 外交 外交部), which helps two reports that write a name in full and in short meet.
jieba's dictionary is simplified Chinese and cuts traditional text badly (台灣國 防部), so text
is folded to simplified with OpenCC first.
"""

from __future__ import annotations

from chinabrief.enrich.chinese import has_cjk, jieba, to_simplified

#: How much of a body's segmentation is kept: more than the clusterer reads of it (its lead of
#: 800 characters comes out about 1,280 long in search mode, see stories.features._lead_words).
SEGMENTED_CHARS = 2_000


def segmented(text: str) -> str:
    """``text`` as space-separated search-mode words (unchanged without Chinese)."""
    if not has_cjk(text):
        return text
    return " ".join(t for t in jieba().cut_for_search(to_simplified(text)) if t.strip())


def needs_segments(headline: str, text: str, language: str | None) -> bool:
    """Whether the clusterer reads this item as Chinese, and so needs its segmentation."""
    return language == "zh" or has_cjk(headline[:50] + text[:200])


def segments(headline: str, text: str) -> tuple[str, str]:
    """The headline's segmentation and the start of the body's, as ``item_segments`` keeps them.
    The body is cut a little past what is kept, so the kept part is segmented as in full."""
    return segmented(headline), segmented(text[:SEGMENTED_CHARS])[:SEGMENTED_CHARS]
