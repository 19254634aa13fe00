"""The word lists that say who someone is and who speaks (``data/titles.json``), loaded once
and shared by name finding, entity matching, speakers and quotes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Lexicon:
    person_titles: tuple[str, ...]
    #: Chinese titles and descriptions that stand just before a name (总统, 发言人, 商人).
    person_titles_zh: tuple[str, ...]
    title_modifiers: tuple[str, ...]
    person_roles_en: tuple[str, ...]
    person_roles_zh: tuple[str, ...]
    org_roles_en: tuple[str, ...]
    org_roles_zh: tuple[str, ...]
    say_en: tuple[str, ...]  # "said": what was said may follow at once
    report_en: tuple[str, ...]  # "warned": only with a "that" clause
    quote_en: tuple[str, ...]  # beside a quotation
    speech_zh: tuple[str, ...]
    #: Chinese verbs that are speech only when none of these characters stands just before
    #: (说 in 来说 "as for", 据说 "reportedly"; 称 in 被称为 "is called").
    zh_not_after: dict[str, str]
    org_suffixes_en: tuple[str, ...]
    org_suffixes_zh: tuple[str, ...]
    #: Words that give a speaker's country ("Chinese", "美方"), lower case, to ISO codes.
    demonyms: dict[str, str]


@cache
def lexicon() -> Lexicon:
    data = json.loads(resources.files("chinabrief.data").joinpath("titles.json").read_text("utf-8"))
    verbs = data["speech_verbs"]
    return Lexicon(
        person_titles=tuple(data["person_titles"]), person_titles_zh=tuple(data["person_titles_zh"]),
        title_modifiers=tuple(data["title_modifiers"]),
        person_roles_en=tuple(data["person_roles"]["en"]), person_roles_zh=tuple(data["person_roles"]["zh"]),
        org_roles_en=tuple(data["org_roles"]["en"]), org_roles_zh=tuple(data["org_roles"]["zh"]),
        say_en=tuple(verbs["en_say"]), report_en=tuple(verbs["en_report"]), quote_en=tuple(verbs["en_quote"]),
        speech_zh=tuple(verbs["zh"]), zh_not_after=dict(verbs["zh_not_after"]),
        org_suffixes_en=tuple(data["org_suffixes"]["en"]), org_suffixes_zh=tuple(data["org_suffixes"]["zh"]),
        demonyms={k.lower(): v for k, v in data["demonyms"].items()},
    )


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regular-expression alternation of ``words``, longest first so "Vice Premier" wins over
    "Premier", each escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
