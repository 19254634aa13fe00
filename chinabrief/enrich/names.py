"""Names the gazetteer does not know, found by their company: titles, suffixes, jieba's tags.

They are returned as entities marked ``known=False`` so a user can see them
(``chinabrief entities --unknown``) and promote the real ones (``chinabrief entities add``).
Precision matters more than recall here: a list of unknown names full of "Thursday" and
"The Ministry" is one nobody reads.
"""

from __future__ import annotations

import bisect
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
    r"(?:\s+(?:Co\.|Ltd\.?|Inc\.?|Corp\.?|Group|Limited))?"
    rf"(?:\s+of\s+(?:the\s+)?{_NAME}(?:\s+{_NAME}){{0,2}})?)(?![\w])"
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
                 "南部", "北部", "中部", "沿海", "内地", "城市", "农村", "乡村", "高达", "高達"}
_ZH_TITLES = frozenset(lexicon().person_titles_zh)
#: Characters a name after a title does not start with (议员多来中国: "come more often").
_ZH_NOT_NAME_STARTS = frozenset("多也将將在已还還都就又曾再正均亦则則于於对對与與和")
#: Words that end an organisation's name whatever jieba's tag says.
ORG_NOUNS = ("研究会", "研究會", "委员会", "委員會", "联盟", "聯盟", "法院", "公司", "集团", "集團", "银行", "銀行",
             "协会", "協會", "研究院", "研究所", "大学", "大學", "学院", "學院", "基金会", "基金會", "商会", "商會")
#: Words that never stand inside an organisation's name (conjunctions, prepositions, particles).
_ZH_JOINERS = frozenset(("的", "和", "与", "與", "在", "是", "对", "對", "将", "將", "为", "為", "等", "及", "并", "並",
                        "由", "同", "向", "从", "從", "被", "把", "了", "也", "都", "还", "還", "又", "就", "已", "该",
                        "該", "这", "這", "那", "其", "或", "而", "于", "於", "以", "因", "但", "到", "给", "給", "让",
                        "讓", "使", "据", "據", "称", "稱", "说", "說", "表示", "指出"))
#: An organisation's name takes at most this many words before its last.
ORG_NAME_WORDS = 4
#: What may follow a name inside one of jieba's words without making it another word:
#: 中国政府, 华为公司, 台湾地区, 日本首相, 中国籍.
_ZH_NAME_TAILS = ("政府", "当局", "當局", "方面", "公司", "集团", "集團", "地区", "地區", "特区", "特區", "籍", "人",
                  "市", "省", "县", "縣", "岛", "島", "军", "軍", "队", "隊", "国", "國", "同", "和", "与", "與", "在",
                  "对", "對", "向", "将", "將", "也", "说", "說", "称", "稱", "等", "表", "指",
                  *lexicon().person_titles_zh)
#: Names of at most this many characters must also end where one of jieba's words ends.
SHORT_NAME_CHARS = 3
_ZH_GENERIC_BODIES = ("政府", "当局", "當局", "方面", "军方", "軍方")
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


def chinese_words(text: str) -> list[tuple[int, int, str]]:
    """jieba's words of ``text`` as ``(start, end, word)``; the dictionary is simplified, and
    OpenCC's conversion keeps every character's offset."""
    words: list[tuple[int, int, str]] = []
    position = 0
    for word in _jieba()[0].cut(to_simplified(text)):
        words.append((position, position + len(word), word))
        position += len(word)
    return words


def word_holding(words: list[tuple[int, int, str]], start: int, end: int) -> tuple[int, int, str] | None:
    """The one jieba word that holds ``start:end``, if one does."""
    at = bisect.bisect_right(words, start, key=lambda w: w[0]) - 1
    return words[at] if at >= 0 and words[at][1] >= end else None


