"""Enrichment throughput: items/s on one core and peak memory, English and Chinese apart.

The demo corpus is split into its items, which are replicated (with a counter in the text so
no two are identical) to ``--items`` per language, and every enricher runs on each: language,
entities (gazetteer and unknown names), figures, quotes and topics. Targets: 1,000 English and
700 Chinese items/s per core.

    python bench/enrich.py [--items 10000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from itertools import cycle, islice

from chinabrief.cli import demo_corpus
from chinabrief.enrich.enricher import Enricher
from chinabrief.enrich.outlets import load_outlets
from chinabrief.models import Item
from chinabrief.sources import files
from chinabrief.sources.digest import split_document


def demo_items() -> list[Item]:
    catalogue = load_outlets()
    found = []
    for path in files.discover([str(demo_corpus())]):
        if isinstance(path, str):
            for doc in files.load(path, 10**8):
                found.extend(split_document(doc, catalogue).items)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items per language")
    args = parser.parse_args()
    started = time.perf_counter()
    enricher = Enricher()
    enricher.enrich("warm up", "China's 习近平 met officials.", None)
    enricher.enrich("预热", "外交部发言人毛宁表示，中方反对。", None)
    load_s = time.perf_counter() - started
    items = demo_items()
    by_language = {"en": [i for i in items if enricher.enrich(i.headline, i.text, i.published).language == "en"],
                   "zh": [i for i in items if enricher.enrich(i.headline, i.text, i.published).language == "zh"]}
    print(f"chinabrief enrichment benchmark: Python {sys.version.split()[0]}, one process; gazetteer of "
          f"{len(enricher.gazetteer)} entries compiled in {load_s:.2f} s")
    print(f"{'language':<10}{'items':>8}{'avg chars':>11}{'seconds':>9}{'items/s':>9}{'entities':>10}"
          f"{'figures':>9}{'quotes':>8}")
    for language, pool in by_language.items():
        batch = [(f"{i.headline} ", f"{i.text}\n({n})", i.published)
                 for n, i in enumerate(islice(cycle(pool), args.items))]
        counts = [0, 0, 0]
        started = time.perf_counter()
        for headline, text, published in batch:
            result = enricher.enrich(headline, text, published)
            counts[0] += len(result.entities)
            counts[1] += len(result.figures)
            counts[2] += len(result.quotes)
        seconds = time.perf_counter() - started
        chars = sum(len(h) + len(t) for h, t, _ in batch) / len(batch)
        print(f"{language:<10}{len(batch):>8}{chars:>11.0f}{seconds:>9.2f}{len(batch) / seconds:>9.0f}"
              f"{counts[0]:>10}{counts[1]:>9}{counts[2]:>8}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
