"""m012 on a database that stored rubrics under their Russian names before the rubric tables
knew them: one section per rubric afterwards, under its English name, with every assessment,
issue and audit row that named the old one; on both engines."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from tracker import open_tracker, store
from tracker.db import make_engine
from tracker.store.schema import applied_migrations, m012_section_names

PAGE = """{week}
{section}

{headline}

{verdict}

{lead}

{body}
"""


def _page(tmp_path: Path, name: str, **fields: str) -> Path:
    path = tmp_path / name
    path.write_text(PAGE.format(**fields), encoding="utf-8")
    return path


def _sections(connection: object) -> dict[str, str]:
    rows = connection.execute(text("SELECT name, key FROM section ORDER BY name"))  # type: ignore[attr-defined]
    return {str(name): str(key) for name, key in rows}


def test_m012_joins_a_rubric_stored_under_its_russian_name(db_url: str, tmp_path: Path) -> None:
    tracker = open_tracker(db_url)
    tracker.ingest(
        [
            _page(
                tmp_path,
                "en.txt",
                week="March 12 – March 18, 2018",
                section="Society and politics",
                headline="Parties prepare for the local elections",
                verdict="The situation has not changed",
                lead="The registered parties are choosing candidates for the local councils.",
                body="Few of them expect to win seats, and the campaign is quiet so far.",
            ),
            _page(
                tmp_path,
                "ru.txt",
                week="19 марта – 25 марта 2018",
                section="Экономика",
                headline="Правительство снова занимает на внешних рынках",
                verdict="Ситуация не изменилась",
                lead="Минфин готовит размещение облигаций, чтобы рефинансировать долги.",
                body="Экономисты ждут высоких ставок и небольшого спроса со стороны инвесторов.",
            ),
        ]
    )
    tracker.close()
    engine = make_engine(db_url)
    # the database as an older version left it: a Russian rubric under its own name and key,
    # holding an assessment and an issue, and an audit row that names it
    with engine.begin() as connection:
        old = connection.execute(
            text(
                "INSERT INTO section (name, key) VALUES "
                "('Общество и политика', 'общество и политика') RETURNING id"
            )
        ).scalar_one()
        english = connection.execute(
            text("SELECT id FROM section WHERE key = 'society and politics'")
        ).scalar_one()
        assessment, issue = connection.execute(
            text("SELECT id, issue_id FROM assessment WHERE headline LIKE 'Parties%'")
        ).one()
        connection.execute(
            text("UPDATE assessment SET section_id = :s WHERE id = :a"), {"s": old, "a": assessment}
        )
        connection.execute(
            text("UPDATE issue SET section_id = :s WHERE id = :i"), {"s": old, "i": issue}
        )
        connection.execute(
            text(
                "INSERT INTO audit_log (at, batch, action, entity, entity_id, field, old_value, "
                "new_value, note) VALUES (CURRENT_TIMESTAMP, 'b1', 'describe', 'issue', :i, "
                "'section_id', :was, :now, 'moved')"
            ),
            {"i": issue, "was": json.dumps(english), "now": json.dumps(old)},
        )
        # and a rubric only its Russian name was ever stored under: renamed in place
        lonely = connection.execute(
            text(
                "INSERT INTO section (name, key) VALUES "
                "('Международные отношения', 'международные отношения') RETURNING id"
            )
        ).scalar_one()
        m012_section_names(connection)
        sections = _sections(connection)
        assert sections == {
            "Economy": "economy",
            "International relations": "international relations",
            "Society and politics": "society and politics",
        }
        assert (
            connection.execute(
                text("SELECT id FROM section WHERE key = 'international relations'")
            ).scalar_one()
            == lonely
        )
        assert (
            connection.execute(
                text("SELECT section_id FROM assessment WHERE id = :a"), {"a": assessment}
            ).scalar_one()
            == english
        )
        assert (
            connection.execute(
                text("SELECT section_id FROM issue WHERE id = :i"), {"i": issue}
            ).scalar_one()
            == english
        )
        now = connection.execute(
            text("SELECT new_value FROM audit_log WHERE batch = 'b1'")
        ).scalar_one()
        assert json.loads(now) == english
        # a second run finds nothing to do
        m012_section_names(connection)
        assert _sections(connection) == sections
    assert "m012_section_names" in applied_migrations(engine)
    assert store.migrate(engine) == []
    engine.dispose()
    # the assessments read under the English names
    tracker = open_tracker(db_url)
    frame = tracker.assessments()
    assert set(frame["section"]) == {"Society and politics", "Economy"}
    tracker.close()
