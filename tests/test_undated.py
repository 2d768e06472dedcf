"""Weeks from the best evidence, on both engines: undated assessments are kept, left out of
every weekly frame, listed for review, counted, named by the report, dated with one audited
command and undone; stamps take their source's habit; bad input stores nothing."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.api import Tracker
from tracker.cli import app
from tracker.errors import InputError, NotFoundError, WeekError

READER = (
    "The Defence Ministry announces a new reserve call-up scheme\n"
    "The Defence Ministry presented a scheme under which reservists will be called up for "
    "short training sessions twice a year instead of a single long one.\n"
    "Officials say the change aims to keep reservists' skills fresh without taking them away "
    "from their jobs for weeks at a time.\n"
)

RANGED = """July 15 – July 21, 2019
Security issues

Minsk hosts a regional conference on border security

The situation has not changed
Minsk hosts a regional conference on border security

Published: July 24, 2019

Delegations of five neighbouring states discussed joint patrols and the exchange of border \
data at a two-day conference in Minsk.

No agreement was signed, but the participants promised to meet again before the end of the year.
"""

# Monday 29 July: the week that ended before it is 22–28 July; this source publishes three
# days after a week ends (RANGED), so it assesses 15–21 July.
STAMPED = """Border guards receive new surveillance drones

July 29, 2019 10:05

The State Border Committee received a batch of domestically assembled surveillance drones, \
which will be deployed along the southern border first.

