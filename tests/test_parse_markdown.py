"""Markdown notes with YAML front matter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.errors import ParseError, UnknownStatusError, WeekError
from tracker.parse import read_path
from tracker.vocab import Vocabulary


def _md(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    return path


def _one(path: Path, **kw: object):  # type: ignore[no-untyped-def]
    (c,) = read_path(path, vocabulary=Vocabulary(), **kw).commentaries  # type: ignore[arg-type]
    return c


def test_front_matter_fields(tmp_path: Path) -> None:
    c = _one(
        _md(
            tmp_path,
            "---\nheadline: Minsk buys drones\nsection: Security issues\nstatus: Deteriorated\n"
            "week_start: 2021-05-03\nweek_end: 2021-05-09\nauthors: A. Bel, C. Dee\n"
            "issue: Drones\nsource: Notes\n---\n\nFirst paragraph is the lead.\n"
            "It continues here.\n\nSecond paragraph.\n",
        )
    )
    assert c.headline == "Minsk buys drones"
    assert c.status == "deteriorated" and c.status_text is None
    assert (c.week_start, c.week_end) == (date(2021, 5, 3), date(2021, 5, 9))
    assert c.authors == ["A. Bel", "C. Dee"]
    assert c.lead == "First paragraph is the lead. It continues here."
    assert c.body == "Second paragraph."
    assert c.issue == "Drones" and c.source == "Notes"


def test_week_start_only_gives_seven_days(tmp_path: Path) -> None:
    c = _one(_md(tmp_path, "---\nheadline: H\nstatus:\nweek_start: 2021-05-03\n---\nText.\n"))
    assert c.week_end == date(2021, 5, 9)
    assert c.status is None


def test_front_matter_without_week_reads_the_body(tmp_path: Path) -> None:
    c = _one(
        _md(
            tmp_path,
            "---\nurl: https://x.example/a\n---\n\n9 – 15 жніўня 2021\n\n# Мінск купляе дроны\n\n"
            "Сітуацыя пагоршылася\n\nМіністэрства абароны паведаміла пра закупку беспілотнікаў, "
            "што павялічвае напружанасць у рэгіёне і на мяжы.\n",
        )
    )
    assert c.headline == "Мінск купляе дроны"
    assert c.status == "deteriorated"
    assert c.url == "https://x.example/a"
    assert c.language == "be"


@pytest.mark.parametrize(
    ("text", "error", "fragment"),
    [
        ("---\nheadline: [unclosed\n---\nx\n", ParseError, "not valid YAML"),
        ("---\n- a\n- b\n---\nx\n", ParseError, "mapping"),
        ("---\nheadline: H\n", ParseError, "never closed"),
        ("---\nheadline: H\nweek: July 1 – July 7\n---\nx\n", WeekError, "--year"),
        ("---\nheadline: H\nweek_start: 2021-02-30\n---\nx\n", WeekError, "week_start"),
        (
            "---\nheadline: H\nstatus: fine-ish\nweek: 2021-W10\n---\nx\n",
            UnknownStatusError,
            "fine-ish",
        ),
    ],
)
def test_bad_front_matter(tmp_path: Path, text: str, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        read_path(_md(tmp_path, text), vocabulary=Vocabulary())
    assert fragment in str(info.value)
    assert "note.md" in str(info.value)
