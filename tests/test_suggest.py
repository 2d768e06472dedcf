"""Review suggestions: grouping provisional issues, accepting whole groups, undoing that."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from tracker import store
from tracker.api import Tracker
from tracker.cli import app
from tracker.link.naming import body_opening
from tracker.link.suggest import IssueProfile, suggest
from tracker.models import utcnow

ECONOMY = "Economy"
WEST = "International relations"

DEPOSITS = [
    (
        "Belarusians take their savings out of banks",
        "Foreign currency deposits of the population fell by USD 464 million in May as "
        "Belarusians lost trust in the banking system and the National Bank.",
    ),
    (
        "The National Bank raises deposit rates to stop the outflow",
        "Banks offer up to 40% on rouble deposits; the National Bank hopes that foreign "
        "currency deposits stop falling.",
    ),
    (
        "Deposits grow again after the devaluation",
        "In February rouble deposits grew for the first time since August; the National Bank "
        "credits high deposit rates.",
    ),
]
NORMALISATION = [
    (
        "Normalisation with the West continues",
        "The EU lifted sanctions; Foreign Minister Makei expects normalisation with the West "
        "to bring loans from Brussels.",
    ),
    (
        "Makei in Riga: normalisation with the West goes on",
        "Foreign Minister Makei visited Latvia; Minsk and Brussels discussed visa "
        "facilitation as part of normalisation with the West.",
    ),
]
AIRBASE = (
    "Kremlin insists on a Russian airbase near Babruisk",
    "The Russian Defence Ministry wants fighter jets at the Babruisk airfield; Minsk keeps "
    "silent about the airbase.",
)


def _row(issue_id: int, section_id: int, week: date, text: tuple[str, str], n: int) -> tuple:
    row = {
        "issue_id": issue_id,
        "section_id": section_id,
        "week_start": week,
        "week_end": week + timedelta(days=6),
        "headline": text[0],
        "lead": text[1],
        "language": "en",
        "content_hash": f"suggest-{n}",
        "ingested_at": utcnow(),
        "link_method": "new",
    }
    return tuple(row.get(c) for c in store.INSERT_COLUMNS)


@pytest.fixture
def split(tracker: Tracker) -> dict[str, int]:
    """A cold start's result: one running topic split over provisional issues."""
    with tracker.session() as session:
        economy = store.get_or_add_section(session, ECONOMY)
        west = store.get_or_add_section(session, WEST)
        new = {"provisional": True}
        made = {
            "west": store.add_issue(session, "Normalisation with the West", section_id=west),
            "visit": store.add_issue(session, "Makei in Riga", section_id=west, **new),
            "savings": store.add_issue(session, "Savings", section_id=economy, **new),
            "rates": store.add_issue(
                session, "Deposit rates", section_id=economy, provisional=True
            ),
            "airbase": store.add_issue(session, "Airbase", section_id=economy, **new),
        }
        ids = {k: int(v.id or 0) for k, v in made.items()}
        week = date(2015, 1, 5)
        rows = [
            _row(ids["west"], west, week, NORMALISATION[0], 0),
            _row(ids["visit"], west, week + timedelta(weeks=3), NORMALISATION[1], 1),
            _row(ids["savings"], economy, week, DEPOSITS[0], 2),
            _row(ids["savings"], economy, week + timedelta(weeks=1), DEPOSITS[2], 3),
            _row(ids["rates"], economy, week + timedelta(weeks=2), DEPOSITS[1], 4),
            _row(ids["airbase"], economy, week + timedelta(weeks=2), AIRBASE, 5),
        ]
        store.insert_assessments(session, rows)
    return ids


