"""Reading and enrichment against hand-annotated real material: entities, figures, quotes and
speakers of real articles, items and boilerplate of real pages and mail, with the CoNLL-2003
and MSRA entity figures beside them.

The annotated material is in the repository (``tests/fixtures/annotated/``, see its README);
the public NER sets are read from ``--data`` and skipped when absent.

    python bench/eval_enrich.py [--data ../shared/datasets] [--misses]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.eval_ner import DEFAULT, conll_sentences, msra_sentences, predict, score
from chinabrief.enrich.enricher import Enricher
from tests.annotated import FOLDER, TYPES, Tally, articles, evaluate, pages

#: The issue's targets on annotated real text, printed beside each figure.
TARGETS = {"entities": 0.85, "org": 0.80, "speakers": 0.85, "figures recall": 0.90, "items": 0.95,
           "boilerplate leaked": 0.05}


def _row(label: str, tally: Tally, target: float | None = None) -> None:
    goal = f"  (target F1 ≥ {target:.2f})" if target else ""
    print(f"  {label:<22} P {tally.precision:.3f}  R {tally.recall:.3f}  F1 {tally.f1:.3f}"
          f"  [{tally.gold} annotated, {tally.predicted} found]{goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true", help="list every miss and extra")
    parser.add_argument("--folder", type=Path, default=FOLDER,
                        help="annotated material (tests/fixtures/annotated-hard: pages the gate does not yet pass)")
    args = parser.parse_args()
    started = time.perf_counter()
    scores = evaluate(args.folder)
    n_articles, n_pages = len(articles(args.folder)), len(pages(args.folder))
    print(f"annotated real material: {n_articles} articles, {n_pages} pages and mail ({args.folder})")
    print("entities")
    _row("all", scores.entities["all"], TARGETS["entities"])
    for kind in TYPES:
        _row(kind, scores.entities[kind], TARGETS["org"] if kind == "org" else None)
    print("figures")
    _row("figures", scores.figures)
    print(f"  {'':<22} target recall ≥ {TARGETS['figures recall']:.2f}")
    print("quotes")
    _row("quotes", scores.quotes)
    found = scores.quotes.found or 1
    print(f"  {'speaker right':<22} {scores.speaker_accuracy:.3f} of {scores.quotes.found} found"
          f" ({scores.speakers_right / (scores.quotes.gold or 1):.3f} of all {scores.quotes.gold})"
          f"  (target ≥ {TARGETS['speakers']:.2f})")
    print(f"  {'kind right':<22} {scores.kind_right / found:.3f}"
          f"   official_prc right {scores.official_right / found:.3f}")
    print("pages and mail")
    _row("items", scores.items, TARGETS["items"])
    print(f"  {'boilerplate leaked':<22} {scores.leaked:.3f} ({scores.boilerplate_leaked} of "
          f"{scores.boilerplate_lines} lines)  (target ≤ {TARGETS['boilerplate leaked']:.2f})")
    print(f"({time.perf_counter() - started:.1f} s)")
    _public_sets(args.data)
    if args.misses:
        print("\n".join(scores.misses))


def _public_sets(data: Path) -> None:
    conll = data / "conll2003-eng-test" / "eng.testb"
    msra = data / "msra-ner-test" / "msra_test_gold.txt"
    enricher = Enricher()
    for label, path, read, language in (("CoNLL-2003 eng.testb", conll, conll_sentences, "en"),
                                        ("MSRA test", msra, msra_sentences, "zh")):
        if not path.is_file():
            print(f"{label}: skipped, not found under {data}")
            continue
        sentences = read(path)
        pairs = [(gold, predict(enricher, text, language)) for text, gold in sentences]
        p, r, f1 = score(pairs, ("PER", "LOC", "ORG"))["all"]
        print(f"{label}: P {p:.3f} R {r:.3f} F1 {100 * f1:.1f} (PER/LOC/ORG, exact span and type)")


if __name__ == "__main__":
    main()
