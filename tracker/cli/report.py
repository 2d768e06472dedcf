"""``tracker report`` (a period's trend report) and ``tracker demo`` (the job on demo data)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tracker.cli.common import (
    IssueFilter,
    SectionFilter,
    SinceOption,
    SourceFilter,
    UntilOption,
    state,
    user_errors,
)


def register(app: typer.Typer) -> None:
    app.command()(report)
    app.command()(demo)


def report(
    ctx: typer.Context,
    output: list[Path] = typer.Option(
        ..., "--output", "-o", help="report.html, report.pdf or report.md (repeat for several)"
    ),
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    section: Optional[str] = SectionFilter,
    issue: Optional[str] = IssueFilter,
    source: Optional[str] = SourceFilter,
    title: Optional[str] = typer.Option(None, "--title", help="the report's title"),
) -> None:
    """Write a trend report for a period: summary, changes, alerts, charts, every issue."""
    with user_errors():
        written = (
            state(ctx)
            .tracker()
            .report(
                output,
                since=since,
                until=until,
                section=section,
                issue=issue,
                source=source,
                title=title,
            )
        )
    for path in written:
        typer.echo(str(path))


def demo(
    ctx: typer.Context,
    data: Optional[Path] = typer.Option(
        None,
        "--data",
        help="demo data folder to ingest (archive/ and register.toml, e.g. a checkout's data/) "
        "[default: write the built-in synthetic archive into --out and ingest that]",
    ),
    db: Path = typer.Option(Path("tracker-demo.db"), "--demo-db", help="database to (re)build"),
    out: Path = typer.Option(
        Path("tracker-demo"), "--out", help="folder for the demo archive, report and charts"
    ),
) -> None:
    """Build a demo database from the synthetic archive and write its report and charts."""
    from tracker.cli.ingest import print_summary

    with user_errors():
        from tracker.demo import run_demo

        result = run_demo(
            data=data, db=db, out=out, vocabulary=state(ctx).vocabulary(), say=state(ctx).say
        )
    print_summary(result.ingest, quiet=state(ctx).quiet)
    if result.generated:
        typer.echo(f"archive:  {result.data / 'archive'}")
    typer.echo(f"database: {result.db}")
    typer.echo(f"report:   {result.report}")
    for path in result.files:
        if path != result.report:
            typer.echo(f"          {path}")
