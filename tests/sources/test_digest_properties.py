"""Nothing of the news text is lost: every line of a generated digest ends up in exactly one item
or in the document's preamble, and every story that carries any mark of an item (a number, a
heading, a label or a source line) is an item."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chinabrief.enrich.outlets import load_outlets
from chinabrief.models import Document
from chinabrief.sources.digest import split_document
from chinabrief.sources.text import text_to_blocks

WORDS = st.sampled_from((
    "beijing", "trade", "ministry", "council", "export", "growth", "yuan", "tariffs", "province", "court", "summit",
    "delegation", "navy", "budget", "reform", "bank", "property", "market", "chip", "talks", "visit", "officials",
    "policy", "data",
))
LABELS = st.sampled_from(["What Happened:", "The Details:", "What China Said:", "Why it Matters:", None])
SOURCES = st.sampled_from(["Source: Reuters, March 5, 2024", "Source: Xinhua, March 6, 2024",
                           "Source: The Paper, 2024-03-07", "来源：新华社，2024年3月7日", None])
BOILER = st.sampled_from(["Learn More: Upgrade to premium at https://example.org/up", "Share this article",
                          "Unsubscribe | Manage preferences", None])


@st.composite
def paragraph(draw: st.DrawFn, tag: str) -> str:
    words = draw(st.lists(WORDS, min_size=6, max_size=30))
    return f"{tag} " + " ".join(words).capitalize() + "."


@st.composite
def digest(draw: st.DrawFn) -> tuple[str, list[str], list[tuple[str, bool]], bool]:
    numbered, markdown = draw(st.booleans()), draw(st.booleans())
    lines = ["China Notes Weekly", "March 8, 2024", ""]
    headlines, paragraphs = [], []
    for n in range(draw(st.integers(1, 6))):
        headline = f"Story {n} " + " ".join(draw(st.lists(WORDS, min_size=2, max_size=8))).title()
        headlines.append(headline)
        lines.append(f"## {headline}" if markdown else f"{n + 1}. {headline}" if numbered else headline)
        story, marked = [], markdown or numbered
        for m in range(draw(st.integers(1, 4))):
            text = draw(paragraph(f"P{n}x{m}"))
            story.append(text)
            label = draw(LABELS)
            marked = marked or (m == 0 and label is not None)
            lines.append(f"{label} {text}" if label else text)
        if source := draw(SOURCES):
            lines.append(source)
        paragraphs += [(text, marked or source is not None) for text in story]
        if draw(st.booleans()):
            lines.append(f"https://www.reuters.com/world/china/story-{n}/")
        if boiler := draw(BOILER):
            lines.append(boiler)
        lines.append("")
    return "\n".join(lines), headlines, paragraphs, markdown


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(digest())
def test_every_news_line_ends_up_in_exactly_one_item(case: tuple[str, list[str], list[tuple[str, bool]], bool]) -> None:
    text, headlines, paragraphs, markdown = case
    doc = Document(source="gen.txt", raw=text.encode(), kind="md" if markdown else "txt",
                   blocks=text_to_blocks(text, markdown=markdown))
    split = split_document(doc, load_outlets())
    bodies = [item.text for item in split.items]
    for para, marked in paragraphs:
        in_items = sum(body.count(para) for body in bodies)
        assert in_items + sum(p.count(para) for p in split.preamble) == 1, para
        assert in_items == 1 or not marked, para
    for headline in headlines:
        places = [i.headline for i in split.items] + bodies + split.preamble
        assert sum(p.count(headline) for p in places) == 1, headline
    for item in split.items:
        assert "Learn More" not in item.text and "Unsubscribe" not in item.text and "Source:" not in item.text
