"""The standard trend report, assembled from an assessments frame with trends and charts.

:func:`standard_report` is what ``tracker report`` and ``tracker demo`` need: give it the
assessments (``Tracker.assessments()``, already filtered by section or issue if wanted) and a
period, and it returns a :class:`~tracker.report.ReportContent` with

0. the whole history: each section's balance over the whole archive, the longest-running
   issues (and, when the period was chosen for the user, why);
1. a period and coverage summary;
2. *What changed this period*: every change of verdict in the period, with its headline;
3. *Alerts*: issues that deteriorated in ``alert_k`` of their last ``alert_n`` verdicts, and
   issues that went quiet;
4. the section balance chart and 5. the status calendar of the period;
6. a timeline for each issue that moved (the most changes first, at most ``max_timelines``);
7. a table of every issue with its last status, streak and last headline;
8. an appendix listing the sources.

Nothing here touches a database.  The report asks its questions of a
:class:`~tracker.report.sources.ReportSource`: :class:`~tracker.report.sources.FrameSource`
answers them from a frame of every assessment (what :func:`standard_report` is given), and
``Tracker.report_content`` answers them from the database (:mod:`tracker.store.report`),
reading only the period's rows and each issue's last weeks, and aggregating the rest in SQL.
Both give the same report.  The figures are new and
belong to the content (close them with :func:`close_figures` once the files are written).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd

from tracker.report import (
    Block,
    Bullet,
    BulletList,
    ReportContent,
    ReportFigure,
    ReportSection,
    ReportTable,
    status_label,
)
from tracker.report.sources import ArchiveHistory, FrameSource, ReportSource, _day

__all__ = [
    "ArchiveHistory",
    "FrameSource",
    "ReportSource",
    "close_figures",
    "format_period",
    "standard_report",
]

DEFAULT_WEEKS = 13  # a quarter, when no start is given and it holds enough assessments
#: Stretches tried, shortest first, for the default period: (weeks, how the report names it).
STRETCHES: tuple[tuple[int, str], ...] = (
    (13, "the last quarter"),
    (26, "the last half-year"),
    (52, "the last year"),
    (104, "the last two years"),
    (260, "the last five years"),
)
MAX_SILENT = 20  # rows of the "went quiet" table
#: A period must hold this many assessments to say something about trends.
ENOUGH_ASSESSMENTS = 30


def default_start(rows: pd.DataFrame, end: date) -> tuple[date, str, int]:
    """The start of the latest stretch up to ``end`` that holds :data:`ENOUGH_ASSESSMENTS`
    (a quarter, half a year, a year, two, five years, else the whole history), with how the
    report names it and how many assessments the last quarter held."""
    return _default_start(FrameSource(rows), end)


def _default_start(source: ReportSource, end: date) -> tuple[date, str, int]:
    def start_of(n: int) -> date:
        return end - timedelta(weeks=n) + timedelta(days=1)

    quarter = source.count_since(start_of(DEFAULT_WEEKS), end)
    for n, name in STRETCHES:
        if source.count_since(start_of(n), end) >= ENOUGH_ASSESSMENTS:
            return start_of(n), name, quarter
    first = source.first_week(end)
    if first is None or first >= start_of(DEFAULT_WEEKS):
        return start_of(DEFAULT_WEEKS), "the last quarter", quarter
    return first - timedelta(days=first.weekday()), "the whole history", quarter


def format_period(since: date, until: date) -> str:
    """ "2 October – 31 December 2023", "30 December 2023 – 5 January 2024"."""
    if since.year == until.year:
        return f"{since.day} {since:%B} – {until.day} {until:%B %Y}"
    return f"{since.day} {since:%B %Y} – {until.day} {until:%B %Y}"


def standard_report(
    frame: pd.DataFrame | ReportSource,
    *,
    since: Any = None,
    until: Any = None,
    title: str = "Weekly assessments",
    subtitle: str = "Trend report",
    source_note: str | None = None,
    alert_k: int = 2,
    alert_n: int = 4,
    silent_weeks: int = 12,
    max_timelines: int = 6,
    max_changes: int = 40,
    colours: Mapping[str, str] | None = None,
    scores: Mapping[str, float] | None = None,
    generated_at: datetime | None = None,
) -> ReportContent:
    """The standard report of ``frame`` for the weeks from ``since`` to ``until``.

    ``frame`` may (and should) hold the history before ``since``: streaks, alerts and
    timelines look back; the counts, the balance chart and the calendar cover the period only.
    Without ``until`` the period ends with the last week in ``frame``; without ``since`` it
    covers the latest stretch before that which holds enough assessments to show a trend (a
    quarter when it does; half a year, a year, two or five years, or the whole history when
    not), and the report says so.  Every report opens with the whole history: each section's
    balance over the archive and the issues with the longest histories.

    ``frame`` may also be a :class:`ReportSource` that answers the report's questions (the
    database does: see ``Tracker.report_content``); the report is the same.
    """
    from tracker import charts, trends

    data = FrameSource(frame, scores=scores) if isinstance(frame, pd.DataFrame) else frame

    end = _day(until) or data.last_week() or date.today()
    chosen_note = ""
    if _day(since) is not None:
        start = _day(since)
    else:
        start, stretch, quarter = _default_start(data, end)
        if stretch != "the last quarter":
            why = (
                "the latest stretch that holds enough assessments to show a trend"
                if stretch != "the whole history"
                else f"as no recent stretch holds the {ENOUGH_ASSESSMENTS} assessments "
                "a trend needs"
            )
            chosen_note = (
                f"This report covers {stretch}, {why}: the last quarter held only "
                f"{quarter} {_plural(quarter, 'assessment')}. Choose another period with "
                "--since and --until."
            )
    assert start is not None
    rows = data.recent(start, end, alert_n)
    in_period = data.period(start, end)
    period = (pd.Timestamp(start), pd.Timestamp(end))
    sources = sorted(str(s) for s in in_period.get("source", pd.Series()).dropna().unique())
    source = ", ".join(sources) or None
    note = source_note if source_note is not None else (f"Source: {source}" if source else "")

    sections: list[ReportSection] = []
    if len(rows):
        history = data.history(end, sources=source is None)
        sections.append(_history_section(history, start, end, chosen_note, source, colours))
    elif chosen_note:
        sections.append(ReportSection("The whole history", [chosen_note]))
    changes = pd.DataFrame()
    if len(rows):
        changes = trends.change_points(rows)
        changes = changes[changes["week"] >= pd.Timestamp(start)]
    sections.append(_changes_section(changes, rows, max_changes))
    sections.append(_alerts_section(rows, start, end, alert_k, alert_n, silent_weeks))
    if len(in_period):
        balance = charts.figure_section_balance(
            in_period, source=source, period=period, colours=colours
        )
        calendar = charts.figure_status_calendar(
            in_period, source=source, period=period, colours=colours
        )
        sections.append(
            ReportSection(
                "Section balance",
                [
                    "Weekly shares of improved, unchanged and deteriorated verdicts, with the "
                    "net balance (improved − deteriorated).",
                    ReportFigure(
                        "balance",
                        "Weekly status shares and net balance",
                        balance,
                        show_title=False,
                    ),
                ],
            )
        )
        sections.append(
            ReportSection(
                "Status calendar",
                [ReportFigure("calendar", "Every issue, week by week", calendar, show_title=False)],
            )
        )
    timelines = _timelines_section(
        lambda issue_id, since: data.timeline(issue_id, since, end),
        changes,
        start,
        source,
        colours,
        scores,
        max_timelines,
    )
    sections.append(timelines)
    summary_table = data.summary(end) if len(rows) else pd.DataFrame()
    sections.append(_issues_section(summary_table, start))
    sections.append(_sources_section(in_period))

    summary = _summary(in_period, changes)
    return ReportContent(
        title=title,
        subtitle=subtitle,
        period=format_period(start, end),
        generated_at=generated_at or datetime.now(UTC),
        source_note=note,
        summary=summary,
        sections=[s for s in sections if s.blocks],
        colours=colours,
    )


def _history_section(
    history: ArchiveHistory,
    start: date,
    end: date,
    chosen_note: str,
    source: str | None,
    colours: Mapping[str, str] | None,
) -> ReportSection:
    """The opening page: every section's balance over the whole archive, and the issues with
    the longest histories, before the report turns to its period."""
    from tracker import charts

    first, last = history.first, history.last
    count, issues, sections = history.assessments, history.issues, history.sections
    intro = (
        f"The archive holds {count:,} {_plural(count, 'assessment')} of "
        f"{issues:,} {_plural(issues, 'issue')} in "
        f"{sections} {_plural(sections, 'section')}, from {format_period(first, last)}. "
        f"The rest of the report covers {format_period(start, end)}."
    )
    blocks: list[Block] = [chosen_note, intro] if chosen_note else [intro]
    spans = history.spans.copy()
    spans["years"] = ((spans["last_week"] - spans["first_week"]).dt.days / 365.25).round(1)
    longest = spans.sort_values(["assessments", "years"], ascending=False).head(LONGEST_ISSUES)
    blocks.append(
        ReportTable(
            "longest",
            "The issues with the longest histories",
            longest[
                ["issue", "section", "first_week", "last_week", "years", "assessments"]
            ].reset_index(drop=True),
            note="The issues assessed most often; years from the first to the last assessment.",
        )
    )
    figure = charts.figure_history_overview(history.chart, source=source, colours=colours)
    blocks.append(
        ReportFigure("history", "Every section over the whole history", figure, show_title=False)
    )
    return ReportSection("The whole history", blocks, key="history", page_break=True)


LONGEST_ISSUES = 6  # rows of the opening page's table


def _summary(in_period: pd.DataFrame, changes: pd.DataFrame) -> list[tuple[str, str]]:
    if not len(in_period):
        return [("Assessments", "0")]
    status = in_period["status"]
    out = [
        ("Assessments", f"{len(in_period):,}"),
        ("Issues assessed", f"{in_period['issue_id'].nunique():,}"),
        ("Weeks", f"{in_period['week_start'].dt.to_period('W').nunique():,}"),
        ("Changes of verdict", f"{len(changes):,}"),
        ("Deteriorated", f"{int(status.eq('deteriorated').sum()):,}"),
        ("Improved", f"{int(status.eq('improved').sum()):,}"),
        ("No verdict", f"{int(status.isna().sum()):,}"),
    ]
    if "language" in in_period:
        languages = in_period["language"].dropna().value_counts().index.tolist()
        out.append(("Languages", " · ".join(str(x) for x in languages) or "—"))
    return out


def _changes_section(changes: pd.DataFrame, rows: pd.DataFrame, limit: int) -> ReportSection:
    heading = "What changed this period"
    if not len(changes):
        return ReportSection(
            heading, ["No issue changed its verdict in this period."], page_break=len(rows) > 0
        )
    section_of = rows.drop_duplicates("issue_id", keep="last").set_index("issue_id")["section"]
    # The moves: a verdict turning to improved or deteriorated (or another non-neutral
    # status).  Returns to "unchanged" are counted, not listed.
    moves = changes[~changes["to_status"].isin(["unchanged", "none"])]
    returns = len(changes) - len(moves)
    ordered = moves.sort_values(["week", "issue"], ascending=[False, True])
    bullets = [
        Bullet(
            str(change.headline),
            label=str(change.issue),
            status=str(change.to_status),
            note=f"{section_of.get(change.issue_id, '') or '—'} · week of "
            f"{change.week:%d %b %Y} · before: {status_label(change.from_status).lower()}",
        )
        for change in ordered.head(limit).itertuples()
    ]
    issues = ordered["issue_id"].nunique()
    back = f"; {returns} {_plural(returns, 'return')} to “unchanged”" if returns else ""
    intro = (
        f"{len(moves)} {_plural(len(moves), 'move')} in {issues} {_plural(issues, 'issue')}, "
        f"most recent first{back}. Every other assessment in the period repeated its issue's "
        "previous verdict."
    )
    blocks: list[Block] = [intro, BulletList(bullets)]
    if len(ordered) > limit:
        blocks.append(f"… and {len(ordered) - limit} earlier moves, not listed.")
    return ReportSection(heading, blocks, page_break=True)  # after the whole history's page


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _alerts_section(
    rows: pd.DataFrame, start: date, end: date, k: int, n: int, silent_weeks: int
) -> ReportSection:
    from tracker import trends

    heading = "Alerts"
    if not len(rows):
        return ReportSection(heading, ["No assessments, no alerts."])
    alerts = trends.alerts_deteriorating(rows, k, n, as_of=end)
    # Only issues still on the agenda: assessed in the period's last 12 weeks.
    recent = max(pd.Timestamp(start), pd.Timestamp(end) - pd.Timedelta(weeks=12))
    alerts = alerts[alerts["last_week"] >= recent]
    blocks: list[Block] = [
        f"Issues assessed in the period that deteriorated in at least {k} of their last "
        f"{n} assessments."
    ]
    if len(alerts):
        blocks.append(
            BulletList(
                [
                    Bullet(
                        f"deteriorated in {a.hits} of its last {a.considered} assessments",
                        label=str(a.issue),
                        status="deteriorated",
                        note=f"{a.section} · latest verdict "
                        f"{status_label(a.last_status).lower()}, week of {a.last_week:%d %b %Y}",
                    )
                    for a in alerts.itertuples()
                ]
            )
        )
    else:
        blocks.append("None.")
    silent = trends.alerts_silent(rows, silent_weeks, as_of=end)
    # Quiet for a while, but assessed within the last year: an issue that ended long ago is
    # history, not an alert.
    silent = silent[silent["weeks_silent"] <= 52]
    if len(silent):
        table = silent[["issue", "section", "last_week", "weeks_silent", "last_status"]]
        note = "An issue that went quiet may have ended, or may have been missed."
        if len(table) > MAX_SILENT:  # a crowded register: the ones that fell quiet last
            more = len(table) - MAX_SILENT
            table = table.sort_values(["weeks_silent", "issue"]).head(MAX_SILENT)
            note += (
                f" The {MAX_SILENT} that fell quiet most recently are shown; {more:,} more "
                f"{'has' if more == 1 else 'have'} been quiet longer."
            )
        blocks.append(
            ReportTable(
                "silent",
                f"Issues without an assessment for {silent_weeks} to 52 weeks",
                table.reset_index(drop=True),
                note=note,
            )
        )
    return ReportSection(heading, blocks)


def _timelines_section(
    rows_of: Callable[[int, date], pd.DataFrame],
    changes: pd.DataFrame,
    start: date,
    source: str | None,
    colours: Mapping[str, str] | None,
    scores: Mapping[str, float] | None,
    limit: int,
) -> ReportSection:
    from tracker import charts

    heading = "Issues that moved"
    if not len(changes) or limit <= 0:
        return ReportSection(heading, [])
    moves = changes[~changes["to_status"].isin(["unchanged", "none"])]
    counts = (
        (moves if len(moves) else changes)
        .groupby("issue_id")
        .agg(n=("week", "size"), last=("week", "max"))
    )
    chosen = counts.sort_values(["n", "last"], ascending=False).head(limit).index.tolist()
    # A year of history before the period gives each change its context.
    context = (pd.Timestamp(start) - pd.Timedelta(weeks=52)).date()
    blocks: list[Block] = [
        "The cumulative index of each issue (improved +1, deteriorated −1) over the year "
        "before the period and the period itself; the most active issues first."
    ]
    for issue_id in chosen:
        history = rows_of(int(issue_id), context)
        name = str(history["issue"].iloc[-1]) if len(history) else str(issue_id)
        figure = charts.figure_issue_timeline(
            history, source=source, colours=colours, scores=scores, max_labels=8
        )
        blocks.append(ReportFigure(f"timeline-{issue_id}", name, figure, show_title=False))
    if counts.shape[0] > limit:
        more = counts.shape[0] - limit
        blocks.append(
            f"{more} more {_plural(more, 'issue')} moved; "
            f"{'its timeline is' if more == 1 else 'their timelines are'} left out."
        )
    return ReportSection(heading, blocks)


#: Beyond this many issues the report lists only those assessed in its period.
MAX_LISTED_ISSUES = 60


def _issues_section(summary: pd.DataFrame, start: date) -> ReportSection:
    heading = "Every issue"
    if not len(summary):
        return ReportSection(heading, ["No issues."])
    table = summary[["issue", "section", "last_status", "streak", "last_week", "last_headline"]]
    title = "Last status, streak and last headline of every issue"
    note = "Streak: the latest verdict and how many assessments in a row gave it."
    if len(table) > MAX_LISTED_ISSUES:
        recent = table[pd.to_datetime(table["last_week"]) >= pd.Timestamp(start)]
        left_out = len(table) - len(recent)
        if left_out:
            heading = "Issues of the period"
            title = "Last status, streak and last headline of every issue assessed in the period"
            note += (
                f" {left_out:,} {_plural(left_out, 'issue')} not assessed in the period "
                f"{'is' if left_out == 1 else 'are'} left out (tracker issues lists them all)."
            )
            table = recent
    return ReportSection(
        heading,
        [ReportTable("issues", title, table.reset_index(drop=True), note=note)],
        page_break=True,
    )


def _sources_section(in_period: pd.DataFrame) -> ReportSection:
    heading = "Appendix: sources"
    if not len(in_period) or "source" not in in_period:
        return ReportSection(heading, ["No sources in this period."])
    frame = in_period.assign(source=in_period["source"].fillna("(no source)"))
    aggregations: dict[str, Any] = {
        "assessments": ("issue_id", "size"),
        "first_week": ("week_start", "min"),
        "last_week": ("week_start", "max"),
    }
    if "language" in frame:
        aggregations["languages"] = (
            "language",
            lambda s: ", ".join(sorted(str(x) for x in s.dropna().unique())),
        )
    if "origin" in frame:
        aggregations["files"] = ("origin", "nunique")
    table = frame.groupby("source").agg(**aggregations).reset_index()
    return ReportSection(heading, [ReportTable("sources", "Sources of the period", table)])


def close_figures(content: ReportContent) -> None:
    """Release the figures of a content once its files are written."""
    for block in content.figures():
        block.figure.clear()
