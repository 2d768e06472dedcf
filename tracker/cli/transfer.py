"""``tracker export`` and ``tracker import``: the database's own JSON / CSV format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from tracker.cli.common import migration_progress, state, user_errors


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)


def export(
    ctx: typer.Context,
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="file (json) or folder (csv); JSON goes to stdout without it"
    ),
    fmt: str = typer.Option("json", "--format", "-f", help="json (one file) or csv (a folder)"),
) -> None:
    """Export everything (issues, aliases, assessments, audit) losslessly."""
    with user_errors():
        state(ctx).tracker().export(sys.stdout if output is None else output, fmt=fmt)
    if output is not None:
        state(ctx).say(f"exported to {output}")


def import_(
    ctx: typer.Context,
    source: Path = typer.Argument(
        ..., help="a JSON file or CSV folder written by 'tracker export'"
    ),
) -> None:
    """Load an export into an empty database (all or nothing), a chunk at a time."""
    with user_errors():
        tracker = state(ctx).tracker()
        with migration_progress(state(ctx).quiet, f"importing {source.name}") as tick:
            counts = tracker.import_(source, progress=tick)
    state(ctx).say(
        "imported " + ", ".join(f"{n} {table}" for table, n in counts.items() if n)
        if any(counts.values())
        else "the export was empty"
    )
