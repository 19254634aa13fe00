"""Mutation fuzzing of everything that reads outside input: each file reader, a fetched page, a
fetched feed, OPML and sitemaps, each followed by the splitter and enrichment as ingest runs them.

The contract under test is the one ingest and fetch rely on to isolate a bad input: a reader
either gives documents or raises :class:`ChinabriefError` with a message for the user. Any
other exception is a finding (the user would see "unexpected ..."), and so is an input that
takes longer than :data:`HANG_S`.

Inputs are the fixtures (real files of every kind) changed by a few stacked mutations: bytes
flipped, cut, repeated (which makes nesting deep), spliced from another seed, or a token from
:data:`TOKENS` dropped in, tokens that broke readers before or that each format's parser treats
specially. The same mutator serves the short pass in the tests (through Hypothesis) and the long
one in ``bench/fuzz.py``.
"""

from __future__ import annotations

import random
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chinabrief.errors import ChinabriefError

FIXTURES = Path(__file__).parent / "fixtures"
#: An input slower than this is a hang (the issue's bound).
HANG_S = 5.0
#: Mutated inputs are cut to this size, so a pass measures many inputs rather than a few big ones.
MAX_INPUT = 256 * 1024

#: Tokens with a meaning to some parser, or that broke one before.
TOKENS: tuple[bytes, ...] = (
    b"http://[", b"https://[::1", b"\x00", b"\r\n", b"\r", b"\x1b[31m", b"[/]", b"[link=file:///etc]", b"\x85",
    b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<div>" * 40, b"<table><tr><td>", b"]]>",
    b"<![CDATA[", b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", b"&a;", b"&#0;", b"&#xD800;", b"&#x2019;", b"&nbsp;",
    b'<?xml version="1.0" encoding="x-unknown"?>', b'<meta charset="utf-7">', b'<meta charset="">',
    b"charset=gb18030", b'"title": 12', b'"date_published": [2024, 3]', b'"items": {"a": 1}', b'"url": null',
    b"[" * 300, b"{" * 300, b"Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\n",
    b"Content-Transfer-Encoding: base64\n", b"=?utf-8?b?5L2g5aW9?=", b"=?x-bad?q?=FF?=", b"\n--x--\n",
    b"Date: Fri, 31 Feb 2024 99:99:99 +9999\n", b"From: =?utf-8?q?=0D=0A?= <a@b>\n", b"%PDF-1.7\n", b"/Encrypt",
    b"obj\n<< /Length -1 >>\nstream\n", b"endstream", b"trailer", b"9" * 400, b"-0", b"1e309",
    b"<pubDate>Mon, 32 Jan 2024</pubDate>", b"<link>javascript:alert(1)</link>", b"<entry><title>",
    "Source: 新华社，2024年13月45日".encode(), "外交部发言人表示，".encode(), "你好".encode("gbk"),
    "\u4e2d\u6587".encode("big5", "ignore"), b"\xa1\xa1", b"\xf0\x9f\x98\x80", b"\xed\xa0\x80", b"# ", b"1. ",
    b"What Happened:", b"Source: ", b"https://example.com/a_(b)?q=[1]",
)


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    seeds: tuple[str, ...]  # globs under tests/fixtures
    run: Callable[[bytes], object]


@dataclass(frozen=True, slots=True)
class Finding:
    target: str
    kind: str  # "exception" or "hang"
    summary: str  # exception type and where it was raised, the same for the same bug
    detail: str
    data: bytes
    seconds: float


@cache
def _tools() -> tuple[object, object]:
    from chinabrief.enrich.enricher import Enricher
    from chinabrief.enrich.outlets import load_outlets

    return load_outlets(), Enricher()


def _split_and_enrich(documents: list, single: bool = False) -> None:
    from chinabrief.sources.digest import split_document

    catalogue, enricher = _tools()
    for doc in documents:
        for item in split_document(doc, catalogue, single=single).items:
            enricher(item)


def _file_reader(kind: str) -> Callable[[bytes], object]:
    def run(data: bytes) -> None:
        from chinabrief.sources.files import readers

        _split_and_enrich(readers()[kind](data, f"fuzz.{kind}"))
    return run


def _page(data: bytes) -> None:
    from chinabrief.sources.live import article_links, discover_feeds, read_page

    doc = read_page(data, "https://example.com/news/a.html", _declared(data))
    _split_and_enrich([doc], single=True)
    text = data.decode("utf-8", "replace")
    discover_feeds(text, "https://example.com/")
    article_links(text, "https://example.com/")


