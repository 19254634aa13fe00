"""Reports and PDF newsletters: text per page with running headers and page numbers removed."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from chinabrief.errors import MissingExtraError, ParseError, unreadable_as_parse_error
from chinabrief.models import Document
from chinabrief.sources.text import text_to_blocks

_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.I)
#: A line on at least this many pages (and on most of them) is a running header or footer.
MIN_REPEATS = 3
#: A line that ends in a hyphen after a letter, the next starting in lower case: one word laid
#: out over two lines ("anti-" / "corruption"). The hyphen is kept: dropping it would break
#: every compound ("anticorruption"), and telling a syllable break from one would take a dictionary.
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z])-[ \t]*\n[ \t]*(?=[a-z])")


def read_pdf(raw: bytes, source: str) -> list[Document]:
    try:
        from pypdf import PdfReader
    except ImportError as exc:
        raise MissingExtraError("reading PDF files", "pdf") from exc
    # pypdf logs each defect it repairs ("incorrect startxref pointer"): noise in a user's terminal.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with unreadable_as_parse_error("cannot read PDF"):
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise ParseError("the PDF is protected by a password: save an unprotected copy (print it to PDF) "
                             "and ingest that")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    counts = Counter(line.strip() for page in pages for line in set(page.splitlines()) if line.strip())
    repeated = {line for line, n in counts.items() if n >= MIN_REPEATS and n > len(pages) / 2}
    lines = [
        line for page in pages for line in page.splitlines()
        if line.strip() not in repeated and not _PAGE_NUMBER.match(line)
    ]
    text = _HYPHEN_BREAK.sub("-", "\n".join(lines))
    return [Document(source=source, raw=raw, kind="pdf", blocks=text_to_blocks(text), title=title)]


def _opens_without_password(reader: object) -> bool:
    """Many publishers lock a PDF with an empty password (anyone may read, nobody may edit)."""
    from pypdf.errors import PyPdfError

    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except (PyPdfError, NotImplementedError):  # e.g. AES without the cryptography library
        return False
