"""Figures with their units, scales, currencies and directions; years and dates are not figures."""

from datetime import date

import pytest

from chinabrief.enrich.figures import find_figures, to_usd


def only(text: str):
    figures = find_figures(text, date(2024, 3, 5))
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("text", "value", "scale", "unit", "kind"),
    [
        ("a 2.38 trillion Yuan fund", 2.38, 1e12, "CNY", "money"),
        ("US$ 330 billion of chips", 330, 1e9, "USD", "money"),
        ("over 8,800 kg of gold", 8800, 1, "kg", "quantity"),
        ("prices near $575/kg", 575, 1, "USD/kg", "money"),
        ("15,000 used cars", 15000, 1, "cars", "quantity"),
        ("a 4.5GB leak", 4.5, 1, "gb", "quantity"),
        ("7000 vehicles", 7000, 1, "vehicles", "quantity"),
        ("计划发行3.5万亿元", 3.5, 1e12, "CNY", "money"),
        ("逾千人参加", 1000, 1, "人", "quantity"),
        ("HK$1.2 billion", 1.2, 1e9, "HKD", "money"),
        ("NT$100 million", 100, 1e6, "TWD", "money"),
        ("€5bn", 5, 1e9, "EUR", "money"),
        ("顺差1251.6亿美元", 1251.6, 1e8, "USD", "money"),
        ("cut by 25 basis points", 25, 1, "bp", "points"),
        ("0.5 percentage points", 0.5, 1, "pp", "points"),
    ],
)
def test_figures_and_their_units(text: str, value: float, scale: float, unit: str, kind: str) -> None:
    figure = only(text)
    assert (figure.value, figure.scale, figure.unit, figure.kind) == (value, scale, unit, kind)


def test_two_currencies_in_one_phrase() -> None:
    figures = find_figures("RMB 26 trillion yuan (around US$3.66 trillion)", date(2023, 6, 1))
    assert [(f.value, f.scale, f.unit) for f in figures] == [(26, 1e12, "CNY"), (3.66, 1e12, "USD")]
    assert figures[0].usd == pytest.approx(3.66e12, rel=0.02)  # the 2023 average rate
    assert figures[1].usd == 3.66e12


@pytest.mark.parametrize(("text", "direction"), [("sales fell 82% in May", "down"), ("增长5.2%", "up"),
                                                 ("exports rose 7.1%", "up"), ("at 3.45%", None)])
def test_direction_of_a_change(text: str, direction: str | None) -> None:
    figure = only(text)
    assert figure.kind == "percent" and figure.direction == direction


@pytest.mark.parametrize("text", ["In 2024", "on March 5, 2024", "2023-2024", "items 1,2,3", "2024年3月5日",
                                  "Article 23", "the 14th five-year plan", "第2期"])
def test_years_dates_and_list_numbers_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_exchange_rates_by_year() -> None:
    assert to_usd(7.19, "CNY", date(2024, 1, 1)) == pytest.approx(1.0)
    assert to_usd(100, "USD", None) == 100
    assert to_usd(100, "XYZ", None) is None
    assert to_usd(6.23, "CNY", date(2001, 1, 1)) == pytest.approx(1.0)  # before the table: its first year


@pytest.mark.parametrize(
    ("text", "figure", "value", "scale", "unit"),
    [
        ("The five largest lenders cut rates.", "five largest lenders", 5, 1, "lenders"),
        ("Beijing unveiled 18 measures to help exporters.", "18 measures", 18, 1, "measures"),
        ("Its navy sent a fleet of nine.", "fleet of nine", 9, 1, "fleet"),
        ("after twenty years of talks", "twenty years", 20, 1, "years"),
        ("Twenty-five cities joined.", "Twenty-five cities", 25, 1, "cities"),
        ("one million homes were empty", "one million homes", 1, 1e6, "homes"),
        ("四大行下调存款利率", "四大行", 4, 1, "行"),
        ("两大平台被约谈", "两大平台", 2, 1, "平台"),
        ("事故造成三人死亡", "三人", 3, 1, "人"),
        ("会期三天", "三天", 3, 1, "天"),
    ],
)
def test_counts_in_words_and_small_counts_of_things(text, figure, value, scale, unit) -> None:
    found = only(text)
    assert (found.text, found.value, found.scale, found.unit, found.kind) == (figure, value, scale, unit, "quantity")
    assert text[found.start:found.end] == figure


@pytest.mark.parametrize("text", [
    "Article 23 legislation passed.", "G20 leaders met.", "Covid-19 cases rose.", "The 2023 elections.",
    "the June 5 talks", "二十大报告", "一家公司宣布", "The Two Sessions opened.", "one country, two systems",
])
def test_numbers_that_name_things_are_not_counts(text) -> None:
    assert find_figures(text) == []


@pytest.mark.parametrize(("text", "figure", "value", "unit"), [
    ("时隔8年再次访华", "8年", 8, "年"),
    ("率60多位代表访华", "60多位", 60, "位"),
    ("从事旅游业务十余年", "十余年", 10, "年"),
    ("每周航班总量或达到17班", "17班", 17, "班"),
])
def test_chinese_durations_and_approximate_counts(text, figure, value, unit) -> None:
    found = only(text)
    assert (found.text, found.value, found.unit) == (figure, value, unit)


@pytest.mark.parametrize("text", ["2023年3月", "23年3月起", "第18年", "第二十次会议"])
def test_years_and_ordinals_in_chinese_are_not_figures(text) -> None:
    assert find_figures(text) == []
