from pathlib import Path

import pytest

from chinabrief.errors import ParseError
from chinabrief.sources.pdf import read_pdf

FILES = Path(__file__).parents[1] / "fixtures" / "files"


def test_pdf_text_without_running_headers_or_page_numbers() -> None:
    [doc] = read_pdf((FILES / "report.pdf").read_bytes(), "report.pdf")
    texts = [b.text for b in doc.blocks]
    assert "Beijing Sets Its 2024 Targets" in texts
    assert "Source: Demo Research, March 6, 2024" in texts
    assert not any("internal note" in t for t in texts)
    assert "2" not in texts


def test_truncated_pdf_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        read_pdf((FILES / "truncated.pdf").read_bytes(), "truncated.pdf")


def test_a_pdf_locked_with_an_empty_password_is_read_and_one_with_a_password_is_named() -> None:
    [doc] = read_pdf((FILES / "locked-open.pdf").read_bytes(), "locked-open.pdf")
    assert "Beijing Sets Its 2024 Targets" in [b.text for b in doc.blocks]
    with pytest.raises(ParseError, match="protected by a password"):
        read_pdf((FILES / "locked.pdf").read_bytes(), "locked.pdf")


def test_a_word_broken_at_its_hyphen_across_lines_is_whole_again() -> None:
    [doc] = read_pdf((FILES / "report.pdf").read_bytes(), "report.pdf")
    assert any("for anti-corruption inspections of state-owned banks." in b.text for b in doc.blocks)
