from chinabrief.stories.features import figure_keys, story_item
from chinabrief.stories.words import chinese_terms, english_terms


def _money(text: str, value: float, scale: float, unit: str, usd: float) -> dict:
    return {"text": text, "value": value, "scale": scale, "unit": unit, "kind": "money", "usd": usd}


def test_the_same_figure_meets_across_languages() -> None:
    english = figure_keys([_money("US$56.8 billion", 56.8, 1e9, "USD", 56.8e9),
                           {"text": "94.6 per cent", "value": 94.6, "kind": "percent"}])
    chinese = figure_keys([_money("568亿美元", 568, 1e8, "USD", 56.8e9),
                           {"text": "约95%", "value": 95, "kind": "percent"}])
    assert english & chinese == {"usd:5.7e+10", "pct~95"}


def test_small_bare_numbers_and_close_percentages_stay_apart() -> None:
    assert figure_keys([{"text": "3 ships", "value": 3, "kind": "quantity", "unit": "ship"}]) == frozenset()
    assert figure_keys([{"value": 7.2, "kind": "percent"}]) != figure_keys([{"value": 7.0, "kind": "percent"}])


def test_words_leave_out_what_every_report_says() -> None:
    assert english_terms("The Ministry said on Monday that exports rose") == ["ministry", "export", "rose"]
    words = chinese_terms("新华社北京10月18日电 国家统计局发布数据显示，三季度国内生产总值增长4.9%")
    assert "国家统计局" in words and "新华社" not in words and not any(w[0].isdigit() for w in words)


def test_traditional_and_simplified_copies_share_words() -> None:
    simplified = story_item({"id": "a", "headline": "国务院原总理李克强逝世", "text": "", "language": "zh"})
    traditional = story_item({"id": "b", "headline": "國務院原總理李克強逝世", "text": "", "language": "zh"})
    assert simplified.terms == traditional.terms


def test_a_view_keeps_no_body_text() -> None:
    view = story_item({"id": "c", "headline": "Headline", "text": "Body words " * 200, "language": "en",
                       "published": "2024-03-05"})
    assert view.signature is not None and len(view.signature) == 64
    assert view.text_key and not hasattr(view, "text")
