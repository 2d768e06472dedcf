"""Loading and dumping the issue register through the API, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA
from tracker.api import Tracker
from tracker.errors import ConflictError

REGISTER = DATA / "register_api" / "register.toml"


def test_load_creates_then_updates_and_dump_round_trips(tracker: Tracker, tmp_path: Path) -> None:
    summary = tracker.load_register(REGISTER)
    assert (summary.issues, summary.created, summary.updated) == (2, 2, 0)
    assert tracker.resolve_issue("миротворчество оон").name == "Belarus UN peacekeeping"
    again = tracker.load_register(REGISTER)
    assert (again.created, again.updated) == (0, 0)
    text = tracker.dump_register()
    assert 'name = "Belarus UN peacekeeping"' in text
    assert 'all = ["peacekeep*"]' in text
    dumped = tmp_path / "dumped.toml"
    dumped.write_text(text)
    assert tracker.load_register(dumped).updated == 0
    frame = tracker.issues().set_index("issue")
    assert frame.loc["Russian airbase", "section"] == "Belarus–Russia relations"


def test_rules_from_the_register_link_new_commentaries(tracker: Tracker, tmp_path: Path) -> None:
    tracker.load_register(REGISTER)
    page = tmp_path / "p.md"
    page.write_text(
        "---\nheadline: Minsk sends officers to a peacekeeping course\nsection: Security issues\n"
        "status: unchanged\nweek_start: 2020-03-02\nweek_end: 2020-03-08\n---\n"
        "Twelve officers left for a training course on peacekeeping operations.\n"
    )
    summary = tracker.ingest([page])
    assert summary.added == 1
    history = tracker.history("Belarus UN peacekeeping")
    assert list(history["link_method"]) == ["rule"]


def test_an_alias_of_another_issue_changes_nothing(tracker: Tracker, tmp_path: Path) -> None:
    tracker.load_register(REGISTER)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[issue]]\nname = "Air defence"\naliases = ["Airbase"]\n'
        '[[issue]]\nname = "Cyber security"\n'
    )
    with pytest.raises(ConflictError, match="alias 'Airbase' of 'Air defence' already names"):
        tracker.load_register(bad)
    assert sorted(tracker.issues()["issue"]) == ["Belarus UN peacekeeping", "Russian airbase"]


def test_relink_after_loading_rules_moves_and_can_be_undone(
    tracker: Tracker, tmp_path: Path
) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        "---\nheadline: Minsk sends officers to a peacekeeping course\nsection: Security issues\n"
        "status: unchanged\nweek_start: 2020-03-02\nweek_end: 2020-03-08\n---\n"
        "Twelve officers left for a training course on peacekeeping operations.\n"
    )
    tracker.ingest([page])
    [before] = list(tracker.issues()["issue"])
    assert before != "Belarus UN peacekeeping"  # a provisional issue named by the headline
    tracker.load_register(REGISTER)
    assert tracker.relink_all(dry_run=True)["to_issue"].tolist() == ["Belarus UN peacekeeping"]
    assert tracker.history("Belarus UN peacekeeping").empty  # the dry run changed nothing
    moves = tracker.relink_all()
    assert moves["to_issue"].tolist() == ["Belarus UN peacekeeping"]
    assert list(tracker.history("Belarus UN peacekeeping")["link_method"]) == ["rule"]
    assert tracker.relink_all().empty  # stable
    assert before not in set(tracker.issues()["issue"])  # the empty provisional issue is merged
    tracker.undo()  # the last batch: "relink all" was empty, so this undoes the real move
    assert tracker.history(before)["headline"].tolist() == [
        "Minsk sends officers to a peacekeeping course"
    ]
