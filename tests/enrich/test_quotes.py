"""Quotations with their speakers, and the PRC officials among them."""

import pytest


@pytest.mark.parametrize(
    ("text", "speaker", "speaker_id", "official"),
    [
        ('Chinese Foreign Ministry spokesperson Mao Ning said: “China firmly opposes the so-called sanctions '
         'and will take countermeasures.”', "Mao Ning", "mao-ning", True),
        ('“We will never allow anyone to split Taiwan from China,” Wang Yi told reporters.', "Wang Yi", "wang-yi",
         True),
        ('"China is ready to work with the United States," said Xi Jinping.', "Xi Jinping", "xi-jinping", True),
        ('Blinken met Wang Yi. “The relationship needs guardrails to avoid conflict,” he said afterwards.',
         "Antony Blinken", "antony-blinken", False),
        ('Zhang Wei, a professor at Renmin University, said: “The stimulus is too small to change the trend.”',
         "Zhang Wei", None, False),
        ("外交部发言人毛宁表示：“中方坚决反对美方的无理打压和遏制。”", "Mao Ning", "mao-ning", True),
        ("“台湾是中国的台湾，台湾问题是中国的内政，”王毅在记者会上强调。", "Wang Yi", "wang-yi", True),
        ("「我們會持續守護民主自由的生活方式」，賴清德表示。", "Lai Ching-te", "lai-ching-te", False),
    ],
)
def test_quotes_and_speakers(enricher, text: str, speaker: str, speaker_id: str | None, official: bool) -> None:
    [quote] = enricher.enrich("Headline", text, None).quotes
    assert (quote.speaker, quote.speaker_id, quote.official_prc) == (speaker, speaker_id, official)


@pytest.mark.parametrize("text", [
    'The so-called “wolf warrior” style has faded.',
    "国台办发言人说，「台独」是绝路。",
    'He read "The Three-Body Problem" twice.',
    'An unbalanced “quotation mark never closes here',
])
def test_scare_quotes_titles_and_broken_marks_are_not_quotes(enricher, text: str) -> None:
    assert enricher.enrich("Headline", text, None).quotes == []