def test_suggestions_group_a_split_topic_with_evidence(tracker: Tracker, split: dict[str, int]):
    found = tracker.review_suggestions()
    assert len(found) == 2
    by_target = {s.target: s for s in found}
    assert set(by_target) == {split["west"], split["savings"]}
    west = by_target[split["west"]]
    assert west.members == ((split["visit"], "Makei in Riga"),)
    assert west.confirmed_target and west.name == "Normalisation with the West"
    assert "normalisation with the West" in [p for p in west.phrases]
    assert "Makei" in " ".join(west.entities)
    money = by_target[split["savings"]]
    assert money.members == ((split["rates"], "Deposit rates"),)
    assert not money.confirmed_target and money.commentaries == 3
    # named by a phrase its commentaries share, not by a headline
    assert money.name.casefold() in {p.casefold() for p in money.phrases}
    assert len(money.name.split()) <= 6
    assert (money.first_week, money.last_week) == (date(2015, 1, 5), date(2015, 1, 19))
    assert [s.number for s in found] == [1, 2]
    # the airbase stands alone: it is in no suggestion
    members = {m for s in found for m, _ in s.members} | set(by_target)
    assert split["airbase"] not in members


def test_accepting_suggestions_merges_audited_and_undoable(
    tracker: Tracker, split: dict[str, int]
) -> None:
    found = {s.target: s for s in tracker.review_suggestions()}
    money = found[split["savings"]]
    batch = tracker.accept_suggestions([money.number, found[split["west"]].number])
    with tracker.session() as session:
        savings = store.get_issue(session, split["savings"])
        rates = store.get_issue(session, split["rates"])
        visit = store.get_issue(session, split["visit"])
        assert savings is not None and rates is not None and visit is not None
        assert not savings.provisional and savings.name == money.name
        assert rates.merged_into_id == split["savings"]
        assert visit.merged_into_id == split["west"]
    assert len(tracker.history("Normalisation with the West")) == 2
    assert tracker.review_suggestions() == []
    log = tracker.log(batch=batch)
    assert set(log["action"]) == {"accept"}
    # undo brings the split back exactly
    tracker.undo(batch)
    with tracker.session() as session:
        savings = store.get_issue(session, split["savings"])
        rates = store.get_issue(session, split["rates"])
        assert savings is not None and rates is not None
        assert savings.provisional and savings.name == "Savings"
        assert rates.merged_into_id is None
    assert len(tracker.review_suggestions()) == 2


def test_review_cli_lists_and_accepts(db_url: str, tracker: Tracker, split: dict[str, int]):
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False)

    listed = json.loads(run("review", "--suggestions", "-f", "json").stdout)
    assert [row["number"] for row in listed] == [1, 2]
    assert {row["into"] for row in listed} == {
        "Normalisation with the West",
        "Savings (provisional)",
    }
    table = run("review").stdout
    assert "Suggestions" in table and "Makei in Riga" in table
    bad = run("review", "--accept", "7")
    assert bad.exit_code == 1 and "no suggestion 7 (there are 2)" in bad.stderr
    assert run("review", "--accept", "one").exit_code == 1
    done = run("review", "--accept", "1,2")
    assert done.exit_code == 0, done.output
    assert "suggestion" in done.stderr and done.stdout.strip()
    assert json.loads(run("review", "--suggestions", "-f", "json").stdout) == []
    assert run("undo").exit_code == 0
    assert len(json.loads(run("review", "--suggestions", "-f", "json").stdout)) == 2


def test_suggest_is_deterministic_and_keeps_one_confirmed_issue_per_group() -> None:
    day = date(2020, 1, 6)

    def profile(i: int, name: str, provisional: bool, text: tuple[str, str]) -> IssueProfile:
        return IssueProfile(i, name, provisional, None, [text[0]], [text[1]], [day])

    profiles = [
        profile(1, "Normalisation with the West", False, NORMALISATION[0]),
        profile(2, "Relations with Brussels", False, NORMALISATION[1]),
        profile(3, "Makei abroad", True, NORMALISATION[1]),
    ]
    first = suggest(profiles, threshold=0.1)
    assert first == suggest(profiles, threshold=0.1)
    assert len(first) == 1 and first[0].confirmed_target
    assert [m for m, _ in first[0].members] == [3]
    assert suggest(profiles[:2], threshold=0.1) == []  # confirmed issues are never merged


