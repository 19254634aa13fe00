"""What people said and who said it, so a briefing can fill "What China Said".

Direct speech is text in “curly”, "straight" or 「corner」 marks that reads like speech: several
words, or a clause in Chinese. Short marked phrases ("wolf warrior", “两国论”) are scare quotes
or titles, not speech. Its speaker comes from the same sentence: ``X said: “…”``, ``“…,” X
said``, ``according to X, “…”``, ``X表示：“…”``.

Reported speech is a sentence that gives what someone said in the writer's words: ``X said
(that) …``, ``…, X said.``, ``according to X, …``, ``王毅表示，…``, ``据路透社报道，…``. Its text
runs from the speech verb to the end of the sentence. Most of what officials say reaches a
China desk this way, in readouts and press-conference reports, so missing it leaves "What
China Said" to the few who are quoted word for word.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from chinabrief.enrich.lexicon import alternation, lexicon
from chinabrief.enrich.speakers import AUXILIARY, Named, Speaker, resolve
from chinabrief.models import Quote, QuoteKind

#: Quotations shorter than this (in words, or characters for Chinese) are scare quotes.
MIN_WORDS = 4
MIN_CJK_CHARS = 8
#: How far either side of a quotation its speaker is looked for.
CONTEXT_CHARS = 160
#: A quotation inside a reported sentence that covers less than this share of it is a phrase
#: of the reported speech ("calling them “envoys of friendship”"), not a quote of its own.
PARTIAL_QUOTE_SHARE = 0.6
#: An unattributed quotation takes the speaker of a quote that ends at most this far before it.
CARRY_CHARS = 300
#: A speaker phrase longer than this (characters) is a clause, not a subject.
MAX_SPEAKER_CHARS = 100
MAX_ZH_SPEAKER_CHARS = 40

# A quotation that runs over paragraphs opens each one and closes only the last ("e"); one cut
# off by a feed's summary ends in an ellipsis ("f").
_MARKS = re.compile(r"“(?P<a>[^“”]{2,2000})”|\"(?P<b>[^\"]{2,2000})\""
                    r"|「(?P<c>[^「」]{2,2000})」|『(?P<d>[^『』]{2,2000})』"
                    r"|“(?P<e>[^“”\n]{2,2000})(?=\n\s*“)|“(?P<f>[^“”\n]{2,2000}?)(?:\.\.\.|…)\s*$")
_VERBS = alternation(lexicon().quote_en)
_ZH_VERBS = alternation(lexicon().speech_zh)
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
_ZH_AFTER = re.compile(rf"^\s*[，,。]?\s*(?P<sp>[\u4e00-\u9fff·]{{1,24}}?)(?:{_ZH_VERBS})")
_ZH_CLAUSE_MARKS = "；;：:）)】”」』"
#: Adverbs between a subject and its verb ("他并表示", "外交部还指出"): not part of the subject.
_ZH_ADVERBS = re.compile(r"(?:并|並|还|還|也|则|則|又|再|亦|更|曾|均|都|随后|隨後|同时|同時|进一步|進一步|再次|一再)+$")
_CJK = re.compile(r"[\u3400-\u9fff]")

# -- reported speech -------------------------------------------------------------------------

#: Verbs that report speech in English. Those after "said" only count with a "that" clause
#: ("warned that …"), since "urged X to …" or "told Reuters China …" has no clean boundary.
_EN_SAY = alternation(lexicon().say_en)
_EN_REPORT = alternation(lexicon().report_en)
#: What may stand between the verb and what was said: "said on Monday", "said in a statement".
_EN_BRIDGE = (r"(?:\s+(?:(?:late |early |earlier |)on \w+(?: \d{1,2})?|last \w+|this \w+|earlier|later|today|"
              r"on Monday|in (?:a|an|its|his|her|their) (?:\w+ ){0,2}(?:statement|post|interview|speech|report|"
              r"briefing|letter|note|filing)(?: on \w+)?|at (?:a|an|the) (?:\w+ ){0,3}\w+))?")
#: Whom speech is told to, when no "that" follows: "told reporters", "told a reporter", "told Reuters".
_AUDIENCE = (r"(?:(?:a|the)\s+)?(?:reporters?|journalists?|media|press|audience|crowd|lawmakers|parliament|"
             r"[A-Z][\w.&'’-]+(?:\s+[A-Z][\w.&'’-]+){0,2})")
_EN_SUBJECT_FIRST = re.compile(
    rf"\b(?:(?P<say>{_EN_SAY})|(?P<report>{_EN_REPORT})(?:\s+[\w'’-]+){{0,6}}?(?=\s+that\b)"
    rf"|(?P<told>told|tells)\s+{_AUDIENCE}"
    rf"|(?P<accused>accused|accuses|urged|urges|called on|calls on)(?=\s+\S))"
    rf"{_EN_BRIDGE},?\s+(?:that\s+)?(?=\S)")
_EN_SAID_LAST = re.compile(
    rf",\s+(?:(?P<sp>[^,;“”\"]{{2,90}}?)\s+(?:{_EN_SAY}|told [\w ]{{2,30}}?|wrote|noted|argued|warned|reported|"
    rf"announced|stated|estimated|claimed|insisted|explained)"
    rf"|(?:{_EN_SAY})\s+(?P<sp2>[^,;“”\"]{{2,90}}?)){_EN_BRIDGE}[^,;“”\"]{{0,100}}?[.!?]?\s*$")
_EN_ACCORDING_FIRST = re.compile(r"^\s*According to (?P<sp>[^,;“”\"]{2,90}),\s+", re.I)
_EN_ACCORDING_LAST = re.compile(r",\s+according to (?P<sp>[^,;“”\"]{2,90}?)[.!?]?\s*$", re.I)
#: "said little", "said nothing about": a verb of speech with no speech after it.
_NOT_SPEECH = re.compile(r"(?:little|nothing|much|more|less|so|yes|no|goodbye|sorry|to\s)\b", re.I)
#: "was said to be", "is said to have": no one speaks.
_PASSIVE = re.compile(r"\b(?:is|was|were|are|be|been|being|it)\s*$", re.I)



def _guarded(verb: str) -> str:
    guard = lexicon().zh_not_after.get(verb)
    return f"(?<![{re.escape(guard)}]){re.escape(verb)}" if guard else re.escape(verb)


_ZH_REPORT = re.compile(
    "(?:" + "|".join(_guarded(v) for v in sorted(lexicon().speech_zh, key=len, reverse=True)) + r")\s*[，,:：]")
#: Verbs of speech that may take what was said with no comma between (特朗普指…, 并表示…).
_ZH_REPORT_BARE = re.compile(r"(?<![所意手直是就食中])(?:表示|指出|指|称|稱|认为|認為|强调|強調|批评|批評|声称|聲稱)"
                             r"(?![，,:：\s])")
#: What follows 表示 when it is a gesture rather than speech (表示欢迎, 表示感谢).
_ZH_GESTURES = ("欢迎", "歡迎", "感谢", "感謝", "祝贺", "祝賀", "慰问", "慰問", "哀悼", "同情", "赞赏", "讚賞", "关切",
                "關切", "遗憾", "遺憾", "不满", "不滿", "支持", "反对", "反對", "愤慨", "憤慨", "谴责", "譴責", "敬意")
#: A clause after a bare verb shorter than this (characters) is an object, not speech.
MIN_BARE_CLAUSE = 8
_ZH_ACCORDING = re.compile(r"(?:据|據)(?P<sp>[^，,。；！？]{2,30}?)"
                           r"(?:报道|報導|报导|消息|称|稱|透露|表示|指出|介绍|介紹)?\s*[，,]")
#: Where speech may be reported, found in one cheap pass so that sentences without any of it
#: are not tried against the patterns above: "said", "says", "added", "according" and the
#: " that " every other English verb needs, and the first characters of the Chinese verbs.
_SPEECH_CUE = re.compile(r"sa(?:id|ys)|add(?:s|ed)|ccording|told|tells|ccuse|urge[sd] |call(?:ed|s) on| that "
                         rf"|[{''.join(sorted({v[0] for v in lexicon().speech_zh}))}据據]")
#: A " that " cue counts only after a verb that reports speech ("warned on Monday that").
_REPORTED_THAT = re.compile(rf"\b(?:{_EN_REPORT})\b[^.;:!?“”\"]{{0,60}}$")
#: Characters after which a new sentence may start (the sentence pattern decides where).
_ENDS = ("\n", "。", "！", "？", ". ", "! ", "? ")
_SENTENCE = re.compile(r"[^\n.!?。！？]*(?:[.!?](?=\s|$)[\"”’)]?|[。！？][”」』]?|\n|$)"
                       r"|[^\n。！？]+(?:[。！？][”」』]?|\n|$)")


def find_quotes(text: str, named: list[Named], body_from: int = 0) -> list[Quote]:
    """Direct and reported speech in ``text`` with their speakers; ``named`` are the item's
    name mentions; ``body_from`` is where the headline ends (reported speech is read there)."""
    quotes: list[Quote] = []
    for match in _MARKS.finditer(text):
        said = next(g for g in match.groups() if g is not None).strip()
        if not _is_speech(said):
            continue
        speaker = _speaker(text, match.start(), match.end(), named)
        quotes.append(_quote(speaker, said, QuoteKind.DIRECT, match.start(), match.end()))
    cues = [m.start() for m in _SPEECH_CUE.finditer(text, body_from)
            if m.group() != " that " or _REPORTED_THAT.search(text, max(0, m.start() - 70), m.start())]
    for start, end in _sentences(text, cues):
        if start < body_from:
            continue
        found = _reported(text, start, end, named)
        if found:
            quotes = _with_reported(quotes, found)
    return _carry_speakers(sorted(quotes, key=lambda q: q.start))


def _with_reported(quotes: list[Quote], reported: Quote) -> list[Quote]:
    """Add a reported quote unless a quotation covers most of it. A quotation that is only a
    phrase of the sentence ("calling them “envoys of friendship”") is part of the reported
    speech and goes; a quotation that is most of it stays, with the sentence's speaker."""
    inside = [q for q in quotes if q.kind == QuoteKind.DIRECT and q.start < reported.end and reported.start < q.end]
    if not inside:
        return [*quotes, reported]
    if sum(q.end - q.start for q in inside) >= PARTIAL_QUOTE_SHARE * (reported.end - reported.start):
        for q in inside:
            if q.speaker is None:
                _same_speaker(q, reported)
        return quotes
    return [*(q for q in quotes if q not in inside), reported]


