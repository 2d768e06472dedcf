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

from tracker.store.assessments import _FROM, FRAME_SQL, select_list, to_frame
from tracker.store.summary import _MONDAY, assessment_filters, first_verdict

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


def _table(connection: Connection, index: str) -> str:
    """``assessment a``, read through ``index`` on SQLite: its planner would take the week
    index for ``week_start <= :until`` and read every row with its body, where the covering
    index holds all a whole-history aggregate needs (PostgreSQL's planner weighs both)."""
    if connection.dialect.name == "sqlite":
        return f"assessment a INDEXED BY {index}"
    return "assessment a"


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
    sql = f"SELECT {select_list(FRAME_SQL)}{_FROM} WHERE {condition} ORDER BY a.week_start, a.id"
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


#: Index entries read at a time when an issue's weeks are walked back from the end.
WALK_PAGE = 64


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
    issue's last row come out of these rows as they would out of every row up to ``end``.
    Each issue's weeks are walked back from ``end`` through the issue index, a few entries
    at a time, until those weeks are found: the cost is the issues', not the archive's."""
    connection = session.connection()
    found = _where(connection, filters, end, since)
    if found is None:
        return _frame_query(connection, "1 = 0", {})
    where, params = found
    monday = start - timedelta(days=start.weekday())
    issue_ids = filters.get("issue_ids")
    if issue_ids is None:
        issue_ids = [int(r[0]) for r in connection.execute(text("SELECT id FROM issue"))]
    chosen: list[int] = []
    for issue_id in issue_ids:
        chosen.extend(_walk_back(connection, where, params, int(issue_id), monday, max(1, n)))
    params = {**params, "monday": _value(connection, monday)}
    frames = [_frame_query(connection, f"{where} AND a.week_start >= :monday", params)]
    for first in range(0, len(chosen), 500):
        ids = {f"r{i}": v for i, v in enumerate(chosen[first : first + 500])}
        marks = ", ".join(f":{k}" for k in ids)
        frames.append(_frame_query(connection, f"a.id IN ({marks})", ids))
    rows = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    rows = rows.drop_duplicates("id").sort_values(["week_start", "id"], kind="stable")
    return rows.reset_index(drop=True)


def _walk_back(
    connection: Connection,
    where: str,
    params: dict[str, Any],
    issue_id: int,
    monday: date,
    n: int,
) -> list[int]:
    """The ids of one issue's rows in the weeks before ``monday`` that :func:`load_recent`
    needs: its last ``n`` verdict weeks, its last verdict week before ``monday`` and its last
    week, each week whole (an issue-week's status is its lowest-id verdict's)."""
    sql = (
        f"SELECT a.id, a.week_start, a.status FROM assessment a WHERE {where} "
        "AND a.issue_id = :walk_issue AND a.week_start < :walk_before "
        "ORDER BY a.week_start DESC LIMIT :walk_page"
    )
    whole = (
        f"SELECT a.id, a.week_start, a.status FROM assessment a WHERE {where} "
        "AND a.issue_id = :walk_issue AND a.week_start = :walk_day"
    )
    weeks: dict[date, list[tuple[int, str | None]]] = {}  # Monday -> (id, status), newest first
    before: Any = None
    done = False
    while not done:
        args = {**params, "walk_issue": issue_id, "walk_page": WALK_PAGE}
        args["walk_before"] = before if before is not None else "9999-12-31"
        if connection.dialect.name != "sqlite" and before is None:
            args["walk_before"] = date.max
        page = connection.execute(text(sql), args).fetchall()
        done = len(page) < WALK_PAGE
        if not done:  # the page may end inside a day: read that day whole
            last_day = page[-1][1]
            page = [r for r in page if r[1] != last_day]
            page += connection.execute(text(whole), {**args, "walk_day": last_day}).fetchall()
            before = last_day
        for row_id, day, status in page:
            d = _date(day)
            assert d is not None
            weeks.setdefault(d - timedelta(days=d.weekday()), []).append((int(row_id), status))
        if not done and _enough(weeks, monday, n, complete_before=_date(before)):
            break
    return [row_id for wk in _picked(weeks, monday, n) for row_id, _ in weeks[wk]]


def _status(rows: list[tuple[int, str | None]]) -> str | None:
    verdicts = [(row_id, status) for row_id, status in rows if status is not None]
    return min(verdicts)[1] if verdicts else None


def _picked(weeks: dict[date, list[tuple[int, str | None]]], monday: date, n: int) -> list[date]:
    """The weeks before ``monday`` :func:`_walk_back` keeps, of those read so far."""
    order = sorted(weeks, reverse=True)
    picked = set(order[:1])  # the last week
    verdict_weeks = [wk for wk in order if _status(weeks[wk]) is not None]
    picked.update(verdict_weeks[:n])
    picked.update([wk for wk in verdict_weeks if wk < monday][:1])
    return sorted(wk for wk in picked if wk < monday)


def _enough(
    weeks: dict[date, list[tuple[int, str | None]]],
    monday: date,
    n: int,
    *,
    complete_before: date | None,
) -> bool:
    """Whether the weeks read hold all :func:`_walk_back` needs, each whole: ``n`` verdict
    weeks and a verdict week before ``monday``, all of them Mondays after the Monday of
    the earliest day read (whose week may go on further back)."""
    if complete_before is None:
        return False
    edge = complete_before - timedelta(days=complete_before.weekday())
    whole = [wk for wk in sorted(weeks, reverse=True) if wk > edge]
    verdicts = [wk for wk in whole if _status(weeks[wk]) is not None]
    return len(verdicts) >= n and any(wk < monday for wk in verdicts)


# Per section and week_start: assessments and their statuses (the section index alone).
_SECTION_WEEKS = """
SELECT a.section_id, a.week_start, a.status, count(*), min(a.id)
FROM {sections} WHERE {where}
GROUP BY a.section_id, a.week_start, a.status
"""

# Per section, issue-week and status: the issue-weeks (each issue once per week and section,
# by its first assessment with a verdict), counted per section, week and status.
_SECTION_ISSUE_WEEKS = """
WITH iw AS (
    SELECT a.section_id, {monday} AS wk, a.issue_id, {first} AS p
    FROM {sections} WHERE {where}
    GROUP BY a.section_id, {monday}, a.issue_id
), rep AS (
    SELECT section_id, wk, substr(p, 13) AS status FROM iw
)
SELECT section_id, wk, status, count(*) FROM rep GROUP BY section_id, wk, status
"""

# Per issue: assessments, first and last week (the issue index alone).
_SPANS = """
SELECT a.issue_id, i.name, count(*), min(a.week_start), max(a.week_start)
FROM {issues} JOIN issue i ON i.id = a.issue_id WHERE {where}
GROUP BY a.issue_id, i.name ORDER BY a.issue_id
"""

# One issue's section: that of its last assessment (in week and id order) that has one.
_LAST_SECTION = (
    "SELECT a.section_id FROM assessment a WHERE {where} AND a.issue_id = :last_issue "
    "AND a.section_id IS NOT NULL ORDER BY a.week_start DESC, a.id DESC LIMIT 1"
)

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

    tables = {
        "sections": _table(connection, "ix_assessment_section_week_issue"),
        "issues": _table(connection, "ix_assessment_issue_week_status"),
    }
    rows = connection.execute(text(_SPANS.format(where=where, **tables)), params).fetchall()
    last_section = _LAST_SECTION.format(where=where)  # per issue: its newest entries only

    def section_of(issue_id: int) -> str | None:
        args = {**params, "last_issue": issue_id}
        return section_name(connection.execute(text(last_section), args).scalar())

    spans = pd.DataFrame(
        {
            # object columns, as a frame's groupby gives them (not inferred as text)
            "issue": pd.Series([r[1] for r in rows], dtype=object),
            "section": pd.Series([section_of(int(r[0])) for r in rows], dtype=object),
            "first_week": _dates(r[3] for r in rows),
            "last_week": _dates(r[4] for r in rows),
            "assessments": np.array([int(r[2]) for r in rows], dtype=np.int64),
        }
    ).set_axis(pd.Index(np.array([int(r[0]) for r in rows], dtype=np.int64), name="issue_id"))
    weeks = connection.execute(
        text(_SECTION_WEEKS.format(where=where, **tables)), params
    ).fetchall()
    section_weeks = pd.DataFrame(
        {
            "section": pd.Series([section_name(r[0]) for r in weeks], dtype=object),
            "week_start": _dates(r[1] for r in weeks),
            "status": pd.Series([r[2] for r in weeks], dtype=object),
            "assessments": np.array([int(r[3]) for r in weeks], dtype=np.int64),
            "first_id": np.array([int(r[4]) for r in weeks], dtype=np.int64),
        }
    )
    monday = _MONDAY.get(connection.dialect.name, _MONDAY["postgresql"]).format("a.week_start")
    counted = connection.execute(
        text(
            _SECTION_ISSUE_WEEKS.format(
                where=where, monday=monday, first=first_verdict(connection), **tables
            )
        ),
        params,
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
        # each source asked whether it has a row (the first found ends its search), not
        # every row asked for its source
        found_sources = connection.execute(
            text(
                "SELECT src.name FROM source src WHERE EXISTS (SELECT 1 FROM assessment a "
                f"WHERE a.source_id = src.id AND {where})"
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
