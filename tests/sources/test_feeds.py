"""Feed files of every kind, parsed into entries, and ingested as items."""

import sqlite3
from pathlib import Path

import pytest

from chinabrief import ingest
from chinabrief.errors import ParseError
from chinabrief.pipeline import cluster
from chinabrief.sources.feeds import looks_like_feed, parse_feed
from chinabrief.store import open_store

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"


def test_rss2_entries_with_guid_dates_authors_and_full_text() -> None:
    feed = parse_feed((FEEDS / "rss2.xml").read_bytes())
    assert feed.title == "Test Wire China" and feed.error is None
    growth, defence, trade = feed.entries
    assert growth.guid == "wire-2024-0305-growth" and str(growth.published) == "2024-03-05"
    assert growth.authors == ["Lena Ortiz"] and growth.text_source == "summary"
    assert defence.text_source == "feed" and "1.67 trillion yuan" in defence.text
    assert "&" in trade.text  # entities decoded


@pytest.mark.parametrize(("name", "title", "count"), [
    ("atom.xml", "Strait Desk", 2), ("rdf.xml", "Old School Digest", 1), ("feed.json", "JSON Desk", 2),
    ("gbk.xml", "要闻速递", 1),
])
def test_every_format(name: str, title: str, count: int) -> None:
    feed = parse_feed((FEEDS / name).read_bytes())
    assert feed.title == title and len(feed.entries) == count
    assert all(e.title for e in feed.entries)


def test_json_feed_details() -> None:
    feed = parse_feed((FEEDS / "feed.json").read_bytes())
    first, second = feed.entries
    assert first.guid == "json-1" and first.authors == ["Ada Chen"] and "Producer prices" in first.text
    assert first.text_source == "feed" and second.title.startswith("A brief without a title")
    assert feed.error  # the item that is not an object was noticed


def test_a_malformed_feed_gives_what_parses_and_says_what_broke() -> None:
    feed = parse_feed((FEEDS / "malformed.xml").read_bytes())
    assert feed.entries[0].title == "First Item Survives"
    assert feed.error


def test_not_a_feed() -> None:
    assert not looks_like_feed(b"<html><body>hi</body></html>")
    with pytest.raises(ParseError):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}')


def test_feed_files_are_ingested_entry_by_entry(tmp_path: Path) -> None:
    report = ingest([FEEDS / "rss2.xml", FEEDS / "feed.json", FEEDS / "gbk.xml"], db=tmp_path / "a.db")
    assert report.failures == [] and report.items == 6
    records = {r["headline"]: r for r in open_store(tmp_path / "a.db").items()}
    defence = records["Defence Budget to Rise 7.2%"]
    assert defence["guid"] == "wire-2024-0305-defence" and defence["text_source"] == "feed"
    assert records["国防预算增长7.2%"]["language"] == "zh"
    again = ingest([FEEDS / "rss2.xml"], db=tmp_path / "a.db")
    assert again.items == 0


def test_a_generators_zero_date_is_no_date_and_clustering_copes_with_one_stored(tmp_path: Path) -> None:
    """Hugo and other site generators write 0001-01-01 for undated pages."""
    about, exports = parse_feed((FEEDS / "zero-dates.xml").read_bytes()).entries
    assert about.published is None and str(exports.published) == "2024-03-07"
    db = tmp_path / "a.db"
    assert ingest([FEEDS / "zero-dates.xml"], db=db).items == 2
    with sqlite3.connect(db) as conn:  # as an archive written before dates were checked holds it
        conn.execute("UPDATE items SET published = '0001-01-01', story_status = NULL")
    report = cluster(db=db)
    assert str(report.since) == "0001-01-01" and report.items == 2


def test_character_references_in_feed_text_are_decoded_and_plain_angle_brackets_kept() -> None:
    first, second, _print_page = parse_feed((FEEDS / "escaped.json").read_bytes()).entries
    assert first.title == "Taipei’s Opposition Gains Ground"
    assert first.text == "Voters grew wary of the country’s assertive neighbour & its drills near the island."
    assert second.text == ("Analysts said short yields <b>below</b> long ones is the normal order; "
                           "China’s curve flattened.")


def test_a_print_editions_page_prefix_is_not_part_of_the_headline() -> None:
    *_, print_page = parse_feed((FEEDS / "escaped.json").read_bytes()).entries
    assert print_page.title == "雪后黄山美"


def test_captions_and_credits_in_a_feed_entry_are_kept_apart_from_its_text() -> None:
    entry = parse_feed(FEED_WITH_CAPTION).entries[0]
    assert entry.text == "连日降雪后，黄山风景区银装素裹，吸引众多游客前来观赏。"
    assert [c[:2] for c in entry.captions] == ["图为"]


FEED_WITH_CAPTION = ('{"version": "https://jsonfeed.org/version/1.1", "title": "光明网", "items": [{"id": "c1", '
                     '"title": "雪后黄山美", "content_html": '
                     '"<p>连日降雪后，黄山风景区银装素裹，吸引众多游客前来观赏。</p>'
                     '<p>图为游客在光明顶观赏雪景。</p><p>【责任编辑：王小明】</p>"}]}').encode()