def _same_speaker(quote: Quote, source: Quote) -> None:
    quote.speaker, quote.speaker_id, quote.official_prc = source.speaker, source.speaker_id, source.official_prc
    quote.speaker_role, quote.speaker_country = source.speaker_role, source.speaker_country


def _carry_speakers(quotes: list[Quote]) -> list[Quote]:
    """A quotation with no attribution of its own continues the speaker just before it, as
    reports run a speaker's words on ("…,” Xi said. “We are ready …”)."""
    for previous, quote in itertools.pairwise(quotes):
        if quote.speaker is None and previous.speaker and quote.start - previous.end <= CARRY_CHARS:
            _same_speaker(quote, previous)
    return quotes


def _quote(speaker: Speaker | None, said: str, kind: QuoteKind, start: int, end: int) -> Quote:
    if speaker is None:
        return Quote(speaker=None, text=said, kind=kind, start=start, end=end)
    return Quote(speaker=speaker.name, text=said, kind=kind, start=start, end=end, speaker_id=speaker.entity_id,
                 official_prc=speaker.official_prc, speaker_role=speaker.role, speaker_country=speaker.country)


def _is_speech(text: str) -> bool:
    cjk = len(_CJK.findall(text))
    if cjk:
        return cjk >= MIN_CJK_CHARS
    return len(text.split()) >= MIN_WORDS


