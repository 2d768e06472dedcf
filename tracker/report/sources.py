"""What the standard report (:mod:`tracker.report.standard`) asks of the assessments it
covers: :class:`ReportSource`, the questions; :class:`FrameSource`, their answers from a frame
of every assessment up to the report's end; :class:`ArchiveHistory`, the whole history for the
report's opening page.  The database answers the same questions without loading the frame
(``tracker.analysis.DatabaseReport``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

if TYPE_CHECKING:
    from tracker.charts.balance import SectionHistory

__all__ = ["ArchiveHistory", "FrameSource", "ReportSource"]


def _day(value: Any) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


@dataclass(frozen=True)
class ArchiveHistory:
    """The whole history up to a report's end, for its opening page: how many assessments,
    issues and sections, the first and last week, each issue's span (``spans``: indexed by
    issue_id, columns issue, section, first_week, last_week, assessments) and what the
    whole-history chart draws."""

    assessments: int
    issues: int
    sections: int
    first: date
    last: date
    spans: pd.DataFrame
    chart: SectionHistory


class ReportSource(Protocol):
    """The questions the standard report asks of the assessments it covers (those its
    filters select; "rows" are those up to ``end``), in the columns and order of
    ``Tracker.assessments()``."""

    def last_week(self) -> date | None:
        """The latest week_start, or None without assessments."""

    def first_week(self, end: date) -> date | None:
        """The earliest week_start up to ``end``."""

    def count_since(self, day: date, end: date) -> int:
        """Assessments with ``day <= week_start <= end``."""

    def period(self, start: date, end: date) -> pd.DataFrame:
        """The rows with ``start <= week_start <= end``."""

    def recent(self, start: date, end: date, n: int) -> pd.DataFrame:
        """Rows (every row of each issue-week taken) that hold, for every issue, its weeks from
        the Monday of ``start`` on, its last verdict week before them, its last ``n`` verdict
        weeks and its last week: all that change points from ``start`` on, alerts over the
        last ``n`` verdicts and silences need.  All rows will do."""

    def history(self, end: date, *, sources: bool = True) -> ArchiveHistory:
        """The whole history up to ``end`` (called only when there are rows); the chart's
        ``sources`` only when ``sources`` is set (the footnote names them only when the
        period's rows name none)."""

    def summary(self, end: date) -> pd.DataFrame:
        """``trends.issue_summary`` of the rows up to ``end``."""

    def timeline(self, issue_id: int, since: date, end: date) -> pd.DataFrame:
        """One issue's rows with ``since <= week_start <= end``."""


class FrameSource:
    """A :class:`ReportSource` over a frame of assessments (every row up to the end)."""

    def __init__(self, frame: pd.DataFrame, *, scores: Mapping[str, float] | None = None) -> None:
        rows = frame.copy()
        if len(rows):
            rows["week_start"] = pd.to_datetime(rows["week_start"])
        self.frame = rows
        self.scores = scores

    def rows(self, end: date) -> pd.DataFrame:
        rows = self.frame
        return rows[rows["week_start"] <= pd.Timestamp(end)] if len(rows) else rows

    def last_week(self) -> date | None:
        return _day(self.frame["week_start"].max()) if len(self.frame) else None

    def first_week(self, end: date) -> date | None:
        rows = self.rows(end)
        return _day(rows["week_start"].min()) if len(rows) else None

    def count_since(self, day: date, end: date) -> int:
        rows = self.rows(end)
        return int((rows["week_start"] >= pd.Timestamp(day)).sum()) if len(rows) else 0

    def period(self, start: date, end: date) -> pd.DataFrame:
        rows = self.rows(end)
        return rows[rows["week_start"] >= pd.Timestamp(start)] if len(rows) else rows

    def recent(self, start: date, end: date, n: int) -> pd.DataFrame:
        return self.rows(end)

    def history(self, end: date, *, sources: bool = True) -> ArchiveHistory:
        from tracker.charts.balance import section_history

        rows = self.rows(end)
        spans = rows.groupby("issue_id").agg(
            issue=("issue", "last"),
            section=("section", "last"),
            first_week=("week_start", "min"),
            last_week=("week_start", "max"),
            assessments=("week_start", "size"),
        )
        weeks = rows["week_start"]
        return ArchiveHistory(
            assessments=len(rows),
            issues=int(rows["issue_id"].nunique()),
            sections=int(rows["section"].nunique()) if "section" in rows else 0,
            first=weeks.min().date(),
            last=weeks.max().date(),
            spans=spans,
            chart=section_history(rows),
        )

    def summary(self, end: date) -> pd.DataFrame:
        from tracker import trends

        rows = self.rows(end)
        return trends.issue_summary(rows, scores=self.scores) if len(rows) else pd.DataFrame()

    def timeline(self, issue_id: int, since: date, end: date) -> pd.DataFrame:
        rows = self.rows(end)
        return rows[(rows["issue_id"] == issue_id) & (rows["week_start"] >= pd.Timestamp(since))]
