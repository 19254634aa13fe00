"""Who a phrase before or after a quotation stands for: a name inside it, or (a pronoun, a
role noun) the nearest fitting name before it; and whether that speaker speaks for the PRC.

Speaking for the PRC is decided by who speaks, never by where they are quoted: a foreign
leader in a Xinhua readout, Canada's governor general in a Chinese report, or Reuters citing
a scholar is not the PRC's line even when the sentence mentions China.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from chinabrief.enrich.lexicon import alternation, lexicon

#: Names further apart than this are not taken to be in one sentence.
SENTENCE_SPAN = 200

_PRONOUNS = {"he", "she", "they", "him", "her", "it", "他", "她", "他们", "她们", "他們", "她們"}
_APPOSITION = re.compile(r"(?:a|an|the)\s", re.I)
#: Role nouns that stand for a person named earlier ("the spokesperson", "the professor").
_PERSON_ROLE = re.compile(
    rf"\b(?:{alternation(lexicon().person_roles_en)})s?\b|{alternation(lexicon().person_roles_zh)}", re.I)
#: Nouns that stand for an organisation named earlier ("the ministry said", "the company said").
_ORG_ROLE = re.compile(rf"\b(?:{alternation(lexicon().org_roles_en)})\b|{alternation(lexicon().org_roles_zh)}", re.I)
#: Words that say the speaker is the PRC party-state itself, when no name is in the phrase.
_PRC_CUES = re.compile(r"\b(?:Chinese|China's|Beijing|PRC)\b|中方|中国政府|中國政府|中共中央|国务院|國務院|"
                       r"外交部|国台办|國台辦|商务部|商務部|国防部|國防部|解放军|解放軍")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: A source the report leaves unnamed: an indefinite or counted group, or a plural of people.
_UNNAMED_SOURCE = re.compile(
    r"(?:(?:a|an|one|two|three|four|several|some|many|other|senior|western|chinese|u\.?s\.?|foreign)\s+)*"
    r"(?:[\w-]+\s+){0,3}?(?:people|persons?|sources?|officials|analysts|diplomats|insiders|executives|economists|"
    r"experts|observers|scholars|residents|witnesses|investors|traders|lawmakers)\b"
    r"|(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:official|analyst|diplomat|source|person|economist|expert|executive|"
    r"researcher|scholar|adviser|advisor|insider|lawmaker|spokes(?:person|man|woman))\b"
    r"|消息人士|知情人士|分析人士|业内人士|業內人士|有关人士|有關人士|不少|一些|部分",
    re.I)
#: An unnamed source described at greater length than this is a clause, not a speaker.
MAX_SOURCE_WORDS = 8
_ZH_TITLE = re.compile(alternation(lexicon().person_titles_zh))
_DEMONYM = re.compile(rf"\b(?:{alternation(tuple(lexicon().demonyms))})\b|"
                      rf"{alternation(tuple(d for d in lexicon().demonyms if not d.isascii()))}", re.I)
_ZH_LEADING = re.compile(r"^(?:但是|但|而且|而|然而|不过|不過|同时|同時|此外|另外|对此|對此|随后|隨後|并且|並且|因此)")
#: Words that point back at someone named before: 该发言人, 这位官员.
_ZH_POINTING = ("该", "該", "这位", "這位", "这名", "這名", "此", "上述", "其")
_ZH_SPOKESPERSON = re.compile(r"发言人|發言人")
#: Organisation role words that may stand for any organisation named before them.
_ANY_ORG = {"company", "firm", "group", "government", "statement", "公司", "集团", "集團", "政府"}
_NAME_JOINERS = {"of", "the", "and", "for", "on", "de", "van", "von", "al", "bin", "&"}
#: "Wang has said", "officials would also say": a subject without its auxiliaries.
AUXILIARY = re.compile(r"(?:\s+(?:has|have|had|would|will|also|later|previously|once|then|again))+$", re.I)
#: How the name of a Chinese speaker that no list knows ends: a side, a body, an outlet.
_ZH_SPEAKER_ENDS = ("方", *lexicon().org_suffixes_zh, "社", "台", "网", "網", "报", "報", "媒", "人士", "官员", "官員",
                    "记者", "記者", "专家", "專家", "学者", "學者", "网友", "網友", "民众", "民眾")


@dataclass(frozen=True, slots=True)
class Named:
    """A name found in the item (gazetteer or unknown) that can speak."""

    start: int
    end: int
    name: str
    entity_id: str | None
    type: str
    official_prc: bool
    country: str | None = None  # ISO code, when the gazetteer knows it
    role: str | None = None  # a person's current title, when the gazetteer knows it


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    entity_id: str | None
    official_prc: bool
    role: str | None = None  # "spokesperson", "发言人", or the gazetteer's current title
    country: str | None = None  # ISO code of the country they speak for, when known


#: Where a sentence may end, for "the name it opens with": the marks a new one follows.
_ENDS = (". ", "! ", "? ", "。", "！", "？", "\n")


def resolve(phrase: str, offset: int, quote_start: int, named: list[Named], text: str) -> Speaker | None:
    """The speaker ``phrase`` (found at ``offset``) stands for, with their role and country:
    a name inside it, else (pronoun, role) the nearest fitting name before the quotation, else
    the phrase itself if it reads like a name."""
    phrase = AUXILIARY.sub("", phrase)
    found = _resolve(phrase, offset, quote_start, named, text)
    if found is None:
        return None
    speaker, person = found
    role = _role_in(phrase) or (person.role if person else None)
    country = (person.country if person else None) or _country_in(phrase, named, offset)
    return replace(speaker, role=role, country=country)


def _role_in(phrase: str) -> str | None:
    match = _PERSON_ROLE.search(phrase) or _ZH_TITLE.search(phrase)
    return match.group(0).lower() if match else None


def _country_in(phrase: str, named: list[Named], offset: int) -> str | None:
    """The country a phrase gives its speaker: a country named in it (加拿大总督), a demonym
    ("Chinese foreign ministry spokesperson"), or a side (美方)."""
    place = next((n for n in named if offset <= n.start < offset + len(phrase) and n.type == "place" and n.country),
                 None)
    if place:
        return place.country
    match = _DEMONYM.search(phrase)
    return lexicon().demonyms[match.group(0).lower()] if match else None


def _resolve(phrase: str, offset: int, quote_start: int, named: list[Named], text: str) \
        -> tuple[Speaker, Named | None] | None:
    if _APPOSITION.match(phrase):
        # "Zhang Wei, a professor at Renmin University, said": the name just before the comma.
        before = [n for n in named if n.type == "person" and 0 <= offset - n.end <= 3]
        if before:
            return _speaking(before[-1], phrase, named, offset), before[-1]
    inside = [n for n in named if offset <= n.start < offset + len(phrase) and n.type in ("person", "org")]
    if inside:
        person = next((n for n in inside if n.type == "person"), inside[0])
        return _speaking(person, phrase, named, offset), person
    words = phrase.lower().split()
    if not words:
        return None
    if _UNNAMED_SOURCE.match(phrase) and len(words) <= MAX_SOURCE_WORDS:
        # "two people briefed on the talks", "a Western diplomat", "analysts": someone the
        # report does not name, not a name earlier in it.
        return Speaker(_trimmed(phrase), None, False), None
    wants = _refers_to(phrase, words)
    if wants and _describes_someone_new(phrase):
        # "尼泊尔当局", "火山专家": a role with its own country or field introduces a speaker;
        # it does not point back at a name.
        return Speaker(_trimmed(phrase), None, _prc_by_cue(phrase, named, offset)), None
    if wants:
        before = [n for n in named if n.end <= quote_start and n.type == wants]
        if wants == "org":
            before = _orgs_of_the_kind(phrase, before)
        if before:
            subject = _subject_of_last_sentence(before, text)
            return _speaking(subject, phrase, named, offset), subject
        if wants == "org" or _PERSON_ROLE.search(phrase):
            return Speaker(_trimmed(phrase), None, _prc_by_cue(phrase, named, offset)), None
        return None
    cleaned = _trimmed(phrase)
    if _looks_like_name(cleaned):
        return Speaker(cleaned, None, _prc_by_cue(phrase, named, offset)), None
    return None


def _describes_someone_new(phrase: str) -> bool:
    """Does a role phrase name a new speaker rather than point back? In Chinese it does unless a
    demonstrative (该, 这位) or a pronoun points back, or the role is the spokesperson of a
    press-conference report (尼泊尔当局, 火山专家 are new; 该部, 发言人 are not). English
    says "the minister" for someone named before, and "a minister" is an unnamed source."""
    if _CJK.search(phrase):
        return not phrase.startswith(_ZH_POINTING) and not _ZH_SPOKESPERSON.search(phrase) \
            and not phrase.startswith(("他", "她"))
    return False


def _orgs_of_the_kind(phrase: str, before: list[Named]) -> list[Named]:
    """For "the ministry", "the court", 法院: the organisations named before whose names hold
    that word; for "the company", "the government", any organisation."""
    word = _ORG_ROLE.search(phrase)
    if word is None or word.group(0).lower() in _ANY_ORG:
        return before
    kind = word.group(0).lower()
    return [n for n in before if kind in n.name.lower()]


def _refers_to(phrase: str, words: list[str]) -> str | None:
    """``person`` or ``org`` when the phrase points back at a name ("he", "the ministry")."""
    if phrase.startswith(("他们", "她们", "他們", "她們")) or words[-1] in ("they", "them"):
        return None  # a group, not the last person named
    if words[-1] in _PRONOUNS or phrase in _PRONOUNS or phrase.startswith(("他", "她")):
        return "person"
    person, org = _PERSON_ROLE.search(phrase), _ORG_ROLE.search(phrase)
    if person and org:
        return "person" if person.start() > org.start() else "org"
    return "person" if person else "org" if org else None


def _speaking(n: Named, phrase: str, named: list[Named], offset: int) -> Speaker:
    if n.type == "person" and not n.entity_id and n.country is None:
        # Someone the gazetteer does not know speaks for the PRC only if the phrase says so.
        return Speaker(n.name, None, _prc_by_cue(phrase, named, offset))
    return Speaker(n.name, n.entity_id, n.official_prc)


def _prc_by_cue(phrase: str, named: list[Named], offset: int) -> bool:
    """A phrase without a known speaker speaks for the PRC when it says so and names no other
    country ("美国国务院" holds 国务院; "加拿大总督" is Canada's)."""
    if not _PRC_CUES.search(phrase):
        return False
    foreign = [n for n in named if offset <= n.start < offset + len(phrase) and n.country not in (None, "CN")]
    return not foreign


def _subject_of_last_sentence(before: list[Named], text: str) -> Named:
    """For "he" or "the spokesperson": the first fitting name of the latest sentence that has
    one ("Blinken met Wang Yi. '…,' he said" is Blinken), a fair stand-in for its subject."""
    latest = before[-1]
    opens = max(text.rfind(mark, 0, latest.start) for mark in _ENDS) + 1
    same_sentence = [n for n in before if n.start >= opens and latest.start - n.end <= SENTENCE_SPAN]
    return same_sentence[0] if same_sentence else latest


def _trimmed(phrase: str) -> str:
    """Without a leading article ("the ministry") or conjunction (但法院, 然而外交部)."""
    return _ZH_LEADING.sub("", re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I))


def _looks_like_name(text: str) -> bool:
    if _CJK.search(text):
        # A body or side ("美方", "国防部", "新华社"), not a phrase ("有评论", "专题研讨会并致辞时").
        return 2 <= len(text) <= 12 and text.endswith(_ZH_SPEAKER_ENDS) and not text.endswith(("时", "時"))
    # "Derek Scissors", "Ministry of Commerce": capitalised words and the small words between;
    # not a clause ("This comes after police", "Two people briefed on the talks").
    words = text.split()
    return 1 <= len(words) <= 6 and words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words)
