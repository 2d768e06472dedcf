"""Fixtures: a fresh database per test, on SQLite and (when available) on PostgreSQL.

PostgreSQL comes from ``TRACKER_TEST_PG_URL`` if set, else from a throwaway cluster that this
session starts from the server binaries (see tests/pgcluster.py).  Where there is no
PostgreSQL the PostgreSQL half of each test is skipped with the reason, unless
``TRACKER_REQUIRE_PG=1`` (CI sets it), which turns that into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from tests.pgcluster import Cluster, find_pgbin

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch a user's database or vocabulary: point the settings at a temp folder."""
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "default.db"))
    monkeypatch.delenv("TRACKER_VOCAB", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str | None]:
    """A base URL (without database name handling) for PostgreSQL, or None."""
    url = os.environ.get("TRACKER_TEST_PG_URL")
    if url:
        yield url
        return
    pgbin = find_pgbin()
    if pgbin is None:
        yield None
        return
    cluster = Cluster(pgbin)
    cluster.start()
    try:
        yield cluster.createdb("tracker_test")
    finally:
        cluster.stop()


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh, empty database: a SQLite file, or a clean PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    url: str | None = request.getfixturevalue("pg_server")
    if url is None:
        if os.environ.get("TRACKER_REQUIRE_PG") == "1":
            pytest.fail("PostgreSQL is required (TRACKER_REQUIRE_PG=1) but no server was found")
        pytest.skip("no PostgreSQL here: set TRACKER_TEST_PG_URL or install PostgreSQL 15")
    _reset_pg(url)
    return url


@pytest.fixture
def tracker(db_url: str) -> Iterator[object]:
    from tracker import open_tracker

    t = open_tracker(db_url)
    try:
        yield t
    finally:
        t.close()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a user's clone has no ../shared beside it)")
    return SHARED
