"""Per-issue summaries aggregated by the database: what ``tracker issues`` shows.

:func:`load_issue_summary` gives the table :func:`tracker.trends.issue_summary` computes from
an assessments frame, without loading the frame.  The summary of every issue is kept in the
table ``issue_summary``; triggers (migration m006) delete an issue's row whenever one of its
assessments is added, changed or removed, and :func:`refresh_summaries` computes the missing
rows again, in one statement that reads only those issues' assessments.  So after a week's
ingest, ``tracker issues`` computes the dozen issues the week touched, not the archive.  A
summary of a section, a source or a period is aggregated anew from its assessments.

The rules are those of :mod:`tracker.trends`, written in SQL:

* an issue counts once per week (the Monday of ``week_start``): the week's status is that
  of its first assessment (lowest id) with a verdict, or "none" when none of them has one;
  its section and headline are that assessment's (or the first assessment's);
* a run is a stretch of equal verdicts: weeks without a verdict ("none") and weeks without
  an assessment neither break nor lengthen it;
* the current streak is the last run: found by walking back from the issue's last verdict to
  the latest week whose verdict differs (the break), and counting the verdict weeks after it;
  the break's next verdict week is the last change;
* undated assessments are in no week, so not here (``count_undated`` counts them apart).

Grouping first by ``(issue_id, week_start)`` follows the index ``ix_assessment_issue_week_status``
(issue, week, status, id), which holds every column the grouping reads: the scan does not touch
the table's rows, whose bodies make them large.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text
from sqlmodel import Session

from tracker.store.assessments import _in_ids

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["SUMMARY_COLUMNS", "load_issue_summary", "refresh_summaries"]

#: The columns of :func:`load_issue_summary` (those of ``trends.issue_summary``).
SUMMARY_COLUMNS = (
    "issue_id",
    "issue",
    "slug",
    "section",
    "assessments",
    "weeks",
    "first_week",
    "last_week",
    "last_status",
    "streak",
    "streak_length",
    "last_change",
    "index",
    "mean_score",
    "last_headline",
)

_MONDAY = {
    "sqlite": "date({}, '-6 days', 'weekday 1')",
    "postgresql": "CAST(date_trunc('week', CAST({} AS timestamp)) AS date)",
}

#: An assessment's id and status packed into one text that sorts by id: the least of a
#: group's is its first verdict (``substr(…, 13)`` is the status), found without reading
#: the row (the indexes hold id and status).
_ID_STATUS = {
    "sqlite": "printf('%012d', a.id) || a.status",
    "postgresql": "lpad(CAST(a.id AS text), 12, '0') || a.status",
}


def first_verdict(connection: Connection) -> str:
    """The aggregate giving, as :data:`_ID_STATUS` packs it, the verdict of the lowest id
    among a group's assessments that have one (NULL when none has)."""
    packed = _ID_STATUS.get(connection.dialect.name, _ID_STATUS["postgresql"])
    return f"min(CASE WHEN a.status IS NOT NULL THEN {packed} END)"


# {where}: filters on the assessments (alias a); {monday}: the Monday of a week_start;
# {first}: first_verdict().
_ISSUE_WEEKS = """
WITH raw AS (
    SELECT a.issue_id, a.week_start, count(*) AS n, {first} AS p,
           min(CASE WHEN a.status IS NOT NULL THEN a.id END) AS vid, min(a.id) AS aid
    FROM assessment a
    WHERE {where}
    GROUP BY a.issue_id, a.week_start
), iw AS (
    SELECT issue_id, {monday} AS wk, sum(n) AS n, min(p) AS p, min(vid) AS vid, min(aid) AS aid
    FROM raw
    GROUP BY issue_id, {monday}
), rep AS (
    SELECT issue_id, wk, n, coalesce(vid, aid) AS rid, substr(p, 13) AS status
    FROM iw
)"""

# The columns of one summary row, in this order, as both queries below give them.
_ROW = (
    "issue_id, assessments, weeks, first_week, last_week, last_status, streak_length, "
    "last_change, last_id, status_weeks"
)

