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


@pytest.mark.parametrize(
    ("text", "said", "speaker", "official"),
    [
        ("Chinese foreign ministry spokesperson Mao Ning said on Monday that China firmly opposes the "
         "latest US sanctions on its firms.", "China firmly opposes the latest US sanctions on its firms.",
         "Mao Ning", True),
        ("Beijing has lodged a complaint. The sanctions are illegal and will hurt both sides, Mao Ning said.",
         "The sanctions are illegal and will hurt both sides", "Mao Ning", True),
        ("Exports of gallium fell sharply last month, according to Reuters.",
         "Exports of gallium fell sharply last month", "Reuters", False),
        ("外交部发言人毛宁在例行记者会上表示，中方坚决反对美方的无理打压。", "中方坚决反对美方的无理打压。",
         "Mao Ning", True),
        # An outlet citing another speaks for neither the PRC nor the last official named.
        ("王毅会见了来访的客人。据路透社报道，美国正在考虑对更多中国企业实施制裁。",
         "美国正在考虑对更多中国企业实施制裁。", "Reuters", False),
        ("外交部发言人毛宁在记者会上回答了提问。路透社还引述学者报道，中方可能在明年放宽部分出口管制措施。",
         "中方可能在明年放宽部分出口管制措施。", "Reuters", False),
        # State media speaking for itself is the official line.
        ("据新华社报道，中国将于明年起实施新的出口管制措施。", "中国将于明年起实施新的出口管制措施。", "Xinhua", True),
        # A foreign official in a Chinese report is not a PRC speaker.
        ("美国国务院发言人称，美方对相关报道表示关切并将持续关注。", "美方对相关报道表示关切并将持续关注。",
         "U.S. Department of State", False),
    ],
)
def test_reported_speech_and_its_speaker(enricher, text: str, said: str, speaker: str, official: bool) -> None:
    quotes = enricher.enrich("Headline", text, None).quotes
    [quote] = [q for q in quotes if q.kind == "reported"]
    full = f"Headline\n\n{text}"
    assert (quote.text, quote.speaker, quote.official_prc) == (said, speaker, official)
    assert full[quote.start:quote.end] == quote.text


def test_direct_speech_is_not_reported_twice(enricher) -> None:
    [quote] = enricher.enrich("Headline", '王毅表示：“中方愿同各方一道，推动局势尽快降温。”', None).quotes
    assert quote.kind == "direct"


@pytest.mark.parametrize("text", [
    "对中国来说，这是一个非常重要的机会和挑战。",
    "It was said to be the largest deal in years between the two groups.",
    "Officials have said little about the talks so far this year.",
])
def test_phrases_that_only_look_like_speech(enricher, text: str) -> None:
    assert enricher.enrich("Headline", text, None).quotes == []


def test_a_headline_is_not_read_for_reported_speech(enricher) -> None:
    assert enricher.enrich("Xi says China is ready to work with the United States", "No one else spoke.",
                           None).quotes == []


def test_a_quotation_without_attribution_continues_the_speaker_before_it(enricher) -> None:
    text = ("“We are ready to keep talking with Washington,” Wang Yi said. "
            "“Dialogue is better than confrontation for both countries.”")
    first, second = enricher.enrich("Headline", text, None).quotes
    assert first.speaker == second.speaker == "Wang Yi" and second.official_prc


def test_a_datelines_byline_is_not_the_speaker(enricher) -> None:
    text = ("新华社北京1月30日电（记者朱超）外交部发言人郭嘉昆30日在例行记者会上表示，"
            "英方访问取得丰硕成果，展现了合作的广度和深度。")
    [quote] = enricher.enrich("Headline", text, None).quotes
    assert quote.speaker in ("Guo Jiakun", "郭嘉昆") and quote.official_prc


def test_a_phrase_of_a_reported_sentence_in_quotation_marks_is_part_of_it(enricher) -> None:
    text = ("Xi Jinping signalled on Wednesday that China will send new pandas to the United States, calling them "
            "“envoys of friendship between the two peoples”.")
    [quote] = enricher.enrich("Headline", text, None).quotes
    assert (quote.kind, quote.speaker) == ("reported", "Xi Jinping")
    assert quote.text.startswith("China will send new pandas")


@pytest.mark.parametrize(("text", "role", "country"), [
    ("Chinese foreign ministry spokesperson Mao Ning said on Monday that China firmly opposes the sanctions.",
     "spokesperson", "CN"),
    ("加拿大总督玛丽·西蒙表示，加方重视同中国的关系发展。", "总督", "CA"),
    ("“We will respond firmly to any provocation,” said Wang Yi.", "Minister of Foreign Affairs", "CN"),
])
def test_a_speaker_comes_with_role_and_country(enricher, text: str, role: str, country: str) -> None:
    [quote] = enricher.enrich("Headline", text, None).quotes
    assert (quote.speaker_role, quote.speaker_country) == (role, country)
    assert quote.official_prc is (country == "CN")


@pytest.mark.parametrize(("country", "speaker", "official"), [
    ("TW", "Ministry of Finance (Taiwan)", False),  # a Taiwanese outlet's 財政部 is Taiwan's
    ("CN", "Ministry of Finance of the PRC", True),
])
def test_a_ministry_shared_by_name_is_the_reporting_outlets_own(enricher, country, speaker, official) -> None:
    text = "財政部表示，莊翠雲在會議中分享台灣經濟現況及相關政策。"
    [quote] = enricher.enrich("Headline", text, None, country=country).quotes
    assert (quote.speaker, quote.official_prc) == (speaker, official)


@pytest.mark.parametrize(("text", "speaker"), [
    ("王毅会见了来访的客人。火山专家表示，这可能是该地区火山活动新时代的开始。", "火山专家"),  # a new, unnamed speaker
    ("德国联邦政府提出了修改方案。但法院宣布，德国联邦政府这样的修改违宪。", "法院"),  # not the government
    ("气温方面，气象署表示，清晨中部以北及东北部气温将降至十五度左右。", "气象署"),
    ("以色列官员坚称，这艘船由英国公司拥有、日本公司营运。", "以色列官员"),
])
def test_a_role_without_a_name_is_a_speaker_of_its_own(enricher, text: str, speaker: str) -> None:
    [quote] = enricher.enrich("Headline", text, None).quotes
    assert quote.speaker == speaker
