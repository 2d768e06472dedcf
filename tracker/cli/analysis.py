"""``tracker trends`` and ``tracker chart``: the same filters, tables or figures."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tracker.cli.common import (
    Format,
    FormatOption,
    IssueFilter,
    SectionFilter,
    SinceOption,
    SourceFilter,
    UntilOption,
    show,
    state,
    user_errors,
)

_TABLE_COLUMNS = {
    "summary": ["issue", "section", "assessments", "first_week", "last_week", "last_status",
                "streak", "index"],
    "weekly": ["section", "week", "improved", "unchanged", "deteriorated", "none", "balance",
               "rolling_balance", "active"],
    "scores": ["issue", "week", "status", "score", "cumulative", "changed"],
    "streaks": ["issue", "section", "current_status", "current_streak", "current_since",
                "longest_improved", "longest_unchanged", "longest_deteriorated"],
    "changes": ["issue", "week", "from_status", "to_status", "weeks_since", "headline"],
    "alerts": ["issue", "section", "hits", "considered", "last_week", "last_status"],
    "silent": ["issue", "section", "last_week", "weeks_silent", "last_status"],
}  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(trends)
    app.command()(chart)


def trends(
    ctx: typer.Context,
    kind: str = typer.Option(
        "summary",
        "--kind",
        "-k",
        help="summary, weekly, scores, streaks, changes, transitions, alerts or silent",
    ),
    issue: Optional[str] = IssueFilter,
    section: Optional[str] = SectionFilter,
    source: Optional[str] = SourceFilter,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    rolling: int = typer.Option(4, "--rolling", min=1, help="weeks in the rolling balance"),
    alert_k: int = typer.Option(2, "--alert-k", min=1, help="alerts: deteriorated at least K…"),
    alert_n: int = typer.Option(4, "--alert-n", min=1, help="…of the last N assessments"),
    silent_weeks: int = typer.Option(8, "--silent-weeks", min=1, help="silent: more than N weeks"),
    fmt: Format = FormatOption,
) -> None:
    """Trend tables: per issue, per section and week, streaks, changes, alerts."""
    with user_errors():
        frame = (
            state(ctx)
            .tracker()
            .trends(
                kind,
                issue=issue,
                section=section,
                source=source,
                since=since,
                until=until,
                rolling=rolling,
                k=alert_k,
                n=alert_n,
                silent_weeks=silent_weeks,
            )
        )
    columns = _TABLE_COLUMNS.get(kind.strip().lower())
    if columns is not None:
        columns = [c for c in columns if c in frame.columns]
    show(frame, fmt, columns=columns, wide=["headline"], empty="no assessments in this period")


def chart(
    ctx: typer.Context,
    kind: str = typer.Argument(
        ..., help="timeline, calendar, balance, multiples, transitions or streaks"
    ),
    output: Path = typer.Option(..., "--output", "-o", help="file: .png, .svg or .pdf"),
    issue: Optional[str] = IssueFilter,
    section: Optional[str] = SectionFilter,
    source: Optional[str] = SourceFilter,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    title: Optional[str] = typer.Option(None, "--title", help="replace the chart's title"),
    dpi: int = typer.Option(150, "--dpi", min=50, max=1200, help="resolution of a PNG"),
    resolution: Optional[str] = typer.Option(
        None,
        "--resolution",
        help="calendar, multiples, balance: auto (default), week, month, quarter or year",
    ),
    select: Optional[str] = typer.Option(
        None,
        "--select",
        help="calendar, multiples: which issues fill the page: active (default), changed, recent",
    ),
    max_issues: Optional[int] = typer.Option(
        None, "--max-issues", min=1, help="calendar, multiples: at most N issues [default: a page]"
    ),
    show: Optional[list[str]] = typer.Option(
        None, "--show", help="calendar, multiples: draw this issue (repeat for several)"
    ),
    min_verdicts: Optional[int] = typer.Option(
        None, "--min-verdicts", min=1, help="balance: verdicts behind a net balance point [3]"
    ),
) -> None:
    """Draw a chart of the assessments into a PNG, SVG or PDF file.

    On a long or crowded archive the calendar and the strips choose their time resolution
    (weeks, months, quarters, years) and the issues that fit the page; the subtitle says
    which, and how many issues were left out."""
    with user_errors():
        written = (
            state(ctx)
            .tracker()
            .chart(
                kind,
                output,
                dpi=dpi,
                issue=issue,
                section=section,
                source=source,
                since=since,
                until=until,
                title=title,
                resolution=resolution,
                select=select,
                max_issues=max_issues,
                show=show or None,
                min_verdicts=min_verdicts,
            )
        )
    state(ctx).say(f"wrote {written}")
