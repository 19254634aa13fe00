"""How fast chinabrief builds stories: dedupe + cluster 100,000 items, and one live add.

The input is one real week of China news (``../shared/datasets/chinawatch-feed-archive-exposir``,
about 3,000 items from Xinhua, People's Daily, CCTV, Caixin, Zaobao, SCMP, BBC, DW, NYT and
WSJ), ingested once into a scratch archive, then repeated with its dates shifted a week at
a time and its text perturbed (about one word in twenty dropped), so every copy is a new
week of new text with the same shape. Timed:

* building the story views (terms, entities, figures, shingles) for all items;
* duplicates + clustering + merging + story records + threads over all of them;
* adding one item to the live index (:meth:`StoryRun.place`), median and 95th percentile,
  over 1,000 new items after the 100,000.

    python bench/stories.py [--items 100000] [--datasets PATH] [--archive week.db]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from chinabrief.store import open_store
from chinabrief.stories.assign import assign
from chinabrief.stories.build import _view, build, views

HERE = Path(__file__).resolve().parent
DEFAULT_DATASETS = HERE.parent.parent / "shared" / "datasets"


def load_week(datasets: Path, archive: Path | None) -> list[dict[str, Any]]:
    from chinabrief.pipeline import ingest

    feeds = datasets / "chinawatch-feed-archive-exposir" / "feeds"
    if archive is None or not archive.exists():
        if not feeds.exists():
            return []
        archive = archive or Path(tempfile.mkdtemp()) / "week.db"
        started = time.perf_counter()
        ingest([str(feeds)], db=archive, stories=False)
        print(f"ingested the week into {archive} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    store = open_store(archive)
    records = list(store.story_inputs(None))
    store.close()
    return records


def _drop(words: list[str], rng: random.Random, share: float) -> list[str]:
    return [w for w in words if rng.random() >= share] or words


def perturbed(record: dict[str, Any], copy: int, rng: random.Random) -> dict[str, Any]:
    """The record as if published ``copy`` weeks later, with a few words dropped."""
    new = dict(record)
    new["id"] = f"{copy:04x}{record['id'][4:]}"
    day = date.fromisoformat((record["published"] or record["created_at"])[:10]) + timedelta(days=7 * copy)
    new["published"] = day.isoformat()
    chinese = record.get("language") == "zh"
    if chinese:
        text = record["text"]
        new["text"] = "".join(c for c in text if rng.random() >= 0.05)
    else:
        new["text"] = " ".join(_drop(record["text"].split(" "), rng, 0.05))
    if record.get("segmented"):
        headline, body = record["segmented"]
        new["segmented"] = (headline, " ".join(_drop(body.split(), rng, 0.05)))
    new["headline"] = " ".join(_drop(record["headline"].split(" "), rng, 0.1)) if not chinese else "".join(
        c for c in record["headline"] if rng.random() >= 0.05)
    new["story"], new["story_status"], new["duplicate_of"] = None, None, None
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--archive", type=Path, help="an archive the week was ingested into (made if missing)")
    args = parser.parse_args()
    week = load_week(args.datasets, args.archive)
    if not week:
        print(f"skipped: the China-watch week is not under {args.datasets}")
        return
    rng = random.Random(7)
    records = [perturbed(r, n // len(week), rng) for n, r in enumerate(week * (args.items // len(week) + 2))]
    records, fresh = records[:args.items], records[args.items:args.items + 1000]
    records.sort(key=lambda r: r["published"])

    gc.disable()  # as build() does for a run
    started = time.perf_counter()
    built = list(views(records))
    t_views = time.perf_counter() - started
    started = time.perf_counter()
    outcomes, run = assign(built)
    t_assign = time.perf_counter() - started
    del built
    started = time.perf_counter()
    result = build(records, None)
    t_build = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # One live add at a time, after the 100,000: view + duplicates + placement.
    fresh_views, adds = [], []
    last = max(o.item.day for o in outcomes)
    for record in fresh:
        record["published"] = last.isoformat()
    for record in fresh:
        t0 = time.perf_counter()
        view = _view(record)
        t1 = time.perf_counter()
        run.place(view, counted=False)
        adds.append(((t1 - t0) * 1000, (time.perf_counter() - t1) * 1000))
        fresh_views.append(view)
    place = sorted(a[1] for a in adds)
    whole = sorted(a[0] + a[1] for a in adds)

    stories = result.counts.get("stories", 0)
    print(f"| items | {len(records):,} |")
    print(f"| story views (terms, entities, figures, MinHash), {os.cpu_count()} processes | {t_views:.1f} s "
          f"({len(records) / t_views:,.0f} items/s) |")
    print(f"| dedupe + cluster + merge (assign) | {t_assign:.1f} s ({len(records) / t_assign:,.0f} items/s) |")
    print(f"| whole run again: views + dedupe + cluster + story records + threads | {t_build:.1f} s |")
    print(f"| stories / duplicates / bulletins kept out | {stories:,} / {result.counts.get('duplicate', 0):,} / "
          f"{result.counts.get('roundup', 0):,} |")
    print(f"| live add, placement only: median / p95 | {statistics.median(place):.2f} / "
          f"{place[int(len(place) * 0.95)]:.2f} ms |")
    print(f"| live add, view + placement: median / p95 | {statistics.median(whole):.2f} / "
          f"{whole[int(len(whole) * 0.95)]:.2f} ms |")
    print(f"| peak memory of the main process (max RSS, includes the {len(records):,} input records) | "
          f"{peak_mb:,.0f} MB |")
    print(f"| check: outcomes | {len(outcomes):,} |")


if __name__ == "__main__":
    main()
