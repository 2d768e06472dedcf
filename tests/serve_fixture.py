"""A small database for the web view's tests, with hostile strings in every text field.

``fill(tracker)`` writes: three issues in two sections over eight weeks (improved,
unchanged, deteriorated, no verdict), one assessment whose headline is a script tag and
whose lead, body and issue name carry more markup, a spreadsheet formula in a lead, and a
provisional issue so that /review has something to list.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.api import Tracker

HOSTILE = "<script>alert(1)</script>"
EVIL = '<script>window.__xss = 1</script> & <b>bold</b> "quoted"'
EVIL_ISSUE = "Rule of law <i>&</i> courts"
FORMULA = '=HYPERLINK("http://example.invalid","click")'
FIRST = date(2023, 1, 2)  # a Monday: 2023-W01

PEACE = "Belarus UN peacekeeping"
POTASH = "Potash exports"


def fill(tracker: Tracker) -> dict[str, int]:
    """Fill ``tracker`` (empty); return the ids of the assessments worth pointing at."""
    from tracker import store

    ids: dict[str, int] = {}
    plan = [
        (PEACE, "Security issues", ["unchanged", "improved", "unchanged", "deteriorated",
                                    "deteriorated", None, "unchanged", "deteriorated"]),
        (POTASH, "Economy", ["unchanged", "unchanged", "improved", "unchanged", "unchanged",
                             "deteriorated", "unchanged", "unchanged"]),
        (EVIL_ISSUE, "Domestic politics", ["unchanged", "deteriorated"]),
    ]  # fmt: skip
    for issue, section, statuses in plan:
        for n, status in enumerate(statuses):
            week = FIRST + timedelta(weeks=n)
            ids[f"{issue}/{n}"] = tracker.add(
                issue=issue,
                week=week.isoformat(),
                headline=f"{issue}: week {n + 1} of the peacekeeping watch",
                status=status,
                section=section,
                lead=f"What happened to {issue.lower()} in week {n + 1}.",
                body=f"A body about {issue} and the army in week {n + 1}.\n\nA second paragraph.",
                language="en",
                source="Weekly Bulletin",
                url=f"https://bulletin.example/{n}",
                new_issue=True,
            )
    ids["hostile"] = tracker.add(
        issue=PEACE,
        week=(FIRST + timedelta(weeks=8)).isoformat(),
        headline=HOSTILE,
        status="deteriorated",
        section="Security issues",
        lead=EVIL,
        body=f"{EVIL}\n\nThe peacekeeping offer was withdrawn.",
        language="en",
        source="Weekly Bulletin",
    )
    ids["formula"] = tracker.add(
        issue=POTASH,
        week=(FIRST + timedelta(weeks=8)).isoformat(),
        headline="Potash prices fall",
        status="unchanged",
        section="Economy",
        lead=FORMULA,
        language="en",
        source="Weekly Bulletin",
    )
    with tracker.session() as session:
        section_id = store.get_or_add_section(session, "Security issues")
        store.add_issue(session, "Minsk and the blue helmets", provisional=True,
                        section_id=section_id)  # fmt: skip
    ids["provisional"] = tracker.add(
        issue="Minsk and the blue helmets",
        week=(FIRST + timedelta(weeks=8)).isoformat(),
        headline="Minsk offers blue helmets again",
        status="unchanged",
        section="Security issues",
        language="en",
        source="Weekly Bulletin",
    )
    return ids


@contextmanager
def running_server(db_url: str, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``tracker --db DB_URL serve --port 0 OPTIONS…`` as a process; yields its base URL
    (read from the address it prints) and the process, and kills it if still running."""
    script = Path(sys.executable).with_name("tracker")
    process = subprocess.Popen(
        [str(script), "--db", db_url, "serve", "--port", "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    try:
        line = process.stdout.readline()
        if not line.startswith("tracker serve: http://127.0.0.1:"):
            process.kill()
            raise AssertionError(f"the server did not start: {line!r} {process.stderr.read()}")
        yield line.split()[2].rstrip("/"), process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()
