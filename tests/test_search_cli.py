"""`tracker search` on the command line, and on the demo archive."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests import demo_fixture
from tests.demo_fixture import DemoRun
from tracker.cli import app

demo_run = demo_fixture.demo_run
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


def hits(db: str | Path, *query: str) -> list[dict[str, Any]]:
    result = run("--db", str(db), "search", "-n", "1000", "--format", "json", *query)
    assert result.exit_code == 0, result.stdout + result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


@pytest.fixture
def db(db_url: str) -> str:
    rows = [
        ("Sanctions on potash", "Western sanctions hit potash exports."),
        ("Peace talks and sanctions", "Sanctions stay while peace talks go on."),
        ("Санкции против калия", "Минск ответил на санкции."),
        ("Grain harvest", "A good harvest."),
    ]
    for n, (headline, body) in enumerate(rows):
        result = run(
            "--db", db_url, "add", "--issue", "Sanctions" if n < 3 else "Harvest", "--new",
            "--week", f"2021-0{n + 1}-04", "--headline", headline, "--body", body,
            "--status", "unchanged",
        )  # fmt: skip
        assert result.exit_code == 0, result.stdout + result.stderr
    return db_url


def test_a_word_to_leave_out_is_never_taken_for_an_option(db: str) -> None:
    expected = ["Sanctions on potash", "Санкции против калия"]
    assert sorted(h["headline"] for h in hits(db, "sanctions -peace")) == expected[:1]
    assert sorted(h["headline"] for h in hits(db, "-peace", "sanctions")) == expected[:1]
    assert sorted(h["headline"] for h in hits(db, "sanctions", "-peace")) == expected[:1]
    # words beginning with letters of short options (-s, -i, -n, -f) are words too
    assert [h["headline"] for h in hits(db, "-sanctions", "-snow", "harvest")] == ["Grain harvest"]
    assert [h["headline"] for h in hits(db, "-finance", "-nimbus", "-issue", "harvest")] == [
        "Grain harvest"
    ]
    # after "--" everything is the query; "-peace" alone: all that do not mention peace
    alone = {h["headline"] for h in hits(db, "--", "-peace")}
    assert alone == {"Sanctions on potash", "Санкции против калия", "Grain harvest"}
    assert {h["headline"] for h in hits(db, "санкцыі", "--any-language")} == {
        "Sanctions on potash", "Peace talks and sanctions", "Санкции против калия",
    }  # fmt: skip


def test_table_by_issue_and_csv(db: str) -> None:
    result = run("--db", db, "search", "sanctioned", "--by-issue")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["issue", "hits", "first_week", "last_week", "last_status"]
    assert lines[1].split() == ["Sanctions", "2", "2021-01-04", "2021-02-01", "unchanged"]
    result = run("--db", db, "search", "potash", "--format", "csv")
    assert result.stdout.splitlines()[0].startswith("id,issue_id,issue,slug,section")
    assert "[potash]" in result.stdout
    result = run("--db", db, "search", "sanctions", "--any-language", "--sort", "date")
    assert result.stdout.splitlines()[0].split()[-1] == "via"
    assert "translation" in result.stdout
    result = run("--db", db, "search", "zebra")
    assert result.exit_code == 0 and "nothing matches 'zebra'" in result.stderr


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (['"union state'], "error: unclosed quote in '\"union state'"),
        (["sanctions", "OR"], "error: OR needs a word on each side in 'sanctions OR'"),
        (["(sanctions"], "error: unclosed '(' in '(sanctions'"),
        (["sanc*tions"], "error: '*' inside 'sanc*tions'"),
        (["--", "!!!"], "error: nothing to search for in '!!!'"),
    ],
)
def test_a_query_that_cannot_be_understood_is_one_line_and_exit_1(
    db: str, query: list[str], message: str
) -> None:
    result = run("--db", db, "search", *query)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_help_documents_the_query_language() -> None:
    text = " ".join(run("search", "--help").stdout.split())
    examples = ['"union state"', "sanctions -peace", "sanctions OR embargo", "peacekeep*",
                "--any-language", "--by-issue", "--sort", "tracker search -- -peace"]  # fmt: skip
    for example in examples:
        assert example in text, example


def test_demo_every_form_finds_the_same_commentaries(demo_run: DemoRun) -> None:
    assert demo_run.exit_code == 0
    english = [{h["id"] for h in hits(demo_run.db, w)} for w in ("sanction", "sanctions",
                                                                   "sanctioned")]  # fmt: skip
    assert english[0] == english[1] == english[2] and len(english[0]) >= 50
    russian = [{h["id"] for h in hits(demo_run.db, w)} for w in ("санкции", "санкций", "санкциям")]
    assert russian[0] == russian[1] == russian[2] and len(russian[0]) >= 10


def test_demo_peacekeeping_in_any_language(demo_run: DemoRun) -> None:
    direct = hits(demo_run.db, "peacekeeping")
    assert {h["language"] for h in direct} == {"en"}
    found = hits(demo_run.db, "peacekeeping", "--any-language")
    kinds = Counter((h["language"], h["via"]) for h in found)
    assert kinds[("en", "")] == len(direct)
    # every Russian and Belarusian commentary of the peacekeeping issue, marked as translated
    issue = [
        h
        for h in json.loads(
            run("--db", str(demo_run.db), "history", "Belarus UN peacekeeping", "-f", "json").stdout
        )
        if h["language"] != "en"
    ]
    assert issue and {h["id"] for h in issue} <= {h["id"] for h in found}
    assert {h["via"] for h in found if h["language"] != "en"} == {"translation"}
    assert kinds[("ru", "translation")] >= 5


def test_demo_belarusian_commentaries_in_any_language(demo_run: DemoRun) -> None:
    # the demo's Belarusian commentaries include none on peacekeeping: its exercises issue
    # shows the same for Belarusian (вучэнні) and Russian (учения)
    found = hits(demo_run.db, "exercises", "--any-language")
    issue = json.loads(
        run("--db", str(demo_run.db), "history", "Joint military exercises with Russia",
            "-f", "json").stdout
    )  # fmt: skip
    belarusian = {h["id"] for h in issue if h["language"] == "be"}
    assert belarusian and belarusian <= {h["id"] for h in found}
    assert {h["via"] for h in found if h["language"] in {"be", "ru"}} == {"translation"}
    assert not {h["id"] for h in hits(demo_run.db, "exercises")} & belarusian
