"""Time the trend computations on a large synthetic assessments frame.

Baseline, measured in the same run on the same frame: a plain
``frame.groupby("issue_id")["status"].value_counts()``.  Target: every computation at most 3×.

    .venv/bin/python bench/bench_trends.py [--rows 1000000] [--repeat 3]

``synthetic_frame`` is also used by bench_charts.py and for looking at the charts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker import trends

SECTIONS = (
    "Security issues",
    "Domestic politics",
    "Economy",
    "Foreign policy",
    "Belarus–Russia relations",
    "Civil society",
)
WORDS = (
    "Minsk tightens control over regional media outlets",
    "Border incidents prompt new patrol arrangements",
    "Central bank keeps refinancing rate on hold",
    "Talks on gas prices stall again",
    "Opposition figures face new administrative charges",
    "Joint exercises expanded to western regions",
    "Trade with neighbours recovers after slump",
    "Government softens line on small business inspections",
    "Parliament passes amended election code",
    "Peacekeeping contingent offer renewed at the UN",
    "Pension reform schedule confirmed",
    "New sanctions list targets state enterprises",
)


def synthetic_frame(
    issues: int = 200,
    weeks: int = 520,
    *,
    density: float = 0.95,
    seed: int = 7,
    start: str = "2015-01-05",
    duplicates: float = 0.03,
    whole_period: bool = False,
) -> pd.DataFrame:
    """A realistic-looking assessments frame: runs of statuses, bursts and silences per issue.

    Each issue is active over a random span of the period; inside it, weeks are assessed with
    probability ``density`` (lower during random silences; ``whole_period`` makes every issue
    active from the first to the last week), statuses follow runs that change
    with probability ~0.12 a week, 'unchanged' being the most common.  A share ``duplicates``
    of the rows is repeated as a Russian-language copy (some without a verdict).
    """
    rng = np.random.default_rng(seed)
    first = rng.integers(0, max(1, weeks // 3), issues)
    first[: max(1, issues // 4)] = 0
    last = np.minimum(weeks, first + rng.integers(weeks // 3, weeks + 1, issues))
    last[: max(1, issues // 2)] = weeks
    if whole_period:
        first[:], last[:] = 0, weeks
    week_idx = np.tile(np.arange(weeks), issues)
    issue_idx = np.repeat(np.arange(issues), weeks)
    active = (week_idx >= first[issue_idx]) & (week_idx < last[issue_idx])
    quiet_phase = rng.random(issues) * 6.28
    quiet = np.sin(week_idx / 9.0 + quiet_phase[issue_idx]) > 0.8
    keep = active & (rng.random(issues * weeks) < np.where(quiet, density * 0.15, density))
    change = rng.random(issues * weeks) < 0.12
    change[week_idx == 0] = True
    run_id = np.cumsum(change)
    run_status = rng.choice(
        np.array(["improved", "unchanged", "deteriorated"], dtype=object),
        size=int(run_id[-1]) + 1,
        p=[0.25, 0.5, 0.25],
    )
    status = run_status[run_id].astype(object)
    status[rng.random(issues * weeks) < 0.01] = None
    week_idx, issue_idx, status = week_idx[keep], issue_idx[keep], status[keep]
    n = len(week_idx)
    monday = pd.Timestamp(start)
    week_start = monday + pd.to_timedelta(week_idx * 7 + rng.integers(0, 2, n), unit="D")
    section_of = np.array([SECTIONS[i % len(SECTIONS)] for i in range(issues)], dtype=object)
    names = np.array(
        [f"{WORDS[i % len(WORDS)].split()[0]} issue {i + 1:03d}" for i in range(issues)],
        dtype=object,
    )
    headlines = np.array(WORDS, dtype=object)[rng.integers(0, len(WORDS), n)]
    frame = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "issue_id": issue_idx + 1,
            "issue": names[issue_idx],
            "slug": [f"issue-{i + 1:03d}" for i in issue_idx],
            "section": section_of[issue_idx],
            "source": "Belarus in Focus",
            "week_start": week_start.to_numpy(dtype="datetime64[ns]"),
            "week_end": (week_start + pd.Timedelta(days=6)).to_numpy(dtype="datetime64[ns]"),
            "status": status,
            "status_text": None,
            "headline": headlines,
            "lead": None,
            "language": "en",
            "url": None,
            "authors": None,
            "published_on": pd.NaT,
        }
    )
    dup = frame.sample(frac=duplicates, random_state=seed).copy()
    dup["language"] = "ru"
    dup.loc[dup.sample(frac=0.5, random_state=seed + 1).index, "status"] = None
    dup["id"] = np.arange(n + 1, n + 1 + len(dup))
    return pd.concat([frame, dup], ignore_index=True)


def _time(fn: Callable[[], object], repeat: int) -> float:
    """Best CPU time of ``repeat`` runs (CPU seconds: other processes on a shared machine
    slow the wall clock, not this)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    weeks = 520
    issues = max(1, round(args.rows / (weeks * 0.6)))
    t0 = time.perf_counter()
    frame = synthetic_frame(issues, weeks)
    print(
        f"frame: {len(frame):,} assessments, {issues:,} issues × {weeks} weeks "
        f"(built in {time.perf_counter() - t0:.1f} s)"
    )

    def plain() -> object:
        return frame.groupby("issue_id")["status"].value_counts()

    baseline = _time(plain, args.repeat)
    a, b = ("2019-01-01", "2019-12-31"), ("2021-01-01", "2021-12-31")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("score_series", lambda: trends.score_series(frame)),
        ("streaks", lambda: trends.streaks(frame)),
        ("runs", lambda: trends.runs(frame)),
        ("change_points", lambda: trends.change_points(frame)),
        ("transition_matrix", lambda: trends.transition_matrix(frame)),
        ("issue_summary", lambda: trends.issue_summary(frame)),
        ("weekly_status_counts", lambda: trends.weekly_status_counts(frame)),
        ("weekly_status_counts(section)", lambda: trends.weekly_status_counts(frame, "section")),
        ("weekly_status_shares(section)", lambda: trends.weekly_status_shares(frame, "section")),
        ("net_balance(section)", lambda: trends.net_balance(frame, "section")),
        ("rolling_balance(8, section)", lambda: trends.rolling_balance(frame, 8, "section")),
        ("active_issues", lambda: trends.active_issues(frame)),
        ("compare_periods(section)", lambda: trends.compare_periods(frame, a, b, by="section")),
        ("as_of", lambda: trends.as_of(frame, "2020-06-01")),
        ("alerts_deteriorating(2, 4)", lambda: trends.alerts_deteriorating(frame, 2, 4)),
        ("alerts_silent(8)", lambda: trends.alerts_silent(frame, 8)),
    ]
    print(f"\nbaseline groupby('issue_id')['status'].value_counts(): {baseline * 1000:8.1f} ms")
    print("(CPU time, best of the runs; re-timed beside every computation)\n")
    print(f"{'computation':32} {'time ms':>9} {'baseline ms':>12} {'ratio':>7}  target ≤ 3×")
    worst = 0.0
    for name, fn in cases:
        # the baseline is timed again right beside each case, so both see the same machine
        base = _time(plain, args.repeat)
        took = _time(fn, args.repeat)
        base = min(base, _time(plain, args.repeat))
        ratio = took / base
        worst = max(worst, ratio)
        flag = "ok" if ratio <= 3 else "SLOW"
        print(f"{name:32} {took * 1000:9.1f} {base * 1000:12.1f} {ratio:6.2f}×  {flag}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nworst ratio {worst:.2f}× (best of {args.repeat} runs each; load average {load:.1f})")


if __name__ == "__main__":
    main()
