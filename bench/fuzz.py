"""The long fuzzing pass: mutated fixtures through every reader, the splitter and enrichment.

Prints, per reader and in all, the inputs run, inputs per second, the uncaught exceptions
(grouped by type and the line of chinabrief that raised them: one group is one bug), the
inputs slower than the hang bound, and the slowest input; saves each finding's input.

    python bench/fuzz.py [--inputs 1000000] [--minutes 0] [--workers 2] [--seed 1] [--save DIR]

``--minutes`` stops the run after that long even if fewer inputs were run (the figures say
how many were). The mutator, the targets and the contract are in ``tests/fuzzing.py``, which
the test suite's short pass uses too. Each worker process times every input with an interval
timer, so an input that stalls in Python is stopped at the bound and counted as a hang.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import random
import resource
import signal
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzzing import HANG_S, TARGETS, check, mutate, seeds

#: Inputs a worker runs per task: large enough that handing out tasks costs nothing.
CHUNK = 200


class Hang(BaseException):
    """Raised by the interval timer; a BaseException so no reader's ``except Exception`` eats it."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang


def _work(task: tuple[int, int]) -> tuple[int, int, float, list[tuple[str, str, str, str, bytes]]]:
    """Run CHUNK inputs of one target from one random seed: (target, inputs, slowest s, findings)."""
    index, seed = task
    target = TARGETS[index]
    found = seeds(target)
    rng = random.Random(seed)
    slowest, findings = 0.0, []
    signal.signal(signal.SIGALRM, _alarm)
    for _ in range(CHUNK):
        data = mutate(rng, rng.choice(found), found)
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, HANG_S * 2)  # a stall is cut off past the bound
        try:
            finding = check(target, data)
        except Hang:
            finding = None
            findings.append((target.name, "hang", f"stopped after {HANG_S * 2:g} s", "", data))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        slowest = max(slowest, time.perf_counter() - started)
        if finding is not None:
            findings.append((finding.target, finding.kind, finding.summary, finding.detail, finding.data))
    return index, CHUNK, slowest, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--minutes", type=float, default=0.0, help="stop after this long (0: no limit)")
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, default=None, help="write each finding's input here")
    args = parser.parse_args()

    tasks = ((i % len(TARGETS), args.seed * 1_000_003 + i) for i in range(max(1, args.inputs // CHUNK)))
    runs: Counter[str] = Counter()
    slowest: dict[str, float] = defaultdict(float)
    groups: dict[tuple[str, str, str], list[tuple[str, bytes]]] = defaultdict(list)
    started = time.perf_counter()
    deadline = started + args.minutes * 60 if args.minutes else float("inf")
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        for index, count, slow, findings in pool.imap_unordered(_work, tasks):
            name = TARGETS[index].name
            runs[name] += count
            slowest[name] = max(slowest[name], slow)
            for target, kind, summary, detail, data in findings:
                groups[(target, kind, summary)].append((detail, data))
            if time.perf_counter() > deadline:
                pool.terminate()
                break
    seconds = time.perf_counter() - started
    _report(runs, slowest, groups, seconds, args.workers)
    if args.save:
        _save(groups, args.save)


def _report(runs: Counter[str], slowest: dict[str, float], groups: dict, seconds: float, workers: int) -> None:
    total = sum(runs.values())
    exceptions = {k: v for k, v in groups.items() if k[1] == "exception"}
    hangs = {k: v for k, v in groups.items() if k[1] == "hang"}
    print(f"{'reader':<14} {'inputs':>9} {'uncaught':>9} {'hangs':>6} {'slowest s':>10}")
    for target in TARGETS:
        name = target.name
        bad = sum(len(v) for k, v in exceptions.items() if k[0] == name)
        hung = sum(len(v) for k, v in hangs.items() if k[0] == name)
        print(f"{name:<14} {runs[name]:>9,} {bad:>9} {hung:>6} {slowest[name]:>10.2f}")
    print(f"\n{total:,} inputs in {seconds:.0f} s ({total / seconds:,.0f} inputs/s on {workers} workers); "
          f"{sum(len(v) for v in exceptions.values())} uncaught exceptions in {len(exceptions)} groups, "
          f"{sum(len(v) for v in hangs.values())} inputs over {HANG_S:g} s; "
          f"peak memory per worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    for (target, kind, summary), cases in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"\n[{target}] {kind}: {summary} ({len(cases)} inputs)")
        detail = cases[0][0]
        if detail:
            print("  " + "\n  ".join(detail.strip().splitlines()[-6:]))


def _save(groups: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for (target, kind, _summary), cases in groups.items():
        for _detail, data in cases[:5]:
            name = f"{target.replace(' ', '-')}-{kind}-{hashlib.sha256(data).hexdigest()[:12]}.bin"
            (folder / name).write_bytes(data)
    print(f"\ninputs of the findings (up to 5 per group) in {folder}")


if __name__ == "__main__":
    main()
