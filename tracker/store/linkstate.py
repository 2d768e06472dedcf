"""The linker's state and candidates in the database (migration m007; see
:mod:`tracker.incremental`).

* ``link_state``: one row, the document frequencies of the linker's features over every
  stored assessment (a packed array of fixed size), with how many assessments were counted
  and the largest id among them, so that a database filled some other way (an import, a bulk
  load, a deletion) is noticed and counted again.
* ``link_url``: the URL slug of each assessment that has one.
* The candidates of a new commentary: the newest assessments whose stemmed search index
  (:mod:`tracker.store.search`) holds one of its rare words, those of one week, those of one
  URL slug, the newest of some issues; then their texts.

Every query here is bounded by what it is asked for (a few words, a week, some issues), never
by the archive's size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from tracker.store.search import has_search_index, index_pending

#: Rows read per batch when every assessment is counted again (the linker's n-gram arrays
#: of a batch take about 60 KB a row while it is counted).
BATCH = 500


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def load_link_state(session: Session, *, lock: bool = False) -> tuple[int, int, bytes] | None:
    """``(docs, top_id, frequencies)`` of the kept state, or None if there is none.

    ``lock`` holds the row until the transaction ends (PostgreSQL), so that two ingests at
    once count their commentaries one after the other; SQLite has one writer at a time.
    """
    connection = session.connection()
    sql = "SELECT docs, top_id, frequencies FROM link_state WHERE id = 1"
    if lock and connection.dialect.name == "postgresql":
        # the row exists before it is locked: the first ingests into an empty database
        # wait for each other here instead of both inserting it (docs -1: not counted yet)
        connection.exec_driver_sql(
            "INSERT INTO link_state (id, docs, top_id, frequencies) "
            "VALUES (1, -1, 0, '') ON CONFLICT (id) DO NOTHING"
        )
        sql += " FOR UPDATE"
    row = connection.exec_driver_sql(sql).first()
    if row is None or int(row[0]) < 0:
        return None
    return int(row[0]), int(row[1]), bytes(row[2])


def save_link_state(session: Session, docs: int, top_id: int, frequencies: bytes) -> None:
    """Write the kept state (the one row)."""
    connection = session.connection()
    params = {"docs": docs, "top": top_id, "f": frequencies}
    done = connection.execute(
        text("UPDATE link_state SET docs = :docs, top_id = :top, frequencies = :f WHERE id = 1"),
        params,
    )
    if not done.rowcount:
        connection.execute(
            text(
                "INSERT INTO link_state (id, docs, top_id, frequencies) VALUES (1, :docs, :top, :f)"
            ),
            params,
        )


def largest_id(session: Session) -> int:
    """The largest assessment id (0 for none): an index's last entry, not a scan."""
    found = session.connection().exec_driver_sql("SELECT max(id) FROM assessment").scalar()
    return int(found or 0)


def count_assessments(session: Session) -> int:
    """How many assessments are stored (a scan: only when the archive is counted anyway)."""
    return int(
        session.connection().exec_driver_sql("SELECT count(*) FROM assessment").scalar() or 0
    )


def iter_link_texts(session: Session, body_chars: int) -> Iterator[list[tuple[Any, ...]]]:
    """Every assessment's ``(id, headline, lead, body opening, url)``, a batch at a time."""
    connection = session.connection()
    last = 0
    while True:
        rows = connection.execute(
            text(
                "SELECT id, headline, lead, substr(body, 1, :n), url FROM assessment "
                "WHERE id > :last ORDER BY id LIMIT :batch"
            ),
            {"n": body_chars, "last": last, "batch": BATCH},
        ).fetchall()
        if not rows:
            return
        yield [tuple(r) for r in rows]
        last = int(rows[-1][0])


