"""The database's own export format, JSON or a folder of CSV files: a lossless round trip.

Every table (sources, sections, issues, aliases, assessments, audit) is written with its ids,
so an import into an empty database gives identical data.  Import validates every row first
and writes in one transaction: a broken file changes nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table, func, select, update
from sqlmodel import Session

from tracker.errors import ConflictError, InputError
from tracker.models import (
    Assessment,
    AuditLog,
    Issue,
    IssueAlias,
    Rendering,
    Section,
    Source,
    table_of,
)

FORMAT_NAME = "tracker-export"
FORMAT_VERSION = 1
TABLES: list[Table] = [
    table_of(m) for m in (Source, Section, Issue, IssueAlias, Assessment, Rendering, AuditLog)
]
#: Tables that exports made by older versions lack (made again on import).
_LATER_TABLES = {"rendering"}


def _out(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


#: Rows fetched from the database at a time: an export holds this many, whatever its size.
CHUNK = 1000


def iter_table(session: Session, table: Table) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` by id, fetched :data:`CHUNK` at a time (a server-side cursor on
    PostgreSQL), so that memory stays bounded on any archive."""
    # the option on the statement, not the connection: the session's later statements (the
    # search index's queue, say) must not become server-side cursors too
    statement = select(table).order_by(table.c.id).execution_options(yield_per=CHUNK)
    result = session.connection().execute(statement)
    try:
        for row in result.mappings():
            yield {key: _out(value) for key, value in row.items()}
    finally:  # an export that stops early closes its cursor
        result.close()


def export_data(session: Session) -> dict[str, Any]:
    """The whole export as one value (for a small database; :func:`iter_json` streams it)."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "tables": {table.name: list(iter_table(session, table)) for table in TABLES},
    }


def iter_json(session: Session) -> Iterator[str]:
    """The export as JSON text in pieces, row by row: the same text as
    ``json.dumps(export_data(session), ensure_ascii=False, indent=1)``."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1)

    yield (
        f'{{\n "format": {dumps(FORMAT_NAME)},\n "version": {dumps(FORMAT_VERSION)},\n "tables": {{'
    )
    for number, table in enumerate(TABLES):
        yield f"{',' if number else ''}\n  {dumps(table.name)}: ["
        empty = True
        for row in iter_table(session, table):
            # strings never hold a raw newline in JSON: every newline here is layout
            yield ("\n   " if empty else ",\n   ") + dumps(row).replace("\n", "\n   ")
            empty = False
        yield "]" if empty else "\n  ]"
    yield "\n }\n}"


def write_json(session: Session, path: Path | TextIO | None) -> str | None:
    """Write the export as JSON to ``path`` (a file, or an open text stream such as stdout),
    streaming it row by row; return it as text when ``path`` is None.

    A file is written beside its place and moved there when complete, so a failed export
    leaves no half-written file."""
    if path is None:
        return "".join(iter_json(session))
    if not isinstance(path, Path):
        for piece in iter_json(session):
            path.write(piece)
        path.write("\n")
        return None
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            for piece in iter_json(session):
                handle.write(piece)
            handle.write("\n")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return None


def write_csv_folder(session: Session, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        target = folder / f"{table.name}.csv"
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.name for c in table.columns])
            for row in iter_table(session, table):
                writer.writerow(["" if v is None else v for v in row.values()])
        written.append(target)
    return written


# --------------------------------------------------------------------------- import


