"""Assessments: bulk writes and frames for analysis (search is in :mod:`tracker.store.search`).

Writes go through the driver directly (``executemany`` of tuples on SQLite, ``COPY`` on
PostgreSQL): the ORM's ``add_all`` is about ten times slower on bulk loads.  Reads build
DataFrames straight from driver rows, with the columns named as in the models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text
from sqlmodel import Session

if TYPE_CHECKING:
    import pandas as pd

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
    "week_basis",
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
    "week_basis": "a.week_basis",
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


def select_list(columns: Mapping[str, str]) -> str:
    """``sql AS name, …`` for columns given as name -> SQL expression (as :data:`FRAME_SQL`)."""
    return ", ".join(f"{sql} AS {name}" for name, sql in columns.items())


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
        from tracker.store.rows import copy_rows

        copy_rows(connection, "assessment", INSERT_COLUMNS, rows)
    return len(rows)


def existing_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    """Which of these content hashes are stored already (as an assessment or a rendering)."""
    wanted = list(dict.fromkeys(hashes))
    found: set[str] = set()
    connection = session.connection()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        params = {f"h{n}": h for n, h in enumerate(chunk)}
        marks = ", ".join(f":h{n}" for n in range(len(chunk)))
        for table in ("assessment", "rendering"):  # a merged rendering is stored too
            result = connection.execute(
                text(f"SELECT content_hash FROM {table} WHERE content_hash IN ({marks})"),
                params,
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
    undated: bool = False,
) -> pd.DataFrame:
    """An assessments frame, ordered by week then id.  ``on`` selects weeks containing a day.

    Undated assessments (no evidence of their week) are left out: they never enter weekly
    trends or charts.  ``undated=True`` gives only them (for review and dating).
    """
    columns = dict(FRAME_SQL)
    if with_body:
        columns["body"] = "a.body"
    where: list[str] = ["a.week_start IS NULL" if undated else "a.week_start IS NOT NULL"]
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
    sql = f"SELECT {select_list(columns)}{_FROM}"
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


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _datetimes(column: Any) -> Any:
    """``datetime64[ns]`` from a column of driver values: dates (PostgreSQL), ISO text
    (SQLite) or None.  Through day numbers: numpy's own conversion of date objects (and of
    None) takes a Python call per value, ten times as long."""
    import numpy as np

    nat = np.iinfo(np.int64).min
    days = np.fromiter(
        (
            nat
            if value is None
            else (
                value.toordinal()
                if isinstance(value, date)
                else date.fromisoformat(str(value)[:10]).toordinal()
            )
            - _EPOCH_ORDINAL
            for value in column
        ),
        dtype=np.int64,
        count=len(column),
    )
    return days.view("datetime64[D]").astype("datetime64[ns]")


def to_frame(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    """A frame from driver rows, built column by column with numpy (fast for thousands of rows).

    Dates become ``datetime64[ns]`` (NaT where missing), ids ``int64``, scores ``float64``;
    text stays ``object`` with None for missing values.
    """
    import numpy as np
    import pandas as pd

    table = np.empty((len(rows), len(columns)), dtype=object)
    if rows:
        # plain tuples: numpy probes SQLAlchemy rows item by item, which is slow
        table[:] = [tuple(row) for row in rows]
    typed: dict[str, Any] = {}
    text = []
    for position, name in enumerate(columns):
        column = table[:, position]
        if name in _DATETIME_COLUMNS:
            typed[name] = _datetimes(column)
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


def count_undated(session: Session) -> dict[int, int]:
    """Per issue, how many assessments wait for a week (left out of weekly trends/charts)."""
    rows = (
        session.connection()
        .execute(
            text(
                "SELECT issue_id, count(*) FROM assessment WHERE week_start IS NULL "
                "GROUP BY issue_id"
            )
        )
        .fetchall()
    )
    return {int(i): int(n) for i, n in rows}


#: A source's latest pages (printing week and publication day) its habit is learned from.
HABIT_PAGES = 1_000


def load_publication_offsets(session: Session) -> dict[str | None, dict[int, int]]:
    """Each source's habit: days from a week's end to the commentary's publication, counted
    over its latest :data:`HABIT_PAGES` assessments whose page printed both
    (``week_basis = 'page'``), found through a partial index (m010): an ingest reads a few
    hundred rows per source, not the archive."""
    from tracker.models import PUBLISHED_ON_PAGE

    connection = session.connection()
    if connection.dialect.name == "sqlite":
        days = "CAST(julianday(published_on) - julianday(week_end) AS INTEGER)"
    else:
        days = "(published_on - week_end)"
    sources: list[tuple[int | None, str | None]] = [
        (int(i), str(n))
        for i, n in connection.execute(text("SELECT id, name FROM source")).fetchall()
    ]
    out: dict[str | None, dict[int, int]] = {}
    for source_id, name in [*sources, (None, None)]:
        same = "source_id IS NULL" if source_id is None else "source_id = :source"
        rows = connection.execute(
            text(
                f"SELECT d, count(*) FROM (SELECT {days} AS d FROM assessment "
                f"WHERE {same} AND {PUBLISHED_ON_PAGE} ORDER BY id DESC LIMIT {HABIT_PAGES}) x "
                "GROUP BY d"
            ),
            {"source": source_id},
        ).fetchall()
        for d, n in rows:
            out.setdefault(name, {})[int(d)] = int(n)
    return out


def set_week(
    session: Session, assessment_id: int, week: tuple[date, date] | None, basis: str | None
) -> None:
    """Give an assessment its week (or take it away: ``week=None``), with its basis."""
    start, end = (None, None) if week is None else week
    params: dict[str, Any] = {"id": assessment_id, "s": start, "e": end, "b": basis}
    if session.connection().dialect.name == "sqlite":
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    session.connection().execute(
        text(
            "UPDATE assessment SET week_start = :s, week_end = :e, week_basis = :b WHERE id = :id"
        ),
        params,
    )


#: Columns of :func:`add_renderings` rows, in this order.
RENDERING_COLUMNS = (
    "assessment_id",
    "origin",
    "url",
    "url_key",
    "text_key",
    "language",
    "content_hash",
    "ingested_at",
)
#: The assessment fields :func:`find_renderings` returns for each candidate.
_CANDIDATE_SQL = {
    "id": "a.id",
    "url_key": "r.url_key",
    "text_key": "r.text_key",
    "language": "a.language",
    "headline": "a.headline",
    "section": "s.name",
    "status": "a.status",
    "status_text": "a.status_text",
    "lead": "a.lead",
    "body": "a.body",
    "week_start": "a.week_start",
    "week_end": "a.week_end",
    "week_basis": "a.week_basis",
    "authors": "a.authors",
    "published_on": "a.published_on",
    "url": "a.url",
}


def add_renderings(session: Session, rows: Sequence[Sequence[Any]]) -> None:
    """Record renderings (tuples in :data:`RENDERING_COLUMNS` order)."""
    if not rows:
        return
    names = ", ".join(RENDERING_COLUMNS)
    marks = ", ".join(f":{c}" for c in RENDERING_COLUMNS)
    sqlite = session.connection().dialect.name == "sqlite"
    session.connection().execute(
        text(f"INSERT INTO rendering ({names}) VALUES ({marks})"),
        [
            {
                c: _sqlite_value(c, v) if sqlite else v
                for c, v in zip(RENDERING_COLUMNS, row, strict=True)
            }
            for row in rows
        ],
    )


def own_rendering(assessment_id: int, c: Any, content_hash: str) -> tuple[Any, ...]:
    """The rendering row of a commentary (a :class:`~tracker.models.Commentary`) stored as
    assessment ``assessment_id``, in :data:`RENDERING_COLUMNS` order."""
    from tracker.models import rendering_origin_key, rendering_text_key, utcnow

    return (
        assessment_id,
        c.origin,
        c.url,
        rendering_origin_key(c.url, c.origin),
        rendering_text_key(c.headline),
        c.language,
        content_hash,
        utcnow(),
    )


def find_renderings(
    session: Session, url_keys: Iterable[str], text_keys: Iterable[str]
) -> list[dict[str, Any]]:
    """Stored assessments with a rendering whose URL key or text key is among these: one
    dict per (assessment, rendering), with the assessment's fields for comparing."""
    urls = sorted(set(url_keys))
    texts = sorted(set(text_keys))
    if not urls and not texts:
        return []
    params: dict[str, Any] = {}
    where = []
    if urls:
        params.update({f"u{n}": k for n, k in enumerate(urls)})
        where.append(f"r.url_key IN ({', '.join(f':u{n}' for n in range(len(urls)))})")
    if texts:
        params.update({f"t{n}": k for n, k in enumerate(texts)})
        where.append(f"r.text_key IN ({', '.join(f':t{n}' for n in range(len(texts)))})")
    chosen = select_list(_CANDIDATE_SQL)
    rows = (
        session.connection()
        .execute(
            text(
                f"SELECT {chosen} FROM rendering r JOIN assessment a ON a.id = r.assessment_id"
                " LEFT JOIN section s ON s.id = a.section_id"
                f" WHERE {' OR '.join(where)} ORDER BY a.id"
            ),
            params,
        )
        .fetchall()
    )
    out = []
    for row in rows:
        item = dict(zip(_CANDIDATE_SQL, row, strict=True))
        for column in ("week_start", "week_end", "published_on"):
            if isinstance(item[column], str):
                item[column] = date.fromisoformat(item[column][:10])
        out.append(item)
    return out


