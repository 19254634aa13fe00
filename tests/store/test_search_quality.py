"""The search gate: a fixed sample of a real week of China news, ingested as a user would, and
searched for the gate's queries; recall and precision against the text itself must stay at
their minimum. Then a property: any run of Chinese characters taken from those items finds
every item that holds it, and only those."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chinabrief.enrich.chinese import to_simplified
from chinabrief.pipeline import ingest
from chinabrief.search import search
from chinabrief.store import Store, open_store
from chinabrief.store.search_marks import holds
from chinabrief.store.search_query import parse
from chinabrief.store.search_text import TOKEN

SAMPLE = Path(__file__).parents[1] / "fixtures" / "search" / "week-sample.json"
GATE = json.loads(SAMPLE.read_text("utf-8"))["_chinabrief_gate"]
ALL = 10**6


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("search") / "week.db"
    report = ingest([str(SAMPLE)], db=db, stories=False)
    assert report.ok and report.items > 100
    return open_store(db)


@pytest.fixture(scope="module")
def records(week: Store) -> list[dict]:
    return list(week.items())


def test_gate_recall_and_precision(week: Store, records: list[dict]) -> None:
    hits = missed = extra = 0
    per_query = {}
    for query in GATE["queries"]:
        truth = {r["id"] for r in records if holds(r, parse(query))}
        found = {r["id"] for r in search(week, query, limit=ALL, exact=True).items}
        per_query[query] = (len(truth), len(found & truth), len(found - truth))
        hits, missed, extra = hits + len(truth & found), missed + len(truth - found), extra + len(found - truth)
    recall, precision = hits / (hits + missed), hits / (hits + extra)
    assert recall >= GATE["min_recall"], per_query
    assert precision >= GATE["min_precision"], per_query
    # Nearly every query has items to find in the sample, so the gate measures each kind.
    assert sum(1 for truth, _hit, _extra in per_query.values() if truth) >= len(GATE["queries"]) - 2


def _han_runs(records: list[dict]) -> list[str]:
    runs = []
    for record in records:
        for field in (record["headline"], record["text"]):
            runs += [m.group(1) for m in TOKEN.finditer(field) if m.group(1) and len(m.group(1)) >= 2]
    return runs


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_run_of_chinese_characters_finds_every_item_holding_it(data: st.DataObject, week: Store,
                                                                   records: list[dict]) -> None:
    runs = _han_runs(records)
    run = data.draw(st.sampled_from(runs))
    length = data.draw(st.integers(min_value=2, max_value=min(8, len(run))))
    start = data.draw(st.integers(min_value=0, max_value=len(run) - length))
    needle = run[start:start + length]
    folded = to_simplified(needle)
    truth = {r["id"] for r in records
             if folded in to_simplified(r["headline"]) or folded in to_simplified(r["text"])}
    found = {r["id"] for r in search(week, needle, limit=ALL, exact=True).items}
    assert found == truth, needle


def test_a_name_finds_the_reports_naming_it_in_the_other_language(week: Store, records: list[dict]) -> None:
    widened = search(week, "Wang Yi", limit=ALL)
    chinese = {r["id"] for r in records if "王毅" in r["text"] or "王毅" in r["headline"]}
    assert chinese and chinese <= {r["id"] for r in widened.items}
    assert all(r["matched_via"] == "Wang Yi (王毅)" for r in widened.items if r["id"] in chinese)
    assert widened.expansions[0].entity_ids == ("wang-yi",)
    assert {r["id"] for r in search(week, "Wang Yi", limit=ALL, exact=True).items}.isdisjoint(chinese)
