"""``tracker trends`` and ``tracker chart`` over a small hand-made history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()

# (issue, section, week, status): peacekeeping runs unchanged ×3, deteriorates twice,
# skips a week (a gap, not "unchanged"), then improves.
HISTORY = [
    ("Peacekeeping", "Security issues", "2021-01-04", "unchanged"),
    ("Peacekeeping", "Security issues", "2021-01-11", "unchanged"),
    ("Peacekeeping", "Security issues", "2021-01-18", "unchanged"),
    ("Peacekeeping", "Security issues", "2021-01-25", "deteriorated"),
    ("Peacekeeping", "Security issues", "2021-02-01", "deteriorated"),
    ("Peacekeeping", "Security issues", "2021-02-15", "improved"),
    ("Potash exports", "Economy", "2021-01-04", "deteriorated"),
    ("Potash exports", "Economy", "2021-01-11", "deteriorated"),
    ("Potash exports", "Economy", "2021-01-18", "deteriorated"),
]


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def db(db_url: str) -> str:
    for n, (issue, section, week, status) in enumerate(HISTORY):
        result = run(
            "--db",
            db_url,
            "add",
            "--issue",
            issue,
            "--section",
            section,
            "--week",
            week,
            "--status",
            status,
            "--headline",
            f"Headline {n}",
            "--new",
        )
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return db_url


def _json(*args: str) -> list[dict[str, object]]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined,no-any-return]


def test_trend_tables(db: str) -> None:
    summary = {r["issue"]: r for r in _json("--db", db, "trends")}
    assert summary["Peacekeeping"]["streak"] == "improved × 1"
    assert summary["Peacekeeping"]["index"] == -1.0
    assert summary["Potash exports"]["streak"] == "deteriorated × 3"
    changes = _json("--db", db, "trends", "--kind", "changes", "--issue", "Peacekeeping")
    assert [(c["week"], c["from_status"], c["to_status"]) for c in changes] == [
        ("2021-01-25", "unchanged", "deteriorated"),
        ("2021-02-15", "deteriorated", "improved"),
    ]
    weekly = _json("--db", db, "trends", "--kind", "weekly", "--section", "Security issues")
    # the week of 8 February has no assessment: it is absent, not counted as unchanged
    assert [w["week"] for w in weekly] == [
        "2021-01-04",
        "2021-01-11",
        "2021-01-18",
        "2021-01-25",
        "2021-02-01",
        "2021-02-15",
    ]
    assert [w["balance"] for w in weekly] == [0, 0, 0, -1, -1, 1]
    alerts = _json("--db", db, "trends", "--kind", "alerts", "--alert-k", "3", "--alert-n", "3")
    assert [a["issue"] for a in alerts] == ["Potash exports"]
    alerts = _json("--db", db, "trends", "--kind", "alerts", "--alert-k", "2", "--alert-n", "3")
    assert sorted(a["issue"] for a in alerts) == ["Peacekeeping", "Potash exports"]


@pytest.mark.parametrize(
    ("kind", "suffix", "magic"),
    [("calendar", ".png", b"\x89PNG"), ("balance", ".svg", b"<?xml"), ("streaks", ".pdf", b"%PDF")],
)
def test_chart_files(db: str, tmp_path: Path, kind: str, suffix: str, magic: bytes) -> None:
    target = tmp_path / f"chart{suffix}"
    result = run("--db", db, "chart", kind, "-o", str(target))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert target.read_bytes().startswith(magic)


def test_timeline_of_one_issue(db: str, tmp_path: Path) -> None:
    target = tmp_path / "t.png"
    result = run("--db", db, "chart", "timeline", "--issue", "peacekeeping", "-o", str(target))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert target.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("chart", "pie", "-o", "x.png"), "error: unknown chart kind 'pie'"),
        (("chart", "calendar", "-o", "x.gif"), "error: cannot write a chart as '.gif'"),
        (("chart", "timeline", "-o", "x.png"), "error: a timeline is of one issue"),
        (("trends", "--kind", "pies"), "error: unknown trend kind 'pies'"),
        (("trends", "--issue", "Peacekeepin"), "closest: 'Peacekeeping'"),
    ],
)
def test_bad_requests(db: str, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = runner.invoke(app, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
