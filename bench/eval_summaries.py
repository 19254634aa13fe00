"""How well a briefing's What Happened + The Details summarise a story, by ROUGE.

Data: ``../shared/datasets/multinews-test-sample250`` (250 clusters of news articles, each with
a professional summary; Multi-News, for non-commercial research: local evaluation only). Each
cluster goes in as one story; chinabrief's What Happened and The Details are joined into its
summary. Beside it, in the same run, on the same sentences:

* Lead-3: the first three sentences of the cluster's first article;
* TextRank: PageRank over the TF-IDF cosine graph of all the cluster's sentences, the top
  five in their original order;
* Lead-k and TextRank-k: as many sentences as chinabrief chose for that cluster, since ROUGE
  rewards length.

ROUGE-1/2/L F1 (rouge-score, Porter stemming), with each system's mean length in words.

    python bench/eval_summaries.py [--datasets PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from pathlib import Path
from typing import Any

from chinabrief.brief.compose import compose_story
from chinabrief.brief.sentences import split
from chinabrief.enrich.enricher import Enricher
from chinabrief.models import Item

HERE = Path(__file__).resolve().parent
DEFAULT_DATASETS = HERE.parent.parent / "shared" / "datasets"


def _records(documents: list[str], enricher: Enricher, row: int) -> list[dict[str, Any]]:
    records = []
    for n, text in enumerate(documents):
        text = text.strip()
        if not text:
            continue
        item = Item(document=f"multinews-{row}", headline="", text=text, position=n, language="en")
        enricher(item)
        record = item.to_record()
        record["id"] = hashlib.sha256(f"{row}/{n}".encode()).hexdigest()[:16]
        record["outlet"] = {"name": f"article {n + 1}", "affiliation": None}
        records.append(record)
    return records


def chinabrief_summary(records: list[dict[str, Any]], gazetteer: Any) -> tuple[str, int]:
    entities: dict[str, int] = {}
    for r in records:
        for e in r["entities"]:
            entities[e["id"]] = entities.get(e["id"], 0) + 1
    ranked = sorted(entities.items(), key=lambda kv: -kv[1])
    story = {"id": "s", "title": "", "entities": [{"id": e} for e, _n in ranked]}
    composed = compose_story(story, records, gazetteer)
    cites = composed.sections.get("What Happened", []) + composed.sections.get("The Details", [])
    return " ".join(c.text for c in cites), len(cites)


def lead(records: list[dict[str, Any]], k: int = 3) -> str:
    text = records[0]["text"]
    return " ".join(text[s.start:s.end] for s in split(text)[:k])


def textrank(records: list[dict[str, Any]], k: int = 5) -> str:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences = [r["text"][s.start:s.end] for r in records for s in split(r["text"])]
    sentences = [s for s in sentences if len(s.split()) >= 5]
    if len(sentences) <= k:
        return " ".join(sentences)
    matrix = TfidfVectorizer(stop_words="english").fit_transform(sentences)
    graph = (matrix @ matrix.T).toarray()
    np.fill_diagonal(graph, 0.0)
    rows = graph.sum(axis=1, keepdims=True)
    rows[rows == 0] = 1.0
    transition = graph / rows
    rank = np.full(len(sentences), 1.0 / len(sentences))
    for _ in range(50):
        rank = 0.15 / len(sentences) + 0.85 * transition.T @ rank
    top = sorted(np.argsort(-rank)[:k])
    return " ".join(sentences[i] for i in top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--limit", type=int, default=250)
    args = parser.parse_args()
    path = args.datasets / "multinews-test-sample250" / "multinews_test_sample250.jsonl"
    if not path.exists():
        print(f"skipped: {path} not found")
        return
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    enricher = Enricher()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()][:args.limit]
    systems: dict[str, list[Any]] = {"chinabrief (What Happened + The Details)": [], "Lead-3": [],
                                     "TextRank (top 5)": [], "Lead-k (k = chinabrief's count)": [],
                                     "TextRank-k (k = chinabrief's count)": []}
    lengths: dict[str, list[int]] = {name: [] for name in systems}
    seconds = 0.0
    for row in rows:
        records = _records(row["documents"], enricher, row["row"])
        if not records:
            continue
        reference = row["summary"].lstrip("– ").strip()
        started = time.perf_counter()
        ours, count = chinabrief_summary(records, enricher.gazetteer)
        seconds += time.perf_counter() - started
        summaries = (ours, lead(records), textrank(records), lead(records, count), textrank(records, count))
        for name, summary in zip(systems, summaries, strict=True):
            systems[name].append(scorer.score(reference, summary))
            lengths[name].append(len(summary.split()))
    print(f"Multi-News sample: {len(systems['Lead-3'])} clusters; chinabrief {seconds / len(rows) * 1000:.0f} ms "
          "per story (sentence split, scoring, sections)\n")
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L | mean words |")
    print("|---|---|---|---|---|")
    for name, scores in systems.items():
        means = [100 * statistics.mean(s[key].fmeasure for s in scores) for key in ("rouge1", "rouge2", "rougeL")]
        print(f"| {name} | {means[0]:.2f} | {means[1]:.2f} | {means[2]:.2f} | {statistics.mean(lengths[name]):.0f} |")


if __name__ == "__main__":
    main()
