"""Translations that keep few words: a Russian edition prints its own rubric ("Экономика")
and its own forms of names and numbers ("USD 310 million" / "310 млн долларов"), so neither
the section, nor the transliterated text, nor the names and numbers in order tell it; its
place in the week does (:meth:`tracker.link.translations.SameCommentary.mutual`)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from pathlib import Path

import numpy as np
import pytest

from tracker.api import Tracker
from tracker.link import HistoryItem, IssueRef, LinkDecision, Linker
from tracker.link.history import Skeletons
from tracker.link.translations import SameCommentary, _may_pair
from tracker.models import Commentary
from tracker.sections import known_section

WEEK = date(2018, 3, 12)


def _c(headline: str, lead: str, body: str, section: str, language: str) -> Commentary:
    return Commentary(
        headline=headline,
        lead=lead,
        body=body,
        section=section,
        language=language,
        week_start=WEEK,
        week_end=date(2018, 3, 18),
        status="unchanged",
    )


EN_BUDGET = _c(
    "The government covers the budget gap with new borrowing",
    "Minsk plans to place bonds worth USD 310 million on foreign markets to refinance "
    "old debts, as revenue from oil products falls.",
    "The Finance Ministry expects the placement in the spring. Last year the treasury paid "
    "more than a billion dollars to its creditors, and most of the new money will go to "
    "them. Economists warn that interest rates for Belarus stay high.",
    "Economy",
    "en",
)
RU_BUDGET = _c(
    "Правительство закрывает дыру в бюджете новыми займами",
    "Минфин намерен разместить на внешних рынках облигации на 310 млн долларов, чтобы "
    "рефинансировать прежние долги на фоне падения доходов от нефтепродуктов.",
    "Размещение ожидается весной. В прошлом году казна выплатила кредиторам свыше "
    "миллиарда долларов, и основная часть новых средств пойдет на эти выплаты. Экономисты "
    "предупреждают, что ставки для Беларуси остаются высокими.",
    "Экономика",
    "ru",
)
EN_BORDER = _c(
    "Minsk and Vilnius argue over border crossings",
    "Lithuania closed two checkpoints for lorries, and the Belarusian side answered with "
    "longer inspections of Lithuanian carriers.",
    "Queues at the border reached forty kilometres. The foreign ministries exchanged notes, "
    "but neither capital is ready to give way before the summer.",
    "Foreign policy",
    "en",
)
RU_BORDER = _c(
    "Минск и Вильнюс спорят о пунктах пропуска",
    "Литва закрыла два пункта пропуска для грузовиков, а белорусская сторона ответила "
    "более долгими досмотрами литовских перевозчиков.",
    "Очереди на границе растянулись на сорок километров. Министерства иностранных дел "
    "обменялись нотами, но ни одна столица не готова уступить до лета.",
    "Внешняя политика",
    "ru",
)


def _link(linker: Linker, batch: list[Commentary]) -> list[LinkDecision]:
    ids = count(1)
    return linker.link_many(batch, create_issue=lambda c, d: next(ids))


def test_the_old_tests_miss_these_translations() -> None:
    """The pairs below are no skeleton or anchor match: only their place tells them."""
    linker = Linker([])
    decisions = linker.link_many(
        [EN_BUDGET, RU_BUDGET], create_issue=lambda c, d: 1 if c.language == "en" else 2
    )
    assert decisions[1].method == "translation"
    assert "closest" in decisions[1].reason
    same = SameCommentary()  # its strict test alone: skeletons, then names and numbers
    skeletons = Skeletons([f"{c.headline} {c.lead}" for c in (EN_BUDGET, RU_BUDGET)])
    assert same.test(None, None, skeletons, 0, skeletons, 1) is None


def test_translations_in_their_own_rubrics_share_the_issue_of_their_original() -> None:
    decisions = _link(Linker([]), [EN_BUDGET, EN_BORDER, RU_BORDER, RU_BUDGET])
    en_budget, en_border, ru_border, ru_budget = decisions
    assert (ru_budget.method, ru_budget.issue_id) == ("translation", en_budget.issue_id)
    assert (ru_border.method, ru_border.issue_id) == ("translation", en_border.issue_id)
    assert en_budget.issue_id != en_border.issue_id


def test_a_rubric_no_table_knows_does_not_keep_a_translation_apart() -> None:
    ru = RU_BUDGET.model_copy(update={"section": "Государственные финансы"})
    decisions = _link(Linker([]), [EN_BUDGET, EN_BORDER, RU_BORDER, ru])
    assert (decisions[3].method, decisions[3].issue_id) == ("translation", decisions[0].issue_id)


def test_a_translation_of_an_archived_commentary_is_found_in_a_later_batch() -> None:
    linker = Linker([])
    first = _link(linker, [EN_BUDGET, EN_BORDER])
    later = linker.link_many([RU_BUDGET, RU_BORDER])
    assert [d.method for d in later] == ["translation", "translation"]
    assert [d.issue_id for d in later] == [d.issue_id for d in first]


def _weeks_later(c: Commentary, weeks: int) -> Commentary:
    start = c.week_start + timedelta(weeks=weeks)
    return c.model_copy(update={"week_start": start, "week_end": start + timedelta(days=6)})


@pytest.mark.parametrize("apart", [1, -1], ids=["a-week-after", "a-week-before"])
def test_a_translation_dated_a_week_away_is_found(apart: int) -> None:
    """A partner site prints its translation when it gets it: a week after the original,
    or the original's edition comes out late.  Each is still the other's closest text in
    the other's language within a week, in one batch and across batches."""
    ru_budget, ru_border = (_weeks_later(c, apart) for c in (RU_BUDGET, RU_BORDER))
    decisions = _link(Linker([]), [EN_BUDGET, EN_BORDER, ru_border, ru_budget])
    later_ones = decisions[2:] if apart > 0 else decisions[:2]  # linked in week order
    assert [d.method for d in later_ones] == ["translation", "translation"]
    assert decisions[3].issue_id == decisions[0].issue_id
    assert decisions[2].issue_id == decisions[1].issue_id != decisions[0].issue_id
    linker = Linker([])
    first, second = sorted(
        [[EN_BUDGET, EN_BORDER], [ru_border, ru_budget]], key=lambda b: b[0].week_start
    )
    earlier = _link(linker, first)
    later = linker.link_many(second)
    assert [d.method for d in later] == ["translation", "translation"]
    assert {d.issue_id for d in later} == {d.issue_id for d in earlier}


