from pathlib import Path

import pytest

from chinabrief.errors import DecodeError, EmptyInputError
from chinabrief.sources.decode import decode_bytes

ENC = Path(__file__).parents[1] / "fixtures" / "encodings"
ZH = "外交部长王毅3月7日在北京举行记者会，就中美关系回答提问。"
ZH_T = "國防部表示，2024年國防預算增長7.2%。"
EN = "Premier Li Qiang’s report set a growth target of “around 5%”"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gbk.txt", ZH), ("gb18030.txt", "㐀字也要能读"), ("big5.txt", ZH_T), ("utf16-bom.txt", ZH),
        ("utf16le-nobom.txt", EN), ("cp1252.txt", EN), ("utf8-bom.txt", ZH),
        ("mojibake.txt", "Premier Li Qiang’s report – café owners"),
        ("mojibake-zh.txt", "新华社北京3月5日电 国务院总理李强作政府工作报告。"),
    ],
)
def test_encodings_are_detected_not_assumed(name: str, expected: str) -> None:
    text, _encoding = decode_bytes((ENC / name).read_bytes())
    assert expected in text
    assert "\ufffd" not in text


def test_full_width_chinese_punctuation_is_left_alone() -> None:
    text, _ = decode_bytes("王毅说：“双方应当加强沟通，避免误判。”".encode())
    assert text == "王毅说：“双方应当加强沟通，避免误判。”"


def test_a_declared_gb2312_charset_decodes_gbk_only_characters() -> None:
    raw = "<meta charset='gb2312'><p>镕基</p>".encode("gbk")  # 镕 is in GBK, not GB2312
    text, encoding = decode_bytes(raw)
    assert "镕基" in text and encoding == "gb18030"


def test_binary_and_empty_input_are_refused() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(256)) * 8)
    with pytest.raises(EmptyInputError):
        decode_bytes(b"  \n ")


def test_characters_that_only_hint_at_line_breaks_are_dropped() -> None:
    text, _ = decode_bytes("Mit\u00adtel\u00adalter, zero\u200bwidth, \ufeffword\u2060joiner".encode())
    assert text == "Mittelalter, zerowidth, wordjoiner"


def test_mis_decoded_lines_are_mended_and_the_rest_left_as_it_was() -> None:
    page = ('<html><body><img alt="SprÃ¼hregen am Morgen">\n<p>Caf&eacute; &amp; bar: 3 &lt; 4</p>\n'
            "<p>Grüße aus Köln</p></body></html>")
    text, _ = decode_bytes(page.encode())
    assert 'alt="Sprühregen am Morgen"' in text
    assert "<p>Caf&eacute; &amp; bar: 3 &lt; 4</p>" in text and "<p>Grüße aus Köln</p>" in text
