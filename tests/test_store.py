"""Schema, migrations, bulk writes and full-text search, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect
from sqlmodel import SQLModel

from tracker import store
from tracker.db import make_engine, session_scope
from tracker.models import utcnow
from tracker.store.schema import FULLTEXT_OBJECTS, MIGRATIONS, applied_migrations


def _model_tables() -> dict[str, set[str]]:
    return {
        name: {c.name for c in table.columns} for name, table in SQLModel.metadata.tables.items()
    }


def test_migrated_empty_database_matches_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    assert store.migrate(engine) == [name for name, _ in MIGRATIONS]
    inspector = inspect(engine)
    dialect = engine.dialect.name
    extras = FULLTEXT_OBJECTS[dialect]
    tables = set(inspector.get_table_names())
    # FTS5 creates shadow tables named after the virtual table.
    tables = {t for t in tables if not t.startswith("assessment_fts_")}
    assert tables == set(_model_tables()) | extras["tables"]
    for name, columns in _model_tables().items():
        found = {c["name"] for c in inspector.get_columns(name)}
        assert found == columns | extras["columns"].get(name, set()), name
    for name, table in SQLModel.metadata.tables.items():
        expected = {i.name for i in table.indexes}
        found = {i["name"] for i in inspector.get_indexes(name)}
        assert expected <= found, (name, expected - found)
        fks = {
            (tuple(fk["constrained_columns"]), fk["referred_table"])
            for fk in inspector.get_foreign_keys(name)
        }
        expected_fks = {
            (tuple(c.parent.name for c in [fk]), fk.column.table.name) for fk in table.foreign_keys
        }
        assert fks == expected_fks, name
    assert store.migrate(engine) == []
    assert applied_migrations(engine) == [name for name, _ in MIGRATIONS]
    engine.dispose()


def _row(issue_id: int, n: int, **over: object) -> tuple[object, ...]:
    values = {
        "issue_id": issue_id,
        "source_id": None,
        "section_id": None,
        "week_start": date(2020, 1, 6),
        "week_end": date(2020, 1, 12),
        "status": "unchanged",
        "status_text": None,
        "headline": f"Headline number {n}",
        "lead": "A lead about tractors",
        "body": f"Body text {n} about peacekeeping missions",
        "language": "en",
        "url": None,
        "authors": None,
        "published_on": None,
        "origin": "test",
        "content_hash": f"hash-{n}",
        "ingested_at": utcnow(),
        "link_method": None,
        "link_score": None,
        "link_runner_up_id": None,
        "link_runner_up_score": None,
        "week_basis": "page",
    }
    values.update(over)
    return tuple(values[c] for c in store.INSERT_COLUMNS)


def test_bulk_insert_round_trips_and_full_text_stays_in_sync(db_url: str) -> None:
    engine = make_engine(db_url)
    store.migrate(engine)
    with session_scope(engine) as session:
        section = store.get_or_add_section(session, "Security issues")
        issue = store.add_issue(session, "Peacekeeping", section_id=section)
        rows = [_row(issue.id or 0, n, section_id=section) for n in range(250)]
        rows.append(_row(issue.id or 0, 999, headline="Минск и миротворцы ООН", body="Тело"))
        assert store.insert_assessments(session, rows) == 251
    with session_scope(engine) as session:
        frame = store.load_assessments(session, issue_ids=[issue.id or 0])
        assert len(frame) == 251
        assert str(frame["week_start"].dtype) == "datetime64[ns]"
        assert frame["week_start"].iloc[0].date() == date(2020, 1, 6)
        assert set(frame["section"].dropna()) == {"Security issues"}
        assert store.existing_hashes(session, ["hash-3", "nope"]) == {"hash-3"}
        hits = store.search_assessments(session, "number 17")
        assert list(hits["headline"]) == ["Headline number 17"]
        assert "[17]" in hits["snippet"].iloc[0] or "[number]" in hits["snippet"].iloc[0]
        assert len(store.search_assessments(session, "миротворцы")) == 1
        assert len(store.search_assessments(session, "peacekeep*", limit=5)) == 5
        # updates and deletes reach the index
        session.connection().exec_driver_sql(
            "UPDATE assessment SET headline = 'Renamed zebra' WHERE content_hash = 'hash-17'"
        )
        session.connection().exec_driver_sql(
            "DELETE FROM assessment WHERE content_hash = 'hash-18'"
        )
        session.flush()
        assert store.search_assessments(session, "number 17").empty
        assert list(store.search_assessments(session, "zebra")["headline"]) == ["Renamed zebra"]
        assert store.search_assessments(session, "number 18").empty
    engine.dispose()


def test_issue_slugs_are_unique(db_url: str) -> None:
    engine = make_engine(db_url)
    store.migrate(engine)
    with session_scope(engine) as session:
        a = store.add_issue(session, "Belarus–Russia gas deal")
        b = store.add_issue(session, "Belarus Russia gas deal")
        c = store.add_issue(session, "Газовая сделка")
        assert (a.slug, b.slug, c.slug) == (
            "belarus-russia-gas-deal",
            "belarus-russia-gas-deal-2",
            "gazovaya-sdelka",
        )
    engine.dispose()


def test_search_rejects_an_empty_query(db_url: str) -> None:
    from tracker.errors import InputError

    engine = make_engine(db_url)
    store.migrate(engine)
    with session_scope(engine) as session, pytest.raises(InputError, match="nothing to search"):
        store.search_assessments(session, "  -- ")
    engine.dispose()
