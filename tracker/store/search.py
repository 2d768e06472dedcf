"""Full-text search over stemmed text: the index, keeping it in sync, and the queries.

The index holds each assessment's headline, lead and body as index terms (Snowball stems by
script, :func:`tracker.lang.terms`) and the name keys of its capitalised words
(:func:`tracker.lang.name_keys`, marked with :data:`NAME_MARK`), on both engines from the same
Python code, so that both engines find exactly the same commentaries for a query:

* SQLite: the FTS5 table ``assessment_fts(headline, lead, body, names)`` whose rowid is the
  assessment's id, with the ``ascii`` tokenizer (our terms are already lower case; every
  non-ASCII letter is part of a term, so FTS5 keeps our terms exactly as written).
* PostgreSQL: the table ``assessment_fts(assessment_id, search, head, week_start)``: the
  whole text's tsvector (headline terms weight A, lead B, body C, name keys D), the headline
  and lead's alone (for ranking), each with a GIN index, and the assessment's week (for the
  date order).  The tsvectors are written as literals, so PostgreSQL's own parser and
  dictionaries never re-read our terms.

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

import json
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker.lang import text_terms
from tracker.query import AnyOf, Node, Pattern, Query, Term, parse_query, snippet
from tracker.store.assessments import FRAME_SQL, _in_ids, select_list, to_frame

if TYPE_CHECKING:
    import pandas as pd

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
#: How many of a word's newest matches are ranked by relevance (see search_assessments).
RANK_WINDOW = 20_000

#: Marks a name key in the index, so that no stem is ever taken for one (no word of a
#: bulletin contains this letter): queries need no column or weight restriction, which lets
#: PostgreSQL answer from its GIN index without re-reading every matching tsvector.
NAME_MARK = "ǂ"

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
    "REFERENCES assessment (id) ON DELETE CASCADE, search tsvector NOT NULL, "
    "head tsvector NOT NULL, week_start DATE)",
    # The whole text's tsvector (about 2 KB) lives out of line, the headline and lead's small
    # one in the row: finding matches reads narrow rows, ranking reads the small vectors.
    "ALTER TABLE assessment_fts SET (toast_tuple_target = 256)",
    "ALTER TABLE assessment_fts ALTER COLUMN head SET STORAGE MAIN",
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
#: The GIN indexes of the search table (PostgreSQL) by name: the whole text's vectors, which
#: find the hits, and the headline and lead's (m009), which find the hits that rank above
#: zero.  Bulk loads and :func:`reindex` drop them and make them again once at the end.
GIN_INDEXES = {
    "ix_assessment_fts_search": "CREATE INDEX ix_assessment_fts_search "
    "ON assessment_fts USING GIN (search)",
    "ix_assessment_fts_head": "CREATE INDEX ix_assessment_fts_head "
    "ON assessment_fts USING GIN (head)",
}


def drop_gin_indexes(connection: Connection) -> list[str]:
    """Drop the search table's GIN indexes (PostgreSQL); return the names of those there were."""
    found = [
        str(row[0])
        for row in connection.exec_driver_sql(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'assessment_fts'"
        )
        if row[0] in GIN_INDEXES
    ]
    for name in found:
        connection.exec_driver_sql(f"DROP INDEX {name}")
    return found


def create_gin_indexes(connection: Connection, names: Iterable[str]) -> None:
    """Make the named GIN indexes (PostgreSQL) with room to sort, and analyse the table."""
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for name in names:
        connection.exec_driver_sql(GIN_INDEXES[name])
    connection.exec_driver_sql("ANALYZE assessment_fts")


