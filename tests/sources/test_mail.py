from datetime import date
from pathlib import Path

import pytest

from chinabrief.errors import ParseError
from chinabrief.sources.mail import read_eml, read_mbox

FILES = Path(__file__).parents[1] / "fixtures" / "files"


def test_eml_newsletter_reads_the_html_part_with_headers() -> None:
    [doc] = read_eml((FILES / "newsletter.eml").read_bytes(), "newsletter.eml")
    assert doc.title == "China Desk Weekly: growth target and defence budget"
    assert doc.published == date(2024, 3, 8)
    assert doc.outlet_hint == "China Desk Weekly"
    texts = [b.text for b in doc.blocks]
    assert "1. China Sets 2024 Growth Goal of Around 5%" in texts
    assert any(b.kind == "heading" for b in doc.blocks)


def test_plain_part_is_used_when_the_html_part_is_broken() -> None:
    raw = (b"From: Desk <d@x.example>\nSubject: t\nMIME-Version: 1.0\n"
           b"Content-Type: multipart/alternative; boundary=B\n\n--B\nContent-Type: text/plain; charset=gbk\n\n"
           + "王毅在记者会上回答提问。\n来源：新华社，2024年3月7日\n".encode("gbk")
           + b"\n--B\nContent-Type: text/html\n\n<html><body><img src=x></body></html>\n--B--\n")
    [doc] = read_eml(raw, "x.eml")
    assert doc.blocks[0].text == "王毅在记者会上回答提问。"


def test_mbox_gives_one_document_per_message() -> None:
    docs = read_mbox((FILES / "newsletters.mbox").read_bytes(), "box.mbox")
    assert [d.source for d in docs] == ["box.mbox#1", "box.mbox#2"]
    assert docs[1].title == "China Desk Weekly: a second issue"


def test_parts_nested_without_end_are_named() -> None:
    depth = 3000
    head = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth))
    tail = "".join(f"\n--b{i}--\n" for i in reversed(range(depth)))
    raw = ("From: a@example.org\nSubject: deep\nMIME-Version: 1.0\n" + head + "Content-Type: text/plain\n\nhi\n"
           + tail).encode()
    with pytest.raises(ParseError, match="nests its parts"):
        read_eml(raw, "deep.eml")
