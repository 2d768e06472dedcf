"""The report read from the database (``Tracker.report_content``: the period's rows, each
issue's last weeks, the rest aggregated in SQL by tracker/store/report.py) is the report that
``standard_report`` builds from every assessment up to its end, block for block: every text,
bullet and table, and the data behind the whole-history chart.  On both engines, on the demo
archive, the sparse and the crowded decade, and made-up archives full of awkward cases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from tests import demo_fixture
from tests.archives import crowded_decade, load_archive, sparse_decade
from tests.test_store_summary import awkward_archive
from tracker import open_tracker, trends
from tracker.analysis import DatabaseReport
from tracker.api import Tracker
from tracker.charts.balance import section_history
from tracker.report import BulletList, ReportContent, ReportFigure, ReportTable
from tracker.report.sources import FrameSource
from tracker.report.standard import close_figures, standard_report

demo_run = demo_fixture.demo_run


def _blocks(content: ReportContent) -> list[Any]:
    """Everything a report says, in order, figures by their key and title."""
    summary = [row for row in content.summary if row[0] != "Left out"]  # undated: apart
    out: list[Any] = [content.title, content.period, content.source_note, summary]
    for section in content.sections:
        out.append(("section", section.heading, section.key, section.page_break))
        for block in section.blocks:
            if isinstance(block, ReportFigure):
                out.append(("figure", block.key, block.title))
            elif isinstance(block, ReportTable):
                out.append(("table", block.key, block.title, block.note, block.frame))
            elif isinstance(block, BulletList):
                out.append(("bullets", list(block.items)))
            else:
                out.append(block)
    return out


def assert_same_report(tracker: Tracker, **options: Any) -> ReportContent:
    """The database's report equals the pandas one built from every row up to the end."""
    filters = {k: options[k] for k in ("issue", "section", "source") if k in options}
    frame = tracker.assessments(until=options.get("until"), **filters)
    scope = options.get("issue") or options.get("section")
    want = standard_report(
        frame,
        since=options.get("since"),
        until=options.get("until"),
        title=f"Weekly assessments: {scope}" if scope else "Weekly assessments",
        colours=tracker.vocabulary.colours,
        scores=tracker.vocabulary.scores,
        generated_at=pd.Timestamp("2024-01-01", tz="UTC").to_pydatetime(),
    )
    got = tracker.report_content(**options)
    try:
        a, b = _blocks(got), _blocks(want)
        assert len(a) == len(b), (len(a), len(b))
        for mine, theirs in zip(a, b, strict=True):
            if isinstance(mine, tuple) and mine[0] == "table":
                assert mine[:4] == theirs[:4]
                pd.testing.assert_frame_equal(mine[4], theirs[4], check_exact=True)
            else:
                assert mine == theirs
        return got
    finally:
        close_figures(got)
        close_figures(want)
        plt.close("all")


def assert_same_history(tracker: Tracker, **filters: Any) -> None:
    """The whole-history page's data: counts, spans and the chart's weekly counts."""
    frame = tracker.assessments(**filters)
    source = FrameSource(frame)
    end = source.last_week()
    assert end is not None
    want = source.history(end)
    with tracker.session() as session:
        ids = tracker.archive.filters(session, **filters)
        got = DatabaseReport(session, ids, tracker.vocabulary.scores).history(end)
    assert (got.assessments, got.issues, got.sections, got.first, got.last) == (
        want.assessments,
        want.issues,
        want.sections,
        want.first,
        want.last,
    )
    pd.testing.assert_frame_equal(got.spans, want.spans, check_exact=True)
    chart = section_history(frame)
    assert got.chart.sizes.to_dict() == chart.sizes.to_dict()
    assert list(got.chart.sizes.index) == list(chart.sizes.index)
    assert set(got.chart.weekly) == set(chart.weekly)
    for name, table in chart.weekly.items():
        pd.testing.assert_frame_equal(got.chart.weekly[name], table, check_exact=True)
    assert (got.chart.first, got.chart.last, got.chart.last_end, got.chart.total) == (
        chart.first,
        chart.last,
        chart.last_end,
        chart.total,
    )
    assert got.chart.sources == chart.sources


