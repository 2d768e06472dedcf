"""What the standard report needs of the archive, read without loading the archive.

The report (:mod:`tracker.report.standard`) covers a period, but opens with the whole history
and looks back for streaks, alerts and silences.  Instead of every assessment up to the
report's end, it reads from here:

* counts and first/last weeks (:func:`week_bounds`, :func:`count_between`), through the
  week index;
* the period's rows (:func:`load_between`), and one issue's rows for a timeline;
* :func:`load_recent`: for every issue, the rows of the few issue-weeks that change points
  from the period's start, alerts over the last ``n`` verdicts and silences depend on (the
  rules of :mod:`tracker.store.summary`: an issue counts once per week, by its first
  assessment with a verdict);
* :func:`load_history`: the whole history aggregated: each issue's span, and per section
  its assessments and its weekly status counts (each issue once per week and section).

Every query reads one of the covering indexes ``(issue_id, week_start, status, id)`` and
``(section_id, week_start, status, issue_id, id)`` (m008), never the table's rows with their
bodies, except for the rows it returns.  The filters are those of
:func:`~tracker.store.summary.assessment_filters` (issues, sections, a source), with the
report's end as ``until``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, text
from sqlmodel import Session

from tracker.store.assessments import _FROM, FRAME_SQL, to_frame
from tracker.store.summary import _MONDAY, assessment_filters, issue_weeks_sql

__all__ = [
    "count_between",
    "load_between",
    "load_history",
    "load_recent",
    "week_bounds",
]

#: The longest week a commentary may state (see ``Commentary``): the last ``week_end`` is
#: among the rows that start at most this many days before the last ``week_start``.
MAX_WEEK_SPAN = 31

_PLUS_SIX = {
    "sqlite": "date({}, '+6 days')",
    "postgresql": "CAST({} AS date) + 6",
}


def _where(
    connection: Connection,
    filters: dict[str, Any],
    until: date | None = None,
    since: date | None = None,
) -> tuple[str, dict[str, Any]] | None:
    return assessment_filters(
        connection,
        issue_ids=filters.get("issue_ids"),
        section_ids=filters.get("section_ids"),
        source_ids=filters.get("source_ids"),
        since=since,
        until=until,
    )


def _value(connection: Connection, day: date) -> Any:
    return day.isoformat() if connection.dialect.name == "sqlite" else day


def _date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def week_bounds(session: Session, filters: dict[str, Any], until: date | None = None) -> tuple[
    date | None, date | None
]:  # fmt: skip
    """The first and last ``week_start`` of the dated assessments these filters select, up
    to ``until``."""
    connection = session.connection()
    found = _where(connection, filters, until)
    if found is None:
        return None, None
    where, params = found
    row = connection.execute(
        text(f"SELECT min(a.week_start), max(a.week_start) FROM assessment a WHERE {where}"),
        params,
    ).one()
    return _date(row[0]), _date(row[1])


def count_between(session: Session, filters: dict[str, Any], first: date, last: date) -> int:
    """How many assessments start a week from ``first`` to ``last``."""
    connection = session.connection()
    found = _where(connection, filters, last)
    if found is None:
        return 0
    where, params = found
    params["first"] = _value(connection, first)
    sql = f"SELECT count(*) FROM assessment a WHERE {where} AND a.week_start >= :first"
    return int(connection.execute(text(sql), params).scalar() or 0)


def _frame_query(connection: Connection, condition: str, params: dict[str, Any]) -> pd.DataFrame:
    columns = list(FRAME_SQL)
    select_list = ", ".join(f"{sql} AS {name}" for name, sql in FRAME_SQL.items())
    sql = f"SELECT {select_list}{_FROM} WHERE {condition} ORDER BY a.week_start, a.id"
    return to_frame(connection.execute(text(sql), params).fetchall(), columns)


def load_between(
    session: Session,
    filters: dict[str, Any],
    first: date,
    last: date,
    *,
    issue_id: int | None = None,
) -> pd.DataFrame:
    """The assessments frame (as ``load_assessments`` gives it) of the rows that start a
    week from ``first`` to ``last``; of one issue with ``issue_id``."""
    connection = session.connection()
    if issue_id is not None:
        filters = {**filters, "issue_ids": [issue_id]}
    found = _where(connection, filters, last)
    if found is None:
        return _frame_query(connection, "1 = 0", {})
    where, params = found
    params["first"] = _value(connection, first)
    return _frame_query(connection, f"{where} AND a.week_start >= :first", params)


# After ``rep`` (see tracker.store.summary): the issue-weeks an issue's recent rows need.
_PICK = """
, verdicts AS (
    SELECT issue_id, wk, ROW_NUMBER() OVER (PARTITION BY issue_id ORDER BY wk DESC) AS back
    FROM rep WHERE status IS NOT NULL
), pick AS (
    SELECT issue_id, wk FROM verdicts WHERE back <= :n
    UNION SELECT issue_id, max(wk) FROM rep WHERE status IS NOT NULL AND wk < :monday
          GROUP BY issue_id
    UNION SELECT issue_id, max(wk) FROM rep GROUP BY issue_id
), chosen AS (
    SELECT a.id FROM assessment a
    JOIN pick p ON p.issue_id = a.issue_id AND a.week_start >= p.wk
                AND a.week_start <= {plus_six}
    WHERE {where}
    UNION SELECT a.id FROM assessment a WHERE {where} AND a.week_start >= :monday
)
"""


def load_recent(
    session: Session,
    filters: dict[str, Any],
    start: date,
    end: date,
    n: int,
    *,
    since: date | None = None,
) -> pd.DataFrame:
    """The rows up to ``end`` of, for every issue: every week from the Monday of ``start``
    on, its last verdict week before that, its last ``n`` verdict weeks and its last week
    (each week with all its rows), as an assessments frame in week and id order; of the
    rows that end a week on ``since`` or later, with ``since``.

    Change points from ``start`` on, alerts over the last ``n`` verdicts, silences and each
    issue's last row come out of these rows as they would out of every row up to ``end``."""
    connection = session.connection()
    found = _where(connection, filters, end, since)
    if found is None:
        return _frame_query(connection, "1 = 0", {})
    where, params = found
    dialect = connection.dialect.name if connection.dialect.name in _PLUS_SIX else "postgresql"
    monday = start - timedelta(days=start.weekday())
    params["monday"] = _value(connection, monday)
    params["n"] = max(1, n)
    with_clause = issue_weeks_sql(connection, where) + _PICK.format(
        where=where, plus_six=_PLUS_SIX[dialect].format("p.wk")
    )
    columns = list(FRAME_SQL)
    select_list = ", ".join(f"{sql} AS {name}" for name, sql in FRAME_SQL.items())
    sql = (
        f"{with_clause} SELECT {select_list}{_FROM} "
        "WHERE a.id IN (SELECT id FROM chosen) ORDER BY a.week_start, a.id"
    )
    return to_frame(connection.execute(text(sql), params).fetchall(), columns)


