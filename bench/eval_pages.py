"""How chinabrief's file reader treats saved single-article web pages.

A saved article page must stay one item and lose none of its text. On the Zyte/scrapinghub
article-extraction benchmark (181 real pages, ``../shared/datasets/article-extraction-benchmark``)
this prints, beside the stored outputs of the extractors that benchmark compares, the
shingle precision, recall and F1 of the text chinabrief keeps, and how many pages stay one item.

    python bench/eval_pages.py [--data PATH]

chinabrief's file reader removes page furniture by structure and wording but is not a
main-content extractor: expect recall near the best extractors and lower precision (teasers
and link lists stay in). Web pages fetched from the live web go through trafilatura instead.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from extract import score_aeb as score  # the same scoring, shared (run as python bench/eval_pages.py)

from chinabrief.enrich.outlets import load_outlets
from chinabrief.sources.digest import split_document
from chinabrief.sources.files import read_html_file

DEFAULT = Path(__file__).parents[1] / ".." / "shared" / "datasets" / "article-extraction-benchmark"


def load_baseline(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data = data.get("output", data)
    return {k: (v.get("articleBody") or "") if isinstance(v, dict) else (v or "") for k, v in data.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        print(f"skipped: no benchmark data at {args.data}")
        return
    truth = {k: v["articleBody"] for k, v in json.loads((args.data / "ground-truth.json").read_text()).items()}
    catalogue = load_outlets()
    ours: dict[str, str] = {}
    item_counts: Counter[int] = Counter()
    started = time.perf_counter()
    for path in sorted((args.data / "html").glob("*.html.gz")):
        [doc] = read_html_file(gzip.decompress(path.read_bytes()), path.name)
        split = split_document(doc, catalogue)
        item_counts[len(split.items)] += 1
        ours[path.name.split(".")[0]] = "\n".join(f"{i.headline}\n{i.text}" for i in split.items)
    seconds = time.perf_counter() - started
    rows = [("chinabrief (file reader + splitter)", *score(ours, truth))]
    for baseline in sorted((args.data / "baseline_outputs").glob("*.json")):
        rows.append((f"{baseline.stem} (stored output)", *score(load_baseline(baseline), truth)))
    print(f"{len(truth)} pages; chinabrief read and split them in {seconds:.1f} s "
          f"({len(truth) / seconds:.0f} pages/s); Python {sys.version.split()[0]}")
    print(f"{'extractor':<40}{'precision':>10}{'recall':>10}{'F1':>8}")
    for name, p, r, f in sorted(rows, key=lambda row: -row[3]):
        print(f"{name:<40}{p:>10.3f}{r:>10.3f}{f:>8.3f}")
    one = item_counts[1]
    print(f"pages kept as one item: {one} of {len(truth)}; split: {len(truth) - one - item_counts[0]}; "
          f"no item: {item_counts[0]}")


if __name__ == "__main__":
    main()
