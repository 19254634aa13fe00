from chinabrief.stories.dedupe import Deduper
from chinabrief.stories.features import story_item
from tests.stories.conftest import record


def _view(item_id: str, headline: str, text: str, language: str = "en"):
    return story_item({"id": item_id, "headline": headline, "text": text, "language": language,
                       "published": "2023-10-18"})


def test_a_wire_repost_with_a_new_headline_and_a_credit_line_is_a_duplicate(story_records) -> None:
    original = record(story_records, "China's third-quarter growth beats")
    repost = record(story_records, "China's economy expands 4.9%")
    deduper = Deduper()
    assert deduper.add(story_item(original)) is None
    assert deduper.add(story_item(repost)) == original["id"]


def test_the_same_text_respaced_and_repunctuated_is_an_exact_duplicate() -> None:
    body = "国家统计局10月18日发布数据，初步核算，前三季度国内生产总值同比增长5.2%，三季度增长4.9%。" * 3
    deduper = Deduper()
    assert deduper.add(_view("a" * 16, "三季度GDP增长4.9%", body, "zh")) is None
    respaced = body.replace("，", ", ").replace("。", "。\n\n")
    assert deduper.add(_view("b" * 16, "统计局：三季度增长4.9%", respaced, "zh")) == "a" * 16


def test_a_copy_of_a_copy_points_at_the_first() -> None:
    body = " ".join(f"word{n}" for n in range(120))
    deduper = Deduper()
    deduper.add(_view("1" * 16, "First", body))
    assert deduper.add(_view("2" * 16, "Second", body + " extra")) == "1" * 16
    assert deduper.add(_view("3" * 16, "Third", body + " more extra")) == "1" * 16


def test_short_or_empty_bodies_are_never_duplicates() -> None:
    deduper = Deduper()
    for n in range(3):
        assert deduper.add(_view(f"{n}" * 16, "Foreign Ministry Spokesperson's Regular Press Conference", "")) is None
    assert deduper.add(_view("9" * 16, "Brief", "Short text.")) is None
    assert deduper.add(_view("8" * 16, "Brief", "Short text.")) is None


def test_different_reports_of_one_event_are_not_duplicates(story_records) -> None:
    deduper = Deduper()
    for r in story_records:
        if r["event"] == "li-keqiang-death":
            assert deduper.add(story_item(r)) is None
