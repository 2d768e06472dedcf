"""Full-text search over stemmed text: the index, keeping it in sync, and the queries.

The index holds each assessment's headline, lead and body as index terms (Snowball stems by
script, :func:`tracker.lang.terms`) and the name keys of its capitalised words
(:func:`tracker.lang.name_keys`), on both engines from the same Python code, so that both
engines find exactly the same commentaries for a query:

* SQLite: the FTS5 table ``assessment_fts(headline, lead, body, names)`` whose rowid is the
  assessment's id, with the ``ascii`` tokenizer (our terms are already lower case; every
  non-ASCII letter is part of a term, so FTS5 keeps our terms exactly as written).
* PostgreSQL: the table ``assessment_fts(assessment_id, search tsvector)`` with a GIN index;
  the tsvector is written as a literal (headline terms weight A, lead B, body C, name keys D),
  so PostgreSQL's own parser and dictionaries never re-read our terms.

Stemming happens in Python, so the database cannot index a row by itself.  Instead triggers
put the id of every inserted assessment, and of every assessment whose headline, lead or body
changes, into ``search_pending``; a deleted assessment leaves the index through a trigger (or
a cascading foreign key).  :func:`index_pending` indexes the queued rows; it runs before every
commit of a :class:`sqlmodel.Session` (a listener set up below), so whatever store function
wrote the rows — the bulk insert, curation edits, an import, a merge of renderings — the index
is up to date in the same transaction, and before every search (so that a search inside a
unit of work sees that unit's own writes).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker.lang import name_keys, terms
from tracker.query import AnyOf, Node, Pattern, Query, Term, parse_query, snippet
from tracker.store.assessments import FRAME_SQL, _in_ids, to_frame

Progress = Callable[[int, int, str], None]
Sort = Literal["relevance", "date"]

BATCH = 2_000
#: Between two fields, so that a phrase never runs from a headline into the lead.
FIELD_GAP = 8
#: PostgreSQL keeps positions up to 16383 and 256 positions per term.
_PG_MAX_POSITION = 16_383
_PG_MAX_POSITIONS = 255
#: bm25 weights of headline, lead, body, names (FTS5); PostgreSQL's ts_rank weighs A 1.0,
#: B 0.4, C 0.2, D 0.1 by default, in the same spirit.
_FTS5_WEIGHTS = "10.0, 4.0, 1.0, 0.5"

_TEXT_COLUMNS = "{headline lead body}"

# --------------------------------------------------------------------------- schema (m004)

SQLITE_SCHEMA = [
    "DROP TRIGGER IF EXISTS assessment_fts_insert",
    "DROP TRIGGER IF EXISTS assessment_fts_delete",
    "DROP TRIGGER IF EXISTS assessment_fts_update",
    "DROP TABLE IF EXISTS assessment_fts",
    "CREATE VIRTUAL TABLE assessment_fts USING fts5(headline, lead, body, names, tokenize='ascii')",
    "CREATE TABLE search_pending (assessment_id INTEGER PRIMARY KEY)",
    "CREATE TRIGGER search_queue_insert AFTER INSERT ON assessment BEGIN "
    "INSERT OR IGNORE INTO search_pending VALUES (new.id); END",
    "CREATE TRIGGER search_queue_update AFTER UPDATE OF headline, lead, body ON assessment "
    "BEGIN INSERT OR IGNORE INTO search_pending VALUES (new.id); END",
    "CREATE TRIGGER search_unindex AFTER DELETE ON assessment BEGIN "
    "DELETE FROM assessment_fts WHERE rowid = old.id; "
    "DELETE FROM search_pending WHERE assessment_id = old.id; END",
]

PG_SCHEMA = [
    "DROP INDEX IF EXISTS ix_assessment_search",
    "ALTER TABLE assessment DROP COLUMN IF EXISTS search",
    "CREATE TABLE assessment_fts (assessment_id INTEGER PRIMARY KEY "
    "REFERENCES assessment (id) ON DELETE CASCADE, search tsvector NOT NULL)",
    "CREATE TABLE search_pending (assessment_id INTEGER PRIMARY KEY "
    "REFERENCES assessment (id) ON DELETE CASCADE)",
    "CREATE FUNCTION search_queue_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_pending SELECT id FROM added ON CONFLICT DO NOTHING; RETURN NULL; "
    "END $$",
    "CREATE FUNCTION search_queue_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_pending VALUES (NEW.id) ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE TRIGGER search_queue_insert AFTER INSERT ON assessment "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_queue_added()",
    "CREATE TRIGGER search_queue_update AFTER UPDATE OF headline, lead, body ON assessment "
    "FOR EACH ROW WHEN (OLD.headline IS DISTINCT FROM NEW.headline "
    "OR OLD.lead IS DISTINCT FROM NEW.lead OR OLD.body IS DISTINCT FROM NEW.body) "
    "EXECUTE FUNCTION search_queue_changed()",
]
_PG_INDEX = "CREATE INDEX ix_assessment_fts_search ON assessment_fts USING GIN (search)"


def create_search_index(connection: Connection, progress: Progress | None = None) -> None:
    """Replace the unstemmed index of m002 by the stemmed one and fill it (migration m004)."""
    sqlite = connection.dialect.name == "sqlite"
    for statement in SQLITE_SCHEMA if sqlite else PG_SCHEMA:
        connection.exec_driver_sql(statement)
    reindex(connection, progress)


# --------------------------------------------------------------------------- writing the index


def document(headline: str | None, lead: str | None, body: str | None) -> list[list[str]]:
    """The index terms of an assessment's three fields and the name keys of all three."""
    fields = [terms(value or "") for value in (headline, lead, body)]
    keys = [k for value in (headline, lead, body) for k in name_keys(value or "")]
    return [*fields, keys]


