"""Names the gazetteer does not know, found by their company: titles, suffixes, jieba's tags.

They are returned as entities marked ``known=False`` so a user can see them
(``chinabrief entities --unknown``) and promote the real ones (``chinabrief entities add``).
Precision matters more than recall here: a list of unknown names full of "Thursday" and
"The Ministry" is one nobody reads.
"""

from __future__ import annotations

import re
from functools import cache

from chinabrief.enrich.chinese import jieba, to_simplified
from chinabrief.enrich.lexicon import alternation, lexicon
from chinabrief.models import Entity, Mention, Span

_NAME = r"[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]+)?"
_FULL_NAME = rf"{_NAME}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_NAME}){{1,2}}"
_TITLES = lexicon().person_titles
_PERSON_TITLES = rf"(?:(?:{alternation(lexicon().title_modifiers)}) )?(?:{alternation(_TITLES)})"
_CANDIDATE = re.compile(_FULL_NAME)
#: The last word of every title and speech verb that may stand just before a name.
_CUE_WORDS = {title.split()[-1].lower() for title in _TITLES} | {"said", "says", "told", "to"}
#: "Foreign Minister Wang Yi", "spokesperson Mao Ning", "Mr Zhang Wei": a title just before.
_TITLE_BEFORE = re.compile(rf"\b(?i:{_PERSON_TITLES})\.?\s+$")
#: "… said Zhang Wei", "according to Zhang Wei".
_VERB_BEFORE = re.compile(r"\b(?:said|says|told|(?i:according to))\s+$")
#: "Zhang Wei said", "Zhang Wei told …".
_VERB_AFTER = re.compile(r"\s+(?:said|says|told)\b")
#: "Zhang Wei, a spokesperson for …", "Zhang Wei, the ministry's director".
_APPOSED = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,5}}?(?:{alternation(lexicon().person_roles_en)})\b")
_ORG_SUFFIX = alternation(lexicon().org_suffixes_en)
_ORG_WORD = re.compile(rf"\b(?:{_ORG_SUFFIX})(?!\w)")
_ORG = re.compile(
    rf"(?=[A-Z])\b(?P<name>(?:{_NAME}\s+|[A-Z]{{2,}}\s+|of\s+|and\s+|for\s+|&\s+){{0,6}}?{_NAME}\s+"
    rf"(?:{_ORG_SUFFIX})"
    r"(?:\s+(?:Co\.|Ltd\.?|Inc\.?|Corp\.?|Group|Limited))?)(?![\w])"
    rf"|(?=[A-Z])\b(?P<dept>(?:Ministry|Department|Bureau|Office) of (?:the\s+)?(?:{_NAME}\s*(?:and\s+)?){{1,4}})"
)
_PLACE = re.compile(rf"(?=[A-Z])\b(?P<name>{_NAME}(?:\s+{_NAME})?\s+"
                    r"(?:Province|City|County|District|Prefecture|Island|Islands|Shoal|Reef|Strait))\b")
_NOT_NAMES = {
    "The", "This", "That", "These", "Those", "But", "And", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Chinese", "China", "Beijing", "American", "Communist",
    "National", "State", "Central", "People", "Party", "Foreign", "New", "Vice", "Deputy", "Prime", "Premier",
    "President", "Minister", "Ministry", "Secretary", "General", "Hong", "Kong",
}
#: The commonest Chinese surnames: a person name (jieba's ``nr``) must start with one.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习温赖蔡柯洪庄彭"
)
_ZH_ORG_SUFFIX = lexicon().org_suffixes_zh
_ZH_NOT_NAMES = {"城镇", "各地", "全国", "地方", "当地", "国内", "国外", "海外", "境外", "境内", "全球", "东部", "西部",
                 "南部", "北部", "中部", "沿海", "内地", "城市", "农村", "乡村"}
_ZH_PLACE_SUFFIX = ("省", "市", "县", "区", "州", "岛", "湾", "峡", "港", "镇", "村", "山", "河", "江", "湖")
#: jieba tags and the entity type each stands for.
_ZH_TAGS = {"nr": "person", "ns": "place", "nt": "org"}


_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
             r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|"
             r"a|o|e|i|u|v)")
_GIVEN_NAME = re.compile(rf"(?:{_SYLLABLE}){{1,2}}", re.I)
#: Common Chinese surnames in pinyin: "Zhang Wenbin" is a person even without a title.
_PINYIN_SURNAMES = {
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu",
    "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao",
    "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye", "Cheng", "Wei", "Su",
    "Lu", "Ding", "Ren", "Shen", "Yao", "Jin", "Fu", "Qin", "Qian", "Kong", "Mao", "Xi", "Bai", "Cui", "Fan",
    "Shi", "Lei", "Hou", "Long", "Duan", "Hao", "Kang", "Qiu", "Tan", "Xia", "Zou", "Meng", "Qu", "Yin", "Xue",
}


