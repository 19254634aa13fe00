"""Bytes to text: detect the encoding rather than assume it, then repair mojibake.

China-watch material arrives as UTF-8, UTF-16 (Windows "Unicode" saves), GB2312/GBK/GB18030,
Big5 and Windows-1252. We trust, in order: a byte-order mark, a declared charset that
decodes cleanly, strict UTF-8, then charset-normalizer's guess. ftfy then repairs text that
was already double-decoded before it reached us (``æ–°åŽç¤¾`` back to ``新华社``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
import ftfy.badness
from charset_normalizer import from_bytes

from chinabrief.errors import DecodeError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Declared charsets that are subsets of a wider one: decode with the wider one so that a
#: "gb2312" page using a GBK-only character still decodes.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs",
          "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}
#: Share of control characters above which we call the input binary, not text.
MAX_CONTROL_SHARE = 0.05
#: Mis-decoded UTF-8 always shows some of these (Ã, â€, ‚Ä, box drawing); text without
#: any cannot be mojibake that ftfy would repair, so the costly check is skipped. A no-break
#: space alone is left out: English pages are full of them, and "Â " still gives itself away.
_MOJIBAKE_CHARS = re.compile("[\u0080-\u009f\u00a1-\u03ff\u2500-\u259f\u201a\u221a]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Characters that only hint at line breaking or byte order (soft hyphen, zero-width space,
#: word joiner, BOM): they split words for search, entity matching and quoting, and show
#: nothing. German and Russian sites hyphenate every long word with them.
INVISIBLE = "\xad\u200b\u2060\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def strip_invisible(text: str) -> str:
    # Looking for each character first is ten times faster than the substitution on a page
    # that has none of them, which is most pages.
    return _INVISIBLE.sub("", text) if any(c in text for c in INVISIBLE) else text


def normalise_charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return _WIDER.get(name, name)


def sniff_declared(raw: bytes) -> str | None:
    """A charset declared inside HTML/XML (``<meta charset>``, ``encoding=``)."""
    head = raw[:4096]
    match = _META_CHARSET.search(head) or re.search(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_\-]+)""", head)
    return normalise_charset(match.group(1).decode("ascii")) if match else None


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 saved without a BOM shows as every other byte zero in ASCII-heavy text."""
    sample = raw[:2000]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zero = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


#: Windows around suspicious characters given to ftfy's check, and how many at most: its
#: check costs 16 ms on a large page, and mis-decoding shows wherever the odd characters are.
_WINDOW, _MAX_WINDOWS = 24, 40


def _looks_mojibaked(text: str) -> bool:
    windows = [text[max(0, m.start() - _WINDOW):m.end() + _WINDOW]
               for _, m in zip(range(_MAX_WINDOWS), _MOJIBAKE_CHARS.finditer(text), strict=False)]
    return bool(windows) and ftfy.badness.is_bad(" … ".join(windows))


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`DecodeError` for binary input."""
    if not raw.strip():
        raise EmptyInputError("the file is empty")
    text, encoding = _decode(raw, normalise_charset(declared) or sniff_declared(raw))
    if len(_CONTROL.findall(text[:20000])) > MAX_CONTROL_SHARE * min(len(text), 20000):
        raise DecodeError("this looks like a binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_mojibaked(text):
        text = _fix_mojibake(text)
    return strip_invisible(unicodedata.normalize("NFC", text)), encoding


def _fix_mojibake(text: str) -> str:
    """ftfy's repair, line by line and only where a line holds one of the telltale characters.

    ftfy costs more than all the rest of reading a file (up to a quarter of a second on a
    large page), and a page is rarely mis-decoded throughout: usually a few attributes or a
    script comment. Entities are left alone, as this is markup or text, not a web snippet.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE_CHARS.search(line):
            lines[i] = ftfy.fix_text(line, unescape_html=False, uncurl_quotes=False, fix_character_width=False,
                                     fix_latin_ligatures=False, normalization=None)
    return "\n".join(lines)


def _decode(raw: bytes, declared: str | None) -> tuple[str, str]:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw.decode(name, errors="replace"), name.replace("-sig", "")
    if utf16 := _utf16_without_bom(raw):
        return raw.decode(utf16, errors="replace"), utf16
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for name in candidates:
        try:
            return raw.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        sample = raw[:20000]
        if len(_CONTROL.findall(sample.decode("latin-1"))) > MAX_CONTROL_SHARE * len(sample):
            raise DecodeError("this looks like a binary file, not text")
        raise DecodeError("cannot tell which text encoding this file uses")
    name = normalise_charset(best.encoding) or best.encoding
    return raw.decode(name, errors="replace"), name
