"""How well and how fast chinabrief's search finds what a China watcher types.

Quality, on one real week of China news in both languages
(``../shared/datasets/chinawatch-feed-archive-exposir``, about 3,000 items ingested as a
user would): for each query of :data:`QUERIES` (Chinese terms of 2–8 characters, official
titles and Party formulations, traditional characters, English words in several forms,
phrases, acronyms, names in both languages), the truth is every item whose headline or text
holds it (Chinese: the characters in a row, after folding both to simplified; English: a word
with the same Porter stem; a quoted phrase: the words in a row as written; an acronym: the
word written in capitals), and the search (``exact``: words only) is scored against it:
recall and precision per query, then over all queries. Then each query that names a
gazetteer entity is run as a reader runs it, widened to the entity's other names: how many
items the widening adds, and how many of those the entity index also links to the entity.

Speed: the week is copied (in SQL, two weeks apart each time) into archives of ``--sizes``
items (100,000 and 1,000,000 by default; each kept beside ``--work`` for the next run), and
every query is timed as the web app runs it (widened, 20 results, best match first; then
newest first), one at a time, on one core; then the web app is started on the archive and
its first searches are timed against the next ones.

    python bench/eval_search.py [--datasets PATH] [--work DIR] [--sizes 100000,1000000]
                                [--write-sample tests/fixtures/search/week-sample.json]

``--write-sample`` writes the small fixed sample the test suite's gate reads
(tests/store/test_search_quality.py): items of the week that hold the gate's queries,
each cut to the part around its first match.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATASETS = HERE.parent.parent / "shared" / "datasets"
#: Copies of the week lie this many days apart (as bench/web.py lays them).
COPY_SHIFT_DAYS = 14
#: Timed runs of each query per archive (after one untimed run).
RUNS = 5
#: Chinese terms: titles, bodies, Party formulations, places and names; one in traditional characters.
CHINESE = ["外交部发言人", "新质生产力", "中国式现代化", "国务院总理", "中央军委", "政治局", "一带一路", "高质量发展",
           "人类命运共同体", "全过程人民民主", "台湾", "关税", "稀土", "国防部", "國防部", "两岸", "习近平", "王毅",
           "李强", "张又侠", "巴拿马运河", "斯塔默", "中央纪委", "全国人大常委会", "美联储", "人工智能", "出口管制",
           "春节", "外交部长", "反腐败", "中美关系", "特朗普"]
#: English words in one of their forms, phrases, acronyms, names, and queries in both languages.
ENGLISH = ["tariff", "tariffs", "sanction", "sanctioned", "exports", "investment", "visited", "ruling", "warns",
           "arrested", "negotiations", "elections", '"rare earths"', '"export controls"', '"South China Sea"',
           '"Communist Party"', '"trade deal"', '"national security"', "PLA", "CMC", "EU", "AI", "Wang Yi",
           "Xi Jinping", "Li Qiang", "Zhang Youxia", "Starmer", "Carney", "Takaichi", "Panama Canal",
           "CK Hutchison", "王毅 Starmer", "习近平 Starmer", "Taiwan 关税", "tariffs Canada"]
QUERIES = CHINESE + ENGLISH
#: The gate's queries (tests/store/test_search_quality.py): fewer, each kind represented.
GATE_QUERIES = ["外交部发言人", "新质生产力", "中国式现代化", "中央军委", "國防部", "稀土", "王毅", "华", "tariff",
                "tariffs", "sanction", '"trade deal"', '"export controls"', "PLA", "EU", "Xi Jinping", "Starmer",
                "习近平 Starmer", "Panama Canal"]
#: The gate's minimum scores over all its queries (the targets this evaluation is held to).
GATE_MIN_RECALL = 0.98
GATE_MIN_PRECISION = 0.95
#: Items of the sample per gate query, and how much of each item's text around the match is kept.
SAMPLE_PER_QUERY = 8
SAMPLE_CHARS = 700


def ingest_week(datasets: Path, path: Path) -> bool:
    from chinabrief.pipeline import ingest

    feeds = datasets / "chinawatch-feed-archive-exposir" / "feeds"
    if not feeds.exists():
        return False
    if not path.exists():
        started = time.perf_counter()
        ingest([str(feeds)], db=path, stories=False)
        print(f"ingested the week in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return True


def quality(path: Path) -> None:
    from chinabrief.enrich.entities import packaged_gazetteer
    from chinabrief.search import search
    from chinabrief.store import open_store
    from chinabrief.store.search_marks import holds
    from chinabrief.store.search_query import parse

    store = open_store(path)
    records = list(store.items())
    gazetteer = packaged_gazetteer()
    print(f"Quality: {len(records):,} items of the week, {len(QUERIES)} queries (words only)\n")
    print(f"{'query':28} {'truth':>6} {'found':>6} {'recall':>7} {'precision':>9}")
    tp = fn = fp = 0
    recalls, precisions = [], []
    for query in QUERIES:
        truth = {r["id"] for r in records if holds(r, parse(query))}
        found = {r["id"] for r in search(store, query, limit=10**9, exact=True).items}
        hit = len(truth & found)
        tp, fn, fp = tp + hit, fn + len(truth - found), fp + len(found - truth)
        recall = hit / len(truth) if truth else 1.0
        precision = hit / len(found) if found else 1.0
        recalls.append(recall)
        precisions.append(precision)
        print(f"{query:28} {len(truth):6} {len(found):6} {recall:7.3f} {precision:9.3f}")
    print(f"\nall queries: recall {tp / max(1, tp + fn):.4f}, precision {tp / max(1, tp + fp):.4f} "
          f"(mean per query: {statistics.mean(recalls):.4f}, {statistics.mean(precisions):.4f})\n")
    print("Widened to the entity's other names (a reader's default):")
    print(f"{'query':28} {'words':>6} {'added':>6} {'linked':>7}")
    for query in QUERIES:
        widened = search(store, query, limit=10**9, gazetteer=gazetteer)
        if not widened.expansions:
            continue
        ids = {i for e in widened.expansions for i in e.entity_ids}
        added = [r for r in widened.items if r["matched_via"]]
        linked = sum(1 for r in added if ids & {e["id"] for e in r["entities"]})
        words = len(widened.items) - len(added)
        print(f"{query:28} {words:6} {len(added):6} {linked:7}   ({widened.expansions[0].label})")
    store.close()


def copy_archive(week: Path, path: Path, target: int) -> None:
    """The week copied in SQL until ``target`` items: each copy's ids, hashes and dates moved,
    its index rows copied (FTS5 reads them again), two weeks after the one before."""
    if path.exists():
        return
    from chinabrief.store import open_store

    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("ATTACH DATABASE ? AS week", (str(week),))
    columns = [r[1] for r in conn.execute("PRAGMA week.table_info(items)")]
    base = conn.execute("SELECT max(rowid), count(*) FROM week.items").fetchone()
    conn.execute("INSERT INTO documents SELECT * FROM week.documents")
    copy, started = 0, time.perf_counter()
    while conn.execute("SELECT count(*) FROM items").fetchone()[0] < target:
        left = target - conn.execute("SELECT count(*) FROM items").fetchone()[0]
        shift, offset = COPY_SHIFT_DAYS * copy, base[0] * copy
        moved = {"id": f"id || 'w{copy}'", "content_hash": f"content_hash || 'w{copy}'",
                 "published": f"date(published, '+{shift} days') || substr(published, 11)",
                 "story": "NULL", "story_status": "NULL", "duplicate_of": "NULL"}
        select = ", ".join(moved.get(c, c) for c in columns)
        conn.execute(f"INSERT INTO items (rowid, {', '.join(columns)}) SELECT rowid + {offset}, {select} "
                     f"FROM week.items ORDER BY rowid LIMIT {left}")
        conn.execute(f"INSERT INTO item_search (rowid, published, headline, body, xheadline, xbody, caps) "
                     f"SELECT rowid + {offset}, date(published, '+{shift} days') || substr(published, 11), "
                     f"headline, body, xheadline, xbody, caps FROM week.item_search "
                     f"WHERE rowid + {offset} IN (SELECT rowid FROM items)")
        conn.commit()
        copy += 1
    print(f"{target:,} items built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    conn.execute("DETACH DATABASE week")
    conn.close()


def latency(path: Path, size: int) -> None:
    from chinabrief.enrich.entities import packaged_gazetteer
    from chinabrief.search import search
    from chinabrief.store import open_store

    store = open_store(path)
    gazetteer = packaged_gazetteer()
    for order in ("relevance", "date"):
        times: list[float] = []
        slowest = (0.0, "")
        for query in QUERIES:
            search(store, query, limit=20, order=order, gazetteer=gazetteer)
            for _ in range(RUNS):
                started = time.perf_counter()
                search(store, query, limit=20, order=order, gazetteer=gazetteer)
                ms = 1000 * (time.perf_counter() - started)
                times.append(ms)
                slowest = max(slowest, (ms, query))
        times.sort()
        print(f"{size:>9,} items, {'best match' if order == 'relevance' else 'newest first':12}: "
              f"p50 {statistics.median(times):6.1f} ms, p95 {times[int(0.95 * len(times))]:6.1f} ms, "
              f"slowest {slowest[0]:.1f} ms ({slowest[1]})")
    store.close()


def first_search(path: Path) -> None:
    """The web app's first searches after it starts, against the next ones: what a reader who
    comes first waits for."""
    import httpx
    from web import start_server

    server, base = start_server(path)
    try:
        times = []
        for query in ["外交部发言人", "tariffs", "新质生产力", "Wang Yi", "外交部发言人", "tariffs"]:
            started = time.perf_counter()
            httpx.get(f"{base}/search", params={"q": query}, timeout=60).raise_for_status()
            times.append((query, 1000 * (time.perf_counter() - started)))
        print("web app after start: " + ", ".join(f"{q} {ms:.0f} ms" for q, ms in times))
    finally:
        server.terminate()
        server.wait(timeout=10)


def write_sample(path: Path, out: Path) -> None:
    """A JSON Feed of week items holding the gate's queries, each cut around its first match."""
    from chinabrief.store import open_store
    from chinabrief.store.search_marks import holds, spans
    from chinabrief.store.search_query import parse

    store = open_store(path)
    records = list(store.items())
    rng = random.Random(12)
    chosen: dict[str, dict] = {}
    for query in GATE_QUERIES:
        holding = [r for r in records if holds(r, parse(query))]
        for record in rng.sample(holding, min(SAMPLE_PER_QUERY, len(holding))):
            marks = spans(record["text"], parse(query))
            start = max(0, (marks[0][0] if marks else 0) - SAMPLE_CHARS // 3)
            chosen[record["id"]] = {"id": record["url"] or record["id"], "url": record["url"],
                                    "title": record["headline"], "date_published": record["published"],
                                    "content_text": record["text"][start:start + SAMPLE_CHARS]}
    for record in rng.sample(records, 40):  # and some that hold none of them
        chosen.setdefault(record["id"], {"id": record["url"] or record["id"], "url": record["url"],
                                         "title": record["headline"], "date_published": record["published"],
                                         "content_text": record["text"][:SAMPLE_CHARS]})
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "China news, one week of January 2026 (sample)",
            "_chinabrief_gate": {"queries": GATE_QUERIES, "min_recall": GATE_MIN_RECALL,
                                 "min_precision": GATE_MIN_PRECISION},
            "items": sorted(chosen.values(), key=lambda i: i["id"])}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(feed, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(chosen)} items → {out}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--work", type=Path, default=Path("/tmp/chinabrief-search-bench"))
    parser.add_argument("--sizes", default="100000,1000000", help="archive sizes to time (empty: none)")
    parser.add_argument("--write-sample", type=Path, help="write the test suite's sample here and stop")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    week = args.work / "week.db"
    if not ingest_week(args.datasets, week):
        print(f"skipped: the week is not under {args.datasets}")
        return
    if args.write_sample:
        write_sample(week, args.write_sample)
        return
    quality(week)
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        big = args.work / f"search-{size}.db"
        copy_archive(week, big, size)
        latency(big, size)
        first_search(big)


if __name__ == "__main__":
    main()
