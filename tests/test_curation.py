"""Curation use cases (rename, merge, split, describe, relink, confirm), the audit trail,
undo and review — on SQLite and PostgreSQL, with the database unchanged after bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from tracker import store
from tracker.api import Tracker
from tracker.errors import ConflictError, InputError, NotFoundError, TrackerError
from tracker.models import utcnow

WEEK = date(2019, 7, 15)


def _row(issue_id: int, n: int, section_id: int | None, **link: Any) -> tuple[Any, ...]:
    start = WEEK + timedelta(weeks=n)
    values = {
        "issue_id": issue_id,
        "source_id": None,
        "section_id": section_id,
        "week_start": start,
        "week_end": start + timedelta(days=6),
        "status": "unchanged",
        "status_text": None,
        "headline": f"Headline number {n}",
        "lead": None,
        "body": None,
        "language": "en",
        "url": None,
        "authors": None,
        "published_on": None,
        "origin": "test",
        "content_hash": f"hash-{issue_id}-{n}",
        "ingested_at": utcnow(),
        "link_method": link.get("method", "explicit"),
        "link_score": link.get("score"),
        "link_runner_up_id": link.get("runner_up"),
        "link_runner_up_score": link.get("runner_up_score"),
        "week_basis": "page",
    }
    return tuple(values[c] for c in store.INSERT_COLUMNS)


@pytest.fixture
def seeded(tracker: Tracker) -> Tracker:
    """Three issues: peacekeeping (ids 1-3), Lebanon mission (4-5), Army reform (6)."""
    with tracker.session() as session:
        security = store.get_or_add_section(session, "Security issues")
        store.get_or_add_section(session, "Foreign policy")
        peace = store.add_issue(session, "Belarus UN peacekeeping", section_id=security)
        lebanon = store.add_issue(session, "Lebanon mission", section_id=security)
        army = store.add_issue(session, "Army reform", section_id=security)
        store.add_alias(session, int(lebanon.id or 0), "UNIFIL company")
        p, lb, a = int(peace.id or 0), int(lebanon.id or 0), int(army.id or 0)
        rows = [_row(p, n, security) for n in range(3)]
        rows += [_row(lb, n, security) for n in range(3, 5)]
        rows.append(_row(a, 5, security))
        store.insert_assessments(session, rows)
    return tracker


def snapshot(tracker: Tracker) -> dict[str, list[tuple[Any, ...]]]:
    """Everything curation may change, to compare before and after a refused operation."""
    queries = {
        "issue": "SELECT id, name, key, slug, section_id, description, merged_into_id,"
        " provisional FROM issue ORDER BY id",
        "alias": "SELECT id, issue_id, alias, key FROM issue_alias ORDER BY id",
        "assessment": "SELECT id, issue_id, link_method, link_score FROM assessment ORDER BY id",
        "audit": "SELECT id, batch, action FROM audit_log ORDER BY id",
    }
    with tracker.session() as session:
        connection = session.connection()
        return {k: [tuple(r) for r in connection.execute(text(q))] for k, q in queries.items()}


def issue_of(tracker: Tracker, assessment_id: int) -> str:
    with tracker.session() as session:
        row = session.connection().execute(
            text(
                "SELECT i.name FROM assessment a JOIN issue i ON i.id = a.issue_id WHERE a.id = :a"
            ),
            {"a": assessment_id},
        )
        return str(row.scalar_one())


def refused(
    tracker: Tracker, error: type[TrackerError], call: Callable[[], object], *words: str
) -> str:
    """Assert that ``call`` raises ``error`` mentioning ``words`` and changes nothing."""
    before = snapshot(tracker)
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    for word in words:
        assert word in message, message
    assert snapshot(tracker) == before
    return message


# --------------------------------------------------------------------------- rename


def test_rename_keeps_slug_makes_alias_and_logs(seeded: Tracker) -> None:
    renamed = seeded.rename_issue("Belarus UN peacekeeping", "Peacekeeping ambitions")
    assert renamed.name == "Peacekeeping ambitions"
    assert renamed.slug == "belarus-un-peacekeeping"
    assert renamed.key == "peacekeeping ambitions"
    # the old name still finds it, and so does the history
    assert seeded.resolve_issue("belarus un peacekeeping").id == renamed.id
    assert list(seeded.history("Belarus UN peacekeeping")["id"]) == [1, 2, 3]
    assert seeded.issue_info("Peacekeeping ambitions")["aliases"] == ["Belarus UN peacekeeping"]
    log = seeded.log()
    assert list(log["action"]) == ["rename"] * 3
    assert log["batch"].nunique() == 1
    fields = dict(zip(log["field"].fillna("-"), log["old_value"], strict=True))
    assert json.loads(fields["name"]) == "Belarus UN peacekeeping"
    assert "renamed 'Belarus UN peacekeeping' to 'Peacekeeping ambitions'" in list(log["note"])


def test_rename_refusals_change_nothing(seeded: Tracker) -> None:
    refused(
        seeded,
        ConflictError,
        lambda: seeded.rename_issue("Army reform", "lebanon MISSION"),
        "'lebanon MISSION'",
        "'Lebanon mission'",
    )
    refused(
        seeded,
        ConflictError,
        lambda: seeded.rename_issue("Army reform", "UNIFIL company"),
        "alias",
        "'Lebanon mission'",
    )
    refused(
        seeded,
        NotFoundError,
        lambda: seeded.rename_issue("Army reforms", "X"),
        "closest",
        "'Army reform'",
    )
    refused(seeded, InputError, lambda: seeded.rename_issue("Army reform", " - "), "empty")
    refused(seeded, ConflictError, lambda: seeded.rename_issue("Army reform", "Army reform"))


def test_rename_back_to_a_former_name(seeded: Tracker) -> None:
    seeded.rename_issue("Army reform", "Military reform")
    seeded.rename_issue("Military reform", "Army reform")
    info = seeded.issue_info("Army reform")
    assert info["name"] == "Army reform"
    assert info["aliases"] == ["Military reform"]


# --------------------------------------------------------------------------- merge


def test_merge_joins_history_and_is_undone(seeded: Tracker) -> None:
    before = snapshot(seeded)
    merged = seeded.merge_issues("Lebanon mission", "Belarus UN peacekeeping")
    assert merged.name == "Belarus UN peacekeeping"
    assert list(seeded.history("Belarus UN peacekeeping")["id"]) == [1, 2, 3, 4, 5]
    # the merged issue is kept, its name and aliases lead to the target
    assert seeded.resolve_issue("Lebanon mission").id == merged.id
    assert seeded.resolve_issue("UNIFIL company").id == merged.id
    info = seeded.issue_info("Belarus UN peacekeeping")
    assert sorted(info["aliases"]) == ["Lebanon mission", "UNIFIL company"]
    assert info["merged"] == ["Lebanon mission"] and info["assessments"] == 5
    assert "Lebanon mission" not in set(seeded.issues()["issue"])
    log = seeded.log(issue="Belarus UN peacekeeping")
    assert set(log["action"]) == {"merge"}
    assert "2 assessments moved from 'Lebanon mission' to 'Belarus UN peacekeeping'" in set(
        log["note"]
    )

    undo_batch = seeded.undo()
    assert list(seeded.history("Lebanon mission")["id"]) == [4, 5]
    assert list(seeded.history("Belarus UN peacekeeping")["id"]) == [1, 2, 3]
    after = snapshot(seeded)
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }
    assert set(seeded.log(batch=undo_batch)["action"]) == {"undo"}
    # undoing the undo merges again
    seeded.undo()
    assert list(seeded.history("Belarus UN peacekeeping")["id"]) == [1, 2, 3, 4, 5]


def test_merge_refusals_change_nothing(seeded: Tracker) -> None:
    refused(
        seeded,
        ConflictError,
        lambda: seeded.merge_issues("Army reform", "army-reform"),
        "into itself",
    )
    refused(
        seeded,
        ConflictError,
        lambda: seeded.merge_issues("UNIFIL company", "Lebanon mission"),
        "into itself",
    )
    refused(
        seeded,
        NotFoundError,
        lambda: seeded.merge_issues("Army", "Lebanon mission"),
        "no issue named 'Army'",
    )
    seeded.merge_issues("Lebanon mission", "Belarus UN peacekeeping")
    # merging an issue merged away, or into one
    refused(
        seeded,
        ConflictError,
        lambda: seeded.merge_issues("Lebanon mission", "Army reform"),
        "'Lebanon mission'",
        "merged into 'Belarus UN peacekeeping'",
    )
    refused(
        seeded,
        ConflictError,
        lambda: seeded.merge_issues("Army reform", "Lebanon mission"),
        "'Lebanon mission'",
        "merged into 'Belarus UN peacekeeping'",
    )


# --------------------------------------------------------------------------- split


def test_split_moves_chosen_assessments(seeded: Tracker) -> None:
    new = seeded.split_issue(
        "Belarus UN peacekeeping", [3, 2], "Peacekeeping training", section="foreign policy"
    )
    assert new.name == "Peacekeeping training" and new.slug == "peacekeeping-training"
    assert list(seeded.history("Peacekeeping training")["id"]) == [2, 3]
    assert list(seeded.history("Belarus UN peacekeeping")["id"]) == [1]
    assert seeded.issue_info("Peacekeeping training")["section"] == "Foreign policy"
    assert not seeded.issue_info("Peacekeeping training")["provisional"]
    seeded.undo()
    assert list(seeded.history("Belarus UN peacekeeping")["id"]) == [1, 2, 3]
    with pytest.raises(NotFoundError):
        seeded.resolve_issue("Peacekeeping training")
    # redo brings the same issue back, with its id
    seeded.undo()
    assert seeded.resolve_issue("Peacekeeping training").id == new.id
    assert list(seeded.history("Peacekeeping training")["id"]) == [2, 3]


def test_split_refusals_change_nothing(seeded: Tracker) -> None:
    refused(
        seeded,
        InputError,
        lambda: seeded.split_issue("Belarus UN peacekeeping", [1, 4, 99], "New one"),
        "4, 99",
        "99 do not exist",
        "'Belarus UN peacekeeping'",
    )
    refused(seeded, InputError, lambda: seeded.split_issue("Army reform", [], "New one"), "--ids")
    refused(
        seeded,
        ConflictError,
        lambda: seeded.split_issue("Belarus UN peacekeeping", [1], "Army reform"),
        "name",
    )
    refused(
        seeded,
        NotFoundError,
        lambda: seeded.split_issue("Belarus UN peacekeeping", [1], "New", section="Sport"),
        "no section named 'Sport'",
    )


# --------------------------------------------------------------------------- describe, confirm


def test_describe_and_confirm(seeded: Tracker) -> None:
    with seeded.session() as session:
        store.add_issue(session, "Minsk wants a UN role", provisional=True)
    seeded.describe_issue(
        "Army reform", description="Reforms of the armed forces.", section="Foreign policy"
    )
    info = seeded.issue_info("Army reform")
    assert info["description"] == "Reforms of the armed forces."
    assert info["section"] == "Foreign policy"
    assert seeded.issue_info("Minsk wants a UN role")["provisional"] is True
    seeded.confirm_issue("Minsk wants a UN role")
    assert seeded.issue_info("Minsk wants a UN role")["provisional"] is False
    assert list(seeded.log()["action"]) == ["confirm", "describe", "describe"]
    seeded.confirm_issue("Minsk wants a UN role")  # confirmed already: nothing logged
    assert len(seeded.log()) == 3
    seeded.undo()
    assert seeded.issue_info("Minsk wants a UN role")["provisional"] is True
    seeded.describe_issue("Army reform", description="")
    assert seeded.issue_info("Army reform")["description"] is None
    refused(
        seeded,
        NotFoundError,
        lambda: seeded.describe_issue("Army reform", description="x", section="Nowhere"),
        "Nowhere",
    )


# --------------------------------------------------------------------------- relink


def test_relink_one_assessment(seeded: Tracker) -> None:
    seeded.relink(3, "lebanon mission")
    assert issue_of(seeded, 3) == "Lebanon mission"
    frame = seeded.history("Lebanon mission")
    row = frame[frame["id"] == 3].iloc[0]
    assert row["link_method"] == "manual" and row["link_score"] != row["link_score"]  # NaN
    assert list(seeded.log(issue="Army reform")["action"]) == []
    assert set(seeded.log(issue="Lebanon mission")["action"]) == {"relink"}
    seeded.undo()
    assert issue_of(seeded, 3) == "Belarus UN peacekeeping"
    refused(seeded, NotFoundError, lambda: seeded.relink(999, "Army reform"), "999")
    refused(seeded, NotFoundError, lambda: seeded.relink(1, "Navy reform"), "Navy reform")


def test_relink_empties_a_provisional_issue(seeded: Tracker) -> None:
    with seeded.session() as session:
        new = store.add_issue(session, "Minsk and the blue helmets", provisional=True)
        store.insert_assessments(session, [_row(int(new.id or 0), 9, None, method="new")])
    seeded.relink(7, "Belarus UN peacekeeping")
    assert "Minsk and the blue helmets" not in set(seeded.issues()["issue"])
    seeded.undo()
    assert "Minsk and the blue helmets" in set(seeded.issues()["issue"])
    assert issue_of(seeded, 7) == "Minsk and the blue helmets"


# --------------------------------------------------------------------------- undo


def test_undo_refuses_when_a_later_change_touched_the_rows(seeded: Tracker) -> None:
    seeded.merge_issues("Lebanon mission", "Belarus UN peacekeeping")
    merge_batch = str(seeded.log()["batch"].iloc[0])
    seeded.relink(4, "Army reform")
    refused(seeded, ConflictError, lambda: seeded.undo(merge_batch), merge_batch, "relink")
    seeded.undo()  # the relink: the most recent batch
    seeded.undo(merge_batch)
    assert list(seeded.history("Lebanon mission")["id"]) == [4, 5]


def test_undo_an_older_independent_batch(seeded: Tracker) -> None:
    seeded.rename_issue("Army reform", "Military reform")
    rename_batch = str(seeded.log()["batch"].iloc[0])
    seeded.relink(1, "Lebanon mission")
    seeded.undo(rename_batch)
    assert seeded.issue_info("Army reform")["aliases"] == []
    assert issue_of(seeded, 1) == "Lebanon mission"


def test_undo_refusals(tracker: Tracker, seeded: Tracker) -> None:
    refused(seeded, NotFoundError, seeded.undo, "nothing to undo")
    refused(seeded, NotFoundError, lambda: seeded.undo("abc"), "no batch 'abc'")
    seeded.rename_issue("Army reform", "Military reform")
    with seeded.session() as session:
        store.add_issue(session, "Army reform")  # not through curation: no audit row
    refused(seeded, ConflictError, seeded.undo, "'Army reform'")


# --------------------------------------------------------------------------- log, review


def test_log_limit_and_columns(seeded: Tracker) -> None:
    seeded.rename_issue("Army reform", "Military reform")
    seeded.describe_issue("Military reform", description="About the army.")
    log = seeded.log(limit=2)
    assert list(log.columns) == [
        "at",
        "batch",
        "action",
        "entity",
        "entity_id",
        "field",
        "old_value",
        "new_value",
        "note",
    ]
    assert list(log["action"]) == ["describe", "rename"]
    assert json.loads(log["new_value"].iloc[0]) == "About the army."
    with pytest.raises(InputError):
        seeded.log(limit=0)


def test_review_lists_new_provisional_close_and_weak_links(seeded: Tracker) -> None:
    with seeded.session() as session:
        new = store.add_issue(session, "Minsk and the blue helmets", provisional=True)
        rows = [
            _row(int(new.id or 0), 10, None, method="new"),
            _row(1, 11, None, method="similarity", score=0.71, runner_up=2, runner_up_score=0.68),
            _row(1, 12, None, method="similarity", score=0.90, runner_up=2, runner_up_score=0.50),
            _row(3, 13, None, method="similarity", score=0.81, runner_up=1, runner_up_score=0.80),
            _row(2, 14, None, method="similarity", score=0.30),
            _row(2, 15, None, method="rule", score=1.0),
        ]
        store.insert_assessments(session, rows)
    frame = seeded.review()
    assert list(frame["id"]) == [10, 8, 11, 7]  # best score first, the new issue last
    assert list(frame["why"]) == [
        "runner-up 'Belarus UN peacekeeping' is close: 0.81 vs 0.80",
        "runner-up 'Lebanon mission' is close: 0.71 vs 0.68",
        "weak similarity 0.30",
        "new issue: nothing earlier was similar",
    ]
    assert list(frame["runner_up"].fillna("-")) == [
        "Belarus UN peacekeeping",
        "Lebanon mission",
        "-",
        "-",
    ]
    assert frame["margin"].iloc[1] == pytest.approx(0.03)
    assert list(seeded.review(margin=0.5)["id"]) == [9, 10, 8, 11, 7]
    assert list(seeded.review(weak=0.2)["id"]) == [10, 8, 7]
    assert list(seeded.review(limit=1)["id"]) == [10]
    seeded.relink(8, "Belarus UN peacekeeping")  # confirming a link takes it off the list
    assert list(seeded.review()["id"]) == [10, 11, 7]
    seeded.confirm_issue("Minsk and the blue helmets")  # still listed: it was made as new
    assert list(seeded.review()["id"]) == [10, 11, 7]
    seeded.relink(7, "Minsk and the blue helmets")
    assert list(seeded.review()["id"]) == [10, 11]


def test_undo_refuses_audit_rows_it_cannot_reverse(seeded: Tracker) -> None:
    with seeded.session() as session:
        store.add_audit(session, "add", "assessment", 1, new={"issue_id": 1}, batch="outside1")
        store.add_audit(
            session, "edit", "assessment", 2, field="body", old="a", new="b", batch="outside2"
        )
    refused(seeded, ConflictError, lambda: seeded.undo("outside1"), "never creates or deletes")
    refused(seeded, ConflictError, seeded.undo, "'assessment.body'", "never changes")


def test_undo_a_register_load(tracker: Tracker, tmp_path: Any) -> None:
    first = tmp_path / "first.toml"
    first.write_text(
        '[[issue]]\nname = "Grain exports"\nsection = "Economy"\naliases = ["Wheat sales"]\n'
    )
    second = tmp_path / "second.toml"
    second.write_text('[[issue]]\nname = "Grain exports"\ndescription = "Sales of grain."\n')
    tracker.load_register(first)
    first_batch = str(tracker.log()["batch"].iloc[0])
    tracker.load_register(second)
    assert tracker.issue_info("Wheat sales")["description"] == "Sales of grain."
    tracker.undo()
    assert tracker.issue_info("Wheat sales")["description"] is None
    # the second load and its undo cancel out, so the first load can be undone now
    tracker.undo(first_batch)
    with pytest.raises(NotFoundError):
        tracker.resolve_issue("Wheat sales")
    tracker.undo()  # and brought back
    assert tracker.issue_info("Wheat sales")["section"] == "Economy"


def test_undo_chains_read_well_and_refuse_a_reverted_batch(seeded: Tracker) -> None:
    seeded.merge_issues("Lebanon mission", "Army reform")
    merge = str(seeded.log()["batch"].iloc[0])
    first = seeded.undo()
    second = seeded.undo()  # redo
    assert list(seeded.log(batch=second)["note"])[-1] == (
        f"undo of {first} (undo): merged 'Lebanon mission' into 'Army reform'"
    )
    third = seeded.undo()  # undone again
    assert list(seeded.history("Lebanon mission")["id"]) == [4, 5]
    refused(seeded, ConflictError, lambda: seeded.undo(merge), f"{third} (undo)", "later")
    assert len(seeded.log(issue="Army reform")) == 4 * 4  # four batches of four rows
