"""What one block of a digest is: a headline, a labelled part, a source line, a link, a byline,
boilerplate or body text.

The patterns are the cues real newsletters and briefing pages use. Curated word lists
(section labels, boilerplate phrases) live in ``data/digest.json``; the shapes of lines
(numbering, ``Source: OUTLET, DATE``, datelines) are here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from chinabrief.enrich.outlets import OutletCatalogue
from chinabrief.sources.dates import PATTERNS as DATE_PATTERNS
from chinabrief.sources.dates import parse_date

#: Lines longer than this are body text, whatever words they start with.
MAX_CUE_CHARS = 200
#: A headline is at most this long (CJK headlines are counted in characters too).
MAX_HEADLINE_CHARS = 160

_SOURCE = re.compile(
    r"^[(（\[「『【〔]?\s*(?:sources?|source\s+link|来源|來源|消息来源|消息來源|资料来源|資料來源|出处|出處)\s*[:：]\s*"
    r"(?P<rest>.+?)\s*[)）\]」』】〕]?\s*$",
    re.I,
)
_DATED_SOURCE = re.compile(r"^(?P<when>.{4,24}?)\s*(?:sources?|来源|來源)\s*[:：]\s*(?P<rest>.{1,60})$", re.I)
#: "- Headline — one or two sentences. (Outlet, Dec. 9)": a whole item on one line.
_BRIEF = re.compile(
    r"^(?:[-*•·]\s+)?(?P<head>[^—–]{8,160}?)\s+[—–]\s+(?P<body>.{20,}?)\s*[(（](?P<src>[^()（）]{3,80})[)）]\s*\.?$"
)
_TRAILING_SOURCE = re.compile(
    r"\s*[(（「【]\s*(?:sources?|来源|來源)\s*[:：]\s*(?P<rest>[^()（）「」【】]{1,120})[)）」】]\s*$", re.I)
_URL = re.compile(r"https?://[^\s<>\"'）)\]]+")
_URL_LINE = re.compile(
    r"^(?:(?:link|url|read (?:more|it|the (?:full )?(?:story|article|report))(?: here| at)?|full story|original|"
    r"原文(?:链接|連結|地址)?|链接|連結)\s*[:：]?\s*)?[<(\[]?(?P<url>https?://\S+?)[>)\].,]?$",
    re.I,
)
#: The words of a link that stands for the item's own article ("Read more", "Full story").
_LINK_WORDS = re.compile(
    r"^(?:read (?:more|it|on|the (?:full )?(?:story|article|report|piece))|full (?:story|article|report)|"
    r"continue reading|go deeper|more here|link|source|original|阅读全文|閱讀全文|原文|全文)"
    r"\s*(?:here)?\s*[.:：»›→>]*$",
    re.I,
)


def link_line(text: str, href: str | None) -> Cue | None:
    """A paragraph that is only a "Read more" link: the item's URL, not text."""
    if href and len(text) <= 40 and _LINK_WORDS.match(text.strip()):
        return Cue("url", text, url=href)
    return None


_BYLINE = re.compile(r"^(?:by|written by|words by|reported by)\s*[:：]?\s+(?P<names>\S.{1,250})$", re.I)
#: "By Staff Reporter", "By our correspondent": a byline that names no one.
_STAFF = re.compile(r"^(?:(?:a|our|the)\s+)?(?:staff|special|foreign|own)?\s*(?:reporters?|writers?|correspondents?|"
                    r"staff)(?:\s+(?:in|at)\s+\S.{0,40})?$", re.I)
