"""Local files, folders and standard input: find them, check them, and hand each to its reader.

Readers are looked up by file extension in the ``chinabrief.readers`` entry-point group,
the same way a plugin adds a format, so the built-in ones have no privileged path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from chinabrief.config import megabytes
from chinabrief.errors import EmptyInputError, FileTooLargeError, SourceError, UnsupportedFormatError
from chinabrief.models import Document
from chinabrief.sources.dates import parse_timestamp
from chinabrief.sources.decode import decode_bytes
from chinabrief.sources.html import parse_page
from chinabrief.sources.text import text_to_blocks

Reader = Callable[[bytes, str], list[Document]]
STDIN = "-"
#: Extensions that name the same format as a registered reader.
SYNONYMS = {"htm": "html", "xhtml": "html", "markdown": "md", "text": "txt", "mbx": "mbox", "": "txt", "rdf": "xml",
            "feed": "xml"}


def read_text_file(raw: bytes, source: str) -> list[Document]:
    text, encoding = decode_bytes(raw)
    if _looks_like_html(text):
        return read_html_file(raw, source)
    return [Document(source=source, raw=raw, kind="txt", blocks=text_to_blocks(text), encoding=encoding)]


def read_markdown_file(raw: bytes, source: str) -> list[Document]:
    text, encoding = decode_bytes(raw)
    return [Document(source=source, raw=raw, kind="md", blocks=text_to_blocks(text, markdown=True),
                     encoding=encoding)]


def read_html_file(raw: bytes, source: str) -> list[Document]:
    text, encoding = decode_bytes(raw)
    return [html_document(text, source, raw, encoding)]


def html_document(text: str, source: str, raw: bytes, encoding: str, keep_tree: bool = False) -> Document:
    """A decoded page as a document (a fetched page is decoded by the charset its server sent).

    ``keep_tree`` for a page split at once (one fetched by its URL): its main-content reading
    then needs no second parse. Files are read in groups before they are split, and a group
    of parsed pages would hold many times the memory of their text.
    """
    blocks, meta, tree = parse_page(text)
    return Document(source=source, raw=raw, kind="html", blocks=blocks, title=meta.title,
                    published=parse_timestamp(meta.published), outlet_hint=meta.site_name, url=meta.url,
                    encoding=encoding, html=text, tree=tree if keep_tree else None)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


@cache
def readers() -> dict[str, Reader]:
    """Extension -> reader, from the installed entry points."""
    found: dict[str, Reader] = {}
    for ep in entry_points(group="chinabrief.readers"):
        found[ep.name] = ep.load()
    if not found:  # running from a source tree that was never installed
        from chinabrief.sources.feeds import read_feed_file
        from chinabrief.sources.mail import read_eml, read_mbox
        from chinabrief.sources.pdf import read_pdf

        found = {"txt": read_text_file, "md": read_markdown_file, "html": read_html_file, "eml": read_eml,
                 "mbox": read_mbox, "pdf": read_pdf, "xml": read_feed_file, "rss": read_feed_file,
                 "atom": read_feed_file, "json": read_feed_file}
    return found


def extension(path: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return SYNONYMS.get(suffix, suffix)


def sniff_kind(raw: bytes) -> str:
    """What standard input holds, from its first bytes."""
    head = raw[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"From ") and b"\nFrom:" in raw[:4096]:
        return "mbox"
    if any(head.startswith(h) for h in (b"Received:", b"From:", b"MIME-Version:", b"Return-Path:", b"Date:")):
        return "eml"
    from chinabrief.sources.feeds import looks_like_feed

    if looks_like_feed(raw):
        return "xml"
    return "txt"


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str


def discover(paths: Iterable[str]) -> Iterator[str | Failure]:
    """Files to read, folders walked recursively in a stable order; hidden files skipped."""
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield str(child)
        elif path.is_file():
            yield str(path)
        else:
            yield Failure(given, "no such file or folder")


def load(source: str, max_bytes: int) -> list[Document]:
    """Read one file (or stdin) into documents, or raise a :class:`SourceError` saying why."""
    if source == STDIN:
        raw = sys.stdin.buffer.read(max_bytes + 1)
        kind = sniff_kind(raw)
        name = "<stdin>"
    else:
        path = Path(source)
        size = path.stat().st_size
        if size > max_bytes:
            raise FileTooLargeError(f"{megabytes(size)} is over the {megabytes(max_bytes)} limit "
                                    "(set max_file_mb to change it)")
        kind = extension(source)
        reader = readers().get(kind)
        if reader is None:
            raise UnsupportedFormatError(f"no reader for .{kind} files")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}") from exc
        name = source
    if len(raw) > max_bytes:
        raise FileTooLargeError(f"over the {megabytes(max_bytes)} limit (set max_file_mb to change it)")
    if not raw.strip():
        raise EmptyInputError("the file is empty")
    return readers()[kind](raw, name)
