"""A story's sections, each sentence taken verbatim from one of its reports.

* **What Happened**: the one or two sentences that best state the event (central, early in
  their report, from different outlets);
* **The Details**: two to four more, preferring figures and named actors not yet covered,
  never a near-repeat (MMR);
* **What China Said**: statements by PRC officials and bodies (quotes the enrichers marked
  ``official_prc``) and what PRC state and party media wrote, kept apart from the rest;
* **Why it Matters**: sentences that carry consequence or outlook, from analysis outlets
  first.

The briefing is in English where the story has English reports; a story reported only in
Chinese is shown in Chinese, each sentence with the English names of what it names.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from chinabrief.brief.sentences import split
from chinabrief.brief.summarize import Sentence, mmr, similarity, weigh
from chinabrief.enrich.chinese import has_cjk, to_simplified
from chinabrief.enrich.entities import Gazetteer
from chinabrief.enrich.outlets import taxonomy
from chinabrief.models import BriefStory, Citation
from chinabrief.stories.features import figure_keys
from chinabrief.stories.words import chinese_terms, english_terms

#: Sentences outside these lengths rarely stand alone: fragments, datelines, or run-ons.
MIN_WORDS, MAX_WORDS = 7, 70
MIN_CHINESE, MAX_CHINESE = 14, 160
#: A second What Happened sentence must weigh at least this share of the first.
SECOND_LEAD_SHARE = 0.8
SECOND_LEAD_OVERLAP = 0.25
DETAILS, CHINA_SAID, MATTERS = 3, 2, 2
SOURCES = 8


@cache
def knowledge() -> dict[str, Any]:
    return json.loads(resources.files("chinabrief.data").joinpath("brief.json").read_text(encoding="utf-8"))


def _usable(text: str, language: str) -> bool:
    if language == "zh":
        return MIN_CHINESE <= len(text) <= MAX_CHINESE
    words = text.split()
    return MIN_WORDS <= len(words) <= MAX_WORDS and not text.endswith(":") and text[0].isupper() | text[0].isdigit() \
        | (text[0] in "\"“‘'")


def _figure_spans(item: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    """Figures' offsets moved into the text (they count from the headline and a blank line)."""
    shift = len(item.get("headline") or "") + 2
    return [(f["start"] - shift, f["end"] - shift, f) for f in item.get("figures") or () if f.get("end", 0) > shift]


def sentences_of(item: dict[str, Any], gazetteer: Gazetteer) -> list[Sentence]:
    text = item.get("text") or ""
    language = "zh" if item.get("language") == "zh" or has_cjk(text[:200]) else "en"
    figures = _figure_spans(item)
    quotes = item.get("quotes") or []
    found = []
    for span in split(text):
        sentence = text[span.start:span.end]
        if not _usable(sentence, language):
            continue
        words = chinese_terms(sentence) if language == "zh" else english_terms(sentence)
        quote = next((q for q in quotes if q.get("text") and q["text"][:40] in sentence), None)
        found.append(Sentence(
            text=sentence, item=item, start=span.start, end=span.end, index=span.index, language=language,
            terms=_count(words), entities={m.entity_id for m in gazetteer.mentions(to_simplified(sentence))},
            figures=figure_keys([f for s, e, f in figures if span.start <= s and e <= span.end]), quote=quote))
    return found


def _count(words: list[str]) -> Any:
    from collections import Counter

    return Counter(words)


def _cue(sentence: Sentence) -> bool:
    cues = knowledge()["consequence_zh" if sentence.language == "zh" else "consequence_en"]
    folded = sentence.text.casefold()
    return any(cue in folded for cue in cues)


def _official(sentence: Sentence) -> bool:
    """Said by a PRC official or body, or written by PRC state or party media."""
    return bool(sentence.quote and sentence.quote.get("official_prc")) or _prc_outlet(sentence)


def _prc_outlet(sentence: Sentence) -> bool:
    """Written by PRC state or party media or a PRC government body: the line at first hand."""
    outlet = sentence.item.get("outlet") or {}
    return taxonomy().speaks_for_prc(outlet.get("affiliation"), outlet.get("country"))


def _glosses(sentence: Sentence, gazetteer: Gazetteer) -> list[str]:
    """English for what a Chinese sentence names: entities, and money in US dollars."""
    if sentence.language != "zh":
        return []
    glosses = []
    for mention in gazetteer.mentions(to_simplified(sentence.text)):
        entry = gazetteer.get(mention.entity_id)
        if entry is not None:
            gloss = f"{sentence.text[mention.start:mention.end]} = {entry.name}"
            if gloss not in glosses:
                glosses.append(gloss)
    for start, end, fig in _figure_spans(sentence.item):
        if sentence.start <= start and end <= sentence.end and fig.get("usd"):
            glosses.append(f"{fig['text']} ≈ US${_money(fig['usd'])}")
    return glosses