def _sentences(text: str, cues: list[int]) -> Iterator[tuple[int, int]]:
    """The sentences that hold one of the ``cues`` (positions in ``text``), once each."""
    end = -1
    for cue in cues:
        if cue < end:
            continue
        start = max(text.rfind(mark, 0, cue) for mark in _ENDS)
        start = start + 1 if start >= 0 else 0
        match = _SENTENCE.match(text, start)
        while match and match.end() <= cue and match.end() < len(text):
            match = _SENTENCE.match(text, match.end())
        if match is None or match.end() <= start:
            continue
        end = match.end()
        if text[match.start():end].strip():
            yield match.start(), end


def _speaker(text: str, start: int, end: int, named: list[Named]) -> Speaker | None:
    left = text[max(0, start - CONTEXT_CHARS):start]
    left = re.split(r"(?<=[.!?。！？])\s*", left)[-1] if not left.rstrip().endswith((",", ":", "：", "，")) else left
    right = text[end:end + CONTEXT_CHARS]
    for pattern, groups, where in ((_AFTER, ("sp1", "sp2"), end), (_ZH_AFTER, ("sp",), end),
                                   (_BEFORE, ("acc", "sp"), start), (_ZH_BEFORE, ("sp",), start)):
        match = pattern.search(right if where == end else left)
        if not match:
            continue
        group = next((g for g in groups if match.group(g)), None)
        if not group:
            continue
        offset = (end if where == end else start - len(left)) + match.start(group)
        found = resolve(match.group(group).strip(), offset, start, named, text)
        if found:
            return found
    return None


def _reported(text: str, start: int, end: int, named: list[Named]) -> Quote | None:
    sentence = text[start:end]
    if _CJK.search(sentence):
        return _reported_chinese(text, start, end, named)
    return _reported_english(text, start, end, named)


