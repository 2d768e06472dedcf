"""Latency of ``tracker serve`` under load: 20 clients for 30 s over the main pages.

The installed ``tracker serve`` runs as a subprocess on a free loopback port, as a user runs
it; ``--clients`` threads, each with its own keep-alive connection, request pages one after
another (bounded concurrency: at most one request in flight per client) for ``--seconds``.
Each request picks a kind of page in turn (the index, an issue, a week, a section, a search,
the review page, the report form) and, within the kind, one of many URLs (every issue, every
week, several search words), so the caches see a realistic mix.  The baseline, in the same
run and under the same load, is a static file (``/static/site.css``): what the server, the
loopback and the client threads cost without any database work; ``/status.css`` (a few
lines made by a plain route, no database) is shown beside it as a second floor.

Printed per kind: requests, errors (any status but 200, or a failed connection), p50, p95 and
the largest latency, and p95 as a multiple of the baseline's.  Before the load, the first
request of each kind (empty caches: the cost of a page the first time, or after the data
change) is timed alone.

Databases: the demo's (``tracker demo`` into a temporary folder, or ``--demo-db``) and a
generated one with ``--big`` assessments (default 100,000; 0 skips it) over 200 issues in six
sections and ten years of weeks.

    .venv/bin/python bench/bench_serve.py [--seconds 30] [--clients 20] [--big 100000]
                                          [--demo-db tracker-demo.db] [--only demo|big]

Target: p95 under 300 ms for every page on the demo database with 20 clients, 0 errors.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

TRACKER = Path(sys.executable).with_name("tracker")
TARGET_P95_MS = 300.0
BASELINE = "static file"
WORDS = ("army sanctions minsk budget election border peacekeeping treaty media court energy "
         "loans harvest delegation union opposition").split()  # fmt: skip


@contextmanager
def server(db: Path) -> Iterator[str]:
    """``tracker serve`` on a free port; yields its base URL, stops it with Ctrl-C."""
    env = {**os.environ, "TRACKER_DB": str(db)}
    process = subprocess.Popen(
        [str(TRACKER), "--db", str(db), "--quiet", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("tracker serve: http://"):
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    try:
        yield line.split()[2].rstrip("/")
    finally:
        process.send_signal(2)
        process.wait(timeout=20)


def urls_of(base: str) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Per kind of page, the URLs the clients pick from (read from the site's own JSON), and
    the seconds of the two reads that found them: the first ``/api/`` and ``/api/report``
    (empty caches: they stand as the first visit of the index and the report page)."""
    import json
    import urllib.request

    took: dict[str, float] = {}

    def get(kind: str, path: str) -> dict[str, Any]:
        start = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=300) as reply:
            data: dict[str, Any] = json.load(reply)
        took[kind] = time.perf_counter() - start
        return data

    index = get("index /", "/api/")
    issues = [row["slug"] for row in index["issues"]]
    sections = sorted({row["section"] for row in index["issues"] if row["section"]})
    report = get("report", "/api/report")
    first, last = date.fromisoformat(report["first_week"]), date.fromisoformat(report["last_week"])
    weeks = []
    day = last
    while day >= first and len(weeks) < 520:
        year, week, _ = day.isocalendar()
        weeks.append(f"/week/{year}-W{week:02d}")
        day -= timedelta(weeks=1)
    from tracker.register import slugify

    urls = {
        "index /": ["/"],
        "issue": [f"/issue/{quote(s)}" for s in issues],
        "week": weeks,
        "section": [f"/section/{slugify(s)}" for s in sections],
        "search": [f"/search?q={w}" for w in WORDS],
        "review": ["/review"],
        "report": ["/report"],
        "status.css": ["/status.css"],
        BASELINE: ["/static/site.css"],
    }
    return urls, took


def fetch(connection: http.client.HTTPConnection, path: str) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        reply.read()
        ok = reply.status == 200
    except (OSError, http.client.HTTPException):
        connection.close()
        ok = False
    return time.perf_counter() - start, ok


