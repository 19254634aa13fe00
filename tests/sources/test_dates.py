from datetime import date

import pytest

from chinabrief.sources.dates import parse_date, parse_timestamp

NEWSLETTER_DAY = date(2023, 11, 12)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("November 10, 2023", "MDY", date(2023, 11, 10)),
        ("Source: Reuters, Nov. 10", "MDY", date(2023, 11, 10)),
        ("10 November 2023", "DMY", date(2023, 11, 10)),
        ("2023年11月10日", "YMD", date(2023, 11, 10)),
        ("二〇二三年十一月十日", "YMD", date(2023, 11, 10)),
        ("3月5日", "YMD", date(2023, 3, 5)),
        ("10/11/2023", "DMY", date(2023, 11, 10)),
        ("10/11/2023", "MDY", date(2023, 11, 10)),  # only 10 November is recent before the newsletter
        ("03/04/2023", "MDY", date(2023, 3, 4)),  # neither reading is recent: the outlet's order decides
        ("03/04/2023", "DMY", date(2023, 4, 3)),
        ("25/12/2023", "MDY", date(2023, 12, 25)),  # impossible month: the other order is meant
        ("2023-11-10", "MDY", date(2023, 11, 10)),
        ("Sept. 16", "MDY", date(2023, 9, 16)),
    ],
)
def test_forms_news_items_use(text: str, order: str, expected: date) -> None:
    assert parse_date(text, order=order, fallback=NEWSLETTER_DAY) == expected


def test_missing_year_across_new_year_belongs_to_the_year_before() -> None:
    assert parse_date("Dec. 30", fallback=date(2024, 1, 2)) == date(2023, 12, 30)


def test_missing_year_without_a_document_date_is_unknown() -> None:
    assert parse_date("Nov. 10") is None


def test_no_date_and_impossible_dates() -> None:
    assert parse_date("No date in here") is None
    assert parse_date("February 30, 2024") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Fri, 08 Mar 2024 07:30:00 +0000", date(2024, 3, 8)),
        ("2024-03-05T08:00:00Z", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("", None),
    ],
)
def test_machine_timestamps(value: str, expected: date | None) -> None:
    assert parse_timestamp(value) == expected
