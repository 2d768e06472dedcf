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
def migration_progress(
    quiet: bool, heading: str = "upgrading the database"
) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr for migrations that rebuild data (shown only if one runs),
    or, under another ``heading``, for any long work that reports ``(done, total, what)``."""
    if quiet or not err_console().is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(heading + ": {task.description}"),
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


@contextmanager
def work_progress(quiet: bool, label: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr (on a terminal, unless quiet): ``label``, the bar, done of
    total and what is being done; ``tick(done, total, what)`` moves it."""
    if quiet or not err_console().is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err_console(),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def tick(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

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


@dataclass
class Rows:
    """A result as plain records (``columns`` in order; values str, int, float, bool, None,
    dates as ``YYYY-MM-DD``): what a command prints when it needs no DataFrame, so that it
    starts without importing pandas."""

    columns: list[str]
    records: list[dict[str, Any]]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {column: _plain(value) for column, value in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def show(
    frame: pd.DataFrame | Rows,
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    empty: str = "nothing to show",
    wide: Sequence[str] = (),
) -> None:
    """Print a frame (or plain rows): a table for people, CSV or JSON for programs (all
    columns)."""
    every: list[Any]
    if isinstance(frame, Rows):
        every, plain = list(frame.columns), frame.records
    else:
        every, plain = list(frame.columns), records(frame)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(plain, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(_csv(every, plain))
        return
    chosen = list(columns) if columns is not None else every
    rows = [{column: row[column] for column in chosen} for row in plain]
    if not rows:
        err_console().print(f"[dim]{empty}[/]")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    width = console.width if console.is_terminal else _pipe_width()
    # columns are parted by two spaces of padding, plus a blank rule under a terminal's box
    gap = 3 if console.is_terminal else 2
    widths, needed = column_widths(chosen, rows, width, wide=wide, gap=gap)
    if not console.is_terminal or needed > console.width:
        # never cut a date, number or status: a table that cannot fit is printed wider
        console = Console(
            width=max(width, needed),
            no_color=not console.is_terminal,
            highlight=False,
            force_terminal=console.is_terminal,
        )
    table = Table(
        title=title,
        header_style="bold",
        box=box.SIMPLE_HEAD if console.is_terminal else None,
        pad_edge=False,
    )
    for column in chosen:
        fixed = widths[column]
        if fixed is None:  # data: its full width, on one line
            table.add_column(column, no_wrap=True, overflow="ellipsis")
        else:  # text: wrapped at words within its share of the width
            table.add_column(column, width=fixed, overflow="fold")
    for row in rows:
        table.add_row(*[_blank(c) if v is None else _styled(c, v) for c, v in row.items()])
    console.print(table)


def _blank(column: str) -> str:
    """What a table shows for a missing value: an assessment without a week is "undated"
    (see `tracker date`), anything else is left blank."""
    return "undated" if column in ("week_start", "week") else ""


def _pipe_width() -> int:
    """The width of a table printed to a pipe: ``COLUMNS`` when set, else 160."""
    import os

    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) >= 20 else 160


_DATA_NAMES = ("status", "streak", "week", "_on", "_at", "since", "id", "language")


def is_text_column(name: object, values: Sequence[Any], *, wide: Sequence[str] = ()) -> bool:
    """True for columns of free text (names, sections, headlines), which may wrap; False for
    data (dates, numbers, statuses, streaks, codes), which is always shown whole."""
    text = str(name).casefold()
    if name in wide:
        return True
    if text.endswith(_DATA_NAMES) or "status" in text or "streak" in text:
        return False
    strings = [v for v in values if v is not None]
    return (
        bool(strings)
        and all(isinstance(v, str) for v in strings)
        and any(" " in v for v in strings)
    )


def column_widths(
    columns: Sequence[Any],
    rows: Sequence[dict[str, Any]],
    width: int,
    *,
    wide: Sequence[str] = (),
    gap: int = 2,
) -> tuple[dict[Any, int | None], int]:
    """How wide each column of a table may be to fit ``width`` characters, and the width the
    table then needs.

    Data columns keep their full width (``None``: never cut).  Text columns share what is
    left, each at least 12 characters (or its header), the narrow ones first at their full
    width, so a table wraps only its longest names and headlines.  The table needs more than
    ``width`` only when its data alone does not fit.
    """
    from rich.cells import cell_len

    natural: dict[Any, int] = {}
    text: list[Any] = []
    for column in columns:
        values = [row[column] for row in rows]
        cells = [cell_len(str(v)) for v in values if v is not None]
        natural[column] = max([cell_len(str(column)), *cells])
        if is_text_column(column, values, wide=wide):
            text.append(column)
    gaps = gap * max(0, len(columns) - 1)
    out: dict[Any, int | None] = {c: None for c in columns}
    if sum(natural.values()) + gaps <= width or not text:
        return out, sum(natural.values()) + gaps
    left = width - gaps - sum(natural[c] for c in columns if c not in text)
    pending = sorted(text, key=lambda c: natural[c])
    while pending:
        share = left // len(pending)
        column = pending.pop(0)
        floor = min(natural[column], max(12, cell_len(str(column))))
        out[column] = max(floor, min(natural[column], share))
        left -= out[column] or 0
    needed = gaps + sum(natural[c] if out[c] is None else out[c] or 0 for c in columns)
    return out, needed


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


def _csv(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow(["" if row[c] is None else row[c] for c in columns])
    return buffer.getvalue()
