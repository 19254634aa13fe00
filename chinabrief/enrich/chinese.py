"""Chinese text as the enrichers need it: one script to match against, and which script it was.

Everything Chinese is matched in simplified characters, so 習近平 and 习近平 find the same
entity. OpenCC's character tables keep the length of the text (one character for one), which
lets a match in the folded text point back at the same offsets in the original.
"""

from __future__ import annotations

import re
from functools import cache

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _converter(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


@cache
def jieba():  # type: ignore[no-untyped-def]
    """jieba, initialised once per process (its dictionary takes about a second to load)."""
    import logging

    import jieba as module

    module.setLogLevel(logging.WARNING)
    module.initialize()
    return module


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def to_simplified(text: str) -> str:
    """Traditional characters folded to simplified, keeping every offset where it was."""
    if not has_cjk(text):
        return text
    # A lone surrogate (an undecodable byte the e-mail parser kept) cannot go to OpenCC as UTF-8;
    # one replacement character for one keeps the offsets.
    text = _SURROGATE.sub("\ufffd", text)
    folded = _converter("t2s").convert(text)
    if len(folded) == len(text):
        return folded
    # A phrase rule changed the length: convert character by character instead.
    convert = _converter("t2s").convert
    return "".join(c if len(s := convert(c)) != 1 else s for c in text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text) if has_cjk(text) else text


def script_of(text: str) -> str | None:
    """``Hans`` or ``Hant`` by which characters the text uses, or ``None`` without Chinese.

    Counts the characters that simplification changes (traditional-only) against those that
    traditionalisation changes (simplified-only); most characters are shared and say nothing.
    """
    sample = "".join(CJK.findall(text[:5000]))
    if not sample:
        return None
    traditional = sum(a != b for a, b in zip(sample, _converter("t2s").convert(sample), strict=False))
    simplified = sum(a != b for a, b in zip(sample, _converter("s2t").convert(sample), strict=False))
    return "Hant" if traditional > simplified else "Hans"


def pinyin(text: str) -> str:
    """Tone-less pinyin, syllables of one word joined (``习近平`` -> ``xi jin ping``)."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.NORMAL))
