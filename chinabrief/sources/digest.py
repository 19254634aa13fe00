"""Split a document into its news items.

A newsletter of numbered items, a briefing page whose items end in ``Source: OUTLET, DATE``,
a blog post quoting several newspapers, a long article with its own sub-headings: each
arrives as a list of blocks (see :mod:`chinabrief.sources.html` and ``text``). We

1. classify every block (:mod:`chinabrief.sources.cues`) and drop boilerplate,
2. decide from the whole document's cues whether it holds several items or one,
3. cut it into segments: before each item headline and after each ``Source:`` line, and
4. assemble each segment into an :class:`~chinabrief.models.Item`: headline, labelled
   sections, body, outlet, date, link and byline.

Text before the first item of a digest (masthead, greeting, table of contents) is the
document's *preamble*: kept with the document, not made into an item.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date

from chinabrief.enrich.outlets import OutletCatalogue
from chinabrief.models import Block, Document, Item
from chinabrief.sources import cues as C
from chinabrief.sources.dates import parse_date
from chinabrief.sources.draft import MAX_LINK_CHARS, ItemBuilder, Line, is_cjk, is_lone_date, kicker
from chinabrief.sources.html import main_content

#: Share of the document (from the end) in which footer cues may cut off everything after them.
TAIL_SHARE = 0.4
#: A digest without source lines or numbering must have at least this many same-level
#: headings, and segments this short on average (in words), to be split at its headings.
MIN_BARE_HEADINGS = 3
MAX_BARE_SEGMENT_WORDS = 300
#: Split only on page structure, a document whose largest part holds more than this share of
#: its words is one article with teasers around it (tuned on saved news pages: see bench/).
DOMINANT_SHARE = 0.6
#: Main-content extraction that keeps less than this share of the words in the page's prose
#: paragraphs (those of at least PROSE_WORDS words) has lost the article. Link lists, menus
#: and comment threads are left out of the comparison: a page full of them says nothing
#: about the article's length (measured on bench/extract.py's two page sets).
MIN_MAIN_SHARE = 0.2
PROSE_WORDS = 25
#: Share of the parts found by structure alone that must look like news items of their own.
NEWS_ITEM_SHARE = 0.5
#: A table of contents lists at least this many of the headlines that follow it.
MIN_CONTENTS_LINES = 3
#: A review page's introduction holds at most this share of its words.
LEAD_IN_SHARE = 0.3
#: Headlines of news stories run to at least this many words; sub-headings are shorter.
NEWS_HEADLINE_WORDS = 7
#: A title line at the top followed by fewer words than this (a strapline) is a masthead.
MASTHEAD_MAX_WORDS = 40
SPLITTER_VERSION = "3"  # bump when a change alters what existing documents split into
#: Headline strengths that start a new item wherever they appear in a digest.
#: A reposted article's byline or date stands within this many lines of its headline.
REPOST_META_LINES = 3
STRONG = {"numbered", "bracketed", "zh_numbered", "prefixed", "heading", "caps"}


@dataclass
class Split:
    """What splitting one document gives: its items, and what it kept or dropped besides."""

    items: list[Item]
    preamble: list[str] = field(default_factory=list)
    dropped: int = 0
    mode: str = "article"


def split_document(doc: Document, catalogue: OutletCatalogue, single: bool = False) -> Split:
    """The items of one document; ``single`` when it is known to hold one article (a page the
    user added by its URL)."""
    if doc.feed is not None:  # a feed already says where each item begins and ends
        from chinabrief.sources.feeds import feed_items

        return Split(items=feed_items(doc, catalogue), mode="feed")
    cues: _CueMemo = {}
    lines, dropped = _classify(doc.blocks, catalogue, cues=cues)
    lines, contents = _without_contents_list(lines)
    dropped += contents
    doc_date = doc.published or _masthead_date(lines)
    mode, starts, firm = ("article", set(), True) if single else _plan(lines, catalogue)
    segments, preamble = _segment(lines, mode, starts)
    if mode != "article" and (not segments or (not firm and (
            _one_dominates(segments, preamble)
            or not _reads_like_news_items(segments, catalogue, untitled=_title_index(lines) is None)))):
        # Structure alone suggested several items, but one of them holds most of the text (an
        # article page with teasers around it), or the parts carry no outlet, date or link of
        # their own (an article or listicle with sub-headings). Better one item than shreds.
        mode, starts = "article", set()
        segments, preamble = _segment(lines, mode, starts)
    split = _assemble(doc, catalogue, doc_date, mode, segments, preamble, lines)
    if not split.items and any(ln.cue.kind in ("body", "label") for ln in lines) and mode != "article":
        split = _assemble(doc, catalogue, doc_date, "article", *_segment(lines, "article", set()), lines)
    if split.mode == "article" and len(split.items) <= 1 and doc.html:
        _keep_main_content(doc, catalogue, doc_date, split, cues, fast=not single)
    split.dropped = dropped
    return split


def _keep_main_content(doc: Document, catalogue: OutletCatalogue, doc_date: date | None, split: Split,
                       cues: _CueMemo, fast: bool = True) -> None:
    """A web page that holds one article: keep the article's text as trafilatura finds it, and
    the headline, date, outlet and byline as our own reading found them (it sees the page's
    metadata and the title above the text)."""
    page = doc.tree if doc.tree is not None else doc.html or ""
    main_lines, _ = _classify(main_content(page, fast=fast), catalogue, extracted=True, cues=cues)
    if not main_lines:
        return
    main = _assemble(doc, catalogue, doc_date, "article", [main_lines], [], main_lines)
    if not split.items:  # our own reading kept nothing (all of it looked like page furniture)
        split.items = main.items
        return
    [ours] = split.items
    if not main.items or _words(main.items[0].text) < MIN_MAIN_SHARE * _prose_words(ours.text):
        return  # the extractor lost the article; a page with extra text beats a page without text
    found = main.items[0]
    if "\n\n" not in found.text and found.text.startswith(ours.headline):
        # On short pages the extractor falls back to one run-on paragraph, title and byline
        # included: our reading is better when it holds nothing the extract does not.
        run_on = _normal(found.text)
        if all(_normal(para) in run_on for para in ours.text.split("\n\n")):
            return
        found.text = found.text[len(ours.headline):].strip() or found.text
    if found.headline and _normal(found.headline) not in (_normal(ours.headline), _normal(doc.title or "")):
        # The extract's first heading was a sub-heading of the article, not its title: keep it.
        found.text = f"{found.headline}\n\n{found.text}"
    ours.text, ours.sections = found.text, found.sections
    ours.authors = ours.authors or found.authors
    ours.url = ours.url or found.url
    ours.published = ours.published or found.published
    if ours.outlet is None and found.outlet is not None:
        ours.outlet, ours.outlet_name = found.outlet, found.outlet_name


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _prose_words(text: str) -> int:
    return sum(n for para in text.split("\n\n") if (n := _words(para)) >= PROSE_WORDS)


def _words(text: str) -> int:
    return len(text.split()) + len(text) // 2 * is_cjk(text)


def _reads_like_news_items(segments: list[list[Line]], catalogue: OutletCatalogue, untitled: bool) -> bool:
    """Do most parts carry a mark of a news item of their own: an outlet credited, a link, a
    date, a dateline? The sub-sections of one article carry none. On a page without a title
    of its own, a headline that says who did what counts too."""
    marked = 0
    for segment in segments:
        body = [ln for ln in segment if ln.cue.kind in ("body", "label")][:2]
        text = " ".join(ln.block.text for ln in body)
        heads = [ln.cue.text for ln in segment if ln.cue.kind == "headline"]
        if _has(segment, "source", "url", "byline", "brief") or _attributed(text[:300], catalogue) \
                or any(C.dateline(ln.block.text)[1] for ln in body) \
                or any(is_lone_date(ln.block.text) for ln in segment) \
                or (untitled and heads and _news_headline(heads[-1])):
            marked += 1
    return marked >= NEWS_ITEM_SHARE * len(segments)


_PARENTHESISED = re.compile(r"[(（]([^()（）]{2,40})[)）]|according to ((?:the )?[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){0,4})")


def _news_headline(text: str) -> bool:
    """A news headline says who did what: several words, not a question, not a how-to."""
    words = text.split()
    return len(words) >= NEWS_HEADLINE_WORDS and not text.rstrip().endswith(("?", "？")) \
        and words[0].lower() not in ("how", "why", "what", "when", "where", "who", "the", "a", "an", "your", "our")


def _attributed(text: str, catalogue: OutletCatalogue) -> bool:
    """Text that credits an outlet: "(Reuters)", "according to Xinhua". A name alone is not
    enough: page footers list outlets too."""
    return any(catalogue.by_name(a or b) for a, b in _PARENTHESISED.findall(text))


def _one_dominates(segments: list[list[Line]], preamble: list[str]) -> bool:
    """Does one part (or the lead-in before the first part) hold most of the words?"""
    words = [_words_in(seg) for seg in segments] + [sum(_words(text) for text in preamble)]
    return max(words, default=0) > DOMINANT_SHARE * max(1, sum(words))


def _assemble(doc: Document, catalogue: OutletCatalogue, doc_date: date | None, mode: str,
              segments: list[list[Line]], preamble: list[str], lines: list[Line]) -> Split:
    ctx = ItemBuilder(doc, catalogue, doc_date, single=mode == "article")
    items: list[Item] = []
    for segment in segments:
        item = ctx.assemble(segment, mode)
        if item is None:
            preamble.extend(line.block.text for line in segment if line.cue.kind not in ("boiler", "rule"))
            continue
        item.position = len(items)
        items.append(item)
    preamble.extend(ctx.extras)
    _share_issue_byline(items, lines)
    return Split(items=items, preamble=preamble, mode=mode)


_Cues = tuple[str, C.Cue, C.Cue | None]
#: Cues already found in one document, by (text, kind, link) of the block.
_CueMemo = dict[tuple[str, str, str | None], _Cues]


def _cues_of(block: Block, catalogue: OutletCatalogue) -> _Cues:
    """A block's text (less a source line at its end), its cue, and that source line's cue."""
    text, trailing = C.trailing_source(block.text, catalogue)
    if trailing and (brief := C.numbered_brief(text, trailing)):
        return text, brief, None
    if link := C.link_line(text, block.href):
        return text, link, None
    return text, C.classify(text, block.kind, catalogue), trailing


def _classify(blocks: list[Block], catalogue: OutletCatalogue, extracted: bool = False,
              cues: _CueMemo | None = None) -> tuple[list[Line], int]:
    """Cues for every block, with boilerplate, link lists, bios and comment tails removed.
    Text a main-content extractor already chose (``extracted``) keeps its sections: our rules
    for whole sections are written for pages and newsletters, and cut real paragraphs there.
    ``cues`` carries the cues already found in this document (the extract repeats the page)."""
    lines: list[Line] = []
    for block in blocks:
        key = (block.text, block.kind, block.href)
        if (found := cues.get(key) if cues is not None else None) is None:
            found = _cues_of(block, catalogue)
            if cues is not None:
                cues[key] = found
        text, cue, trailing = found
        if text != block.text:
            block = replace(block, text=text)
        lines.append(Line(block, cue))
        if trailing:
            lines.append(Line(Block(trailing.text, container=block.container), trailing))
    kept: list[Line] = []
    tail_from = int(len(lines) * (1 - TAIL_SHARE))
    skipping = in_block = False
    bio = C.cue_data().bio
    for i, line in enumerate(lines):
        kind = line.cue.kind
        if kind == "rest_drop" and i >= tail_from:
            break
        if kind == "block_drop":  # a sponsor's block, up to the next item's headline
            in_block = True
            continue
        if in_block:
            if kind not in ("headline", "brief", "rule"):
                continue
            in_block = False
        if kind == "section_drop" and not extracted:
            skipping = True
            continue
        if skipping:
            if kind in ("headline", "label", "source") or (kind == "body" and len(line.block.text) > MAX_LINK_CHARS
                                                             and line.block.kind != "list"):
                skipping = False
            else:
                continue
        if kind in ("boiler", "rest_drop", "section_drop", "block_drop"):
            continue
        if kind == "body" and i >= tail_from and len(line.block.text) < 400 and bio.match(line.block.text):
            continue
        kept.append(line)
    return kept, len(lines) - len(kept)


def _without_contents_list(lines: list[Line]) -> tuple[list[Line], int]:
    """Drop a table of contents: three or more lines in a row that each repeat a headline
    found further down ("Today's Memo: 1. Two Sessions … 2. No more premier's press …")."""
    def key(line: Line) -> str:
        text = line.cue.text if line.cue.kind == "headline" else line.block.text
        m = C.NUMBERED.match(text)
        return " ".join((m.group("t") if m else text).split()).casefold()

    last_seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        if line.cue.kind == "headline":
            last_seen[key(line)] = i
    repeats = [ln.cue.kind in ("headline", "body") and len(ln.block.text) <= 160 and last_seen.get(key(ln), -1) > i
               for i, ln in enumerate(lines)]
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and repeats[j]:
            j += 1
        if j - i >= MIN_CONTENTS_LINES:
            drop.update(range(i, j))
        i = j + 1
    return [ln for i, ln in enumerate(lines) if i not in drop], len(drop)


def _masthead_date(lines: list[Line]) -> date | None:
    for line in lines[:6]:
        if len(line.block.text) <= 80 and (found := parse_date(line.block.text)) and found.year > 1900:
            return found
    return None


def _title_index(lines: list[Line]) -> int | None:
    """The document title: a lone top-level heading near the start, above the other headings."""
    headings = [(i, ln.block.level) for i, ln in enumerate(lines) if ln.cue.strength == "heading"]
    if not headings:
        return None
    top = min(level for _, level in headings)
    at_top = [i for i, level in headings if level == top]
    others = [level for _, level in headings if level > top]
    if len(at_top) == 1 and at_top[0] <= 5 and (others or len(headings) == 1):
        return at_top[0]
    return None


def _plan(lines: list[Line], catalogue: OutletCatalogue) -> tuple[str, set[int], bool]:
    """Decide whether the document is a digest, which lines start an item, and whether the
    evidence is firm (source lines, numbering, labels) or only the page's structure."""
    title = _title_index(lines)
    heading_levels = sorted({ln.block.level for i, ln in enumerate(lines) if ln.cue.strength == "heading"
                             and i != title})
    item_level = heading_levels[0] if heading_levels else 0
    if len(heading_levels) > 1 and all(kicker(ln.cue.text) for ln in lines
                                       if ln.cue.strength == "heading" and ln.block.level == item_level):
        # Short top headings ("Politics", "Economy") over deeper ones: sections of a review,
        # with the items one level down.
        item_level = heading_levels[1]
    elif len(heading_levels) > 1 and _reposts(lines, heading_levels[1], title):
        # Top headings all above several deeper ones, each of which starts an article with its
        # own byline or date: the site's and a post's title over the articles it reposts (a
        # blog's "What I'm reading" with three newspaper pieces). The items are one level down.
        item_level = heading_levels[1]

    def strong(i: int, ln: Line) -> bool:
        if ln.cue.kind != "headline" or i == title:
            return False
        return ln.cue.strength != "heading" or ln.block.level == item_level

    starts = {i for i, ln in enumerate(lines) if strong(i, ln)}
    count = {s: sum(1 for i in starts if lines[i].cue.strength == s) for s in STRONG}
    # A lone numbered or all-capitals line is a masthead or a list, not a run of items.
    starts = {i for i in starts if lines[i].cue.strength == "heading" or count[lines[i].cue.strength] >= 2}
    # A metadata line ("Outlet | Author | Date") sits right under its item's headline.
    starts |= {i - 1 for i, ln in enumerate(lines) if ln.cue.strength == "meta" and i > 0
               and lines[i - 1].cue.kind in ("body", "headline") and C.looks_like_headline(lines[i - 1].block.text)}
    sources = sum(1 for ln in lines if ln.cue.kind == "source")
    labels = sum(1 for ln in lines if ln.cue.kind == "label" and ln.cue.label != "Correction")
    containers = len({ln.block.container for ln in lines if ln.block.container})
    briefs = sum(1 for ln in lines if ln.cue.kind == "brief")
    if sources + briefs >= 2 or count["numbered"] >= 2 or count["prefixed"] >= 2 or count["bracketed"] >= 2:
        return "digest", starts, True
    if count["zh_numbered"] >= 2 and sources >= 1:
        return "digest", starts, True
    item_headings = count["heading"] + count["caps"]
    if item_headings >= 2 and labels >= 2:
        return "digest", starts, True
    if item_headings >= 2 and containers >= 2:
        return "digest", starts, False
    if item_headings >= MIN_BARE_HEADINGS and title is None:
        words = sum(len(ln.block.text.split()) + len(ln.block.text) // 3 * is_cjk(ln.block.text) for ln in lines)
        if words / (item_headings + 1) <= MAX_BARE_SEGMENT_WORDS:
            return "digest", starts, False
    if item_headings >= MIN_BARE_HEADINGS and title is not None and starts \
            and _words_in(lines[:min(starts)]) <= LEAD_IN_SHARE * _words_in(lines) \
            and _reads_like_news_items(_segment(lines, "digest", starts)[0], catalogue, untitled=False):
        # A titled page whose sub-headed parts each carry a dateline, outlet or link: a review
        # of several stories, not one article with sub-headings. (An article followed by a
        # list of teasers has most of its words before the first of them.)
        return "digest", starts, False
    quote_starts = _quote_starts(lines, catalogue)
    if len(quote_starts) >= 2:
        return "quotes", quote_starts, True
    rules = [i + 1 for i, ln in enumerate(lines) if ln.cue.kind == "rule" and i + 1 < len(lines)]
    if len(rules) >= 2 and all(C.looks_like_headline(lines[i].block.text) for i in rules):
        return "digest", set(rules), False
    return "article", set(), False


def _reposts(lines: list[Line], level: int, title: int | None) -> bool:
    """Do the headings above ``level`` all come before the first of two or more at it, and
    does nearly every one at it have a byline or a date line among the next few lines?"""
    at = [i for i, ln in enumerate(lines) if ln.cue.strength == "heading" and ln.block.level == level and i != title]
    above = [i for i, ln in enumerate(lines) if ln.cue.strength == "heading" and ln.block.level < level]
    if len(at) < 2 or not above or max(above) >= min(at):
        return False
    dated = sum(1 for i in at if any(ln.cue.kind == "byline" or is_lone_date(ln.block.text)
                                     for ln in lines[i + 1:i + 1 + REPOST_META_LINES]))
    return dated >= NEWS_ITEM_SHARE * len(at)


def _words_in(lines: list[Line]) -> int:
    return sum(_words(ln.block.text) for ln in lines if ln.cue.kind in ("body", "label"))


def _quote_starts(lines: list[Line], catalogue: OutletCatalogue) -> set[int]:
    """Framing lines ("At The New York Times, … reports:") that introduce a block quote."""
    starts = set()
    for i in range(1, len(lines)):
        if lines[i].block.kind == "quote" and lines[i - 1].block.kind != "quote":
            framing = lines[i - 1]
            if framing.cue.kind in ("body", "headline") and (
                catalogue.find_in(framing.block.text) or framing.block.href
                or framing.block.text.rstrip().endswith((":", "："))
            ):
                starts.add(i - 1)
    return starts


def _segment(lines: list[Line], mode: str, starts: set[int]) -> tuple[list[list[Line]], list[str]]:
    if mode == "article":
        return ([lines] if lines else []), []
    segments: list[list[Line]] = []
    current: list[Line] = []
    closing = False
    for i, line in enumerate(lines):
        kind = line.cue.kind
        if closing and kind not in ("url", "byline"):
            segments.append(current)
            current, closing = [], False
        if (i in starts or kind in ("rule", "brief")) and any(ln.cue.kind in ("body", "label") for ln in current):
            # A section heading just above the new item ("Economy") goes with it, as its kicker.
            cut = len(current)
            while cut > 0 and current[cut - 1].cue.kind == "headline" and kicker(current[cut - 1].cue.text):
                cut -= 1
            segments.append(current[:cut])
            current = current[cut:]
        if kind == "brief":
            segments.extend([current, [line]] if current else [[line]])
            current = []
            continue
        current.append(line)
        if kind == "source" and mode == "digest" and line.cue.strength != "meta":
            closing = True
    if current:
        segments.append(current)
    segments = [s for s in segments if s]
    preamble: list[str] = []
    if not segments:
        return segments, preamble
    sourced = sum(1 for s in segments if _has(s, "source", "brief"))
    first = segments[0]
    cut = _first_item_start(first, starts, lines, marked=bool(starts) or sourced >= 2)
    if cut == 0 and _is_masthead(first, lines):
        cut = len(first)
    earlier = _labelled_items_before(first, cut)
    if earlier:
        cut, bounds = earlier[0], [*earlier, cut]
        segments[0:1] = [first[a:b] for a, b in itertools.pairwise(bounds)] + [first[bounds[-1]:]]
    else:
        segments[0] = first[cut:]
    preamble = [ln.block.text for ln in first[:cut] if ln.cue.kind != "rule"]
    last = [ln for ln in segments[-1] if ln.cue.kind != "rule"]
    index = {id(ln): i for i, ln in enumerate(lines)}
    # Items marked by headlines: a closing part that does not start at one is a sign-off.
    headed = bool(starts) and bool(last) and index[id(last[0])] not in starts and mode == "digest"
    if len(segments) > 1 and (sourced >= 2 or headed) and last \
            and not _has(last, "source", "brief", "label", "headline", "url") \
            and (not C.looks_like_headline(last[0].block.text) or kicker(last[0].block.text)):
        preamble.extend(ln.block.text for ln in last if ln.cue.kind != "rule")
        segments.pop()
    return [s for s in segments if s], preamble


def _has(segment: list[Line], *kinds: str) -> bool:
    return any(ln.cue.kind in kinds for ln in segment)


def _is_masthead(first: list[Line], lines: list[Line]) -> bool:
    """A newsletter's name (and a strapline) at the very top is not an item."""
    if not first or first[0] is not lines[0] or _has(first, "source", "label"):
        return False
    words = sum(len(ln.block.text.split()) for ln in first[1:] if ln.cue.kind == "body")
    return first[0].cue.strength in ("caps", "heading") and words < MASTHEAD_MAX_WORDS


def _first_item_start(first: list[Line], starts: set[int], lines: list[Line], marked: bool) -> int:
    """Where the first item begins inside the first segment; what is before it is preamble."""
    index = {id(ln): i for i, ln in enumerate(lines)}
    for pos, ln in enumerate(first):
        if index[id(ln)] in starts:
            return pos
    if not _has(first, "source"):
        # Items are marked elsewhere, and none is in here: all of it comes before the first item.
        return len(first) if marked else 0
    # No marked headline: the item starts at the last headline-like line that has body after it.
    for pos in range(len(first) - 2, -1, -1):
        ln = first[pos]
        if ln.cue.kind == "body" and C.looks_like_headline(ln.block.text) and any(
            x.cue.kind in ("body", "label") for x in first[pos + 1:]
        ):
            return pos
    return 0


def _labelled_items_before(first: list[Line], cut: int) -> list[int]:
    """Starts of unsourced items above the first sourced one: a headline-like line followed by
    labelled parts ("What Happened: …") is a story even when its source line is missing.
    Unlabelled text there cannot be told from a masthead's introduction and stays preamble."""
    found: list[int] = []
    end = cut
    for pos in range(cut - 2, -1, -1):
        ln = first[pos]
        span = first[pos + 1:end]
        if ln.cue.kind != "body" or not span or not C.looks_like_headline(ln.block.text):
            continue
        labelled = span[0].cue.kind == "label" and any(
            x.cue.kind == "label" and x.cue.label != "Correction" for x in span)
        if labelled:
            found.insert(0, pos)
            end = pos
    return found


def _share_issue_byline(items: list[Item], lines: list[Line]) -> None:
    """A newsletter's one ``By:`` line names the authors of every item in it."""
    bylines = [ln for ln in lines if ln.cue.kind == "byline"]
    if len(items) < 2 or len(bylines) != 1:
        return
    for item in items:
        item.authors = item.authors or list(bylines[0].cue.names)
