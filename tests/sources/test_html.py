import pytest

from chinabrief.errors import ParseError
from chinabrief.sources.html import parse_html, parse_page
from tests.conftest import FIXTURES

PAGE = """<!doctype html><html><head><title>Briefing</title>
<meta property="og:site_name" content="China Desk">
<meta property="article:published_time" content="2024-03-08T09:00:00Z">
</head><body>
<a class="skip-link" href="#main">Skip to content</a>
<nav><ul><li>Home</li><li>Topics</li></ul></nav>
<header><p>China Desk</p></header>
<main id="main">
 <article><h2>First <em>story</em></h2><p>Body one <a href="https://www.reuters.com/x">link</a> tail.</p></article>
 <article><h2>Second story</h2><p>Body two.</p><figure><figcaption>Photo: a caption</figcaption></figure>
  <blockquote><p>Quoted text.</p></blockquote></article>
</main>
<aside><h3>Subscribe to our newsletter</h3><form><input name="email"></form></aside>
<div id="comments"><h3>Leave a Reply</h3></div>
<script>var x = 1;</script>
<footer><p>© 2024 China Desk</p></footer>
</body></html>"""


def test_structure_is_kept_and_chrome_removed() -> None:
    blocks, meta = parse_html(PAGE)
    texts = [b.text for b in blocks]
    assert texts == ["First story", "Body one link tail.", "Second story", "Body two.", "Photo: a caption",
                     "Quoted text."]
    assert [b.kind for b in blocks] == ["heading", "para", "heading", "para", "caption", "quote"]
    assert blocks[0].container != blocks[2].container
    assert blocks[1].href == "https://www.reuters.com/x"
    assert meta.site_name == "China Desk" and meta.published.startswith("2024-03-08")


def test_broken_html_still_gives_its_text() -> None:
    blocks, _ = parse_html("<html><body><p>Unclosed <b>bold<p>Next para<div>and a div")
    assert [b.text for b in blocks] == ["Unclosed bold", "Next para", "and a div"]


def test_soft_hyphens_and_zero_width_spaces_do_not_split_words() -> None:
    blocks, _ = parse_html("<html><body><p>Mit&shy;tel&#173;al\u00adter, zero&#8203;width</p></body></html>")
    assert [b.text for b in blocks] == ["Mittelalter, zerowidth"]


def test_the_tree_for_the_second_reading_loses_furniture_by_tag_only() -> None:
    _, _, tree = parse_page(PAGE.replace("</nav>", "</nav>Text after the menu"))
    kept = " ".join(tree.text_content().split())
    for gone in ("Topics", "Subscribe to our newsletter", "var x = 1", "© 2024"):
        assert gone not in kept
    assert "Text after the menu" in kept  # the tail of a removed element belongs to its parent
    assert "Leave a Reply" in kept  # furniture known by its class name stays for trafilatura to judge
    assert "Body one link tail." in kept


def test_markup_nested_past_the_parsers_limit_is_named_not_read_as_empty() -> None:
    page = "<html><body><p>Before.</p>" + "<div>" * 300 + "Deep text." + "</div>" * 300 + "</body></html>"
    with pytest.raises(ParseError, match="more than 256 levels deep"):
        parse_html(page)
    assert [b.text for b in parse_html("<div>" * 200 + "Deep text." + "</div>" * 200)[0]] == ["Deep text."]


def test_a_source_line_with_an_author_field_names_the_outlet_alone() -> None:
    """``来源：外交部 作者：外交部新闻司`` is the foreign ministry, not an outlet called all of that."""
    from chinabrief.enrich.outlets import load_outlets
    from chinabrief.sources import files
    from chinabrief.sources.digest import split_document

    [doc] = files.load(str(FIXTURES / "pages" / "mfa-source-author.html"), 10**7)
    [item] = split_document(doc, load_outlets()).items
    assert item.outlet is not None and item.outlet.id == "mfa-prc"
    assert item.published.isoformat() == "2025-06-05"


def test_photo_captions_are_kept_with_the_item_not_in_its_text(tmp_path) -> None:
    from chinabrief.enrich.outlets import load_outlets
    from chinabrief.sources import files
    from chinabrief.sources.digest import split_document

    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><h1>Snow on the Yellow Mountain draws crowds</h1>"
        "<figure><img src='a.jpg'><figcaption>Visitors on Guangming Peak after the snowfall.</figcaption></figure>"
        "<p>Days of snow have turned the Huangshan scenic area white, drawing crowds of visitors to see it.</p>"
        "<p>图为游客在光明顶观赏雪景，摄于1月5日。</p>"
        "<p>Officials said the park would stay open through the holiday week despite the cold weather.</p>"
        "</article></body></html>", encoding="utf-8")
    [doc] = files.load(str(page), 10**7)
    [item] = split_document(doc, load_outlets()).items
    assert "Guangming Peak" not in item.text and "图为" not in item.text and "stay open" in item.text
    assert item.captions == ["Visitors on Guangming Peak after the snowfall.", "图为游客在光明顶观赏雪景，摄于1月5日。"]


def test_a_blog_post_that_reposts_three_articles_gives_three_items() -> None:
    """Under the site's and the post's titles, each reposted article has its own headline,
    byline and date; its correction notice stays in its text; the blog engine's footer goes."""
    from chinabrief.enrich.outlets import load_outlets
    from chinabrief.sources import files
    from chinabrief.sources.digest import split_document

    [doc] = files.load(str(FIXTURES / "pages" / "blog-reposts.html"), 10**7)
    items = split_document(doc, load_outlets()).items
    assert [i.headline[:25] for i in items] == ["China’s deflation near-mi", "In China, is ‘family’ bec",
                                                "Frost in 20 seconds: can "]
    for item in items:
        assert item.text.endswith("Correction: An earlier version of this article misstated the date of the meeting.")
        assert "By Staff Reporter" not in item.text and "Permalink" not in item.text and "Labels" not in item.text
        assert item.published.isoformat() == "2026-01-12"
