"""Use cases of the web view (:mod:`tracker.serve`) that :class:`~tracker.api.Tracker` has
no method for: the overview of every issue with a strip of recent statuses, the weeks around
a week, the names to filter by, and the data version that page and chart caches are keyed by.

Functions here take a :class:`~tracker.api.Tracker` and return DataFrames or plain values,
like its methods; they are a separate module so that the web view adds no weight to the
``Tracker`` class every command imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tracker import store
from tracker.errors import InputError
from tracker.store import web as web_sql

if TYPE_CHECKING:
    import pandas as pd

    from tracker.api import Tracker

__all__ = ["Overview", "data_version", "neighbour_weeks", "overview", "section_names",
           "source_names", "week_range"]  # fmt: skip


def data_version(tracker: Tracker) -> tuple[int, ...]:
    """A value that changes whenever the data a page shows may have changed."""
    with tracker.session() as session:
        return web_sql.data_version(session)


def neighbour_weeks(tracker: Tracker, start: date) -> tuple[date | None, date | None]:
    """The first days of the nearest weeks with assessments before and after ``start``."""
    with tracker.session() as session:
        return web_sql.neighbour_weeks(session, start)


def week_range(tracker: Tracker) -> tuple[date | None, date | None]:
    """The first days of the earliest and the latest week with assessments."""
    with tracker.session() as session:
        return web_sql.week_range(session)


def section_names(tracker: Tracker) -> list[str]:
    with tracker.session() as session:
        return sorted(s.name for s in store.list_sections(session))


def source_names(tracker: Tracker) -> list[str]:
    with tracker.session() as session:
        return sorted(s.name for s in store.list_sources(session))


@dataclass(frozen=True)
class Overview:
    """Every issue (one row each, the columns of ``Tracker.issues``) and its recent statuses.

    ``strip_weeks`` are the first days of the last weeks shown (oldest first) and
    ``strips[issue_id]`` the status of each of those weeks ("none" for an assessment
    without a verdict, None where the issue was not assessed that week).
    """

    issues: pd.DataFrame
    strip_weeks: list[date]
    strips: dict[int, list[str | None]]


def overview(
    tracker: Tracker,
    *,
    section: str | None = None,
    source: str | None = None,
    status: str | None = None,
    since: Any = None,
    until: Any = None,
    weeks: int = 26,
) -> Overview:
    """The issues assessed in the period (every live issue when nothing is filtered), with
    their last status and streak, and a strip of their statuses over the last ``weeks`` weeks
    of the period.  ``status`` keeps the issues whose last status it is."""
    import pandas as pd

    from tracker import trends

    if status is not None and status not in (*tracker.vocabulary.scores, "none"):
        known = ", ".join([*tracker.vocabulary.scores, "none"])
        raise InputError(f"unknown status {status!r}", hint=f"choose one of: {known}")
    filtered = any(v not in (None, "") for v in (section, source, since, until))
    frame = tracker.assessments(section=section, source=source, since=since, until=until)
    if filtered:
        summary = trends.issue_summary(frame, scores=tracker.vocabulary.scores)
        summary["provisional"] = False
        if len(summary):
            provisional = tracker.issues().set_index("issue_id")["provisional"]
            summary["provisional"] = summary["issue_id"].map(provisional).fillna(False).astype(bool)
    else:
        summary = tracker.issues()
    if status is not None:
        summary = summary[summary["last_status"] == status].reset_index(drop=True)
    if frame.empty:
        return Overview(summary, [], {})
    last = frame["week_start"].max().date()
    last = last - timedelta(days=last.weekday())
    strip_weeks = [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    recent = frame[frame["week_start"] >= pd.Timestamp(strip_weeks[0])]
    monday = recent["week_start"] - pd.to_timedelta(recent["week_start"].dt.day_of_week, unit="D")
    slot = ((monday - pd.Timestamp(strip_weeks[0])).dt.days // 7).to_numpy()
    strips: dict[int, list[str | None]] = {}
    for issue_id, position, value in zip(
        recent["issue_id"].to_numpy(), slot, recent["status"].to_numpy(), strict=True
    ):
        row = strips.setdefault(int(issue_id), [None] * weeks)
        row[int(position)] = "none" if value is None else str(value)
    return Overview(summary, strip_weeks, strips)