def create_search_index(connection: Connection, progress: Progress | None = None) -> None:
    """Replace the unstemmed index of m002 by the stemmed one and fill it (migration m004)."""
    sqlite = connection.dialect.name == "sqlite"
    for statement in SQLITE_SCHEMA if sqlite else PG_SCHEMA:
        connection.exec_driver_sql(statement)
    if not sqlite and _has_lz4(connection):
        # a tsvector of a commentary is about 2 KB: ranking reads it back; lz4 reads faster
        connection.exec_driver_sql(
            "ALTER TABLE assessment_fts ALTER COLUMN search SET COMPRESSION lz4"
        )
    reindex(connection, progress)


def _has_lz4(connection: Connection) -> bool:
    return bool(
        connection.exec_driver_sql(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        ).scalar()
    )


# --------------------------------------------------------------------------- writing the index


def document(headline: str | None, lead: str | None, body: str | None) -> list[list[str]]:
    """The index terms of an assessment's three fields and the name keys of all three."""
    parts = [text_terms(value or "") for value in (headline, lead, body)]
    return [*(found for found, _ in parts), [NAME_MARK + k for _, keys in parts for k in keys]]


#: "17B": a position with its weight, made once for every position PostgreSQL keeps.
_POSITION_LABELS = {w: [f"{p}{w}" for p in range(_PG_MAX_POSITION + 1)] for w in "ABCD"}


def _positions(
    parts: Sequence[Sequence[str]], first: int, weights: str, into: dict[str, list[str]]
) -> int:
    """Add the positions of the fields' terms to ``into`` (term -> labels), positions from
    ``first`` on with a gap between two fields; return the position after the last field."""
    for weight, tokens in zip(weights, parts, strict=True):
        labels = _POSITION_LABELS[weight]
        for at, token in enumerate(tokens, start=first):
            label = labels[at if at <= _PG_MAX_POSITION else _PG_MAX_POSITION]
            seen = into.get(token)
            if seen is None:
                into[token] = [label]
            elif len(seen) < _PG_MAX_POSITIONS:
                seen.append(label)
        first += len(tokens) + FIELD_GAP
    return first


def _literal(positions: dict[str, list[str]]) -> str:
    return " ".join([f"'{t}':{','.join(p)}" for t, p in positions.items()])


def tsvector_literals(parts: Sequence[Sequence[str]]) -> tuple[str, str]:
    """Two tsvector literals of an assessment's fields (:func:`document`): the whole text
    (positions run on through the fields, with a gap between two; weights A, B, C for
    headline, lead, body, D for the name keys), and the headline and lead's alone."""
    head: dict[str, list[str]] = {}
    after = _positions(parts[:2], 1, "AB", head)
    whole = {token: list(labels) for token, labels in head.items()}
    _positions(parts[2:], after, "CD", whole)
    return _literal(whole), _literal(head)