# After ``rep``: one row per issue in the columns of _ROW.  {weeks_json}: an aggregate of
# (status, weeks) into a JSON object.
_PER_ISSUE = """
, cur AS (
    SELECT r.issue_id, r.status
    FROM rep r
    JOIN (SELECT issue_id, max(wk) AS wk FROM rep WHERE status IS NOT NULL GROUP BY issue_id) l
      ON l.issue_id = r.issue_id AND l.wk = r.wk
), brk AS (
    SELECT r.issue_id, max(r.wk) AS wk
    FROM rep r JOIN cur c ON c.issue_id = r.issue_id
    WHERE r.status IS NOT NULL AND r.status <> c.status
    GROUP BY r.issue_id
), run AS (
    SELECT r.issue_id, count(*) AS length, min(r.wk) AS since
    FROM rep r LEFT JOIN brk b ON b.issue_id = r.issue_id
    WHERE r.status IS NOT NULL AND (b.wk IS NULL OR r.wk > b.wk)
    GROUP BY r.issue_id
), lastrow AS (
    SELECT r.issue_id, r.rid
    FROM rep r
    JOIN (SELECT issue_id, max(wk) AS wk FROM rep GROUP BY issue_id) e
      ON e.issue_id = r.issue_id AND e.wk = r.wk
), g AS (
    SELECT issue_id, status, count(*) AS weeks, sum(n) AS n, min(wk) AS first_wk,
           max(wk) AS last_wk
    FROM rep
    GROUP BY issue_id, status
), per AS (
    SELECT issue_id, sum(n) AS n, sum(weeks) AS weeks, min(first_wk) AS first_wk,
           max(last_wk) AS last_wk, {weeks_json} AS status_weeks
    FROM g
    GROUP BY issue_id
), summary AS (
    SELECT per.issue_id, per.n AS assessments, per.weeks, per.first_wk AS first_week,
           per.last_wk AS last_week, c.status AS last_status,
           coalesce(u.length, 0) AS streak_length,
           CASE WHEN b.wk IS NOT NULL THEN u.since END AS last_change,
           lr.rid AS last_id, per.status_weeks
    FROM per
    LEFT JOIN cur c ON c.issue_id = per.issue_id
    LEFT JOIN run u ON u.issue_id = per.issue_id
    LEFT JOIN brk b ON b.issue_id = per.issue_id
    LEFT JOIN lastrow lr ON lr.issue_id = per.issue_id
)"""

_WEEKS_JSON = {
    "sqlite": "json_group_object(status, weeks) FILTER (WHERE status IS NOT NULL)",
    "postgresql": "CAST(json_object_agg(status, weeks) FILTER (WHERE status IS NOT NULL) AS text)",
}

# Names, section and headline beside summary rows (alias c).
_NAMED = """
SELECT c.issue_id, c.assessments, c.weeks, c.first_week, c.last_week, c.last_status,
       c.streak_length, c.last_change, c.status_weeks, i.name, i.slug, s.name, x.headline
FROM {source} c
JOIN issue i ON i.id = c.issue_id
LEFT JOIN assessment x ON x.id = c.last_id
LEFT JOIN section s ON s.id = x.section_id
WHERE c.assessments > 0{more}
ORDER BY c.issue_id
"""

# The issues whose kept summary is missing (stale): those ``refresh_summaries`` fills.
_STALE = (
    "SELECT i.id FROM issue i "
    "WHERE NOT EXISTS (SELECT 1 FROM issue_summary k WHERE k.issue_id = i.id)"
)


