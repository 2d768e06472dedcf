"""The bulk path: many rows written in one transaction, the derived data built once at the end.

``tracker import`` and the benchmarks' builders of 10^5–10^6 assessments load through here:

* :func:`tracker.store.rows.write_rows` writes a chunk of rows of any table: ``COPY …
  FROM STDIN`` on PostgreSQL (psycopg's copy API), ``executemany`` on SQLite.  Assessments
  written in bulk (:func:`tracker.store.insert_assessments`) take the same ways.
* :func:`bulk_load` wraps the writes.  The triggers still queue every new assessment for the
  search index and drop the summaries of the issues it touches (cheap, once per statement on
  PostgreSQL); what is costly row by row is done once at the end instead: on PostgreSQL the
  search index's GIN index is dropped before the load and built once after it (several times
  faster than keeping it up to date through a million inserts), the queued rows are indexed a
  batch at a time with progress, and every issue's summary is computed in one statement.

Everything happens inside the caller's transaction.  If any of it fails — a broken row, a
constraint, an interrupt — the transaction rolls back and the database is exactly as before,
its GIN index included (PostgreSQL's DDL is transactional); there is nothing to recover.
While a PostgreSQL load runs, the dropped index holds a lock on the search table, so searches
from other sessions wait for the load to commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlmodel import Session

#: (done, total, what) — how a long load reports its progress.
Progress = Callable[[int, int, str], None]


@contextmanager
def bulk_load(session: Session, progress: Progress | None = None) -> Iterator[None]:
    """Write many assessments (and any other rows) inside; build the search index and the
    issue summaries once on the way out (see the module's doc).  ``progress`` hears how the
    search index is built."""
    from tracker.store.search import (
        create_gin_indexes,
        drop_gin_indexes,
        has_search_index,
        index_pending,
    )
    from tracker.store.summary import refresh_summaries

    connection = session.connection()
    searchable = has_search_index(connection)
    postgresql = connection.dialect.name == "postgresql"
    fresh = (
        searchable
        and not connection.exec_driver_sql("SELECT 1 FROM assessment_fts LIMIT 1").first()
    )
    dropped = drop_gin_indexes(connection) if searchable and postgresql else []
    yield
    if searchable:
        index_pending(connection, progress, fresh=fresh)
        if postgresql:
            create_gin_indexes(connection, dropped)
    if postgresql:
        connection.exec_driver_sql("ANALYZE assessment")
    refresh_summaries(session)