def _index_rows(
    connection: Connection, rows: Sequence[Sequence[Any]], *, fresh: bool = False
) -> None:
    """(Re)index rows of ``(id, headline, lead, body, week_start)``; ``fresh``: none is
    indexed yet.  PostgreSQL's search table keeps the week beside the vectors (see
    :data:`PG_WEEK`)."""
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
        columns = "assessment_id, search, head, week_start"
        with cursor.copy(f"COPY assessment_fts ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((row[0], *tsvector_literals(document(*row[1:4])), row[4]))


def index_pending(
    connection: Connection, progress: Progress | None = None, *, fresh: bool = False
) -> int:
    """Index the assessments queued in ``search_pending``, a batch at a time; return how
    many.  ``progress`` hears each batch (a bulk load's); ``fresh``: none of them is in the
    index yet (so there is nothing to delete first)."""
    done = 0
    total = 0
    if progress is not None:
        total = int(connection.exec_driver_sql("SELECT count(*) FROM search_pending").scalar() or 0)
        progress(0, total, "search index")
    while True:
        # one batch of the queue after the last one, read through both primary keys
        rows = connection.exec_driver_sql(
            "SELECT a.id, a.headline, a.lead, a.body, a.week_start FROM "
            f"(SELECT assessment_id FROM search_pending ORDER BY assessment_id LIMIT {BATCH}) p "
            "JOIN assessment a ON a.id = p.assessment_id ORDER BY a.id"
        ).fetchall()
        if not rows:
            # ids of rows deleted in the meantime (SQLite's trigger removes them already); a
            # read first, so that a session with nothing queued never writes (a read-only
            # database, or a reader beside a writer that holds the lock)
            if connection.exec_driver_sql("SELECT 1 FROM search_pending LIMIT 1").first():
                connection.exec_driver_sql("DELETE FROM search_pending")
            return done
        _index_rows(connection, rows, fresh=fresh)
        last = rows[-1][0]
        connection.exec_driver_sql(f"DELETE FROM search_pending WHERE assessment_id <= {int(last)}")
        done += len(rows)
        if progress is not None:
            progress(done, max(total, done), "search index")


def _batches(connection: Connection) -> Iterator[list[Any]]:
    """Every assessment's ``(id, headline, lead, body, week_start)``, a batch at a time."""
    last = 0
    while True:
        rows = connection.exec_driver_sql(
            "SELECT id, headline, lead, body, week_start FROM assessment WHERE id > "
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
    dropped: list[str] = []
    if sqlite:
        connection.exec_driver_sql("DELETE FROM assessment_fts")
    else:
        dropped = drop_gin_indexes(connection)
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
    if not sqlite:  # (the migration that makes the table makes its first index here)
        create_gin_indexes(connection, dict.fromkeys(["ix_assessment_fts_search", *dropped]))
    return done


#: PostgreSQL's search table keeps each assessment's week beside its vectors, so that a
#: search orders its hits by date without reading the assessments: written with the vectors,
#: and changed with the assessment's week by a trigger (m009; m004 makes the column in a new
#: database).
PG_WEEK = [
    "ALTER TABLE assessment_fts ADD COLUMN IF NOT EXISTS week_start DATE",
    "UPDATE assessment_fts f SET week_start = a.week_start FROM assessment a "
    "WHERE a.id = f.assessment_id AND f.week_start IS DISTINCT FROM a.week_start",
    "CREATE FUNCTION search_week_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE assessment_fts SET week_start = NEW.week_start WHERE assessment_id = NEW.id; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_week_update AFTER UPDATE OF week_start ON assessment "
    "FOR EACH ROW WHEN (OLD.week_start IS DISTINCT FROM NEW.week_start) "
    "EXECUTE FUNCTION search_week_changed()",
]


def add_search_week(connection: Connection) -> None:
    """The week beside the vectors and the GIN index over the headline and lead's vectors
    (migration m009; PostgreSQL only)."""
    if connection.dialect.name == "postgresql":
        # every row is written again: without its GIN index, which is made again once after
        # (seven minutes at a million assessments with it, a few without)
        dropped = drop_gin_indexes(connection)
        for statement in PG_WEEK:
            connection.exec_driver_sql(statement)
        create_gin_indexes(connection, dict.fromkeys([*dropped, "ix_assessment_fts_head"]))


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


def _tokens(pattern: Pattern) -> tuple[str, ...]:
    return (
        tuple(NAME_MARK + t for t in pattern.tokens) if pattern.field == "names" else pattern.tokens
    )


def _fts5_pattern(pattern: Pattern) -> str:
    return f'"{" ".join(_tokens(pattern))}"' + (" *" if pattern.prefix else "")


def _pg_pattern(pattern: Pattern) -> str:
    tokens = _tokens(pattern)
    last = len(tokens) - 1
    return " <-> ".join(
        f"'{token}'{':*' if pattern.prefix and k == last else ''}" for k, token in enumerate(tokens)
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
) -> tuple[Connection, Query, list[str], dict[str, Any]]:
    """Parse the query, bring the index up to date, and build :func:`_where`."""
    parsed = parse_query(query) if isinstance(query, str) else query
    connection = session.connection()
    index_pending(connection)
    if connection.dialect.name == "postgresql":
        # psycopg prepares a statement run five times, and PostgreSQL then plans it once for
        # any query: its guess for an unknown tsquery (a few thousand hits) makes a common
        # word's search take seconds.  Plan each search for its own words.
        connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
        # a search reads a few thousand rows at most: starting parallel workers costs more
        connection.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")
    where, params = _where(connection, parsed, filters or SearchFilters())
    return connection, parsed, where, params


def _where(
    connection: Connection, query: Query, filters: SearchFilters
) -> tuple[list[str], dict[str, Any]]:
    """Conditions on ``assessment a`` for the assessments matching a query (the match first),
    and their parameters (``:q`` is the compiled query)."""
    params: dict[str, Any] = {}
    sqlite = connection.dialect.name == "sqlite"
    only_exclusions = not query.root.items  # "-peace": every assessment but the matching ones
    node: Node = AnyOf(query.root.exclude) if only_exclusions else query.root
    if sqlite:
        params["q"] = compile_fts5(node)
        found = "SELECT rowid FROM assessment_fts WHERE assessment_fts MATCH :q"
    else:
        params["q"] = compile_tsquery(node)
        found = "SELECT assessment_id FROM assessment_fts WHERE search @@ CAST(:q AS tsquery)"
    where = [f"a.id {'NOT IN' if only_exclusions else 'IN'} ({found})"]
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
    return where, params


def _ranked_page_sql(connection: Connection, where: list[str]) -> str:
    """SQLite's page of ``(id, rank)`` by relevance: the newest :data:`RANK_WINDOW` matches
    (by id, the order they were added) are ranked, the best ``:limit`` of them kept."""
    filters = "".join(f" AND {w}" for w in where[1:])
    if not filters:
        # Rank in the index alone, then read the week (for ties) of the best ranks only.
        return (
            "WITH w AS MATERIALIZED (SELECT rowid AS id, "
            f"-bm25(assessment_fts, {_FTS5_WEIGHTS}) AS rank FROM assessment_fts "
            "WHERE assessment_fts MATCH :q ORDER BY rowid DESC LIMIT :window), "
            "cut AS (SELECT rank FROM w ORDER BY rank DESC LIMIT 1 OFFSET :limit - 1) "
            "SELECT w.id, w.rank FROM w JOIN assessment a ON a.id = w.id "
            "WHERE w.rank >= coalesce((SELECT rank FROM cut), -1e308) "
            "ORDER BY w.rank DESC, a.week_start DESC, a.id DESC LIMIT :limit"
        )
    return (
        "SELECT id, rank FROM ("
        f"SELECT a.id AS id, -bm25(assessment_fts, {_FTS5_WEIGHTS}) AS rank, "
        "a.week_start AS week FROM assessment_fts f JOIN assessment a ON a.id = f.rowid "
        f"WHERE assessment_fts MATCH :q{filters} ORDER BY f.rowid DESC LIMIT :window) "
        "ORDER BY rank DESC, week DESC, id DESC LIMIT :limit"
    )


def _pg_ranked_page(
    connection: Connection, query: Query, where: list[str], params: dict[str, Any]
) -> list[tuple[int, float]]:
    """PostgreSQL's page of ``(id, rank)`` by relevance, in two short steps.

    The rank is ``ts_rank`` of the words looked for on the headline and lead's vector, so a
    hit ranks above zero only if its headline or lead holds one of those words: the GIN
    index over those vectors (m009) finds such hits without reading any other, and only the
    newest :data:`RANK_WINDOW` of them are ranked.  Every other hit ranks zero, and zeros go
    by date: when fewer than ``:limit`` hits rank above zero, the page is filled with the
    newest of the rest (:func:`_pg_newest`).  Reading back the whole text's vector of every
    hit of a common word (what ranking all of them would need) took seconds at a million
    assessments.
    """
    positive = query.patterns()
    params["r"] = " | ".join(_pg_pattern(p) for p in positive)
    # any word of any pattern: a superset of the hits that rank above zero
    params["loose"] = " | ".join(
        dict.fromkeys(
            _pg_pattern(Pattern((token,), p.prefix and k == len(p.tokens) - 1, p.field))
            for p in positive
            for k, token in enumerate(p.tokens)
        )
    )
    # one word (or words joined by OR), nothing left out: a headline or lead that holds it
    # is a hit, and the whole text's vector (read from out of line) need not be asked
    alone = (
        len(query.root.items) == 1
        and not query.root.exclude
        and isinstance(query.root.items[0], Term | AnyOf)
        and all(isinstance(t, Term) for t in getattr(query.root.items[0], "items", ()))
        and all(len(p.tokens) == 1 for p in positive)
    )
    found = "" if alone else " AND f.search @@ CAST(:q AS tsquery)"
    filters = "".join(f" AND {w}" for w in where[1:])
    # the search table has the week: the assessments are read only for other conditions
    joined = " JOIN assessment a ON a.id = f.assessment_id" if filters else ""
    ranked = connection.execute(
        text(
            "SELECT id, rank FROM (SELECT f.assessment_id AS id, "
            "ts_rank(f.head, CAST(:r AS tsquery)) AS rank, f.week_start AS week "
            f"FROM assessment_fts f{joined} "
            f"WHERE f.head @@ CAST(:loose AS tsquery){found}{filters} "
            "ORDER BY f.assessment_id DESC LIMIT :window) c WHERE rank > 0 "
            "ORDER BY rank DESC, week DESC, id DESC LIMIT :limit"
        ),
        params,
    ).fetchall()
    page = [(int(r[0]), float(r[1])) for r in ranked]
    if len(page) < params["limit"]:
        skip = [i for i, _ in page]
        page += [(i, 0.0) for i in _pg_newest(connection, where, params, skip)]
    return page


#: A word with at most this many hits (by the planner's estimate) has its hits listed and
#: sorted by date; a commoner one is found by walking back from the newest week.
LIST_HITS = 10_000


def _pg_newest(
    connection: Connection, where: list[str], params: dict[str, Any], skip: Sequence[int] = ()
) -> list[int]:
    """The ids of the newest hits on PostgreSQL (week, then id, descending), ``:limit`` less
    those in ``skip``.

    Two ways, chosen by the planner's own estimate of the hits: a rare word's hits are listed
    through the GIN index and sorted (a few thousand rows), a common word's are found by
    walking the date index back from the newest week and testing each assessment, which
    finds twenty hits of a word in a quarter of the commentaries after some eighty.  Left to
    itself the planner walks for rare words too (it does not know what reading each
    vector back costs): thousands of tests where a list of the hits takes a few
    milliseconds.  With other conditions (an issue, a period) the planner chooses.
    """
    rest = dict(params, limit=params["limit"] - len(skip))
    skipped = " AND NOT " + _in_ids("a.id", skip, rest) if skip else ""
    listed = len(where) == 1 and where[0].startswith("a.id IN")
    if listed and _estimated_hits(connection, params) <= LIST_HITS:
        # every hit with its week, from the search table alone, then the newest; through the
        # GIN index even for a query of many words, which the planner would rather answer by
        # reading every vector (half a second at 10^5)
        sql = (
            "WITH a AS MATERIALIZED (SELECT assessment_id AS id, week_start "
            "FROM assessment_fts WHERE search @@ CAST(:q AS tsquery)) "
            f"SELECT a.id FROM a WHERE TRUE{skipped} "
            "ORDER BY a.week_start DESC, a.id DESC LIMIT :limit"
        )
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        found = [int(r[0]) for r in connection.execute(text(sql), rest)]
        connection.exec_driver_sql("SET LOCAL enable_seqscan = on")
        return found
    else:
        sql = (
            f"SELECT a.id FROM assessment a WHERE {' AND '.join(where)}{skipped} "
            "ORDER BY a.week_start DESC, a.id DESC LIMIT :limit"
        )
    return [int(r[0]) for r in connection.execute(text(sql), rest)]


def _estimated_hits(connection: Connection, params: dict[str, Any]) -> float:
    """The planner's estimate of how many assessments the query ``:q`` finds (from the
    statistics of the search table; no row is read)."""
    plan = connection.execute(
        text(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM assessment_fts WHERE search @@ CAST(:q AS tsquery)"
        ),
        {"q": params["q"]},
    ).scalar()
    if isinstance(plan, str):
        plan = json.loads(plan)
    assert plan is not None
    return float(plan[0]["Plan"]["Plan Rows"])


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
    first).  A word in more than :data:`RANK_WINDOW` commentaries is ranked among the newest
    that many (ranking every match of a word in a quarter of a million commentaries would
    take seconds); ``date`` order and every other count are exact.  Each row has the
    assessments frame's columns plus ``snippet`` (the matching words in [brackets]),
    ``rank`` (higher is better; empty when sorted by date) and ``via``: empty for a direct
    hit, ``translation`` for a hit that only an expanded query
    (:func:`tracker.query.expand`) found.
    """
    connection, parsed, where, params = _begin(session, query, filters)
    params["limit"] = int(limit)
    if sort == "relevance" and parsed.root.items:
        params["window"] = RANK_WINDOW
        if connection.dialect.name == "sqlite":
            sql = _ranked_page_sql(connection, where)
            page = [tuple(r) for r in connection.execute(text(sql), params)]
        else:
            page = list(_pg_ranked_page(connection, parsed, where, params))
    elif connection.dialect.name == "postgresql":
        page = [(i, None) for i in _pg_newest(connection, where, params)]
    else:
        sql = (
            f"SELECT a.id, NULL FROM assessment a WHERE {' AND '.join(where)} "
            "ORDER BY a.week_start DESC, a.id DESC LIMIT :limit"
        )
        page = [tuple(r) for r in connection.execute(text(sql), params)]
    ranks = {int(r[0]): r[1] for r in page}
    columns = dict(FRAME_SQL)
    columns["body"] = "a.body"
    rows: list[Any] = []
    if ranks:
        id_params: dict[str, Any] = {}
        in_page = _in_ids("a.id", list(ranks), id_params)
        chosen = select_list(columns)
        found = connection.execute(
            text(f"SELECT {chosen} FROM assessment a{_FROM} WHERE {in_page}"), id_params
        )
        by_id = {int(r[0]): tuple(r) for r in found}
        rows = [(*by_id[i], rank) for i, rank in ranks.items() if i in by_id]
    frame = _frame(rows, [*columns, "rank"], parsed)
    if parsed.expanded and not frame.empty:
        direct = _direct_ids(connection, parsed, list(ranks))
        frame["via"] = ["" if i in direct else "translation" for i in frame["id"]]
    return frame


def _direct_ids(connection: Connection, query: Query, ids: list[int]) -> set[int]:
    """Which of ``ids`` the query finds without its translations."""
    where, params = _where(connection, query.direct(), SearchFilters(ids=ids))
    sql = f"SELECT a.id FROM assessment a WHERE {' AND '.join(where)}"
    return {int(r[0]) for r in connection.execute(text(sql), params)}


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
    import pandas as pd

    connection, _, where, params = _begin(session, query, filters)
    params["limit"] = int(limit)
    sql = (
        "SELECT i.id, i.name, i.slug, h.hits, h.first_week, h.last_week, "
        "(SELECT l.status FROM assessment l WHERE l.issue_id = i.id "
        " ORDER BY l.week_start DESC, l.id DESC LIMIT 1) AS last_status "
        "FROM (SELECT a.issue_id, count(*) AS hits, min(a.week_start) AS first_week, "
        "max(a.week_start) AS last_week FROM assessment a "
        f"WHERE {' AND '.join(where)} GROUP BY a.issue_id) h "
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
