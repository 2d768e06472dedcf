"""`tracker issues` prints plain rows (issue 11): the same listing as ``Tracker.issues()``
in every format, on both engines, and a start-up that never imports pandas or numpy."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from tests.test_undated import RANGED, READER, _write
from tracker import open_tracker
from tracker.api import Tracker
from tracker.cli import app
from tracker.cli.common import records

REGISTER = """
[[issue]]
name = "Border security"
section = "Security issues"

[[issue]]
name = "Reserve call-ups"
section = "Security issues"
aliases = ["Reservists"]

[[issue]]
name = "Potash exports"
section = "Economy"
"""


def _archive(tracker: Tracker, tmp_path: Path) -> None:
    """Issues of every kind: assessed, never assessed (a register issue), provisional, and
    one holding only an undated assessment."""
    register = tmp_path / "register.toml"
    register.write_text(REGISTER, encoding="utf-8")
    tracker.load_register(register)
    tracker.ingest(_write(tmp_path / "in", reader=READER, ranged=RANGED))
    tracker.add(
        issue="Border security",
        week="2019-07-22",
        status="got worse",
        headline="Queues at the border grow",
        body="Lorries waited for days at the crossing.",
    )
    tracker.add(
        issue="A new issue",
        week="2019-08-05",
        status="improved",
        headline="Something new",
        new_issue=True,
    )


def test_the_listing_is_the_frames_in_every_format(
    tracker: Tracker, db_url: str, tmp_path: Path
) -> None:
    _archive(tracker, tmp_path)
    frame = tracker.issues()
    assert {"Potash exports", "Border security", "A new issue"} <= set(frame["issue"])
    plain = tracker.issue_records()
    assert [list(r) for r in plain] == [list(frame.columns)] * len(frame)
    # the frame's values as the CLI shows them, against the rows (ints stay ints)
    assert plain == records(frame)
    never = next(r for r in plain if r["issue"] == "Potash exports")
    assert (never["assessments"], never["weeks"], never["first_week"]) == (0, None, None)
    border = next(r for r in plain if r["issue"] == "Border security")
    assert border["assessments"] >= 1 and border["first_week"] <= "2019-07-22"
    assert sum(r["undated"] for r in plain) == 1

    runner = CliRunner()
    url = db_url
    listed = runner.invoke(app, ["--db", url, "issues", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output) == records(frame)
    table = runner.invoke(app, ["--db", url, "issues", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(table.output)))
    assert [r["issue"] for r in rows] == list(frame["issue"])
    potash = next(r for r in rows if r["issue"] == "Potash exports")
    assert (potash["assessments"], potash["weeks"], potash["undated"]) == ("0", "", "0")
    shown = runner.invoke(app, ["--db", url, "issues"])
    assert "undated" in shown.output.splitlines()[0]  # the column appears when needed
    provisional = runner.invoke(app, ["--db", url, "issues", "--provisional", "-f", "json"])
    assert [r["issue"] for r in json.loads(provisional.output)] == [
        r["issue"] for r in plain if r["provisional"]
    ]
    pd.testing.assert_frame_equal(tracker.issues(), frame)  # listing changed nothing


def test_tracker_issues_starts_without_pandas(tmp_path: Path) -> None:
    """The command most often typed loads neither pandas nor numpy (nor the linker's
    scipy): half of a second of start-up on any archive."""
    db = tmp_path / "t.db"
    with open_tracker(str(db)) as tracker:
        _archive(tracker, tmp_path)
    probe = (
        "import sys\n"
        "from tracker.cli import main\n"
        f"sys.argv = ['tracker', '--db', {str(db)!r}, 'issues', '--format', 'csv']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = [m for m in ('pandas', 'numpy', 'scipy', 'matplotlib') if m in sys.modules]\n"
        "print('loaded:', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Border security" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "loaded: []", done.stdout
