"""The splitter on digests of the shapes our users read, against hand-written expectations.

``fixtures/digests`` holds the shapes chinabrief was designed around; ``fixtures/digests-wild``
imitates newsletters and pages of other makes (Axios-style bullets, one-line wire briefs,
WeChat morning briefs, think-tank roundups), written to see how it copes with the unplanned.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chinabrief.sources import files
from chinabrief.sources.cues import parse_names
from chinabrief.sources.digest import split_document

FIXTURES = Path(__file__).parents[1] / "fixtures"
CASES = {
    f"{folder}/{name}": case
    for folder in ("digests", "digests-wild")
    for name, case in json.loads((FIXTURES / folder / "expected.json").read_text(encoding="utf-8")).items()
}


def split(name: str, catalogue):
    [doc] = files.load(str(FIXTURES / name), 10**7)
    return split_document(doc, catalogue)


def outlet_matches(item, expected: str | None, catalogue) -> bool:
    if expected is None:
        return True  # the fixture names no outlet: whatever the document's own sender gives is fine
    wanted = catalogue.by_name(expected)
    if wanted is not None:
        return item.outlet is not None and item.outlet.id == wanted.id
    return (item.outlet_name or "").casefold() == expected.casefold()


@pytest.mark.parametrize("name", sorted(CASES))
def test_items_found_with_their_metadata(name: str, catalogue) -> None:
    expected = CASES[name]["items"]
    result = split(name, catalogue)
    assert [i.headline for i in result.items] == [e["headline"] for e in expected]
    for item, want in zip(result.items, expected, strict=True):
        assert outlet_matches(item, want["outlet"], catalogue), (item.headline, item.outlet, item.outlet_name)
        if want["published"]:
            assert str(item.published) == want["published"], item.headline
        assert item.url == want["url"], item.headline
        assert item.authors == want["authors"], item.headline
        assert list(item.sections) == [s for s in want["sections"]], item.headline
        for phrase in want["must_contain"]:
            assert phrase in item.text, (item.headline, phrase)
        for phrase in want["must_not_contain"]:
            assert phrase not in item.text, (item.headline, phrase)


def _page_item(page: str, url: str, catalogue):  # type: ignore[no-untyped-def]
    """The one item a saved web page gives."""
    [doc] = files.read_html_file(page.encode(), url)
    [item] = split_document(doc, catalogue, single=True).items
    return item


def test_a_page_of_short_lines_is_still_one_item(catalogue) -> None:
    """Lyrics, poems, lists: every line looks like a headline, and the page is still the item."""
    lines = ["只能想念你", "Zhi neng xiang nian ni", "就放心去吧", "Jiu fang xin qu ba", "祝你幸福和快乐",
             "Repeat Chorus"]
    page = ("<html><head><title>Zhi Neng Xiang Nian Ni lyrics</title></head><body><h1>只能想念你</h1>"
            + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>")
    item = _page_item(page, "https://lyrics.example.org/2011/07/zhi-neng.html", catalogue)
    assert "就放心去吧" in item.text and "Repeat Chorus" in item.text


def test_a_sentence_that_starts_with_by_is_not_a_byline() -> None:
    assert parse_names("our photos we would like to show you Bavaria. We also visit South Tyrol and Switzerland.") == ()
    assert parse_names("Jane Doe and John Roe") == ("Jane Doe", "John Roe")


def test_editors_credits_and_photo_captions_are_not_news_text(catalogue) -> None:
    page = ("<html><head><title>黄山迎来降雪</title></head><body><h1>黄山迎来降雪</h1>"
            "<p>连日降雪后，黄山风景区银装素裹，吸引众多游客前来观赏，景区加强了道路除冰和游客疏导。</p>"
            "<p>图为游客在光明顶观赏雪景。新华社记者摄</p>"
            "<p>景区管理部门表示，雪后部分步道临时封闭，游客应关注官方发布的通行信息。</p>"
            "<p>【责任编辑：王小明】</p></body></html>")
    item = _page_item(page, "https://news.example.cn/2026/01/28/huangshan.html", catalogue)
    assert "景区管理部门表示" in item.text and "银装素裹" in item.text
    assert "图为" not in item.text and "责任编辑" not in item.text


def test_skip_links_are_not_a_headline(catalogue) -> None:
    page = ("<html><head><title>Beijing Tightens Export Rules on Rare Earths - The New York Times</title></head>"
            "<body><div><a href='#site-content'>Skip to content</a><a href='#site-index'>Skip to site index</a></div>"
            "<article><p>China on Thursday widened its export controls on rare earth processing technology, the "
            "Commerce Ministry said, adding licensing rules for five more elements.</p>"
            "<p>The ministry said the measures would take effect on Dec. 1.</p></article></body></html>")
    item = _page_item(page, "https://www.nytimes.com/2025/10/09/world/asia/rare-earths.html", catalogue)
    assert item.headline == "Beijing Tightens Export Rules on Rare Earths" and "Skip to" not in item.text
