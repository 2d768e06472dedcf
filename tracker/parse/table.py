"""Tables of already-structured verdicts: CSV (or TSV), JSON and JSON Lines.

Columns are named as the fields of :class:`~tracker.models.Commentary`, with a few aliases
(``title``, ``verdict``, ``category``…) and time columns: ``week`` (a range as written, an
ISO week ``2019-W29`` or a date), ``week_start``/``week_end``, ``date`` (its ISO week) or
``month`` (``2019-07``: the whole month).  Other people's tables map their own names with
``column_map`` (``--map trend=status --map summary=headline``); columns mapped to nothing
are ignored.  A bad value is an error naming the file, the line (or item) and the column.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from tracker.errors import InputError, ParseError, UnknownStatusError, WeekError
from tracker.models import Commentary
from tracker.parse.language import detect_language
from tracker.parse.page import PageResult
from tracker.vocab import Vocabulary
from tracker.weeks import find_dates, month_number, parse_date, parse_week_range, week_bounds

__all__ = ["FIELDS", "read_table"]

#: Fields a column can be mapped to.
FIELDS = (
    "headline",
    "section",
    "status",
    "status_text",
    "lead",
    "body",
    "week",
    "week_start",
    "week_end",
    "date",
    "month",
    "language",
    "authors",
    "published_on",
    "url",
    "source",
    "issue",
)
_ALIASES = {
    "title": "headline",
    "verdict": "status",
    "category": "section",
    "rubric": "section",
    "text": "body",
    "author": "authors",
    "published": "published_on",
    "publication_date": "published_on",
    "link": "url",
    "lang": "language",
    "week_range": "week",
}
_TIME_FIELDS = ("week", "week_start", "date", "month")
_MAP_HINT = "map your column names with --map COLUMN=FIELD (e.g. --map trend=status)"
_MONTH_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$|^\s*(\d{1,2})[-/.](\d{4})\s*$")
_ISO_WEEK = re.compile(r"^\d{4}-?W\d{1,2}(?:-?\d)?$", re.I)
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_MONTH_NAME_RE = re.compile(r"^\s*([^\W\d_]+)\.?,?\s+(\d{4})\s*$")


def _norm(name: str) -> str:
    return "_".join(re.sub(r"[^\w]+", " ", name.strip().lower()).split())


def _field_map(
    columns: list[str], column_map: Mapping[str, str] | None, path: str, *, strict: bool = True
) -> dict[str, str]:
    """column name (as in the file) -> field."""
    by_norm = {_norm(c): c for c in columns}
    out: dict[str, str] = {}
    explicit: dict[str, str] = {}
    for src, dst in (column_map or {}).items():
        field = _ALIASES.get(_norm(dst), _norm(dst))
        if field not in FIELDS:
            raise InputError(
                f"--map {src}={dst}: {dst!r} is not a field",
                path=path,
                hint=f"fields: {', '.join(FIELDS)}",
            )
        col = by_norm.get(_norm(src))
        if col is None:
            if not strict:
                continue
            raise InputError(
                f"--map {src}={dst}: the table has no column {src!r}",
                path=path,
                line=1,
                hint=f"its columns are: {', '.join(columns)}",
            )
        explicit[col] = field
    taken = set(explicit.values())
    for col in columns:
        if col in explicit:
            out[col] = explicit[col]
            continue
        n = _norm(col)
        field = _ALIASES.get(n, n)
        if field in FIELDS and field not in taken:
            out[col] = field
            taken.add(field)
    fields = set(out.values())
    missing = []
    if "headline" not in fields:
        missing.append("headline")
    if "status" not in fields:
        missing.append("status")
    if not fields & set(_TIME_FIELDS):
        missing.append("week (or week_start, date, month)")
    if missing:
        raise ParseError(
            f"missing required column(s): {', '.join(missing)}; "
            f"the table's columns are: {', '.join(columns) or '(none)'}",
            path=path,
            line=1,
            hint=_MAP_HINT,
        )
    return out


def _month_range(value: str) -> tuple[date, date] | None:
    m = _MONTH_RE.match(value)
    if m:
        y, mo = (
            (int(m.group(1)), int(m.group(2)))
            if m.group(1)
            else (
                int(m.group(4)),
                int(m.group(3)),
            )
        )
    else:
        m2 = _MONTH_NAME_RE.match(value)
        if not m2:
            try:
                d = parse_date(value)
            except WeekError:
                return None
            y, mo = d.year, d.month
        else:
            number = month_number(m2.group(1))
            if number is None:
                return None
            y, mo = int(m2.group(2)), number
    if not 1 <= mo <= 12:
        return None
    return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])


class _Row:
    def __init__(self, path: str, line: int | None, label: str) -> None:
        self.path = path
        self.line = line
        self.label = label

    def error(self, column: str, message: str, cls: type[InputError] = ParseError) -> InputError:
        where = f"{self.label}, column {column!r}: "
        return cls(where + message, path=self.path, line=self.line)


def _text(value: Any, row: _Row, column: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | dict | list):
        raise row.error(column, f"expected text, got {json.dumps(value)[:60]}")
    text = str(value).strip()
    return text or None


def _build(
    record: Mapping[str, Any],
    fields: dict[str, str],
    row: _Row,
    *,
    vocab: Vocabulary,
    year: int | None,
    source: str | None,
    path: str,
) -> Commentary:
    val: dict[str, Any] = {}
    col_of: dict[str, str] = {}
    for col, field in fields.items():
        if col in record:
            val[field] = record[col]
            col_of[field] = col

    texts: dict[str, str | None] = {}

    def txt(field: str) -> str | None:
        if field in texts:
            return texts[field]
        value = val.get(field)
        if value is None:
            return None
        text = value.strip() if isinstance(value, str) else _text(value, row, col_of[field])
        texts[field] = text or None
        return text or None

    headline = txt("headline")
    if headline is None:
        raise row.error(col_of.get("headline", "headline"), "the headline is empty")
    # status
    status: str | None = None
    status_text: str | None = None
    raw_status = val.get("status")
    if isinstance(raw_status, int | float) and not isinstance(raw_status, bool):
        matches = [s for s, sc in vocab.scores.items() if sc == float(raw_status)]
        if len(matches) != 1:
            raise row.error(col_of["status"], f"no status has the score {raw_status}")
        status = matches[0]
    else:
        st = txt("status")
        if st is not None:
            try:
                status = vocab.status_of(st)
            except UnknownStatusError as exc:
                raise row.error(col_of["status"], exc.message, UnknownStatusError) from None
            if not vocab.is_status(st):
                status_text = st
    status_text = txt("status_text") or status_text
    # week
    week: tuple[date, date] | None = None
    try:
        if txt("week_start"):
            start = _date_value(val["week_start"])
            end_raw = txt("week_end")
            end = _date_value(val["week_end"]) if end_raw else start + timedelta(days=6)
            week = (start, end)
        elif txt("week"):
            w = txt("week") or ""
            if re.match(r"^\d{4}-?W\d{1,2}(?:-?\d)?$", w, re.I) or re.match(
                r"^\d{4}-\d\d-\d\d$", w
            ):
                week = week_bounds(parse_date(w))
            else:
                week = parse_week_range(w, year=year)
        elif txt("date"):
            week = week_bounds(_date_value(val["date"]))
        elif txt("month"):
            m = txt("month") or ""
            week = _month_range(m)
            if week is None:
                raise WeekError(f"cannot read the month {m!r} (write it like 2019-07)")
    except WeekError as exc:
        column = next(
            (col_of[f] for f in ("week_start", "week", "date", "month") if f in col_of and txt(f)),
            "week",
        )
        raise row.error(column, exc.message, WeekError) from None
    if week is None:
        raise row.error(
            next((col_of[f] for f in _TIME_FIELDS if f in col_of), "week"), "the week is empty"
        )
    published_on = None
    if txt("published_on"):
        try:
            published_on = _date_value(val["published_on"])
        except WeekError as exc:
            raise row.error(col_of["published_on"], exc.message, WeekError) from None
    authors_raw = val.get("authors")
    if isinstance(authors_raw, list):
        authors = [str(a).strip() for a in authors_raw if str(a).strip()]
    else:
        a = txt("authors")
        authors = [x.strip() for x in re.split(r"[;,]| and ", a) if x.strip()] if a else []
    lead, body = txt("lead"), txt("body")
    language = txt("language") or detect_language(" ".join([headline, lead or "", body or ""]))
    try:
        return Commentary(
            headline=headline,
            section=txt("section"),
            status=status,
            status_text=status_text,
            lead=lead,
            body=body,
            week_start=week[0],
            week_end=week[1],
            language=language,
            authors=authors,
            published_on=published_on,
            url=txt("url"),
            source=txt("source") or source,
            issue=txt("issue"),
            origin=path,
            line=row.line,
        )
    except ValidationError as exc:
        msg = "; ".join(str(e.get("msg", "")) for e in exc.errors())
        raise ParseError(f"{row.label}: {msg}", path=path, line=row.line) from None


def _date_value(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    cached = _DATES.get(text)
    if cached is not None:
        return cached
    found = _date_uncached(text)
    if len(_DATES) < 100_000:
        _DATES[text] = found
    return found


_DATES: dict[str, date] = {}


def _date_uncached(text: str) -> date:
    try:
        return parse_date(text)
    except WeekError:
        m = re.match(r"^(\d{4}-\d\d-\d\d)[T ]", text)
        if m:
            return parse_date(m.group(1))
        for d, _ in find_dates(text):
            return d
        raise


def _csv_records(text: str, path: str) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    sample = text[:8192]
    first = sample.splitlines()[0] if sample.splitlines() else ""
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ParseError("the table is empty", path=path) from None
    except csv.Error as exc:
        raise ParseError(f"malformed CSV header: {exc}", path=path, line=1) from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if not any(header):
        raise ParseError("the first line must name the columns", path=path, line=1)
    dupes = {h for h in header if h and header.count(h) > 1}
    if dupes:
        raise ParseError(f"duplicate column name(s): {', '.join(sorted(dupes))}", path=path, line=1)

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ParseError(f"malformed CSV: {exc}", path=path, line=reader.line_num) from None
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise ParseError(
                    f"row has {len(cells)} cells but the header names {len(header)} columns",
                    path=path,
                    line=start,
                )
            yield start, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}

    return header, rows()


def _json_items(text: str, path: str) -> list[tuple[int | None, str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    except RecursionError:
        raise ParseError("the JSON is nested too deeply", path=path) from None
    if isinstance(data, dict):
        for k in ("commentaries", "items", "assessments", "data", "rows"):
            if isinstance(data.get(k), list):
                data = data[k]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise ParseError("the JSON must be a list of objects", path=path, line=1)
    out: list[tuple[int | None, str, Any]] = []
    for i, item in enumerate(data, start=1):
        if (
            isinstance(item, dict)
            and isinstance(item.get("commentaries"), list)
            and ("path" in item)
        ):
            # the output of `tracker parse --format json`
            for j, inner in enumerate(item["commentaries"], start=1):
                out.append((None, f"item {i}, commentary {j}", inner))
        else:
            out.append((None, f"item {i}", item))
    return out


def _jsonl_items(text: str, path: str) -> list[tuple[int | None, str, Any]]:
    out: list[tuple[int | None, str, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(f"not valid JSON: {exc.msg}", path=path, line=n) from None
        except RecursionError:
            raise ParseError("the JSON is nested too deeply", path=path, line=n) from None
        out.append((n, f"line {n}", item))
    return out


def read_table(
    text: str,
    *,
    path: str,
    fmt: str,
    vocabulary: Vocabulary,
    year: int | None = None,
    source: str | None = None,
    column_map: Mapping[str, str] | None = None,
) -> PageResult:
    """Every row of a CSV/JSON/JSONL table as a commentary; all or nothing."""
    out: list[Commentary] = []
    if fmt == "csv":
        header, rows = _csv_records(text, path)
        fields = _field_map(header, column_map, path)
        for csv_line, record in rows:
            row = _Row(path, csv_line, f"row {len(out) + 1}")
            out.append(
                _build(record, fields, row, vocab=vocabulary, year=year, source=source, path=path)
            )
    else:
        items = _json_items(text, path) if fmt == "json" else _jsonl_items(text, path)
        cache: dict[tuple[str, ...], dict[str, str]] = {}
        for line, label, item in items:
            row = _Row(path, line, label)
            if not isinstance(item, dict):
                raise ParseError(f"{label}: expected an object {{...}}", path=path, line=line)
            cols = tuple(str(k) for k in item)
            item_fields = cache.get(cols)
            if item_fields is None:
                try:
                    item_fields = _field_map(list(cols), column_map, path, strict=False)
                except ParseError as exc:
                    raise ParseError(
                        f"{label}: {exc.message}", path=path, line=line, hint=_MAP_HINT
                    ) from None
                cache[cols] = item_fields
            out.append(
                _build(
                    item, item_fields, row, vocab=vocabulary, year=year, source=source, path=path
                )
            )
    if not out:
        return PageResult([], skipped="the table has no rows")
    return PageResult(out)
