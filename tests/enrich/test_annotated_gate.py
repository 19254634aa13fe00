"""The reading gate: chinabrief's entities, figures, quotes, items and boilerplate on a fixed
sample of real material annotated by hand (``tests/fixtures/annotated/``). The minimums are
the issue's targets where chinabrief meets them and today's scores where it does not yet, so a
regression in any field fails CI. ``bench/eval_enrich.py --misses`` lists what is missed."""

from __future__ import annotations

import pytest

from tests.annotated import Scores, articles, evaluate, pages

#: Field -> minimum (maximum for leaked boilerplate) on the annotated sample.
MINIMUMS = {
    "entities F1": 0.84,  # target 0.85; 0.850 measured on the 46-file sample
    "organisations F1": 0.76,  # target 0.80; 0.770 measured
    "speaker accuracy": 0.78,  # target 0.85; 0.792 measured
    "figures recall": 0.87,  # target 0.90; 0.884 measured
    "quotes recall": 0.67,  # 0.681 measured
    "items F1": 0.95,  # target met on this sample (tests/fixtures/annotated-hard is not yet)
}
MAX_LEAKED = 0.05


@pytest.fixture(scope="module")
def scores() -> Scores:
    return evaluate()


def test_the_sample_is_large_and_varied() -> None:
    names = [name for name, _ in articles()]
    assert len(names) + len(pages()) >= 30
    assert any(n.startswith("en-") for n in names) and any(n.startswith("zh-") for n in names)


def test_reading_stays_above_its_minimums(scores: Scores) -> None:
    found = {
        "entities F1": scores.entities["all"].f1,
        "organisations F1": scores.entities["org"].f1,
        "speaker accuracy": scores.speaker_accuracy,
        "figures recall": scores.figures.recall,
        "quotes recall": scores.quotes.recall,
        "items F1": scores.items.f1,
    }
    below = {field: round(value, 3) for field, value in found.items() if value < MINIMUMS[field]}
    assert not below, f"below the gate: {below}; misses:\n" + "\n".join(scores.misses[:40])
    assert scores.leaked <= MAX_LEAKED, [m for m in scores.misses if "boilerplate" in m]
