"""How everyday operations grow with the archive: 10^4, 10^5, 10^6 assessments.

Builds synthetic databases (250 issues in five sections, ten years of weeks, three sources,
bodies of about 1.5 KB, our own generated words) as a user would, by ``tracker import`` of a
generated export (its time and peak memory are printed too), then measures
on each, as a user would:

* ``ingest``  — adding one new week: ``tracker ingest`` of 15 pages (a subprocess);
* ``history`` — one issue's history as a DataFrame (``Tracker.history``, in process);
* ``issues()`` — ``Tracker.issues()`` in process, the work of ``tracker issues`` without
  starting Python and importing pandas;
* ``issues``  — ``tracker issues --format csv`` (a subprocess) after the ingest, and before it
  (``issues, first``: the first listing of a database built by bulk insert, which computes
  every issue's kept summary; a database built by ingests would have them already);
* ``report``  — ``tracker report`` of the last quarter, HTML (a subprocess);
* ``search``  — ``tracker search`` of a word in about 1 % of commentaries (a subprocess).

Each subprocess runs under a small wrapper that reports its own child's peak RSS, so memory
is per command.  The table prints every figure beside the same operation on the smallest
database of the same run (the baseline): the ratio shows how each cost grows.  A command that
runs past ``--timeout`` seconds is stopped and shown as such.

Run: ``python bench/bench_scale.py [--sizes 10000,100000,1000000] [--engine sqlite|postgresql]
[--keep DIR [--reuse]]``.  With ``--engine postgresql`` a throwaway PostgreSQL 15 cluster is
started the way the tests start one (``TRACKER_BENCH_PG_URL`` names an existing server
instead, whose databases ``scale_N`` are kept).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECTIONS = ["Security issues", "Domestic politics", "Economy", "Foreign policy", "Society"]
ISSUES = 250
WEEKS = 520
FIRST_WEEK = date(2015, 1, 5)
SOURCES = ["Bulletin A", "Bulletin B", "Bulletin C"]
FILLER = (
    "the authorities officials government analysts week decision statement public pressure "
    "policy reform plan agreement region measures support control change state official "
    "minister ministry expected remains further because however while although another"
).split()
RARE_WORD = "zephyrine"  # put in about 1 % of the bodies, for the search figure


def topic_words(issue: int) -> list[str]:
    """Words of one synthetic issue: invented, so that issues are told apart by their words."""
    rng = random.Random(issue * 7919)
    letters = "bcdfghklmnprstvz"
    vowels = "aeiou"
    return [
        "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(3)) + "ism"
        for _ in range(6)
    ]


def commentary(rng: random.Random, issue: int, words: int) -> str:
    topic = topic_words(issue)
    out = []
    for n in range(words):
        out.append(rng.choice(topic) if n % 4 == 0 else rng.choice(FILLER))
    return " ".join(out)


def write_export(path: Path, size: int) -> None:
    """``size`` generated assessments as a tracker export (JSON), written a row at a time:
    the file ``tracker import`` reads to build the database."""
    from tracker.models import name_key, utcnow

    now = utcnow().isoformat()
    rng = random.Random(size)
    statuses = ["unchanged"] * 6 + ["improved", "deteriorated", None]
    per_week = max(1, size // WEEKS)

    def issue(n: int) -> dict[str, object]:
        name = f"Synthetic issue {n + 1} ({topic_words(n)[0]})"
        return {
            "id": n + 1, "name": name, "key": name_key(name), "slug": f"synthetic-{n + 1}",
            "section_id": n % len(SECTIONS) + 1, "description": None, "merged_into_id": None,
            "provisional": False, "rules": None, "created_at": now,
        }  # fmt: skip

    def assessments() -> Iterator[dict[str, object]]:
        for n in range(size):
            week = FIRST_WEEK + timedelta(weeks=min(n // per_week, WEEKS - 1))
            # the first of each week's commentaries follows the weekly issue (the last one)
            topic = (
                ISSUES - 1
                if n % per_week == 0 and n < per_week * WEEKS
                else rng.randrange(ISSUES - 1)
            )
            body = commentary(rng, topic, 220)
            if rng.random() < 0.01:
                body += f" {RARE_WORD}"
            yield {
                "id": n + 1, "issue_id": topic + 1, "source_id": n % len(SOURCES) + 1,
                "section_id": topic % len(SECTIONS) + 1, "week_start": week.isoformat(),
                "week_end": (week + timedelta(days=6)).isoformat(),
                "status": rng.choice(statuses), "headline": commentary(rng, topic, 9).capitalize(),
                "lead": commentary(rng, topic, 25), "body": body, "language": "en",
                "origin": "bench", "content_hash": f"bench-{size}-{n}", "ingested_at": now,
                "link_method": "explicit",
            }  # fmt: skip

    tables: dict[str, Iterable[dict[str, object]]] = {
        "source": ({"id": k + 1, "name": name} for k, name in enumerate(SOURCES)),
        "section": (
            {"id": k + 1, "name": name, "key": name_key(name)} for k, name in enumerate(SECTIONS)
        ),
        "issue": (issue(n) for n in range(ISSUES)),
        "assessment": assessments(),
    }
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "tracker-export", "version": 1, "tables": {')
        for number, (name, rows) in enumerate(tables.items()):
            out.write(f'{"," if number else ""}\n"{name}": [')
            for k, row in enumerate(rows):
                out.write(("," if k else "") + "\n" + json.dumps(row))
            out.write("]")
        out.write("}}\n")


def build(url: str, size: int, folder: Path, timeout: float) -> dict[str, object]:
    """A database of ``size`` assessments as a user builds one: ``tracker import`` of a
    generated export (streamed, COPY on PostgreSQL, the search index, the issue summaries
    and the linker's word statistics counted in the same transaction); its figure."""
    export = folder / f"export-{size}.json"
    folder.mkdir(parents=True, exist_ok=True)
    write_export(export, size)
    exe = str(Path(sys.executable).parent / "tracker")
    figure = run_command([exe, "--db", url, "import", str(export)], timeout)
    export.unlink()
    if figure["code"] != 0:
        sys.exit(f"the import of {size:,} failed: {figure['err']}")
    if url.startswith("postgresql"):
        # what autovacuum does to a table this size soon after a bulk load, done now so that
        # every run measures with the visibility map in place (index-only scans)
        from sqlalchemy import create_engine

        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
    return figure


def write_week(folder: Path) -> None:
    """Fifteen pages of the week after the archive's last, in the bulletin's text layout."""
    rng = random.Random(15)
    start = FIRST_WEEK + timedelta(weeks=WEEKS)
    end = start + timedelta(days=6)
    span = f"{start:%B} {start.day} – {end:%B} {end.day}, {end.year}"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(15):
        issue = (n * 17) % ISSUES
        headline = commentary(rng, issue, 9).capitalize()
        lead = commentary(rng, issue, 25).capitalize() + "."
        body = commentary(rng, issue, 220).capitalize() + "."
        text = (
            f"{span}\n{SECTIONS[issue % len(SECTIONS)]}\n\n{headline}\n\n"
            f"The situation has not changed\n{headline}\n\n{lead}\n\n{body}\n"
        )
        (folder / f"week-{n:02d}.txt").write_text(text, encoding="utf-8")


#: Issues whose newest commentary is ingested again, word for word, as a new page.
TWINS = [(n * 37 + 5) % ISSUES for n in range(15)]


def write_twins(url: str, folder: Path) -> dict[str, str]:
    """Fifteen pages, two weeks after the archive's last, each word for word an archived
    commentary (the newest of an issue); their headlines -> the issue they should join."""
    from tracker import open_tracker

    tracker = open_tracker(url)
    start = FIRST_WEEK + timedelta(weeks=WEEKS + 1)
    end = start + timedelta(days=6)
    span = f"{start:%B} {start.day} – {end:%B} {end.day}, {end.year}"
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for n, issue in enumerate(TWINS):
        slug = f"synthetic-{issue + 1}"
        rows = tracker.history(slug, since=FIRST_WEEK + timedelta(weeks=WEEKS - 60))
        row = rows.sort_values(["week_start", "id"]).iloc[-1]
        text = (
            f"{span}\n{row['section']}\n\n{row['headline']}\n\n"
            f"The situation has not changed\n{row['headline']}\n\n{row['lead']}\n\n"
            f"{row['body']}\n"
        )
        (folder / f"twin-{n:02d}.txt").write_text(text, encoding="utf-8")
        expected[str(row["headline"])] = slug
    tracker.close()
    return expected


def twins_linked(url: str, expected: dict[str, str]) -> int:
    """How many of the twins joined their original's issue."""
    from tracker import open_tracker

    tracker = open_tracker(url)
    since = FIRST_WEEK + timedelta(weeks=WEEKS + 1)
    right = 0
    for headline, slug in expected.items():
        rows = tracker.history(slug, since=since)
        right += int((rows["headline"] == headline).any())
    tracker.close()
    return right


_WRAPPER = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
try:
    done = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=float(sys.argv[1]))
    code, err = done.returncode, done.stderr.decode(errors="replace")[-300:]
    out = done.stdout.decode(errors="replace")[-200:]
