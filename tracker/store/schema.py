"""Schema migrations: small named functions recorded in ``schema_migration``.

Each migration runs in its own transaction and is recorded by name, so ``migrate`` is
idempotent and a database tells which migrations it has.  ``tracker init`` applies them, and
so does opening a tracker for the first time.  A test checks that migrating an empty database
gives exactly the tables, columns and indexes the models declare (plus the full-text objects
listed in :data:`FULLTEXT_OBJECTS`), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from tracker.errors import DatabaseError, driver_reason
from tracker.models import (
    Assessment,
    AuditLog,
    Issue,
    IssueAlias,
    IssueSummary,
    LinkPending,
    LinkState,
    LinkUrl,
    Rendering,
    SchemaMigration,
    Section,
    Source,
    table_of,
    utcnow,
)
from tracker.store.assessments import backfill_renderings

Migration = Callable[[Connection], None]
#: (done, total, what) — how a long migration reports its progress.
Progress = Callable[[int, int, str], None]

#: Database objects that exist beside the models' tables, by dialect.
FULLTEXT_OBJECTS: dict[str, dict[str, Any]] = {
    "sqlite": {"tables": {"assessment_fts", "search_pending"}, "columns": {}},
    "postgresql": {"tables": {"assessment_fts", "search_pending"}, "columns": {}},
}


def m001_tables(connection: Connection) -> None:
    """The register and the assessments."""
    for model in (Source, Section, Issue, IssueAlias, Assessment, AuditLog):
        table_of(model).create(connection, checkfirst=True)


def m002_fulltext(connection: Connection) -> None:
    """Full-text search over headline, lead and body, kept in sync by the database itself."""
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            connection.exec_driver_sql(statement)
    else:
        connection.exec_driver_sql(_PG_SEARCH_COLUMN)
        connection.exec_driver_sql(
            "CREATE INDEX ix_assessment_search ON assessment USING GIN (search)"
        )
        # lz4 compresses long text about 3x faster than pglz; not every build has it.
        has_lz4 = connection.exec_driver_sql(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        ).scalar()
        if has_lz4:
            for column in ("lead", "body"):
                connection.exec_driver_sql(
                    f"ALTER TABLE assessment ALTER COLUMN {column} SET COMPRESSION lz4"
                )


_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE assessment_fts USING fts5("
    "headline, lead, body, content='assessment', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER assessment_fts_insert AFTER INSERT ON assessment BEGIN "
    "INSERT INTO assessment_fts(rowid, headline, lead, body) "
    "VALUES (new.id, new.headline, new.lead, new.body); END",
    "CREATE TRIGGER assessment_fts_delete AFTER DELETE ON assessment BEGIN "
    "INSERT INTO assessment_fts(assessment_fts, rowid, headline, lead, body) "
    "VALUES ('delete', old.id, old.headline, old.lead, old.body); END",
    "CREATE TRIGGER assessment_fts_update AFTER UPDATE OF headline, lead, body ON assessment "
    "BEGIN "
    "INSERT INTO assessment_fts(assessment_fts, rowid, headline, lead, body) "
    "VALUES ('delete', old.id, old.headline, old.lead, old.body); "
    "INSERT INTO assessment_fts(rowid, headline, lead, body) "
    "VALUES (new.id, new.headline, new.lead, new.body); END",
]

_PG_SEARCH_COLUMN = (
    "ALTER TABLE assessment ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(headline, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(lead, '')), 'B') || "
    "to_tsvector('simple', coalesce(body, ''))) STORED"
)


def m003_week_basis_and_renderings(connection: Connection) -> None:
    """Where each week came from (``week_basis``), undated assessments (NULL weeks), and the
    renderings of each commentary (one ``rendering`` row per file it was read from).

    PostgreSQL drops the NOT NULL constraints in place.  SQLite cannot, so the table is
    rebuilt under its own name with every row and id kept (the full-text index refers to the
    rows by id, so it stays valid); its indexes and full-text triggers are made again.
    Existing rows stated their week on the page: their basis is ``page``; each gets its
    rendering row (its origin, URL and keys), so later renderings of it are recognised.
    """
    have = {c["name"] for c in inspect(connection).get_columns("assessment")}
    if "week_basis" not in have:  # (m001 of this version made it already)
        if connection.dialect.name == "sqlite":
            _rebuild_sqlite_assessment(connection)
        else:
            for statement in (
                "ALTER TABLE assessment ADD COLUMN week_basis VARCHAR",
                "ALTER TABLE assessment ALTER COLUMN week_start DROP NOT NULL",
                "ALTER TABLE assessment ALTER COLUMN week_end DROP NOT NULL",
                "UPDATE assessment SET week_basis = 'page'",
            ):
                connection.exec_driver_sql(statement)
    table_of(Rendering).create(connection, checkfirst=True)
    backfill_renderings(connection)


def _rebuild_sqlite_assessment(connection: Connection) -> None:
    """The assessment table of the current models, made anew with every row and id kept."""
    from sqlalchemy import MetaData
    from sqlalchemy.schema import CreateTable

    table = table_of(Assessment)
    old_columns = [
        row[1] for row in connection.exec_driver_sql("PRAGMA table_info(assessment)").fetchall()
    ]
    meta = MetaData()
    for model in (Source, Section, Issue):  # the tables its foreign keys name
        table_of(model).to_metadata(meta)
    copy = table.to_metadata(meta, name="assessment_m003")
    copy.indexes.clear()
    connection.exec_driver_sql(str(CreateTable(copy).compile(connection)))
    listed = ", ".join(old_columns)
    connection.exec_driver_sql(
        f"INSERT INTO assessment_m003 ({listed}, week_basis) "
        f"SELECT {listed}, 'page' FROM assessment"
    )
    for trigger in ("insert", "delete", "update"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS assessment_fts_{trigger}")
    connection.exec_driver_sql("DROP TABLE assessment")
    connection.exec_driver_sql("ALTER TABLE assessment_m003 RENAME TO assessment")
    for index in table.indexes:
        index.create(connection)
    for statement in _SQLITE_FTS[1:]:
        connection.exec_driver_sql(statement)


def m004_stemmed_search(connection: Connection, progress: Progress | None = None) -> None:
    """Search over stems (every inflected form, three languages) instead of m002's words:
    the index is rebuilt from every assessment, with progress (see tracker.store.search)."""
    from tracker.store.search import create_search_index

    create_search_index(connection, progress)


def m006_issue_summaries(connection: Connection) -> None:
    """Per-issue summaries kept in the database (``tracker issues`` costs what changed).

    * The index ``(issue_id, week_start, status, id)`` in place of ``(issue_id, week_start)``:
      it holds every column a summary groups by, so computing one reads the index alone,
      never the rows with their bodies; it still serves one issue's history.
    * The table ``issue_summary`` (see :class:`tracker.models.IssueSummary`), and triggers
      that delete an issue's row whenever an assessment of it is added, changed or removed,
      whatever writes it.  On PostgreSQL they fire once per statement (a ``COPY`` of a
      million rows deletes each issue's row once) and take a shared advisory lock, which a
      reader that refills the table takes exclusively: see :mod:`tracker.store.summary`.

    (A new database made by m001 of this version has the index already.)  A later migration
    that rebuilds ``assessment`` on SQLite must make these triggers again.
    """
    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_assessment_issue_week_status "
        "ON assessment (issue_id, week_start, status, id)"
    )
    connection.exec_driver_sql("DROP INDEX IF EXISTS ix_assessment_issue_week")
    table_of(IssueSummary).create(connection, checkfirst=True)
    statements = _SQLITE_SUMMARY if connection.dialect.name == "sqlite" else _pg_summary()
    for statement in statements:
        connection.exec_driver_sql(statement)


def m008_section_week_index(connection: Connection) -> None:
    """The section index ``(section_id, week_start, status, issue_id, id)`` in place of
    ``(section_id, week_start, status)``: it holds every column the report's aggregates of
    the whole history group by (each section's weeks, statuses and issue-weeks: see
    :mod:`tracker.store.report`), so they read the index alone, never the rows with their
    bodies; it still serves a section's weeks.  (A new database made by m001 of this version
    has the index already.)"""
    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_assessment_section_week_issue "
        "ON assessment (section_id, week_start, status, issue_id, id)"
    )
    connection.exec_driver_sql("DROP INDEX IF EXISTS ix_assessment_section_week_status")


_SQLITE_SUMMARY = [
    "CREATE TRIGGER issue_summary_insert AFTER INSERT ON assessment BEGIN "
    "DELETE FROM issue_summary WHERE issue_id = new.issue_id; END",
    "CREATE TRIGGER issue_summary_delete AFTER DELETE ON assessment BEGIN "
    "DELETE FROM issue_summary WHERE issue_id = old.issue_id; END",
    "CREATE TRIGGER issue_summary_update AFTER UPDATE ON assessment BEGIN "
    "DELETE FROM issue_summary WHERE issue_id IN (old.issue_id, new.issue_id); END",
]

#: The advisory lock that guards ``issue_summary`` on PostgreSQL (an arbitrary key).
SUMMARY_LOCK = 7_110_611


def _pg_summary() -> list[str]:
    out = []
    for event, tables, ref in (
        ("INSERT", ("new_rows",), "NEW TABLE AS new_rows"),
        ("DELETE", ("old_rows",), "OLD TABLE AS old_rows"),
        ("UPDATE", ("old_rows", "new_rows"), "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ):
        name = f"issue_summary_{event.lower()}"
        chosen = " UNION ".join(f"SELECT issue_id FROM {t}" for t in tables)
        out.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"PERFORM pg_advisory_xact_lock_shared({SUMMARY_LOCK}); "
            f"DELETE FROM issue_summary WHERE issue_id IN ({chosen}); "
            "RETURN NULL; END $$"
        )
        out.append(
            f"CREATE TRIGGER {name} AFTER {event} ON assessment REFERENCING {ref} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    return out


def m009_search_indexes(connection: Connection) -> None:
    """Indexes for searching a million assessments (see :mod:`tracker.store.search`).

    * PostgreSQL: a GIN index over each assessment's headline and lead vector, so that a
      search ranks only the hits whose headline or lead holds a word looked for and takes
      the rest by date; and each assessment's week beside its vectors, kept by a trigger,
      so that a search orders its hits by date without reading the assessments.
    * The date index takes the id after the week, so that "newest first" (week, then id,
      descending) walks it without sorting a week's assessments.  SQLite's index holds the
      rowid (the id) after the week already; only PostgreSQL's is made again.
    """
    from tracker.store.search import add_search_week

    add_search_week(connection)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP INDEX IF EXISTS ix_assessment_week")
        connection.exec_driver_sql("CREATE INDEX ix_assessment_week ON assessment (week_start, id)")


def m010_publication_index(connection: Connection) -> None:
    """A partial index of each source's assessments whose page printed both week and
    publication day, by id: an ingest learns a source's publication habit from its latest
    such pages (:func:`tracker.store.load_publication_offsets`) instead of reading every
    assessment of the archive."""
    from tracker.models import PUBLISHED_ON_PAGE

    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_assessment_source_published "
        f"ON assessment (source_id, id) WHERE {PUBLISHED_ON_PAGE}"
    )


def m011_source_index(connection: Connection) -> None:
    """An index of each source's weeks: ``--source`` filters and the report's list of the
    sources a period has read it instead of every assessment."""
    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_assessment_source_week ON assessment (source_id, week_start)"
    )


def m012_section_names(connection: Connection) -> None:
    """Sections under the names the rubric tables now know: a rubric stored under its
    Russian or Belarusian name before its table knew it ("Общество и политика") becomes the
    English one ("Society and politics"), and where both rows exist, the assessments and
    issues of the first move to the second and the first goes.  Audit rows that name the
    section that went name the one that stayed, so that an undo stays possible."""
    import json

    from tracker.models import section_key
    from tracker.sections import canonical_section

    rows = connection.exec_driver_sql("SELECT id, name, key FROM section ORDER BY id").fetchall()
    by_key = {str(key): int(id_) for id_, _name, key in rows}
    gone: dict[int, int] = {}
    for id_, name, key in rows:
        new_key, new_name = section_key(name), canonical_section(name)
        if (new_key, new_name) == (key, name):
            continue
        target = by_key.get(new_key)
        if target is not None and target != id_:
            for table in ("assessment", "issue"):
                connection.execute(
                    text(f"UPDATE {table} SET section_id = :to WHERE section_id = :was"),
                    {"to": target, "was": id_},
                )
            gone[int(id_)] = target
            if by_key.get(key) == id_:
                del by_key[key]
            connection.execute(table_of(Section).delete().where(table_of(Section).c.id == id_))
        else:
            section = table_of(Section)
            connection.execute(
                section.update().where(section.c.id == id_).values(key=new_key, name=new_name)
            )
            by_key.pop(key, None)
            by_key[new_key] = int(id_)
    if not gone:
        return
    audit = table_of(AuditLog)
    found = connection.execute(
        audit.select().where((audit.c.field == "section_id") | audit.c.field.is_(None))
    ).fetchall()
    for row in found:
        values = {}
        for column in ("old_value", "new_value"):
            stored = getattr(row, column)
            if stored is None:
                continue
            value = json.loads(stored)
            if row.field == "section_id" and isinstance(value, int) and value in gone:
                values[column] = json.dumps(gone[value])
            elif isinstance(value, dict) and value.get("section_id") in gone:
                values[column] = json.dumps({**value, "section_id": gone[value["section_id"]]})
        if values:
            connection.execute(audit.update().where(audit.c.id == row.id).values(**values))


def m007_link_state(connection: Connection) -> None:
    """The linker's state in the database (see :mod:`tracker.store.linkstate`): its feature
    statistics (``link_state``) and the URL slugs of the assessments (``link_url``), both
    filled on first use from the stored assessments; and triggers that queue in
    ``link_pending`` every assessment written, and the text of every one edited or deleted,
    whatever writes them, so that the next ingest brings the statistics up to date with what
    changed (rows that ``ingest`` writes itself it takes off the queue).  A later
    migration that rebuilds ``assessment`` on SQLite must make these triggers again."""
    for model in (LinkState, LinkUrl, LinkPending):
        table_of(model).create(connection, checkfirst=True)
    statements = _SQLITE_LINK if connection.dialect.name == "sqlite" else _PG_LINK
    for statement in statements:
        connection.exec_driver_sql(statement)


_LINK_TEXT_CHANGED = (
    "old.headline IS NOT new.headline OR old.lead IS NOT new.lead OR old.body IS NOT new.body"
)
_SQLITE_LINK = [
    "CREATE TRIGGER link_state_insert AFTER INSERT ON assessment BEGIN "
    "INSERT INTO link_pending (assessment_id, sign) VALUES (new.id, 1); END",
    "CREATE TRIGGER link_state_update AFTER UPDATE OF headline, lead, body ON assessment "
    f"WHEN {_LINK_TEXT_CHANGED} BEGIN "
    "INSERT INTO link_pending (assessment_id, sign, headline, lead, body) "
    "VALUES (old.id, -1, old.headline, old.lead, old.body); END",
    "CREATE TRIGGER link_state_delete AFTER DELETE ON assessment BEGIN "
    "INSERT INTO link_pending (assessment_id, sign, headline, lead, body) "
    "VALUES (old.id, -1, old.headline, old.lead, old.body); END",
]
_PG_LINK = [
    "CREATE FUNCTION link_state_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO link_pending (assessment_id, sign) SELECT id, 1 FROM added ORDER BY id; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER link_state_insert AFTER INSERT ON assessment "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION link_state_insert()",
    "CREATE FUNCTION link_state_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO link_pending (assessment_id, sign, headline, lead, body) "
    "VALUES (OLD.id, -1, OLD.headline, OLD.lead, OLD.body); RETURN NULL; END $$",
    "CREATE TRIGGER link_state_update AFTER UPDATE OF headline, lead, body ON assessment "
    "FOR EACH ROW WHEN (OLD.headline IS DISTINCT FROM NEW.headline "
    "OR OLD.lead IS DISTINCT FROM NEW.lead OR OLD.body IS DISTINCT FROM NEW.body) "
    "EXECUTE FUNCTION link_state_update()",
    "CREATE FUNCTION link_state_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO link_pending (assessment_id, sign, headline, lead, body) "
    "SELECT id, -1, headline, lead, body FROM old_rows ORDER BY id; RETURN NULL; END $$",
    "CREATE TRIGGER link_state_delete AFTER DELETE ON assessment "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION link_state_delete()",
]


MIGRATIONS: list[tuple[str, Migration]] = [
    ("m001_tables", m001_tables),
    ("m002_fulltext", m002_fulltext),
    ("m003_week_basis_and_renderings", m003_week_basis_and_renderings),
    ("m004_stemmed_search", m004_stemmed_search),
    ("m006_issue_summaries", m006_issue_summaries),
    ("m007_link_state", m007_link_state),
    ("m008_section_week_index", m008_section_week_index),
    ("m009_search_indexes", m009_search_indexes),
    ("m010_publication_index", m010_publication_index),
    ("m011_source_index", m011_source_index),
    ("m012_section_names", m012_section_names),
]

#: Migrations that rebuild data and report their progress.
_LONG_MIGRATIONS: dict[str, Callable[[Connection, Progress | None], None]] = {
    "m004_stemmed_search": m004_stemmed_search,
}


def applied_migrations(engine: Engine) -> list[str]:
    if not inspect(engine).has_table(SchemaMigration.__tablename__):
        return []
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT name FROM schema_migration ORDER BY id"
        ).fetchall()
    return [row[0] for row in rows]


def migrate(engine: Engine, progress: Progress | None = None) -> list[str]:
    """Apply the migrations this database lacks; return their names.

    ``progress`` hears from the migrations that rebuild data (``m004_stemmed_search``)."""
    try:
        with engine.begin() as connection:
            table_of(SchemaMigration).create(connection, checkfirst=True)
        done = set(applied_migrations(engine))
        applied = []
        for name, step in MIGRATIONS:
            if name in done:
                continue
            with engine.begin() as connection:
                if name in _LONG_MIGRATIONS:
                    _LONG_MIGRATIONS[name](connection, progress)
                else:
                    step(connection)
                connection.execute(
                    table_of(SchemaMigration).insert().values(name=name, applied_at=utcnow())
                )
            applied.append(name)
        return applied
    except DBAPIError as exc:
        reason = driver_reason(exc)
        raise DatabaseError(
            f"cannot prepare the database schema: {reason}",
            hint="is this a tracker database, and may this user create tables?",
        ) from None


def needs_migration(engine: Engine) -> bool:
    return len(applied_migrations(engine)) < len(MIGRATIONS)
