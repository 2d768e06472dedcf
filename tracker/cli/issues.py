"""The issue register: ``tracker issues`` lists it; ``load``/``dump`` sync a register file."""

from __future__ import annotations

import typer

from tracker.cli.common import Format, FormatOption, show, state, user_errors

ISSUE_COLUMNS = [
    "issue",
    "section",
    "assessments",
    "first_week",
    "last_week",
    "last_status",
    "streak",
]

issues_app = typer.Typer(
    help="List the issues; load or dump the issue register file.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@issues_app.callback(invoke_without_command=True)
def issues(
    ctx: typer.Context,
    fmt: Format = FormatOption,
    provisional: bool = typer.Option(False, "--provisional", help="only issues awaiting review"),
) -> None:
    """List every issue: section, assessments, first and last week, last status, streak."""
    if ctx.invoked_subcommand is not None:
        return
    with user_errors():
        frame = state(ctx).tracker().issues()
    if provisional:
        frame = frame[frame["provisional"]]
    show(frame, fmt, columns=ISSUE_COLUMNS, empty="no issues yet: ingest some pages first")


def register(app: typer.Typer) -> None:
    app.add_typer(issues_app, name="issues")
