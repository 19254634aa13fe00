import itertools

from hypothesis import given
from hypothesis import strategies as st

from chinabrief.brief.sentences import split


def _texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split(text)]


def test_english_sentences_keep_abbreviations_and_quotes() -> None:
    text = ('Mr. Wang met U.S. officials on Jan. 5 in Washington. He said "talks went well." '
            "Markets rose 2.5% on the news.\n\nA second paragraph follows.")
    assert _texts(text) == ["Mr. Wang met U.S. officials on Jan. 5 in Washington.", 'He said "talks went well."',
                            "Markets rose 2.5% on the news.", "A second paragraph follows."]


def test_chinese_sentences_end_at_full_stops_and_closing_quotes() -> None:
    text = "外交部长王毅7日表示，中美应找到正确相处之道。他说：“台湾是中国的台湾。”双方应加强沟通！"
    assert _texts(text) == ["外交部长王毅7日表示，中美应找到正确相处之道。", "他说：“台湾是中国的台湾。”",
                            "双方应加强沟通！"]


def test_positions_count_from_the_lead() -> None:
    spans = split("First sentence here. Second one here.\n\nThird one.")
    assert [s.index for s in spans] == [0, 1, 2] and [s.paragraph for s in spans] == [0, 0, 1]


@given(st.text(alphabet=st.sampled_from(list("abc ABC.!?。！？”\n王毅")), max_size=200))
def test_every_span_is_a_stripped_slice_in_order(text: str) -> None:
    spans = split(text)
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
    for span in spans:
        piece = text[span.start:span.end]
        assert piece and piece == piece.strip()
