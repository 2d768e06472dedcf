"""The command line: help everywhere, exact output, one-line errors with exit code 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for info in group.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        out.append((*prefix, name.replace("_", "-")))
    for sub in group.registered_groups:
        assert sub.typer_instance is not None and sub.name
        out.append((*prefix, sub.name))
        out.extend(_commands(sub.typer_instance, (*prefix, sub.name)))
    return out


def test_every_command_has_help() -> None:
    commands = _commands(app)
    assert ("history",) in commands and ("issues",) in commands
    for command in commands:
        result = run(*command, "--help")
        assert result.exit_code == 0, command  # type: ignore[attr-defined]
        text = result.stdout  # type: ignore[attr-defined]
        assert "Usage:" in text
        body = text.split("\n\n", 2)
        assert len(body) > 1 and body[1].strip(), f"{command} has no help text"


def test_version() -> None:
    result = run("--version")
    assert result.stdout.strip() == "tracker 0.1.0"  # type: ignore[attr-defined]


def _add(db: str, *extra: str) -> object:
    return run(
        "--db",
        db,
        "add",
        "--issue",
        "Belarus UN peacekeeping",
        "--week",
        "2019-07-15",
        "--headline",
        "Minsk wants to join UN peacekeeping",
        "--status",
        "The situation has not changed",
        "--section",
        "Security issues",
        *extra,
    )


def test_add_history_export_import(db_url: str, tmp_path: Path) -> None:
    result = _add(db_url, "--new")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout.strip() == "1"  # type: ignore[attr-defined]
    result = run(
        "--db",
        db_url,
        "add",
        "-i",
        "belarus-un-peacekeeping",
        "-w",
        "July 22 – July 28, 2019",
        "-h",
        "Belarus offers a company",
        "-s",
        "Сітуацыя пагоршылася",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    result = run("--db", db_url, "history", "Belarus UN peacekeeping", "--format", "csv")
    assert result.stdout == (  # type: ignore[attr-defined]
        "id,issue_id,issue,slug,section,source,week_start,week_end,week_basis,status,status_text,"
        "headline,lead,language,url,authors,published_on,origin,link_method,link_score,body\n"
        "1,1,Belarus UN peacekeeping,belarus-un-peacekeeping,Security issues,,2019-07-15,"
        "2019-07-21,user,unchanged,The situation has not changed,"
        "Minsk wants to join UN peacekeeping,,,,,,manual,explicit,,\n"
        "2,1,Belarus UN peacekeeping,belarus-un-peacekeeping,,,2019-07-22,2019-07-28,user,"
        "deteriorated,Сітуацыя пагоршылася,Belarus offers a company,,,,,,manual,explicit,,\n"
    )
    table = run("--db", db_url, "history", "Belarus UN peacekeeping").stdout  # type: ignore[attr-defined]
    assert "Belarus offers a company" in table and "deteriorated" in table
    export = tmp_path / "out.json"
    assert run("--db", db_url, "export", "-o", str(export)).exit_code == 0  # type: ignore[attr-defined]
    copy = str(tmp_path / "copy.db")
    result = run("--db", copy, "import", str(export))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    again = run("--db", copy, "history", "Belarus UN peacekeeping", "--format", "json")
    original = run("--db", db_url, "history", "Belarus UN peacekeeping", "--format", "json")
    assert json.loads(again.stdout) == json.loads(original.stdout)  # type: ignore[attr-defined]
    result = run("--db", db_url, "issues", "--format", "json")
    [row] = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert (row["issue"], row["assessments"], row["last_status"], row["streak"]) == (
        "Belarus UN peacekeeping",
        2,
        "deteriorated",
        "deteriorated × 1",
    )
    result = run("--db", db_url, "search", "company", "--format", "json")
    assert [r["snippet"] for r in json.loads(result.stdout)] == ["Belarus offers a [company]"]  # type: ignore[attr-defined]
    result = run("--db", db_url, "week", "2019-07-24", "--format", "csv")
    assert result.stdout.splitlines()[1].startswith("2,1,Belarus UN peacekeeping")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--status", "rather bad"), "error: unknown status 'rather bad'"),
        (("--week", "2019-02-30"), "error: bad week"),
        (("--week", "2019-07-15", "--language", "de"), "error: unknown language 'de'"),
    ],
)
def test_bad_add_is_one_line_and_exit_1(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    db = str(tmp_path / "t.db")
    assert _add(db, "--new").exit_code == 0  # type: ignore[attr-defined]
    result = run(
        "--db",
        db,
        "add",
        "--issue",
        "Belarus UN peacekeeping",
        "--week",
        "2019-07-22",
        "--headline",
        "Second",
        "--status",
        "unchanged",
        *args,
    )
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr.startswith(message), result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    history = run("--db", db, "history", "Belarus UN peacekeeping", "--format", "json")
    assert len(json.loads(history.stdout)) == 1  # type: ignore[attr-defined]


def test_unknown_issue_lists_closest(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    _add(db, "--new")
    result = run("--db", db, "history", "Belarus peacekeeping")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr.strip() == (  # type: ignore[attr-defined]
        "error: no issue named 'Belarus peacekeeping' — closest: 'Belarus UN peacekeeping'"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/no/such/folder/t.db", "cannot create the SQLite database /no/such/folder/t.db"),
        ("mysql://u:pw@localhost/x", "unsupported database URL scheme 'mysql'"),
        ("postgresql://u:secret@127.0.0.1:1/x", "cannot open the database"),
    ],
)
def test_bad_database_url(url: str, message: str) -> None:
    result = run("--db", url, "issues")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert "secret" not in result.stderr and "Traceback" not in result.output  # type: ignore[attr-defined]
    assert len(result.stderr.strip().splitlines()) == 1  # type: ignore[attr-defined]


def test_tracker_db_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("TRACKER_DB", str(db))
    assert run("init").exit_code == 0  # type: ignore[attr-defined]
    assert db.exists()


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are notes, not a database\n")
    result = run("--db", str(junk), "issues")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr.strip().endswith(  # type: ignore[attr-defined]
        "file is not a database — check --db or TRACKER_DB (is it a tracker database file?)"
    )
    assert junk.read_text() == "these are notes, not a database\n"
