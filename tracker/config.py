"""Settings: which database to open, and the defaults every command shares.

The database comes from ``--db``, else the ``TRACKER_DB`` environment variable, else
``./tracker.db``.  A plain path means a SQLite file; ``postgres://`` and ``postgresql://`` URLs
are served by psycopg 3.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tracker.errors import ConfigError

DEFAULT_DB = "tracker.db"
ENV_DB = "TRACKER_DB"

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://")


def resolve_db_url(value: str | None = None) -> str:
    """Turn ``--db``/``TRACKER_DB``/the default into a SQLAlchemy URL.

    >>> resolve_db_url("archive.db").startswith("sqlite:///")
    True
    """
    raw = (value or os.environ.get(ENV_DB) or DEFAULT_DB).strip()
    if not raw:
        raise ConfigError("the database URL is empty", hint="pass --db PATH or set TRACKER_DB")
    match = _SCHEME.match(raw)
    if match is None:
        if raw == ":memory:":
            return "sqlite://"
        return "sqlite:///" + str(Path(raw).expanduser().resolve())
    scheme = match.group("scheme").lower()
    rest = raw[match.end() :]
    if scheme in {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}:
        return "postgresql+psycopg://" + rest
    if scheme in {"sqlite", "sqlite+pysqlite"}:
        return "sqlite://" + rest
    raise ConfigError(
        f"unsupported database URL scheme {scheme!r} in {mask_url(raw)!r}",
        hint="use a file path for SQLite or postgresql://user@host/dbname",
    )


def mask_url(url: str) -> str:
    """The URL with any password replaced by ***, safe to print."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)