def read_export(path: Path) -> dict[str, list[tuple[int | None, dict[str, Any]]]]:
    """Read a JSON export file or a folder of CSV files into rows keyed by table name.

    Each row carries the line it came from (CSV) for messages.
    """
    if path.is_dir():
        return _read_csv_folder(path)
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(
            f"not a tracker export: {exc}",
            path=str(path),
            line=line,
            hint="give a file written by 'tracker export'",
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise InputError(
            "not a tracker export (no 'format': 'tracker-export')",
            path=str(path),
            hint="to read other tables of verdicts use 'tracker ingest'",
        )
    if data.get("version") != FORMAT_VERSION:
        raise InputError(f"unsupported export version {data.get('version')!r}", path=str(path))
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InputError("the export has no 'tables'", path=str(path))
    out: dict[str, list[tuple[int | None, dict[str, Any]]]] = {}
    for table in TABLES:
        if table.name in _LATER_TABLES and table.name not in tables:
            continue  # an older export: made again on import
        rows = tables.get(table.name, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise InputError(f"table {table.name!r} is not a list of objects", path=str(path))
        out[table.name] = [(None, r) for r in rows]
    return out


def _read_csv_folder(folder: Path) -> dict[str, list[tuple[int | None, dict[str, Any]]]]:
    out: dict[str, list[tuple[int | None, dict[str, Any]]]] = {}
    for table in TABLES:
        target = folder / f"{table.name}.csv"
        if not target.exists() and table.name in _LATER_TABLES:
            continue  # an older export: made again on import
        if not target.exists():
            raise InputError(
                f"missing {target.name}",
                path=str(folder),
                hint="a CSV export is a folder with one file per table, "
                "as 'tracker export --format csv' writes",
            )
        try:
            with target.open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None:
                    raise InputError("empty file", path=str(target))
                rows: list[tuple[int | None, dict[str, Any]]] = []
                for row in reader:
                    if not row:
                        continue
                    if len(row) != len(header):
                        raise InputError(
                            f"{len(row)} fields where the header has {len(header)}",
                            path=str(target),
                            line=reader.line_num,
                        )
                    rows.append(
                        (
                            reader.line_num,
                            {k: (v if v != "" else None) for k, v in zip(header, row, strict=True)},
                        )
                    )
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"cannot read CSV: {exc}", path=str(target)) from None
        out[table.name] = rows
    return out


def _convert(table: Table, row: dict[str, Any], where: str, line: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in row:
            if column.nullable or column.name == "id":
                out[column.name] = None
                continue
            raise InputError(
                f"table {table.name}: column {column.name!r} is missing", path=where, line=line
            )
        value = row[column.name]
        if value is None:
            if not column.nullable and not column.primary_key:
                raise InputError(
                    f"table {table.name}: {column.name} is empty", path=where, line=line
                )
            out[column.name] = None
            continue
        try:
            kind = column.type
            if isinstance(kind, Boolean):
                out[column.name] = (
                    value
                    if isinstance(value, bool)
                    else str(value).lower() in {"true", "1", "yes", "t"}
                )
            elif isinstance(kind, Integer):
                out[column.name] = int(value)
            elif isinstance(kind, Float):
                out[column.name] = float(value)
            elif isinstance(kind, DateTime):
                parsed = datetime.fromisoformat(str(value))
                out[column.name] = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
            elif isinstance(kind, Date):
                out[column.name] = date.fromisoformat(str(value))
            else:
                out[column.name] = str(value)
        except (TypeError, ValueError):
            raise InputError(
                f"table {table.name}: bad {column.name} {value!r}", path=where, line=line
            ) from None
    return out


def import_data(
    session: Session, data: dict[str, list[tuple[int | None, dict[str, Any]]]], where: str
) -> dict[str, int]:
    """Write an export into this (empty) database, ids kept; return rows per table."""
    for model in (Issue, Assessment):
        count = (
            session.connection().execute(select(func.count()).select_from(table_of(model))).scalar()
        )
        if count:
            raise ConflictError(
                f"the database is not empty ({count} rows in {model.__tablename__})",
                hint="import into a new database (--db new.db); to add verdicts from tables use "
                "'tracker ingest'",
            )
    converted = {
        table.name: [
            _convert(table, row, where if line is None else f"{where}/{table.name}.csv", line)
            for line, row in data.get(table.name, [])
        ]
        for table in TABLES
    }
    connection = session.connection()
    counts = {}
    issue_table = table_of(Issue)
    merges = [(r["id"], r["merged_into_id"]) for r in converted["issue"] if r["merged_into_id"]]
    for table in TABLES:
        rows = converted[table.name]
        if table is issue_table:
            rows = [{**r, "merged_into_id": None} for r in rows]
        if rows:
            connection.execute(table.insert(), rows)
        counts[table.name] = len(rows)
    for issue_id, target in merges:
        connection.execute(
            update(issue_table).where(issue_table.c.id == issue_id).values(merged_into_id=target)
        )
    if "rendering" not in data:  # an older export: every assessment is its own rendering
        from tracker.store.assessments import backfill_renderings

        counts["rendering"] = backfill_renderings(connection)
    if connection.dialect.name == "postgresql":
        for table in TABLES:
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
    return counts
