"""Engines and sessions.

``make_engine(url)`` is the only place an engine is built (never at import time).  SQLite
files get WAL, foreign keys, a busy timeout and 16 KiB pages; a PostgreSQL URL is checked by
connecting once, so a wrong URL fails at once with a clear message instead of in the middle of
a command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlmodel import Session, create_engine

from tracker.config import mask_url, resolve_db_url
from tracker.errors import DatabaseError, driver_reason

SQLITE_BUSY_TIMEOUT_MS = 10_000
#: How much of a SQLite file each connection maps into memory, and the page cache beside it.
#: Mapped pages that a command touches count in its resident memory, so the map is kept
#: small enough that an ingest into a 10^6 archive stays within its memory budget.
SQLITE_MMAP_BYTES = 64 << 20
SQLITE_CACHE_BYTES = 64 << 20


def make_engine(url: str | None = None, *, check: bool = True) -> Engine:
    """Build an engine for ``url`` (a SQLAlchemy URL or a plain path; see :mod:`tracker.config`)."""
    full = resolve_db_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError as exc:
        raise DatabaseError(
            f"cannot read the database URL {mask_url(full)!r}: {exc}",
            hint="pass --db PATH or a postgresql://user@host/dbname URL",
        ) from None
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(full, parsed.database)
        else:
            engine = create_engine(full, pool_pre_ping=True)
    except NoSuchModuleError:
        raise DatabaseError(
            f"no driver for the database URL {mask_url(full)!r}",
            hint="use a file path for SQLite or a postgresql:// URL",
        ) from None
    if check:
        try:
            check_connection(engine)
        except DatabaseError:
            engine.dispose()
            raise
    return engine


def _sqlite_engine(full: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        folder = Path(database).parent
        if not folder.is_dir():
            raise DatabaseError(
                f"cannot create the SQLite database {database}: folder {folder} does not exist",
                hint="create the folder or pass another --db path",
            )
    engine = create_engine(full, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # page_size only takes effect on a new, empty database; harmless afterwards.
        cursor.execute("PRAGMA page_size = 16384")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Reads of one issue's history touch scattered pages: map the file, cache more.
        cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_BYTES // 1024}")
        cursor.close()

    return engine


def check_connection(engine: Engine) -> None:
    """Connect once; turn any failure into a :class:`DatabaseError` that names the URL."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        reason = driver_reason(exc)
        raise DatabaseError(
            f"cannot open the database {mask_url(engine.url.render_as_string(False))}: {reason}",
            hint="check --db or TRACKER_DB ("
            + (
                "is it a tracker database file?"
                if engine.dialect.name == "sqlite"
                else "is the server running, the name and user right?"
            )
            + ")",
        ) from None


def is_sqlite(engine_or_session: Engine | Session) -> bool:
    bind = (
        engine_or_session.get_bind()
        if isinstance(engine_or_session, Session)
        else engine_or_session
    )
    return bind.dialect.name == "sqlite"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
