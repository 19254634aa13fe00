"""How fast the web app answers on a large archive: search, story and entity pages.

The archive is built as ``bench/stories.py`` builds its input: one real week of China news
(``../shared/datasets/chinawatch-feed-archive-exposir``, about 3,000 items) ingested once,
then repeated two weeks later each time with about one word in twenty dropped, up to
``--items`` (100,000 by default), with its full-text index and entity index, and clustered
into stories by ``chinabrief cluster``. The app runs in its own process under uvicorn (one
worker) on 127.0.0.1; the client is httpx in this process, on the same two cores.

Printed: p50 and p95 latency of each page type one request at a time, then requests per
second and p50/p95 with 20 clients at once over a mix of the three. Targets: search p95 at
most 50 ms, the pages at most 100 ms.

    python bench/web.py [--items 100000] [--datasets PATH] [--archive big.db] [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATASETS = HERE.parent.parent / "shared" / "datasets"
#: Each copy of the week is this many days after the one before: the week spans nine days, and
#: copies closer than the story window (three days) after its end would chain their stories.
COPY_SHIFT_DAYS = 14
#: What the bench searches for: common and rare, English and Chinese, words and phrases.
QUERIES = ["China", "tariffs", "export controls", '"Li Qiang"', "Taiwan", "semiconductor", "Starmer", "property",
           "王毅", "关税", "习近平", "经济", "台湾", "人工智能", "Nipah", "rare earths", "yuan", "Zhang Youxia"]


def build_archive(datasets: Path, path: Path, target: int) -> bool:
    """The week, repeated to ``target`` items, clustered; False when the week is not there."""
    from chinabrief.pipeline import cluster, ingest

    feeds = datasets / "chinawatch-feed-archive-exposir" / "feeds"
    if not feeds.exists():
        return False
    started = time.perf_counter()
    ingest([str(feeds)], db=path, stories=False)
    print(f"ingested the week in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    conn = sqlite3.connect(path)
    week = conn.execute("SELECT rowid, * FROM items").fetchall()
    columns = [d[0] for d in conn.execute("SELECT * FROM items LIMIT 0").description]
    entities = conn.execute("SELECT item_id, entity_id, name, type, known, mentions FROM item_entities").fetchall()
    segmented = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT item_rowid, headline, lead FROM item_segments")}
    rng = random.Random(7)
    copy = 1
    while conn.execute("SELECT count(*) FROM items").fetchone()[0] < target:
        _add_copy(conn, week, columns, entities, segmented, copy, rng, target)
        copy += 1
    conn.commit()
    conn.close()
    started = time.perf_counter()
    report = cluster(db=path, everything=True)
    print(f"{target:,} items; clustered into {report.counts.get('stories', 0):,} stories in "
          f"{time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return True


def _drop(text: str, rng: random.Random, chinese: bool) -> str:
    if chinese:
        return "".join(c for c in text if rng.random() >= 0.05)
    return " ".join(w for w in text.split(" ") if rng.random() >= 0.05)


def _add_copy(conn: sqlite3.Connection, week: list, columns: list[str], entities: list, segmented: dict,
              copy: int, rng: random.Random, target: int) -> None:
    from chinabrief.store.search_text import COLUMNS, index_columns

    ids: dict[str, str] = {}
    days: dict[str, str | None] = {}
    for row in week:
        if conn.execute("SELECT count(*) FROM items").fetchone()[0] >= target:
            break
        record = dict(zip(["rowid", *columns], row, strict=True))
        chinese = record["language"] == "zh"
        new_id = f"{record['id']}w{copy}"
        ids[record["id"]] = new_id
        record.update(id=new_id, content_hash=f"{record['content_hash']}w{copy}",
                      text=_drop(record["text"], rng, chinese), headline=_drop(record["headline"], rng, chinese),
                      story=None, story_status=None, duplicate_of=None)
        if record["published"]:
            shifted = date.fromisoformat(record["published"][:10]) + timedelta(days=COPY_SHIFT_DAYS * copy)
            record["published"] = shifted.isoformat() + record["published"][10:]
        days[new_id] = record["published"]
        rowid = record.pop("rowid")
        cursor = conn.execute(f"INSERT INTO items ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                              [record[c] for c in columns])
        conn.execute(f"INSERT INTO item_search(rowid, published, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (cursor.lastrowid, record["published"], *index_columns(record["headline"], record["text"])))
        if segmented.get(rowid):
            conn.execute("INSERT INTO item_segments VALUES (?, ?, ?)", (cursor.lastrowid, *segmented[rowid]))
    conn.executemany("INSERT INTO item_entities (item_id, entity_id, name, type, known, mentions, published) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [(ids[e[0]], *e[1:6], days[ids[e[0]]]) for e in entities if e[0] in ids])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "CHINABRIEF_DB": str(db), "CHINABRIEF_WEB_PUBLIC": "1"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "chinabrief.web.app:create_app",
                               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                               "--workers", str(workers)], env=env)
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(200):
        try:
            httpx.get(f"{base}/login", timeout=1)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the web app did not start")


def targets(db: Path, rng: random.Random, count: int) -> dict[str, list[str]]:
    conn = sqlite3.connect(db)
    stories = [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY score DESC LIMIT 2000")]
    entities = [r[0] for r in conn.execute("SELECT entity_id FROM item_entities WHERE known = 1 GROUP BY entity_id "
                                           "ORDER BY count(*) DESC LIMIT 300")]
    conn.close()
    return {"search": [f"/search?q={rng.choice(QUERIES)}" for _ in range(count)],
            "story": [f"/stories/{rng.choice(stories)}" for _ in range(count)],
            "entity": [f"/entities/{rng.choice(entities)}" for _ in range(count)]}


async def _timed(client, path: str, out: list[float]) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    response = await client.get(path)
    out.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        print(f"  {path}: {response.status_code}", file=sys.stderr)


async def one_at_a_time(base: str, paths: list[str]) -> list[float]:
    import httpx

    times: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await client.get(paths[0])  # warm
        for path in paths:
            await _timed(client, path, times)
    return times


async def concurrently(base: str, paths: list[str], clients: int) -> tuple[list[float], float]:
    import httpx

    times: list[float] = []
    queue = list(paths)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=clients)) as client:
        async def worker() -> None:
            while queue:
                await _timed(client, queue.pop(), times)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return times, time.perf_counter() - started


def _p(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100)[int(q) - 1] if len(times) > 2 else max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--archive", type=Path, help="a large archive to use (built here if missing)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page type")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()
    archive = args.archive or Path(tempfile.mkdtemp()) / "big.db"
    if not archive.exists() and not build_archive(args.datasets, archive, args.items):
        print(f"skipped: {args.datasets / 'chinawatch-feed-archive-exposir'} is not there")
        return
    items = sqlite3.connect(archive).execute("SELECT count(*) FROM items").fetchone()[0]
    server, base = start_server(archive, args.workers)
    try:
        plan = targets(archive, random.Random(11), args.requests)
        print(f"chinabrief web app, {items:,} items, uvicorn ({args.workers} worker(s)) on {os.cpu_count()} cores; "
              "the client runs on the same machine")
        print(f"{'page':<8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   target p95")
        for kind, paths in plan.items():
            times = asyncio.run(one_at_a_time(base, paths))
            goal = 50 if kind == "search" else 100
            print(f"{kind:<8} {statistics.median(times):8.1f} {_p(times, 95):8.1f} {max(times):8.1f}   {goal} ms")
        mixed = [p for trio in zip(*plan.values(), strict=True) for p in trio]
        times, seconds = asyncio.run(concurrently(base, mixed, 20))
        print(f"20 clients, mixed pages: {len(times) / seconds:.1f} requests/s, p50 {statistics.median(times):.1f} ms, "
              f"p95 {_p(times, 95):.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