def test_two_weeks_apart_is_no_translation() -> None:
    decisions = _link(Linker([]), [EN_BUDGET, _weeks_later(RU_BUDGET, 2)])
    assert decisions[1].method != "translation"
    assert decisions[0].issue_id != decisions[1].issue_id


def test_the_same_week_comes_first() -> None:
    """Where a text of the week and one of the next are as close, the week's own is its
    partner: a copy of the Russian text a week later is not the English one's translation."""
    linker = Linker([])
    _link(linker, [EN_BUDGET, RU_BUDGET])
    assert linker.link(_weeks_later(RU_BUDGET, 1)).method != "translation"


def test_two_known_rubrics_that_differ_are_two_commentaries() -> None:
    """The only Russian text of the week in another known rubric is no translation, however
    close: a Russian "Foreign policy" text is not the English "Economy" one."""
    moved = RU_BUDGET.model_copy(update={"section": "Внешняя политика"})
    decisions = _link(Linker([]), [EN_BUDGET, moved])
    assert decisions[1].method != "translation"
    assert not _may_pair("economy", "foreign policy", "en", "ru")
    assert _may_pair("economy", "государственные финансы", "en", "ru")
    assert not _may_pair("economy", "государственные финансы", "en", "en")
    assert known_section("Экономика") and not known_section("Государственные финансы")


def test_each_must_be_the_others_closest() -> None:
    same = SameCommentary(mutual_min=0.2)
    sims = [
        [1.0, 0.0, 0.5, 0.3],  # en A: closest Russian text is ru A
        [0.0, 1.0, 0.45, 0.25],  # en B: its closest is ru A too, which prefers en A
        [0.5, 0.45, 1.0, 0.0],
        [0.3, 0.25, 0.0, 1.0],  # ru B: closest is en A, which prefers ru A
    ]
    found = same.mutual(np.array(sims), ["en", "en", "ru", "ru"], ["eco"] * 4)
    assert found == [(0, 2, 0.5)]
    # below the floor nothing pairs, closest or not
    assert same.mutual(np.array(sims) * 0.3, ["en", "en", "ru", "ru"], ["eco"] * 4) == []


