"""SQL for curating the issue register: generic row edits for the audit trail, review queue.

Every change the curation use cases make (:mod:`tracker.curation`) is one of three kinds,
and each has a generic inverse, so that :meth:`undo` needs nothing but the audit rows:

* set one column of one row, or of many rows of one table to one value
  (:func:`get_values` / :func:`set_values`);
* insert a row with all its columns (:func:`insert_row`), undone by :func:`delete_row`;
* delete a row (:func:`delete_row`), undone by :func:`insert_row` with the same id.

Only the tables and columns in :data:`EDITABLE` can be touched this way: an audit row edited
by hand cannot make these functions write anywhere else.  Functions take a Session and
flush, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select, text, update
from sqlmodel import Session, SQLModel, col

from tracker.models import Assessment, AuditLog, Issue, IssueAlias

if TYPE_CHECKING:
    import pandas as pd

#: Table name -> model, for the tables curation changes.
ENTITIES: dict[str, type[SQLModel]] = {
    "issue": Issue,
    "issue_alias": IssueAlias,
    "assessment": Assessment,
}

#: The columns that audit rows may set, per table.
EDITABLE: dict[str, frozenset[str]] = {
    "issue": frozenset(
        {
            "name",
            "key",
            "slug",
            "section_id",
            "description",
            "merged_into_id",
            "provisional",
            "rules",
        }
    ),
    "issue_alias": frozenset({"issue_id", "alias", "key"}),
    "assessment": frozenset(
        {"issue_id", "link_method", "link_score", "week_start", "week_end", "week_basis"}
    ),
}

#: Columns saved when a row is created or deleted (enough to put it back as it was).
ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "issue": (
        "id",
        "name",
        "key",
        "slug",
        "section_id",
        "description",
        "merged_into_id",
        "provisional",
        "rules",
        "created_at",
    ),
    "issue_alias": ("id", "issue_id", "alias", "key"),
}

_CHUNK = 500


def model_of(entity: str, field: str | None = None) -> type[SQLModel]:
    """The model of a table curation may change; anything else is a corrupt audit row."""
    model = ENTITIES.get(entity)
    if model is None or (field is not None and field not in EDITABLE[entity]):
        what = f"{entity}.{field}" if field else entity
        raise ValueError(f"the audit trail names {what!r}, which curation never changes")
    return model


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield [int(i) for i in ids[start : start + _CHUNK]]


def get_values(session: Session, entity: str, ids: Sequence[int], field: str) -> dict[int, Any]:
    """``{id: value of field}`` for the rows of ``entity`` that exist among ``ids``."""
    model = model_of(entity, field)
    id_col = model.id  # type: ignore[attr-defined]
    column = getattr(model, field)
    out: dict[int, Any] = {}
    for chunk in _chunks(ids):
        for row_id, value in session.execute(select(id_col, column).where(id_col.in_(chunk))):
            out[int(row_id)] = value
    return out


def column_value(entity: str, field: str, value: Any) -> Any:
    """A value as the column holds it: the audit trail keeps dates as ISO text."""
    if isinstance(value, str):
        from sqlalchemy import Date

        if isinstance(getattr(model_of(entity, field), field).type, Date):
            return date.fromisoformat(value)
    return value


def set_values(session: Session, entity: str, ids: Sequence[int], field: str, value: Any) -> int:
    """Set ``field`` to ``value`` on these rows; return how many rows changed."""
    model = model_of(entity, field)
    id_col = model.id  # type: ignore[attr-defined]
    count = 0
    for chunk in _chunks(ids):
        result = session.execute(
            update(model).where(id_col.in_(chunk)).values({field: value}),
            execution_options={"synchronize_session": "fetch"},
        )
        count += int(getattr(result, "rowcount", 0) or 0)
    session.flush()
    return count


def get_row(session: Session, entity: str, row_id: int) -> dict[str, Any] | None:
    """The saved columns (:data:`ROW_COLUMNS`) of one row, JSON-ready, or None."""
    model = model_of(entity)
    found = session.get(model, row_id)
    if found is None:
        return None
    out: dict[str, Any] = {}
    for column in ROW_COLUMNS[entity]:
        value = getattr(found, column)
        out[column] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return out


def insert_row(session: Session, entity: str, values: dict[str, Any]) -> None:
    """Put back a row saved by :func:`get_row` (same id, same columns)."""
    model = model_of(entity)
    unknown = set(values) - set(ROW_COLUMNS[entity])
    if unknown:
        raise ValueError(f"the audit trail has unknown columns for {entity}: {sorted(unknown)}")
    data = dict(values)
    if isinstance(data.get("created_at"), str):
        data["created_at"] = datetime.fromisoformat(data["created_at"])
    session.add(model(**data))
    session.flush()


def delete_row(session: Session, entity: str, row_id: int) -> bool:
    """Delete one row; False if it was not there."""
    model = model_of(entity)
    found = session.get(model, row_id)
    if found is None:
        return False
    session.delete(found)
    session.flush()
    return True


# --------------------------------------------------------------------------- register


def get_assessment(session: Session, assessment_id: int) -> Assessment | None:
    return session.get(Assessment, assessment_id)


def assessment_issues(session: Session, ids: Sequence[int]) -> dict[int, int]:
    """``{assessment id: issue id}`` for those of ``ids`` that exist."""
    return {k: int(v) for k, v in get_values(session, "assessment", ids, "issue_id").items()}


def assessment_ids_of(session: Session, issue_id: int) -> list[int]:
    """The ids of an issue's assessments, in id order."""
    query = (
        select(col(Assessment.id))
        .where(col(Assessment.issue_id) == issue_id)
        .order_by(col(Assessment.id))
    )
    return [int(i) for i in session.execute(query).scalars() if i is not None]


