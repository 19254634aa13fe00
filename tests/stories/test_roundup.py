from datetime import date

from chinabrief.stories.features import story_item
from chinabrief.stories.roundup import RecurringTitles, roundup_reason
from tests.stories.conftest import record


def test_a_tv_bulletin_rundown_is_kept_out(story_records) -> None:
    bulletin = story_item(record(story_records, "新闻联播"))
    assert roundup_reason(bulletin) in ("bulletin headline", "list of headlines")


def test_a_list_under_its_own_events_headline_is_a_report() -> None:
    outcomes = "\n\n".join(["记者29日获悉，中英双方在英国首相访华期间达成一系列积极成果。"] + [
        f"{n}. 双方同意在{field}领域加强合作，中英将举办相关对话。" for n, field in
        enumerate(["气候", "金融", "卫生", "教育", "文化", "执法"], 1)])
    view = story_item({"id": "a" * 16, "headline": "中英双方达成一系列积极成果", "text": outcomes, "language": "zh"})
    assert roundup_reason(view) is None


def test_a_headline_list_without_a_cue_is_still_found() -> None:
    lines = ["李强出席中英企业家委员会会议闭幕式 ⏱00:01:54", "2025年全国财政支出28.74万亿元 ⏱00:01:04",
             "长江十年禁渔中期评估情况发布 ⏱00:01:01", "各部门推出有力举措保障春运 ⏱00:01:04",
             "我国装备工业压舱石作用持续提升 ⏱00:02:12", "各地分类施策促冬小麦弱苗转壮 ⏱00:00:57"]
    view = story_item({"id": "b" * 16, "headline": "今晚要点 1月30日", "text": "\n".join(lines), "language": "zh"})
    assert roundup_reason(view) == "list of headlines"


def test_a_title_an_outlet_reuses_on_other_days_is_a_column() -> None:
    titles = RecurringTitles()
    outlet = {"id": "china-daily", "name": "China Daily"}
    views = [story_item({"id": f"{n}" * 16, "headline": "Foreign Ministry Spokesperson's Regular Press Conference",
                         "text": f"Topic number {n} " * 20, "language": "en", "published": f"2023-10-2{n}",
                         "outlet": outlet}) for n in (3, 4)]
    for view in views:
        titles.see(view)
    assert all(roundup_reason(v, titles) == "recurring title" for v in views)
    # The same report filed again the next day is not a column.
    again = RecurringTitles()
    same = [story_item({"id": f"{n}" * 16, "headline": "Li Keqiang dies at 68", "text": "Same body. " * 20,
                        "language": "en", "published": f"2023-10-2{n}", "outlet": outlet}) for n in (7, 8)]
    for view in same:
        again.see(view)
    assert roundup_reason(same[1], again) is None
    assert same[0].day == date(2023, 10, 27)
