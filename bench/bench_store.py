"""Store benchmarks for issue 2, each beside a baseline measured in the same run.

1. Insert 100,000 assessments with 2 KB bodies through ``store.insert_assessments`` vs raw
   ``sqlite3.executemany`` of the same rows into the same schema (same triggers, same
   pragmas), each into a fresh file.  Target: the store at least half the raw speed.
2. One issue's history as a DataFrame through ``Tracker.history`` at 1,000,000 assessments vs
   the bare SQL query on the same connection kind.  Target: under 10 ms.
3. ``tracker --help`` cold start vs ``python -c pass``.  Target: under 0.3 s.

Run: ``python bench/bench_store.py [--rows 100000] [--big 1000000]``.  Figures vary with the
machine; compare the ratios.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from tracker import store
from tracker.api import open_tracker
from tracker.db import make_engine, session_scope
from tracker.models import utcnow

WORDS = (
    "minsk security army delegation peacekeeping union sanctions economy loans budget "
    "election opposition court media harvest energy pipeline border exercise treaty"
).split()


def make_rows(n: int, issues: int, body_bytes: int, seed: int = 1) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    start = date(2015, 1, 5)
    statuses = ["unchanged"] * 6 + ["improved", "deteriorated", None]
    text = " ".join(rng.choice(WORDS) for _ in range(body_bytes // 6))[:body_bytes]
    now = utcnow()
    rows = []
    for i in range(n):
        week = start + timedelta(weeks=i // issues % 520)
        rows.append((
            i % issues + 1, None, 1, week, week + timedelta(days=6),
            rng.choice(statuses), None, f"Headline {i} about {rng.choice(WORDS)}",
            "A short lead.", text, "en", None, None, None, "bench", f"h{i}", now,
            None, None, None, None, "page",
        ))  # fmt: skip
    return rows


def prepare(path: Path, issues: int) -> None:
    engine = make_engine(str(path))
    store.migrate(engine)
    with session_scope(engine) as session:
        section = store.get_or_add_section(session, "Security issues")
        for n in range(issues):
            store.add_issue(session, f"Issue number {n + 1}", section_id=section, slug=f"i{n + 1}")
    engine.dispose()


def bench_insert(rows_n: int, folder: Path) -> None:
    rows = make_rows(rows_n, 200, 2048)
    raw_db, store_db = folder / "raw.db", folder / "store.db"
    prepare(raw_db, 200)
    prepare(store_db, 200)
    # baseline: raw sqlite3 executemany, one transaction, same pragmas and schema
    connection = sqlite3.connect(raw_db)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    marks = ", ".join("?" for _ in store.INSERT_COLUMNS)
    sql = f"INSERT INTO assessment ({', '.join(store.INSERT_COLUMNS)}) VALUES ({marks})"
    plain = [
        tuple(
            v.strftime("%Y-%m-%d %H:%M:%S.%f") if c == "ingested_at" else
            v.isoformat() if isinstance(v, date) else v
            for c, v in zip(store.INSERT_COLUMNS, row, strict=True)
        )
        for row in rows
    ]  # fmt: skip
    t0 = time.perf_counter()
    with connection:
        connection.executemany(sql, plain)
    raw = time.perf_counter() - t0
    connection.close()
    # the store, through SQLAlchemy, converting values itself
    engine = make_engine(str(store_db))
    t0 = time.perf_counter()
    with session_scope(engine) as session:
        store.insert_assessments(session, rows)
    ours = time.perf_counter() - t0
    engine.dispose()
    print(f"\n1. insert {rows_n:,} assessments, 2 KB bodies, FTS triggers on (SQLite file)")
    print(f"   {'raw sqlite3.executemany':32} {raw:7.2f} s  {rows_n / raw:9,.0f} rows/s  1.00")
    print(
        f"   {'store.insert_assessments':32} {ours:7.2f} s  {rows_n / ours:9,.0f} rows/s  "
        f"{raw / ours:.2f} of raw (target >= 0.50)"
    )


def bench_history(big: int, folder: Path) -> None:
    issues = 2000
    path = folder / "big.db"
    prepare(path, issues)
    engine = make_engine(str(path))
    t0 = time.perf_counter()
    chunk = 200_000
    for start in range(0, big, chunk):
        rows = make_rows(min(chunk, big - start), issues, 200, seed=start)
        rows = [(*r[:15], f"b{start}-{n}", *r[16:]) for n, r in enumerate(rows)]
        with session_scope(engine) as session:
            store.insert_assessments(session, rows)
    build = time.perf_counter() - t0
    engine.dispose()
    tracker = open_tracker(str(path))
    name = "Issue number 777"
    tracker.history(name)  # warm caches
    api_times = []
    for _ in range(30):
        t0 = time.perf_counter()
        frame = tracker.history(name)
        api_times.append(time.perf_counter() - t0)
    connection = sqlite3.connect(path)
    sql_times = []
    for _ in range(30):
        t0 = time.perf_counter()
        rows = connection.execute(
            "SELECT * FROM assessment WHERE issue_id = ? ORDER BY week_start", (777,)
        ).fetchall()
        sql_times.append(time.perf_counter() - t0)
    connection.close()
    tracker.close()
    api, sql = statistics.median(api_times) * 1000, statistics.median(sql_times) * 1000
    print(
        f"\n2. one issue's history at {big:,} assessments "
        f"({len(frame)} rows; database built in {build:.0f} s)"
    )
    print(f"   {'bare SQL (sqlite3, fetchall)':32} {sql:7.2f} ms")
    print(
        f"   {'Tracker.history -> DataFrame':32} {api:7.2f} ms  {api / sql:.1f}x of bare SQL "
        "(target < 10 ms)"
    )


def bench_cold_start() -> None:
    exe = Path(sys.executable).parent / "tracker"

    def median_run(cmd: list[str]) -> float:
        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    base = median_run([sys.executable, "-c", "pass"])
    ours = median_run([str(exe), "--help"])
    print("\n3. cold start (median of 10)")
    print(f"   {'python -c pass':32} {base:7.3f} s")
    print(f"   {'tracker --help':32} {ours:7.3f} s  (+{ours - base:.3f} s; target < 0.3 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_insert(args.rows, Path(tmp))
        bench_history(args.big, Path(tmp))
    bench_cold_start()


if __name__ == "__main__":
    main()