def tsvector_literal(parts: Sequence[Sequence[str]]) -> str:
    """A tsvector literal of the fields' terms: positions run on through the fields (with a
    gap between two), weights A, B, C for headline, lead, body, D for the name keys."""
    positions: dict[str, list[str]] = {}
    first = 1
    for weight, tokens in zip("ABCD", parts, strict=True):
        for at, token in enumerate(tokens, start=first):
            seen = positions.get(token)
            if seen is None:
                positions[token] = [f"{min(at, _PG_MAX_POSITION)}{weight}"]
            elif len(seen) < _PG_MAX_POSITIONS:
                seen.append(f"{min(at, _PG_MAX_POSITION)}{weight}")
        first += len(tokens) + FIELD_GAP
    return " ".join([f"'{t}':{','.join(p)}" for t, p in positions.items()])


def _index_rows(
    connection: Connection, rows: Sequence[Sequence[Any]], *, fresh: bool = False
) -> None:
    """(Re)index rows of ``(id, headline, lead, body)``; ``fresh``: none is indexed yet."""
    if not rows:
        return
    ids = [int(row[0]) for row in rows]
    if connection.dialect.name == "sqlite":
        if not fresh:
            marks = ",".join("?" * len(ids))
            connection.exec_driver_sql(
                f"DELETE FROM assessment_fts WHERE rowid IN ({marks})", tuple(ids)
            )
        connection.exec_driver_sql(
            "INSERT INTO assessment_fts (rowid, headline, lead, body, names) VALUES (?,?,?,?,?)",
            [(row[0], *(" ".join(p) for p in document(*row[1:4]))) for row in rows],  # type: ignore[arg-type]
        )
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        if not fresh:
            cursor.execute("DELETE FROM assessment_fts WHERE assessment_id = ANY(%s)", (ids,))
        with cursor.copy("COPY assessment_fts (assessment_id, search) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((row[0], tsvector_literal(document(*row[1:4]))))


def index_pending(connection: Connection) -> int:
    """Index the assessments queued in ``search_pending``; return how many."""
    done = 0
    while True:
        rows = connection.exec_driver_sql(
            "SELECT a.id, a.headline, a.lead, a.body FROM search_pending p "
            f"JOIN assessment a ON a.id = p.assessment_id ORDER BY p.assessment_id LIMIT {BATCH}"
        ).fetchall()
        if not rows:
            # ids of rows deleted in the meantime (SQLite's trigger removes them already)
            connection.exec_driver_sql("DELETE FROM search_pending")
            return done
        _index_rows(connection, rows)
        last = rows[-1][0]
        connection.exec_driver_sql(f"DELETE FROM search_pending WHERE assessment_id <= {int(last)}")
        done += len(rows)


def _batches(connection: Connection) -> Iterator[list[Any]]:
    """Every assessment's ``(id, headline, lead, body)``, a batch at a time (by id)."""
    last = 0
    while True:
        rows = connection.exec_driver_sql(
            "SELECT id, headline, lead, body FROM assessment WHERE id > "
            f"{last} ORDER BY id LIMIT {BATCH}"
        ).fetchall()
        if not rows:
            return
        yield list(rows)
        last = int(rows[-1][0])


def reindex(connection: Connection, progress: Progress | None = None) -> int:
    """Rebuild the whole index, a batch at a time (memory stays bounded); return the count.

    On PostgreSQL the GIN index is dropped while the rows are written and built once at the
    end (several times faster than keeping it up to date row by row).
    """
    sqlite = connection.dialect.name == "sqlite"
    total = int(connection.exec_driver_sql("SELECT count(*) FROM assessment").scalar() or 0)
    if sqlite:
        connection.exec_driver_sql("DELETE FROM assessment_fts")
    else:
        connection.exec_driver_sql("DROP INDEX IF EXISTS ix_assessment_fts_search")
        connection.exec_driver_sql("TRUNCATE assessment_fts")
    connection.exec_driver_sql("DELETE FROM search_pending")
    done = 0
    if progress is not None:
        progress(0, total, "search index")
    for rows in _batches(connection):
        _index_rows(connection, rows, fresh=True)
        done += len(rows)
        if progress is not None:
            progress(done, total, "search index")
    if not sqlite:
        connection.exec_driver_sql(_PG_INDEX)
        connection.exec_driver_sql("ANALYZE assessment_fts")
    return done


_READY: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def has_search_index(connection: Connection) -> bool:
    """Whether this database has the stemmed index (migration m004); remembered once true."""
    engine = connection.engine
    if _READY.get(engine):
        return True
    if connection.dialect.name == "sqlite":
        found = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_pending'"
        ).first()
    else:
        found = connection.exec_driver_sql(
            "SELECT to_regclass('search_pending') IS NOT NULL"
        ).scalar()
    if found:
        _READY[engine] = True
    return bool(found)


