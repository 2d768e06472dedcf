"""Assessments: bulk writes and frames for analysis (search is in :mod:`tracker.store.search`).

Writes go through the driver directly (``executemany`` of tuples on SQLite, ``COPY`` on
PostgreSQL): the ORM's ``add_all`` is about ten times slower on bulk loads.  Reads build
DataFrames straight from driver rows, with the columns named as in the models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlmodel import Session

#: Columns written by :func:`insert_assessments`, in this order.
INSERT_COLUMNS = (
    "issue_id",
    "source_id",
    "section_id",
    "week_start",
    "week_end",
    "status",
    "status_text",
    "headline",
    "lead",
    "body",
    "language",
    "url",
    "authors",
    "published_on",
    "origin",
    "content_hash",
    "ingested_at",
    "link_method",
    "link_score",
    "link_runner_up_id",
    "link_runner_up_score",
)

_DATE_COLUMNS = {"week_start", "week_end", "published_on"}
BATCH = 20_000

#: The columns of an assessments frame (see DESIGN.md and tracker.trends).
FRAME_SQL = {
    "id": "a.id",
    "issue_id": "a.issue_id",
    "issue": "i.name",
    "slug": "i.slug",
    "section": "s.name",
    "source": "src.name",
    "week_start": "a.week_start",
    "week_end": "a.week_end",
    "status": "a.status",
    "status_text": "a.status_text",
    "headline": "a.headline",
    "lead": "a.lead",
    "language": "a.language",
    "url": "a.url",
    "authors": "a.authors",
    "published_on": "a.published_on",
    "origin": "a.origin",
    "link_method": "a.link_method",
    "link_score": "a.link_score",
}
_FROM = (
    " FROM assessment a JOIN issue i ON i.id = a.issue_id"
    " LEFT JOIN section s ON s.id = a.section_id"
    " LEFT JOIN source src ON src.id = a.source_id"
)


def _sqlite_value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column == "ingested_at" and isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if column in _DATE_COLUMNS and isinstance(value, date):
        return value.isoformat()
    return value


def insert_assessments(session: Session, rows: Sequence[Sequence[Any]]) -> int:
    """Insert rows (tuples in :data:`INSERT_COLUMNS` order); return how many were written."""
    if not rows:
        return 0
    connection = session.connection()
    names = ", ".join(INSERT_COLUMNS)
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in INSERT_COLUMNS)
        sql = f"INSERT INTO assessment ({names}) VALUES ({marks})"
        for start in range(0, len(rows), BATCH):
            chunk = [
                tuple(_sqlite_value(c, v) for c, v in zip(INSERT_COLUMNS, row, strict=True))
                for row in rows[start : start + BATCH]
            ]
            connection.exec_driver_sql(sql, chunk)  # type: ignore[arg-type]
    else:
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY assessment ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return len(rows)


def existing_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    """Which of these content hashes are stored already."""
    wanted = list(dict.fromkeys(hashes))
    found: set[str] = set()
    connection = session.connection()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        params = {f"h{n}": h for n, h in enumerate(chunk)}
        marks = ", ".join(f":h{n}" for n in range(len(chunk)))
        result = connection.execute(
            text(f"SELECT content_hash FROM assessment WHERE content_hash IN ({marks})"), params
        )
        found.update(row[0] for row in result)
    return found


def load_assessments(
    session: Session,
    *,
    issue_ids: Sequence[int] | None = None,
    section_ids: Sequence[int] | None = None,
    source_ids: Sequence[int] | None = None,
    since: date | None = None,
    until: date | None = None,
    on: date | None = None,
    ids: Sequence[int] | None = None,
    with_body: bool = False,
) -> pd.DataFrame:
    """An assessments frame, ordered by week then id.  ``on`` selects weeks containing a day."""
    columns = dict(FRAME_SQL)
    if with_body:
        columns["body"] = "a.body"
    where: list[str] = []
    params: dict[str, Any] = {}
    for name, values in (
        ("a.issue_id", issue_ids),
        ("a.section_id", section_ids),
        ("a.source_id", source_ids),
        ("a.id", ids),
    ):
        if values is not None:
            if not values:
                return empty_frame(list(columns))
            where.append(_in_ids(name, values, params))
    if since is not None:
        where.append("a.week_end >= :since")
        params["since"] = since
    if until is not None:
        where.append("a.week_start <= :until")
        params["until"] = until
    if on is not None:
        where.append("a.week_start <= :on AND a.week_end >= :on")
        params["on"] = on
    select_list = ", ".join(f"{sql} AS {name}" for name, sql in columns.items())
    sql = f"SELECT {select_list}{_FROM}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.week_start, a.id"
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    rows = connection.execute(text(sql), params).fetchall()
    return to_frame(rows, list(columns))


def _in_ids(column: str, values: Sequence[int], params: dict[str, Any]) -> str:
    """``column IN (:p0, :p1, …)`` with the ids bound into ``params`` (never matches if none)."""
    marks = []
    for value in values:
        key = f"p{len(params)}"
        params[key] = int(value)
        marks.append(f":{key}")
    return f"{column} IN ({', '.join(marks) or 'NULL'})"


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return to_frame([], columns)


_DATETIME_COLUMNS = ("week_start", "week_end", "published_on")
_INT_COLUMNS = ("id", "issue_id")
_FLOAT_COLUMNS = ("link_score", "rank")


def to_frame(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    """A frame from driver rows, built column by column with numpy (fast for thousands of rows).

    Dates become ``datetime64[ns]`` (NaT where missing), ids ``int64``, scores ``float64``;
    text stays ``object`` with None for missing values.
    """
    table = np.empty((len(rows), len(columns)), dtype=object)
    if rows:
        # plain tuples: numpy probes SQLAlchemy rows item by item, which is slow
        table[:] = [tuple(row) for row in rows]
    typed: dict[str, Any] = {}
    text = []
    for position, name in enumerate(columns):
        column = table[:, position]
        if name in _DATETIME_COLUMNS:
            typed[name] = column.astype("datetime64[D]").astype("datetime64[ns]")
        elif name in _INT_COLUMNS:
            typed[name] = column.astype(np.int64)
        elif name in _FLOAT_COLUMNS:
            typed[name] = np.where(column == None, np.nan, column).astype(np.float64)  # noqa: E711
        else:
            text.append(position)
    # Text stays one object block (None where missing): building it column by column would
    # make pandas infer a string dtype for each, which costs more than the query.
    frame = pd.DataFrame(
        table[:, text], columns=[columns[p] for p in text], dtype=object, copy=False
    )
    for name, values in typed.items():
        frame.insert(len(frame.columns), name, values)
    return frame[columns]


def assessment_id_by_hash(session: Session, content_hash: str) -> int:
    row = (
        session.connection()
        .execute(text("SELECT id FROM assessment WHERE content_hash = :h"), {"h": content_hash})
        .first()
    )
    if row is None:
        raise LookupError(content_hash)
    return int(row[0])


def load_link_history(session: Session, *, body_chars: int = 700) -> list[tuple[Any, ...]]:
    """What the linker compares new commentaries against: one tuple per assessment,
    ``(issue_id, section, week_start, language, headline, lead, body opening, url)``."""
    connection = session.connection()
    rows = connection.execute(
        text(
            "SELECT a.issue_id, s.name, a.week_start, a.language, a.headline, a.lead, "
            "substr(a.body, 1, :n), a.url FROM assessment a "
            "LEFT JOIN section s ON s.id = a.section_id ORDER BY a.week_start, a.id"
        ),
        {"n": body_chars},
    ).fetchall()
    if connection.dialect.name == "sqlite":
        return [(*r[:2], date.fromisoformat(r[2]), *r[3:]) for r in rows]
    return [tuple(r) for r in rows]