def cold(base: str, urls: dict[str, list[str]], found: dict[str, float]) -> dict[str, float]:
    """The first request of each kind, alone, on empty caches (``found``: those timed
    while finding the URLs)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=300)
    out = dict(found)
    for kind, choices in urls.items():
        if kind in out:
            continue
        seconds, ok = fetch(connection, choices[len(choices) // 2])
        out[kind] = seconds if ok else float("nan")
    connection.close()
    return out


def load(base: str, urls: dict[str, list[str]], clients: int, seconds: float) -> dict[str, Any]:
    parts = urlsplit(base)
    results: dict[str, list[float]] = {kind: [] for kind in urls}
    errors: dict[str, int] = dict.fromkeys(urls, 0)
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    kinds = list(urls)

    def client(number: int) -> None:
        rng = random.Random(number)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
        for turn in itertools.count(number):
            if time.monotonic() >= stop:
                break
            kind = kinds[turn % len(kinds)]
            took, ok = fetch(connection, rng.choice(urls[kind]))
            with lock:
                if ok:
                    results[kind].append(took)
                else:
                    errors[kind] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"times": results, "errors": errors}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(title: str, base: str, clients: int, seconds: float) -> bool:
    urls, found = urls_of(base)
    first = cold(base, urls, found)
    measured = load(base, urls, clients, seconds)
    times, errors = measured["times"], measured["errors"]
    base_p95 = percentile(times[BASELINE], 95)
    total = sum(len(v) for v in times.values())
    print(f"\n{title}: {clients} clients, {seconds:.0f} s, {total:,} requests "
          f"({total / seconds:,.0f}/s)")  # fmt: skip
    print(f"   {'page':12} {'first':>8} {'requests':>9} {'errors':>7} {'p50':>8} {'p95':>8} "
          f"{'max':>8} {'p95/base':>9}")  # fmt: skip
    good = True
    for kind in urls:
        values = sorted(times[kind])
        p50, p95 = percentile(values, 50), percentile(values, 95)
        top = values[-1] if values else float("nan")
        ratio = p95 / base_p95 if base_p95 else float("nan")
        flag = ""
        if kind not in (BASELINE, "status.css") and (p95 * 1000 >= TARGET_P95_MS or errors[kind]):
            flag, good = "  over target", False
        ms = [first[kind] * 1000, p50 * 1000, p95 * 1000, top * 1000]
        print(f"   {kind:12} {ms[0]:6.0f}ms {len(values):9,} {errors[kind]:7} "
              f"{ms[1]:6.1f}ms {ms[2]:6.1f}ms {ms[3]:6.0f}ms {ratio:8.1f}x{flag}")  # fmt: skip
    return good


def build_demo(folder: Path) -> Path:
    subprocess.run([str(TRACKER), "demo", "--demo-db", str(folder / "tracker-demo.db"), "--out",
                    str(folder / "out")], check=True, capture_output=True, cwd=folder)  # fmt: skip
    return folder / "tracker-demo.db"


def build_big(folder: Path, n: int) -> Path:
    """``n`` assessments over 200 issues in 6 sections, 520 weeks, 600-byte bodies."""
    from tracker import store
    from tracker.db import make_engine, session_scope
    from tracker.models import utcnow

    path = folder / "big.db"
    engine = make_engine(str(path))
    store.migrate(engine)
    rng = random.Random(7)
    issues_n, weeks_n = 200, 520
    start = date(2014, 1, 6)
    statuses = ["unchanged"] * 6 + ["improved", "deteriorated", None]
    now = utcnow()
    with session_scope(engine) as session:
        sections = [store.get_or_add_section(session, f"Section {k + 1}") for k in range(6)]
        source = store.get_or_add_source(session, "Weekly Bulletin")
        for k in range(issues_n):
            store.add_issue(session, f"Issue number {k + 1}", section_id=sections[k % 6])
        rows = []
        for i in range(n):
            issue = i % issues_n
            week = start + timedelta(weeks=(i // issues_n) % weeks_n)
            body = " ".join(rng.choice(WORDS) for _ in range(90))
            rows.append((
                issue + 1, source, sections[issue % 6], week, week + timedelta(days=6),
                rng.choice(statuses), None, f"Headline {i} on {rng.choice(WORDS)}",
                "A short lead.", body, "en", None, None, None, "bench", f"h{i}", now,
                "similarity", rng.random(), None, None,
            ))  # fmt: skip
        store.insert_assessments(session, rows)
    engine.dispose()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--big", type=int, default=100_000, help="assessments; 0 skips")
    parser.add_argument("--demo-db", type=Path, help="use this demo database")
    parser.add_argument("--only", choices=["demo", "big"])
    args = parser.parse_args()
    good = True
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        folder = Path(tmp)
        if args.only != "big":
            db = args.demo_db.resolve() if args.demo_db else build_demo(folder)
            with server(db) as base:
                good &= report(f"demo database ({db.name})", base, args.clients, args.seconds)
        if args.only != "demo" and args.big:
            t0 = time.perf_counter()
            db = build_big(folder, args.big)
            print(f"\n(built {args.big:,} assessments in {time.perf_counter() - t0:.1f} s)")
            with server(db) as base:
                good &= report(f"{args.big:,} assessments", base, args.clients, args.seconds)
    print("\nall pages under the target, no errors" if good else "\nsome pages missed the target")


if __name__ == "__main__":
    main()
