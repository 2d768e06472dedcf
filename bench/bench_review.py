"""Review suggestions at scale: ``tracker review`` on a fresh archive of thousands of
provisional issues.

    python bench/bench_review.py                       # 1,000 / 2,000 / 5,000 / 10,000
    python bench/bench_review.py --sizes 500,2000 --loop-max 2000

A cold start on real pages leaves about four provisional issues in ten commentaries, so an
archive of 5,000 pages (some 30,000 commentaries) gives review ten thousand issues or more.
Each size builds that many provisional issue profiles (one or two commentaries of the demo
archive each, in turn, so that many pairs share words, as a running topic's commentaries do)
and times, in the same run:

* ``suggest(limit=50)``: what ``tracker review`` shows (every group found and numbered, the
  first 50 described with their evidence), and ``suggest()`` describing every group;
* its linear part alone: the profiles' features (stems, names, tf-idf), the least any
  comparison of every pair must cost;
* the pairs found by a loop over every pair of dictionaries (how ``suggest`` compared them
  before), up to ``--loop-max`` issues; beyond, its time is extrapolated (it grows with the
  square of the issues) and marked so.

The found pairs of both are compared where both run: they must be the same.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.link.suggest import (  # noqa: E402
    IssueProfile,
    _close_pairs,
    _cosine,
    _vectors,
    suggest,
)

ARCHIVE = ROOT / "data" / "archive" / "csv"


def demo_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(ARCHIVE.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    if not rows:
        raise SystemExit(f"{ARCHIVE}: no CSV files of the demo archive")
    return rows


def profiles(rows: list[dict[str, str]], n: int) -> list[IssueProfile]:
    """``n`` provisional issues of one or two demo commentaries each, weeks spread out."""
    out = []
    k = 0
    for issue in range(n):
        size = 1 + issue % 2
        chosen = [rows[(k + j) % len(rows)] for j in range(size)]
        k += size
        start = date(2015, 1, 5) + timedelta(weeks=issue % 520)
        out.append(
            IssueProfile(
                id=issue + 1,
                name=f"issue {issue + 1}",
                provisional=True,
                section=chosen[0]["section"],
                headlines=[r["headline"] for r in chosen],
                texts=[f"{r['lead']} {r['body'][:300]}" for r in chosen],
                weeks=[start + timedelta(weeks=j) for j in range(size)],
            )
        )
    return out


def loop_pairs(
    vectors: list[dict[str, float]], provisional: list[bool], threshold: float
) -> list[tuple[float, int, int]]:
    """Every close pair by a loop over the pairs of dictionaries (the old way)."""
    pairs: list[tuple[float, int, int]] = []
    for a in range(len(vectors)):
        if not provisional[a]:
            continue
        for b in range(len(vectors)):
            if b == a or (provisional[b] and b < a):
                continue
            score = _cosine(vectors[a], vectors[b])
            if score >= threshold:
                pairs.append((score, a, b))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    return pairs


T = TypeVar("T")


def timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument("--loop-max", type=int, default=2000)
    parser.add_argument("--threshold", type=float, default=0.18)
    args = parser.parse_args(argv)
    rows = demo_rows()
    print(f"{len(rows)} demo commentaries; threshold {args.threshold}")
    print(
        f"{'issues':>7} {'first 50':>9} {'all':>8} {'features':>9} {'pairs':>7} "
        f"{'pair loop':>12} {'× faster':>9} {'suggestions':>12}  same pairs"
    )
    loop_per_pair: float | None = None
    for n in (int(s) for s in args.sizes.split(",")):
        found = profiles(rows, n)
        flags = [p.provisional for p in found]
        shown, first = timed(partial(suggest, found, threshold=args.threshold, limit=50))
        made, whole = timed(partial(suggest, found, threshold=args.threshold))
        assert made[:50] == shown
        vectors, features = timed(partial(_vectors, found, 0.7))
        pairs, pairs_time = timed(partial(_close_pairs, vectors, flags, args.threshold))
        if n <= args.loop_max:
            old, loop = timed(partial(loop_pairs, vectors, flags, args.threshold))
            same = "yes" if _same(old, pairs) else "NO"
            loop_per_pair = loop / (n * (n - 1) / 2)
            loop_text = f"{loop:10.2f} s"
        else:
            same = "(not run)"
            loop = (loop_per_pair or 0.0) * n * (n - 1) / 2
            loop_text = f"~{loop:9.0f} s"
        print(
            f"{n:>7} {first:8.2f}s {whole:7.2f}s {features:8.2f}s {pairs_time:6.2f}s "
            f"{loop_text:>12} "
            f"{loop / pairs_time if pairs_time else math.inf:8.0f}× {len(made):>12}  {same}"
        )


def _same(a: list[tuple[float, int, int]], b: list[tuple[float, int, int]]) -> bool:
    """The same pairs with the same scores (to 1e-9), ``b`` in an order of decreasing score
    (the loop ordered equal scores by the noise of their last bits)."""
    old = {(x, y): score for score, x, y in a}
    new = {(x, y): score for score, x, y in b}
    if old.keys() != new.keys() or any(abs(old[k] - new[k]) > 1e-9 for k in old):
        return False
    return all(p[0] >= q[0] - 1e-9 for p, q in pairwise(b))


if __name__ == "__main__":
    main()
