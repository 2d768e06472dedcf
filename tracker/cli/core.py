"""Commands over the database: init, add, history, search, week."""

from __future__ import annotations

from typing import Optional

import typer

from tracker.cli.common import (
    Format,
    FormatOption,
    IssueFilter,
    SectionFilter,
    SinceOption,
    UntilOption,
    show,
    state,
    user_errors,
)

HISTORY_COLUMNS = ["id", "week_start", "week_end", "status", "section", "headline", "language"]
ROW_COLUMNS = ["id", "week_start", "issue", "section", "status", "headline"]


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(add)
    app.command()(history)
    app.command()(search)
    app.command()(week)


def init(ctx: typer.Context) -> None:
    """Create the database (or bring its schema up to date)."""
    with user_errors():
        tracker = state(ctx).tracker()
        applied = tracker.init()
    done = ", ".join(applied) if applied else "schema already up to date"
    state(ctx).say(f"database ready: {tracker.url} ({done})")


def add(
    ctx: typer.Context,
    issue: str = typer.Option(..., "--issue", "-i", help="issue name, slug or alias"),
    week: str = typer.Option(
        ...,
        "--week",
        "-w",
        help="a day of the week (2019-07-15, 2019-W29) or 'July 15 – July 21, 2019'",
    ),
    headline: str = typer.Option(..., "--headline", "-h", help="the commentary's headline"),
    status: Optional[str] = typer.Option(
        None,
        "--status",
        "-s",
        help="improved / unchanged / deteriorated, or the verdict line in any language; "
        "omit when the commentary states none",
    ),
    section: Optional[str] = typer.Option(None, "--section", help="e.g. 'Security issues'"),
    lead: Optional[str] = typer.Option(None, "--lead"),
    body: Optional[str] = typer.Option(None, "--body"),
    language: Optional[str] = typer.Option(None, "--language", help="en, ru or be"),
    url: Optional[str] = typer.Option(None, "--url"),
    author: list[str] = typer.Option([], "--author", help="repeat for several authors"),
    published: Optional[str] = typer.Option(None, "--published", help="publication day"),
    source: Optional[str] = typer.Option(None, "--source", help="publication name"),
    year: Optional[int] = typer.Option(None, "--year", help="year for a week range without one"),
    new: bool = typer.Option(False, "--new", help="create the issue if it does not exist"),
) -> None:
    """Record one assessment by hand (every field is validated)."""
    if language is not None and language not in {"en", "ru", "be"}:
        with user_errors():
            from tracker.errors import InputError

            raise InputError(f"unknown language {language!r}", hint="use en, ru or be")
    with user_errors():
        new_id = (
            state(ctx)
            .tracker()
            .add(
                issue=issue,
                week=week,
                headline=headline,
                status=status,
                section=section,
                lead=lead,
                body=body,
                language=language,
                url=url,
                authors=author,
                published_on=published,
                source=source,
                new_issue=new,
                year=year,
            )
        )
    state(ctx).say(f"added assessment {new_id}")
    typer.echo(new_id)


def history(
    ctx: typer.Context,
    issue: str = typer.Argument(..., help="issue name, slug or alias"),
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    fmt: Format = FormatOption,
) -> None:
    """Show one issue's assessments, week by week."""
    with user_errors():
        frame = state(ctx).tracker().history(issue, since=since, until=until)
    title = frame["issue"].iloc[0] if not frame.empty else None
    show(
        frame,
        fmt,
        columns=HISTORY_COLUMNS,
        title=title,
        wide=["headline"],
        empty="no assessments for this issue in this period",
    )


def search(
    ctx: typer.Context,
    text: str = typer.Argument(
        ..., help="words to find (all of them); end a word with * for a prefix"
    ),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="at most this many results"),
    issue: Optional[str] = IssueFilter,
    section: Optional[str] = SectionFilter,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    fmt: Format = FormatOption,
) -> None:
    """Full-text search over headlines, leads and bodies, with the matching snippet."""
    with user_errors():
        frame = (
            state(ctx)
            .tracker()
            .search(text, limit=limit, issue=issue, section=section, since=since, until=until)
        )
    show(
        frame,
        fmt,
        columns=["id", "week_start", "issue", "status", "snippet"],
        wide=["snippet"],
        empty=f"nothing matches {text!r}",
    )


def week(
    ctx: typer.Context,
    day: str = typer.Argument(..., help="any day of the week: 2019-07-17, 2019-W29, 17.07.2019"),
    fmt: Format = FormatOption,
) -> None:
    """What was assessed in the week containing DAY."""
    with user_errors():
        frame = state(ctx).tracker().week(day)
    show(frame, fmt, columns=ROW_COLUMNS, wide=["headline"], empty="no assessments that week")
