"""The Tracker use cases on a real database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker import open_tracker
from tracker.api import Tracker
from tracker.errors import (
    AmbiguousError,
    ConflictError,
    InputError,
    NotFoundError,
    UnknownStatusError,
    WeekError,
)


def _seed(t: Tracker) -> None:
    t.add(
        issue="Belarus UN peacekeeping",
        week="2019-07-15",
        status="The situation has not changed",
        headline="Minsk wants to join UN peacekeeping for political reasons",
        section="Security issues",
        lead="For years the authorities expressed interest.",
        body="A delegation attended a peacekeeping conference.",
        language="en",
        authors=["Andrei Porotnikov"],
        new_issue=True,
    )
    t.add(
        issue="belarus un peacekeeping",
        week="July 22 – July 28, 2019",
        status="got worse",
        headline="Belarus offers a company for the Lebanon mission",
        section="Security issues",
        body="The offer was made in New York.",
        language="en",
    )
    t.add(
        issue="Belarus UN peacekeeping",
        week="2019-W31",
        status="Ситуация улучшилась",
        headline="Миротворцы ООН: Минск готов",
        section="Security issues",
        language="ru",
        body="Белорусская рота может отправиться в Ливан.",
    )
    t.add(
        issue="Russian airbase",
        week="2019-07-15",
        status="unchanged",
        headline="No airbase talks this summer",
        section="Belarus–Russia relations",
        new_issue=True,
    )


def test_add_history_week_search(tracker: Tracker) -> None:
    _seed(tracker)
    history = tracker.history("BELARUS un Peacekeeping")
    assert list(history["status"]) == ["unchanged", "deteriorated", "improved"]
    assert [d.date() for d in history["week_start"]] == [
        date(2019, 7, 15),
        date(2019, 7, 22),
        date(2019, 7, 29),
    ]
    assert history["week_end"].iloc[0].date() == date(2019, 7, 21)
    assert list(history["status_text"]) == [
        "The situation has not changed",
        "got worse",
        "Ситуация улучшилась",
    ]
    assert history["authors"].iloc[0] == "Andrei Porotnikov"
    assert "body" in history
    assert len(tracker.history("belarus-un-peacekeeping", since="2019-07-22")) == 2
    assert len(tracker.history("belarus-un-peacekeeping", until="2019-07-21")) == 1
    week = tracker.week("2019-07-17")
    assert sorted(week["issue"]) == ["Belarus UN peacekeeping", "Russian airbase"]
    hits = tracker.search("Lebanon")
    assert list(hits["headline"]) == ["Belarus offers a company for the Lebanon mission"]
    assert list(tracker.search("ливан")["language"]) == ["ru"]
    assert tracker.search("Lebanon", section="Belarus–Russia relations").empty


def test_issues_summary(tracker: Tracker) -> None:
    _seed(tracker)
    frame = tracker.issues().set_index("issue")
    row = frame.loc["Belarus UN peacekeeping"]
    assert row["assessments"] == 3
    assert row["last_status"] == "improved"
    assert row["streak"] == "improved × 1"
    assert row["section"] == "Security issues"
    assert frame.loc["Russian airbase", "section"] == "Belarus–Russia relations"


def test_unknown_and_ambiguous_issue_names_list_the_closest(tracker: Tracker) -> None:
    _seed(tracker)
    with pytest.raises(NotFoundError, match="closest: 'Belarus UN peacekeeping'"):
        tracker.history("Belarus UN peacekeepin")
    tracker.add(
        issue="UN peacekeeping",
        week="2019-07-15",
        status="unchanged",
        headline="Another one",
        new_issue=True,
    )
    with tracker.session() as session:
        from tracker import store

        store.add_alias(
            session, tracker.resolve_issue("Russian airbase", session).id or 0, "UN peacekeeping"
        )
    with pytest.raises(AmbiguousError, match="matches several issues"):
        tracker.history("UN peacekeeping")


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"status": "much better now"}, UnknownStatusError, "unknown status 'much better now'"),
        ({"week": "2019-02-30"}, InputError, "2019-02-30"),
        ({"week": "July 28 – July 22, 2019"}, WeekError, "before"),
        ({"week": "July 15 – July 21"}, WeekError, "year"),
        ({"issue": "Nothing like it"}, NotFoundError, "no issue named 'Nothing like it'"),
        ({"headline": "   "}, InputError, "headline"),
    ],
)
def test_add_rejects_bad_input_and_writes_nothing(
    tracker: Tracker, fields: dict[str, Any], error: type[Exception], message: str
) -> None:
    _seed(tracker)
    before = len(tracker.assessments())
    values = {
        "issue": "Russian airbase",
        "week": "2019-08-05",
        "status": "unchanged",
        "headline": "Fine headline",
    }
    values.update(fields)
    with pytest.raises(error, match=message):
        tracker.add(**values)
    assert len(tracker.assessments()) == before


def test_add_refuses_a_duplicate(tracker: Tracker) -> None:
    _seed(tracker)
    with pytest.raises(InputError, match="stored already"):
        tracker.add(
            issue="Russian airbase",
            week="2019-07-15",
            status="unchanged",
            headline="No airbase talks this summer",
            section="Belarus–Russia relations",
        )


def _snapshot(t: Tracker) -> dict[str, Any]:
    data = json.loads(t.export())  # type: ignore[arg-type]
    for row in data["tables"]["audit_log"]:
        row.pop("at")
    return data


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip_is_lossless(
    tracker: Tracker, tmp_path: Path, db_url: str, fmt: str
) -> None:
    _seed(tracker)
    before = _snapshot(tracker)
    target = tmp_path / ("export.json" if fmt == "json" else "export")
    tracker.export(target, fmt=fmt)
    # A new database on the same engine: a second SQLite file, or the same PostgreSQL
    # database emptied.
    if db_url.startswith("postgresql"):
        from tests.conftest import _reset_pg

        tracker.close()
        _reset_pg(db_url)
        other = open_tracker(db_url)
    else:
        other = open_tracker(str(tmp_path / "copy.db"))
    counts = other.import_(target)
    assert counts["assessment"] == 4 and counts["issue"] == 2
    assert _snapshot(other) == before
    # the full-text index is rebuilt from the imported rows
    assert list(other.search("Lebanon")["headline"]) == [
        "Belarus offers a company for the Lebanon mission"
    ]
    # ids continue after the imported ones
    new_id = other.add(
        issue="Russian airbase",
        week="2019-09-02",
        status="improved",
        headline="Airbase talks resume",
    )
    assert new_id == 5
    with pytest.raises(ConflictError, match="not empty"):
        other.import_(target)
    other.close()


def test_import_of_a_broken_file_writes_nothing(tracker: Tracker, tmp_path: Path) -> None:
    _seed(tracker)
    export = tmp_path / "e.json"
    tracker.export(export)
    data = json.loads(export.read_text())
    data["tables"]["assessment"][2]["week_start"] = "2019-13-45"
    export.write_text(json.dumps(data))
    fresh = open_tracker(str(tmp_path / "fresh.db"))
    with pytest.raises(InputError, match="bad week_start '2019-13-45'"):
        fresh.import_(export)
    assert fresh.issues().empty
    (tmp_path / "junk.json").write_text("{not json")
    with pytest.raises(InputError, match=r"junk\.json:1: not a tracker export"):
        fresh.import_(tmp_path / "junk.json")
    fresh.close()


def test_csv_import_names_file_and_line(tracker: Tracker, tmp_path: Path) -> None:
    _seed(tracker)
    folder = tmp_path / "csv"
    tracker.export(folder, fmt="csv")
    lines = (folder / "assessment.csv").read_text().splitlines()
    lines[2] = lines[2].replace(",2019-07-22,", ",22/07/2019,", 1)
    assert "22/07/2019" in lines[2]
    (folder / "assessment.csv").write_text("\n".join(lines) + "\n")
    fresh = open_tracker(str(tmp_path / "fresh.db"))
    with pytest.raises(InputError, match=r"assessment\.csv:3: table assessment: bad week_start"):
        fresh.import_(folder)
    assert fresh.assessments().empty
    fresh.close()