_ZH_BYLINE = re.compile(r"^(?:作者|记者|記者|撰文|文)\s*[:：|丨]\s*(?P<names>.{2,60})$")
#: "3. Headline", "3) Headline", "3、标题", and Axios's "1 big thing: Headline".
NUMBERED = re.compile(r"^(?:#+\s*)?(?P<n>\d{1,2})(?:\s*[.)、]|\s+big\s+things?\s*:)\s+(?P<t>\S.*)$", re.I)
_ZH_NUMBERED = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})\s*[、．.]\s*(?P<t>\S.*)$")
_BRACKETED = re.compile(r"^【(?P<t>[^】]{2,80})】\s*(?P<rest>.*)$")
_PREFIX = re.compile(r"^(?P<o>[^:：]{2,40}?)\s*[:：]\s*(?P<t>\S.+)$")
_SENTENCE_BREAK = re.compile(r"[a-z)][.!?] [A-Z]|[。！？].")
_ENDS_SENTENCE = re.compile(r"[.。!！;；,，:：…]$|[.。]['\"”’]$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}|[A-Z][a-z]+(?: [A-Z][a-z]+)?),?\s+(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"(?:,\s*\d{4})?)|\d{1,2}\s+[A-Z][a-z]{2,8}(?:\s+\d{4})?)?\s*(?:\((?P<outlet>[^)]{2,40})\))?\s*[-—–]{1,2}\s"
)
_ZH_DATELINE = re.compile(
    r"^[(（]?\s*(?P<outlet>中央社|新华社|新華社|中新社|中新网|中新網)(?:记者|記者)?(?P<author>[\u4e00-\u9fff、]{0,12}?)"
    r"(?P<place>[\u4e00-\u9fff]{2,5})(?P<date>(?:\d{1,2}月)?\d{1,2}日)\s*(?:电|電)"
)
_TITLE_WORDS = re.compile(
    r"\b(?:director|fellow|editor|analyst|professor|senior|associate|researcher|correspondent|reporter|chief|head|"
    r"manager|president|intern|chair|program|programme|lead|founder|staff|writer|contributor|bureau|desk|"
    r"university|institute|center|centre|council|school|foundation|at)\b",
    re.I,
)
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*\s?){1,4}$|^[\u4e00-\u9fff·]{2,6}$")


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str  # body | boiler | source | url | byline | label | headline | brief | rule | caption | section_drop
    # | block_drop | rest_drop
    #            | rest_drop
    text: str = ""  # the payload: body text, headline text, label content
    label: str | None = None  # canonical section label
    outlet: str | None = None  # outlet name as written (source line, headline prefix)
    when: str | None = None  # the date as written
    url: str | None = None
    names: tuple[str, ...] = ()
    strength: str = ""  # numbered | bracketed | zh_numbered | prefixed | heading | caps (headlines)
    number: int = 0  # the item number of a numbered headline
    rest: str = ""  # body text that shares the headline's line (``【标题】正文…``)


class PhraseSet:
    """Many boilerplate patterns tested as one. Those anchored at the start (most of them)
    are tried only there: searching a long alternation at every position of every line was
    the slowest step of splitting."""

    def __init__(self, patterns: list[str]) -> None:
        anchored = [p[1:] for p in patterns if p.startswith("^")]
        loose = [p for p in patterns if not p.startswith("^")]
        self._anchored = re.compile("|".join(f"(?:{p})" for p in anchored), re.I) if anchored else None
        self._loose = re.compile("|".join(f"(?:{p})" for p in loose), re.I) if loose else None

    def search(self, text: str) -> re.Match[str] | None:
        return (self._anchored.match(text) if self._anchored else None) or (
            self._loose.search(text) if self._loose else None)


@dataclass(frozen=True)
class CueData:
    labels: dict[str, str]  # lower-case variant -> canonical label
    drop_line: PhraseSet
    caption_line: PhraseSet  # kept with the item as a caption, not as text
    drop_rest: PhraseSet
    drop_section: PhraseSet
    drop_block: PhraseSet
    headline_prefix: PhraseSet
    bio: re.Pattern[str]
    label_line: re.Pattern[str]


@cache
def cue_data() -> CueData:
    data = json.loads(resources.files("chinabrief.data").joinpath("digest.json").read_text("utf-8"))
    labels = {v.lower(): canon for canon, variants in data["labels"].items() for v in [canon, *variants]}
    alternatives = "|".join(re.escape(v) for v in sorted(labels, key=len, reverse=True))
    label_line = re.compile(
        rf"^(?:[*_#]+\s*)?(?P<label>{alternatives})\s*(?:[*_]+\s*)?[:：]\s*(?:[*_]+\s*)?(?P<rest>.*)$", re.I
    )

    def either(key: str) -> PhraseSet:
        return PhraseSet(data[key])

    return CueData(labels, either("drop_line"), either("caption_line"), either("drop_rest"), either("drop_section"),
                   either("drop_block"), either("headline_prefix"), re.compile(data["bio"]), label_line)


