"""Ingest throughput: splitting and storing generated digests.

Prints documents/s and items/s for (a) splitting alone and (b) the whole ingest (read,
split, store in SQLite with the full-text index), and the peak memory of the process.

    python bench/ingest.py [--docs 10000] [--keep DIR]

The documents are generated here (English and Chinese newsletters, briefing pages and
single articles, as text and as web pages, in the shapes chinabrief reads), so the run needs
nothing else.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from chinabrief import ingest
from chinabrief.config import load_settings
from chinabrief.enrich.outlets import load_outlets
from chinabrief.sources import files
from chinabrief.sources.digest import split_document

WORDS = ("ministry", "council", "export", "growth", "yuan", "tariff", "province", "court", "summit", "delegation",
         "navy", "budget", "reform", "bank", "property", "market", "chip", "talks", "visit", "officials",
         "policy", "data", "statement", "spokesperson", "quota")
ZH = ("外交部", "发言人", "表示", "中方", "坚决", "反对", "关税", "出口", "管制", "经济", "增长", "国务院", "总理",
      "李强", "王毅", "会见", "访问", "协议", "市场", "改革")
OUTLETS = ["Reuters", "Xinhua", "Caixin", "Radio Free Asia", "South China Morning Post", "The Paper"]


def sentence(rng: random.Random, n: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def newsletter(rng: random.Random, i: int) -> str:
    parts = [f"CHINA NOTES No. {i}", "March 8, 2024", "", sentence(rng), ""]
    for n in range(1, rng.randint(4, 8)):
        parts += [f"{n}. {sentence(rng, 6)[:-1].title()} {i}-{n}", "What Happened:", sentence(rng), sentence(rng),
                  "Why it Matters:", sentence(rng), f"Source: {rng.choice(OUTLETS)}, March {rng.randint(1, 8)}, 2024",
                  f"https://www.reuters.com/world/china/bench-{i}-{n}/", "Learn More: upgrade today.", ""]
    return "\n".join([*parts, "Unsubscribe | View in browser"])


def zh_digest(rng: random.Random, i: int) -> str:
    parts = [f"要闻摘编 第{i}期", ""]
    for n in range(1, rng.randint(4, 7)):
        body = "".join(rng.choice(ZH) for _ in range(40)) + "。"
        headline = "".join(rng.choice(ZH) for _ in range(4))
        parts += [f"【{headline}{i}-{n}】", body, f"（来源：新华社，2024年3月{n}日）", ""]
    return "\n".join(parts)


def article(rng: random.Random, i: int) -> str:
    return "\n\n".join([f"{sentence(rng, 8)[:-1].title()} {i}", "March 5, 2024",
                        "BEIJING, March 5 (Reuters) - " + sentence(rng, 30)] + [sentence(rng, 25) for _ in range(6)])


CHROME = ('<nav class="site-nav"><a href="/">Home</a> <a href="/china">China</a> <a href="/world">World</a></nav>'
          '<header><p>Subscribe to our newsletter</p></header>')
SIDEBAR = '<aside class="related"><h3>Related</h3><ul>' + "".join(
    f'<li><a href="/r{n}">Related story number {n} about trade talks</a></li>' for n in range(6)) + "</ul></aside>"


def html_briefing(rng: random.Random, i: int) -> str:
    items = "".join(
        f"<section><h2>{sentence(rng, 6)[:-1].title()} {i}-{n}</h2><p>{sentence(rng)}</p><p>{sentence(rng)}</p>"
        f"<p>Source: {rng.choice(OUTLETS)}, March {rng.randint(1, 8)}, 2024</p></section>"
        for n in range(1, rng.randint(4, 8)))
    return f"<html><head><title>Morning Briefing {i}</title></head><body>{CHROME}<main>{items}</main>{SIDEBAR}" \
           "<footer>© 2024 Briefing Desk. All rights reserved.</footer></body></html>"


def html_article(rng: random.Random, i: int) -> str:
    paragraphs = "".join(f"<p>{sentence(rng, 25)}</p>" for _ in range(8))
    return (f"<html><head><title>{sentence(rng, 8)[:-1].title()} {i} | Reuters</title>"
            '<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>'
            f"<body>{CHROME}<article><h1>{sentence(rng, 8)[:-1].title()} {i}</h1><p>By Lin Wei</p>"
            f"{paragraphs}</article>{SIDEBAR}<footer>© 2024</footer></body></html>")


#: The mix of a real folder: plain-text newsletters and digests, articles, saved web pages.
MAKERS = ((newsletter, "txt"), (zh_digest, "txt"), (article, "txt"), (html_briefing, "html"), (html_article, "html"))


def generate(folder: Path, count: int, seed: int = 7, text_only: bool = False) -> None:
    rng = random.Random(seed)
    makers = [m for m in MAKERS if m[1] == "txt"] if text_only else MAKERS
    for i in range(count):
        make, ext = makers[i % len(makers)]
        (folder / f"doc-{i:05d}.{ext}").write_text(make(rng, i), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="write the generated documents and database here")
    parser.add_argument("--text-only", action="store_true", help="plain-text documents only (no web pages)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="chinabrief-bench-"))
    corpus = work / "docs"
    corpus.mkdir(parents=True, exist_ok=True)
    generate(corpus, args.docs, text_only=args.text_only)
    paths = sorted(str(p) for p in corpus.iterdir())
    catalogue = load_outlets()

    started = time.perf_counter()
    n_items = 0
    for path in paths:
        for doc in files.load(path, 10**8):
            n_items += len(split_document(doc, catalogue).items)
    split_s = time.perf_counter() - started

    db = work / "bench.db"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    report = ingest([str(corpus)], settings=load_settings(db=db), enrich=False)
    ingest_s = time.perf_counter() - started
    enriched_db = work / "bench-enriched.db"
    enriched_db.unlink(missing_ok=True)
    started = time.perf_counter()
    enriched = ingest([str(corpus)], settings=load_settings(db=enriched_db))
    enriched_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    kinds = [m.__name__ for m, ext in MAKERS if ext == "txt" or not args.text_only]
    print(f"chinabrief ingest benchmark: {args.docs} generated documents ({', '.join(kinds)} in turn), "
          f"{n_items} items, Python {sys.version.split()[0]}, one process")
    print(f"{'stage':<28}{'seconds':>10}{'docs/s':>10}{'items/s':>10}")
    print(f"{'read + split':<28}{split_s:>10.2f}{args.docs / split_s:>10.0f}{n_items / split_s:>10.0f}")
    print(f"{'read + split + store (FTS)':<28}{ingest_s:>10.2f}{args.docs / ingest_s:>10.0f}"
          f"{report.items / ingest_s:>10.0f}")
    print(f"{'... + enrich (default)':<28}{enriched_s:>10.2f}{args.docs / enriched_s:>10.0f}"
          f"{enriched.items / enriched_s:>10.0f}")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB; database: {db.stat().st_size / 1e6:.1f} MB")
    if report.failures:
        print(f"{len(report.failures)} failures, first: {report.failures[0]}")


if __name__ == "__main__":
    main()
