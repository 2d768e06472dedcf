"""Search over stems on SQLite and PostgreSQL: inflected forms, the query language, ranking,
other languages, the index kept in sync, and the migration of an existing archive."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker import open_tracker, store
from tracker.api import Tracker
from tracker.db import make_engine, session_scope
from tracker.models import Assessment, utcnow
from tracker.store.schema import MIGRATIONS, applied_migrations

# Word families: every form must find the commentaries written with any form of the family.
# Russian and Belarusian "sanctions" and "budget" share their stems, so they are one family.
FAMILIES: list[tuple[str, tuple[str, ...]]] = [
    ("en", ("sanction", "sanctions", "sanctioned", "sanctioning")),
    ("en", ("election", "elections")),
    ("en", ("negotiate", "negotiates", "negotiated", "negotiating")),
    ("en", ("protest", "protests", "protested", "protesting")),
    ("en", ("prisoner", "prisoners", "prisoner's")),
    ("en", ("refinery", "refineries")),
    ("en", ("deteriorate", "deteriorated", "deteriorating", "deteriorates")),
    ("en", ("army", "armies")),
    ("en", ("invest", "invests", "invested", "investing")),
    ("en", ("border", "borders", "bordered")),
    ("en", ("loan", "loans", "loaned")),
    ("en", ("peacekeeper", "peacekeepers")),
    ("en", ("detain", "detained", "detaining", "detains")),
    ("en", ("court", "courts")),
    ("ru", ("санкции", "санкций", "санкциям", "санкциями", "санкциях", "санкция",
            "санкцыі", "санкцый", "санкцыям", "санкцыямі", "санкцыях", "санкцыя")),
    ("ru", ("выборы", "выборов", "выборам", "выборах", "выборами")),
    ("ru", ("переговоры", "переговоров", "переговорах", "переговорам")),
    ("ru", ("граница", "границы", "границе", "границу", "границей")),
    ("ru", ("кредита", "кредиту", "кредитом", "кредиты", "кредитов")),
    ("ru", ("оппозиция", "оппозиции", "оппозицию", "оппозицией")),
    ("ru", ("миротворцы", "миротворцев", "миротворцам", "миротворцами")),
    ("ru", ("армия", "армии", "армию", "армией")),
    ("ru", ("экономика", "экономики", "экономике", "экономику", "экономикой")),
    ("ru", ("протест", "протеста", "протесты", "протестов", "протестам")),
    ("ru", ("бюджет", "бюджета", "бюджету", "бюджетом", "бюджете",
            "бюджэт", "бюджэту", "бюджэтам")),
    ("ru", ("завод", "завода", "заводу", "заводом", "заводе", "заводы")),
    ("be", ("выбары", "выбараў", "выбарам", "выбарах", "выбарамі")),
    ("be", ("сітуацыя", "сітуацыі", "сітуацыю", "сітуацыяй")),
    ("be", ("мяжа", "мяжы", "мяжу", "мяжой")),
    ("be", ("крэдыту", "крэдытам", "крэдыты", "крэдытаў")),
    ("be", ("апазіцыя", "апазіцыі", "апазіцыю", "апазіцыяй")),
    ("be", ("эканоміка", "эканомікі", "эканоміку", "эканомікай", "эканоміцы")),
    ("be", ("пратэст", "пратэсту", "пратэсты", "пратэстаў", "пратэстам")),
    # Belarusian consonant changes before -е/-ы/-э (к/ц, г/з, х/с, д/дз, т/ц)
    ("be", ("урад", "ураду", "урадам", "урадзе", "урада")),
    ("be", ("рака", "ракі", "раку", "рацэ", "ракой")),
    ("be", ("нага", "нагі", "назе", "нагу")),
    ("be", ("муха", "мухі", "мусе", "муху")),
    ("be", ("дзяржава", "дзяржавы", "дзяржаве", "дзяржаву")),
    ("be", ("палітыка", "палітыкі", "палітыцы", "палітыку")),
    ("be", ("дарога", "дарогі", "дарозе", "дарогу")),
    ("be", ("горад", "горада", "горадзе", "гораду")),
    ("be", ("хата", "хаты", "хаце", "хату")),
    ("be", ("савет", "савета", "савеце", "саветам")),
    ("be", ("перамога", "перамогі", "перамозе", "перамогу")),
]  # fmt: skip

# Our own sentences around a form: one in the headline, one in the lead, the rest in bodies.
SENTENCES = {
    "en": ("Minsk weighs the {} once more", "Officials spoke of the {} at length.",
           "Our analysts noted that the {} came up again in talks with neighbours."),
    "ru": ("Минск снова обсуждает {}", "Чиновники долго говорили про {}.",
           "Наши аналитики отметили, что {} снова всплыли в разговорах с соседями."),
    "be": ("Мінск зноў абмяркоўвае {}", "Чыноўнікі доўга гаварылі пра {}.",
           "Нашы аналітыкі адзначылі, што {} зноў узніклі ў размовах з суседзямі."),
}  # fmt: skip


def _row(issue_id: int, n: int, **fields: Any) -> tuple[Any, ...]:
    values: dict[str, Any] = {
        "issue_id": issue_id, "source_id": None, "section_id": None,
        "week_start": date(2020, 1, 6) + timedelta(weeks=n % 150),
        "week_end": date(2020, 1, 12) + timedelta(weeks=n % 150),
        "status": "unchanged", "status_text": None, "headline": "A quiet week",
        "lead": None, "body": None, "language": "en", "url": None, "authors": None,
        "published_on": None, "origin": "test", "content_hash": f"h{n}", "ingested_at": utcnow(),
        "link_method": None, "link_score": None, "link_runner_up_id": None,
        "link_runner_up_score": None, "week_basis": "page",
    }  # fmt: skip
    values.update(fields)
    return tuple(values[c] for c in store.INSERT_COLUMNS)


def _add_rows(tracker: Tracker, rows: list[dict[str, Any]], issue: str = "Test issue") -> list[int]:
    """Insert assessments (fields by name) into one issue; return their ids in order."""
    with tracker.session() as session:
        found = [i.id for i in store.list_issues(session) if i.name == issue]
        issue_id = found[0] if found else store.add_issue(session, issue).id
        assert issue_id is not None
        start = len(store.load_assessments(session))
        store.insert_assessments(
            session, [_row(issue_id, start + k, **fields) for k, fields in enumerate(rows)]
        )
    with tracker.session() as session:
        ids = store.load_assessments(session).sort_values("id")["id"].tolist()
    return [int(i) for i in ids[start:]]


def _ids(frame: Any) -> set[int]:
    return {int(i) for i in frame["id"]}


def test_every_inflected_form_finds_the_same_commentaries(tracker: Tracker) -> None:
    rows: list[dict[str, Any]] = []
    owners: list[int] = []
    for family, (language, forms) in enumerate(FAMILIES):
        for k, form in enumerate(forms):
            headline, lead, body = (t.format(form) for t in SENTENCES[language])
            field = "headline" if k == 0 else "lead" if k == 1 else "body"
            rows.append({"language": language, field: {"headline": headline, "lead": lead,
                                                        "body": body}[field]})  # fmt: skip
            owners.append(family)
    ids = _add_rows(tracker, rows)
    wrong = []
    for family, (_, forms) in enumerate(FAMILIES):
        expected = {i for i, owner in zip(ids, owners, strict=True) if owner == family}
        for form in forms:
            found = _ids(tracker.search(form, limit=1000))
            if found != expected:
                wrong.append((form, sorted(found - expected), sorted(expected - found)))
    assert len(FAMILIES) >= 30
    assert not wrong, wrong


@pytest.fixture
def archive(tracker: Tracker) -> Iterator[tuple[Tracker, dict[str, int]]]:
    texts = {
        "headline_hit": {"headline": "New sanctions on potash", "body": "Exports fell."},
        "body_hit": {"headline": "Potash exports", "body": "The sanctions bite, say traders."},
        "body_hit_new": {"headline": "Potash exports", "body": "The sanctions bite, say traders.",
                         "week_start": date(2023, 5, 1), "week_end": date(2023, 5, 7)},
        "peace": {"headline": "Sanctions and peace", "body": "Peace talks and sanctions."},
        "union": {"headline": "The Union State", "body": "Union State programmes move on."},
        "state_union": {"headline": "State of the union", "body": "The union of states."},
        "ru": {"headline": "Санкции против калия", "body": "Минск ответил на санкции.",
               "language": "ru"},
        "be": {"headline": "Санкцыі супраць калію", "body": "Лукашэнка адказаў на санкцыі.",
               "language": "be"},
        "lukashenko_ru": {"headline": "Лукашенко и армия", "body": "Лукашенко провёл совещание.",
                          "language": "ru"},
        "embargo": {"headline": "An embargo on oil", "body": "Oil shipments stop."},
        "peacekeeping": {"headline": "Peacekeepers abroad", "body": "A peacekeeping company."},
    }  # fmt: skip
    ids = _add_rows(tracker, list(texts.values()))
    yield tracker, dict(zip(texts, ids, strict=True))


def test_query_language_on_both_engines(archive: tuple[Tracker, dict[str, int]]) -> None:
    tracker, ids = archive
    sanctioned = {ids[k] for k in ("headline_hit", "body_hit", "body_hit_new", "peace")}
    assert _ids(tracker.search("sanctioned")) == sanctioned
    assert _ids(tracker.search("sanctions -peace")) == sanctioned - {ids["peace"]}
    assert _ids(tracker.search("sanctions NOT peace")) == sanctioned - {ids["peace"]}
    potash = {ids["headline_hit"], ids["body_hit"], ids["body_hit_new"]}
    assert _ids(tracker.search("sanctions potash")) == potash
    assert _ids(tracker.search("sanctions OR embargo potash")) == potash
    assert _ids(tracker.search("embargo OR sanctions -potash")) == {ids["peace"], ids["embargo"]}
    assert _ids(tracker.search("sanction* OR embargo")) == sanctioned | {ids["embargo"]}
    assert _ids(tracker.search('"union state"')) == {ids["union"]}
    assert _ids(tracker.search("union state")) == {ids["union"], ids["state_union"]}
    assert _ids(tracker.search("peacekeep*")) == {ids["peacekeeping"]}
    assert _ids(tracker.search("санкции")) == {ids["ru"], ids["be"]}
    everything = set(ids.values())
    without_sanctions = everything - sanctioned - {ids["ru"], ids["be"]}
    assert _ids(tracker.search("-sanctions -санкции", limit=100)) == without_sanctions
    assert tracker.search("zebra").empty


def test_ranking_headlines_first_ties_to_the_more_recent(
    archive: tuple[Tracker, dict[str, int]],
) -> None:
    tracker, ids = archive
    found = tracker.search("sanctions -peace")["id"].tolist()
    # the headline hit first; two body hits alike, the newer before the older
    assert found == [ids["headline_hit"], ids["body_hit_new"], ids["body_hit"]]
    by_date = tracker.search("sanctions", sort="date")
    assert by_date["id"].iloc[0] == ids["body_hit_new"]
    assert list(by_date["week_start"]) == sorted(by_date["week_start"], reverse=True)
    frame = tracker.search("sanctions potash")
    assert frame["snippet"].iloc[0].startswith("New [sanctions] on [potash] — Exports fell")
    assert {"rank", "via", "snippet", "issue", "headline"} <= set(frame.columns)


def test_a_page_ranks_headline_hits_then_takes_the_newest_body_hits(tracker: Tracker) -> None:
    """Hits whose headline or lead holds the word rank first (headline above lead, ties to
    the more recent); the other hits follow newest first; each page is the start of the
    next larger one (PostgreSQL makes a page in two steps: these must join up)."""

    def week(n: int) -> dict[str, Any]:
        return {"week_start": date(2021, 1, 4) + timedelta(weeks=n),
                "week_end": date(2021, 1, 10) + timedelta(weeks=n)}  # fmt: skip

    rows = {
        "headline_old": {"headline": "Grain exports resume", **week(1)},
        "headline_new": {"headline": "Grain exports resume", **week(5)},
        "lead": {"headline": "A quiet week", "lead": "Grain exports resume.", **week(9)},
        **{f"body_{n}": {"headline": "A quiet week", "body": "Talks touched on grain.",
                         **week(n)} for n in (3, 8, 2, 12, 6)},
        "other": {"headline": "Potash exports", "body": "Nothing else.", **week(20)},
    }  # fmt: skip
    ids = dict(zip(rows, _add_rows(tracker, list(rows.values())), strict=True))
    expected = [ids[k] for k in ("headline_new", "headline_old", "lead", "body_12", "body_8",
                                 "body_6", "body_3", "body_2")]  # fmt: skip
    for limit in range(1, len(expected) + 2):
        page = tracker.search("grains", limit=limit)
        assert page["id"].tolist() == expected[:limit], limit
        ranks = page["rank"].tolist()
        assert ranks == sorted(ranks, reverse=True) and ranks[min(limit, 3) - 1] > 0
    assert tracker.search("grains", limit=4)["rank"].iloc[3] == pytest.approx(
        tracker.search("grains", limit=8)["rank"].iloc[7]
    )


def test_date_order_follows_a_changed_week(tracker: Tracker) -> None:
    """PostgreSQL keeps each week beside the search vectors: a week changed by any write
    (a correction, a merge of renderings) changes the order at once."""
    rows = [
        {"headline": "A quiet week", "body": "Grain again.", "week_start": date(2021, m, 1),
         "week_end": date(2021, m, 7)} for m in (3, 4, 5)
    ]  # fmt: skip
    first, middle, last = _add_rows(tracker, rows)
    assert tracker.search("grain", sort="date")["id"].tolist() == [last, middle, first]
    with tracker.session() as session:
        for number, day in ((first, "2021-06-07"), (middle, "2021-06-14")):
            session.connection().exec_driver_sql(
                f"UPDATE assessment SET week_start = '{day}' WHERE id = {number}"
            )
    for sort in ("date", "relevance"):
        assert tracker.search("grain", sort=sort)["id"].tolist() == [middle, first, last]


def test_any_language_finds_and_marks_translations(
    archive: tuple[Tracker, dict[str, int]],
) -> None:
    tracker, ids = archive
    frame = tracker.search("sanctions", any_language=True, limit=50)
    via = dict(zip(frame["id"], frame["via"], strict=True))
    assert via[ids["ru"]] == via[ids["be"]] == "translation"
    assert via[ids["headline_hit"]] == ""
    assert _ids(tracker.search("санкцыі", any_language=True)) >= {ids["peace"], ids["ru"]}
    lukashenka = tracker.search("Lukashenka", any_language=True)
    assert {ids["be"], ids["lukashenko_ru"]} <= _ids(lukashenka)
    assert tracker.search("Lukashenka").empty
    assert set(lukashenka["via"]) == {"translation"}


def test_by_issue_one_line_per_issue(tracker: Tracker) -> None:
    _add_rows(tracker, [{"headline": "Sanctions news", "status": "deteriorated",
                         "week_start": date(2021, 3, 1), "week_end": date(2021, 3, 7)}],
              issue="Sanctions")  # fmt: skip
    _add_rows(tracker, [{"headline": "More sanctions", "week_start": date(2021, 6, 7),
                         "week_end": date(2021, 6, 13)},
                        {"headline": "Quiet", "status": "improved",
                         "week_start": date(2022, 1, 3), "week_end": date(2022, 1, 9)}],
              issue="Sanctions")  # fmt: skip
    _add_rows(tracker, [{"headline": "Sanctioned banks"}], issue="Banks")
    frame = tracker.search("sanctions", by_issue=True)
    assert frame[["issue", "hits", "last_status"]].values.tolist() == [
        ["Sanctions", 2, "improved"],
        ["Banks", 1, "unchanged"],
    ]
    assert str(frame["first_week"].iloc[0].date()) == "2021-03-01"
    assert str(frame["last_week"].iloc[0].date()) == "2021-06-07"
    assert tracker.search("sanctions", by_issue=True, issue="Banks")["hits"].tolist() == [1]


def test_index_follows_every_write(tracker: Tracker) -> None:
    (first,) = _add_rows(tracker, [{"headline": "Potash exports", "body": "Nothing new."}])
    assert _ids(tracker.search("potash")) == {first}
    # an edit through the ORM (as a merge of renderings would), a raw update, a delete
    with tracker.session() as session:
        row = session.get(Assessment, first)
        assert row is not None
        row.headline = "Refinery output"
        session.add(row)
    assert tracker.search("potash").empty
    assert _ids(tracker.search("refineries")) == {first}
    with tracker.session() as session:
        session.connection().exec_driver_sql(
            f"UPDATE assessment SET body = 'Sanctions again' WHERE id = {first}"
        )
        # a search inside the same unit of work sees its own writes
        assert _ids(store.search_assessments(session, "sanctioned")) == {first}
    with tracker.session() as session:
        session.connection().exec_driver_sql(f"DELETE FROM assessment WHERE id = {first}")
    assert tracker.search("refinery").empty
    # a rolled-back unit of work leaves the index as it was
    (second,) = _add_rows(tracker, [{"headline": "Grain harvest"}])
    with pytest.raises(RuntimeError), tracker.session() as session:
        session.connection().exec_driver_sql(
            f"UPDATE assessment SET headline = 'Oil' WHERE id = {second}"
        )
        raise RuntimeError
    assert _ids(tracker.search("harvest")) == {second}
    assert tracker.search("oil").empty


def test_an_import_is_searchable_at_once(tracker: Tracker, tmp_path: Path) -> None:
    _add_rows(tracker, [{"headline": "Санкцыі і калій", "language": "be"},
                        {"headline": "Grain harvest"}])  # fmt: skip
    tracker.export(tmp_path / "export.json")
    copy = open_tracker(str(tmp_path / "copy.db"))
    try:
        copy.import_(tmp_path / "export.json")
        assert list(copy.search("санкций")["headline"]) == ["Санкцыі і калій"]
        assert list(copy.search("harvests")["headline"]) == ["Grain harvest"]
    finally:
        copy.close()


def test_existing_archive_migrates_with_progress(db_url: str) -> None:
    engine = make_engine(db_url)
    old = MIGRATIONS[:2]
    assert [name for name, _ in old] == ["m001_tables", "m002_fulltext"]
    import tracker.store.schema as schema

    schema.MIGRATIONS[:] = old
    try:
        store.migrate(engine)
    finally:
        schema.MIGRATIONS[:] = MIGRATIONS_ALL
    with session_scope(engine) as session:
        issue = store.add_issue(session, "Sanctions")
        rows = [_row(issue.id or 0, n, headline=f"Sanctioned firm {n}") for n in range(2500)]
        store.insert_assessments(session, rows)
    engine.dispose()
    heard: list[tuple[int, int]] = []
    upgraded = open_tracker(db_url, progress=lambda done, total, _: heard.append((done, total)))
    try:
        assert "m004_stemmed_search" in applied_migrations(upgraded.engine)
        assert heard[0] == (0, 2500) and heard[-1] == (2500, 2500) and len(heard) >= 3
        assert len(upgraded.search("sanctions", limit=5000)) == 2500
        assert upgraded.reindex_search() == 2500
        assert len(upgraded.search("sanction", limit=5000)) == 2500
    finally:
        upgraded.close()


MIGRATIONS_ALL = list(MIGRATIONS)
