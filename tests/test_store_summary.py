"""The per-issue summary aggregated by the database (tracker/store/summary.py) equals
``trends.issue_summary`` of the loaded assessments, value for value, on both engines: on the
demo archive, on the sparse and the crowded decade, and on made-up archives full of the
awkward cases (weeks that do not start on a Monday, several assessments of an issue in one
week that disagree, weeks without a verdict inside a run, statuses without a score)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests import demo_fixture
from tests.archives import crowded_decade, load_archive, sparse_decade
from tracker import open_tracker, trends
from tracker.analysis import _weekly
from tracker.api import Tracker
from tracker.store.summary import SUMMARY_COLUMNS

demo_run = demo_fixture.demo_run


def assert_same_summary(tracker: Tracker, **filters: object) -> pd.DataFrame:
    """The database's summary is the pandas one, exactly (dtypes, order, every value)."""
    frame = tracker.assessments(**filters)  # type: ignore[arg-type]
    want = trends.issue_summary(frame, scores=tracker.vocabulary.scores)
    got = tracker.issue_summary(**filters)  # type: ignore[arg-type]
    assert list(got.columns) == list(SUMMARY_COLUMNS)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    return got


def awkward_archive(seed: int, *, issues: int = 12, rows: int = 400) -> pd.DataFrame:
    """Random assessments with every case the rules have to settle, in random id order."""
    rng = np.random.default_rng(seed)
    first = pd.Timestamp("2019-01-07")
    statuses = np.array(
        ["improved", "unchanged", "deteriorated", None, "stalled"], dtype=object
    )  # "stalled": a status the vocabulary gives no score
    issue = rng.integers(1, issues + 1, rows)
    # few weeks, so that an issue often has several assessments in one week
    week = first + pd.to_timedelta(rng.integers(0, 40, rows) * 7 + rng.integers(0, 7, rows), "D")
    status = statuses[rng.choice(5, rows, p=[0.2, 0.45, 0.2, 0.1, 0.05])]
    if issues > 2:
        status[issue == 2] = None  # an issue that never had a verdict
        status[issue == 3] = "unchanged"  # one long run with gaps and none weeks
        status[(issue == 3) & (rng.random(rows) < 0.2)] = None
    sections = ["Economy", "Security issues", "Domestic politics"]
    return pd.DataFrame(
        {
            "id": np.arange(1, rows + 1),
            "issue_id": issue,
            "issue": [f"Issue {n:02d}" for n in issue],
            "slug": [f"issue-{n:02d}" for n in issue],
            "section": [sections[int(x)] for x in rng.integers(0, 3, rows)],
            "week_start": week,
            "week_end": week + pd.Timedelta(days=6),
            "status": status,
            "headline": [f"Headline {n}" for n in range(rows)],
        }
    )


def test_the_sparse_decade(db_url: str) -> None:
    load_archive(db_url, sparse_decade())
    with open_tracker(db_url) as tracker:
        got = assert_same_summary(tracker)
        assert len(got) == 30


def test_the_crowded_decade(db_url: str) -> None:
    load_archive(db_url, crowded_decade())
    with open_tracker(db_url) as tracker:
        got = assert_same_summary(tracker)
        assert len(got) > 400 and got["last_change"].notna().any()
        assert (got["streak_length"] > 1).any()
        # filtered as the CLI and the web view filter
        assert_same_summary(tracker, section="Economy")
        assert_same_summary(tracker, since="2020-03-01", until="2021-06-30")
        assert_same_summary(tracker, issue=[str(got["slug"].iloc[0]), str(got["slug"].iloc[5])])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_awkward_archives(db_url: str, seed: int) -> None:
    frame = awkward_archive(seed)
    load_archive(db_url, frame.sample(frac=1.0, random_state=seed))  # ids in no week order
    with open_tracker(db_url) as tracker:
        got = assert_same_summary(tracker).set_index("slug")
        assert_same_summary(tracker, source="Belarus in Focus", until="2019-06-30")
    assert got.loc["issue-02", "last_status"] == "none"
    assert got.loc["issue-02", "streak"] == "—" and pd.isna(got.loc["issue-02", "mean_score"])
    assert got.loc["issue-03", "last_status"] == "unchanged"
    assert pd.isna(got.loc["issue-03", "last_change"])
    assert (got["weeks"] < got["assessments"]).any()  # issues counted once per week


