"""Fetching throughput: feeds and article pages from a local HTTP server, and real feeds.

Part 1 serves ``--pages`` generated article pages (English and Chinese, some in GBK) behind
20 feeds whose entries carry only a one-line summary, so every entry costs a feed read plus
a page fetch and a full-text extraction, then enrichment and storage: pages/s and peak
memory for ``chinabrief fetch`` with its default 8 workers.

Part 2 serves the 177 real feeds of ``../shared/datasets/realworld-feeds-fastfeedparser``
(skipped when absent) and checks that every entry arrives as an item (their article pages
are on the real web, which is not reachable here, so full-text fetching is off).

    python bench/fetch.py [--pages 2000] [--data ../shared/datasets]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from chinabrief import fetch, follow
from chinabrief.config import load_settings
from chinabrief.store import open_store

DEFAULT = Path(__file__).parents[1] / ".." / "shared" / "datasets"
FEEDS = 20
WORDS = ("ministry", "council", "export", "growth", "yuan", "tariff", "province", "court", "summit", "navy",
         "budget", "reform", "bank", "property", "market", "chip", "talks", "officials", "policy", "data")
ZH = ("外交部", "发言人", "表示", "中方", "坚决", "反对", "关税", "出口", "经济", "增长", "国务院", "市场")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, tuple[str, bytes]]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        found = self.server.routes.get(self.path)
        if found is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype, body = found
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


def serve() -> tuple[_Server, str]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.routes = {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def page(rng: random.Random, n: int) -> tuple[str, bytes]:
    if n % 4 == 3:
        paragraphs = ["".join(rng.choice(ZH) for _ in range(40)) + "。" for _ in range(6)]
        charset, title = "gbk", "".join(rng.choice(ZH) for _ in range(5)) + str(n)
    else:
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(30)).capitalize() + "." for _ in range(6)]
        charset, title = "utf-8", " ".join(rng.choice(WORDS) for _ in range(6)).title() + f" {n}"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f'<html><head><meta charset="{charset}"><title>{title}</title></head><body><nav><a href="/">Home</a>'
            f"</nav><article><h1>{title}</h1>{body}</article><footer>(c) 2024</footer></body></html>")
    return title, html.encode(charset)


def part_one(pages: int) -> None:
    server, base = serve()
    rng = random.Random(5)
    entries: list[list[str]] = [[] for _ in range(FEEDS)]
    for n in range(pages):
        title, html = page(rng, n)
        server.routes[f"/a/{n}.html"] = ("text/html", html)
        entries[n % FEEDS].append(f"<item><title>{title}</title><link>{base}/a/{n}.html</link><guid>g{n}</guid>"
                                  f"<description>One line only.</description></item>")
    for f, items in enumerate(entries):
        xml = f"<rss version='2.0'><channel><title>Feed {f}</title>{''.join(items)}</channel></rss>"
        server.routes[f"/feed/{f}.xml"] = ("application/rss+xml", xml.encode())
    server.routes["/robots.txt"] = ("text/plain", b"User-agent: *\nAllow: /\n")
    work = Path(tempfile.mkdtemp(prefix="chinabrief-fetch-"))
    settings = load_settings(db=work / "f.db", allow_private_urls=True, host_delay_s=0)
    for f in range(FEEDS):
        follow(f"{base}/feed/{f}.xml", db=settings.db)
    started = time.perf_counter()
    report = fetch(settings=settings, revisit=False)
    seconds = time.perf_counter() - started
    full = sum(1 for r in open_store(settings.db).items() if r["text_source"] == "page")
    print(f"{FEEDS} feeds, {pages} summary-only entries, {settings.workers} workers, no per-host delay:")
    print(f"  {report.items} items stored ({full} with the page's full text) in {seconds:.1f} s: "
          f"{pages / seconds:.0f} pages/s")
    server.shutdown()


def part_two(data: Path) -> None:
    root = data / "realworld-feeds-fastfeedparser"
    if not (root / "index.json").is_file():
        print(f"skipped real-world feeds: not under {data}")
        return
    index = json.loads((root / "index.json").read_text())
    server, base = serve()
    for row in index:
        server.routes[f"/real/{row['file']}"] = ("application/xml", (root / "feeds" / row["file"]).read_bytes())
    work = Path(tempfile.mkdtemp(prefix="chinabrief-real-"))
    settings = load_settings(db=work / "r.db", allow_private_urls=True, host_delay_s=0, full_text=False)
    for row in index:
        follow(f"{base}/real/{row['file']}", db=settings.db)
    started = time.perf_counter()
    report = fetch(settings=settings, revisit=False)
    seconds = time.perf_counter() - started
    expected = sum(row["items"] for row in index)
    failed = [f for f in report.feeds if f.error]
    print(f"real-world feeds: {len(index)} feeds with {expected} <item>/<entry> elements -> {report.items} items "
          f"stored in {seconds:.1f} s; {len(failed)} feeds reported an error "
          f"(duplicates within and across feeds are stored once)")
    for result in failed[:5]:
        print(f"  {result.url.rsplit('/', 1)[-1]}: {result.error[:100]}")
    server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=DEFAULT)
    args = parser.parse_args()
    print(f"chinabrief fetch benchmark: Python {sys.version.split()[0]}, one process")
    part_one(args.pages)
    part_two(args.data)
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
