"""Tables for people: data (dates, numbers, statuses, streaks) is never cut; names and
headlines wrap to fit the terminal, or ``COLUMNS`` when the output is piped."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tests.archives import load_archive, sparse_decade
from tracker.cli import app
from tracker.cli.common import column_widths, is_text_column

DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_column_widths_keep_data_whole_and_share_the_rest() -> None:
    rows = [
        {"issue": "Succession and the People's Assembly", "section": "Domestic politics",
         "last_week": "2021-12-20", "last_status": "deteriorated", "streak": "deteriorated × 2"},
        {"issue": "Potash", "section": "Economy", "last_week": "2021-12-27",
         "last_status": "unchanged", "streak": "unchanged × 14"},
    ]  # fmt: skip
    columns = list(rows[0])
    widths, needed = column_widths(columns, rows, 200)
    assert (
        set(widths.values()) == {None}
        and needed == sum(max(len(c), *(len(r[c]) for r in rows)) for c in columns) + 2 * 4
    )  # everything fits: natural widths
    widths, needed = column_widths(columns, rows, 90)
    assert widths["last_week"] is widths["last_status"] is widths["streak"] is None
    assert widths["section"] == 17  # the narrow text column keeps its width…
    assert widths["issue"] == 90 - 8 - 10 - 12 - 16 - 17  # …the wide one takes what is left
    assert needed == 90
    widths, _ = column_widths(columns, rows, 70)  # 24 left for two names: 12 each
    assert widths["issue"] == widths["section"] == 12
    widths, needed = column_widths(columns, rows, 40)  # data alone does not fit: wider
    assert needed > 40 and widths["issue"] == widths["section"] == 12
    assert not is_text_column("streak", ["unchanged × 3"])
    assert not is_text_column("first_week", ["2021-01-04"])
    assert is_text_column("headline", ["x"], wide=["headline"])


@pytest.fixture
def sparse_db(db_url: str) -> str:
    load_archive(db_url, sparse_decade())
    return db_url


def test_issues_on_a_100_column_pipe_show_full_dates_and_statuses(
    sparse_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(app, ["--db", sparse_db, "issues"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 100
    assert len(DATE.findall(result.stdout)) == 2 * 30  # first and last week of every issue
    assert result.stdout.count("deteriorated × 2") == 1  # streaks whole, on one line
    statuses = re.findall(
        r"\b(improved|unchanged|deteriorated|deteriorate|unchange)\b", result.stdout
    )
    assert "deteriorate" not in statuses and "unchange" not in statuses
    text = " ".join(" ".join(line.split()) for line in lines)
    assert "Succession and" in text and "Assembly" in text  # the long name wraps, not lost


def test_a_narrow_pipe_prints_wider_rather_than_cut_data(
    sparse_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    result = CliRunner().invoke(app, ["--db", sparse_db, "issues"], catch_exceptions=False)
    assert result.exit_code == 0
    assert len(DATE.findall(result.stdout)) == 60
    assert "deteriorated × 2" in result.stdout