def test_an_issue_is_named_in_one_language() -> None:
    """The Russian half of a pair shares no word with the English one: a name drawn from
    both came from the last text alone, in the wrong language ("Рубля")."""
    linker = Linker([])
    decisions = _link(linker, [EN_BUDGET, RU_BUDGET])
    assert decisions[0].issue_id == decisions[1].issue_id
    names = linker.improved_names()
    name = names.get(decisions[0].issue_id, decisions[0].proposed_name or "")
    assert name and all(ch.isascii() for ch in name), name


def _page(c: Commentary, week_line: str, verdict: str) -> str:
    return (
        f"{week_line}\n{c.section}\n\n{c.headline}\n\n{verdict}\n{c.headline}\n\n"
        f"{c.lead}\n\n{c.body}\n"
    )


PAGES = {
    "en-budget.txt": _page(EN_BUDGET, "March 12 – March 18, 2018", "The situation has not changed"),
    "en-border.txt": _page(EN_BORDER, "March 12 – March 18, 2018", "The situation got worse"),
    "ru-border.txt": _page(RU_BORDER, "12 марта – 18 марта 2018", "Ситуация ухудшилась"),
    "ru-budget.txt": _page(RU_BUDGET, "12 марта – 18 марта 2018", "Ситуация не изменилась"),
}


def _issues(tracker: Tracker) -> dict[str, str]:
    rows = tracker.assessments().to_dict(orient="records")
    return {str(r["headline"]): str(r["issue"]) for r in rows}


LATER_PAGES = {
    **{k: v for k, v in PAGES.items() if k.startswith("en-")},
    "ru-border.txt": _page(RU_BORDER, "19 марта – 25 марта 2018", "Ситуация ухудшилась"),
    "ru-budget.txt": _page(RU_BUDGET, "19 марта – 25 марта 2018", "Ситуация не изменилась"),
}


@pytest.mark.parametrize(
    ("together", "pages"),
    [(True, PAGES), (False, PAGES), (True, LATER_PAGES), (False, LATER_PAGES)],
    ids=["one-ingest", "two-ingests", "a-week-later-one-ingest", "a-week-later-two-ingests"],
)
def test_ingest_files_translations_with_their_originals(
    tracker: Tracker, tmp_path: Path, together: bool, pages: dict[str, str]
) -> None:
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [tmp_path / name for name in pages]
    if together:
        tracker.ingest(files)
    else:
        tracker.ingest([f for f in files if f.name.startswith("en-")])
        tracker.ingest([f for f in files if f.name.startswith("ru-")])
    issue = _issues(tracker)
    assert len(issue) == 4
    assert issue[RU_BUDGET.headline] == issue[EN_BUDGET.headline]
    assert issue[RU_BORDER.headline] == issue[EN_BORDER.headline]
    assert issue[EN_BUDGET.headline] != issue[EN_BORDER.headline]
    # each issue is named in English, the language it was opened in
    assert all(name.isascii() for name in issue.values()), issue


def _named(linker: Linker, batch: list[Commentary]) -> str:
    made: list[str] = []

    def create(c: Commentary, d: LinkDecision) -> int:
        made.append(d.proposed_name or "")
        return 100 + len(made)

    decisions = linker.link_many(batch, create_issue=create)
    assert len(made) == 1 and decisions[0].issue_id == decisions[1].issue_id, decisions
    return made[0]


def test_a_new_issue_is_named_in_the_registers_language() -> None:
    cold = _named(Linker([]), [RU_BUDGET, EN_BUDGET])  # no register: the first text's language
    assert not cold.isascii(), cold
    english = Linker([IssueRef(1, "Potash exports", "potash-exports", "Economy")])
    assert _named(english, [RU_BUDGET, EN_BUDGET]).isascii()
    russian = Linker([IssueRef(1, "Экспорт калия", "eksport-kaliya", "Economy")])
    assert not _named(russian, [EN_BUDGET, RU_BUDGET]).isascii()
    # a provisional issue's name says nothing of the analysts' language
    guess = Linker([IssueRef(1, "Экспорт калия", "eksport-kaliya", "Economy", provisional=True)])
    assert _named(guess, [EN_BUDGET, RU_BUDGET]).isascii()


