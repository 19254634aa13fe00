"""Random and hostile text never crashes an enricher or runs away with the time."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PIECES = st.sampled_from([
    "“", "”", '"', "「", "」", "1,2,3", "2023-2024", "US$", "RMB", "亿", "万亿元", "%", " said ", "表示：", "Li ",
    "Xi Jinping", "习近平", "Ministry of ", "Co.", "\n\n", "。", "...", "$", "€5bn", "逾千人", "Beijing", " ",
])


@settings(max_examples=120, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=60))
def test_any_text_enriches(enricher, parts: list[str]) -> None:
    text = "".join(parts)
    result = enricher.enrich(text[:40], text, None)
    for quote in result.quotes:
        assert quote.text
    for figure in result.figures:
        assert figure.value == figure.value  # not NaN


def test_a_megabyte_without_punctuation(enricher) -> None:
    text = ("Wang Yi Li Qiang 习近平 Beijing " * 20_000) + "“" + "word " * 50_000
    result = enricher.enrich("Huge", text, None)
    assert result.language in ("en", "zh")
    assert any(e.id == "wang-yi" for e in result.entities)
