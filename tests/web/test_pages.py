"""Every page and API route, in process (httpx through Starlette's test client)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import client_for, log_in

PAGES = ["/", "/stories", "/search", "/search?q=王毅", "/search?q=tariffs&language=en&order=date",
         "/search?q=&outlet=reuters&since=2024-03-01&until=2024-03-10", "/entities", "/entities/wang-yi",
         "/trends?q=tariffs&q=关税&entity=wang-yi&topic=economy", "/trends?figure=growth&kind=percent", "/changes",
         "/briefings", "/feeds", "/upload", "/watchlist", "/login"]


@pytest.fixture(scope="module")
def reader(base_db: Path):  # type: ignore[no-untyped-def]
    client = client_for(base_db)
    assert log_in(client).status_code == 303
    return client


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers(reader, path: str) -> None:
    response = reader.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_search_finds_chinese_in_both_scripts_and_english(reader) -> None:
    simplified = reader.get("/search", params={"q": "王毅"}).text
    assert "<mark>王毅</mark>" in simplified and "王毅談中美關係" in simplified  # a traditional-script item too
    english = reader.get("/search", params={"q": '"Second Thomas Shoal"'}).text
    assert "<mark>Second Thomas Shoal</mark>" in english or "<mark>second thomas shoal</mark>" in english.lower()
    assert "No items match" in reader.get("/search", params={"q": "zzzzqqq"}).text
    by_name = reader.get("/search", params={"q": "", "entity": "王毅", "language": "en"}).text
    assert "Wang Yi Says China and US" in by_name and 'value="wang-yi"' in by_name


def test_story_page_groups_coverage_and_keeps_china_apart(reader) -> None:
    story = reader.get("/api/stories").json()["results"][0]
    page = reader.get(f"/stories/{story['id']}").text
    assert story["title"] in page and "Coverage" in page and "PRC state/party" in page
    assert f'hx-get="/stories/{story["id"]}/sections"' in page  # the sections follow
    fragment = reader.get(f"/stories/{story['id']}/sections", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<div id="sections"')
    assert "What China Said" in fragment and "Global Times" in fragment
    assert "<html" in reader.get(f"/stories/{story['id']}/sections").text  # without script: a page


def test_entity_page_by_chinese_name_has_chart_and_co_mentions(reader) -> None:
    page = reader.get("/entities/王毅").text
    assert "Wang Yi" in page and "<svg" in page and "Named with" in page
    assert "/entities/beijing" in page or "/entities/china" in page


def test_trends_compare_several_series(reader) -> None:
    page = reader.get("/trends", params=[("q", "tariffs"), ("q", "关税"), ("entity", "wang-yi")]).text
    assert page.count("<polyline") == 3 and "Wang Yi" in page
    figures = reader.get("/trends", params={"figure": "growth", "kind": "percent"}).text
    assert "5%" in figures and "<circle" in figures


def test_api_routes_paginate_and_describe_themselves(reader) -> None:
    first = reader.get("/api/items", params={"per_page": 5}).json()
    second = reader.get("/api/items", params={"per_page": 5, "page": 2}).json()
    assert len(first["results"]) == 5 and first["has_more"]
    assert not {i["id"] for i in first["results"]} & {i["id"] for i in second["results"]}
    item = reader.get(f"/api/items/{first['results'][0]['id']}").json()
    assert {"id", "headline", "text", "outlet", "entities", "figures", "revisions"} <= set(item)
    assert reader.get("/api/search", params={"q": "王毅", "language": "zh"}).json()["results"]
    story_id = reader.get("/api/stories").json()["results"][0]["id"]
    assert reader.get(f"/api/stories/{story_id}").json()["members"]
    assert reader.get("/api/entities/wang-yi").json()["zh"] == ["王毅"]
    assert reader.get("/api/briefings").status_code == reader.get("/api/feeds").status_code == 200
    spec = reader.get("/api/openapi.json").json()
    assert {"/api/items", "/api/items/{item_id}", "/api/stories", "/api/stories/{story_id}",
            "/api/entities/{entity_id}", "/api/briefings", "/api/search", "/api/feeds"} <= set(spec["paths"])


@pytest.mark.parametrize("path", ["/search?q=%22unbalanced", "/search?q=AND%20OR%20NOT%20NEAR(", "/search?q=*",
                                  "/search?q=a%20-b%20%5E", "/api/search?q=%22%22%22", "/search?q=x&page=99999999",
                                  "/stories?page=99999", "/api/items?page=10000"])
def test_odd_queries_and_huge_pages_are_answered_not_crashed(reader, path: str) -> None:
    assert reader.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/items/nope", "/stories/nope", "/entities/nobody-at-all", "/briefings/1999-W01",
                                  "/no/such/page"])
def test_unknown_ids_get_a_404_page(reader, path: str) -> None:
    response = reader.get(path)
    assert response.status_code == 404 and "<html" in response.text and "Traceback" not in response.text


def test_api_errors_are_json(reader) -> None:
    assert reader.get("/api/items/nope").json() == {"error": "no item with id 'nope'", "status": 404}
    bad = reader.get("/api/items", params={"since": "not-a-date"})
    assert bad.status_code == 422 and "since" in bad.json()["error"]
    assert reader.get("/api/items", params={"per_page": 1000}).status_code == 422


def test_a_private_archive_asks_for_a_login_and_a_public_one_does_not(base_db: Path) -> None:
    private = client_for(base_db)
    assert private.get("/search?q=x", follow_redirects=False).headers["location"] == "/login?next=/search%3Fq%3Dx"
    assert private.get("/api/items").status_code == 401
    public = client_for(base_db, web_public=True)
    assert public.get("/").status_code == 200 and public.get("/api/items").status_code == 200
    assert public.post("/watchlist", data={"term": "x"}, follow_redirects=False).status_code == 401


def test_changes_at_the_source_show_the_diff_and_the_deletion(editor, db: Path) -> None:
    from chinabrief.store import open_store

    store = open_store(db)
    edited, gone = [i["id"] for i in store.find_items("Geneva")[0] + store.find_items("exports rising")[0]][:2]
    store.record_check(edited, text="Negotiators met on Monday; the talks were postponed.",
                       diff="--- before\n+++ after\n-Negotiators from China and the United States met again\n"
                            "+Negotiators met on Monday; the talks were postponed.\n")
    store.record_check(gone, deleted=True)
    page = editor.get("/changes").text
    assert '<span class="add">+Negotiators met on Monday; the talks were postponed.</span>' in page
    assert '<span class="del">-Negotiators from China' in page and "Deleted: the page was gone" in page
    item = editor.get(f"/items/{edited}").text
    assert "Earlier versions" in item and "the talks were postponed" in item
    assert "The source removed this page" in editor.get(f"/items/{gone}").text


def test_search_widens_a_name_to_its_chinese_reports_and_exact_turns_it_off(reader) -> None:
    widened = reader.get("/search", params={"q": "Wang Yi"}).text
    assert "Also showing reports that name Wang Yi (王毅)" in widened and 'class="via"' in widened
    assert "<mark>王毅</mark>" in widened
    exact = reader.get("/search", params={"q": "Wang Yi", "exact": "true"}).text
    assert "Also showing" not in exact and 'class="via"' not in exact and 'name="exact" value="true" checked' in exact
    api = reader.get("/api/search", params={"q": "Wang Yi"}).json()
    assert api["expanded"] == [{"entities": ["wang-yi"], "name": "Wang Yi (王毅)"}]
    assert any(r["matched_via"] for r in api["results"])
    assert not reader.get("/api/search", params={"q": "Wang Yi", "exact": "true"}).json()["expanded"]


def test_item_page_marks_the_names_enrichment_found(reader) -> None:
    found = reader.get("/api/search", params={"q": "王毅", "language": "zh"}).json()["results"][0]
    page = reader.get(f"/items/{found['id']}").text
    assert '<mark class="entity person" title="Wang Yi">王毅</mark>' in page
