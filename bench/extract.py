"""Web page -> article text: chinabrief's page path beside trafilatura, newspaper4k and news-please.

Each extractor runs here, in this process, on the same pages:

* the Zyte article-extraction benchmark (181 pages, human-checked bodies; word 4-gram
  precision/recall per page, macro-averaged, as its README describes), and
* trafilatura's evaluation set (990 pages; snippets that must / must not appear; micro
  precision/recall over snippets, as its README describes).

chinabrief's path is what ``chinabrief add URL`` does with a fetched page: read the HTML,
take it as one article (trafilatura's main content, our own reading for the headline, date,
outlet and byline), then enrich it (language, entities, figures, quotes, topics); its time
per page includes all of that. Peers that are not installed are skipped
(``pip install newspaper4k news-please``).

    python bench/extract.py [--data ../shared/datasets] [--limit N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DEFAULT = Path(__file__).parents[1] / ".." / "shared" / "datasets"
CHINABRIEF = "chinabrief (page -> enriched item)"
Extractor = Callable[[str, str], str]


def chinabrief_extractor() -> Extractor:
    from chinabrief.enrich.enricher import Enricher
    from chinabrief.enrich.outlets import load_outlets
    from chinabrief.sources.digest import split_document
    from chinabrief.sources.live import read_page

    enricher, catalogue = Enricher(), load_outlets()
    enricher.warm_up()  # Chinese word lists load on the first Chinese text; a running chinabrief has them

    def run(html: str, url: str) -> str:
        doc = read_page(html.encode("utf-8"), url)
        split = split_document(doc, catalogue, single=True)
        for item in split.items:
            enricher(item)
        return "\n".join(i.text for i in split.items)
    return run


def trafilatura_extractor() -> Extractor:
    import trafilatura

    return lambda html, url: trafilatura.extract(html, url=url) or ""


def newspaper_extractor() -> Extractor | None:
    try:
        import newspaper
    except ImportError:
        return None

    def run(html: str, url: str) -> str:
        article = newspaper.Article(url or "https://example.org/", fetch_images=False)
        article.download(input_html=html)
        article.parse()
        return article.text or ""
    return run


def newsplease_extractor() -> Extractor | None:
    try:
        from newsplease import NewsPlease
    except ImportError:
        return None

    def run(html: str, url: str) -> str:
        # news-please gives up on anything but a web address ("hard::…" names in trafilatura-eval)
        article = NewsPlease.from_html(html, url=url if url.startswith("http") else None, fetch_images=False)
        return (article.maintext if article else "") or ""
    return run


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return Counter(tuple(tokens[i:i + 4]) for i in range(max(0, len(tokens) - 3)))


def score_aeb(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    precisions, recalls = [], []
    for key, true_text in truth.items():
        t, p = shingles(true_text), shingles(predicted.get(key, ""))
        hit = sum((t & p).values())
        if p:
            precisions.append(hit / sum(p.values()))
        if t:
            recalls.append(hit / sum(t.values()))
    prec, rec = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return prec, rec, 2 * prec * rec / (prec + rec)


def score_snippets(predicted: dict[str, str], cases: dict[str, dict]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for key, case in cases.items():
        text = " ".join(predicted.get(key, "").split())
        for snippet in case["with"]:
            if " ".join(snippet.split()) in text:
                tp += 1
            else:
                fn += 1
        fp += sum(" ".join(s.split()) in text for s in case["without"])
    prec, rec = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


#: Pages each extractor reads, untimed, before its timed run: one-time loading (models, word
#: lists, caches) is paid once by a running process, not by every page.
WARM_UP_PAGES = 5


def run_all(extractors: dict[str, Extractor], pages: list[tuple[str, str, str]]) -> dict[str, tuple[dict, float]]:
    """Each page goes to every extractor in turn, so that a machine that slows down or speeds
    up during the run (a shared or throttled one) weighs on all of them alike."""
    for extract in extractors.values():
        for _key, html, url in pages[:WARM_UP_PAGES]:
            with contextlib.suppress(Exception):  # a crash is counted in the timed run below
                extract(html, url)
    outputs: dict[str, dict[str, str]] = {name: {} for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    for key, html, url in pages:
        for name, extract in extractors.items():
            started = time.perf_counter()
            try:
                outputs[name][key] = extract(html, url)
            except Exception:  # a crash counts as an empty extraction, as upstream scores it
                outputs[name][key] = ""
            seconds[name] += time.perf_counter() - started
    return {name: (outputs[name], seconds[name] * 1000 / len(pages)) for name in extractors}


def report(results: dict[str, tuple[dict, float]], score: Callable[[dict], tuple[float, float, float]]) -> None:
    print(f"{'extractor':<36}{'precision':>10}{'recall':>8}{'F1':>7}{'ms/page':>9}")
    for name, (out, ms) in results.items():
        p, r, f = score(out)
        print(f"{name:<36}{p:>10.3f}{r:>8.3f}{f:>7.3f}{ms:>9.1f}")
    ours = results[CHINABRIEF][1]
    for peer in ("newspaper4k", "news-please"):
        if peer in results:
            print(f"chinabrief's full path is {results[peer][1] / ours:.2f}x as fast as {peer}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    extractors: dict[str, Extractor] = {CHINABRIEF: chinabrief_extractor(), "trafilatura": trafilatura_extractor()}
    for name, make in (("newspaper4k", newspaper_extractor), ("news-please", newsplease_extractor)):
        found = make()
        if found is None:
            print(f"{name}: not installed, skipped")
        else:
            extractors[name] = found
    print(f"Python {sys.version.split()[0]}, one process; ms/page is the extractor's own time, every page "
          "read by each extractor in turn")
    aeb = args.data / "article-extraction-benchmark"
    if (aeb / "ground-truth.json").is_file():
        truth_data = json.loads((aeb / "ground-truth.json").read_text())
        keys = sorted(truth_data)[: args.limit or None]
        pages = [(k, gzip.decompress((aeb / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace"),
                  truth_data[k].get("url", "")) for k in keys]
        truth = {k: truth_data[k]["articleBody"] for k in keys}
        print(f"\narticle-extraction-benchmark: {len(pages)} pages (word 4-gram P/R macro-averaged)")
        report(run_all(extractors, pages), lambda out: score_aeb(out, truth))
    else:
        print(f"skipped article-extraction-benchmark: not under {args.data}")
    tev = args.data / "trafilatura-eval"
    if (tev / "evaldata.json").is_file():
        cases = json.loads((tev / "evaldata.json").read_text())
        urls = sorted(cases)[: args.limit or None]
        pages = [(u, gzip.decompress((tev / "html" / f"{cases[u]['file']}.gz").read_bytes()).decode("utf-8",
                                                                                                  "replace"), u)
                 for u in urls if (tev / "html" / f"{cases[u]['file']}.gz").is_file()]
        print(f"\ntrafilatura-eval: {len(pages)} pages (snippets that must / must not appear, micro P/R)")
        report(run_all(extractors, pages), lambda out: score_snippets(out, {u: cases[u] for u, _, _ in pages}))
    else:
        print(f"skipped trafilatura-eval: not under {args.data}")


if __name__ == "__main__":
    main()
