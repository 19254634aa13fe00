"""Words as story building compares them: English words and jieba words for Chinese, with
the stop words (``data/stories.json``) that say nothing about which event a report is about.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from chinabrief.enrich.chinese import jieba, to_simplified

_WORD = re.compile(r"[a-z][a-z0-9'’-]*[a-z0-9]|[a-z]")
#: Chinese words worth comparing, found in a space-separated segmentation: two or more
#: characters, or a Latin-script name. Numbers are left to the figures, where "2025年" and
#: "增长7.4%" cannot make unrelated reports look alike.
_CJK_WORD = re.compile(r"(?<!\S)(?:[\u3400-\u9fff]{2,}|[a-z][a-z-]*[a-z])(?!\S)")


@cache
def _knowledge() -> dict[str, Any]:
    return json.loads(resources.files("chinabrief.data").joinpath("stories.json").read_text(encoding="utf-8"))


@cache
def english_stopwords() -> frozenset[str]:
    return frozenset(_knowledge()["english_stopwords"])


@cache
def chinese_stopwords() -> frozenset[str]:
    return frozenset(_knowledge()["chinese_stopwords"])


@cache
def roundup_headlines() -> tuple[str, ...]:
    return tuple(h.casefold() for h in _knowledge()["roundup_headlines"])


def english_terms(text: str) -> list[str]:
    stop = english_stopwords()
    out = []
    for word in _WORD.findall(text.casefold()):
        word = word.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word in stop or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.append(word)
    return out


def chinese_terms(text: str, segmented: str | None = None) -> list[str]:
    """jieba words of ``text``; ``segmented`` is the archive index's segmentation, when stored."""
    stop = chinese_stopwords()
    if segmented is None:
        segmented = " ".join(jieba().cut(to_simplified(text)))
    return [w for w in _CJK_WORD.findall(segmented.lower()) if w not in stop]