def _reported_english(text: str, start: int, end: int, named: list[Named]) -> Quote | None:
    sentence = text[start:end]
    body = sentence.rstrip()
    # "…, according to the ministry." / "…, the ministry said." : what was said comes first,
    # and the attribution is the last clause.
    comma = body.rfind(", ")
    for pattern in (_EN_ACCORDING_LAST, _EN_SAID_LAST) if comma > 0 else ():
        match = pattern.match(body, comma)
        if match:
            group = "sp" if match.group("sp") else "sp2"
            said = body[:comma].strip()
            found = _attributed(text, said, start, start + match.start(group), match.group(group), named)
            if found:
                return found
    match = _EN_ACCORDING_FIRST.match(body) if "ccording" in body[:20] else None
    if match:
        said = body[match.end():]
        return _attributed(text, said, start + match.end(), start + match.start("sp"), match.group("sp"), named)
    for verb in _EN_SUBJECT_FIRST.finditer(body):
        subject = AUXILIARY.sub("", re.split(r"[,;:]\s", body[:verb.start()])[-1].strip())
        said = body[verb.end():]
        if not subject or len(subject) > MAX_SPEAKER_CHARS or _PASSIVE.search(subject) or _NOT_SPEECH.match(said):
            continue
        found = _attributed(text, said, start + verb.end(), start + body.rfind(subject, 0, verb.start()), subject,
                            named)
        if found:
            return found
    return None


def _reported_chinese(text: str, start: int, end: int, named: list[Named]) -> Quote | None:
    sentence = text[start:end]
    match = _ZH_ACCORDING.search(sentence)
    if match:
        return _attributed(text, sentence[match.end():], start + match.end(), start + match.start("sp"),
                           match.group("sp"), named)
    for verb in _ZH_REPORT.finditer(sentence):
        # The subject starts after a clause mark, a closing bracket (a dateline's byline,
        # "（记者朱超）") or a closing quotation mark ("“…”她说") — unless what follows that mark
        # names no one ("…“研讨会主题”专题研讨会并致辞时说"): then after the clause mark.
        for marks in (_ZH_CLAUSE_MARKS, _ZH_CLAUSE_MARKS.rstrip("”」』")):
            clause_start = max(sentence.rfind(mark, 0, verb.start()) for mark in marks) + 1
            subject = _ZH_ADVERBS.sub("", sentence[clause_start:verb.start()].strip())
            # The clause next to the verb first ("气温方面，气象署表示": 气象署), then the whole.
            last = subject[subject.rfind("，", 0, len(subject) - 1) + 1:] if "，" in subject else ""
            for phrase in (last, subject if len(subject) <= MAX_ZH_SPEAKER_CHARS else ""):
                if not phrase:
                    continue
                found = _attributed(text, sentence[verb.end():], start + verb.end(),
                                    start + clause_start + subject.rfind(phrase), phrase, named)
                if found:
                    return found
    return _reported_without_mark(text, start, sentence, named)


def _reported_without_mark(text: str, start: int, sentence: str, named: list[Named]) -> Quote | None:
    """``特朗普指巴拿马运河已被中国控制``, ``…，并表示今后…``: a verb of speech with what was
    said straight after it, no comma between. Only what reads as a clause counts (表示欢迎 is
    a gesture, not speech), and a clause without a subject of its own takes the sentence's."""
    for verb in _ZH_REPORT_BARE.finditer(sentence):
        said = sentence[verb.end():]
        clause = re.split(r"[，,。；;！？]", said, maxsplit=1)[0]
        if len(clause) < MIN_BARE_CLAUSE or clause.startswith(_ZH_GESTURES):
            continue
        clause_start = max(sentence.rfind(mark, 0, verb.start()) for mark in _ZH_CLAUSE_MARKS) + 1
        own = sentence[clause_start:verb.start()]
        subject = _ZH_ADVERBS.sub("", own[own.rfind("，") + 1:].strip())
        if not subject:  # "她对免签政策充满期待，并表示…": the sentence's subject speaks
            subject = own.split("，", 1)[0].strip()
        if subject and len(subject) <= MAX_ZH_SPEAKER_CHARS:
            found = _attributed(text, said, start + verb.end(), start + clause_start, subject, named)
            if found:
                return found
    return None


def _attributed(text: str, said: str, said_at: int, speaker_at: int, phrase: str,
                named: list[Named]) -> Quote | None:
    """A reported quote when what was said reads like speech and the phrase names a speaker."""
    stripped = said.strip().rstrip("\n")
    if not stripped or not _is_speech(stripped):
        return None
    phrase = AUXILIARY.sub("", phrase.strip())
    offset = speaker_at + max(0, text.find(phrase, speaker_at) - speaker_at) if phrase else speaker_at
    speaker = resolve(phrase, offset, offset, named, text)
    if speaker is None:
        return None
    at = text.find(stripped, said_at)
    at = at if at >= 0 else said_at
    return _quote(speaker, stripped, QuoteKind.REPORTED, at, at + len(stripped))
