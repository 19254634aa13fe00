"""Newsletters saved from e-mail: ``.eml`` messages and ``.mbox`` folders.

A newsletter's HTML part keeps its structure (headings, item boxes); its plain-text part is
what some senders make more carefully. We read the HTML part and fall back to the plain one
when the HTML holds little text, so a broken HTML part loses nothing.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from email.utils import parseaddr

from chinabrief.errors import EmptyInputError, ParseError
from chinabrief.models import Document
from chinabrief.sources.dates import parse_timestamp
from chinabrief.sources.decode import decode_bytes
from chinabrief.sources.html import parse_html
from chinabrief.sources.text import text_to_blocks

#: An HTML part with less than this share of the plain part's text is treated as broken.
MIN_HTML_SHARE = 0.5
#: Undecodable bytes in a header come out as lone surrogates, which nothing downstream can encode.
_SURROGATE = re.compile("[\ud800-\udfff]")
_MBOX_FROM = re.compile(rb"^From [^\n]*\n", re.M)


def _part_text(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True) or b""
    if not payload.strip():
        return ""
    text, _ = decode_bytes(payload, part.get_content_charset())
    return text


def _text_parts(message: EmailMessage) -> tuple[str, str]:
    """The message's first HTML and first plain-text part, not counting attachments."""
    html, plain = "", ""
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype == "text/html" and not html:
            html = _part_text(part)
        elif ctype == "text/plain" and not plain:
            plain = _part_text(part)
    return html, plain


def message_to_document(raw: bytes, source: str) -> Document:
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        html, plain = _text_parts(message)
    except RecursionError as exc:
        raise ParseError("the message nests its parts inside each other too deeply to read "
                         "(thousands of levels; a real newsletter has a handful)") from exc
    except (ValueError, TypeError, IndexError) as exc:
        raise ParseError(f"cannot parse e-mail message: {exc}") from exc
    if not html and not plain:
        raise EmptyInputError("the message has no text or HTML part")
    blocks, title_from_html = [], None
    if html:
        blocks, meta = parse_html(html)
        title_from_html = meta.title
        html_chars = sum(len(b.text) for b in blocks)
        if plain and html_chars < MIN_HTML_SHARE * len(plain):
            blocks = []
    if not blocks:
        blocks = text_to_blocks(plain)
    subject = _header(message, "subject") or title_from_html
    name, address = parseaddr(_header(message, "from"))
    domain = address.rpartition("@")[2] or None
    return Document(
        source=source, raw=raw, kind="eml", blocks=blocks, title=subject,
        published=parse_timestamp(_header(message, "date")),
        outlet_hint=name or domain, url=domain,
    )


def _header(message: EmailMessage, name: str) -> str:
    """A header as text. The standard library parses a header when it is read and can fail
    on a malformed one in many ways (an address group where a mailbox should be, a date whose
    year overflows, a line break inside an address); then the header's raw value is taken."""
    try:
        value = str(message.get(name) or "")
    except (AttributeError, ValueError, IndexError, TypeError, OverflowError, RecursionError):
        value = next((str(v) for k, v in message.raw_items() if k.lower() == name), "")
    return _SURROGATE.sub("\ufffd", " ".join(value.split()))


def read_eml(raw: bytes, source: str) -> list[Document]:
    return [message_to_document(raw, source)]


def read_mbox(raw: bytes, source: str) -> list[Document]:
    """Each message of an mbox is its own document, named ``path#n``."""
    starts = [m.start() for m in _MBOX_FROM.finditer(raw)]
    if not starts:
        raise ParseError("not an mbox file: no 'From ' separator lines")
    documents = []
    for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(raw)], strict=True), start=1):
        chunk = raw[start:end]
        body = chunk.split(b"\n", 1)[1] if b"\n" in chunk else b""
        body = re.sub(rb"^>(>*From )", rb"\1", body, flags=re.M)  # undo mboxrd quoting
        if body.strip():
            documents.append(message_to_document(body, f"{source}#{n}"))
    return documents
