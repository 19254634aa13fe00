"""The curated gazetteer: broad, well formed, and right about the people who matter most."""

import json
import re
from importlib import resources

import pytest

from chinabrief.enrich.entities import GAZETTEER_FILES, TYPES

ROWS = [row for name in GAZETTEER_FILES
        for row in json.loads(resources.files("chinabrief.data").joinpath("entities", name).read_text("utf-8"))]


def test_at_least_two_thousand_well_formed_entries() -> None:
    assert len(ROWS) >= 2000
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    for row in ROWS:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", row["id"]), row["id"]
        assert row["type"] in TYPES and row["name"], row["id"]
        assert len(row.get("zh", [])) == len(row.get("zh_hant", [])), row["id"]
        for position in row.get("positions", []):
            for key in ("start", "end"):
                assert position.get(key) is None or re.fullmatch(r"\d{4}(-\d\d){0,2}", position[key]), row["id"]
    counts = {t: sum(r["type"] == t for r in ROWS) for t in TYPES}
    assert counts["person"] >= 700 and counts["org"] >= 400 and counts["place"] >= 400 and counts["programme"] >= 100


@pytest.mark.parametrize("entity_id", ["xi-jinping", "li-qiang", "zhao-leji", "wang-huning", "cai-qi",
                                       "ding-xuexiang", "li-xi"])
def test_the_standing_committee_is_there_with_current_posts(entity_id: str) -> None:
    row = next(r for r in ROWS if r["id"] == entity_id)
    assert row["zh"] and row["country"] == "CN"
    assert any(p.get("end") is None for p in row["positions"])


def test_no_bare_surnames_among_aliases() -> None:
    surnames = {"Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Lee", "Lin"}
    offenders = [(r["id"], a) for r in ROWS for a in r.get("aliases", []) if a in surnames]
    assert offenders == []


def test_title_and_speech_word_lists_are_well_formed() -> None:
    from chinabrief.enrich.lexicon import lexicon

    words = lexicon()
    for field in ("person_titles", "title_modifiers", "person_roles_en", "person_roles_zh", "org_roles_en",
                  "org_roles_zh", "say_en", "report_en", "quote_en", "speech_zh", "org_suffixes_en",
                  "org_suffixes_zh"):
        values = getattr(words, field)
        assert values and len(values) == len(set(values)), field
        assert all(v == v.strip() and v for v in values), field
    assert set(words.zh_not_after) <= set(words.speech_zh)
