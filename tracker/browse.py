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

__all__ = ["Overview", "SectionView", "data_version", "issue_names", "neighbour_weeks",
           "overview", "provisional_issues", "provisional_summary", "section_names",
           "section_view", "source_names", "week_range"]  # fmt: skip


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
    of the period.  ``status`` keeps the issues whose last status it is.

    Unfiltered, the rows are ``Tracker.issues()`` (every live issue, even one without
    assessments) and only the strip's weeks are read again; filtered, the filtered
    assessments are read once and give both.
    """
    from tracker import trends

    if status is not None and status not in (*tracker.vocabulary.scores, "none"):
        known = ", ".join([*tracker.vocabulary.scores, "none"])
        raise InputError(f"unknown status {status!r}", hint=f"choose one of: {known}")
    filtered = any(v not in (None, "") for v in (section, source, since, until))
    if filtered:
        frame = tracker.assessments(section=section, source=source, since=since, until=until)
        summary = trends.issue_summary(frame, scores=tracker.vocabulary.scores)
        provisional = {issue_id for issue_id, _, _ in provisional_issues(tracker)}
        summary["provisional"] = summary["issue_id"].isin(provisional)
        last = frame["week_start"].max().date() if len(frame) else None
    else:
        summary = tracker.issues()
        last = week_range(tracker)[1]
        frame = None
    if status is not None:
        summary = summary[summary["last_status"] == status].reset_index(drop=True)
    if last is None:
        return Overview(summary, [], {})
    last = last - timedelta(days=last.weekday())
    strip_weeks = [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    if frame is None:
        frame = tracker.assessments(since=strip_weeks[0])
    return Overview(summary, strip_weeks, _strips(frame, strip_weeks))


def _strips(frame: pd.DataFrame, strip_weeks: list[date]) -> dict[int, list[str | None]]:
    import pandas as pd

    first = pd.Timestamp(strip_weeks[0])
    recent = frame[frame["week_start"] >= first]
    monday = recent["week_start"] - pd.to_timedelta(recent["week_start"].dt.day_of_week, unit="D")
    slot = ((monday - first).dt.days // 7).to_numpy()
    strips: dict[int, list[str | None]] = {}
    for issue_id, position, value in zip(
        recent["issue_id"].to_numpy(), slot, recent["status"].to_numpy(), strict=True
    ):
        row = strips.setdefault(int(issue_id), [None] * len(strip_weeks))
        row[int(position)] = "none" if value is None else str(value)
    return strips


def issue_names(tracker: Tracker) -> list[tuple[str, str]]:
    """(name, slug) of every live issue: what a 404 page and the review forms offer."""
    with tracker.session() as session:
        return [(i.name, i.slug) for i in store.list_issues(session)]


def provisional_issues(tracker: Tracker) -> list[tuple[int, str, str]]:
    """(id, name, slug) of the live issues made automatically, awaiting review."""
    with tracker.session() as session:
        return [(int(i.id or 0), i.name, i.slug) for i in store.list_issues(session)
                if i.provisional]  # fmt: skip


def provisional_summary(tracker: Tracker) -> pd.DataFrame:
    """The ``Tracker.issues()`` rows of the provisional issues, aggregated by the database."""
    found = provisional_issues(tracker)
    if found:
        summary = tracker.issue_summary(issue=[f"#{issue_id}" for issue_id, _, _ in found])
    else:  # no issue filter would mean every issue: ask for a period with nothing in it
        summary = tracker.issue_summary(until=date.min)
    summary["provisional"] = True
    return summary


@dataclass(frozen=True)
class SectionView:
    """One section's assessments and the trend tables its page shows."""

    assessments: pd.DataFrame
    issues: pd.DataFrame
    alerts: pd.DataFrame
    silent: pd.DataFrame
    weekly: pd.DataFrame


def section_view(
    tracker: Tracker, section: str, *, k: int = 2, n: int = 4, silent_weeks: int = 8
) -> SectionView:
    """A section's issues, alerts (deteriorated in ``k`` of the last ``n`` verdicts), silent
    issues (nothing for more than ``silent_weeks`` weeks before the database's latest week)
    and weekly balance, from one read of its assessments (the weekly table reads again)."""
    from tracker import trends

    frame = tracker.assessments(section=section)
    summary = trends.issue_summary(frame, scores=tracker.vocabulary.scores)
    provisional = {issue_id for issue_id, _, _ in provisional_issues(tracker)}
    summary["provisional"] = summary["issue_id"].isin(provisional)
    latest = week_range(tracker)[1]
    return SectionView(
        assessments=frame,
        issues=summary,
        alerts=trends.alerts_deteriorating(frame, k, n),
        silent=trends.alerts_silent(frame, silent_weeks, as_of=latest),
        weekly=tracker.trends("weekly", section=section),
    )