def _declared(data: bytes) -> str | None:
    """A charset as a server's header might give it: taken from the input itself, so the
    mutations reach it too (a byte of the input picks one)."""
    choices = (None, "utf-8", "gbk", "big5", "x-unknown", "utf-7", "", "latin-1;q=0")
    return choices[data[0] % len(choices)] if data else None


def _fetched_feed(data: bytes) -> None:
    from chinabrief.models import Document
    from chinabrief.sources.feeds import feed_items, parse_feed

    parsed = parse_feed(data, "https://example.com/feed.xml")
    catalogue, enricher = _tools()
    doc = Document(source="https://example.com/feed.xml", raw=data, kind="feed", title=parsed.title,
                   url=parsed.link, feed=parsed)
    for item in feed_items(doc, catalogue):
        enricher(item)


def _opml(data: bytes) -> None:
    from chinabrief.sources.opml import read_opml

    read_opml(data)


def _sitemap(data: bytes) -> None:
    from chinabrief.sources.live import sitemap_urls

    sitemap_urls(data)


TARGETS: tuple[Target, ...] = (
    Target("txt", ("digests/*.txt", "digests-wild/*.txt", "encodings/*.txt"), _file_reader("txt")),
    Target("md", ("digests/*.md", "digests-wild/*.md", "web/*.md"), _file_reader("md")),
    Target("html", ("digests/*.html", "digests-wild/*.html", "encodings/*.html"), _file_reader("html")),
    Target("eml", ("files/*.eml", "digests-wild/*.eml"), _file_reader("eml")),
    Target("mbox", ("files/*.mbox",), _file_reader("mbox")),
    Target("pdf", ("files/report.pdf", "files/locked-open.pdf"), _file_reader("pdf")),
    Target("feed file", ("feeds/*.xml", "feeds/*.json", "digests/*.json"), _file_reader("xml")),
    Target("page", ("pages/*.html", "digests-wild/*.html"), _page),
    Target("fetched feed", ("feeds/*.xml", "feeds/*.json"), _fetched_feed),
    Target("opml", ("fuzz/*.opml",), _opml),
    Target("sitemap", ("fuzz/*sitemap*.xml",), _sitemap),
)


@cache
def seeds(target: Target) -> tuple[bytes, ...]:
    found = sorted({p for pattern in target.seeds for p in FIXTURES.glob(pattern)})
    if not found:
        raise FileNotFoundError(f"no seed files for {target.name}: {target.seeds}")
    return tuple(p.read_bytes()[:MAX_INPUT] for p in found)


def mutate(rng: random.Random, data: bytes, others: tuple[bytes, ...]) -> bytes:
    """``data`` changed by one to four stacked mutations."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(7)
        at = rng.randint(0, len(out))
        if choice == 0 and out:  # flip bits in a few bytes
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(out))
                out[i] ^= 1 << rng.randrange(8)
        elif choice == 1:  # cut a span
            out[at:at + rng.randint(1, 512)] = b""
        elif choice == 2:  # repeat a span: deep nesting, long runs
            span = bytes(out[at:at + rng.randint(1, 64)])
            out[at:at] = span * rng.randint(2, 400)
        elif choice == 3:  # splice in a piece of another seed
            other = rng.choice(others)
            start = rng.randint(0, max(0, len(other) - 1))
            out[at:at] = other[start:start + rng.randint(1, 2048)]
        elif choice in (4, 5):  # a token with a meaning to some parser
            out[at:at] = rng.choice(TOKENS)
        else:  # truncate
            del out[at:]
    return bytes(out[:MAX_INPUT])


def check(target: Target, data: bytes) -> Finding | None:
    """Run one input; a finding when it raises anything but a ChinabriefError or runs too long."""
    started = time.perf_counter()
    try:
        target.run(data)
    except ChinabriefError:
        pass
    except Exception as exc:  # the finding itself: any other exception escapes to the user
        return Finding(target.name, "exception", summarise(exc), "".join(traceback.format_exception(exc))[-3000:],
                       data, time.perf_counter() - started)
    seconds = time.perf_counter() - started
    if seconds > HANG_S:
        return Finding(target.name, "hang", f"over {HANG_S:g} s", f"{seconds:.1f} s", data, seconds)
    return None


def summarise(exc: BaseException) -> str:
    """The exception's type and the innermost frame in chinabrief's code: one line per bug."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "chinabrief" in f.filename
              and "/tests/" not in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "outside chinabrief"
    return f"{type(exc).__name__} at {where}"
