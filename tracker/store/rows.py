"""Rows written in bulk: ``COPY … FROM STDIN`` on PostgreSQL (psycopg's copy API),
``executemany`` on SQLite.  A leaf of the store: the bulk path (:mod:`tracker.store.bulk`)
and the assessments' own bulk insert both write through here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError


def copy_rows(connection: Connection, table: str, columns: Sequence[str], rows: Any) -> None:
    """``COPY table (columns) FROM STDIN`` of an iterable of tuples (PostgreSQL)."""
    import psycopg

    raw = connection.connection.driver_connection
    assert raw is not None
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:
        # as SQLAlchemy raises the driver's errors elsewhere (an IntegrityError for a
        # constraint), so that callers translate them alike
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


def copy_line(exc: BaseException) -> int | None:
    """The row (from 1) of a COPY that a PostgreSQL error names, if it names one."""
    orig = getattr(exc, "orig", exc)
    context = getattr(getattr(orig, "diag", None), "context", None) or ""
    found = re.search(r"COPY \w+, line (\d+)", context)
    return int(found.group(1)) if found else None


def write_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Write rows (dicts with every column of ``table``) in one statement."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        connection.execute(table.insert(), list(rows))
        return
    columns = [column.name for column in table.columns]
    copy_rows(connection, table.name, columns, (tuple(r[c] for c in columns) for r in rows))
