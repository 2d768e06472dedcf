"""The database's own export format, JSON or a folder of CSV files: a lossless round trip.

Every table (sources, sections, issues, aliases, assessments, audit) is written with its ids,
so an import into an empty database gives identical data.  Both directions stream: an export
reads the database a chunk at a time, an import reads the file a piece at a time and writes
each chunk of rows through the store's bulk path (COPY on PostgreSQL), in one transaction, so
that memory stays bounded whatever the archive's size and a broken file changes nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Table, select
from sqlmodel import Session

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