# Per section and week_start: assessments and their statuses (the section index alone).
_SECTION_WEEKS = """
SELECT a.section_id, a.week_start, a.status, count(*), min(a.id)
FROM assessment a WHERE {where}
GROUP BY a.section_id, a.week_start, a.status
"""

# Per section, issue-week and status: the issue-weeks (each issue once per week and section,
# by its first assessment with a verdict), counted per section, week and status.
_SECTION_ISSUE_WEEKS = """
WITH raw AS (
    SELECT a.section_id, a.issue_id, a.week_start, min(a.status) AS lo, max(a.status) AS hi,
           min(CASE WHEN a.status IS NOT NULL THEN a.id END) AS vid
    FROM assessment a WHERE {where}
    GROUP BY a.section_id, a.issue_id, a.week_start
), iw AS (
    SELECT section_id, issue_id, {monday} AS wk, min(lo) AS lo, max(hi) AS hi, min(vid) AS vid
    FROM raw GROUP BY section_id, issue_id, {monday}
), rep AS (
    SELECT section_id, wk,
           CASE WHEN lo IS NULL OR lo = hi THEN lo
                ELSE (SELECT c.status FROM assessment c WHERE c.id = iw.vid) END AS status
    FROM iw
)
SELECT section_id, wk, status, count(*) FROM rep GROUP BY section_id, wk, status
"""

# Per issue: assessments, first and last week (the issue index alone).
_SPANS = """
SELECT a.issue_id, i.name, count(*), min(a.week_start), max(a.week_start)
FROM assessment a JOIN issue i ON i.id = a.issue_id WHERE {where}
GROUP BY a.issue_id, i.name ORDER BY a.issue_id
"""

# Per issue: the section of its last assessment (in week and id order) that has one.
_LAST_SECTION = """
WITH m AS (
    SELECT a.issue_id, max(a.week_start) AS ws FROM assessment a
    WHERE {where} AND a.section_id IS NOT NULL GROUP BY a.issue_id
)
SELECT m.issue_id, (
    SELECT a.section_id FROM assessment a
    WHERE a.issue_id = m.issue_id AND a.week_start = m.ws AND a.section_id IS NOT NULL
      AND {where}
    ORDER BY a.id DESC LIMIT 1
) FROM m
"""


_LAST_END = "SELECT max(a.week_end) FROM assessment a WHERE {where} AND a.week_start >= :recent"


