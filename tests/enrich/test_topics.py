import json
from importlib import resources

from chinabrief.enrich.topics import score_topics, taxonomy


def test_taxonomy_is_about_twenty_topics_with_known_entities(gazetteer) -> None:
    data = json.loads(resources.files("chinabrief.data").joinpath("topics.json").read_text("utf-8"))
    assert 18 <= len(data["topics"]) <= 24
    missing = [e for t in data["topics"] for e in t["entities"] if gazetteer.get(e) is None]
    assert missing == []
    assert taxonomy().min_score > 0


def test_topics_are_scored_and_explained() -> None:
    scores = score_topics("China cuts reserve requirement ratio for banks",
                          "The People's Bank of China said the RRR cut would release liquidity to lenders.",
                          {"pboc"})
    best = scores[0]
    assert best.topic == "finance"
    assert "entity:pboc" in best.because and "liquidity" in best.because


def test_chinese_text_in_either_script() -> None:
    simplified = {s.topic for s in score_topics("赖清德就职", "两岸关系紧张，国台办回应台独言论。", set())}
    traditional = {s.topic for s in score_topics("賴清德就職", "兩岸關係緊張，國台辦回應台獨言論。", set())}
    assert "taiwan" in simplified and simplified == traditional


def test_words_count_whole_or_as_declared_stems() -> None:
    assert score_topics("Notes", "A carpenter and a carport.", set()) == []
    assert {s.topic for s in score_topics("Chipmakers rally", "Chipmakers and semiconductors led.", set())} \
        == {"semiconductors"}