def count_assessments(session: Session, issue_id: int) -> int:
    query = select(func.count()).where(col(Assessment.issue_id) == issue_id)
    return int(session.execute(query).scalar_one())


def count_issue_references(session: Session, issue_id: int) -> int:
    """Rows that point at an issue (assessments, runner-ups, aliases, merged issues)."""
    total = count_assessments(session, issue_id)
    for condition in (
        col(Assessment.link_runner_up_id) == issue_id,
        col(IssueAlias.issue_id) == issue_id,
        col(Issue.merged_into_id) == issue_id,
    ):
        total += int(session.execute(select(func.count()).where(condition)).scalar_one())
    return total


def aliases_of(session: Session, issue_id: int) -> list[IssueAlias]:
    query = (
        select(IssueAlias).where(col(IssueAlias.issue_id) == issue_id).order_by(col(IssueAlias.id))
    )
    return list(session.execute(query).scalars())


def get_alias_by_key(session: Session, key: str) -> IssueAlias | None:
    query = select(IssueAlias).where(col(IssueAlias.key) == key)
    return session.execute(query).scalars().first()


def issues_named(session: Session, key: str) -> list[Issue]:
    """Issues (merged ones too) whose name or one of whose aliases has the normalised ``key``."""
    by_alias = select(col(IssueAlias.issue_id)).where(col(IssueAlias.key) == key)
    query = (
        select(Issue)
        .where(or_(col(Issue.key) == key, col(Issue.id).in_(by_alias)))
        .order_by(col(Issue.id))
    )
    return list(session.execute(query).scalars())


def issues_merged_into(session: Session, issue_id: int) -> list[int]:
    """Ids of the issues merged into this one, directly or through others."""
    found: list[int] = []
    frontier = [issue_id]
    while frontier:
        query = select(col(Issue.id)).where(col(Issue.merged_into_id).in_(frontier))
        frontier = [
            int(i) for i in session.execute(query).scalars() if i is not None and i not in found
        ]
        found.extend(frontier)
    return found


def insert_alias(session: Session, issue_id: int, alias: str, key: str) -> IssueAlias:
    row = IssueAlias(issue_id=issue_id, alias=alias, key=key)
    session.add(row)
    session.flush()
    return row


# --------------------------------------------------------------------------- audit trail


def list_batch(session: Session, batch: str) -> list[AuditLog]:
    """The audit rows of one batch, in the order they were written."""
    query = select(AuditLog).where(col(AuditLog.batch) == batch).order_by(col(AuditLog.id))
    return list(session.execute(query).scalars())