def _money(usd: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if usd >= scale:
            return f"{usd / scale:.3g} {word}"
    return f"{usd:,.0f}"


def cite(sentence: Sentence, gazetteer: Gazetteer, speaker: str | None = None) -> Citation:
    item, outlet = sentence.item, sentence.item.get("outlet") or {}
    return Citation(text=sentence.text, item=item["id"], outlet=outlet.get("name"),
                    affiliation=outlet.get("affiliation"), published=item.get("published"), url=item.get("url"),
                    start=sentence.start, end=sentence.end, language=sentence.language, speaker=speaker,
                    names=_glosses(sentence, gazetteer))


def compose_story(story: dict[str, Any], members: Sequence[dict[str, Any]], gazetteer: Gazetteer) -> BriefStory:
    """The sections of one story from its reports (duplicates are read once, as their original)."""
    reports = [m for m in members if not m.get("duplicate_of")] or list(members)
    sentences = [s for m in reports for s in sentences_of(m, gazetteer)]
    main = [e["id"] for e in story.get("entities") or []]
    weigh(sentences, main)
    language = "en" if any(s.language == "en" for s in sentences) else "zh"
    own = sorted((s for s in sentences if s.language == language), key=lambda s: -s.weight)
    sections: dict[str, list[Sentence]] = {}

    lead_pool = [s for s in own if not _official(s)] or own
    lead = lead_pool[:1]
    second = next((s for s in lead_pool[1:] if lead and s.item["id"] != lead[0].item["id"]
                   and (s.item.get("outlet") or {}).get("name") != lead[0].outlet), None)
    if lead and second is not None and second.weight >= SECOND_LEAD_SHARE * lead[0].weight \
            and similarity(second, lead[0]) < SECOND_LEAD_OVERLAP:  # it must add to the first
        lead.append(second)
    sections["What Happened"] = lead

    said_pool = [s for s in sentences if _official(s) and s not in lead]
    in_language = [s for s in said_pool if s.language == language]
    if len(in_language) >= CHINA_SAID:  # the reader's language first; Chinese (with names) when needed
        said_pool = in_language
    # The PRC's own outlets first: their words are the line, a wire's paraphrase is second hand.
    sections["What China Said"] = mmr(said_pool, lead, CHINA_SAID,
                                      bonus=lambda s, _t: (0.3 if s.quote else 0.0) + (0.3 if _prc_outlet(s) else 0.0))
    used = [*lead, *sections["What China Said"]]

    def new_facts(s: Sentence, taken: list[Sentence]) -> float:
        named = set().union(*(t.entities for t in taken)) if taken else set()
        return (0.15 if s.figures else 0.0) + min(0.2, 0.1 * len(s.entities - named))

    detail_pool = [s for s in own if s not in used and not _official(s) and not _cue(s)]
    sections["The Details"] = mmr(detail_pool, used, DETAILS, bonus=new_facts)
    used += sections["The Details"]
    matter_pool = [s for s in own if s not in used and _cue(s) and not _official(s)]
    analysis = taxonomy().reads_as_analysis
    sections["Why it Matters"] = mmr(matter_pool, used, MATTERS,
                                     bonus=lambda s, _t: 0.2 if analysis(s.affiliation) else 0.0)[:1 if lead else 0]
    return BriefStory(
        id=story["id"], headline=_headline(story, reports, language), headline_item=story.get("title_item", ""),
        sections={label: [cite(s, gazetteer, _speaker(s) if label == "What China Said" else None) for s in picked]
                  for label, picked in sections.items() if picked},
        sources=_sources(reports, [c for picked in sections.values() for c in picked]),
        names=_headline_names(story, reports, gazetteer, language), score=float(story.get("score") or 0.0))


def _speaker(sentence: Sentence) -> str | None:
    if sentence.quote and sentence.quote.get("speaker"):
        return sentence.quote["speaker"]
    return sentence.outlet


def _headline(story: dict[str, Any], reports: Sequence[dict[str, Any]], language: str) -> str:
    title = story.get("title") or ""
    if language == "en" and has_cjk(title):
        english = [r["headline"] for r in reports if r.get("language") == "en" and r.get("headline")]
        return english[0] if english else title
    return title


def _headline_names(story: dict[str, Any], reports: Sequence[dict[str, Any]], gazetteer: Gazetteer,
                    language: str) -> list[str]:
    title = _headline(story, reports, language)
    if not has_cjk(title):
        return []
    names = []
    for mention in gazetteer.mentions(to_simplified(title)):
        entry = gazetteer.get(mention.entity_id)
        if entry is not None and entry.name not in names:
            names.append(entry.name)
    return names


def _sources(reports: Sequence[dict[str, Any]], cited: Sequence[Sentence]) -> list[dict[str, Any]]:
    """One line per outlet, cited ones first: "Source: OUTLET, DATE" with its link."""
    order = {id(s.item): n for n, s in enumerate(cited)}
    ranked = sorted(reports, key=lambda r: (min((order[k] for k in order if k == id(r)), default=len(order)),
                                            r.get("published") or ""))
    seen, sources = set(), []
    for report in ranked:
        outlet = report.get("outlet") or {}
        name = outlet.get("name") or "Unknown outlet"
        if name in seen:
            continue
        seen.add(name)
        sources.append({"outlet": name, "affiliation": outlet.get("affiliation"),
                        "published": report.get("published"), "url": report.get("url"), "item": report["id"]})
        if len(sources) == SOURCES:
            break
    return sources
