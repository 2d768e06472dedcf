"""Status vocabulary: built-in phrases in en/ru/be, user extension, errors."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tracker.errors import ConfigError, UnknownStatusError
from tracker.vocab import (
    NONE_COLOUR,
    STATUS_COLOURS,
    STATUS_SCORES,
    Vocabulary,
    default_vocabulary,
    load_vocabulary,
    normalise_phrase,
)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The situation has not changed", "unchanged"),
        ("the situation HAS NOT changed.", "unchanged"),
        ("  The   situation hasn’t changed ", "unchanged"),
        ("The situation got worse", "deteriorated"),
        ("The situation has gotten better", "improved"),
        ("has deteriorated", "deteriorated"),
        ("has improved", "improved"),
        ("has worsened", "deteriorated"),
        ("Situation unchanged", "unchanged"),
        ("«Ситуация не изменилась»", "unchanged"),
        ("Ситуация ухудшилась.", "deteriorated"),
        ("Ситуация улучшилась!", "improved"),
        ("Сітуацыя не змянілася", "unchanged"),
        ("Сітуацыя пагоршылася", "deteriorated"),
        ("Сітуацыя палепшылася", "improved"),
        ("Сiтуацыя не змянiлася", "unchanged"),  # Latin i typed for і
        ("Положение дел ухудшилось", "deteriorated"),
        ("Ситуация не изменилась ", "unchanged"),
        ("СИТУАЦИЯ НЕ ИЗМЕНИЛАСЬ", "unchanged"),
        ("Improved", "improved"),
    ],
)
def test_builtin_phrases_match(text: str, status: str) -> None:
    assert Vocabulary().match(text) == status


@pytest.mark.parametrize(
    "text",
    ["Minsk wants to join UN peacekeeping", "The situation is complicated", "", "situation"],
)
def test_non_verdicts_do_not_match(text: str) -> None:
    assert Vocabulary().match(text) is None


def test_yo_and_e_are_the_same() -> None:
    assert normalise_phrase("Всё") == normalise_phrase("все")


def test_status_of_accepts_names_and_phrases() -> None:
    vocab = Vocabulary()
    assert vocab.status_of("Deteriorated") == "deteriorated"
    assert vocab.status_of(" improved ") == "improved"
    assert vocab.status_of("Ситуация не изменилась") == "unchanged"


def test_status_of_unknown_names_text_file_line_and_fix() -> None:
    with pytest.raises(UnknownStatusError) as info:
        Vocabulary().status_of("The situation is murky", path="page.txt", line=7)
    message = str(info.value)
    assert "page.txt:7" in message
    assert "The situation is murky" in message
    assert "TRACKER_VOCAB" in message
    assert info.value.path == "page.txt" and info.value.line == 7


def test_scores_and_colours() -> None:
    vocab = Vocabulary()
    assert vocab.score("improved") == 1.0
    assert vocab.score("unchanged") == 0.0
    assert vocab.score("deteriorated") == -1.0
    assert math.isnan(vocab.score(None))
    assert vocab.colour(None) == NONE_COLOUR
    assert vocab.colour("improved") == STATUS_COLOURS["improved"]
    assert vocab.statuses == ["improved", "unchanged", "deteriorated"]
    assert STATUS_SCORES == {"improved": 1.0, "unchanged": 0.0, "deteriorated": -1.0}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vocab.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_phrases_and_statuses(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
[phrases]
improved = ["Things look up"]

[statuses.escalated]
score = -2
colour = "#67001f"
phrases = ["The situation escalated", "Ситуация обострилась резко"]
""",
    )
    vocab = load_vocabulary(path)
    assert vocab.match("things look up!") == "improved"
    assert vocab.status_of("The situation escalated") == "escalated"
    assert vocab.status_of("Escalated") == "escalated"
    assert vocab.score("escalated") == -2.0
    assert vocab.colour("escalated") == "#67001f"
    assert vocab.statuses == ["improved", "unchanged", "deteriorated", "escalated"]
    # the built-ins are still there
    assert vocab.match("Ситуация улучшилась") == "improved"


def test_env_var_points_at_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, '[phrases]\ndeteriorated = ["All downhill"]\n')
    monkeypatch.setenv("TRACKER_VOCAB", str(path))
    assert default_vocabulary().match("All downhill") == "deteriorated"
    monkeypatch.delenv("TRACKER_VOCAB")
    assert default_vocabulary().match("All downhill") is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[phrases\nimproved = 1", "not valid TOML"),
        ('[phrases]\nescalated = ["x"]', "unknown status 'escalated'"),
        ("[phrases]\nimproved = [1, 2]", "must be a list of strings"),
        ('[statuses.escalated]\ncolour = "#000000"', "numeric score"),
        ('[statuses.escalated]\nscore = 1\ncolour = "red"', "not a #rrggbb colour"),
        ('[phrases]\nimproved = ["The situation got worse"]', "already means 'deteriorated'"),
        ('[colours]\nimproved = "#000000"', "unknown section"),
    ],
)
def test_broken_file_is_a_config_error(tmp_path: Path, text: str, fragment: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_vocabulary(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_vocabulary(tmp_path / "nope.toml")


def test_leading_article_does_not_matter() -> None:
    vocab = Vocabulary()
    assert vocab.match("Situation has worsened") == "deteriorated"
    assert vocab.match("The situation unchanged") == "unchanged"
    assert vocab.match("The") is None