except subprocess.TimeoutExpired:
    code, err, out = "timeout", "", ""
wall = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"wall": wall, "rss": rss, "code": code, "err": err, "out": out}))
"""

#: A Tracker method in a process of its own: warm once, then the median of 20 calls (the
#: command's own cost, without the 1-2 s of starting Python and importing pandas).
_IN_PROCESS = """
import statistics, sys, time
from tracker import open_tracker
tracker = open_tracker(sys.argv[1])
call = getattr(tracker, sys.argv[2])
call(*sys.argv[3:])
times = []
for _ in range(20):
    t0 = time.perf_counter()
    call(*sys.argv[3:])
    times.append(time.perf_counter() - t0)
print(statistics.median(times))
"""


#: The commands' environment: as an installed package runs, with its bytecode cached (a
#: sandbox may set PYTHONDONTWRITEBYTECODE, which makes every start compile the package).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_command(args: list[str], timeout: float) -> dict[str, object]:
    """Run a command in a fresh wrapper process; its wall time and its own peak RSS (MB)."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(timeout), *args],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


class Databases:
    """Where each size's database lives: a SQLite file in the folder, or a database on a
    PostgreSQL server.  ``built(size)`` says whether a database of that size is kept from an
    earlier run (``--keep``); ``working_copy(size)`` gives a fresh copy to measure on, so the
    kept one stays as built."""

    def __init__(self, folder: Path, server: str | None) -> None:
        self.folder, self.server = folder, server

    def url(self, size: int, suffix: str = "") -> str:
        if self.server is None:
            return str(self.folder / f"scale-{size}{suffix}.db")
        from sqlalchemy.engine import make_url

        return (
            make_url(self.server)
            .set(database=f"scale_{size}{suffix}")
            .render_as_string(hide_password=False)
        )

    def _admin(self, sql: str, **params: object) -> list[object]:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        assert self.server is not None
        engine = create_engine(make_url(self.server).set(database="postgres"),
                               isolation_level="AUTOCOMMIT")  # fmt: skip
        with engine.connect() as connection:
            result = connection.execute(text(sql), params)
            rows: list[object] = list(result) if result.returns_rows else []
        engine.dispose()
        return rows

    def built(self, size: int) -> bool:
        if self.server is None:
            return Path(self.url(size)).exists()
        return bool(self._admin("SELECT 1 FROM pg_database WHERE datname = :n", n=f"scale_{size}"))

    def fresh(self, size: int) -> str:
        """An empty database for the build (an earlier half-built one is dropped)."""
        if self.server is None:
            Path(self.url(size)).unlink(missing_ok=True)
        else:
            self._admin(f"DROP DATABASE IF EXISTS scale_{size}")
            self._admin(f"CREATE DATABASE scale_{size}")
        return self.url(size)

    def working_copy(self, size: int) -> str:
        if self.server is None:
            import shutil
            import sqlite3

            kept = sqlite3.connect(self.url(size))
            kept.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            kept.close()
            shutil.copyfile(self.url(size), self.url(size, "_run"))
            Path(self.url(size, "_run") + "-wal").unlink(missing_ok=True)
        else:
            self._admin(f"DROP DATABASE IF EXISTS scale_{size}_run")
            self._admin(f"CREATE DATABASE scale_{size}_run TEMPLATE scale_{size}")
        return self.url(size, "_run")


