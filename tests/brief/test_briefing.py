"""Briefings composed from the demo week: every sentence is a source's own, cited."""

from __future__ import annotations

import copy
import html
from pathlib import Path

import pytest

from chinabrief.brief.briefing import period
from chinabrief.brief.compose import compose_story
from chinabrief.brief.render import render, render_bytes
from chinabrief.errors import ConfigError, NotFoundError
from chinabrief.models import BRIEF_SECTIONS
from chinabrief.pipeline import brief, ingest
from chinabrief.store import open_store


def demo_corpus_db(folder: Path) -> Path:
    from chinabrief.cli import demo_corpus

    db = folder / "demo.db"
    assert ingest([demo_corpus()], db=db).ok
    return db


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_corpus_db(tmp_path_factory.mktemp("brief"))


@pytest.fixture(scope="module")
def briefing(demo_db: Path) -> dict:
    return brief(db=demo_db, week="2024-W10", top=6)


def _citations(briefing: dict):
    for story in briefing["stories"]:
        for label, cites in story["sections"].items():
            for cite in cites:
                yield story, label, cite


def test_every_sentence_is_verbatim_in_the_item_it_cites(demo_db: Path, briefing: dict) -> None:
    store = open_store(demo_db)
    cites = list(_citations(briefing))
    assert len(cites) >= 20
    for _story, _label, cite in cites:
        item = store.item(cite["item"])
        assert item["text"][cite["start"]:cite["end"]] == cite["text"]
        assert cite["outlet"] == item["outlet"]["name"] and cite["published"] == item["published"]
    store.close()


def test_rendered_briefings_show_each_sentence_with_its_source(briefing: dict) -> None:
    markdown, text, page = render(briefing, "md"), render(briefing, "txt"), render(briefing, "html")
    for _story, _label, cite in _citations(briefing):
        assert cite["text"] in markdown and cite["text"] in text
        assert html.escape(cite["text"], quote=False) in page or cite["text"] in html.unescape(page)
    assert "Source: Reuters (international wire), 5 Mar 2024" in markdown
    assert markdown.startswith("# China briefing, 4–10 March 2024")
    assert 'style="' in page and "600px" in page  # CSS inlined for e-mail clients


def test_the_pdf_holds_every_headline_and_its_sources(briefing: dict, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", exc_type=ImportError)
    from pypdf import PdfReader

    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(render_bytes(briefing, "pdf"))
    reader = PdfReader(pdf)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages).lower()
    assert pdf.read_bytes().startswith(b"%PDF") and len(reader.pages) >= 2
    assert "what happened" in text and "source: reuters" in text  # labels are upper-cased by the CSS
    for story in briefing["stories"]:
        if story["headline"].isascii():
            assert " ".join(story["headline"].split()[:4]).lower() in text


def test_sections_are_the_labelled_ones_and_no_sentence_repeats(briefing: dict) -> None:
    assert 5 <= len(briefing["stories"]) <= 6
    seen = set()
    for story in briefing["stories"]:
        assert set(story["sections"]) <= set(BRIEF_SECTIONS)
        assert story["sections"]["What Happened"] and story["sources"]
        for cites in story["sections"].values():
            for cite in cites:
                assert (cite["item"], cite["start"]) not in seen
                seen.add((cite["item"], cite["start"]))


def test_what_china_said_comes_from_prc_officials_or_state_media(briefing: dict) -> None:
    said = [c for _s, label, c in _citations(briefing) if label == "What China Said"]
    assert said
    assert all(c["affiliation"] in ("prc_state", "prc_party", "government_body") or c["speaker"] for c in said)
    others = [c for _s, label, c in _citations(briefing) if label == "What Happened"]
    assert not any(c["affiliation"] in ("prc_state", "prc_party") for c in others)


def test_json_has_the_documented_shape(briefing: dict) -> None:
    import json

    data = json.loads(render(briefing, "json"))
    story = data["stories"][0]
    assert set(data) >= {"period", "stories"} and set(story) >= {"id", "headline", "sections", "sources"}
    assert set(story["sections"]["What Happened"][0]) >= {"text", "item", "outlet", "published", "url"}
    assert set(story["sources"][0]) >= {"outlet", "affiliation", "published", "url"}