def test_undated_texts_have_no_week_to_share() -> None:
    """Undated commentaries wait under one placeholder week: being each other's closest there
    says nothing, so only the strict tests may pair them."""
    undated = [
        c.model_copy(
            update={"undated": True, "week_start": date(1, 1, 1), "week_end": date(1, 1, 7)}
        )
        for c in (EN_BUDGET, RU_BUDGET)
    ]
    decisions = _link(Linker([]), undated)
    assert "closest" not in decisions[1].reason
    assert decisions[0].issue_id != decisions[1].issue_id


# ---------------------------------------------------------------- early splits mended

EN_BUDGET_BEFORE = EN_BUDGET.model_copy(
    update={
        "headline": "The government closes the budget gap with borrowing again",
        "lead": "Minsk places bonds on foreign markets to refinance old debts, as revenue "
        "from oil products falls and interest rates stay high.",
        "week_start": WEEK - timedelta(weeks=6),
        "week_end": WEEK - timedelta(weeks=6) + timedelta(days=6),
    }
)


def test_a_translation_that_came_first_joins_its_originals_issue() -> None:
    """The Russian edition, a week ahead of the English, finds no English issue close enough
    and opens a provisional one; the English original a week later links firmly to the
    running issue, and the Russian's provisional issue joins it."""
    linker = Linker([IssueRef(5, "State debt", "state-debt", "Economy")])
    linker.link_many([EN_BUDGET_BEFORE.model_copy(update={"issue": "State debt"})])
    ids = count(40)
    ru = _weeks_later(RU_BUDGET, -1)
    [first] = linker.link_many([ru], create_issue=lambda c, d: next(ids))
    assert first.method == "new" and first.issue_id == 40
    [en] = linker.link_many([EN_BUDGET], create_issue=lambda c, d: next(ids))
    assert (en.method, en.issue_id, en.absorbs) == ("similarity", 5, (40,))
    assert "joins it" in en.reason
    assert linker.resolve(40) == 5


def test_a_commentary_close_to_two_issues_joins_the_provisional_one_to_the_other() -> None:
    linker = Linker([])
    ids = count(1)
    texts = [
        commentary_text(EN_BUDGET_BEFORE, weeks=0),
        commentary_text(EN_BORDER, weeks=1),
    ]
    decisions = linker.link_many(texts, create_issue=lambda c, d: next(ids))
    assert [d.method for d in decisions] == ["new", "new"]
    # both halves in one text: as close to each issue as the bridge asks
    both = EN_BUDGET.model_copy(
        update={
            "headline": f"{EN_BUDGET_BEFORE.headline}; {EN_BORDER.headline}",
            "lead": f"{EN_BUDGET_BEFORE.lead} {EN_BORDER.lead}",
            "body": f"{EN_BUDGET.body} {EN_BORDER.body}",
            "section": "",
            "week_start": WEEK + timedelta(weeks=3),
            "week_end": WEEK + timedelta(weeks=3, days=6),
        }
    )
    [d] = linker.link_many([both], create_issue=lambda c, d: next(ids))
    assert d.method == "similarity" and len(d.absorbs) == 1, d
    assert {linker.resolve(1), linker.resolve(2)} == {d.issue_id}
    # a bridge set out of reach merges nothing
    apart = Linker([], bridge=1.0)
    apart.link_many(texts, create_issue=lambda c, d: next(ids))
    assert apart.link_many([both], create_issue=lambda c, d: next(ids))[0].absorbs == ()


