"""The curation commands: issue rename|merge|split|describe|confirm, link, review, log, undo."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from tracker import open_tracker, store
from tracker.cli import app
from tracker.models import utcnow

runner = CliRunner()


def run(db: str, *args: str) -> Any:
    return runner.invoke(app, ["--db", db, *args], catch_exceptions=False)


def ok(db: str, *args: str) -> Any:
    result = run(db, *args)
    assert result.exit_code == 0, result.output
    return result


def fails(db: str, *args: str) -> str:
    """Run a command that must fail: exit 1, one 'error:' line on stderr, nothing on stdout."""
    result = run(db, *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return str(lines[0])


def add(db: str, issue: str, week: str, headline: str) -> None:
    ok(
        db,
        "add",
        "--new",
        "-i",
        issue,
        "-w",
        week,
        "-h",
        headline,
        "-s",
        "unchanged",
        "--section",
        "Security issues",
    )


@pytest.fixture
def db(db_url: str) -> str:
    add(db_url, "Belarus UN peacekeeping", "2019-07-15", "Minsk wants to join UN peacekeeping")
    add(db_url, "Belarus UN peacekeeping", "2019-07-22", "Blue helmets, Belarusian style")
    add(db_url, "Lebanon mission", "2019-11-04", "A company for Lebanon")
    return db_url


def history_ids(db: str, issue: str) -> list[int]:
    return [r["id"] for r in json.loads(ok(db, "history", issue, "-f", "json").stdout)]


def log(db: str, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok(db, "log", "-f", "json", *args).stdout)
    return rows


def test_merge_shows_in_history_and_log_and_undoes(db: str) -> None:
    result = ok(db, "issue", "merge", "Lebanon mission", "Belarus UN peacekeeping")
    assert result.stderr == "merged 'Lebanon mission' into 'Belarus UN peacekeeping'\n"
    assert history_ids(db, "Belarus UN peacekeeping") == [1, 2, 3]
    rows = log(db, "--issue", "Belarus UN peacekeeping")
    merge = [r for r in rows if r["action"] == "merge"]
    assert [r["note"] for r in merge] == [
        "1 assessment moved from 'Lebanon mission' to 'Belarus UN peacekeeping'",
        "'Lebanon mission' is now an alias of 'Belarus UN peacekeeping'",
        "merged 'Lebanon mission' into 'Belarus UN peacekeeping'",
    ]
    assert json.loads(merge[0]["old_value"]) == {"ids": [3], "issue_id": 2}
    assert json.loads(merge[0]["new_value"]) == {"ids": [3], "issue_id": 1}
    table = ok(db, "log", "-n", "3").stdout
    assert table.splitlines()[0].split() == [
        "at",
        "batch",
        "action",
        "entity",
        "entity_id",
        "field",
        "note",
    ]
    assert "merged 'Lebanon mission' into 'Belarus UN peacekeeping'" in table

    undone = ok(db, "undo")
    new_batch = undone.stdout.strip()
    assert len(new_batch) == 12
    batch = merge[0]["batch"]
    assert undone.stderr.splitlines() == [f"undo of {batch} (merge): {r['note']}" for r in merge]
    assert history_ids(db, "Lebanon mission") == [3]
    assert history_ids(db, "Belarus UN peacekeeping") == [1, 2]
    ok(db, "undo", new_batch)  # undoing the undo merges again
    assert history_ids(db, "Lebanon mission") == [1, 2, 3]


def test_rename_split_describe_confirm(db: str) -> None:
    ok(db, "issue", "rename", "Belarus UN peacekeeping", "UN peacekeeping ambitions")
    assert history_ids(db, "Belarus UN peacekeeping") == [1, 2]
    ok(db, "issue", "split", "UN peacekeeping ambitions", "--ids", "2", "--name", "Blue helmets")
    assert history_ids(db, "Blue helmets") == [2]
    ok(db, "issue", "describe", "Blue helmets", "--description", "Troops for UN missions.")
    shown = ok(db, "issue", "describe", "blue-helmets").stdout.splitlines()
    assert shown == [
        "name            Blue helmets",
        "slug            blue-helmets",
        "section         Security issues",
        "description     Troops for UN missions.",
        "aliases         -",
        "provisional     no",
        "assessments     1",
        "merged into it  -",
    ]
    info = json.loads(ok(db, "issue", "describe", "UN peacekeeping ambitions", "-f", "json").stdout)
    assert info["aliases"] == ["Belarus UN peacekeeping"]
    assert info["slug"] == "belarus-un-peacekeeping" and info["assessments"] == 1
    assert [r["action"] for r in log(db)][:4] == ["describe", "split", "split", "rename"]
    ok(db, "issue", "confirm", "Blue helmets")


def test_link_and_review(db: str) -> None:
    t = open_tracker(db)
    try:
        with t.session() as session:
            fresh = store.add_issue(session, "Minsk and the blue helmets", provisional=True)
            row = {
                "issue_id": fresh.id,
                "week_start": date(2019, 12, 2),
                "week_end": date(2019, 12, 8),
                "headline": "Minsk offers troops",
                "content_hash": "h-review",
                "ingested_at": utcnow(),
                "link_method": "new",
            }
            store.insert_assessments(session, [tuple(row.get(c) for c in store.INSERT_COLUMNS)])
    finally:
        t.close()
    rows = json.loads(ok(db, "review", "-f", "json").stdout)
    assert [r["id"] for r in rows] == [4]
    assert rows[0]["issue"] == "Minsk and the blue helmets"
    assert rows[0]["why"] == "new issue: nothing earlier was similar"
    result = ok(db, "link", "4", "belarus-un-peacekeeping")
    assert result.stderr == "assessment 4 is linked to 'Belarus UN peacekeeping'\n"
    assert history_ids(db, "Belarus UN peacekeeping") == [1, 2, 4]
    assert json.loads(ok(db, "review", "-f", "json").stdout) == []
    assert "nothing to review" in ok(db, "review").stderr


ERRORS: list[tuple[tuple[str, ...], str]] = [
    (
        ("issue", "merge", "Army reform", "Lebanon mission"),
        "error: no issue named 'Army reform'",
    ),
    (
        ("issue", "merge", "Lebanon mission", "lebanon-mission"),
        "error: cannot merge 'Lebanon mission' into itself",
    ),
    (
        ("issue", "rename", "Lebanon mission", "belarus un PEACEKEEPING"),
        "error: 'belarus un PEACEKEEPING' is already the name of issue 'Belarus UN peacekeeping'",
    ),
    (
        ("issue", "split", "Lebanon mission", "--ids", "1,3", "--name", "New"),
        "error: assessments 1 are not in 'Lebanon mission'",
    ),
    (
        ("issue", "split", "Lebanon mission", "--ids", "three", "--name", "New"),
        "error: --ids wants assessment ids separated by commas, not 'three'",
    ),
    (("link", "99", "Lebanon mission"), "error: no assessment with id 99"),
    (("undo", "nosuchbatch"), "error: no batch 'nosuchbatch' in the audit trail"),
    (
        ("issue", "describe", "Lebanon mission", "--section", "Sport"),
        "error: no section named 'Sport'",
    ),
]


def test_errors_are_one_line_and_change_nothing(db: str) -> None:
    before = log(db)
    for args, message in ERRORS:
        assert fails(db, *args).startswith(message)
        assert log(db) == before
        assert history_ids(db, "Belarus UN peacekeeping") == [1, 2]
        assert history_ids(db, "Lebanon mission") == [3]


def test_undo_with_nothing_to_undo(tmp_path: Any) -> None:
    db = str(tmp_path / "empty.db")
    assert fails(db, "undo") == "error: nothing to undo: the audit trail has no changes yet"
    assert "no changes recorded yet" in ok(db, "log").stderr