def take_link_pending(
    session: Session, body_chars: int
) -> Iterator[list[tuple[int, tuple[Any, ...] | None, tuple[Any, ...] | None]]]:
    """What changed since the state was written (see m007), a batch of assessments at a
    time, each batch taken off the queue once read: ``(assessment id, before, after)`` where
    ``before`` is the text ``(headline, lead, body opening, url)`` the state counted (None:
    the assessment is new to it) and ``after`` the stored one now (None: deleted)."""
    connection = session.connection()
    last = 0
    while True:
        ids = [
            int(r[0])
            for r in connection.execute(
                text(
                    "SELECT DISTINCT assessment_id FROM link_pending WHERE assessment_id > :last "
                    "ORDER BY assessment_id LIMIT :batch"
                ),
                {"last": last, "batch": BATCH},
            )
        ]
        if not ids:
            return
        marks = ", ".join(str(i) for i in ids)
        first: dict[int, tuple[Any, ...] | None] = {}
        for r in connection.execute(
            text(
                "SELECT assessment_id, sign, headline, lead, substr(body, 1, :n) "
                f"FROM link_pending WHERE assessment_id IN ({marks}) ORDER BY assessment_id, id"
            ),
            {"n": body_chars},
        ):
            if int(r[0]) not in first:
                first[int(r[0])] = None if int(r[1]) > 0 else (r[2], r[3], r[4], None)
        now = {
            int(r[0]): tuple(r[1:])
            for r in connection.execute(
                text(
                    "SELECT id, headline, lead, substr(body, 1, :n), url FROM assessment "
                    f"WHERE id IN ({marks})"
                ),
                {"n": body_chars},
            )
        }
        connection.exec_driver_sql(f"DELETE FROM link_pending WHERE assessment_id IN ({marks})")
        yield [(i, first.get(i), now.get(i)) for i in ids]
        last = ids[-1]


def forget_link_pending(session: Session, ids: Sequence[int]) -> None:
    """Take the writing of these assessments off the queue (the linker counted them)."""
    connection = session.connection()
    for start in range(0, len(ids), 500):
        marks = ", ".join(str(int(i)) for i in ids[start : start + 500])
        connection.exec_driver_sql(
            f"DELETE FROM link_pending WHERE sign = 1 AND assessment_id IN ({marks})"
        )


def clear_link_pending(session: Session) -> None:
    """Forget the queued texts (the state is being counted again from the archive)."""
    connection = session.connection()
    if connection.exec_driver_sql("SELECT 1 FROM link_pending LIMIT 1").first():
        connection.exec_driver_sql("DELETE FROM link_pending")


def replace_link_urls(session: Session, pairs: Sequence[tuple[int, str]], *, clear: bool) -> None:
    """Record ``(assessment id, URL slug)`` pairs; ``clear`` forgets every earlier one."""
    connection = session.connection()
    if clear:
        connection.exec_driver_sql("DELETE FROM link_url")
    if pairs:
        connection.execute(
            text("INSERT INTO link_url (assessment_id, url_key) VALUES (:a, :k)"),
            [{"a": a, "k": k} for a, k in pairs],
        )


def _before(before: date | None, alias: str) -> str:
    return f" AND {alias}.week_start < :before" if before is not None else ""


def term_matches(
    session: Session, terms: Sequence[str], per_term: int, before: date | None = None
) -> list[tuple[int, int]]:
    """``(term position, assessment id)``: the ``per_term`` newest assessments (by id) whose
    search index holds each term (stems as :func:`tracker.lang.terms` makes them); with
    ``before``, only assessments of earlier weeks."""
    if not terms:
        return []
    connection = session.connection()
    if has_search_index(connection):
        index_pending(connection)  # this transaction's own rows count
    params: dict[str, Any] = {"n": per_term}
    if before is not None:
        params["before"] = before
    parts = []
    sqlite = connection.dialect.name == "sqlite"
    for k, term in enumerate(terms):
        if sqlite:
            params[f"t{k}"] = '"' + term.replace('"', '""') + '"'
            if before is None:
                inner = (
                    "SELECT rowid AS id FROM assessment_fts WHERE assessment_fts MATCH "
                    f":t{k} ORDER BY rowid DESC LIMIT :n"
                )
            else:
                inner = (
                    "SELECT f.rowid AS id FROM assessment_fts f JOIN assessment a "
                    f"ON a.id = f.rowid WHERE assessment_fts MATCH :t{k}{_before(before, 'a')} "
                    "ORDER BY f.rowid DESC LIMIT :n"
                )
            parts.append(f"SELECT {k} AS k, id FROM ({inner})")
        else:
            params[f"t{k}"] = "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
            join = " JOIN assessment a ON a.id = f.assessment_id" if before is not None else ""
            parts.append(
                f"(SELECT {k} AS k, f.assessment_id AS id FROM assessment_fts f{join} "
                f"WHERE f.search @@ CAST(:t{k} AS tsquery){_before(before, 'a')} "
                "ORDER BY f.assessment_id DESC LIMIT :n)"
            )
    rows = connection.execute(text(" UNION ALL ".join(parts)), params).fetchall()
    return [(int(k), int(i)) for k, i in rows]


