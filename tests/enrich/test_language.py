import pytest

from chinabrief.enrich.chinese import script_of, to_simplified
from chinabrief.enrich.language import detect


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China sets a growth target of around 5% for this year", ("en", None)),
        ("国务院总理李强作政府工作报告，提出今年经济增长预期目标为5%左右", ("zh", "Hans")),
        ("國防部表示，中共軍機持續在台海周邊活動", ("zh", "Hant")),
        ("2月CPI同比上涨0.7%", ("zh", "Hans")),  # numbers and acronyms do not make it English
        ("Die Bundesregierung reagierte zurückhaltend auf die Ankündigung aus Peking", ("de", None)),
        ("12345 67.8%", (None, None)),
        ("", (None, None)),
    ],
)
def test_language_and_script(text: str, expected: tuple[str | None, str | None]) -> None:
    assert detect(text) == expected


def test_folding_keeps_every_offset() -> None:
    text = "習近平在臺灣問題上表態 and Xi said"
    folded = to_simplified(text)
    assert folded.startswith("习近平在台湾问题") and len(folded) == len(text)
    assert script_of("這是繁體中文") == "Hant" and script_of("no Chinese here") is None