def ids_by_hash(session: Session, hashes: Sequence[str]) -> dict[str, int]:
    """The ids of the assessments with these content hashes."""
    out: dict[str, int] = {}
    connection = session.connection()
    for start in range(0, len(hashes), 500):
        chunk = list(hashes[start : start + 500])
        params = {f"h{n}": h for n, h in enumerate(chunk)}
        marks = ", ".join(f":h{n}" for n in range(len(chunk)))
        for aid, h in connection.execute(
            text(f"SELECT id, content_hash FROM assessment WHERE content_hash IN ({marks})"),
            params,
        ):
            out[str(h)] = int(aid)
    return out


#: The columns :func:`update_assessment` may set (what a richer rendering fills in).
MERGEABLE = frozenset(
    {
        "headline",
        "section_id",
        "status",
        "status_text",
        "lead",
        "body",
        "week_start",
        "week_end",
        "week_basis",
        "authors",
        "published_on",
        "url",
    }
)


def update_assessment(session: Session, assessment_id: int, values: dict[str, Any]) -> None:
    """Set some of an assessment's fields (from a richer rendering of it)."""
    if not values:
        return
    bad = set(values) - MERGEABLE
    if bad:
        raise ValueError(f"not a mergeable column: {sorted(bad)}")
    params = dict(values)
    if session.connection().dialect.name == "sqlite":
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    sets = ", ".join(f"{k} = :{k}" for k in values)
    params["id"] = assessment_id
    session.connection().execute(text(f"UPDATE assessment SET {sets} WHERE id = :id"), params)