def last_batch(session: Session) -> str | None:
    """The batch of the most recent audit row that has one."""
    query = (
        select(col(AuditLog.batch))
        .where(col(AuditLog.batch).is_not(None))
        .order_by(col(AuditLog.id).desc())
        .limit(1)
    )
    value = session.execute(query).scalar()
    return None if value is None else str(value)


def list_audit_after(session: Session, audit_id: int) -> list[AuditLog]:
    """Audit rows written after the row ``audit_id``, oldest first."""
    query = select(AuditLog).where(col(AuditLog.id) > audit_id).order_by(col(AuditLog.id))
    return list(session.execute(query).scalars())


def list_audit_rows(session: Session, *, limit: int | None = None) -> list[AuditLog]:
    """Audit rows, newest first."""
    query = select(AuditLog).order_by(col(AuditLog.id).desc())
    if limit:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


# --------------------------------------------------------------------------- review

REVIEW_COLUMNS = [
    "id",
    "week_start",
    "headline",
    "issue",
    "provisional",
    "link_method",
    "link_score",
    "runner_up",
    "runner_up_score",
    "margin",
]


def load_review(session: Session, *, margin: float, weak: float, limit: int | None) -> pd.DataFrame:
    """Assessments needing a look: a new or provisional issue, a small margin, a weak link.

    A small margin is ``link_score - link_runner_up_score < margin``; a weak link is a
    similarity link scoring under ``weak``.  Ordered best first:
    the highest link score, then the latest week.
    """
    import pandas as pd

    sql = (
        "SELECT a.id, a.week_start, a.headline, i.name, i.provisional, a.link_method,"
        " a.link_score, r.name, a.link_runner_up_score,"
        " a.link_score - a.link_runner_up_score"
        " FROM assessment a JOIN issue i ON i.id = a.issue_id"
        " LEFT JOIN issue r ON r.id = a.link_runner_up_id"
        " WHERE a.week_start IS NULL OR a.link_method = 'new' OR i.provisional = :yes"
        " OR a.link_score - a.link_runner_up_score < :margin"
        " OR (a.link_method = 'similarity' AND a.link_score < :weak)"
        " ORDER BY a.week_start IS NOT NULL, a.link_score IS NULL, a.link_score DESC,"
        " a.week_start DESC, a.id"
    )
    params: dict[str, Any] = {"yes": True, "margin": float(margin), "weak": float(weak)}
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = int(limit)
    rows = session.execute(text(sql), params).all()
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=REVIEW_COLUMNS)
    frame["id"] = frame["id"].astype("int64")
    frame["week_start"] = pd.to_datetime(frame["week_start"])
    frame["provisional"] = frame["provisional"].astype(bool)
    for column in ("link_score", "runner_up_score", "margin"):
        frame[column] = frame[column].astype("float64")
    return frame


# The latest ``:latest`` dated assessments of every issue, found in the index (issue, week,
# status, id) alone; only the rows chosen are read.
_LATEST = """
SELECT a.issue_id, a.headline, a.lead, substr(a.body, 1, :chars), a.week_start
FROM assessment a
WHERE a.id IN (
    SELECT id FROM (
        SELECT b.id, ROW_NUMBER() OVER (
            PARTITION BY b.issue_id ORDER BY b.week_start DESC, b.id DESC
        ) AS back
        FROM assessment b WHERE b.week_start IS NOT NULL
    ) latest WHERE back <= :latest
)
ORDER BY a.issue_id, a.week_start, a.id
"""


def load_latest_texts(
    session: Session, *, latest: int, body_chars: int
) -> dict[int, list[tuple[str, str | None, str | None, date]]]:
    """Per issue, its latest ``latest`` dated assessments in week order: (headline, lead,
    the body's first ``body_chars`` characters, week_start).  What review compares of each
    issue, read without the archive: memory grows with the issues, not the assessments."""
    rows = session.connection().execute(
        text(_LATEST), {"latest": int(latest), "chars": int(body_chars)}
    )
    out: dict[int, list[tuple[str, str | None, str | None, date]]] = {}
    for issue_id, headline, lead, body, week in rows:
        day = week if isinstance(week, date) else date.fromisoformat(str(week)[:10])
        out.setdefault(int(issue_id), []).append((str(headline), lead, body, day))
    return out
