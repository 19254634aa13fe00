"""Direct quotations and who said them, so a briefing can fill "What China Said".

A quotation is text in “curly”, "straight" or 「corner」 marks that reads like speech: several
words, or a clause in Chinese. Short marked phrases ("wolf warrior", “两国论”) are scare
quotes or titles, not speech. The speaker comes from the same sentence: ``X said: “…”``,
``“…,” X said``, ``according to X, “…”``, ``X表示：“…”``. Pronouns and role nouns ("he", "the
spokesperson") stand for the nearest fitting name before the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chinabrief.models import Quote

#: Quotations shorter than this (in words, or characters for Chinese) are scare quotes.
MIN_WORDS = 4
MIN_CJK_CHARS = 8
#: How far either side of a quotation its speaker is looked for.
CONTEXT_CHARS = 160

_MARKS = re.compile(r"“(?P<a>[^“”]{2,2000})”|\"(?P<b>[^\"]{2,2000})\""
                    r"|「(?P<c>[^「」]{2,2000})」|『(?P<d>[^『』]{2,2000})』")
_VERBS = (r"said|says|say|told|tells|added|adds|stated|wrote|writes|warned|warns|noted|notes|argued|argues|"
          r"insisted|stressed|explained|declared|asked|replied|responded|urged|vowed|claimed|complained|"
          r"remarked|commented|posted|tweeted|announced|pledged")
_ZH_VERBS = (r"表示|说道|说|說|称|稱|指出|强调|強調|回应|回應|坦言|透露|介绍|介紹|表态|表態|"
             r"直言|认为|認為|呼吁|呼籲|警告|声称|聲稱")
_BEFORE = re.compile(
    rf"(?:according to (?P<acc>[^,;.“”\"]{{2,80}}),\s*$)"
    rf"|(?P<sp>[^,;.:“”\"]{{2,90}}?),?\s+(?:{_VERBS})(?:\s+(?:[a-z]+\s+){{0,4}}?(?:that|in a statement|on \w+))?"
    r"\s*[:,]?\s*$",
    re.I,
)
_AFTER = re.compile(
    rf"^\s*[,，]?\s*(?:(?:{_VERBS})\s+(?P<sp1>[^,;.“”\"]{{2,90}})|(?P<sp2>[^,;.“”\"]{{2,60}}?)\s+(?:{_VERBS}))\b",
    re.I,
)
_ZH_BEFORE = re.compile(rf"(?P<sp>[\u4e00-\u9fff·A-Za-z]{{2,24}}?)(?:{_ZH_VERBS})(?:道)?\s*[:：，,]?\s*$")
_ZH_AFTER = re.compile(rf"^\s*[，,。]?\s*(?P<sp>[\u4e00-\u9fff·]{{2,24}}?)(?:{_ZH_VERBS})")
_APPOSITION = re.compile(r"(?:a|an|the)\s", re.I)
#: Names further apart than this are not taken to be in one sentence.
SENTENCE_SPAN = 200
_PRONOUNS = {"he", "she", "they", "him", "her", "it", "他", "她", "他们", "她们"}
_ROLE = re.compile(r"\b(?:the )?(?:spokes(?:person|man|woman)|minister|official|ministry|premier|president|"
                   r"professor|analyst|economist|researcher|scholar|expert|"
                   r"ambassador|envoy|leader|diplomat|governor|chairman|secretary|statement|embassy|"
                   r"foreign ministry)\b", re.I)
_PRC_CUES = re.compile(r"\b(?:Chinese|China's|Beijing|PRC)\b|中方|外交部|国台办|國台辦|商务部|商務部|国防部|國防部|"
                       r"发言人|發言人|新华社|中国政府|中國政府|国务院|國務院")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class Named:
    """A name found in the item (gazetteer or unknown) that can speak."""

    start: int
    end: int
    name: str
    entity_id: str | None
    type: str
    official_prc: bool
    sentence: int = 0  # which sentence of the text it stands in


_SENTENCE_END = re.compile(r"[.!?。！？](?=\s|$)|[。！？]")


def _with_sentences(text: str, named: list[Named]) -> list[Named]:
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    out, index = [], 0
    for n in sorted(named, key=lambda n: n.start):
        while index < len(ends) and ends[index] <= n.start:
            index += 1
        out.append(Named(n.start, n.end, n.name, n.entity_id, n.type, n.official_prc, index))
    return out


def _is_speech(text: str) -> bool:
    cjk = len(_CJK.findall(text))
    if cjk:
        return cjk >= MIN_CJK_CHARS
    return len(text.split()) >= MIN_WORDS


def find_quotes(text: str, named: list[Named]) -> list[Quote]:
    """Quotations in ``text`` with their speakers; ``named`` are the item's name mentions."""
    quotes: list[Quote] = []
    numbered: list[Named] | None = None
    for match in _MARKS.finditer(text):
        said = next(g for g in match.groups() if g is not None).strip()
        if not _is_speech(said):
            continue
        if numbered is None:
            numbered = named = _with_sentences(text, named)
        speaker, speaker_id, official = _speaker(text, match.start(), match.end(), named)
        quotes.append(Quote(speaker=speaker, text=said, speaker_id=speaker_id, official_prc=official))
    return quotes


