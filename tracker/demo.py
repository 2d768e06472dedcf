"""``tracker demo``: the main job end to end on the synthetic archive in ``data/``.

Rebuilds ``tracker-demo.db`` from scratch (so a second run gives the same result), loads the
demo issue register, ingests the archive, and writes the report (HTML, PDF, Markdown) and the
charts into one folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.api import open_tracker
from tracker.errors import InputError
from tracker.ingest import IngestSummary
from tracker.vocab import Vocabulary

#: The demo report's period: the last year of the archive.
DEMO_SINCE = "2023-01-01"
#: The publication the synthetic archive pretends to come from.
DEMO_SOURCE = "Weekly Bulletin (synthetic demo)"


@dataclass(frozen=True)
class DemoResult:
    db: Path
    ingest: IngestSummary
    report: Path
    files: list[Path]


def find_data(data: Path | None) -> Path:
    """The demo data folder: the one given, else ``data/`` beside the package or here."""
    candidates = (
        [data]
        if data
        else [
            Path(__file__).resolve().parents[1] / "data",
            Path.cwd() / "data",
        ]
    )
    for folder in candidates:
        if folder is not None and (folder / "archive").is_dir():
            return folder
    raise InputError(
        f"no demo archive found (looked for archive/ in {', '.join(str(c) for c in candidates)})",
        hint="run from a checkout of tracker or pass --data FOLDER",
    )


def run_demo(
    *,
    data: Path | None,
    db: Path,
    out: Path,
    vocabulary: Vocabulary | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> DemoResult:
    folder = find_data(data)
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    tracker = open_tracker(str(db), vocabulary=vocabulary)
    try:
        register = folder / "register.toml"
        if register.exists():
            tracker.load_register(register)
            say(f"loaded the issue register {register}")
        say(f"ingesting {folder / 'archive'} …")
        summary = tracker.ingest([folder / "archive"], source=DEMO_SOURCE)
        report = out / "report.html"
        files = tracker.report([report, out / "report.pdf", out / "report.md"], since=DEMO_SINCE)
        top = tracker.trends("changes", since=DEMO_SINCE)
        charts = [
            tracker.chart("calendar", out / "calendar.png", since=DEMO_SINCE),
            tracker.chart("balance", out / "balance.png", since=DEMO_SINCE),
            tracker.chart("balance", out / "balance.svg", since=DEMO_SINCE),
            tracker.chart("streaks", out / "streaks.png"),
        ]
        if len(top):
            busiest = top["issue"].value_counts().index[0]
            charts.append(tracker.chart("timeline", out / "timeline.png", issue=str(busiest)))
    finally:
        tracker.close()
    return DemoResult(db=db, ingest=summary, report=report, files=[*files, *charts])