def is_caption(text: str) -> bool:
    """A photo caption or credit ("图为…", "Photo: …"): kept with the item, apart from its text."""
    return len(text) <= MAX_CUE_CHARS and bool(cue_data().caption_line.search(text))


def is_boilerplate(text: str) -> bool:
    """A line or paragraph that is never news (credits, captions, sign-up prompts), read as
    the splitter reads one: only a short one can be."""
    text = text.strip()
    return len(text) <= MAX_CUE_CHARS and bool(cue_data().drop_line.search(text))


def bare_headline(text: str) -> str:
    """A headline without what a print edition puts before it ("02版综合新闻 - 雪后黄山美")."""
    found = cue_data().headline_prefix.search(text)
    return text[found.end():] if found and found.end() < len(text) else text


def looks_like_headline(text: str) -> bool:
    """Short, one sentence at most, not ending the way sentences do, and no link in it."""
    return (0 < len(text) <= MAX_HEADLINE_CHARS and not _ENDS_SENTENCE.search(text) and not text.startswith("(")
            and not _SENTENCE_BREAK.search(text) and "://" not in text)


#: A second labelled field after the outlet on a source line ("来源：外交部 作者：…", "Source: X Editor: Y").
_NEXT_FIELD = re.compile(
    r"\s*(?:作者|记者|記者|撰稿|撰文|编辑|編輯|责任编辑|責任編輯|责编|責編|author|editor|by)\s*[:：]", re.I)


def split_source(rest: str) -> tuple[str | None, str | None, str | None]:
    """``"Reuters, July 3, 2023 https://…"`` -> outlet, date as written, url."""
    url_match = _URL.search(rest)
    url = url_match.group(0).rstrip(".,;") if url_match else None
    if url_match:
        rest = (rest[: url_match.start()] + rest[url_match.end():]).strip()
    first_date = None
    for _, pattern in DATE_PATTERNS:
        m = pattern.search(rest)
        if m and (first_date is None or m.start() < first_date.start()):
            first_date = m
    when = first_date.group(0) if first_date else None
    name = rest[: first_date.start()] if first_date else rest
    name = _NEXT_FIELD.split(name, maxsplit=1)[0]  # "外交部 作者：外交部新闻司": the author is another field
    name = re.split(r"\s*[,，;；|/]\s*|\s+[-–—]\s+", name.strip(" ,，;；|-–—:：()（）"))[0].strip()
    return (name or None), when, url


_META_FIELDS = re.compile(r"\s+[|｜·•]\s+")


def meta_line(text: str, catalogue: OutletCatalogue) -> Cue | None:
    """``Reuters | Kevin Albright and Mei Sorensen | 15 July 2024`` under a headline: the item's
    outlet, authors and date on one line. Both a known outlet and a date must be there."""
    fields = _META_FIELDS.split(text.strip())
    if not 2 <= len(fields) <= 4 or len(text) > 160:
        return None
    outlet = next((f for f in fields if catalogue.by_name(f)), None)
    when = next((f for f in fields if f != outlet and parse_date(f)), None)
    if not outlet or not when:
        return None
    names = tuple(n for f in fields if f not in (outlet, when) for n in parse_names(f))
    return Cue("source", text, outlet=outlet, when=when, names=names, strength="meta")