@event.listens_for(Session, "before_commit")
def _index_before_commit(session: Session) -> None:
    """Index what this unit of work queued, in the same transaction."""
    if not session.in_transaction():
        return
    connection = session.connection()
    if has_search_index(connection):
        index_pending(connection)


# --------------------------------------------------------------------------- compiling queries


def _fts5_pattern(pattern: Pattern) -> str:
    columns = "{names}" if pattern.field == "names" else _TEXT_COLUMNS
    return f'{columns} : "{" ".join(pattern.tokens)}"' + (" *" if pattern.prefix else "")


def _pg_pattern(pattern: Pattern) -> str:
    weights = "D" if pattern.field == "names" else "ABC"
    last = len(pattern.tokens) - 1
    return " <-> ".join(
        f"'{token}':{'*' if pattern.prefix and k == last else ''}{weights}"
        for k, token in enumerate(pattern.tokens)
    )


def compile_fts5(node: Node) -> str:
    """An FTS5 MATCH expression for a query tree."""
    return _compile(node, _fts5_pattern, ("OR", "AND", "NOT"))


def compile_tsquery(node: Node) -> str:
    """A PostgreSQL tsquery literal for a query tree."""
    return _compile(node, _pg_pattern, ("|", "&", "& !"))


def _compile(node: Node, pattern: Callable[[Pattern], str], ops: tuple[str, str, str]) -> str:
    or_, and_, not_ = ops
    if isinstance(node, Term):
        return "(" + f" {or_} ".join(pattern(p) for p in node.patterns) + ")"
    if isinstance(node, AnyOf):
        return "(" + f" {or_} ".join(_compile(i, pattern, ops) for i in node.items) + ")"
    found = "(" + f" {and_} ".join(_compile(i, pattern, ops) for i in node.items) + ")"
    if node.exclude:
        left_out = f" {or_} ".join(_compile(i, pattern, ops) for i in node.exclude)
        found = f"({found} {not_} ({left_out}))"
    return found


