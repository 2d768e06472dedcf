"""``tracker parse`` and ``tracker ingest`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import DATA
from tracker.cli import app

runner = CliRunner()
PAGES = DATA / "ingest"


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_parse_the_seed_page_as_the_acceptance_file_says(shared_dir: Path) -> None:
    expected = json.loads((shared_dir / "acceptance" / "seed.expected.json").read_text())
    seed = shared_dir / "seed" / Path(expected["file"]).name
    result = run("parse", str(seed), "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    [entry] = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert entry["error"] is None and entry["skipped"] is None
    assert len(entry["commentaries"]) == expected["commentaries"]
    [c] = entry["commentaries"]
    for key in ("week_start", "week_end", "section", "status", "language", "headline"):
        assert c[key] == expected[key], key
    assert c["lead"].startswith(expected["lead_starts_with"])
    assert c["body"].startswith(expected["body_starts_with"])
    assert c["body"].endswith(expected["body_ends_with"])
    for junk in expected["not_in_lead_or_body"]:
        assert junk not in c["lead"] and junk not in c["body"], junk


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    shutil.copytree(PAGES, folder)
    return folder


def _history_count(db: str) -> int:
    result = run("--db", db, "export")
    return len(json.loads(result.stdout)["tables"]["assessment"])  # type: ignore[attr-defined]


def test_ingest_stores_good_files_whole_and_reports_the_bad_one(
    db_url: str, tmp_path: Path
) -> None:
    folder = _copy(tmp_path)
    result = run("--db", db_url, "ingest", str(folder))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stdout.strip() == (  # type: ignore[attr-defined]
        "3 files: added 2, already present 0, skipped 0, failed 1"
    )
    assert "verdicts.csv:3" in result.stderr and "'sideways'" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    # the CSV's good first row was not stored: a file is ingested whole or not at all
    assert _history_count(db_url) == 2
    result = run("--db", db_url, "search", "potash", "--format", "json")
    assert json.loads(result.stdout) == []  # type: ignore[attr-defined]
    # after fixing the file, a second ingest adds only what is new
    csv = folder / "verdicts.csv"
    csv.write_text(csv.read_text().replace("sideways", "got worse"))
    result = run("--db", db_url, "ingest", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    summary = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert (summary["added"], summary["present"], summary["failed"]) == (2, 2, [])
    assert _history_count(db_url) == 4
    result = run("--db", db_url, "issues", "--format", "json")
    issues = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert len(issues) == 4
    assert {i["section"] for i in issues} == {"Security issues", "The ruling elite", "Economy"}


def test_dry_run_stores_nothing(db_url: str, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "verdicts.csv").unlink()
    result = run("--db", db_url, "ingest", str(folder), "--dry-run")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout.strip() == (  # type: ignore[attr-defined]
        "2 files: would add 2, already present 0, skipped 0, failed 0"
    )
    assert _history_count(db_url) == 0


def test_ingest_of_a_missing_path_is_one_clear_error(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "t.db"), "ingest", str(tmp_path / "nowhere"))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr.startswith("error: ")  # type: ignore[attr-defined]
    assert "nowhere" in result.stderr  # type: ignore[attr-defined]


def test_ingest_with_an_unknown_issue_option_fails_before_writing(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    result = run("--db", db, "ingest", str(PAGES / "2020-03-02-security.txt"), "--issue", "Nope")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "no issue named 'Nope'" in result.stderr  # type: ignore[attr-defined]
    assert _history_count(db) == 0


def test_explicit_issue_links_every_commentary(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run(
        "--db",
        db,
        "add",
        "--issue",
        "Air defence",
        "--week",
        "2020-02-24",
        "--headline",
        "Air defence talks",
        "--status",
        "unchanged",
        "--new",
    )
    result = run(
        "--db",
        db,
        "ingest",
        str(PAGES / "2020-03-02-security.txt"),
        str(PAGES / "2020-03-09-elite.md"),
        "--issue",
        "air defence",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    history = json.loads(run("--db", db, "history", "Air defence", "--format", "json").stdout)  # type: ignore[attr-defined]
    assert [h["link_method"] for h in history] == ["explicit", "explicit", "explicit"]