def test_disagreeing_assessments_of_one_week_take_the_first_verdict(db_url: str) -> None:
    """Two assessments of an issue in one week (a Tuesday and a Thursday): the week's status
    is the verdict with the lowest id, whichever row comes first in the week or the table."""
    frame = awkward_archive(0, issues=1, rows=4)
    frame["week_start"] = pd.to_datetime(["2020-01-07", "2020-01-09", "2020-01-14", "2020-01-16"])
    frame["week_end"] = frame["week_start"] + pd.Timedelta(days=6)
    frame["status"] = ["deteriorated", "improved", None, "improved"]
    load_archive(db_url, frame.iloc[[1, 0, 3, 2]])  # ids: 2nd row first
    with open_tracker(db_url) as tracker:
        got = assert_same_summary(tracker)
    row = got.iloc[0]
    assert (row["assessments"], row["weeks"]) == (4, 2)
    assert row["first_week"] == pd.Timestamp("2020-01-06")  # the Monday
    assert (row["last_status"], row["streak"]) == ("improved", "improved × 2")
    assert row["index"] == 2.0 and row["mean_score"] == 1.0


def test_nothing_selected_gives_the_columns(db_url: str) -> None:
    with open_tracker(db_url) as tracker:
        got = tracker.issue_summary()
        want = trends.issue_summary(tracker.assessments())
        # (trends' empty "index" column is int64, this one float64 as when it has rows)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
        assert got.empty and list(got.columns) == list(SUMMARY_COLUMNS)
        assert got["index"].dtype == np.float64
        assert tracker.issues().empty


def test_the_demo_archive(db_url: str, demo_run: demo_fixture.DemoRun) -> None:
    demo_fixture.import_demo(demo_run, db_url)
    with open_tracker(db_url) as tracker:
        got = assert_same_summary(tracker)
        assert len(got) > 30
        issues = tracker.issues()
    # Tracker.issues: the register's every live issue, the summary's values beside it
    by_id = issues.set_index("issue_id")
    for column in ("assessments", "weeks", "last_status", "streak", "last_change"):
        expected = got.set_index("issue_id")[column]
        assert by_id.loc[expected.index, column].equals(expected), column


def kept(tracker: Tracker) -> int:
    """How many summaries the database keeps now."""
    from sqlalchemy import text

    with tracker.session() as session:
        return int(
            session.connection().execute(text("SELECT count(*) FROM issue_summary")).scalar() or 0
        )


def test_kept_summaries_follow_every_change(db_url: str) -> None:
    """The summaries are kept between calls, and every write that touches an issue's
    assessments (add, relink, merge, date, undo) makes its summary computed again."""
    from tracker.store.summary import refresh_summaries

    load_archive(db_url, awkward_archive(4))
    with open_tracker(db_url) as tracker:
        assert kept(tracker) == 0
        assert_same_summary(tracker)
        assert kept(tracker) == 12
        with tracker.session() as session:
            assert refresh_summaries(session) == 0  # nothing changed: nothing computed
        tracker.add(issue="issue-05", week="2020-06-01", headline="New", status="deteriorated")
        assert kept(tracker) == 11  # only issue 5's summary went
        got = assert_same_summary(tracker).set_index("slug")
        assert got.loc["issue-05", "last_status"] == "deteriorated"
        moved = int(tracker.history("issue-06")["id"].iloc[-1])
        tracker.relink(moved, "issue-07")
        assert_same_summary(tracker)
        tracker.merge_issues("issue-08", "issue-09")
        got = assert_same_summary(tracker).set_index("slug")
        assert "issue-08" not in got.index
        tracker.undo()
        got = assert_same_summary(tracker).set_index("slug")
        assert "issue-08" in got.index
        new_id = tracker.add(issue="issue-10", week="2018-12-31", headline="Old", status=None)
        tracker.date_assessment(new_id, "2021-03-01")
        assert_same_summary(tracker)
        with tracker.session() as session:  # a write by hand, past the library
            from sqlalchemy import text

            session.connection().execute(text("UPDATE assessment SET status = 'improved'"))
        got = assert_same_summary(tracker)
        assert set(got["last_status"]) <= {"improved", "none"}


