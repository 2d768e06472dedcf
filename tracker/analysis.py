"""Trends, charts and reports: the ``Analysis`` piece of :class:`tracker.api.Tracker`.

The data come from ``Tracker.assessments`` with the same filters everywhere (issue, section,
source, since, until), so ``tracker trends`` and ``tracker chart`` always describe the same
rows.  The computing is in :mod:`tracker.trends` and the drawing in :mod:`tracker.charts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.archive import as_date
from tracker.errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure
    from sqlmodel import Session

    from tracker.archive import Archive
    from tracker.report import ReportContent
    from tracker.report.sources import ArchiveHistory

#: ``tracker trends --kind``: what each kind shows.
TREND_KINDS: dict[str, str] = {
    "summary": "one row per issue: assessments, first/last week, last status, streak",
    "weekly": "per section and week: status counts, shares, net and rolling balance",
    "scores": "per issue and week: score, cumulative trend index, changes",
    "streaks": "per issue: current streak and the longest streak of each status",
    "changes": "change points: weeks where an issue's status changed",
    "transitions": "how often each status follows each (counts)",
    "alerts": "issues that deteriorated in k of their last n assessments",
    "silent": "issues with no assessment for more than N weeks",
}


#: The chart options of :meth:`Analysis.figure` and the kinds each applies to.
CHART_OPTIONS: dict[str, tuple[str, ...]] = {
    "resolution": ("calendar", "multiples", "balance"),
    "select": ("calendar", "multiples"),
    "max_issues": ("calendar", "multiples"),
    "issues": ("calendar", "multiples"),
    "min_verdicts": ("balance",),
}


class Analysis:
    """Trends, figures, chart files and reports: a piece of :class:`tracker.api.Tracker`,
    given the :class:`~tracker.archive.Archive` it reads."""

    def __init__(self, archive: Archive) -> None:
        self.vocabulary = archive.vocabulary
        self.session = archive.session
        self.filters = archive.filters
        self.selection = archive.selection
        self.assessments = archive.assessments
        self.issue_summary = archive.issue_summary

    def trends(
        self,
        kind: str = "summary",
        *,
        issue: str | Sequence[str] | None = None,
        section: str | Sequence[str] | None = None,
        source: str | None = None,
        since: Any = None,
        until: Any = None,
        by: str | None = "section",
        rolling: int = 4,
        k: int = 2,
        n: int = 4,
        silent_weeks: int = 8,
        as_of: Any = None,
    ) -> pd.DataFrame:
        """A trend table (see :data:`TREND_KINDS`) over the filtered assessments."""
        from tracker import trends

        filters: dict[str, Any] = {
            "issue": issue,
            "section": section,
            "source": source,
            "since": since,
            "until": until,
        }
        if kind.strip().lower() == "summary":  # aggregated by the database
            return self.issue_summary(**filters)
        if kind.strip().lower() == "silent":  # from the same summaries
            return self._silent(filters, silent_weeks, as_of)
        if kind.strip().lower() == "alerts":  # each issue's last verdicts, not every row
            return self._alerts(filters, k, n, as_of)
        frame = self._issue_weeks(filters)
        builders: dict[str, Callable[[], pd.DataFrame]] = {
            "weekly": lambda: _weekly(frame, by, rolling),
            "scores": lambda: trends.score_series(frame, scores=self.vocabulary.scores),
            "streaks": lambda: trends.streaks(frame),
            "changes": lambda: trends.change_points(frame),
            "transitions": lambda: trends.transition_matrix(frame).reset_index(),
        }
        build = builders.get(kind.strip().lower())
        if build is None:
            raise InputError(
                f"unknown trend kind {kind!r}", hint=f"choose one of: {', '.join(TREND_KINDS)}"
            )
        return build()

    def _issue_weeks(self, filters: dict[str, Any]) -> pd.DataFrame:
        """The filtered assessments as the weekly trends read them: one row per issue-week,
        chosen by the database (:func:`tracker.store.summary.load_issue_weeks`), so that a
        trend's memory follows its issues and weeks, not the rows behind them."""
        from tracker.store.summary import load_issue_weeks

        with self.session() as session:
            return load_issue_weeks(session, **self.selection(session, **filters))

    def _alerts(self, filters: dict[str, Any], k: int, n: int, as_of: Any) -> pd.DataFrame:
        """``trends.alerts_deteriorating`` of the rows it depends on: each issue's last ``n``
        verdict weeks and last week up to ``as_of`` (:func:`tracker.store.report.load_recent`)."""
        from datetime import timedelta

        from tracker import trends
        from tracker.store.report import load_recent, week_bounds

        since = as_date(filters.get("since"), what="--since date")
        until = as_date(filters.get("until"), what="--until date")
        day = as_date(as_of, what="as_of date")
        if day is not None:  # every assessment whose week's Monday is on as_of or before
            last_day = day - timedelta(days=day.weekday()) + timedelta(days=6)
            until = last_day if until is None else min(until, last_day)
        with self.session() as session:
            ids = self.filters(
                session,
                issue=filters.get("issue"),
                section=filters.get("section"),
                source=filters.get("source"),
            )
            end = until if until is not None else week_bounds(session, ids)[1] or date.min
            rows = load_recent(session, ids, end, end, n, since=since)
        return trends.alerts_deteriorating(rows, k, n, as_of=as_of)

    def _silent(self, filters: dict[str, Any], weeks: int, as_of: Any) -> pd.DataFrame:
        """``trends.alerts_silent`` from the per-issue summaries: each issue's last week and
        status is all it needs, so no assessment is loaded."""
        from datetime import timedelta

        import pandas as pd

        if weeks < 0:
            raise InputError(f"silence of {weeks} weeks", hint="use 0 weeks or more")
        day = as_date(as_of, what="as_of date")
        ref = None if day is None else day - timedelta(days=day.weekday())
        if ref is not None:  # every assessment of a week up to as_of's week
            last_day = ref + timedelta(days=6)
            until = as_date(filters.get("until"), what="--until date")
            filters = {**filters, "until": last_day if until is None else min(until, last_day)}
        summary = self.issue_summary(**filters)
        out = summary[["issue_id", "issue", "section", "last_week"]].copy()
        latest = pd.Timestamp(ref) if ref is not None else summary["last_week"].max()
        out["weeks_silent"] = ((latest - out["last_week"]).dt.days // 7).astype("int64")
        out["last_status"] = summary["last_status"]
        out = out[out["weeks_silent"] > weeks]
        return out.sort_values(["weeks_silent", "issue_id"], ascending=[False, True]).reset_index(
            drop=True
        )

    def figure(
        self,
        kind: str,
        *,
        issue: str | None = None,
        section: str | None = None,
        source: str | None = None,
        since: Any = None,
        until: Any = None,
        title: str | None = None,
        resolution: str | None = None,
        select: str | None = None,
        max_issues: int | None = None,
        show: Sequence[str] | None = None,
        min_verdicts: int | None = None,
    ) -> Figure:
        """A finished chart (``timeline``, ``calendar``, ``balance``, ``multiples``,
        ``transitions``, ``streaks``) of the filtered assessments, for a notebook or a file.

        Options for the charts they apply to (None: the chart's default): ``resolution``
        ("auto", "week", "month", "quarter", "year") for calendar, multiples and balance;
        ``select`` ("active", "changed", "recent"), ``max_issues`` and ``show`` (the issues to
        draw, by name, slug or id) for calendar and multiples; ``min_verdicts`` (the verdicts a
        coarse cell needs for a net balance point) for balance.  An option given for a chart
        it does not apply to is an InputError."""
        from tracker import charts

        kind = kind.strip().lower()
        if kind not in charts.CHART_KINDS:
            raise InputError(
                f"unknown chart kind {kind!r}",
                hint=f"choose one of: {', '.join(charts.CHART_KINDS)}",
            )
        if kind == "timeline" and not issue:
            raise InputError("a timeline is of one issue", hint="pass --issue NAME")
        frame = self.assessments(
            issue=issue, section=section, source=source, since=since, until=until
        )
        options: dict[str, Any] = {
            "title": title,
            "source": _source_note(frame),
            "period": _period(frame, since, until),
            "colours": self.vocabulary.colours,
        }
        if kind in {"balance", "multiples"}:
            options["section"] = section if isinstance(section, str) else None
        if kind == "timeline":
            options["scores"] = self.vocabulary.scores
        chosen = {
            "resolution": resolution,
            "select": select,
            "max_issues": max_issues,
            "issues": list(show) if show else None,
            "min_verdicts": min_verdicts,
        }
        for name, value in chosen.items():
            if value is None:
                continue
            kinds = CHART_OPTIONS[name]
            if kind not in kinds:
                flag = "--" + ("show" if name == "issues" else name.replace("_", "-"))
                raise InputError(
                    f"{flag} does not apply to a {kind} chart",
                    hint=f"it applies to: {', '.join(kinds)}",
                )
            options[name] = value
        return charts.figure_for(kind, frame, **options)

    def chart(
        self,
        /,
        kind: str,
        path: str | Path,
        *,
        dpi: int = 150,
        **filters: Any,
    ) -> Path:
        """Write chart ``kind`` to ``path``: PNG, SVG or PDF by the file's extension."""
        import matplotlib.pyplot as plt

        from tracker.charts import write_figure

        target = Path(path)
        if target.suffix.lower() not in {".png", ".svg", ".pdf"}:
            raise InputError(
                f"cannot write a chart as {target.suffix or 'a file without extension'!r}",
                hint="name the file .png, .svg or .pdf",
            )
        fig = self.figure(kind, **filters)
        try:
            return write_figure(fig, target, dpi=dpi)
        finally:
            plt.close(fig)

    def report_content(
        self,
        *,
        since: Any = None,
        until: Any = None,
        section: str | None = None,
        issue: str | None = None,
        source: str | None = None,
        title: str | None = None,
    ) -> ReportContent:
        """The standard report of a period (see :mod:`tracker.report.standard`).

        The history before ``since`` is read too, so streaks, alerts and timelines look back;
        counts and charts cover the period.  Without ``since`` the period is the last 13 weeks.
        The database answers the report's questions (:class:`DatabaseReport`): the period's
        rows and each issue's last weeks are read, the rest is aggregated in SQL.
        """
        from tracker.report.standard import standard_report

        scope = issue or section
        with self.session() as session:
            filters = self.filters(session, issue=issue, section=section, source=source)
            content = standard_report(
                DatabaseReport(session, filters, self.vocabulary.scores, until=until),
                since=since,
                until=until,
                title=title or (f"Weekly assessments: {scope}" if scope else "Weekly assessments"),
                colours=self.vocabulary.colours,
                scores=self.vocabulary.scores,
            )
        undated = len(self.assessments(issue=issue, section=section, source=source, undated=True))
        if not undated:
            return content
        from dataclasses import replace

        left_out = (
            "Left out",
            f"{undated:,} undated assessment{'s' if undated != 1 else ''}: their pages state "
            "no week (date them with 'tracker date ID WEEK')",
        )
        return replace(content, summary=[*content.summary, left_out])

    def report(
        self,
        /,
        paths: str | Path | Sequence[str | Path],
        **filters: Any,
    ) -> list[Path]:
        """Write the report to one or more files (.html, .pdf, .md); return the files written."""
        from tracker.report import write_reports
        from tracker.report.standard import close_figures

        targets = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
        content = self.report_content(**filters)
        try:
            return write_reports(content, targets)
        finally:
            close_figures(content)


class DatabaseReport:
    """The standard report's questions (:class:`tracker.report.standard.ReportSource`)
    answered by the database in one session (:mod:`tracker.store.report`): it reads the
    period's rows, each issue's last weeks and the timelines' issues, and aggregates the
    whole history and the issue summaries, so memory does not grow with the archive."""

    def __init__(
        self,
        session: Session,
        filters: dict[str, Any],
        scores: Mapping[str, float],
        *,
        until: Any = None,
    ) -> None:
        self.session = session
        self.filters = filters
        self.scores = scores
        self.until = until

    def last_week(self) -> date | None:
        from tracker.store.report import week_bounds

        return week_bounds(self.session, self.filters)[1]

    def first_week(self, end: date) -> date | None:
        from tracker.store.report import week_bounds

        return week_bounds(self.session, self.filters, end)[0]

    def count_since(self, day: date, end: date) -> int:
        from tracker.store.report import count_between

        return count_between(self.session, self.filters, day, end)

    def period(self, start: date, end: date) -> pd.DataFrame:
        from tracker.store.report import load_between

        return load_between(self.session, self.filters, start, end)

    def recent(self, start: date, end: date, n: int) -> pd.DataFrame:
        from tracker.store.report import load_recent

        return load_recent(self.session, self.filters, start, end, n)

    def timeline(self, issue_id: int, since: date, end: date) -> pd.DataFrame:
        from tracker.store.report import load_between

        return load_between(self.session, self.filters, since, end, issue_id=issue_id)

    def summary(self, end: date) -> pd.DataFrame:
        from tracker.store.summary import load_issue_summary
        from tracker.trends import sort_by_section

        # when no row comes after the end, every row is up to it: the kept summaries serve
        last = self.last_week()
        until = None if self.until is None or last is None or last <= end else end
        return sort_by_section(
            load_issue_summary(self.session, scores=self.scores, **self.filters, until=until)
        )

    def history(self, end: date, *, sources: bool = True) -> ArchiveHistory:
        import pandas as pd

        from tracker.charts.balance import SectionHistory
        from tracker.report.sources import ArchiveHistory
        from tracker.store.report import load_history

        found = load_history(self.session, self.filters, end, sources=sources)
        weeks = found["section_weeks"]
        # the sections ranked as value_counts ranks a frame's: most assessments first, ties
        # in the order of each section's first assessment (week, then id)
        named = weeks.assign(section=weeks["section"].fillna("(no section)"))
        first = named.sort_values(["week_start", "first_id"]).drop_duplicates("section")
        sizes = named.groupby("section", sort=False)["assessments"].sum()
        sizes = sizes.reindex(first["section"].to_numpy())
        sizes.index.name = None
        sizes.name = "count"
        ranked = sizes.sort_values(ascending=False)
        counts = found["section_counts"]
        chart = SectionHistory(
            ranked,
            {"(no section)" if k is None else str(k): v for k, v in counts.items()},
            first=weeks["week_start"].min(),
            last=weeks["week_start"].max(),
            last_end=pd.Timestamp(found["last_end"]),
            sources=tuple(found.get("sources", ())),
            total=int(weeks["assessments"].sum()),
        )
        spans = found["spans"]
        return ArchiveHistory(
            assessments=chart.total,
            issues=len(spans),
            sections=int(weeks["section"].dropna().nunique()),
            first=weeks["week_start"].min().date(),
            last=weeks["week_start"].max().date(),
            spans=spans,
            chart=chart,
        )


def _weekly(frame: pd.DataFrame, by: str | None, rolling: int) -> pd.DataFrame:
    from tracker import trends

    keys = [by, "week"] if by else ["week"]
    counts = trends.weekly_status_counts(frame, by=by)
    balance = trends.net_balance(frame, by=by)[[*keys, "balance", "balance_share"]]
    roll = trends.rolling_balance(frame, rolling, by=by)[[*keys, "rolling_balance"]]
    active = trends.active_issues(frame, by=by)
    out = counts.merge(balance, on=keys, how="left").merge(roll, on=keys, how="left")
    return out.merge(active, on=keys, how="left")


def _source_note(frame: pd.DataFrame) -> str | None:
    if "source" not in frame or frame.empty:
        return None
    names = sorted({str(s) for s in frame["source"].dropna()})
    return ", ".join(names) if names else None


def _period(frame: pd.DataFrame, since: Any, until: Any) -> tuple[date, date] | None:
    """The asked period; an open end is closed by the data (or by the other end)."""
    if since is None and until is None:
        return None
    first = as_date(since, what="--since date")
    last = as_date(until, what="--until date")
    if first is None:
        first = frame["week_start"].min().date() if len(frame) else last
    if last is None:
        last = frame["week_end"].max().date() if len(frame) else first
    assert first is not None and last is not None
    return (first, last)