def assessment_filters(
    connection: Connection,
    *,
    issue_ids: Sequence[int] | None = None,
    section_ids: Sequence[int] | None = None,
    source_ids: Sequence[int] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> tuple[str, dict[str, Any]] | None:
    """The WHERE clause (on alias ``a``, dated assessments only) of these filters and its
    parameters, as :func:`~tracker.store.assessments.load_assessments` reads them; None when
    an empty list of ids selects nothing."""
    where = ["a.week_start IS NOT NULL"]
    params: dict[str, Any] = {}
    for column, values in (
        ("a.issue_id", issue_ids),
        ("a.section_id", section_ids),
        ("a.source_id", source_ids),
    ):
        if values is None:
            continue
        if not values:
            return None
        where.append(_in_ids(column, values, params))
    sqlite = connection.dialect.name == "sqlite"
    for name, clause, day in (
        ("since", "a.week_end >= :since", since),
        ("until", "a.week_start <= :until", until),
    ):
        if day is not None:
            where.append(clause)
            params[name] = day.isoformat() if sqlite else day
    return " AND ".join(where), params


def issue_weeks_sql(connection: Connection, where: str) -> str:
    """The ``WITH`` clause that defines ``rep``: one row per issue-week (issue_id, wk, n, rid,
    status) of the assessments ``where`` selects, by the rules in the module notes."""
    monday = _MONDAY.get(connection.dialect.name, _MONDAY["postgresql"])
    return _ISSUE_WEEKS.format(
        where=where, monday=monday.format("week_start"), first=first_verdict(connection)
    )


def _summary_sql(connection: Connection, where: str) -> str:
    """``WITH … summary AS (…)``: one row per issue (the columns of _ROW)."""
    weeks_json = _WEEKS_JSON.get(connection.dialect.name, _WEEKS_JSON["postgresql"])
    return issue_weeks_sql(connection, where) + _PER_ISSUE.format(weeks_json=weeks_json)


def load_issue_weeks(
    session: Session,
    *,
    issue_ids: Sequence[int] | None = None,
    section_ids: Sequence[int] | None = None,
    source_ids: Sequence[int] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> pd.DataFrame:
    """The assessments the filters select, reduced by the database to the one row per
    issue-week that :mod:`tracker.trends` keeps (see the module notes), in the columns and
    order of :func:`~tracker.store.assessments.load_assessments`: what every weekly trend
    needs, however many sources and renderings assess an issue each week.

    ``frame.attrs["statuses"]`` lists the statuses of every selected row, so that a trend's
    status columns are those of the whole selection."""
    from tracker.store.assessments import _FROM, FRAME_SQL, empty_frame, select_list, to_frame

    connection = session.connection()
    filters = assessment_filters(
        connection,
        issue_ids=issue_ids,
        section_ids=section_ids,
        source_ids=source_ids,
        since=since,
        until=until,
    )
    columns = list(FRAME_SQL)
    if filters is None:
        frame = empty_frame(columns)
        frame.attrs["statuses"] = []
        return frame
    where, params = filters
    sql = (
        issue_weeks_sql(connection, where)
        + f" SELECT {select_list(FRAME_SQL)}{_FROM} JOIN rep ON rep.rid = a.id"
        + " ORDER BY a.week_start, a.id"
    )
    frame = to_frame(connection.execute(text(sql), params).fetchall(), columns)
    statuses = connection.execute(
        text(f"SELECT DISTINCT a.status FROM assessment a WHERE {where}"), params
    )
    frame.attrs["statuses"] = sorted(str(s) for (s,) in statuses if s is not None)
    return frame


def load_issue_summary(
    session: Session, *, scores: Mapping[str, float], **filters: Any
) -> pd.DataFrame:
    """One row per issue with dated assessments among those the filters select, ordered by
    issue id: the columns of :data:`SUMMARY_COLUMNS`, the values ``trends.issue_summary``
    gives for the same assessments (``scores`` maps statuses to scores; others count 0).
    The filters are :func:`load_issue_records`'s.

    Every issue, or chosen issues, come from the kept summaries (``issue_summary``), after
    :func:`refresh_summaries` has filled those that changed; a section, a source or a period
    is aggregated anew from its assessments.
    """
    return _frame(load_issue_records(session, scores=scores, **filters))


def load_issue_records(
    session: Session,
    *,
    scores: Mapping[str, float],
    issue_ids: Sequence[int] | None = None,
    section_ids: Sequence[int] | None = None,
    source_ids: Sequence[int] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """:func:`load_issue_summary`'s rows as plain records (weeks as the driver gives them,
    a mean score of NaN where no status scores), for callers that need no DataFrame."""
    connection = session.connection()
    everything = section_ids is None and source_ids is None and since is None and until is None
    if everything and refresh_summaries(session) is not None:
        params: dict[str, Any] = {}
        more = "" if issue_ids is None else " AND " + _in_ids("c.issue_id", issue_ids, params)
        rows = connection.execute(
            text(_NAMED.format(source="issue_summary", more=more)), params
        ).fetchall()
        return _records(rows, scores)
    filters = assessment_filters(
        connection,
        issue_ids=issue_ids,
        section_ids=section_ids,
        source_ids=source_ids,
        since=since,
        until=until,
    )
    if filters is None:
        return []
    where, params = filters
    sql = _summary_sql(connection, where) + _NAMED.format(source="summary", more="")
    return _records(connection.execute(text(sql), params).fetchall(), scores)


def refresh_summaries(session: Session) -> int | None:
    """Compute and keep the summary of every issue that has none (new, or changed since);
    return how many were computed, or None when the summaries could not be written now.
    Only those issues' assessments are read (through the index).

    The summaries are written by one statement that reads what it writes, so a writer cannot
    slip between.  On PostgreSQL, where another transaction may commit between statements,
    this takes the summaries' advisory lock exclusively for the rest of the transaction, and
    gives up (None) when a transaction writing assessments (whose trigger holds the lock
    shared until it commits) has not finished within two seconds.  On
    SQLite it gives up when another process holds the write lock for more than a moment, and
    on either engine when this user may not write (a read-only file or role).  The caller
    then aggregates from the assessments instead.
    """
    from sqlalchemy.exc import DBAPIError

    from tracker.db import SQLITE_BUSY_TIMEOUT_MS
    from tracker.store.schema import SUMMARY_LOCK

    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    if not sqlite:
        # a writer's transaction holds the lock shared: wait for it a moment, not longer
        deadline = time.monotonic() + 2.0
        while not connection.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": SUMMARY_LOCK}
        ).scalar():
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)
    elif connection.execute(text(_STALE + " LIMIT 1")).first() is None:
        return 0  # all kept: no need to ask for the write lock
    where = f"a.week_start IS NOT NULL AND a.issue_id IN ({_STALE})"
    fill = (
        f"INSERT INTO issue_summary ({_ROW}) "
        + _summary_sql(connection, where)
        + f" SELECT {_ROW} FROM summary"
    )
    # issues without dated assessments: a row that says so
    empty = (
        "INSERT INTO issue_summary (issue_id, assessments, weeks, streak_length) "
        f"SELECT id, 0, 0, 0 FROM ({_STALE}) e"
    )
    if sqlite:  # wait a moment for a writer, not the usual ten seconds
        connection.exec_driver_sql("PRAGMA busy_timeout = 200")
    try:
        with session.begin_nested():
            computed = connection.execute(text(fill)).rowcount
            computed += connection.execute(text(empty)).rowcount
    except DBAPIError:  # locked, or read-only: nothing was written
        return None
    finally:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    return int(computed)


def _records(rows: Sequence[Any], scores: Mapping[str, float]) -> list[dict[str, Any]]:
    """Summary rows (see _NAMED) as records in :data:`SUMMARY_COLUMNS`, scores applied."""
    out: list[dict[str, Any]] = []
    for row in rows:
        (issue_id, assessments, weeks, first_week, last_week, status, length, last_change,
         status_weeks, name, slug, section, headline) = row  # fmt: skip
        total, counted = 0.0, 0
        for label, count in json.loads(status_weeks or "{}").items():
            score = float(scores.get(label, math.nan))
            if not math.isnan(score):
                total += score * int(count)
                counted += int(count)
        length = int(length or 0)
        out.append(
            {
                "issue_id": int(issue_id),
                "issue": name,
                "slug": slug,
                "section": section,
                "assessments": int(assessments),
                "weeks": int(weeks),
                "first_week": first_week,
                "last_week": last_week,
                "last_status": status if status is not None else "none",
                "streak": f"{status} × {length}" if length else "—",
                "streak_length": length,
                "last_change": last_change,
                "index": total,
                "mean_score": total / counted if counted else math.nan,
                "last_headline": headline,
            }
        )
    return out


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    def column(name: str) -> list[Any]:
        return [r[name] for r in records]

    def dates(name: str) -> pd.Series:
        return pd.Series(pd.to_datetime(column(name)), dtype="datetime64[ns]")

    def objects(name: str) -> np.ndarray[Any, np.dtype[np.object_]]:
        # as trends builds its frames: the frame infers the text dtype from an object array
        return np.array(column(name), dtype=object)

    def ints(name: str) -> pd.Series:
        return pd.Series(column(name), dtype=np.int64)

    return pd.DataFrame(
        {
            "issue_id": ints("issue_id"),
            "issue": objects("issue"),
            "slug": objects("slug"),
            "section": objects("section"),
            "assessments": ints("assessments"),
            "weeks": ints("weeks"),
            "first_week": dates("first_week"),
            "last_week": dates("last_week"),
            "last_status": objects("last_status"),
            "streak": objects("streak"),
            "streak_length": ints("streak_length"),
            "last_change": dates("last_change"),
            "index": pd.Series(column("index"), dtype=np.float64),
            "mean_score": pd.Series(column("mean_score"), dtype=np.float64),
            "last_headline": objects("last_headline"),
        }
    )
