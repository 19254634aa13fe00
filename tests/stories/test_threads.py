from chinabrief.stories.threads import link


def _story(story_id: str, first: str, last: str, entities: dict, terms: dict) -> dict:
    return {"id": story_id, "first_seen": first, "last_seen": last, "thread": None,
            "signature": {"entities": entities, "terms": terms}}


GALLIUM_WORDS = {"gallium": 0.6, "germanium": 0.5, "export": 0.4, "control": 0.4, "chip": 0.2}


def test_stages_of_one_matter_share_a_thread_and_other_stories_do_not() -> None:
    filler = [_story(f"s{n:012d}", "2023-07-05", "2023-07-06", {"china": 2, f"place-{n}": 1},
                     {"en": {f"word{n}": 1.0, "china": 0.2}}) for n in range(20)]
    stories = [
        *filler,
        _story("sannounce0001", "2023-07-03", "2023-07-04", {"mofcom": 3, "gallium-germanium-controls": 3, "china": 4},
               {"en": GALLIUM_WORDS, "zh": {"镓": 0.7, "锗": 0.7}}),
        _story("sprices000001", "2023-07-11", "2023-07-12", {"gallium-germanium-controls": 2, "china": 2},
               {"en": {**GALLIUM_WORDS, "price": 0.6}}),
        _story("szero00000001", "2023-09-20", "2023-09-21", {"gallium-germanium-controls": 2, "gacc": 1, "china": 2},
               {"zh": {"镓": 0.6, "锗": 0.6, "出口": 0.5}}),
        _story("selsewhere001", "2023-07-12", "2023-07-12", {"china": 1, "japan": 1},
               {"en": {"fukushima": 0.8, "seafood": 0.6}}),
    ]
    threads = link(stories)
    assert threads["sannounce0001"] == threads["sprices000001"] == threads["szero00000001"] == "tannounce0001"
    assert "selsewhere001" not in threads


def test_a_thread_stored_earlier_is_kept() -> None:
    old = _story("sold000000001", "2023-07-03", "2023-07-04", {"gallium-germanium-controls": 3},
                 {"en": GALLIUM_WORDS})
    old["thread"] = "tkept00000001"
    new = _story("snew000000001", "2023-07-20", "2023-07-21", {"gallium-germanium-controls": 2},
                 {"en": GALLIUM_WORDS})
    assert link([old, new]) == {"sold000000001": "tkept00000001", "snew000000001": "tkept00000001"}


def test_stories_too_far_apart_are_not_linked() -> None:
    a = _story("sa00000000001", "2023-01-01", "2023-01-02", {"gallium-germanium-controls": 3}, {"en": GALLIUM_WORDS})
    b = _story("sb00000000001", "2023-06-01", "2023-06-02", {"gallium-germanium-controls": 3}, {"en": GALLIUM_WORDS})
    assert link([a, b]) == {}
