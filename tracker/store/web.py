"""Small reads for the web view (:mod:`tracker.serve`): a data version for caches, the
bulletin weeks around a week, the section names.

The data version is what a cache of pages and charts is keyed by: it changes whenever an
assessment is added (highest id), an issue is created or removed (count, highest id), or a
change is written to the audit trail (every rename, merge, relink, register load and undo
is).  Assessments are never deleted outside an audited change.  Each part is one index
lookup (the issue count reads a table of hundreds of rows), so asking on every request
costs well under a millisecond whatever the number of assessments.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

__all__ = ["data_version", "neighbour_weeks", "week_range"]


def data_version(session: Session) -> tuple[int, ...]:
    """(highest assessment id, issues, highest issue id, highest audit id)."""
    row = (
        session.connection()
        .execute(
            text(
                "SELECT (SELECT max(id) FROM assessment),"
                " (SELECT count(*) FROM issue), (SELECT max(id) FROM issue),"
                " (SELECT max(id) FROM audit_log)"
            )
        )
        .one()
    )
    return tuple(int(v or 0) for v in row)


def neighbour_weeks(session: Session, start: date) -> tuple[date | None, date | None]:
    """The nearest bulletin weeks (their first days) before and after the week of ``start``."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    param: Any = start.isoformat() if sqlite else start
    before = connection.execute(
        text("SELECT max(week_start) FROM assessment WHERE week_start < :d"), {"d": param}
    ).scalar()
    after = connection.execute(
        text("SELECT min(week_start) FROM assessment WHERE week_start > :d"), {"d": param}
    ).scalar()
    return _day(before), _day(after)


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def week_range(session: Session) -> tuple[date | None, date | None]:
    """The first day of the earliest and of the latest week with an assessment."""
    row = (
        session.connection()
        .execute(text("SELECT min(week_start), max(week_start) FROM assessment"))
        .one()
    )
    return _day(row[0]), _day(row[1])