def _page(folder: Any, name: str, week: date, headline: str, text: str) -> None:
    (folder / name).write_text(
        "---\n"
        f"headline: {headline}\n"
        "section: Economy\n"
        "status: The situation has not changed\n"
        f"week_start: {week}\n"
        f"week_end: {week + timedelta(days=6)}\n"
        "language: en\n"
        "---\n"
        f"{text}\n",
        encoding="utf-8",
    )


def test_ingest_renames_a_provisional_issue_as_it_grows(tracker: Tracker, tmp_path: Any) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    texts = [
        ("Savings leave the banks", DEPOSITS[0][1] + " " + DEPOSITS[0][1]),
        ("Banks fight for savers", DEPOSITS[1][1] + " " + DEPOSITS[1][1]),
        ("Savers come back", DEPOSITS[2][1] + " " + DEPOSITS[2][1]),
    ]
    week = date(2015, 1, 5)
    _page(first, "a.md", week, *texts[0])
    tracker.ingest([first])
    [before] = list(tracker.issues()["issue"])
    _page(second, "b.md", week + timedelta(weeks=1), *texts[1])
    _page(second, "c.md", week + timedelta(weeks=2), *texts[2])
    tracker.ingest([second])
    frame = tracker.issues()
    assert len(frame) == 1, frame
    after = str(frame["issue"].iloc[0])
    assert after != before and len(after.split()) <= 6
    log = tracker.log()
    assert "autoname" in set(log["action"])
    # an analyst's name stays: renaming ends the automatic renaming
    tracker.rename_issue(after, "Bank deposits")
    _page(second, "d.md", week + timedelta(weeks=3), "Savers hesitate", DEPOSITS[1][1])
    tracker.ingest([second / "d.md"])
    assert list(tracker.issues()["issue"]) == ["Bank deposits"]


def test_the_web_review_page_lists_and_accepts_suggestions(
    tracker: Tracker, split: dict[str, int]
) -> None:
    import re

    from starlette.testclient import TestClient

    from tracker.serve import create_app

    read_only = TestClient(create_app(tracker), base_url="http://127.0.0.1")
    page = read_only.get("/review")
    assert "Suggestions" in page.text and "Makei in Riga" in page.text
    assert 'action="/review/accept"' not in page.text  # no form without --allow-edits
    twin = read_only.get("/api/review").json()["suggestions"]
    assert [row["number"] for row in twin] == [1, 2]
    assert {row["merge"] for row in twin} == {"Makei in Riga", "Deposit rates"}
    app = create_app(tracker, allow_edits=True, allowed_hosts=["127.0.0.1"])
    with TestClient(app, base_url="http://127.0.0.1") as editor:
        page = editor.get("/review")
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
        assert token is not None and 'action="/review/accept"' in page.text
        number = next(row["number"] for row in twin if row["merge"] == "Makei in Riga")
        refused = editor.post("/review/accept", data={"number": str(number)})
        assert refused.status_code == 403  # no CSRF token
        missing = editor.post("/review/accept", data={"number": "9", "csrf": token.group(1)})
        assert missing.status_code == 404 and "no suggestion 9" in missing.text
        done = editor.post("/review/accept", data={"number": str(number), "csrf": token.group(1)},
                           follow_redirects=False)  # fmt: skip
        assert done.status_code == 303
        assert tracker.log(limit=1)["action"].iloc[0] == "accept"
        west = tracker.history("Normalisation with the West")
        assert len(west) == 2
        editor.post("/review/undo", data={"csrf": token.group(1)})
        assert len(tracker.history("Normalisation with the West")) == 1


def _profiles_from_every_row(tracker: Tracker) -> list[IssueProfile]:
    """Review's profiles as they were built before: from a frame of every assessment."""
    import pandas as pd

    from tracker.curation import PROFILE_BODY, PROFILE_LATEST

    frame = tracker.assessments(with_body=True)
    frame = frame.groupby("issue_id", sort=False).tail(PROFILE_LATEST)
    out = []
    with tracker.session() as session:
        issues = [i for i in store.list_issues(session) if i.merged_into_id is None]
    for issue in issues:
        rows = frame[frame["issue_id"] == issue.id]
        if rows.empty:
            continue
        lead = rows["lead"].fillna("").astype(str)
        body = rows["body"].fillna("").astype(str).map(lambda b: body_opening(b, PROFILE_BODY))
        out.append(
            IssueProfile(
                id=int(issue.id or 0),
                name=issue.name,
                provisional=bool(issue.provisional),
                section=None,
                headlines=list(rows["headline"].astype(str)),
                texts=list(lead + " " + body),
                weeks=[pd.Timestamp(w).date() for w in rows["week_start"]],
            )
        )
    return out


