"""What every command shares: the state built by the app callback, output, errors.

Nothing here imports pandas, SQLAlchemy or matplotlib at module level: ``tracker --help``
must start fast, so heavy modules load inside the commands that need them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from tracker.errors import TrackerError

if TYPE_CHECKING:
    import pandas as pd

    from tracker.api import Tracker
    from tracker.vocab import Vocabulary


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOption = typer.Option(
    Format.table, "--format", "-f", help="table (aligned, for people), csv or json (for programs)"
)
SinceOption = typer.Option(None, "--since", help="first day, e.g. 2021-01-01 or 2021-W01")
UntilOption = typer.Option(None, "--until", help="last day, e.g. 2023-12-31")
IssueFilter = typer.Option(None, "--issue", "-i", help="only this issue (name, slug or alias)")
SectionFilter = typer.Option(None, "--section", "-s", help="only this section")
SourceFilter = typer.Option(None, "--source", help="only this publication")


@dataclass
class State:
    """Built by the app callback from --db/--quiet; opens the database on first use."""

    db: str | None = None
    quiet: bool = False
    vocab: Path | None = None
    _tracker: Tracker | None = field(default=None, repr=False)

    def tracker(self) -> Tracker:
        if self._tracker is None:
            from tracker.api import open_tracker

            with migration_progress(self.quiet) as tick:
                self._tracker = open_tracker(self.db, vocabulary=self.vocabulary(), progress=tick)
        return self._tracker

    def close(self) -> None:
        if self._tracker is not None:
            self._tracker.close()
            self._tracker = None

    def vocabulary(self) -> Vocabulary:
        from tracker.vocab import default_vocabulary, load_vocabulary

        return load_vocabulary(self.vocab) if self.vocab else default_vocabulary()

    def say(self, message: str) -> None:
        """A line of commentary on stderr, unless --quiet."""
        if not self.quiet:
            err_console().print(message, highlight=False)


@contextmanager
def migration_progress(quiet: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr for migrations that rebuild data (shown only if one runs)."""
    if quiet or not err_console().is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("upgrading the database: {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console(),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def tick(done: int, total: int, what: str) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total)
            bar.update(tasks[what], completed=done, total=total)

        yield tick


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        obj = State()
        ctx.find_root().obj = obj
    return obj


def err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a TrackerError into one red line on stderr and exit code 1."""
    try:
        yield
    except TrackerError as exc:
        from rich.markup import escape

        err_console().print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(code=1) from None


# --------------------------------------------------------------------------- output


def _plain(value: Any) -> Any:
    """A value as JSON/CSV should show it: dates as YYYY-MM-DD, missing as null."""
    import math

    import pandas as pd

    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        if value.hour == value.minute == value.second == 0 and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {column: _plain(value) for column, value in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def show(
    frame: pd.DataFrame,
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    empty: str = "nothing to show",
    wide: Sequence[str] = (),
) -> None:
    """Print a frame: a table for people, CSV or JSON for programs (all columns)."""
    if fmt is Format.json:
        sys.stdout.write(json.dumps(records(frame), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(_csv(frame))
        return
    shown = frame[list(columns)] if columns is not None else frame
    if shown.empty:
        err_console().print(f"[dim]{empty}[/]")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 160), no_color=True, highlight=False)
    table = Table(
        title=title,
        header_style="bold",
        box=box.SIMPLE_HEAD if console.is_terminal else None,
        pad_edge=False,
    )
    for column in shown.columns:
        table.add_column(
            column,
            overflow="fold",
            ratio=3 if column in wide else None,
            no_wrap=column not in wide,
        )
    for row in records(shown):
        table.add_row(*["" if v is None else _styled(c, v) for c, v in row.items()])
    console.print(table)


_STATUS_STYLE = {"improved": "green", "unchanged": "bright_black", "deteriorated": "red"}


def _styled(column: str, value: Any) -> str:
    from rich.markup import escape

    text = escape(str(value))
    if column in {"status", "last_status"} and value in _STATUS_STYLE:
        return f"[{_STATUS_STYLE[value]}]{text}[/]"
    if column == "snippet":  # the matching words, [bracketed] by search, in bold
        import re

        return re.sub(r"\\\[([^\[\]]*)\]", r"[bold]\\[\1][/bold]", text)
    return text


def _csv(frame: pd.DataFrame) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in records(frame):
        writer.writerow(["" if v is None else v for v in row.values()])
    return buffer.getvalue()
