"""Curating the register: ``issue rename|merge|split|describe|confirm``, ``link``, ``review``,
``log`` and ``undo``.  Each command calls one :class:`tracker.api.Tracker` method.

Data (a table, an id) goes to stdout; what was done goes to stderr (silenced by --quiet).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, Optional

import typer

from tracker.cli.common import Format, FormatOption, show, state, user_errors

if TYPE_CHECKING:
    import pandas as pd

LOG_TABLE = ["at", "batch", "action", "entity", "entity_id", "field", "note"]
REVIEW_TABLE = ["id", "week_start", "headline", "issue", "link_score", "why"]
issue_app = typer.Typer(
    help="Change one issue: rename, merge, split, describe, confirm (all undoable).",
    no_args_is_help=True,
)

IssueArgument = typer.Argument(..., help="issue name, slug or alias")


def register(app: typer.Typer) -> None:
    app.add_typer(issue_app, name="issue")
    app.command(name="link")(link)
    app.command()(review)
    app.command(name="log")(log)
    app.command()(undo)
    app.command(name="date")(date_command)


@issue_app.command()
def rename(
    ctx: typer.Context,
    old: str = typer.Argument(..., help="the issue's name, slug or alias"),
    new: str = typer.Argument(..., help="its new name (the old one stays as an alias)"),
) -> None:
    """Rename an issue; the slug stays and the old name becomes an alias."""
    with user_errors():
        issue = state(ctx).tracker().rename_issue(old, new)
    state(ctx).say(f"renamed {old!r} to {issue.name!r} (slug {issue.slug})")


@issue_app.command()
def merge(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="A", help="the issue to merge away"),
    target: str = typer.Argument(..., metavar="B", help="the issue that keeps the history"),
) -> None:
    """Merge issue A into issue B: A's assessments and aliases move to B, A's name becomes an
    alias of B.  A is kept (marked merged); 'tracker undo' reverses it."""
    with user_errors():
        issue = state(ctx).tracker().merge_issues(source, target)
    state(ctx).say(f"merged {source!r} into {issue.name!r}")


@issue_app.command()
def split(
    ctx: typer.Context,
    issue: str = IssueArgument,
    ids: str = typer.Option(
        ..., "--ids", help="the assessments to move, e.g. 12,15,19 (see 'tracker history')"
    ),
    name: str = typer.Option(..., "--name", help="the new issue's name"),
    section: Optional[str] = typer.Option(
        None, "--section", help="the new issue's section [default: the issue's]"
    ),
) -> None:
    """Move chosen assessments of ISSUE to a new issue."""
    with user_errors():
        numbers = _parse_ids(ids)
        created = state(ctx).tracker().split_issue(issue, numbers, name, section=section)
    state(ctx).say(
        f"moved {len(numbers)} assessment{'s' if len(numbers) != 1 else ''} "
        f"to the new issue {created.name!r} ({created.slug})"
    )


@issue_app.command()
def describe(
    ctx: typer.Context,
    issue: str = IssueArgument,
    description: Optional[str] = typer.Option(
        None, "--description", "-d", help="new description ('' clears it)"
    ),
    section: Optional[str] = typer.Option(None, "--section", help="new home section"),
    fmt: Format = FormatOption,
) -> None:
    """Set an issue's description or home section; without options, show the issue."""
    with user_errors():
        tracker = state(ctx).tracker()
        if description is not None or section is not None:
            tracker.describe_issue(issue, description=description, section=section)
            state(ctx).say(f"updated {issue!r}")
            return
        info = tracker.issue_info(issue)
    _show_info(info, fmt)


@issue_app.command()
def confirm(ctx: typer.Context, issue: str = IssueArgument) -> None:
    """Mark a provisional issue (made automatically from a headline) as reviewed."""
    with user_errors():
        found = state(ctx).tracker().confirm_issue(issue)
    state(ctx).say(f"{found.name!r} is confirmed")


def link(
    ctx: typer.Context,
    assessment: int = typer.Argument(..., help="the assessment's id (see 'tracker review')"),
    issue: str = IssueArgument,
) -> None:
    """Link one assessment to ISSUE by hand (linking to its own issue confirms the link)."""
    with user_errors():
        tracker = state(ctx).tracker()
        tracker.relink(assessment, issue)
        name = tracker.resolve_issue(issue).name
    state(ctx).say(f"assessment {assessment} is linked to {name!r}")


