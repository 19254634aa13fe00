"""Story building over the bilingual fixture: what an editor would call one story."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from chinabrief.stories.build import build
from chinabrief.stories.cluster import StoryIndex
from chinabrief.stories.features import story_item


@pytest.fixture(scope="module")
def result(story_records):
    return build([dict(r) for r in story_records], None)


@pytest.fixture(scope="module")
def placed(story_records, result):
    by_id = {p["id"]: p for p in result.placements}
    return {r["id"]: (r, by_id[r["id"]]) for r in story_records}


def _stories_of(placed, event: str) -> Counter:
    return Counter(p["story"] for r, p in placed.values() if r["event"] == event)


def test_no_story_mixes_two_events(placed) -> None:
    events = defaultdict(set)
    for r, p in placed.values():
        if p["story"]:
            events[p["story"]].add(r["event"])
    assert all(len(e) == 1 for e in events.values()), events


def test_a_death_reported_in_english_and_both_chinese_scripts_is_one_story(placed) -> None:
    stories = _stories_of(placed, "li-keqiang-death")
    assert len(stories) == 1 and sum(stories.values()) == 5  # the headline-only item included


def test_a_visit_over_three_days_in_two_languages_gathers_in_few_stories(placed) -> None:
    stories = _stories_of(placed, "xi-biden-woodside")
    biggest = stories.most_common(1)[0][1]
    assert biggest >= 3 and len(stories) <= 4


def test_two_developments_about_one_country_stay_apart(placed) -> None:
    shoal, visit = _stories_of(placed, "philippines-ayungin-oct"), _stories_of(placed, "philippines-marcos-japan")
    assert not set(shoal) & set(visit)
    assert len(_stories_of(placed, "philippines-ayungin-oct")) == 1


def test_a_repost_is_linked_to_its_original_and_counted_in_its_story(placed, result) -> None:
    duplicates = [(r, p) for r, p in placed.values() if p["status"] == "duplicate"]
    assert len(duplicates) == 1
    repost, placement = duplicates[0]
    original, original_placement = placed[placement["duplicate_of"]]
    assert "first published by Reuters" in repost["text"] and original["outlet"]["id"] == "reuters"
    assert placement["story"] == original_placement["story"]
    story = next(s for s in result.stories if s.id == placement["story"])
    assert story.duplicates == 1 and {o["outlet"] for o in story.outlets} >= {"reuters", "scmp"}


def test_bulletins_and_identical_headlines_on_different_days_are_kept_out(placed) -> None:
    kept_out = {r["event"]: p for r, p in placed.values() if p["status"] == "roundup"}
    assert set(kept_out) == {"bulletin", "mfa-presser-a", "mfa-presser-b"}
    assert all(p["story"] is None and p["note"] for p in kept_out.values())


def test_story_records_say_who_reported_what(result) -> None:
    death = max(result.stories, key=lambda s: s.languages.get("zh", 0) and len(s.items))
    assert death.title.isascii()  # an English headline wherever the story has one
    assert sum(death.affiliations.values()) == len(death.outlets)
    assert set(death.score_parts) == {"outlets", "diversity", "entities", "recency", "watchlist"}
    assert death.score == pytest.approx(sum(death.score_parts.values()), abs=0.01)


def test_rebuilding_gives_the_same_story_ids(story_records, result) -> None:
    again = build([dict(r) for r in story_records], None)
    assert sorted(p["story"] or "" for p in again.placements) == sorted(p["story"] or "" for p in result.placements)


def test_items_with_nothing_to_compare_do_not_crash(story_records) -> None:
    odd = [{"id": "e" * 16, "headline": "", "text": "", "published": "2023-10-18"},
           {"id": "f" * 16, "headline": "!!!", "text": "？？？", "published": "2023-10-18", "entities": []}]
    result = build(odd + [dict(r) for r in story_records[:3]], None)
    statuses = {p["id"]: p["status"] for p in result.placements}
    assert statuses["e" * 16] == statuses["f" * 16] == "empty"


def test_the_live_index_places_one_item_at_a_time(story_records) -> None:
    index = StoryIndex()
    views = sorted((story_item(r) for r in story_records), key=lambda v: v.day)
    placed = [index.add(v) for v in views]
    assert len({e.story for e in placed}) < len(placed)
    joined = [e for e in placed if e.score >= index.threshold]
    assert joined and all(e.story for e in joined)
