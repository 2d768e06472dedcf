"""m003 on a database made before it: rows, ids and full-text search survive, the weeks
become nullable, existing rows are marked as dated by their page; on both engines."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Index, MetaData, Table, inspect
from sqlmodel import SQLModel

from tracker import open_tracker, store
from tracker.db import make_engine
from tracker.models import Assessment, table_of, utcnow
from tracker.store.schema import MIGRATIONS, applied_migrations, m002_fulltext


def _make_pre_m003(db_url: str) -> None:
    """The schema as m001 + m002 made it before m003: weeks NOT NULL, no week_basis."""
    engine = make_engine(db_url)
    old = MetaData()
    for name, table in SQLModel.metadata.tables.items():
        if name == "assessment":
            columns = [
                Column(
                    c.name,
                    c.type,
                    primary_key=c.primary_key,
                    nullable=False if c.name in ("week_start", "week_end") else c.nullable,
                    unique=c.unique,
                )
                for c in table.columns
                if c.name != "week_basis"
            ]
            made = Table(name, old, *columns)
            for index in table.indexes:
                Index(index.name, *(made.c[c.name] for c in index.columns))
        else:
            table.to_metadata(old)
    with engine.begin() as connection:
        old.create_all(connection)
        m002_fulltext(connection)
        for name in ("m001_tables", "m002_fulltext"):
            connection.exec_driver_sql(
                "INSERT INTO schema_migration (name, applied_at) VALUES (?, ?)"
                if engine.dialect.name == "sqlite"
                else "INSERT INTO schema_migration (name, applied_at) VALUES (%s, %s)",
                (name, utcnow()),
            )
        connection.exec_driver_sql(
            "INSERT INTO issue (name, key, slug, provisional, created_at) VALUES "
            "('Peacekeeping', 'peacekeeping', 'peacekeeping', false, '2024-01-01 00:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO assessment (id, issue_id, week_start, week_end, headline, lead, "
            "content_hash, ingested_at) VALUES (7, 1, '2019-07-15', '2019-07-21', "
            "'Minsk wants to join UN peacekeeping', 'Tractors and blue helmets', 'h7', "
            "'2024-01-01 00:00:00')"
        )
    engine.dispose()


def test_m003_upgrades_an_existing_database(db_url: str) -> None:
    _make_pre_m003(db_url)
    engine = make_engine(db_url)
    assert applied_migrations(engine) == ["m001_tables", "m002_fulltext"]
    # m003 and every later migration (each upgrade of the old database runs them all)
    assert store.migrate(engine) == [name for name, _ in MIGRATIONS][2:]
    assert applied_migrations(engine) == [name for name, _ in MIGRATIONS]
    columns = {c["name"]: c for c in inspect(engine).get_columns("assessment")}
    assert {c.name for c in table_of(Assessment).columns} <= set(columns)
    assert columns["week_start"]["nullable"] and columns["week_end"]["nullable"]
    indexes = {i["name"] for i in inspect(engine).get_indexes("assessment")}
    assert {i.name for i in table_of(Assessment).indexes} <= indexes
    engine.dispose()
    t = open_tracker(db_url)
    try:
        frame = t.assessments()
        assert list(frame["id"]) == [7] and list(frame["week_basis"]) == ["page"]
        assert frame.iloc[0]["week_start"].date() == date(2019, 7, 15)
        assert list(t.search("tractors")["id"]) == [7]  # the full-text index still finds it
        t.add(
            issue="Peacekeeping",
            headline="Blue helmets again",
            week="2019-W30",
            status="unchanged",
            lead="Tractors once more",
        )
        assert len(t.search("tractors")) == 2  # the triggers were made again
    finally:
        t.close()
