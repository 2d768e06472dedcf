"""Readers of bulletin pages and verdict tables: files in, :class:`Commentary` records out.

One reader per format — :mod:`~tracker.parse.text` (plain text saved from a browser),
:mod:`~tracker.parse.html`, :mod:`~tracker.parse.markdown` (YAML front matter + body) and
:mod:`~tracker.parse.table` (CSV, JSON, JSON Lines) — sharing the page-layout rules of
:mod:`~tracker.parse.page` and the furniture rules of :mod:`~tracker.parse.furniture`.

:func:`read_path` reads a whole file: it returns every commentary in it, or the reason the
file was skipped (a listing page), or raises an :class:`~tracker.errors.InputError` subclass
naming the file and line.  It never returns half a file.  Nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tracker.errors import InputError, ParseError, WeekError
from tracker.models import Commentary
from tracker.parse.files import MAX_PAGE_BYTES, MAX_TABLE_BYTES, decode_bytes, read_bytes
from tracker.vocab import Vocabulary, default_vocabulary
from tracker.weeks import date_in_name, week_bounds, week_from_offset

__all__ = [
    "FORMATS",
    "SUPPORTED_EXTENSIONS",
    "ParseResult",
    "apply_offsets",
    "commentary_to_dict",
    "detect_format",
    "fill_weeks",
    "iter_input_files",
    "learn_offsets",
    "read_path",
    "read_string",
]

#: File name endings and the format each one means.
SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
#: Names accepted for ``fmt`` (and ``--format`` of ``tracker ingest``), with aliases.
FORMATS: dict[str, str] = {
    "text": "text",
    "txt": "text",
    "html": "html",
    "htm": "html",
    "markdown": "markdown",
    "md": "markdown",
    "csv": "csv",
    "tsv": "csv",
    "json": "json",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
}
_TABLE_FORMATS = {"csv", "json", "jsonl"}


@dataclass(frozen=True)
class ParseResult:
    """What one file gave: its commentaries, or why it was skipped; the text encoding used."""

    path: Path
    commentaries: list[Commentary] = field(default_factory=list)
    skipped: str | None = None
    encoding: str | None = None


def detect_format(path: Path, text: str | None = None) -> str:
    """The format of a file from its name, checked against (or, lacking one, from) its text."""
    fmt = SUPPORTED_EXTENSIONS.get(path.suffix.lower())
    if text is None:
        return fmt or "text"
    head = text.lstrip("\ufeff \t\r\n")[:2048]
    low = head[:1024].lower()
    looks_html = low.startswith(("<!doctype html", "<html", "<?xml")) or (
        low.startswith("<") and ("<body" in low or "<head" in low or "<article" in low)
    )
    if fmt in (None, "text"):
        if looks_html:
            return "html"
        if fmt is None:
            if head.startswith(("{", "[")):
                return "json"
            if head.startswith("---"):
                return "markdown"
        return "text"
    if fmt == "markdown" and looks_html:
        return "html"
    return fmt


def read_path(
    path: Path,
    *,
    year: int | None = None,
    source: str | None = None,
    vocabulary: Vocabulary | None = None,
    column_map: dict[str, str] | None = None,
    fmt: str | None = None,
    week: tuple[date, date] | None = None,
) -> ParseResult:
    """Read one file whole: its commentaries, or a skip reason; raises InputError.

    A commentary whose page states no week range gets one from the best other evidence, in
    this order: a publication stamp on the page (read by the page reader), a date in its URL,
    a date in the file name, ``week`` (the user's ``--week``); with none it stays undated.
    ``week_basis`` says which.
    """
    path = Path(path)
    where = str(path)
    vocab = vocabulary if vocabulary is not None else default_vocabulary()
    if fmt is not None:
        chosen = FORMATS.get(fmt.strip().lower())
        if chosen is None:
            raise InputError(
                f"unknown format {fmt!r}", hint=f"use one of {', '.join(sorted(set(FORMATS)))}"
            )
    else:
        chosen = SUPPORTED_EXTENSIONS.get(path.suffix.lower())
    limit = MAX_TABLE_BYTES if chosen in _TABLE_FORMATS else MAX_PAGE_BYTES
    data = read_bytes(path, limit=limit)
    text, encoding = decode_bytes(data, path=where)
    if fmt is None:
        chosen = detect_format(path, text)
    assert chosen is not None
    name_day = _name_date(path.name, where=where)
    result = _read(
        text,
        path=path,
        where=where,
        fmt=chosen,
        year=year,
        source=source,
        vocabulary=vocab,
        column_map=column_map,
        encoding=encoding,
    )
    return fill_weeks(result, name_day=name_day, week=week)


def _name_date(name: str, *, where: str) -> date | None:
    day, shown = date_in_name(name)
    if day is None and shown is not None:
        raise WeekError(
            f"impossible date {shown!r} in the file name",
            path=where,
            hint="rename the file with its real date (YYYY-MM-DD), or without one",
        )
    return day


def fill_weeks(
    result: ParseResult, *, name_day: date | None = None, week: tuple[date, date] | None = None
) -> ParseResult:
    """Date the undated commentaries of ``result``: URL date, then file-name date, then
    ``week``.  A date in a URL or a name gives the week (Monday–Sunday) that contains it."""
    if not any(c.undated for c in result.commentaries):
        return result
    out: list[Commentary] = []
    for c in result.commentaries:
        if not c.undated:
            out.append(c)
            continue
        update: dict[str, Any] = {}
        url_day, url_shown = date_in_name(c.url or "")
        if url_day is not None:
            update = _dated(week_bounds(url_day), "url", f"the date {url_shown!r} in the URL")
        elif name_day is not None:
            update = _dated(
                week_bounds(name_day), "file", f"the date {name_day.isoformat()} in the file name"
            )
        elif week is not None:
            update = _dated(week, "user", "given with --week")
        out.append(c.model_copy(update=update) if update else c)
    return ParseResult(
        path=result.path, commentaries=out, skipped=result.skipped, encoding=result.encoding
    )


def _dated(week: tuple[date, date], basis: str, note: str) -> dict[str, Any]:
    return {
        "week_start": week[0],
        "week_end": week[1],
        "week_basis": basis,
        "week_note": note,
        "undated": False,
    }


def read_string(
    text: str,
    *,
    path: str,
    fmt: str,
    year: int | None = None,
    source: str | None = None,
    vocabulary: Vocabulary | None = None,
    column_map: dict[str, str] | None = None,
    encoding: str | None = None,
) -> ParseResult:
    """Read text already in memory as format ``fmt`` (see :data:`FORMATS`)."""
    return _read(
        text,
        path=Path(path),
        where=path,
        fmt=fmt,
        year=year,
        source=source,
        vocabulary=vocabulary,
        column_map=column_map,
        encoding=encoding,
    )


def _read(
    text: str,
    *,
    path: Path,
    where: str,
    fmt: str,
    year: int | None,
    source: str | None,
    vocabulary: Vocabulary | None,
    column_map: dict[str, str] | None,
    encoding: str | None,
) -> ParseResult:
    """:func:`read_string`, given the file's path both as a Path and as text."""
    vocab = vocabulary if vocabulary is not None else default_vocabulary()
    chosen = FORMATS.get(fmt, fmt)
    if not text.strip():
        raise ParseError("the file is empty", path=where)
    try:
        if chosen == "text":
            from tracker.parse.text import read_text

            page = read_text(text, path=where, vocabulary=vocab, year=year, source=source)
        elif chosen == "html":
            from tracker.parse.html import read_html

            page = read_html(text, path=where, vocabulary=vocab, year=year, source=source)
        elif chosen == "markdown":
            from tracker.parse.markdown import read_markdown

            page = read_markdown(text, path=where, vocabulary=vocab, year=year, source=source)
        elif chosen in _TABLE_FORMATS:
            from tracker.parse.table import read_table

            page = read_table(
                text,
                path=where,
                fmt=chosen,
                vocabulary=vocab,
                year=year,
                source=source,
                column_map=column_map,
            )
        else:
            raise InputError(f"unknown format {fmt!r}", path=where)
    except RecursionError:
        raise ParseError("the page is nested too deeply to read", path=where) from None
    return ParseResult(
        path=path,
        commentaries=page.commentaries,
        skipped=page.skipped,
        encoding=encoding,
    )


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The readable files among ``paths``: files as given, folders searched recursively.

    Folders are walked in sorted order; hidden files and folders and files of unsupported
    formats inside folders are left out.  A path that does not exist is an InputError.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("no such file or folder", path=str(path))
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise InputError(f"cannot list the folder: {exc.strerror}", path=str(folder)) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.is_file() and entry.suffix.lower() in SUPPORTED_EXTENSIONS:
            yield entry


def commentary_to_dict(c: Commentary) -> dict[str, Any]:
    """A commentary in the shape of ``tracker parse --format json``."""
    return {
        "headline": c.headline,
        "section": c.section,
        "status": c.status,
        "status_text": c.status_text,
        "lead": c.lead,
        "body": c.body,
        "week_start": None if c.undated else c.week_start.isoformat(),
        "week_end": None if c.undated else c.week_end.isoformat(),
        "language": c.language,
        "authors": list(c.authors),
        "published_on": c.published_on.isoformat() if c.published_on else None,
        "url": c.url,
        "week_basis": c.week_basis,
    }


#: The largest gap (days) between a week's end and its publication taken as a habit.
MAX_OFFSET_DAYS = 13


def learn_offsets(
    commentaries: Iterable[Commentary], into: dict[str | None, dict[int, int]]
) -> dict[str | None, dict[int, int]]:
    """Count, per source, the days from a week's end to publication on pages printing both."""
    for c in commentaries:
        if c.week_basis == "page" and c.published_on is not None:
            days = (c.published_on - c.week_end).days
            if 0 <= days <= MAX_OFFSET_DAYS:
                counts = into.setdefault(c.source, {})
                counts[days] = counts.get(days, 0) + 1
    return into


def apply_offsets(
    commentaries: list[Commentary], offsets: dict[str | None, dict[int, int]]
) -> list[Commentary]:
    """Re-date commentaries dated by their publication stamp with their source's habit.

    Without a learned habit the page reader's fallback stays: the week that ended before the
    stamp.
    """
    out = []
    for c in commentaries:
        counts = offsets.get(c.source)
        if c.week_basis != "published" or c.published_on is None or not counts:
            out.append(c)
            continue
        days, seen = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
        start, end = week_from_offset(c.published_on, days)
        note = (
            f"the source's habit: published {days} day{'s' if days != 1 else ''} after its "
            f"week ends (learned from {seen} page{'s' if seen != 1 else ''} with both)"
        )
        out.append(c.model_copy(update={"week_start": start, "week_end": end, "week_note": note}))
    return out
