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
#: any cannot be mojibake that ftfy would repair, so the costly check is skipped.
_MOJIBAKE_CHARS = re.compile("[\u0080-\u03ff\u2500-\u259f\u201a\u221a]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


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
_WINDOW, _MAX_WINDOWS = 24, 200


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
    if _looks_mojibaked(text):
        # ftfy costs more than all the rest of reading a file; most files need none of it.
        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_character_width=False,
                             fix_latin_ligatures=False)
    else:
        text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


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
