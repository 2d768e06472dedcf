"""Reading pages: ``tracker parse`` (show) and ``tracker ingest`` (store)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from tracker.cli.common import Format, FormatOption, err_console, state, user_errors, work_progress

if TYPE_CHECKING:
    from tracker.api import Tracker
    from tracker.ingest import IngestSummary

PathsArgument = typer.Argument(..., help="files or folders (read recursively)", exists=False)
YearOption = typer.Option(None, "--year", help="year for week ranges written without one")
WeekOption = typer.Option(
    None,
    "--week",
    help="week for pages that show no other evidence of theirs: 2019-W29, 2019-07-15 or a range",
)
MapOption = typer.Option(
    [],
    "--map",
    help="CSV/JSON column mapping THEIRS=OURS, e.g. --map trend=status --map summary=headline",
)


def register(app: typer.Typer) -> None:
    app.command("parse")(parse)
    app.command()(ingest)


def _column_map(pairs: list[str]) -> dict[str, str] | None:
    from tracker.errors import InputError

    mapping = {}
    for pair in pairs:
        theirs, sep, ours = pair.partition("=")
        if not sep or not theirs.strip() or not ours.strip():
            raise InputError(
                f"bad --map {pair!r}", hint="write it as THEIRS=OURS, e.g. trend=status"
            )
        mapping[theirs.strip()] = ours.strip()
    return mapping or None


def parse(
    ctx: typer.Context,
    paths: list[Path] = PathsArgument,
    year: Optional[int] = YearOption,
    source: Optional[str] = typer.Option(None, "--source", help="publication name"),
    mapping: list[str] = MapOption,
    week: Optional[str] = WeekOption,
    fmt: Format = FormatOption,
) -> None:
    """Show what would be stored from FILES, without touching the database."""
    with user_errors():
        from tracker.api import Tracker

        results = Tracker.parse_without_database(
            paths,
            year=year,
            source=source,
            column_map=_column_map(mapping),
            vocabulary=state(ctx).vocabulary(),
            week=week,
        )
    failed = any(r["error"] for r in results)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.csv:
        import pandas as pd

        from tracker.cli.common import show

        rows = [{"path": r["path"], **c} for r in results for c in r["commentaries"]]
        show(pd.DataFrame(rows), Format.csv)
    else:
        _print_parse(results)
    if failed:
        raise typer.Exit(code=1)


def _print_parse(results: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.markup import escape

    out = Console(highlight=False)
    for result in results:
        out.print(f"[bold]{escape(str(result['path']))}[/]")
        if result["error"]:
            out.print(f"  [red]error:[/] {escape(str(result['error']))}")
        elif result["skipped"]:
            out.print(f"  [yellow]skipped:[/] {escape(str(result['skipped']))}")
        for c in result["commentaries"]:
            language = f"[{c['language'] or '?'}]"
            when = f"{c['week_start']} – {c['week_end']}" if c["week_start"] else "undated"
            out.print(
                f"  {when}  {escape(language)}  "
                f"{escape(str(c['section'] or '—'))}  ·  {c['status'] or 'no verdict'}"
            )
            out.print(f"    [bold]{escape(c['headline'])}[/]")
            basis = c.get("week_basis")
            if basis is None:
                why = c.get("week_note") or "no week range, stamp or dated URL/file name"
                out.print(f"    [dim]undated: {escape(why)}[/]")
            elif basis != "page":
                note = c.get("week_note")
                why = f"week from {_WEEK_FROM[basis]}{': ' + note if note else ''}"
                out.print(f"    [dim]{escape(why)}[/]")
            lead = (c["lead"] or "")[:160]
            if lead:
                out.print(f"    {escape(lead)}{'…' if len(c['lead'] or '') > 160 else ''}")


_WEEK_FROM = {
    "published": "the publication stamp",
    "url": "the URL",
    "file": "the file name",
    "user": "--week",
}


def ingest(
    ctx: typer.Context,
    paths: list[Path] = PathsArgument,
    source: Optional[str] = typer.Option(None, "--source", help="publication name for all files"),
    year: Optional[int] = YearOption,
    issue: Optional[str] = typer.Option(
        None, "--issue", help="link every commentary to this issue"
    ),
    mapping: list[str] = MapOption,
    dry_run: bool = typer.Option(False, "--dry-run", help="read and link, but store nothing"),
    week: Optional[str] = WeekOption,
    fmt: Format = FormatOption,
) -> None:
    """Read pages and tables into the database; each file is stored whole or not at all."""
    st = state(ctx)
    with user_errors():
        tracker = st.tracker()
        summary = _run_ingest(
            tracker,
            st.quiet,
            paths,
            source=source,
            year=year,
            issue=issue,
            column_map=_column_map(mapping),
            dry_run=dry_run,
            week=week,
        )
    if fmt is Format.json:
        sys.stdout.write(json.dumps(summary_dict(summary), ensure_ascii=False, indent=2) + "\n")
    else:
        print_summary(summary, quiet=st.quiet)
    if summary.failed:
        raise typer.Exit(code=1)


def _run_ingest(tracker: Tracker, quiet: bool, paths: list[Path], **options: Any) -> IngestSummary:
    with work_progress(quiet, "ingesting") as tick:
        if tick is None:
            return tracker.ingest(paths, **options)
        bar = tick

        def each(number: int, total: int, path: str) -> None:
            bar(number - 1, total, Path(path).name)

        return tracker.ingest(paths, progress=each, **options)


def summary_dict(summary: IngestSummary) -> dict[str, Any]:
    return {
        "dry_run": summary.dry_run,
        "added": summary.added,
        "present": summary.present,
        "merged": summary.merged,
        "joined": summary.joined,
        "skipped": [{"path": f.path, "reason": f.skipped} for f in summary.skipped],
        "failed": [{"path": f.path, "error": f.error} for f in summary.failed],
        "files": len(summary.files),
    }


def print_summary(summary: IngestSummary, *, quiet: bool = False) -> None:
    from rich.markup import escape

    s = summary_dict(summary)
    console = err_console()
    if not quiet:
        for item in s["skipped"]:
            console.print(f"[yellow]skipped[/] {escape(item['path'])}: {escape(item['reason'])}")
    for item in s["failed"]:
        console.print(f"[bold red]failed[/] {escape(item['error'])}")
    verb = "would add" if s["dry_run"] else "added"
    line = (
        f"{s['files']} files: {verb} {s['added']}, already present {s['present']}, "
        f"skipped {len(s['skipped'])}, failed {len(s['failed'])}"
    )
    if s["merged"]:
        line += f"; merged {s['merged']} rendering{'s' if s['merged'] != 1 else ''}"
    if s["joined"]:
        line += (
            f"; joined {s['joined']} provisional issue{'s' if s['joined'] != 1 else ''} to the "
            "issues they belong to (see 'tracker log')"
        )
    typer.echo(line)