@contextmanager
def databases(engine: str, folder: Path) -> Iterator[Databases]:
    """The sizes' databases on the chosen engine: SQLite files in ``folder``; PostgreSQL on
    the server ``TRACKER_BENCH_PG_URL`` names, or on a throwaway cluster started as the tests
    start one."""
    if engine == "sqlite":
        yield Databases(folder, None)
        return
    url = os.environ.get("TRACKER_BENCH_PG_URL")
    if url is not None:
        yield Databases(folder, url)
        return
    from tests.pgcluster import Cluster, find_pgbin

    pgbin = find_pgbin()
    if pgbin is None:
        sys.exit("no PostgreSQL 15 server binaries here; set TRACKER_BENCH_PG_URL")
    cluster = Cluster(pgbin)
    cluster.start()
    try:
        yield Databases(folder, cluster.url("postgres"))
    finally:
        cluster.stop()


def measure(url: str, folder: Path, timeout: float) -> dict[str, dict[str, object]]:
    exe = str(Path(sys.executable).parent / "tracker")
    figures: dict[str, dict[str, object]] = {}
    week = folder / "new-week"
    write_week(week)
    issues = [exe, "--db", url, "issues", "--format", "csv"]
    # the first 'tracker issues' of a database built by bulk insert computes every summary;
    # after that one week's ingest leaves 15 issues to compute again (the everyday case)
    figures["issues, first"] = run_command(issues, timeout)
    figures["ingest"] = run_command(
        [exe, "--db", url, "ingest", str(week), "--source", SOURCES[0]], timeout
    )
    figures["issues"] = run_command(issues, timeout)
    expected = write_twins(url, folder / "twins")
    figures["twins"] = run_command(
        [exe, "--db", url, "ingest", str(folder / "twins"), "--source", "Twin bulletin"], timeout
    )
    figures["twins"]["linked"] = twins_linked(url, expected)
    last = FIRST_WEEK + timedelta(weeks=WEEKS)
    quarter = last - timedelta(weeks=13)
    figures["report"] = run_command(
        [exe, "--db", url, "report", "--since", quarter.isoformat(), "--until",
         last.isoformat(), "-o", str(folder / "report.html")],
        timeout,
    )  # fmt: skip
    figures["search"] = run_command(
        [exe, "--db", url, "search", RARE_WORD, "--format", "csv"], timeout
    )
    calls = (
        ("history", ["history", f"synthetic-{ISSUES}"]),
        ("history, big", ["history", "synthetic-77"]),
        ("issues()", ["issues"]),
    )
    for name, call in calls:
        figure = run_command([sys.executable, "-c", _IN_PROCESS, url, *call], timeout)
        if figure["code"] == 0:  # the median of the calls, not the process's start-up
            figure["wall"] = float(str(figure["out"]).split()[-1])
        figures[name] = figure
    return figures


