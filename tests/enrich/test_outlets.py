import json
import re
from importlib import resources

import pytest

from chinabrief.enrich.outlets import taxonomy

DATA = json.loads(resources.files("chinabrief.data").joinpath("outlets.json").read_text("utf-8"))
AFFILIATIONS = set(taxonomy().affiliations)


def test_catalogue_is_broad_and_well_formed() -> None:
    outlets = DATA["outlets"]
    assert len(outlets) >= 300
    assert set(DATA["affiliations"]) == set(AFFILIATIONS)
    ids = [o["id"] for o in outlets]
    assert len(ids) == len(set(ids))
    for outlet in outlets:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", outlet["id"]), outlet["id"]
        assert outlet["affiliation"] in AFFILIATIONS, outlet["id"]
        assert re.fullmatch(r"[A-Z]{2}", outlet["country"]), outlet["id"]
        assert outlet.get("date_order", "MDY") in ("MDY", "DMY", "YMD")
    affiliations = {o["affiliation"] for o in outlets}
    assert affiliations == set(AFFILIATIONS), "every affiliation has outlets"


def test_no_name_or_domain_points_at_two_outlets() -> None:
    seen: dict[str, str] = {}
    for outlet in DATA["outlets"]:
        keys = {n.casefold() for n in (outlet["name"], *outlet["aliases"], *outlet["chinese"])}
        keys |= {f"domain:{d}" for d in outlet["domains"]}
        for key in keys:
            assert seen.setdefault(key, outlet["id"]) == outlet["id"], f"{key!r} is claimed twice"


@pytest.mark.parametrize(
    ("written", "outlet_id"),
    [
        ("Xinhua", "xinhua"), ("新华社", "xinhua"), ("新華社", "xinhua"), ("The New York Times", "nyt"),
        ("New York Times", "nyt"), ("RFA", "rfa"), ("自由亚洲电台", "rfa"), ("联合早报", "zaobao"),
        ("聯合早報", "zaobao"), ("中央社", "cna-tw"), ("澎湃新闻", "thepaper"), ("财新", "caixin"),
        ("大纪元", "epoch-times"),
    ],
)
def test_names_in_english_and_chinese(catalogue, written: str, outlet_id: str) -> None:
    found = catalogue.by_name(written)
    assert found is not None and found.id == outlet_id


@pytest.mark.parametrize(
    ("url", "outlet_id"),
    [
        ("https://www.reuters.com/world/china/x/", "reuters"),
        ("https://english.news.cn/20240305/abc/c.html", "xinhua"),
        ("https://cn.nytimes.com/china/2024/", "nyt"),
        ("http://www.rfa.org/mandarin/", "rfa"),
    ],
)
def test_urls_resolve_by_domain(catalogue, url: str, outlet_id: str) -> None:
    found = catalogue.by_url(url)
    assert found is not None and found.id == outlet_id


def test_outlets_are_found_in_running_text(catalogue) -> None:
    assert catalogue.find_in("At The New York Times, Chris Buckley reports:").id == "nyt"
    assert catalogue.find_in("nothing here about news") is None
    assert catalogue.find_in("a map of the area") is None  # "AP" counts only in capitals


def test_every_affiliation_has_a_label_and_a_known_group() -> None:
    known = taxonomy()
    for affiliation in known.affiliations.values():
        assert affiliation.label and affiliation.group in known.groups, affiliation.key
        assert all(group in known.groups for _, group in affiliation.group_by_country)


@pytest.mark.parametrize(("affiliation", "country", "group", "official"), [
    ("prc_state", "CN", "prc", True),
    ("government_body", "CN", "prc", True),  # the foreign ministry's own statements
    ("government_body", "US", "official", False),  # the State Department is not the PRC's voice
    ("us_gov_funded", "US", "us_gov", False),
    ("prc_commercial", "CN", "prc_commercial", False),
    (None, None, "unknown", False),
])
def test_one_taxonomy_groups_outlets_for_every_view(affiliation, country, group, official) -> None:
    assert taxonomy().group_of(affiliation, country) == group
    assert taxonomy().speaks_for_prc(affiliation, country) is official