# --------------------------------------------------------------------------- searching

_FROM = (
    " JOIN issue i ON i.id = a.issue_id"
    " LEFT JOIN section s ON s.id = a.section_id"
    " LEFT JOIN source src ON src.id = a.source_id"
)


@dataclass(frozen=True)
class SearchFilters:
    """Which assessments a search looks at (None: no restriction)."""

    issue_ids: Sequence[int] | None = None
    section_ids: Sequence[int] | None = None
    source_ids: Sequence[int] | None = None
    since: date | None = None
    until: date | None = None
    ids: Sequence[int] | None = None


def _begin(
    session: Session, query: str | Query, filters: SearchFilters | None
) -> tuple[Connection, Query, str, str, dict[str, Any]]:
    """Parse the query, bring the index up to date, and build :func:`_matching`."""
    parsed = parse_query(query) if isinstance(query, str) else query
    connection = session.connection()
    index_pending(connection)
    body, rank, params = _matching(connection, parsed, filters or SearchFilters())
    return connection, parsed, body, rank, params


def _matching(
    connection: Connection, query: Query, filters: SearchFilters
) -> tuple[str, str, dict[str, Any]]:
    """The FROM … WHERE of the assessments matching a query, its rank expression (higher is
    better) and its parameters."""
    params: dict[str, Any] = {}
    sqlite = connection.dialect.name == "sqlite"
    if not query.root.items:  # only exclusions: every assessment but the matching ones
        left_out = AnyOf(query.root.exclude)
        source = " FROM assessment a"
        if sqlite:
            params["q"] = compile_fts5(left_out)
            where = ["a.id NOT IN (SELECT rowid FROM assessment_fts WHERE assessment_fts MATCH :q)"]
        else:
            params["q"] = compile_tsquery(left_out)
            where = [
                "NOT EXISTS (SELECT 1 FROM assessment_fts f WHERE f.assessment_id = a.id "
                "AND f.search @@ CAST(:q AS tsquery))"
            ]
        rank = "0.0"
    elif sqlite:
        params["q"] = compile_fts5(query.root)
        source = " FROM assessment_fts f JOIN assessment a ON a.id = f.rowid"
        where = ["assessment_fts MATCH :q"]
        rank = f"-bm25(assessment_fts, {_FTS5_WEIGHTS})"
    else:
        params["q"] = compile_tsquery(query.root)
        source = (
            " FROM assessment_fts f CROSS JOIN CAST(:q AS tsquery) AS q(q)"
            " JOIN assessment a ON a.id = f.assessment_id"
        )
        where = ["f.search @@ q.q"]
        # ranked by the words looked for alone: ts_rank gives an AND with a NOT no weight
        params["r"] = " | ".join(_pg_pattern(p) for p in query.patterns())
        rank = "ts_rank(f.search, CAST(:r AS tsquery))"
    for name, values in (
        ("a.issue_id", filters.issue_ids),
        ("a.section_id", filters.section_ids),
        ("a.source_id", filters.source_ids),
        ("a.id", filters.ids),
    ):
        if values is not None:
            where.append(_in_ids(name, values, params))
    for key, sql, value in (
        ("since", "a.week_end >= :since", filters.since),
        ("until", "a.week_start <= :until", filters.until),
    ):
        if value is not None:
            where.append(sql)
            params[key] = value.isoformat() if sqlite else value
    return source + " WHERE " + " AND ".join(where), rank, params