def classify(text: str, kind: str, catalogue: OutletCatalogue) -> Cue:
    """One block's cue. ``kind`` is the reader's block kind (para, heading, quote, …)."""
    cues = cue_data()
    short = len(text) <= MAX_CUE_CHARS
    if kind == "rule":
        return Cue("rule")
    if kind == "caption":
        return Cue("caption", text)
    if short:
        if cues.drop_rest.search(text):
            return Cue("rest_drop", text)
        if cues.drop_block.search(text):
            return Cue("block_drop", text)
        if cues.drop_section.search(text):
            return Cue("section_drop", text)
        if cues.caption_line.search(text):
            return Cue("caption", text)
        if cues.drop_line.search(text):
            return Cue("boiler", text)
        if m := _SOURCE.match(text):
            outlet, when, url = split_source(m.group("rest"))
            return Cue("source", text, outlet=outlet, when=when, url=url)
        if (m := _DATED_SOURCE.match(text)) and parse_date(m.group("when")):
            outlet, _, url = split_source(m.group("rest"))
            return Cue("source", text, outlet=outlet, when=m.group("when"), url=url)
        if m := _URL_LINE.match(text):
            return Cue("url", text, url=m.group("url"))
        if ("|" in text or "｜" in text or " · " in text) and (meta := meta_line(text, catalogue)):
            return meta
        if (m := _BYLINE.match(text)) or (m := _ZH_BYLINE.match(text)):
            names = parse_names(m.group("names"))
            if names or _STAFF.match(m.group("names")):
                return Cue("byline", text, names=names)
    if m := cues.label_line.match(text):
        return Cue("label", m.group("rest").strip(), label=cues.labels[m.group("label").lower()])
    if short and kind in ("heading", "para") and (
            label := cues.labels.get(text.strip(" *_#:：").lower())) and label != "Correction":
        # A label standing alone ("Key takeaways" over a list): it heads what follows, up to
        # the end of that list or the next heading.
        return Cue("label", "", label=label, strength="standalone")
    if kind == "heading":
        return _headline(text, "heading", catalogue)
    if kind in ("para", "list") and (m := _BRIEF.match(text)):
        outlet, when, url = split_source(m.group("src"))
        if when or (outlet and catalogue.by_name(outlet)):
            return Cue("brief", m.group("head").strip(), outlet=outlet, when=when, url=url,
                       rest=m.group("body").strip())
    if kind in ("para", "list") and (brief := outlet_brief(text, catalogue)):
        return brief
    if kind == "para" and short:
        return _headline_cue(text, catalogue)
    return Cue("body", text)


_OUTLET_BULLET = re.compile(r"^(?:[-*•·]\s+)?(?P<o>[^:：—–(]{2,40}?)\s*(?:[:：]|\s[—–-]\s)\s*(?P<t>\S.{20,})$")
_TRAILING_LINK = re.compile(r"\s*[(（\[]?\s*(?P<url>https?://[^\s()（）\[\]]+)\s*[)）\]]?\s*$")


def outlet_brief(text: str, catalogue: OutletCatalogue) -> Cue | None:
    """``• Xinhua: China sets a growth target. More on it. (https://…)``: a whole item on one
    line, led by its outlet. The first sentence stands for the headline."""
    m = _OUTLET_BULLET.match(text)
    if not m or not catalogue.by_prefix(m.group("o")):
        return None
    body, url = m.group("t"), None
    if link := _TRAILING_LINK.search(body):
        body, url = body[: link.start()].rstrip(), link.group("url")
    first = _FIRST_SENTENCE.match(body)
    if first is None:
        return None
    return Cue("brief", first.group("head").strip(), outlet=m.group("o").strip(), url=url,
               rest=first.group("rest").strip())


def _headline_cue(text: str, catalogue: OutletCatalogue) -> Cue:
    if (m := NUMBERED.match(text)) and looks_like_headline(m.group("t")):
        return _headline(m.group("t"), "numbered", catalogue, number=int(m.group("n")))
    if m := _BRACKETED.match(text):
        return Cue("headline", m.group("t").strip(), strength="bracketed", rest=m.group("rest").strip())
    if (m := _ZH_NUMBERED.match(text)) and looks_like_headline(m.group("t")):
        return _headline(m.group("t"), "zh_numbered", catalogue)
    if (m := _PREFIX.match(text)) and looks_like_headline(text) and catalogue.by_prefix(m.group("o")):
        return Cue("headline", m.group("t").strip(), outlet=m.group("o").strip(), strength="prefixed")
    # str.isupper() is true when every cased character is upper case (CJK is uncased).
    if text.isupper() and sum(c.isalpha() for c in text) >= 8 and " " in text and looks_like_headline(text) \
            and not text.rstrip().endswith(("—", "-")):
        return Cue("headline", text, strength="caps")
    return Cue("body", text)