def week_ids(session: Session, first: date, last: date, before: date | None = None) -> list[int]:
    """The assessments of the weeks from ``first`` to ``last``; with ``before``, only those
    of earlier weeks."""
    last = _until(first, last, before)
    if last < first:
        return []
    connection = session.connection()
    sql = "SELECT a.id FROM assessment a WHERE a.week_start BETWEEN :first AND :last ORDER BY a.id"
    return [int(r[0]) for r in connection.execute(text(sql), {"first": first, "last": last})]


def week_languages(
    session: Session, first: date, last: date, before: date | None = None
) -> set[str]:
    """The languages of the assessments of the weeks from ``first`` to ``last`` (with
    ``before``, of earlier weeks only); "" for those without one."""
    last = _until(first, last, before)
    if last < first:
        return set()
    sql = "SELECT DISTINCT a.language FROM assessment a WHERE a.week_start BETWEEN :first AND :last"
    rows = session.connection().execute(text(sql), {"first": first, "last": last})
    return {str(r[0] or "") for r in rows}


def _until(first: date, last: date, before: date | None) -> date:
    """``last``, or the day before ``before`` if that is earlier (before ``first``: none)."""
    if before is None:
        return last
    if before <= first:
        return first - timedelta(days=1)
    return min(last, before - timedelta(days=1))


def url_ids(session: Session, keys: Sequence[str], before: date | None = None) -> list[int]:
    """The assessments whose URL has one of these slugs."""
    if not keys:
        return []
    names = ", ".join(f":k{k}" for k in range(len(keys)))
    params: dict[str, Any] = {f"k{k}": key for k, key in enumerate(keys)}
    sql = (
        "SELECT DISTINCT u.assessment_id FROM link_url u JOIN assessment a "
        f"ON a.id = u.assessment_id WHERE u.url_key IN ({names})"
    )
    if before is not None:
        params["before"] = before
        sql += _before(before, "a")
    return sorted(int(r[0]) for r in session.connection().execute(text(sql), params))


def recent_ids(
    session: Session, issue_ids: Sequence[int], per_issue: int, before: date | None = None
) -> list[int]:
    """The ``per_issue`` newest dated assessments (by week, then id) of each issue."""
    connection = session.connection()
    found: list[int] = []
    for issue in sorted(set(issue_ids)):
        params: dict[str, Any] = {"issue": issue, "n": per_issue}
        if before is not None:
            params["before"] = before
        rows = connection.execute(
            text(
                "SELECT a.id FROM assessment a WHERE a.issue_id = :issue "
                f"AND a.week_start IS NOT NULL{_before(before, 'a')} "
                "ORDER BY a.week_start DESC, a.id DESC LIMIT :n"
            ),
            params,
        )
        found += [int(r[0]) for r in rows]
    return found


def issues_of(session: Session, ids: Sequence[int]) -> dict[int, int]:
    """The issue of each of these assessments."""
    connection = session.connection()
    out: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        marks = ", ".join(str(int(i)) for i in ids[start : start + 500])
        rows = connection.exec_driver_sql(
            f"SELECT id, issue_id FROM assessment WHERE id IN ({marks})"
        )
        out.update((int(a), int(i)) for a, i in rows)
    return out