def test_silent_issues_from_the_summaries(db_url: str) -> None:
    load_archive(db_url, crowded_decade())
    with open_tracker(db_url) as tracker:
        for options in (
            {},
            {"as_of": "2019-07-17"},
            {"section": "Economy", "as_of": "2022-01-01", "until": "2021-12-01"},
        ):
            filters = {k: v for k, v in options.items() if k != "as_of"}
            frame = tracker.assessments(**filters)  # type: ignore[arg-type]
            want = trends.alerts_silent(frame, 8, as_of=options.get("as_of"))
            got = tracker.trends("silent", silent_weeks=8, **options)
            assert len(got) > 5, options
            pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_a_writer_in_progress_never_gives_a_wrong_list(db_url: str) -> None:
    """While another transaction has written assessments and not committed, a listing
    either waits for it or aggregates from the assessments: never a kept summary that the
    writer is about to make stale, never an issue left out."""
    from sqlalchemy import text

    load_archive(db_url, awkward_archive(5))
    with open_tracker(db_url) as tracker, open_tracker(db_url) as writer:
        before = assert_same_summary(tracker)
        with writer.session() as session:
            session.connection().execute(
                text("UPDATE assessment SET status = 'deteriorated' WHERE issue_id = 4")
            )
            during = tracker.issue_summary()  # the writer has not committed
            pd.testing.assert_frame_equal(during, before, check_exact=True)
        after = assert_same_summary(tracker).set_index("slug")
    assert after.loc["issue-04", "last_status"] == "deteriorated"


def test_a_read_only_database_still_lists(tmp_path: Path) -> None:
    """A database this user may not write (here SQLite's query_only): the listing is
    aggregated from the assessments, the same."""
    from sqlalchemy import event, text

    path = str(tmp_path / "ro.db")
    load_archive(path, awkward_archive(6))
    with open_tracker(path) as tracker:
        event.listen(
            tracker.engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA query_only = ON")
        )
        tracker.engine.dispose()
        assert_same_summary(tracker)
        with tracker.session() as session:
            stored = session.connection().execute(text("SELECT count(*) FROM issue_summary"))
            assert stored.scalar() == 0


#: The weekly trends and how the pandas layer builds each from an assessments frame.
WEEKLY_KINDS = {
    "weekly": lambda frame, scores: _weekly(frame, "section", 4),
    "scores": lambda frame, scores: trends.score_series(frame, scores=scores),
    "streaks": lambda frame, scores: trends.streaks(frame),
    "changes": lambda frame, scores: trends.change_points(frame),
    "transitions": lambda frame, scores: trends.transition_matrix(frame).reset_index(),
}


def assert_same_trends(tracker: Tracker, **filters: object) -> None:
    """Each weekly trend, from the rows the database keeps (one per issue-week), is the trend
    of every selected row."""
    frame = tracker.assessments(**filters)  # type: ignore[arg-type]
    for kind, build in WEEKLY_KINDS.items():
        want = build(frame, tracker.vocabulary.scores)
        got = tracker.trends(kind, **filters)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=kind)


@pytest.mark.parametrize("seed", [1, 2])
def test_weekly_trends_read_one_row_per_issue_week(db_url: str, seed: int) -> None:
    frame = awkward_archive(seed)
    load_archive(db_url, frame.sample(frac=1.0, random_state=seed))
    with open_tracker(db_url) as tracker:
        assert_same_trends(tracker)
        assert_same_trends(tracker, section="Economy", since="2019-03-01")
        reduced = tracker.analysis._issue_weeks(
            {"issue": None, "section": None, "source": None, "since": None, "until": None}
        )
        assert len(reduced) < len(tracker.assessments())  # several rows to an issue-week


def test_a_status_only_a_later_row_of_a_week_has_keeps_its_column(db_url: str) -> None:
    """The first verdict of a week stands for it, but a status seen only on a later row of
    that week is still one of the selection's statuses: its column is there, empty."""
    frame = awkward_archive(0, issues=1, rows=3)
    frame["week_start"] = pd.to_datetime(["2020-01-07", "2020-01-09", "2020-01-14"])
    frame["week_end"] = frame["week_start"] + pd.Timedelta(days=6)
    frame["status"] = ["improved", "stalled", "unchanged"]
    load_archive(db_url, frame)
    with open_tracker(db_url) as tracker:
        assert_same_trends(tracker)
        weekly = tracker.trends("weekly")
        assert "stalled" in weekly.columns and int(weekly["stalled"].sum()) == 0
        assert "stalled" in tracker.trends("transitions").columns