def test_the_sparse_decade(db_url: str) -> None:
    load_archive(db_url, sparse_decade())
    with open_tracker(db_url) as tracker:
        assert_same_history(tracker)
        assert_same_report(tracker)  # a default period that has to grow
        assert_same_report(tracker, since="2016-01-01", until="2016-12-31")


def test_the_crowded_decade(db_url: str) -> None:
    load_archive(db_url, crowded_decade())
    with open_tracker(db_url) as tracker:
        assert_same_history(tracker)
        assert_same_history(tracker, section="Economy")
        content = assert_same_report(tracker)
        assert any(s.heading == "Issues that moved" and s.blocks for s in content.sections)
        assert_same_report(tracker, since="2020-03-01", until="2020-06-30")
        assert_same_report(tracker, section="Economy", until="2019-09-30")
        # what the quarter's report reads: the quarter and a few weeks per issue, not the decade
        every = len(tracker.assessments())
        with tracker.session() as session:
            source = DatabaseReport(session, {}, tracker.vocabulary.scores)
            end = source.last_week()
            assert end is not None
            read = len(source.recent(end - timedelta(weeks=13), end, 4))
            read += len(source.period(end - timedelta(weeks=13), end))
        assert 0 < read < every / 2, (read, every)


@pytest.mark.parametrize("seed", [1, 2])
def test_awkward_archives(db_url: str, seed: int) -> None:
    """Weeks that do not start on a Monday, disagreeing assessments of one week, weeks
    without a verdict, a status without a score, ids in no week order."""
    frame = awkward_archive(seed)
    load_archive(db_url, frame.sample(frac=1.0, random_state=seed))
    with open_tracker(db_url) as tracker:
        assert_same_history(tracker)
        for since, until in ((None, None), ("2019-03-01", "2019-06-30"), ("2019-05-08", None)):
            content = assert_same_report(tracker, since=since, until=until)
        alerts = next(s for s in content.sections if s.heading == "Alerts")
        assert any(isinstance(b, BulletList) for b in alerts.blocks)


def test_the_demo_archive(db_url: str, demo_run: demo_fixture.DemoRun) -> None:
    demo_fixture.import_demo(demo_run, db_url)
    with open_tracker(db_url) as tracker:
        assert_same_history(tracker)
        assert_same_report(tracker)
        assert_same_report(tracker, since="2019-01-01", until="2019-12-31")
        assert_same_report(tracker, section="Economy")
        first = tracker.issues()["issue"].iloc[0]
        assert_same_report(tracker, issue=first)


def test_an_empty_archive(db_url: str) -> None:
    with open_tracker(db_url) as tracker:
        assert_same_report(tracker)
        assert_same_report(tracker, since="2020-01-01", until="2020-03-31")


def assert_same_alerts(tracker: Tracker, **options: Any) -> pd.DataFrame:
    """``tracker trends --kind alerts`` (each issue's last verdicts, read by the database) is
    ``trends.alerts_deteriorating`` of every assessment the filters select."""
    k, n, as_of = options.pop("k", 2), options.pop("n", 4), options.pop("as_of", None)
    want = trends.alerts_deteriorating(tracker.assessments(**options), k, n, as_of=as_of)
    got = tracker.trends("alerts", k=k, n=n, as_of=as_of, **options)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    return got


def test_alerts_read_each_issues_last_verdicts(db_url: str) -> None:
    load_archive(db_url, crowded_decade())
    with open_tracker(db_url) as tracker:
        assert len(assert_same_alerts(tracker)) > 0
        assert_same_alerts(tracker, k=1, n=1)
        assert_same_alerts(tracker, k=3, n=6, as_of="2019-05-15")
        assert_same_alerts(tracker, section="Economy", since="2018-01-01", until="2020-06-30")
        assert_same_alerts(tracker, since="2030-01-01")  # nothing selected


@pytest.mark.parametrize("seed", [1, 2])
def test_alerts_of_awkward_archives(db_url: str, seed: int) -> None:
    load_archive(db_url, awkward_archive(seed).sample(frac=1.0, random_state=seed))
    with open_tracker(db_url) as tracker:
        assert_same_alerts(tracker)
        assert_same_alerts(tracker, k=1, n=2, as_of="2019-06-12")  # a Wednesday
        assert_same_alerts(tracker, since="2019-04-03", until="2019-08-01", k=2, n=3)
