"""The ``tracker`` command line: parse arguments, call :class:`tracker.api.Tracker`, print.

Commands live in small modules by subject and register themselves on :data:`app`.  Nothing
heavy is imported until a command runs, so ``tracker --help`` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tracker.cli import analysis, core, curate, ingest, issues, report, serve, transfer
from tracker.cli.common import State

app = typer.Typer(
    name="tracker",
    help="Turn weekly political commentaries into a trend-tracking database.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from tracker import __version__

        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: Optional[str] = typer.Option(
        None,
        "--db",
        metavar="URL",
        envvar="TRACKER_DB",
        help="database: a SQLite file path or a postgresql:// URL [default: ./tracker.db]",
        show_envvar=True,
    ),
    vocab: Optional[Path] = typer.Option(
        None,
        "--vocab",
        metavar="FILE",
        envvar="TRACKER_VOCAB",
        help="TOML file of extra verdict phrases and statuses",
        show_envvar=True,
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print only the data, no commentary"),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="show the version and exit"
    ),
) -> None:
    """Turn weekly political commentaries into a trend-tracking database."""
    ctx.obj = State(db=db, quiet=quiet, vocab=vocab)
    ctx.call_on_close(ctx.obj.close)


core.register(app)
analysis.register(app)
issues.register(app)
ingest.register(app)
transfer.register(app)
curate.register(app)
report.register(app)
serve.register(app)


def main() -> None:
    app()