def load_history(
    session: Session, filters: dict[str, Any], end: date, *, sources: bool = False
) -> dict[str, Any]:
    """The whole history up to ``end``, aggregated: ``spans`` (per issue: issue, section of
    its last assessment that has one, first_week, last_week, assessments; indexed by
    issue_id), ``section_weeks`` (per section name, week_start and status: assessments and
    the lowest id), ``section_counts`` (per section name: ``trends.weekly_status_counts``
    of its assessments), ``last_end`` (the last week_end) and, with ``sources``, the
    ``sources`` (names)."""
    connection = session.connection()
    found = _where(connection, filters, end)
    assert found is not None, "the report asks for a history only when there are rows"
    where, params = found
    names = {
        int(row[0]): str(row[1])
        for row in connection.execute(text("SELECT id, name FROM section")).fetchall()
    }

    def section_name(section_id: Any) -> str | None:
        return None if section_id is None else names.get(int(section_id))

    rows = connection.execute(text(_SPANS.format(where=where)), params).fetchall()
    last_section: dict[int, Any] = {
        int(r[0]): r[1]
        for r in connection.execute(text(_LAST_SECTION.format(where=where)), params).fetchall()
    }
    spans = pd.DataFrame(
        {
            # object columns, as a frame's groupby gives them (not inferred as text)
            "issue": pd.Series([r[1] for r in rows], dtype=object),
            "section": pd.Series(
                [section_name(last_section.get(int(r[0]))) for r in rows], dtype=object
            ),
            "first_week": _dates(r[3] for r in rows),
            "last_week": _dates(r[4] for r in rows),
            "assessments": np.array([int(r[2]) for r in rows], dtype=np.int64),
        }
    ).set_axis(pd.Index(np.array([int(r[0]) for r in rows], dtype=np.int64), name="issue_id"))
    weeks = connection.execute(text(_SECTION_WEEKS.format(where=where)), params).fetchall()
    section_weeks = pd.DataFrame(
        {
            "section": pd.Series([section_name(r[0]) for r in weeks], dtype=object),
            "week_start": _dates(r[1] for r in weeks),
            "status": pd.Series([r[2] for r in weeks], dtype=object),
            "assessments": np.array([int(r[3]) for r in weeks], dtype=np.int64),
            "first_id": np.array([int(r[4]) for r in weeks], dtype=np.int64),
        }
    )
    monday = _MONDAY.get(connection.dialect.name, _MONDAY["postgresql"]).format("week_start")
    counted = connection.execute(
        text(_SECTION_ISSUE_WEEKS.format(where=where, monday=monday)), params
    ).fetchall()
    last = spans["last_week"].max() if len(spans) else None
    last_end = None
    if last is not None:
        params["recent"] = _value(connection, (last - pd.Timedelta(days=MAX_WEEK_SPAN)).date())
        last_end = _date(
            connection.execute(
                text(_LAST_END.format(where=where)),
                params,
            ).scalar()
        )
    out: dict[str, Any] = {
        "spans": spans,
        "section_weeks": section_weeks,
        "section_counts": _weekly_counts(counted, section_weeks, section_name),
        "last_end": last_end,
    }
    if sources:
        found_sources = connection.execute(
            text(
                "SELECT DISTINCT src.name FROM assessment a JOIN source src "
                f"ON src.id = a.source_id WHERE {where}"
            ),
            params,
        ).fetchall()
        out["sources"] = sorted(str(r[0]) for r in found_sources)
    return out


def _weekly_counts(
    counted: Sequence[Any], section_weeks: pd.DataFrame, section_name: Any
) -> dict[str | None, pd.DataFrame]:
    """Per section: the table of ``trends.weekly_status_counts`` (week, a column per status
    in ``status_order`` of the section's statuses, none, total) from the counted rows."""
    from tracker.trends import NONE_LABEL, status_order

    out: dict[str | None, pd.DataFrame] = {}
    table = pd.DataFrame(
        {
            "section": np.array([section_name(r[0]) for r in counted], dtype=object),
            "week": _dates(r[1] for r in counted),
            "status": np.array([NONE_LABEL if r[2] is None else r[2] for r in counted], object),
            "n": np.array([int(r[3]) for r in counted], dtype=np.int64),
        }
    )
    for name, group in table.groupby("section", dropna=False, sort=False):
        key = None if pd.isna(name) else str(name)
        mine = _same(section_weeks["section"], key).to_numpy(dtype=bool)
        present = section_weeks["status"][mine]
        labels = status_order(list(present.dropna().unique()))
        wide = group.pivot_table(index="week", columns="status", values="n", aggfunc="sum")
        wide = wide.reindex(columns=[*labels, NONE_LABEL]).fillna(0).astype(np.int64)
        wide = wide.sort_index()
        frame = pd.DataFrame({"week": wide.index.to_numpy(dtype="datetime64[ns]")})
        for label in [*labels, NONE_LABEL]:
            frame[label] = wide[label].to_numpy(dtype=np.int64)
        frame["total"] = wide.sum(axis=1).to_numpy(dtype=np.int64)
        out[key] = frame
    return out


def _dates(values: Any) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    """Dates as the database gives them (date objects, or text on SQLite) in datetime64[ns]."""
    days = [_date(v) for v in values]
    return np.array(
        [np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d in days],
        dtype="datetime64[D]",
    ).astype("datetime64[ns]")


def _same(values: pd.Series, key: str | None) -> pd.Series:
    return values.isna() if key is None else values.eq(key)