def review(
    ctx: typer.Context,
    limit: int = typer.Option(
        50, "--limit", "-n", min=1, help="at most this many rows (and suggestions)"
    ),
    margin: float = typer.Option(
        0.06, "--margin", min=0.0, help="list links that beat the runner-up by less than this"
    ),
    weak: float = typer.Option(
        0.33, "--weak", min=0.0, help="list similarity links scoring under this"
    ),
    suggestions: bool = typer.Option(
        False, "--suggestions", help="show only the suggestions (in any --format)"
    ),
    accept: Optional[str] = typer.Option(
        None, "--accept", metavar="N,M", help="accept these suggestions (numbers as listed)"
    ),
    fmt: Format = FormatOption,
) -> None:
    """Links to check, best first: new and provisional issues, links close to a runner-up,
    weak links; above them, suggestions that group provisional issues which probably belong
    together, with the evidence.  Accept suggestions with --accept 1,3 (undo with 'tracker
    undo'), fix one link with 'tracker link', accept an issue with 'tracker issue confirm'."""
    if accept is not None:
        _accept(ctx, accept)
        return
    with user_errors():
        tracker = state(ctx).tracker()
        wanted = suggestions or fmt is Format.table
        found = tracker.review_suggestions(limit=limit) if wanted else []
        frame = None if suggestions else tracker.review(limit, margin=margin, weak=weak)
    if suggestions or found:
        from tracker.link.suggest import SUGGESTION_COLUMNS, suggestions_frame

        show(
            suggestions_frame(found),
            fmt,
            columns=SUGGESTION_COLUMNS,
            wide=["merge", "into", "shared", "names"],
            title="Suggestions: accept with 'tracker review --accept N,M'",
            empty="no suggestions",
        )
    if frame is None:
        return
    if fmt is Format.table:
        frame = frame.round({"link_score": 2, "runner_up_score": 2})
    show(
        frame,
        fmt,
        columns=REVIEW_TABLE,
        wide=["headline", "issue", "why"],
        empty="nothing to review",
    )


def _accept(ctx: typer.Context, text: str) -> None:
    from tracker.errors import InputError

    parts = [p for p in text.replace(",", " ").split() if p]
    with user_errors():
        if not parts or not all(p.isdigit() for p in parts):
            raise InputError(
                f"--accept wants suggestion numbers separated by commas, not {text!r}",
                hint="e.g. --accept 1,3 (see the numbers with 'tracker review')",
            )
        tracker = state(ctx).tracker()
        batch = tracker.accept_suggestions([int(p) for p in parts])
        notes = list(tracker.log(batch=batch)["note"])
    for note in reversed(notes):
        state(ctx).say(str(note))
    typer.echo(batch)


def log(
    ctx: typer.Context,
    issue: Optional[str] = typer.Option(None, "--issue", "-i", help="only changes to this issue"),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="the latest N rows"),
    fmt: Format = FormatOption,
) -> None:
    """The audit trail, newest first: every change with its old and new value."""
    with user_errors():
        frame = state(ctx).tracker().log(limit=limit, issue=issue)
    if fmt is Format.table:
        frame = _short_times(frame)
    show(frame, fmt, columns=LOG_TABLE, wide=["note"], empty="no changes recorded yet")


def undo(
    ctx: typer.Context,
    batch: Optional[str] = typer.Argument(
        None, help="the batch to undo (see 'tracker log') [default: the latest]"
    ),
) -> None:
    """Undo the latest change, or the named batch; undoing an undo redoes it."""
    with user_errors():
        tracker = state(ctx).tracker()
        new_batch = tracker.undo(batch)
        notes = list(tracker.log(batch=new_batch)["note"])
    for note in reversed(notes):
        state(ctx).say(str(note))
    typer.echo(new_batch)


def date_command(
    ctx: typer.Context,
    assessment_id: int = typer.Argument(
        ..., metavar="ID", help="the assessment (see 'tracker review')"
    ),
    week: str = typer.Argument(..., help="its week: 2019-W29, a day of it, or a range"),
) -> None:
    """Give an undated (or wrongly dated) assessment its week; 'tracker undo' reverts it."""
    with user_errors():
        tracker = state(ctx).tracker()
        new_batch = tracker.date_assessment(assessment_id, week)
        notes = list(tracker.log(batch=new_batch)["note"])
    for note in dict.fromkeys(notes):
        state(ctx).say(str(note))
    typer.echo(new_batch)


# --------------------------------------------------------------------------- helpers


def _parse_ids(text: str) -> list[int]:
    from tracker.errors import InputError

    parts = [p for p in text.replace(",", " ").split() if p]
    bad = [p for p in parts if not p.isdigit()]
    if bad or not parts:
        raise InputError(
            f"--ids wants assessment ids separated by commas, not {text!r}",
            hint="e.g. --ids 12,15,19",
        )
    return [int(p) for p in parts]


def _short_times(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    out = frame.copy()
    if not out.empty:
        out["at"] = pd.to_datetime(out["at"], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S")
    return out


_INFO_LABELS = [
    ("name", "name"),
    ("slug", "slug"),
    ("section", "section"),
    ("description", "description"),
    ("aliases", "aliases"),
    ("provisional", "provisional"),
    ("assessments", "assessments"),
    ("merged", "merged into it"),
]


def _show_info(info: dict[str, Any], fmt: Format) -> None:
    if fmt is Format.json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["field", "value"])
        for key, _label in _INFO_LABELS:
            value = info[key]
            writer.writerow([key, "; ".join(value) if isinstance(value, list) else value])
        return
    width = max(len(label) for _key, label in _INFO_LABELS)
    for key, label in _INFO_LABELS:
        value = info[key]
        if isinstance(value, list):
            shown = "; ".join(value) if value else "-"
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        else:
            shown = "-" if value is None else str(value)
        typer.echo(f"{label:<{width}}  {shown}")
