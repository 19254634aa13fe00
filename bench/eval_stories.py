"""How well chinabrief groups reports into stories, against gold clusters.

Datasets (each skipped when absent):

* ``demo``: the bundled demo week, 69 items in English, simplified and traditional Chinese,
  each labelled with its event in ``chinabrief/data/demo_manifest.json``;
* ``wikiref220``: 220 full English articles in 5 topics plus 35 noise articles
  (``../shared/datasets/wikiref220-news-clustering``);
* ``googlenews-TS`` (and ``-T``, ``-S``): 11,109 preprocessed English titles and snippets in
  152 Google News stories (``../shared/datasets/googlenews-story-clusters``).

For each, chinabrief's clustering (enrichment, duplicates, stories) is scored beside a plain
TF-IDF + average-link agglomerative baseline given the gold number of clusters, which is
more than chinabrief is told. Scores: BCubed precision, recall and F1 (Bagga & Baldwin),
and NMI. Items chinabrief keeps out of stories (bulletins, empty items) count as singletons.

    python bench/eval_stories.py [--datasets PATH] [--only demo,wikiref220,googlenews-TS]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from chinabrief.models import Item
from chinabrief.stories.assign import assign
from chinabrief.stories.features import story_item

HERE = Path(__file__).resolve().parent
DEFAULT_DATASETS = HERE.parent.parent / "shared" / "datasets"


def bcubed(gold: list[Any], predicted: list[Any]) -> tuple[float, float, float]:
    by_gold: dict[Any, set[int]] = defaultdict(set)
    by_pred: dict[Any, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        same = len(by_gold[g] & by_pred[p])
        precision += same / len(by_pred[p])
        recall += same / len(by_gold[g])
    n = len(gold)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def nmi(gold: list[Any], predicted: list[Any]) -> float:
    from sklearn.metrics import normalized_mutual_info_score

    return float(normalized_mutual_info_score([str(g) for g in gold], [str(p) for p in predicted]))


# -- datasets ------------------------------------------------------------------------------
def demo_records() -> tuple[list[dict[str, Any]], list[str]]:
    """The demo week ingested into a scratch archive, with each item's manifest event."""
    from importlib import resources

    from chinabrief.pipeline import ingest
    from chinabrief.store import open_store

    data = resources.files("chinabrief.data")
    manifest = json.loads(data.joinpath("demo_manifest.json").read_text(encoding="utf-8"))
    events = {(doc["file"], " ".join(it["headline"].split())): it["event"]
              for doc in manifest for it in doc["items"] if it.get("event")}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        ingest([str(data.joinpath("demo"))], db=db)
        store = open_store(db)
        records = list(store.items())
        store.close()
    kept, gold = [], []
    for record in records:
        key = (Path(record["document"]).name, " ".join(record["headline"].split()))
        if key in events:
            kept.append(record)
            gold.append(events[key])
    return kept, gold


def _enriched(texts: list[tuple[str, str]], day: date) -> list[dict[str, Any]]:
    from chinabrief.enrich.enricher import Enricher

    enricher = Enricher()
    records = []
    for n, (headline, body) in enumerate(texts):
        item = Item(document="eval", headline=headline, text=body, position=n, published=day)
        enricher(item)
        record = item.to_record()
        record["id"] = hashlib.sha256(f"{n}".encode()).hexdigest()[:16]
        records.append(record)
    return records


def wikiref_records(root: Path) -> tuple[list[dict[str, Any]], list[str]] | None:
    folder = root / "wikiref220-news-clustering"
    if not folder.exists():
        return None
    labels = json.loads((folder / "labels.json").read_text())
    texts, gold = [], []
    for row in labels:
        raw = (folder / row["file"]).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        headline, _, body = text.replace("\r\n", "\n").strip().partition("\n")
        texts.append((headline.strip(), body.strip()))
        gold.append(row["topic"])
    return _enriched(texts, date(2015, 1, 1)), gold


def googlenews_records(root: Path, variant: str) -> tuple[list[dict[str, Any]], list[str]] | None:
    path = root / "googlenews-story-clusters" / f"GoogleNews-{variant}.jsonl"
    if not path.exists():
        return None
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    texts = [(r["text"], "") if variant == "T" else ("", r["text"]) for r in rows]
    return _enriched(texts, date(2013, 11, 27)), [r["cluster"] for r in rows]


# -- the two clusterers --------------------------------------------------------------------
def chinabrief_clusters(records: list[dict[str, Any]]) -> tuple[list[str], float]:
    started = time.perf_counter()
    views = [story_item(r) for r in records]
    outcomes, _run = assign(views)
    seconds = time.perf_counter() - started
    by_id = {o.item.id: (o.story or f"alone:{o.item.id}") for o in outcomes}
    return [by_id[r["id"]] for r in records], seconds


def baseline_clusters(records: list[dict[str, Any]], k: int) -> tuple[list[int], float]:
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    from chinabrief.store.segment import segmented

    started = time.perf_counter()
    texts = [segmented(f"{r['headline']}\n{r['text']}") for r in records]
    matrix = TfidfVectorizer(sublinear_tf=True, token_pattern=r"(?u)\b\w+\b").fit_transform(texts)
    distances = 1.0 - (matrix @ matrix.T).toarray()
    np.fill_diagonal(distances, 0.0)
    distances = np.clip(distances, 0.0, None)
    labels = AgglomerativeClustering(n_clusters=k, metric="precomputed", linkage="average").fit_predict(distances)
    return [int(x) for x in labels], time.perf_counter() - started


def evaluate(name: str, records: list[dict[str, Any]], gold: list[Any]) -> None:
    k = len(set(gold))
    ours, seconds = chinabrief_clusters(records)
    base, base_seconds = baseline_clusters(records, k)
    runs = (("chinabrief", ours, seconds), ("tfidf+agglomerative (k given)", base, base_seconds))
    for system, predicted, secs in runs:
        p, r, f = bcubed(gold, predicted)
        print(f"| {name} | {system} | {len(records)} | {k} | {len(set(predicted))} | {p:.3f} | {r:.3f} | {f:.3f} "
              f"| {nmi(gold, predicted):.3f} | {secs:.1f} |")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--only", default="demo,wikiref220,googlenews-TS,googlenews-T,googlenews-S")
    parser.add_argument("--show", action="store_true", help="print the demo's stories next to their gold events")
    args = parser.parse_args()
    wanted = args.only.split(",")
    print("| dataset | system | items | gold clusters | clusters | BCubed P | BCubed R | BCubed F1 | NMI | s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in wanted:
        if name == "demo":
            loaded: Any = demo_records()
        elif name == "wikiref220":
            loaded = wikiref_records(args.datasets)
        elif name.startswith("googlenews-"):
            loaded = googlenews_records(args.datasets, name.split("-", 1)[1])
        else:
            raise SystemExit(f"unknown dataset {name!r}")
        if loaded is None:
            print(f"| {name} | skipped: not found under {args.datasets} |")
            continue
        records, gold = loaded
        evaluate(name, records, gold)
        if name == "demo" and args.show:
            predicted, _ = chinabrief_clusters(records)
            groups: dict[str, list[str]] = defaultdict(list)
            for record, story, event in zip(records, predicted, gold, strict=True):
                groups[story].append(f"{event:22} {record['headline'][:70]}")
            for story, lines in sorted(groups.items(), key=lambda kv: -len(kv[1])):
                print(f"\n{story} ({Counter(line.split()[0] for line in lines).most_common(3)})")
                print("\n".join("   " + line for line in lines))


if __name__ == "__main__":
    main()