def _is_chinese_name(words: list[str]) -> bool:
    """"Zhang Wenbin", "Li Qiang": a pinyin surname and a one- or two-syllable given name."""
    return len(words) == 2 and words[0] in _PINYIN_SURNAMES and bool(_GIVEN_NAME.fullmatch(words[1]))


def _clean(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).strip(" ,.")


def _unknown(name: str, kind: str) -> str:
    return f"unknown:{kind}:{name}"


def english_names(text: str, taken: list[Mention]) -> list[tuple[int, int, str, str]]:
    """``(start, end, name, type)`` for names found by their cues, outside known mentions.

    Capitalised runs of two or three words are candidates; a title before one, a speech verb
    on either side or an apposition after it ("…, a spokesperson for") makes it a person.
    """
    found: list[tuple[int, int, str, str]] = []
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        name = _clean(match.group(0))
        words = name.split()
        if words[0] in _NOT_NAMES or _ORG_WORD.search(name):
            continue
        before = text[max(0, start - 48):start]
        words_before = before.rsplit(None, 1) if before[-1:].isspace() else []
        word_before = words_before[-1].rstrip(".").lower() if words_before else ""
        # The word just before decides whether the costlier patterns can match at all.
        if (word_before in _CUE_WORDS and (_TITLE_BEFORE.search(before) or _VERB_BEFORE.search(before))) \
                or _VERB_AFTER.match(text, end) or _APPOSED.match(text, end) or _is_chinese_name(words):
            found.append((start, end, name, "person"))
    has_org = bool(_ORG_WORD.search(text)) or any(w in text for w in ("Ministry", "Department", "Bureau", "Office"))
    for pattern, group, kind in ((_ORG, "name", "org"), (_ORG, "dept", "org"), (_PLACE, "name", "place")):
        if pattern is _ORG and not has_org:
            continue  # no organisation word anywhere: the costly organisation pattern cannot match
        for match in pattern.finditer(text):
            if match.group(group) is None:
                continue
            start, end = match.span(group)
            name = _clean(match.group(group))
            article = re.match(r"(?:The|A|An)\s+", name)
            if article:
                name, start = name[article.end():], start + article.end()
            if len(name.split()) >= 2:
                found.append((start, end, name, kind))
    return _outside(found, taken)


@cache
def _jieba():  # type: ignore[no-untyped-def]
    module = jieba()
    import jieba.posseg as posseg

    return module, posseg.dt.word_tag_tab


def chinese_names(text: str, taken: list[Mention]) -> list[tuple[int, int, str, str]]:
    """Person, place and organisation names among jieba's words, with checks: a person starts
    with a common surname, an organisation ends like one.

    Tags come from jieba's dictionary; words its HMM invents (names it has never seen, like
    毛宁) have no tag and count as a person when they look like a Chinese name. Running jieba's
    part-of-speech Viterbi instead was forty times slower for little gain.
    """
    jieba, tags = _jieba()
    found: list[tuple[int, int, str, str]] = []
    position = 0
    for word in jieba.cut(to_simplified(text)):  # jieba's dictionary is simplified; offsets are kept
        start = position
        position += len(word)
        if len(word) < 2 or not ("\u4e00" <= word[0] <= "\u9fff"):
            continue
        tag = tags.get(word)
        kind = _ZH_TAGS.get(tag) if tag else ("person" if word not in jieba.dt.FREQ else None)
        if kind is None:
            continue
        if kind == "person" and not (2 <= len(word) <= 3 and word[0] in _SURNAMES):
            continue
        if kind == "org" and not word.endswith(_ZH_ORG_SUFFIX):
            continue
        if word in _ZH_NOT_NAMES or (kind == "place" and len(word) < 3):
            continue  # "城镇", "各地": jieba tags common words ns too
        found.append((start, position, word, kind))
    return _outside(found, taken)


def _outside(found: list[tuple[int, int, str, str]], taken: list[Mention]) -> list[tuple[int, int, str, str]]:
    spans = [(m.start, m.end) for m in taken]
    kept: list[tuple[int, int, str, str]] = []
    for start, end, name, kind in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if any(s < end and start < e for s, e in spans):
            continue
        spans.append((start, end))
        kept.append((start, end, name, kind))
    return kept


def unknown_entities(text: str, taken: list[Mention], chinese: bool) -> list[Entity]:
    """Entities for names outside the gazetteer, counted, in order of first mention."""
    return unknown_entities_from(chinese_names(text, taken) if chinese else english_names(text, taken))


def unknown_entities_from(found: list[tuple[int, int, str, str]]) -> list[Entity]:
    spans: dict[tuple[str, str], list[Span]] = {}
    for start, end, name, kind in found:
        spans.setdefault((name, kind), []).append(Span(name, start, end))
    return [Entity(id=_unknown(name, kind), name=name, type=kind, mentions=len(where), known=False, forms=[name],
                   spans=where) for (name, kind), where in spans.items()]