def test_profiles_hold_each_issues_latest_commentaries(
    tracker: Tracker, split: dict[str, int]
) -> None:
    """Review reads each issue's latest commentaries from the database: the profiles (and so
    the suggestions) are those built from every assessment, long histories cut the same way."""
    from tracker.curation import PROFILE_BODY, PROFILE_LATEST, _issue_profiles

    with tracker.session() as session:
        section = store.get_or_add_section(session, WEST)
        week = date(2015, 2, 2)
        rows = []
        for n in range(PROFILE_LATEST + 12):  # two a week: the order within a week counts
            text = NORMALISATION[n % 2]
            row = list(_row(split["west"], section, week + timedelta(weeks=n // 2), text, 100 + n))
            row[store.INSERT_COLUMNS.index("body")] = f"Body {n}: " + "Минск и Брюссель " * 30
            rows.append(tuple(row))
        store.insert_assessments(session, rows)
        got = _issue_profiles(session)
    want = _profiles_from_every_row(tracker)
    assert got == want
    west = next(p for p in got if p.id == split["west"])
    assert len(west.texts) == PROFILE_LATEST
    body = west.texts[-1][len(NORMALISATION[1][1]) + 1 :]  # the last one's, cut after a word
    assert body.startswith(f"Body {PROFILE_LATEST + 11}: ")
    assert PROFILE_BODY - 12 < len(body) <= PROFILE_BODY and body.endswith("Брюссель")
    assert suggest(got) == suggest(want)


POTASH_CHAIN = [
    (  # A: potash transit through Lithuania
        "Lithuania stops potash transit through Klaipeda",
        "Klaipeda port ends Belaruskali potash transit; Minsk looks for routes through Russia.",
    ),
    (  # B: shares the potash transit with A and the sanctions with C
        "Belaruskali potash transit and US sanctions",
        "Klaipeda port ends Belaruskali potash transit as the US Treasury sanctions take effect.",
    ),
    (  # C: sanctions on the state companies, no potash transit
        "US Treasury sanctions hit state companies",
        "The US Treasury sanctions take effect against Grodno Azot and Naftan refineries.",
    ),
]


def test_groups_join_on_average_not_through_one_close_pair() -> None:
    profiles = [
        IssueProfile(k + 1, f"issue {k + 1}", True, ECONOMY, [h], [t], [date(2021, 12, 6 + k)])
        for k, (h, t) in enumerate(POTASH_CHAIN)
    ]
    # single linkage (group_share 0) chains A–B–C although A and C share nothing specific
    chained = suggest(profiles, threshold=0.12, group_share=0.0)
    assert [sorted([s.target, *(m for m, _n in s.members)]) for s in chained] == [[1, 2, 3]]
    # average linkage keeps the pair that is close and leaves the far end out
    (kept,) = suggest(profiles, threshold=0.12)
    group = sorted([kept.target, *(m for m, _n in kept.members)])
    assert len(group) == 2 and 2 in group


def test_close_pairs_are_every_pair_a_loop_over_the_pairs_finds() -> None:
    """The sparse comparison finds the pairs, scores and order of a plain loop over every
    pair, on random profiles with equal twins (ties) and confirmed issues among them."""
    import random

    from tracker.link.suggest import _close_pairs, _cosine

    rng = random.Random(11)
    words = [f"w{k}" for k in range(40)]
    vectors: list[dict[str, float]] = []
    for _ in range(60):
        vector = {w: rng.random() for w in rng.sample(words, rng.randint(0, 6))}
        vectors.append(vector)
        if rng.random() < 0.2:
            vectors.append(dict(vector))  # an equal twin: its scores tie
    provisional = [rng.random() < 0.7 for _ in vectors]
    expected = sorted(
        (
            (round(_cosine(vectors[a], vectors[b]), 9), a, b)
            for a in range(len(vectors))
            if provisional[a]
            for b in range(len(vectors))
            if b != a and not (provisional[b] and b < a) and _cosine(vectors[a], vectors[b]) >= 0.3
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    found = _close_pairs(vectors, provisional, 0.3)
    assert len(expected) > 50  # the test compares something
    assert [(a, b) for _, a, b in found] == [(a, b) for _, a, b in expected]
    assert [round(s, 9) for s, _, _ in found] == [s for s, _, _ in expected]
    assert _close_pairs(vectors, [False] * len(vectors), 0.3) == []
    assert _close_pairs(vectors[:1], [True], 0.3) == []


def test_the_first_suggestions_are_the_first_of_all_and_accepting_counts_all() -> None:
    """``limit`` describes only the first suggestions, the same as the first of the whole
    list; ``group`` numbers them all without their evidence."""
    from tracker.link.suggest import group

    day = date(2020, 1, 6)
    topics = [DEPOSITS, NORMALISATION]
    profiles = [
        IssueProfile(
            k + 1, f"issue {k + 1}", True, None, [text[0]], [text[1]], [day + timedelta(weeks=k)]
        )
        for k, text in enumerate(t for topic in topics for t in topic)
    ]
    whole = suggest(profiles, threshold=0.1)
    assert len(whole) >= 2  # both topics are suggested
    assert suggest(profiles, threshold=0.1, limit=1) == whole[:1]
    assert suggest(profiles, threshold=0.1, limit=50) == whole
    grouping = group(profiles, threshold=0.1)
    assert len(grouping) == len(whole)
    assert [grouping.describe(n) for n in range(1, len(whole) + 1)] == whole
    with pytest.raises(IndexError):
        grouping.describe(len(whole) + 1)


def test_a_large_groups_evidence_comes_from_the_members_closest_to_its_target() -> None:
    from tracker.link.suggest import EVIDENCE_MEMBERS

    day = date(2020, 1, 6)
    n = 3 * (EVIDENCE_MEMBERS + 2)  # three groups, each larger than the evidence's members
    profiles = [
        IssueProfile(
            k + 1,
            f"issue {k + 1}",
            True,
            None,
            [DEPOSITS[k % 3][0]],
            [DEPOSITS[k % 3][1]],
            [day + timedelta(weeks=k)],
        )
        for k in range(n)
    ]
    found = suggest(profiles, threshold=0.1)
    assert sum(len(s.members) + 1 for s in found) == n
    assert max(len(s.members) for s in found) >= EVIDENCE_MEMBERS
    for made in found:
        assert made.phrases  # drawn from some of the members, each shared by two


def test_without_a_shared_key_phrase_the_evidence_is_what_makes_the_score() -> None:
    """Two issues close through their leads, not their headlines: the evidence names the
    shared words behind the score, spelt as the texts spell them."""
    day = date(2021, 3, 1)
    texts = [
        (
            "A quiet week in Minsk",
            "Belaruskali signed new potash contracts with Indian buyers; potash exports grow "
            "while freight through Klaipeda stays closed.",
        ),
        (
            "Lithuania keeps its port shut",
            "Belaruskali looks for other routes for potash exports after Klaipeda stopped the "
            "freight; Indian buyers wait for contracts.",
        ),
        (
            "Teachers leave the schools",
            "The ministry of education counts fewer teachers every autumn; salaries lag.",
        ),
    ]
    profiles = [
        IssueProfile(k + 1, f"issue {k + 1}", True, None, [h], [t], [day + timedelta(weeks=k)])
        for k, (h, t) in enumerate(texts)
    ]
    (found,) = suggest(profiles, threshold=0.1)
    assert {m for m, _ in found.members} | {found.target} == {1, 2}
    assert found.phrases
    joined = " ".join(found.phrases)
    assert "potash" in joined or "Belaruskali" in joined
    assert "belaruskali" not in joined  # a name keeps its capitals