def inside_a_word(words: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """Does a name at ``start:end`` begin inside one of jieba's words, or end inside one that is
    more than the name and a common tail (中国 in 中国政府 counts; 海航 in 地中海航运 does not)?"""
    at = bisect.bisect_right(words, start, key=lambda w: w[0]) - 1
    if at < 0 or words[at][0] != start:
        return True
    _, word_end, word = words[at]
    while word_end < end and at + 1 < len(words):
        at += 1
        word_end, word = words[at][1], words[at][2]
    if word_end == end or end - start > SHORT_NAME_CHARS:
        return False  # a long name (联合国安理会) is a name wherever jieba's words end
    return not word[end - words[at][0]:].startswith(_ZH_NAME_TAILS)


def chinese_names(text: str, taken: list[Mention], words: list[tuple[int, int, str]] | None = None) \
        -> list[tuple[int, int, str, str]]:
    """Person, place and organisation names among jieba's words, with checks: a person starts
    with a common surname (or, a foreign name, follows a title: 总统穆利诺), an organisation
    ends like one and takes in the words before it that belong to its name (巴拿马/最高法院,
    中国/全国/港澳/研究会).

    Tags come from jieba's dictionary; words its HMM invents (names it has never seen, like
    毛宁) have no tag and count as a person when they look like a Chinese name. Running jieba's
    part-of-speech Viterbi instead was forty times slower for little gain.
    """
    _, tags = _jieba()
    words = chinese_words(text) if words is None else words
    found: list[tuple[int, int, str, str]] = []
    for index, (start, end, word) in enumerate(words):
        kind = _kind_of(words, index, tags)
        if kind == "org":
            start, word = _with_name_before(words, index, tags)
            if _generic_body(word) or word in ORG_NOUNS:
                continue  # "英国政府", or a bare "公司" with no name before it
        if kind:
            found.append((start, end, word, kind))
    found += _interpunct_names(words)
    return _outside(found + _again(words, found), taken)


def _kind_of(words: list[tuple[int, int, str]], index: int, tags: dict[str, str]) -> str | None:
    """What jieba's word at ``index`` names, if it names anything: person, place or org."""
    word = words[index][2]
    if len(word) < 2 or not ("\u4e00" <= word[0] <= "\u9fff") or word in _ZH_NOT_NAMES or word in _ZH_TITLES:
        return None  # "城镇", "各地": jieba tags common words ns too
    tag = tags.get(word)
    if index > 0 and words[index - 1][2] in _ZH_TITLES and tag in (None, "nr", "nrt", "nrfg") and len(word) <= 5 \
            and word[0] not in _ZH_NOT_NAME_STARTS:
        return "person"  # 总统穆利诺, 顾问博纳: a foreign name after a title
    kind = _ZH_TAGS.get(tag) if tag else ("person" if word not in _jieba()[0].dt.FREQ else None)
    if kind == "person" and not (2 <= len(word) <= 3 and word[0] in _SURNAMES):
        return None
    if kind == "place" and len(word) < 3:
        return None
    if kind == "org" and not word.endswith(_ZH_ORG_SUFFIX):
        kind = None
    return "org" if kind is None and word.endswith(ORG_NOUNS) else kind


def _again(words: list[tuple[int, int, str]], found: list[tuple[int, int, str, str]]) \
        -> list[tuple[int, int, str, str]]:
    """Later mentions of a person found by a title (商人刘英 … 刘英表示): the same name."""
    people = {name for _, _, name, kind in found if kind == "person"}
    seen = {(start, end) for start, end, _, _ in found}
    return [(start, end, word, "person") for start, end, word in words if word in people and (start, end) not in seen]


def _interpunct_names(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    """"玛丽·西蒙": a foreign name written with the interpunct, the words either side of it."""
    found = []
    for index in range(1, len(words) - 1):
        before, dot, after = words[index - 1], words[index], words[index + 1]
        if dot[2] == "·" and _is_cjk(before[2]) and _is_cjk(after[2]) and before[2] not in _ZH_TITLES:
            end, name = after[1], f"{before[2]}·{after[2]}"
            # jieba cuts unfamiliar names short ("斯塔/默"): single characters after belong to it
            for _, more_end, more in words[index + 2:index + 4]:
                if len(more) != 1 or not _is_cjk(more) or more in _ZH_JOINERS:
                    break
                end, name = more_end, name + more
            found.append((before[0], end, name, "person"))
    return found


def _is_cjk(word: str) -> bool:
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _with_name_before(words: list[tuple[int, int, str]], index: int, tags: dict[str, str]) -> tuple[int, str]:
    """An organisation word and the words before it that are part of its name, back to a place
    or a proper name: 巴拿马 + 最高法院, 中国 + 全国 + 港澳 + 研究会."""
    start, _, name = words[index]
    taken = 0
    for back in range(index - 1, max(-1, index - 1 - ORG_NAME_WORDS), -1):
        word = words[back][2]
        if word in _ZH_JOINERS or not _is_cjk(word) or (tags.get(word) or "n")[0] not in "nj":
            break  # only nouns make a name: not 旗下 ("under"), not a verb
        taken += 1
        if word in _ZH_TITLES:
            break
        if tags.get(word) in ("ns", "nt", "nz", "j"):
            first = back
            if len(word) == 1 and back > 0 and len(words[back - 1][2]) == 1 and _is_cjk(words[back - 1][2]):
                first = back - 1  # "中/英/企业家/委员会": jieba splits the pair of countries
            start, name = words[first][0], "".join(w[2] for w in words[first:index + 1])
            taken = 0
    return start, name


def _generic_body(name: str) -> bool:
    """"英国政府", "特区政府": a country's government or side, not a named body."""
    return name.endswith(_ZH_GENERIC_BODIES) and (len(name) <= 4 or name.startswith(("特区", "特區")))


def _outside(found: list[tuple[int, int, str, str]], taken: list[Mention]) -> list[tuple[int, int, str, str]]:
    spans = [(m.start, m.end) for m in taken]
    kept: list[tuple[int, int, str, str]] = []
    for start, end, name, kind in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if any(s < end and start < e for s, e in spans):
            continue
        spans.append((start, end))
        kept.append((start, end, name, kind))
    return kept


def unknown_entities_from(found: list[tuple[int, int, str, str]]) -> list[Entity]:
    """One entity per name; a shorter name held at the end of a longer one of the same kind is
    that one (最高法院 after 巴拿马最高法院)."""
    spans: dict[tuple[str, str], list[Span]] = {}
    longer = sorted({(name, kind) for _, _, name, kind in found}, key=lambda nk: -len(nk[0]))
    for start, end, name, kind in found:
        owner = next((n for n, k in longer if k == kind and len(n) > len(name) and n.endswith(name)
                      and ((_is_cjk(name) and len(name) >= 3) or " " in name)), name)
        spans.setdefault((owner, kind), []).append(Span(name, start, end))
    return [Entity(id=_unknown(name, kind), name=name, type=kind, mentions=len(where), known=False, forms=[name],
                   spans=where) for (name, kind), where in spans.items()]