def test_a_chinese_only_story_gives_english_names(demo_db: Path) -> None:
    from chinabrief.enrich.entities import packaged_gazetteer

    store = open_store(demo_db)
    chinese = next(s for s in store.stories() if set(s["languages"]) == {"zh"})
    full = store.story(chinese["id"])
    composed = compose_story(full, full["members"], packaged_gazetteer())
    store.close()
    cites = [c for cs in composed.sections.values() for c in cs]
    assert cites and all(c.language == "zh" for c in cites)
    assert any(c.names for c in cites) or composed.names


def test_a_story_with_nothing_to_quote_keeps_its_sources() -> None:
    from chinabrief.enrich.entities import packaged_gazetteer

    story = {"id": "s1", "title": "Foreign Ministry Spokesperson's Regular Press Conference", "entities": []}
    member = {"id": "i1", "headline": story["title"], "text": "", "language": "en", "published": "2024-03-05",
              "outlet": {"name": "China Daily", "affiliation": "prc_state"}, "url": None}
    composed = compose_story(story, [member], packaged_gazetteer())
    assert composed.sections == {} and composed.sources[0]["outlet"] == "China Daily"


def test_a_period_without_stories_is_refused(demo_db: Path) -> None:
    with pytest.raises(NotFoundError, match="nothing to brief"):
        brief(db=demo_db, week="2023-W10")


def test_periods() -> None:
    assert period(week="2024-W10").to_dict() == {"start": "2024-03-04", "end": "2024-03-10", "label": "2024-W10",
                                                 "human": "4–10 March 2024"}
    assert period(week="2024-W09").human == "26 February – 3 March 2024"
    assert period(day="2024-03-05").start == period(day="2024-03-05").end
    from datetime import date

    assert period(latest=date(2024, 3, 9)).label == "2024-W10"
    with pytest.raises(ConfigError):
        period(week="2024-W99")


def test_a_broken_template_override_is_named_with_file_and_line(tmp_path: Path, briefing: dict) -> None:
    (tmp_path / "briefing.md.j2").write_text("# {{ briefing.title }}\n\n{% for s in briefing.stories %}\n",
                                             encoding="utf-8")
    with pytest.raises(ConfigError, match=r"briefing\.md\.j2, line \d"):
        render(briefing, "md", templates=tmp_path)
    (tmp_path / "briefing.txt.j2").write_text("Plain {{ briefing.title }}: {{ briefing.nothing_here }}\n")
    with pytest.raises(ConfigError, match=r"briefing\.txt\.j2"):
        render(briefing, "txt", templates=tmp_path)
    (tmp_path / "briefing.html.j2").write_text("<p>{{ briefing.title }}</p>")
    assert render(briefing, "html", templates=tmp_path).count("China briefing") == 1


def test_markdown_keeps_source_text_as_text_and_links_http_only(briefing: dict) -> None:
    """What a source wrote reaches a Markdown reader as text: no raw HTML, no ``javascript:`` or
    ``data:`` link, no line break that starts a heading; checked through a CommonMark renderer."""
    from markdown_it import MarkdownIt

    hostile = copy.deepcopy(briefing)
    story = hostile["stories"][0]
    story["headline"] = "Talks <script>alert(1)</script> end\n# Injected heading"
    cite = next(c for cites in story["sections"].values() for c in cites)
    cite.update(text="He said <img src=x onerror=alert(2)> and [click](javascript:alert(3)) *now* &amp; then.",
                url="javascript:alert(4)", outlet="Evil <b onmouseover=alert(5)>Wire</b>")
    story["sources"][0].update(url="data:text/html;base64,PHNjcmlwdD4=", outlet="Data [x](javascript:alert(6))")
    markdown = render(hostile, "md")
    page = MarkdownIt("commonmark").render(markdown)
    for bad in ("<script", "<img", "<b ", "href=\"javascript", "href=\"data", "<h1>Injected"):
        assert bad not in page, bad
    assert "Talks &lt;script&gt;alert(1)&lt;/script&gt; end # Injected heading" in page
    assert "[click](javascript:alert(3)) *now* &amp;amp; then" in page and "href=\"#\"" in page