def search_assessments(
    session: Session,
    query: str | Query,
    *,
    limit: int = 20,
    sort: Sort = "relevance",
    filters: SearchFilters | None = None,
) -> pd.DataFrame:
    """Assessments matching a query (text in the query language, or parsed), best first.

    ``sort``: ``relevance`` (bm25 on SQLite, ts_rank on PostgreSQL; a headline weighs more
    than a lead, a lead more than a body; ties go to the more recent) or ``date`` (newest
    first).  Each row has the assessments frame's columns plus ``snippet`` (the matching
    words in [brackets]), ``rank`` (higher is better) and ``via``: empty for a direct hit,
    ``translation`` for a hit that only an expanded query (:func:`tracker.query.expand`) found.
    """
    connection, parsed, body, rank, params = _begin(session, query, filters)
    columns = dict(FRAME_SQL)
    columns["body"] = "a.body"
    order = (
        "rank DESC, a.week_start DESC, a.id DESC"
        if sort == "relevance"
        else "a.week_start DESC, a.id DESC"
    )
    # The page of ids first (no joins while ranking every match), then the page's rows.
    ids_sql = f"SELECT a.id, {rank} AS rank, a.week_start{body} ORDER BY {order} LIMIT :limit"
    params["limit"] = int(limit)
    ranks = {int(r[0]): float(r[1]) for r in connection.execute(text(ids_sql), params)}
    rows: list[Any] = []
    if ranks:
        id_params: dict[str, Any] = {}
        where = _in_ids("a.id", list(ranks), id_params)
        select_list = ", ".join(f"{sql} AS {name}" for name, sql in columns.items())
        found = connection.execute(
            text(f"SELECT {select_list} FROM assessment a{_FROM} WHERE {where}"), id_params
        )
        by_id = {int(r[0]): tuple(r) for r in found}
        rows = [(*by_id[i], rank_) for i, rank_ in ranks.items() if i in by_id]
    frame = _frame(rows, [*columns, "rank"], parsed)
    if parsed.expanded and not frame.empty:
        direct = _direct_ids(connection, parsed, list(ranks))
        frame["via"] = ["" if i in direct else "translation" for i in frame["id"]]
    return frame


def _direct_ids(connection: Connection, query: Query, ids: list[int]) -> set[int]:
    """Which of ``ids`` the query finds without its translations."""
    body, _, params = _matching(connection, query.direct(), SearchFilters(ids=ids))
    return {int(r[0]) for r in connection.execute(text(f"SELECT a.id{body}"), params)}


def _frame(rows: Sequence[Any], columns: list[str], query: Query) -> pd.DataFrame:
    frame = to_frame(rows, columns)
    snippets = [
        snippet(query, " — ".join(p for p in (h, le, b) if p))
        for h, le, b in zip(frame["headline"], frame["lead"], frame["body"], strict=True)
    ]
    frame = frame.drop(columns=["body"])
    frame.insert(len(frame.columns) - 1, "snippet", snippets)
    frame["via"] = ""
    return frame


def search_by_issue(
    session: Session,
    query: str | Query,
    *,
    limit: int = 20,
    filters: SearchFilters | None = None,
) -> pd.DataFrame:
    """One row per issue whose assessments match: ``hits``, ``first_week``, ``last_week`` (of
    the hits) and ``last_status`` (the issue's latest assessment, whatever it says), issues
    with the most hits first."""
    connection, _, body, _, params = _begin(session, query, filters)
    params["limit"] = int(limit)
    sql = (
        "SELECT i.id, i.name, i.slug, h.hits, h.first_week, h.last_week, "
        "(SELECT l.status FROM assessment l WHERE l.issue_id = i.id "
        " ORDER BY l.week_start DESC, l.id DESC LIMIT 1) AS last_status "
        "FROM (SELECT a.issue_id, count(*) AS hits, min(a.week_start) AS first_week, "
        f"max(a.week_start) AS last_week{body} GROUP BY a.issue_id) h "
        "JOIN issue i ON i.id = h.issue_id "
        "ORDER BY h.hits DESC, h.last_week DESC, i.id LIMIT :limit"
    )
    rows = connection.execute(text(sql), params).fetchall()
    columns = ["issue_id", "issue", "slug", "hits", "first_week", "last_week", "last_status"]
    frame = pd.DataFrame([tuple(r) for r in rows], columns=columns)
    for name in ("first_week", "last_week"):
        frame[name] = pd.to_datetime(frame[name])
    frame["hits"] = frame["hits"].astype("int64")
    frame["issue_id"] = frame["issue_id"].astype("int64")
    return frame
