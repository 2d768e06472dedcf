"""Search benchmark for issue 14, each figure beside a plain full-text query in the same run.

Builds (or reuses, cached under ``bench/out/``) an archive of N assessments on SQLite, and
builds one on a throwaway PostgreSQL cluster (as tests/pgcluster.py does), then prints:

1. ``Tracker.search`` (parse, stems, ranked page of 20 with snippets, as a DataFrame) for a
   rare word (in ≤ 2 % of commentaries; target < 50 ms), a common one (~25 %, in bodies;
   target < 300 ms) and the most frequent word (in most headlines too: the most ranking
   work), beside the plain engine query on the same index: ``MATCH … LIMIT 20`` unranked,
   and the same ranked (FTS5 ``bm25`` / PostgreSQL ``ts_rank``).
2. Re-indexing every assessment (``Tracker.reindex_search``) in a child process, with its peak
   RSS beside the child's RSS just after opening the database (memory stays bounded: it reads
   and writes a batch of 2,000 at a time).

Run: ``python bench/bench_search.py --rows 1000000`` (the issue's size; building takes long
here) or ``--rows 100000``.  ``--no-pg`` skips PostgreSQL.  Figures vary with the machine;
compare the ratios.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tracker import open_tracker, store
from tracker.api import Tracker
from tracker.models import utcnow

OUT = Path(__file__).resolve().parent / "out"
#: Whether to measure a re-index of every assessment too (--no-reindex: not).
REINDEX = True
BATCH = 20_000
RARE, COMMON = "potash", "sanctions"
RARE_FORMS = ("potash", "potash's", "калий", "калия", "калію")
COMMON_FORMS = ("sanctions", "sanctioned", "санкции", "санкций", "санкцыі")


def _vocabulary(rng: random.Random) -> list[str]:
    """Synthetic words, English- and Russian-looking, drawn with a Zipf-like skew."""
    latin, cyrillic = "bcdfghklmnprstvz", "бвгджзклмнпрстфх"
    vowels_l, vowels_c = "aeiou", "аеиоуы"
    out = []
    for n in range(6000):
        consonants, vowels = (latin, vowels_l) if n % 2 else (cyrillic, vowels_c)
        out.append(
            "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        )
    return out


def make_rows(start: int, n: int, rng: random.Random, words: list[str]) -> list[tuple[Any, ...]]:
    # cumulative weights once (choices() with plain weights sums them on every call)
    weights = list(itertools.accumulate(1 / (k + 1) for k in range(len(words))))
    now = utcnow()
    rows = []
    for i in range(start, start + n):
        body = rng.choices(words, cum_weights=weights, k=150)
        if rng.random() < 0.015:
            body[rng.randrange(150)] = rng.choice(RARE_FORMS)
        if rng.random() < 0.60:
            body[rng.randrange(150)] = rng.choice(COMMON_FORMS)
        week = date(2010, 1, 4) + timedelta(weeks=i % 800)
        rows.append((
            i % 300 + 1, None, None, week, week + timedelta(days=6), "unchanged", None,
            " ".join(rng.choices(words, cum_weights=weights, k=8)).capitalize(),
            " ".join(rng.choices(words, cum_weights=weights, k=20)), " ".join(body),
            "en", None, None, None, "bench", f"h{i}", now, None, None, None, None, "page",
        ))  # fmt: skip
    return rows


def build(url: str, rows: int) -> float:
    """Fill a new database with ``rows`` assessments through the store's bulk path (one
    transaction; COPY on PostgreSQL, the search index built once at the end); return the
    seconds it took."""
    from tracker.store.bulk import bulk_load

    rng = random.Random(14)
    words = _vocabulary(rng)
    tracker = open_tracker(url)
    began = time.perf_counter()
    with tracker.session() as session:
        for n in range(300):
            store.add_issue(session, f"Issue {n}")
        with bulk_load(session, progress=_show):
            for start in range(0, rows, BATCH):
                count = min(BATCH, rows - start)
                store.insert_assessments(session, make_rows(start, count, rng, words))
                _show(start + count, rows, "assessments")
    took = time.perf_counter() - began
    tracker.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(" " * 60, end="\r", file=sys.stderr)
    print(f"built {rows:,} assessments in {took:.1f} s, peak RSS {peak} MB", file=sys.stderr)
    return took


def _show(done: int, total: int, what: str) -> None:
    print(f"  {what}: {done:,} / {total:,}", file=sys.stderr, end="\r", flush=True)


def median_ms(action: Callable[[], object], repeat: int = 7) -> float:
    action()  # warm the cache
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def plain(tracker: Tracker, word: str, ranked: bool) -> Callable[[], object]:
    """The bare engine query for one (stemmed) word on the same index."""
    from tracker.lang import term

    token = term(word)
    if tracker.engine.dialect.name == "sqlite":
        order = " ORDER BY bm25(assessment_fts)" if ranked else ""
        sql = f"SELECT rowid FROM assessment_fts WHERE assessment_fts MATCH '\"{token}\"'"
    else:
        order = " ORDER BY ts_rank(search, q) DESC" if ranked else ""
        sql = (
            f"SELECT assessment_id FROM assessment_fts, CAST('{token}' AS tsquery) q "
            "WHERE search @@ q"
        )
    sql += order + " LIMIT 20"

    def run() -> object:
        with tracker.engine.connect() as connection:
            return connection.exec_driver_sql(sql).fetchall()

    return run


def measure(url: str, label: str, rows: int) -> dict[str, Any]:
    tracker = open_tracker(url)
    figures: dict[str, Any] = {"engine": label, "rows": rows}
    with tracker.engine.connect() as connection:
        total = connection.exec_driver_sql("SELECT count(*) FROM assessment").scalar() or 1
    # the vocabulary's most frequent word: in most headlines and nearly every body (what a
    # name like "Lukashenka" is to a real archive), where ranking has the most to read
    everywhere = _vocabulary(random.Random(14))[0]
    for kind, word in (("rare", RARE), ("common", COMMON), ("headline", everywhere)):
        share = tracker.search(word, by_issue=True, limit=10**6)["hits"].sum() / total
        figures[kind] = {
            "word": word,
            "share": f"{share:.1%}",
            "search_ms": median_ms(lambda w=word: tracker.search(w)),
            "plain_ms": median_ms(plain(tracker, word, ranked=False)),
            "plain_ranked_ms": median_ms(
                plain(tracker, word, ranked=True), repeat=3 if kind == "headline" else 7
            ),
            "any_language_ms": median_ms(lambda w=word: tracker.search(w, any_language=True)),
            "by_date_ms": median_ms(lambda w=word: tracker.search(w, sort="date")),
        }
    tracker.close()
    figures["reindex"] = None
    if REINDEX:
        child = subprocess.run(
            [sys.executable, __file__, "--reindex", url], capture_output=True, text=True, check=True
        )
        figures["reindex"] = json.loads(child.stdout)
    return figures


def reindex_child(url: str) -> None:
    tracker = open_tracker(url)
    opened = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    count = tracker.reindex_search()
    took = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracker.close()
    print(json.dumps({"rows": count, "seconds": round(took, 1), "rss_open_mb": opened // 1024,
                      "rss_peak_mb": peak // 1024, "rows_per_s": round(count / took)}))  # fmt: skip


def report(figures: dict[str, Any]) -> None:
    built = figures.get("build_s", "cached")
    print(f"\n{figures['engine']}: " + (f"built in {built} s" if built != "cached" else "cached"))
    for kind in ("rare", "common", "headline"):
        f = figures[kind]
        print(
            f"  {kind:8} {f['word']!r} in {f['share']} of commentaries: Tracker.search "
            f"{f['search_ms']:.1f} ms (any-language {f['any_language_ms']:.1f}, by date "
            f"{f['by_date_ms']:.1f}) | plain MATCH LIMIT 20 {f['plain_ms']:.1f} ms, plain ranked "
            f"{f['plain_ranked_ms']:.1f} ms"
        )
    r = figures["reindex"]
    if r is None:
        return
    print(
        f"  reindex {r['rows']:,} assessments: {r['seconds']} s ({r['rows_per_s']:,}/s), peak RSS "
        f"{r['rss_peak_mb']} MB vs {r['rss_open_mb']} MB after opening"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--pg-url",
        help="an existing PostgreSQL database: built if empty, reused (cached) if not",
    )
    parser.add_argument("--no-reindex", action="store_true", help="skip the re-index figure")
    parser.add_argument("--reindex", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reindex:
        reindex_child(args.reindex)
        return
    global REINDEX
    REINDEX = not args.no_reindex
    if not args.no_sqlite:
        bench_sqlite(args.rows)
    if args.pg_url:
        bench_existing(args.pg_url, args.rows)
    elif not args.no_pg:
        bench_postgresql(args.rows)


def bench_sqlite(rows: int) -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"search-{rows}.db"
    build_s: float | str = "cached"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in OUT.glob(partial.name + "*"):
            leftover.unlink()
        build_s = round(build(str(partial), rows), 1)
        partial.rename(path)
    sqlite = measure(str(path), f"SQLite, {rows:,} assessments", rows)
    sqlite["build_s"] = build_s
    report(sqlite)


def bench_existing(url: str, rows: int) -> None:
    with open_tracker(url) as tracker, tracker.engine.connect() as connection:
        have = connection.exec_driver_sql("SELECT count(*) FROM assessment").scalar()
    build_s: float | str = "cached"
    if not have:
        build_s = round(build(url, rows), 1)
    elif have != rows:
        raise SystemExit(f"{url} holds {have:,} assessments, not {rows:,}")
    figures = measure(url, f"PostgreSQL, {rows:,} assessments", rows)
    figures["build_s"] = build_s
    report(figures)


def bench_postgresql(rows: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.pgcluster import Cluster, find_pgbin

    pgbin = find_pgbin()
    if pgbin is None:
        print("no PostgreSQL server binaries here: skipped")
        return
    cluster = Cluster(pgbin)
    cluster.start()
    try:
        url = cluster.createdb("bench_search")
        took = round(build(url, rows), 1)
        pg = measure(url, f"PostgreSQL, {rows:,} assessments", rows)
        pg["build_s"] = took
        report(pg)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