def _headline(text: str, strength: str, catalogue: OutletCatalogue, number: int = 0) -> Cue:
    outlet = None
    m = NUMBERED.match(text) if strength == "heading" else None
    if m:
        text = m.group("t")
    if (p := _PREFIX.match(text)) and catalogue.by_prefix(p.group("o")):
        outlet, text = p.group("o").strip(), p.group("t").strip()
    return Cue("headline", text, outlet=outlet, strength=strength, number=number)


_TRAILING_OUTLET = re.compile(r"\s*[(（【\[]\s*(?P<name>[^()（）【】\[\]]{2,24}?)\s*[)）】\]]\s*$")
_NUMBERED_PARAGRAPH = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．)]\s*(?P<t>\S.*)$")
_FIRST_SENTENCE = re.compile(r"^(?P<head>.{6,120}?)(?:[。！？]|[.!?](?=\s))\s*(?P<rest>\S.*)$")


def trailing_source(text: str, catalogue: OutletCatalogue | None = None) -> tuple[str, Cue | None]:
    """Body text that ends in ``（来源：人民日报，2024年3月6日）``, or in a bare outlet name in
    brackets (``（新华社）``, ``【财新】``): the text and the source cue."""
    m = _TRAILING_SOURCE.search(text)
    if m and m.start() > 0:
        outlet, when, url = split_source(m.group("rest"))
        return text[: m.start()].rstrip(), Cue("source", m.group(0).strip(), outlet=outlet, when=when, url=url)
    m = _TRAILING_OUTLET.search(text)
    if m and m.start() > 0 and catalogue is not None and catalogue.by_name(m.group("name")):
        return text[: m.start()].rstrip(), Cue("source", m.group(0).strip(), outlet=m.group("name"))
    return text, None


def numbered_brief(text: str, source: Cue) -> Cue | None:
    """``3、央行出台楼市新政。中国人民银行5月17日宣布……【财新】``: a whole item in one numbered
    paragraph, its first sentence standing for the headline. Only with a source at its end:
    numbered paragraphs without one are an article's list of points."""
    m = _NUMBERED_PARAGRAPH.match(text)
    if not m or (first := _FIRST_SENTENCE.match(m.group("t"))) is None:
        return None
    return Cue("brief", first.group("head").strip(), outlet=source.outlet, when=source.when, url=source.url,
               rest=first.group("rest").strip())


def parse_names(names: str) -> tuple[str, ...]:
    """Names from a byline, titles and affiliations dropped.

    ``"Jane Doe, Senior Fellow; John Roe, Director"`` -> ``("Jane Doe", "John Roe")``.
    """
    names = re.split(r"\s+[|·•]\s+|\s+[-–—]\s+(?=\w+ \d)", names)[0]
    found: list[str] = []
    for n, group in enumerate(re.split(r"\s*[;；、/]\s*|\s+(?:and|&)\s+|\s*和\s*", names)):
        parts = [p.strip(" .") for p in re.split(r"\s*[,，]\s*", group) if p.strip(" .")]
        for i, part in enumerate(parts):
            # After a name, a single word is a title's fragment ("Jo Li, Tech and Trade Writer").
            if _TITLE_WORDS.search(part) or not _NAME.match(part) or (i > 0 and " " not in part):
                if i == 0:
                    break
                continue
            found.append(part)
        if n == 0 and not found:
            return ()  # "By our photos we show … Tyrol and Switzerland": a sentence, not a byline
    return tuple(dict.fromkeys(found))


def dateline(text: str) -> tuple[str | None, str | None, str | None]:
    """``"MANILA, March 5 (Reuters) - …"`` -> outlet, date as written, author."""
    if (m := _DATELINE.match(text)) and (m.group("outlet") or m.group("date")):
        return m.group("outlet"), m.group("date"), None
    if m := _ZH_DATELINE.match(text):
        author = m.group("author") or None
        return m.group("outlet"), m.group("date"), author
    return None, None, None
