"""Time every chart end to end on the crowded decade, or on a dense synthetic register.

``--archive crowded`` (the default): tests/archives.py's crowded decade, 500 issues × 520 weeks
with bursty activity (about 5,600 assessments): the register on which charts must choose
their resolution and the issues that fit a page.  ``--archive dense``: 200 issues assessed
almost every week for 520 weeks (about 100,000 assessments; ``--issues``/``--weeks``).

End to end = select the chart's rows from the frame, build the figure (trends included), save
it as PNG (150 dpi) and as SVG.  Target: under 1.5 s per chart.  Baselines measured in the same
run: a plain ``groupby("issue_id")["status"].value_counts()`` on the same frame, and an empty
A4 figure saved as PNG and SVG (the floor of any chart).

    .venv/bin/python bench/bench_charts.py [--archive crowded|dense] [--out DIR] [--repeat 2]

``--out DIR`` keeps the files (to look at them); by default they go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd
from bench_trends import synthetic_frame
from matplotlib.figure import Figure

from tests.archives import crowded_decade
from tracker import charts
from tracker.charts.style import new_figure


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", choices=["crowded", "dense"], default="crowded")
    parser.add_argument("--issues", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="tracker-bench-charts-"))
    t0 = time.perf_counter()
    if args.archive == "crowded":
        frame = crowded_decade()
        what = "the crowded decade, 500 issues × 520 weeks, bursty"
    else:
        frame = synthetic_frame(args.issues, args.weeks, density=1.0, whole_period=True)
        what = f"dense synthetic, {args.issues} issues × {args.weeks} weeks"
    built = time.perf_counter() - t0
    print(f"frame: {len(frame):,} assessments ({what}; built in {built:.1f} s); files in {out}")
    busiest = int(frame["issue_id"].value_counts().idxmax())
    section = str(frame["section"].value_counts().idxmax())

    def issue_rows() -> pd.DataFrame:
        return frame[frame["issue_id"] == busiest]

    def section_rows() -> pd.DataFrame:
        return frame[frame["section"] == section]

    issues = frame["issue_id"].nunique()
    cases: list[tuple[str, Callable[[], Figure]]] = [
        ("issue timeline (1 issue)", lambda: charts.figure_issue_timeline(issue_rows())),
        (f"status calendar ({issues} issues)", lambda: charts.figure_status_calendar(frame)),
        ("calendar, most changed", lambda: charts.figure_status_calendar(frame, select="changed")),
        ("section balance (all)", lambda: charts.figure_section_balance(frame)),
        ("section balance (1 section)", lambda: charts.figure_section_balance(section_rows())),
        (f"small multiples ({issues} issues)", lambda: charts.figure_small_multiples(frame)),
        ("small multiples (1 section)", lambda: charts.figure_small_multiples(section_rows())),
        ("transition matrix (all)", lambda: charts.figure_transition_matrix(frame)),
        ("streak table (all, 30 rows)", lambda: charts.figure_streak_table(frame)),
        ("whole history (all sections)", lambda: charts.figure_history_overview(frame)),
    ]

    def floor() -> None:
        fig = new_figure(4.0)
        fig.add_subplot()
        charts.write_figure(fig, out / "floor.png")
        charts.write_figure(fig, out / "floor.svg")

    baseline = _best(lambda: frame.groupby("issue_id")["status"].value_counts(), 3)
    empty = _best(floor, args.repeat)
    print(f"\nbaseline groupby('issue_id')['status'].value_counts(): {baseline * 1000:7.1f} ms")
    print(f"baseline empty A4 figure -> PNG + SVG:              {empty * 1000:7.1f} ms\n")
    header = (
        f"{'chart':32} {'figure':>7} {'png':>6} {'svg':>6} {'wall s':>7} {'cpu s':>6} "
        f"{'÷empty':>7} {'÷groupby':>9}  target < 1.5 s"
    )
    print(header)
    worst = 0.0
    for index, (name, build) in enumerate(cases):
        stem = out / f"{index}-{name.split(' (')[0].replace(' ', '_').replace(',', '')}"
        timings: list[tuple[float, float, float, float]] = []
        for _ in range(args.repeat):
            c0 = time.process_time()
            t0 = time.perf_counter()
            fig = build()
            t1 = time.perf_counter()
            charts.write_figure(fig, stem.with_suffix(".png"))
            t2 = time.perf_counter()
            charts.write_figure(fig, stem.with_suffix(".svg"))
            t3 = time.perf_counter()
            timings.append((t1 - t0, t2 - t1, t3 - t2, time.process_time() - c0))
        fig_s, png_s, svg_s, cpu_s = min(timings, key=lambda t: t[0] + t[1] + t[2])
        cpu_s = min(t[3] for t in timings)
        total = fig_s + png_s + svg_s
        worst = max(worst, total)
        flag = "ok" if total < 1.5 else ("ok (cpu)" if cpu_s < 1.5 else "SLOW")
        print(
            f"{name:32} {fig_s:7.2f} {png_s:6.2f} {svg_s:6.2f} {total:7.2f} {cpu_s:6.2f} "
            f"{total / empty:6.1f}× {total / baseline:8.1f}×  {flag}"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nwall = best of {args.repeat} runs; cpu = this process's CPU seconds (best run), "
        f"which other processes do not inflate; load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"\nslowest chart {worst:.2f} s end to end (best of {args.repeat} runs each)")


if __name__ == "__main__":
    main()