def renderings_by_hash(session: Session, hashes: Sequence[str]) -> dict[str, tuple[int, set[str]]]:
    """For stored content hashes: the assessment they render and the files they came from."""
    out: dict[str, tuple[int, set[str]]] = {}
    connection = session.connection()
    wanted = list(dict.fromkeys(hashes))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        params = {f"h{n}": h for n, h in enumerate(chunk)}
        marks = ", ".join(f":h{n}" for n in range(len(chunk)))
        for h, aid, origin in connection.execute(
            text(
                "SELECT content_hash, assessment_id, origin FROM rendering "
                f"WHERE content_hash IN ({marks})"
            ),
            params,
        ):
            entry = out.setdefault(str(h), (int(aid), set()))
            entry[1].add(origin or "")
    return out


def backfill_renderings(connection: Connection) -> int:
    """A rendering row for every assessment that has none (an archive made before renderings
    were recorded, or imported from an older export); dated rows without a basis stated
    their week on the page.  Returns how many rows were added."""
    from tracker.models import (
        Rendering,
        rendering_origin_key,
        rendering_text_key,
        table_of,
        utcnow,
    )

    connection.exec_driver_sql(
        "UPDATE assessment SET week_basis = 'page' "
        "WHERE week_basis IS NULL AND week_start IS NOT NULL"
    )
    now = utcnow()
    table = table_of(Rendering)
    added = last = 0
    while True:  # a batch at a time in id order, so that memory holds one batch
        rows = connection.execute(
            text(
                "SELECT a.id, a.origin, a.url, a.headline, a.language, a.content_hash "
                "FROM assessment a WHERE a.id > :last AND NOT EXISTS "
                "(SELECT 1 FROM rendering r WHERE r.assessment_id = a.id) "
                "ORDER BY a.id LIMIT :batch"
            ),
            {"last": last, "batch": _RENDERING_BATCH},
        ).fetchall()
        if not rows:
            return added
        batch = [
            {
                "assessment_id": aid,
                "origin": origin,
                "url": url,
                "url_key": rendering_origin_key(url, origin),
                "text_key": rendering_text_key(headline),
                "language": language,
                "content_hash": content_hash,
                "ingested_at": now,
            }
            for aid, origin, url, headline, language, content_hash in rows
        ]
        connection.execute(table.insert(), batch)
        added += len(batch)
        last = int(rows[-1][0])


#: Assessments given their rendering row at a time by :func:`backfill_renderings`.
_RENDERING_BATCH = 10_000
