"""Time ``tracker demo`` end to end and ``tracker report`` over the demo's three years.

Every case is the installed ``tracker`` command run as a subprocess, as a user runs it, in a
fresh temporary folder: wall seconds (``time.perf_counter``) and CPU seconds (user + system of
the child, from ``resource.getrusage(RUSAGE_CHILDREN)``) side by side, with two baselines
measured in the same run — ``python -c "import tracker.api"`` (the interpreter and the heavy
imports: pandas, SQLModel) and ``tracker --help`` (the CLI's start-up).

Cases:

- ``tracker demo``: rebuild tracker-demo.db from ``data/`` (register, ingest of ~1,300 files,
  linking), write the 2023 report in HTML, PDF and Markdown and five charts;
- ``tracker report --since 2021-01-01 --until 2023-12-31 -o report.html`` on that database
  (all three years); target: under 10 s;
- the same period into ``report.html``, ``report.pdf`` and ``report.md`` at once.

    .venv/bin/python bench/bench_demo.py [--repeat 2] [--keep DIR]

``--repeat`` runs the baselines and the reports that many times and keeps the best (the demo
runs once: it rebuilds its database every time anyway). ``--keep DIR`` leaves the files there.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRACKER = Path(sys.executable).with_name("tracker")
SINCE, UNTIL = "2021-01-01", "2023-12-31"
TARGET_REPORT_S = 10.0


@dataclass(frozen=True)
class Timing:
    name: str
    wall: float
    cpu: float


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name: str, argv: list[str], cwd: Path, env: dict[str, str], repeat: int = 1) -> Timing:
    """Run ``argv`` ``repeat`` times; the best wall time and the CPU time of that run."""
    best: Timing | None = None
    for _ in range(repeat):
        cpu0, t0 = children_cpu(), time.perf_counter()
        proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        wall, cpu = time.perf_counter() - t0, children_cpu() - cpu0
        if proc.returncode != 0:
            sys.exit(f"{name} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        if best is None or wall < best.wall:
            best = Timing(name, wall, cpu)
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="leave the files in this folder")
    args = parser.parse_args()
    if not TRACKER.exists():
        sys.exit(f"no tracker command beside {sys.executable}: pip install -e . first")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="tracker-bench-demo-"))
    env = dict(os.environ)
    env.pop("TRACKER_VOCAB", None)
    env["TRACKER_DB"] = str(work / "default.db")
    tracker = str(TRACKER)

    importing = [sys.executable, "-c", "import tracker.api"]
    timings = [
        run("baseline: python -c 'import tracker.api'", importing, work, env, args.repeat),
        run("baseline: tracker --help", [tracker, "--help"], work, env, args.repeat),
        run("tracker demo (end to end)", [tracker, "demo"], work, env),
    ]
    db = work / "tracker-demo.db"
    period = [tracker, "--db", str(db), "report", "--since", SINCE, "--until", UNTIL]
    one, every = work / "three-years", work / "three-years-all"
    one.mkdir(exist_ok=True)
    every.mkdir(exist_ok=True)
    html = run(
        "tracker report 2021–2023 -o report.html",
        [*period, "-o", str(one / "report.html")],
        work,
        env,
        args.repeat,
    )
    timings.append(html)
    outputs = [f"-o{every / name}" for name in ("report.html", "report.pdf", "report.md")]
    timings.append(
        run(
            "tracker report 2021–2023 -o html -o pdf -o md",
            [*period, *outputs],
            work,
            env,
            args.repeat,
        )
    )

    from tracker import open_tracker

    opened = open_tracker(str(db))
    try:
        rows = len(opened.assessments(since=SINCE, until=UNTIL))
    finally:
        opened.close()
    print(
        f"tracker {TRACKER} · Python {sys.version.split()[0]} · {os.cpu_count()} cores · "
        f"load average {os.getloadavg()[0]:.2f} · files in {work}"
    )
    print(f"demo database: {rows:,} assessments between {SINCE} and {UNTIL}")
    base = timings[0]
    width = max(len(t.name) for t in timings)
    print(f"\n{'case':<{width}}  {'wall s':>7}  {'CPU s':>7}  {'× baseline (wall)':>17}")
    for t in timings:
        print(f"{t.name:<{width}}  {t.wall:7.2f}  {t.cpu:7.2f}  {t.wall / base.wall:17.1f}")
    sizes = ", ".join(
        f"{p.name} {p.stat().st_size / 1024:,.0f} KB"
        for p in sorted(every.iterdir())
        if p.is_file()
    )
    print(f"\n3-year report files: {sizes}")
    verdict = "met" if html.wall < TARGET_REPORT_S else "MISSED"
    print(
        f"target: three years into report.html in under {TARGET_REPORT_S:.0f} s — "
        f"{html.wall:.2f} s wall, {html.cpu:.2f} s CPU: {verdict}"
    )


if __name__ == "__main__":
    main()