def _speaker(text: str, start: int, end: int, named: list[Named]) -> tuple[str | None, str | None, bool]:
    left = text[max(0, start - CONTEXT_CHARS):start]
    left = re.split(r"(?<=[.!?。！？])\s*", left)[-1] if not left.rstrip().endswith((",", ":", "：", "，")) else left
    right = text[end:end + CONTEXT_CHARS]
    for pattern, groups, where in ((_AFTER, ("sp1", "sp2"), end), (_ZH_AFTER, ("sp",), end),
                                   (_BEFORE, ("acc", "sp"), start), (_ZH_BEFORE, ("sp",), start)):
        match = pattern.search(right if where == end else left)
        if not match:
            continue
        phrase = next((match.group(g) for g in groups if match.group(g)), None)
        if not phrase:
            continue
        offset = (end if where == end else start - len(left)) + match.start(next(g for g in groups if match.group(g)))
        found = _resolve(phrase.strip(), offset, start, named)
        if found:
            return found
    return None, None, False


def _resolve(phrase: str, offset: int, quote_start: int, named: list[Named]) -> tuple[str, str | None, bool] | None:
    """The speaker a phrase stands for: a name inside it, else (pronoun, role) the nearest
    fitting name before the quotation."""
    if _APPOSITION.match(phrase):
        # "Zhang Wei, a professor at Renmin University, said": the name just before the comma.
        before = [n for n in named if n.type == "person" and 0 <= offset - n.end <= 3]
        if before:
            return before[-1].name, before[-1].entity_id, before[-1].official_prc
    inside = [n for n in named if offset <= n.start < offset + len(phrase) and n.type in ("person", "org")]
    if inside:
        person = next((n for n in inside if n.type == "person"), inside[0])
        return person.name, person.entity_id, person.official_prc or bool(_PRC_CUES.search(phrase))
    words = phrase.lower().split()
    if not words:
        return None
    refers = words[-1] in _PRONOUNS or phrase in _PRONOUNS or _ROLE.search(phrase)
    if refers:
        wants = "org" if re.search(r"ministry|embassy|statement|外交部", phrase, re.I) else "person"
        before = [n for n in named if n.end <= quote_start and n.type == wants]
        if before:
            nearest = _subject_of_last_sentence(before, text_before=quote_start)
            return nearest.name, nearest.entity_id, nearest.official_prc or bool(_PRC_CUES.search(phrase))
        if _ROLE.search(phrase):
            return phrase, None, bool(_PRC_CUES.search(phrase))
        return None
    cleaned = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
    if _looks_like_name(cleaned):
        return cleaned, None, bool(_PRC_CUES.search(phrase))
    return None


def _subject_of_last_sentence(before: list[Named], text_before: int) -> Named:
    """For "he" or "the spokesperson": the first fitting name of the latest sentence that has
    one ("Blinken met Wang Yi. '…,' he said" is Blinken), a fair stand-in for its subject."""
    latest = before[-1]
    same_sentence = [n for n in before if latest.start - n.end <= SENTENCE_SPAN and n.sentence == latest.sentence]
    return same_sentence[0] if same_sentence else latest


def _looks_like_name(text: str) -> bool:
    if _CJK.search(text):
        return 2 <= len(text) <= 12
    words = text.split()
    return 1 <= len(words) <= 6 and words[0][:1].isupper()
