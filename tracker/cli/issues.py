"""The issue register: ``tracker issues`` lists it; ``load``/``dump`` sync a register file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from tracker.cli.common import (
    Format,
    FormatOption,
    Rows,
    show,
    state,
    user_errors,
    work_progress,
)

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
    from tracker.archive import ISSUE_COLUMNS as ALL_COLUMNS

    with user_errors():
        found = state(ctx).tracker().issue_records()  # plain rows: no pandas to import
    if provisional:
        found = [row for row in found if row["provisional"]]
    columns = list(ISSUE_COLUMNS)
    if any(row["undated"] for row in found):
        columns.insert(columns.index("assessments") + 1, "undated")  # see 'tracker review'
    show(
        Rows(ALL_COLUMNS, found),
        fmt,
        columns=columns,
        empty="no issues yet: ingest some pages first",
    )


@issues_app.command("load")
def load(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="register file (.toml, .yaml)"),
) -> None:
    """Create or update issues, aliases and match rules from a register file."""
    with user_errors():
        summary = state(ctx).tracker().load_register(path)
    typer.echo(
        f"{summary.issues} issues in {path}: created {summary.created}, updated {summary.updated}"
    )


@issues_app.command("dump")
def dump(
    ctx: typer.Context,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write to this file"),
) -> None:
    """Write the issue register as TOML (to stdout, or -o FILE)."""
    with user_errors():
        text = state(ctx).tracker().dump_register()
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        state(ctx).say(f"wrote {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(issues_app, name="issues")
    app.command()(relink)


def relink(
    ctx: typer.Context,
    dry_run: bool = typer.Option(False, "--dry-run", help="show the moves, change nothing"),
    fmt: Format = FormatOption,
) -> None:
    """Link every automatically linked assessment again (after loading new register rules)."""
    with user_errors():
        moves = _run_relink(state(ctx).tracker(), dry_run, state(ctx).quiet)
    show(
        moves,
        fmt,
        columns=["id", "week_start", "from_issue", "to_issue", "method", "headline"],
        wide=["headline"],
        empty="no links changed",
    )
    state(ctx).say(f"{'would move' if dry_run else 'moved'} {len(moves)} assessments")


def _run_relink(tracker: Any, dry_run: bool, quiet: bool) -> Any:
    """``relink_all`` with a progress bar of the weeks on stderr (on a terminal)."""
    with work_progress(quiet, "relinking week") as tick:
        return tracker.relink_all(dry_run=dry_run, progress=tick)