The committee plans to double the number of drones in service by the end of next year.
"""


def _write(folder: Path, **pages: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in pages.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def test_undated_is_kept_but_never_in_a_week(tracker: Tracker, tmp_path: Path) -> None:
    files = _write(tmp_path / "in", reader=READER, ranged=RANGED)
    summary = tracker.ingest(files)
    assert (summary.added, len(summary.failed)) == (2, 0)
    dated = tracker.assessments()
    assert list(dated["headline"]) == ["Minsk hosts a regional conference on border security"]
    assert list(dated["week_basis"]) == ["page"]
    undated = tracker.assessments(undated=True)
    assert list(undated["headline"]) == [
        "The Defence Ministry announces a new reserve call-up scheme"
    ]
    assert undated["week_start"].isna().all() and undated["week_basis"].isna().all()
    assert tracker.trends().shape[0] == 1  # only the dated one is in any trend
    review = tracker.review()
    assert review.iloc[0]["headline"].startswith("The Defence Ministry")
    assert review.iloc[0]["why"].startswith("undated")
    issues = tracker.issues()
    assert int(issues["undated"].sum()) == 1 and int(issues["assessments"].sum()) == 1
    content = tracker.report_content()
    left_out = dict(content.summary)["Left out"]
    assert left_out.startswith("1 undated assessment:")


def test_date_an_undated_assessment_and_undo_it(tracker: Tracker, tmp_path: Path) -> None:
    tracker.ingest(_write(tmp_path / "in", reader=READER))
    (aid,) = [int(i) for i in tracker.assessments(undated=True)["id"]]
    batch = tracker.date_assessment(aid, "2019-W29")
    dated = tracker.assessments()
    assert list(dated["id"]) == [aid]
    assert dated.iloc[0]["week_start"].date() == date(2019, 7, 15)
    assert dated.iloc[0]["week_end"].date() == date(2019, 7, 21)
    assert dated.iloc[0]["week_basis"] == "user"
    notes = list(tracker.log(batch=batch)["note"])
    assert notes and all("dated 2019-W29" in n and "was undated" in n for n in notes)
    with pytest.raises(InputError, match="already dated 2019-W29"):
        tracker.date_assessment(aid, "2019-07-17")
    tracker.undo()
    assert tracker.assessments().empty
    assert list(tracker.assessments(undated=True)["id"]) == [aid]
    tracker.undo()  # undoing the undo dates it again
    assert list(tracker.assessments()["id"]) == [aid]


def test_dating_refuses_bad_input(tracker: Tracker, tmp_path: Path) -> None:
    tracker.ingest(_write(tmp_path / "in", reader=READER))
    (aid,) = [int(i) for i in tracker.assessments(undated=True)["id"]]
    with pytest.raises(NotFoundError, match="no assessment 9999"):
        tracker.date_assessment(9999, "2019-W29")
    with pytest.raises(WeekError, match="2019-W99"):
        tracker.date_assessment(aid, "2019-W99")
    assert tracker.log().empty


def test_a_stamp_takes_its_sources_habit_in_one_ingest(tracker: Tracker, tmp_path: Path) -> None:
    files = _write(tmp_path / "in", a_stamped=STAMPED, b_ranged=RANGED)  # stamped page first
    tracker.ingest(files, source="Belarus in Focus")
    frame = tracker.assessments().set_index("headline")
    row = frame.loc["Border guards receive new surveillance drones"]
    assert (row["week_start"].date(), row["week_basis"]) == (date(2019, 7, 15), "published")


def test_a_stamp_takes_the_habit_learned_by_an_earlier_ingest(
    tracker: Tracker, tmp_path: Path
) -> None:
    (ranged,) = _write(tmp_path / "one", ranged=RANGED)
    other = STAMPED.replace("Border guards receive", "Customs officers receive").replace(
        "State Border Committee", "State Customs Committee"
    )
    stamped, other_source = _write(tmp_path / "two", stamped=STAMPED, other=other)
    tracker.ingest([ranged], source="Belarus in Focus")
    tracker.ingest([stamped], source="Belarus in Focus")
    tracker.ingest([other_source], source="Another bulletin")  # no habit: the fallback week
    frame = tracker.assessments()
    got = {
        (r.source, r.week_start.date())
        for r in frame.itertuples()
        if " officers receive" in r.headline or r.headline.startswith("Border guards")
    }
    assert got == {("Belarus in Focus", date(2019, 7, 15)), ("Another bulletin", date(2019, 7, 22))}


def test_reingesting_in_any_order_adds_nothing(tracker: Tracker, tmp_path: Path) -> None:
    files = _write(tmp_path / "in", a_stamped=STAMPED, b_ranged=RANGED, c_reader=READER)
    first = tracker.ingest(files[:1])  # the stamped page alone: the fallback week
    assert first.added == 1
    again = tracker.ingest(list(reversed(files)))  # now its source's habit is known
    assert (again.added, again.present) == (2, 1)
    assert tracker.ingest(files).added == 0
    assert len(tracker.assessments()) + len(tracker.assessments(undated=True)) == 3


def test_bad_week_option_stores_nothing(tracker: Tracker, tmp_path: Path) -> None:
    files = _write(tmp_path / "in", reader=READER, ranged=RANGED)
    with pytest.raises(WeekError, match="2019-W99"):
        tracker.ingest(files, week="2019-W99")
    assert tracker.assessments().empty and tracker.assessments(undated=True).empty
    tracker.ingest(files, week="2019-W30")
    frame = tracker.assessments().set_index("headline")
    assert frame.loc["The Defence Ministry announces a new reserve call-up scheme"][
        "week_basis"
    ] == ("user")
    assert frame.loc["Minsk hosts a regional conference on border security"]["week_basis"] == (
        "page"
    )


def test_cli_date_undo_and_bad_input(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    (page,) = _write(tmp_path / "in", reader=READER)

    def run(*args: str) -> object:
        return runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False)

    assert run("ingest", "--week", "someday", str(page)).exit_code == 1  # type: ignore[attr-defined]
    result = run("ingest", str(page))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    parsed = run("parse", str(page))
    assert "undated" in parsed.output  # type: ignore[attr-defined]
    review = run("review", "-f", "json")
    assert '"undated: give its week' in review.output  # type: ignore[attr-defined]
    import json

    (row,) = [r for r in json.loads(review.output) if r["why"].startswith("undated")]  # type: ignore[attr-defined]
    bad = run("date", str(row["id"]), "2019-W99")
    assert bad.exit_code == 1 and "2019-W99" in bad.output  # type: ignore[attr-defined]
    good = run("date", str(row["id"]), "2019-W29")
    assert good.exit_code == 0 and "dated 2019-W29" in good.output  # type: ignore[attr-defined]
    assert run("undo").exit_code == 0  # type: ignore[attr-defined]
    again = run("review", "-f", "json")
    assert any(r["why"].startswith("undated") for r in json.loads(again.output))  # type: ignore[attr-defined]


def test_stored_weeks_follow_the_evidence_order_and_skip_the_traps(
    tracker: Tracker, tmp_path: Path
) -> None:
    realpages = Path(__file__).parent / "data" / "realpages"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (
        "new-site-ruling-elite.txt",  # its range, not the sidebar's
        "old-site-no-range-stamp.txt",  # its stamp, not the similar article's
        "migrated-empty-label.txt",  # its stamp, not "Updated at …"
        "2019-07-15-security-reader.txt",  # the file name
        "reader-view.txt",  # nothing: --week
        "en-new-site-similar.html",
    ):
        shutil.copy(realpages / name, folder / name)
    url_page = READER.replace("reserve call-up scheme", "reserve call-up scheme again").replace(
        "presented a scheme", "presented again a scheme"
    )
    (folder / "with-url.txt").write_text(
        url_page + "https://example.org/analytics/2018/05/02/reserve-call-up\n", encoding="utf-8"
    )
    summary = tracker.ingest([folder], week="2020-W10")
    assert (summary.added, len(summary.failed)) == (7, 0)
    got = sorted(
        (r.headline[:30], r.week_start.date().isoformat(), r.week_basis)
        for r in tracker.assessments().itertuples()
    )
    assert got == [
        ("Border guards receive new surv", "2019-07-15", "file"),
        ("Border guards rehearse the clo", "2023-11-06", "page"),
        ("Customs rules for small trader", "2016-10-24", "published"),
        ("Opposition parties sign a join", "2017-03-06", "published"),
        ("Regional governors trade place", "2024-03-04", "page"),
        ("The Defence Ministry announces", "2018-04-30", "url"),
        ("The Defence Ministry announces", "2020-03-02", "user"),
    ]


def test_tables_say_undated_where_json_says_null(db_url: str, tmp_path: Path) -> None:
    """A person reading `tracker search` or `tracker review` sees "undated", never an empty
    week cell; programs reading JSON get null."""
    runner = CliRunner()
    (page,) = _write(tmp_path / "in", reader=READER)
    assert runner.invoke(app, ["--db", db_url, "ingest", str(page)]).exit_code == 0
    table = runner.invoke(app, ["--db", db_url, "search", "reservists"])
    assert table.exit_code == 0, table.output
    (row,) = [ln.split() for ln in table.output.splitlines() if ln.startswith("1 ")]
    assert row[:2] == ["1", "undated"], table.output
    listed = runner.invoke(app, ["--db", db_url, "search", "reservists", "-f", "json"])
    (hit,) = json.loads(listed.output)
    assert hit["week_start"] is None
    review = runner.invoke(app, ["--db", db_url, "review"])
    (row,) = [ln.split() for ln in review.output.splitlines() if ln.startswith("1 ")]
    assert row[:2] == ["1", "undated"], review.output


def _ranged(week: str, published: str, headline: str) -> str:
    return (
        RANGED.replace("July 15 – July 21, 2019", week)
        .replace("Published: July 24, 2019", f"Published: {published}")
        .replace("Minsk hosts a regional conference on border security", headline)
    )


@pytest.mark.parametrize(("latest", "week"), [(1, date(2019, 7, 8)), (1000, date(2019, 7, 15))])
def test_a_sources_habit_is_that_of_its_latest_pages(
    tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, latest: int, week: date
) -> None:
    """The habit is learned from a source's latest pages that print both dates (read through
    an index, not the whole archive): two older pages published 3 days after their week, a
    newer one 10 days after; a stamped page takes the habit of the latest ``latest``."""
    from tracker.store import assessments

    monkeypatch.setattr(assessments, "HABIT_PAGES", latest)
    old = _write(
        tmp_path / "old",
        a=_ranged("June 24 – June 30, 2019", "July 3, 2019", "Grain harvest starts early"),
        b=_ranged("July 1 – July 7, 2019", "July 10, 2019", "Potash exports fall"),
    )
    tracker.ingest(old, source="Belarus in Focus")
    new = _ranged("July 8 – July 14, 2019", "July 24, 2019", "Railway tariffs rise")
    tracker.ingest(_write(tmp_path / "new", c=new), source="Belarus in Focus")
    tracker.ingest(_write(tmp_path / "stamped", d=STAMPED), source="Belarus in Focus")
    row = (
        tracker.assessments()
        .set_index("headline")
        .loc["Border guards receive new surveillance drones"]
    )
    assert (row["week_start"].date(), row["week_basis"]) == (week, "published")
