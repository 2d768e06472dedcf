"""Commands over the database: init, add, history, search, week."""

from __future__ import annotations

from enum import Enum
from typing import Optional

import typer
import typer.core

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

HISTORY_COLUMNS = ["id", "week_start", "week_end", "status", "section", "headline", "language"]
ROW_COLUMNS = ["id", "week_start", "issue", "section", "status", "headline"]


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(add)
    app.command()(history)
    app.command(cls=SearchCommand)(search)
    app.command()(week)


def init(ctx: typer.Context) -> None:
    """Create the database (or bring its schema up to date)."""
    with user_errors():
        tracker = state(ctx).tracker()  # a first open applies the migrations, with progress
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


QUERY_HELP = """Search headlines, leads and bodies, in English, Russian and Belarusian.

Every inflected form of a word matches (sanction, sanctions, sanctioned; санкции, санкций,
санкцыі).  The query language, as in web search:

\b
  sanctions potash         both words (all words must be there)
  "union state"            the exact phrase (quote it for the shell: '"union state"')
  sanctions -peace         leave out what mentions "peace"; -peace alone: all but those
  sanctions OR embargo     either word (OR in capitals, or |)
  peacekeep*               words beginning so
  (loan OR credit) -IMF    parentheses group; NOT works like -

A leading -word is a word to leave out, never an option (tracker search -peace sanctions);
after -- everything is the query (tracker search -- -peace).  --any-language also looks for
the words in the other two languages (Lukashenka / Лукашенко / Лукашэнка, sanctions /
санкции / санкцыі) and marks those hits "translation" in the via column.
"""

_SEARCH_VALUE_OPTIONS = {"-n", "--limit", "-i", "--issue", "-s", "--section", "--source",
                         "--since", "--until", "-f", "--format", "--sort"}  # fmt: skip
_SEARCH_FLAGS = {"--any-language", "-a", "--by-issue", "--help"}
_EXCLUDE_MARK = "\x00"


class SearchCommand(typer.core.TyperCommand):
    """Reads ``-word`` arguments as words to leave out, not as unknown options."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        out: list[str] = []
        takes_value = False
        for position, arg in enumerate(args):
            if arg == "--":
                out += args[position:]
                break
            is_option = (
                arg in _SEARCH_VALUE_OPTIONS
                or arg in _SEARCH_FLAGS
                or arg.split("=", 1)[0] in _SEARCH_VALUE_OPTIONS
                or (arg[:2] in _SEARCH_VALUE_OPTIONS and arg[2:].isdigit())
            )
            if not takes_value and arg.startswith("-") and len(arg) > 1 and not is_option:
                out.append(_EXCLUDE_MARK + arg)
            else:
                out.append(arg)
            takes_value = not takes_value and arg in _SEARCH_VALUE_OPTIONS
        return super().parse_args(ctx, out)


class Sort(str, Enum):
    relevance = "relevance"
    date = "date"


def search(
    ctx: typer.Context,
    query: list[str] = typer.Argument(..., help="the query (see above); several words are joined"),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="at most this many results"),
    issue: Optional[str] = IssueFilter,
    section: Optional[str] = SectionFilter,
    source: Optional[str] = SourceFilter,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    any_language: bool = typer.Option(
        False, "--any-language", "-a", help="also find the words in the other two languages"
    ),
    sort: Sort = typer.Option(
        Sort.relevance, "--sort", help="relevance (headlines weigh most) or date (newest first)"
    ),
    by_issue: bool = typer.Option(
        False, "--by-issue", help="one line per issue: hits, first and last week, last status"
    ),
    fmt: Format = FormatOption,
) -> None:
    text = " ".join(w.removeprefix(_EXCLUDE_MARK) for w in query)
    with user_errors():
        frame = (
            state(ctx)
            .tracker()
            .search(
                text,
                limit=limit,
                issue=issue,
                section=section,
                source=source,
                since=since,
                until=until,
                any_language=any_language,
                sort=sort.value,
                by_issue=by_issue,
            )
        )
    if by_issue:
        columns = ["issue", "hits", "first_week", "last_week", "last_status"]
        show(frame, fmt, columns=columns, wide=["issue"], empty=f"nothing matches {text!r}")
        return
    columns = ["id", "week_start", "issue", "language", "status", "snippet"]
    if any_language:
        columns.append("via")
    show(frame, fmt, columns=columns, wide=["snippet"], empty=f"nothing matches {text!r}")


search.__doc__ = QUERY_HELP


def week(
    ctx: typer.Context,
    day: str = typer.Argument(..., help="any day of the week: 2019-07-17, 2019-W29, 17.07.2019"),
    fmt: Format = FormatOption,
) -> None:
    """What was assessed in the week containing DAY."""
    with user_errors():
        frame = state(ctx).tracker().week(day)
    show(frame, fmt, columns=ROW_COLUMNS, wide=["headline"], empty="no assessments that week")