def test_a_rule_link_joins_the_provisional_issue_its_alias_names() -> None:
    """A running issue's early commentaries came before the register's alias was in a
    headline and opened a provisional issue.  A commentary the alias links, as close to that
    issue as a link needs, joins it to the register's issue if the alias is in that issue's
    name or its commentaries too; otherwise only from ``bridge`` on."""

    def link(
        provisional_name: str, bridge: float, body: str = EN_BUDGET.body or ""
    ) -> LinkDecision:
        linker = Linker(
            [
                IssueRef(5, "State debt", "state-debt", "Economy", aliases=("Eurobonds",)),
                IssueRef(9, provisional_name, "p", "Economy", provisional=True),
            ],
            bridge=bridge,
        )
        before = EN_BUDGET_BEFORE
        linker.add_history(
            [HistoryItem(9, "Economy", before.week_start, "en", before.headline, before.lead, body)]
        )
        later = EN_BUDGET.model_copy(update={"headline": "Eurobonds cover the budget gap again"})
        [decision] = linker.link_many([later])
        assert (decision.method, decision.issue_id) == ("alias", 5)
        return decision

    named = link("Eurobonds plan", bridge=1.0)
    assert named.absorbs == (9,) and "joins it" in named.reason
    assert link("Budget gap", bridge=1.0).absorbs == ()
    mentioned = f"{EN_BUDGET.body} The Eurobonds mature in 2027."
    assert link("Budget gap", bridge=1.0, body=mentioned).absorbs == (9,)
    assert link("Budget gap", bridge=0.40).absorbs == (9,)  # as close as the bridge asks


def commentary_text(c: Commentary, *, weeks: int) -> Commentary:
    start = WEEK + timedelta(weeks=weeks)
    return c.model_copy(update={"week_start": start, "week_end": start + timedelta(days=6)})


# a running issue's commentary, then a Russian translation a week before its English original
TRANSLATION_FIRST = {
    "en-before.txt": _page(
        EN_BUDGET_BEFORE, "January 29 – February 4, 2018", "The situation has not changed"
    ),
    "ru-budget.txt": _page(RU_BUDGET, "5 марта – 11 марта 2018", "Ситуация не изменилась"),
    "en-budget.txt": _page(EN_BUDGET, "March 12 – March 18, 2018", "The situation has not changed"),
}


def test_ingest_merges_the_translations_provisional_issue_audited_and_undoable(
    tracker: Tracker, tmp_path: Path
) -> None:
    pages = TRANSLATION_FIRST
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for name in pages:  # three ingests, in week order
        tracker.ingest([tmp_path / name])
    issue = _issues(tracker)
    assert (
        issue[RU_BUDGET.headline] == issue[EN_BUDGET.headline] == issue[EN_BUDGET_BEFORE.headline]
    )
    log = tracker.log()
    [batch] = set(log.loc[log["action"] == "automerge", "batch"])
    assert tracker.undo(batch)
    undone = _issues(tracker)
    assert undone[RU_BUDGET.headline] != undone[EN_BUDGET.headline]
    assert undone[EN_BUDGET_BEFORE.headline] == undone[EN_BUDGET.headline]


def test_a_relink_makes_the_same_merge(tracker: Tracker, tmp_path: Path) -> None:
    """A relink walks the weeks as an ingest does: the translation that came first opens a
    provisional issue again, and its original merges it again, into the same issue."""
    pages = {
        **TRANSLATION_FIRST,
        "en-border.txt": _page(EN_BORDER, "March 12 – March 18, 2018", "The situation got worse"),
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    tracker.ingest([tmp_path / name for name in pages])
    before = _issues(tracker)
    assert before[RU_BUDGET.headline] == before[EN_BUDGET.headline]
    tracker.relink_all()
    after = _issues(tracker)
    assert after == before
    assert len(set(after.values())) == 2
    live = tracker.issues()
    assert len(live) == 2, live


def test_the_ingest_summary_says_how_many_provisional_issues_joined(
    db_url: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    pages = TRANSLATION_FIRST
    lines = []
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = CliRunner().invoke(
            app, ["--db", db_url, "ingest", str(tmp_path / name)], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        lines.append(result.stdout.strip())
    assert lines[:2] == ["1 files: added 1, already present 0, skipped 0, failed 0"] * 2
    assert lines[2] == (
        "1 files: added 1, already present 0, skipped 0, failed 0; joined 1 provisional issue "
        "to the issues they belong to (see 'tracker log')"
    )