def link_texts(
    session: Session, ids: Sequence[int], body_chars: int, weak_below: float | None = None
) -> list[tuple[Any, ...]]:
    """``(id, issue_id, section, week_start, language, headline, lead, body opening, url)``
    of these assessments that have a week, by id; with ``weak_below``, not those linked by
    similarity below that score (no evidence for others, see ``Linker._weak``)."""
    connection = session.connection()
    out: list[tuple[Any, ...]] = []
    wanted = sorted(set(ids))
    weak = ""
    if weak_below is not None:
        weak = (
            " AND NOT (a.link_method = 'similarity' AND a.link_score IS NOT NULL "
            "AND a.link_score < :weak)"
        )
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join(str(int(i)) for i in chunk)
        rows = connection.execute(
            text(
                "SELECT a.id, a.issue_id, s.name, a.week_start, a.language, a.headline, "
                "a.lead, substr(a.body, 1, :n), a.url FROM assessment a "
                "LEFT JOIN section s ON s.id = a.section_id "
                f"WHERE a.id IN ({marks}) AND a.week_start IS NOT NULL{weak} ORDER BY a.id"
            ),
            {"n": body_chars, "weak": weak_below},
        )
        out += [(*r[:3], _date(r[3]), *r[4:]) for r in rows]
    return out


def sample_headlines(session: Session, size: int) -> list[str]:
    """About ``size`` headlines and leads spread evenly over the archive (by id)."""
    connection = session.connection()
    low, high = connection.exec_driver_sql("SELECT min(id), max(id) FROM assessment").one()
    if low is None:
        return []
    step = max(1, (int(high) - int(low) + 1) // size)
    picked = list(range(int(low), int(high) + 1, step))[:size]
    out: list[str] = []
    for start in range(0, len(picked), 500):
        marks = ", ".join(str(i) for i in picked[start : start + 500])
        rows = connection.exec_driver_sql(
            f"SELECT headline, lead FROM assessment WHERE id IN ({marks}) ORDER BY id"
        )
        out += [f"{h} {lead or ''}" for h, lead in rows]
    return out


def assessment_weeks(session: Session) -> list[date | None]:
    """The distinct weeks of the stored assessments, oldest first (None: undated, first)."""
    rows = session.connection().exec_driver_sql(
        "SELECT DISTINCT week_start FROM assessment ORDER BY week_start"
    )
    weeks = [_date(r[0]) for r in rows]
    return sorted(weeks, key=lambda w: (w is not None, w or date.min))


def relink_rows(session: Session, week: date | None) -> list[dict[str, Any]]:
    """The assessments of one week (None: the undated), with what the linker reads, by id."""
    connection = session.connection()
    where = "a.week_start IS NULL" if week is None else "a.week_start = :week"
    rows = connection.execute(
        text(
            "SELECT a.id, a.issue_id, a.link_method, s.name AS section, a.status, a.headline, "
            "a.lead, a.body, a.week_start, a.week_end, a.language, a.url "
            "FROM assessment a LEFT JOIN section s ON s.id = a.section_id "
            f"WHERE {where} ORDER BY a.id"
        ),
        {"week": week} if week is not None else {},
    ).mappings()
    return [
        {**r, "week_start": _date(r["week_start"]), "week_end": _date(r["week_end"])} for r in rows
    ]


def links_by_hash(session: Session, hashes: Sequence[str]) -> list[tuple[str, int, str | None]]:
    """``(content hash, issue id, link method)`` of the assessments that these ingested
    texts became (through their rendering rows, so a text folded into another counts)."""
    connection = session.connection()
    out: list[tuple[str, int, str | None]] = []
    wanted = sorted(set(hashes))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        names = ", ".join(f":h{k}" for k in range(len(chunk)))
        rows = connection.execute(
            text(
                "SELECT r.content_hash, a.issue_id, a.link_method FROM rendering r "
                f"JOIN assessment a ON a.id = r.assessment_id WHERE r.content_hash IN ({names})"
            ),
            {f"h{k}": h for k, h in enumerate(chunk)},
        )
        out += [(str(h), int(i), m) for h, i, m in rows]
    return out