def show(results: dict[int, dict[str, dict[str, object]]], engine: str) -> None:
    sizes = sorted(results)
    base = results[sizes[0]]
    print(f"\n{engine}: each figure beside the same operation at {sizes[0]:,} (the baseline)")
    head = f"{'operation':14}" + "".join(f"{f'{s:,}':>30}" for s in sizes)
    print(head)
    print("-" * len(head))
    ops = ("ingest", "twins", "history", "history, big", "issues, first", "issues", "issues()",
           "report", "search")  # fmt: skip
    for op in ops:
        cells = []
        for size in sizes:
            fig = results[size][op]
            if fig["code"] == "timeout":
                cells.append(f"{'timeout':>30}")
                continue
            wall = float(fig["wall"])  # type: ignore[arg-type]
            ratio = wall / float(base[op]["wall"])  # type: ignore[arg-type]
            unit = (
                f"{wall * 1000:.1f} ms"
                if op.startswith(("history", "issues()"))
                else f"{wall:.2f} s"
            )
            mark = "" if fig["code"] == 0 else " FAILED"
            cells.append(f"{unit} ×{ratio:.2f} {float(fig['rss']):.0f} MB{mark}".rjust(30))  # type: ignore[arg-type]
        print(f"{op:14}" + "".join(cells))
    print("(wall time, ratio to the baseline, peak RSS of the command; history and issues(): "
          "Tracker.history / Tracker.issues, median of 20 calls in a process of its own, and "
          "that process's peak RSS; twins: ingest of 15 pages word for word archived "
          "commentaries)")  # fmt: skip
    linked = ", ".join(
        f"{results[size]['twins'].get('linked', '?')}/{len(TWINS)} at {size:,}" for size in sizes
    )
    print(f"twins linked to their original's issue: {linked}")
    for size in sizes:
        built = results[size]["import"]
        print(f"built by 'tracker import' of a generated export: {size:,} in "
              f"{float(built['wall']):.0f} s, peak {float(built['rss']):.0f} MB")  # type: ignore[arg-type]  # fmt: skip
    for size in sizes:
        for op, fig in results[size].items():
            if fig["code"] not in (0, "timeout"):
                print(f"  {op} at {size:,} failed: {fig['err']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per command")
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the built databases in this folder (measured on copies, so they stay as built)",
    )
    parser.add_argument(
        "--reuse", action="store_true",
        help="with --keep: measure the databases kept by an earlier run instead of building them",
    )  # fmt: skip
    parser.add_argument(
        "--build-timeout", type=float, default=7200.0, help="seconds for each import"
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results = {}
        with databases(args.engine, folder) as found:
            for size in sizes:
                work = folder / f"work-{size}"
                kept = work / "import.json"
                if args.reuse and found.built(size) and kept.exists():
                    built = json.loads(kept.read_text())
                    print(f"  {size:,}: the kept database", file=sys.stderr)
                else:
                    built = build(found.fresh(size), size, work, args.build_timeout)
                    kept.write_text(json.dumps(built))
                    print(f"  {size:,} assessments generated and imported in "
                          f"{float(built['wall']):.0f} s", file=sys.stderr)  # type: ignore[arg-type]  # fmt: skip
                url = found.working_copy(size) if args.keep else found.url(size)
                results[size] = measure(url, work, args.timeout)
                results[size]["import"] = built
        show(results, args.engine)


if __name__ == "__main__":
    main()
