"""Language detection: en / ru / be from the text itself."""

from __future__ import annotations

import pytest

from tracker.parse.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The government kept its course on the economy this week.", "en"),
        ("Правительство сохранило прежний курс в экономике на этой неделе.", "ru"),
        ("Урад захаваў ранейшы курс у эканоміцы на гэтым тыдні.", "be"),
        ("Ўлада не змяніла сваю пазіцыю.", "be"),
        ("Это решение не изменит ситуацию.", "ru"),
        ("Сёння ў Мінску.", "be"),
        ("Minsk — Мінск", "be"),
    ],
)
def test_detect(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_too_little_text() -> None:
    assert detect_language("12 — 13") is None
    assert detect_language("") is None


def test_belarusian_interface_words_do_not_outvote_a_russian_body() -> None:
    text = "Унутраная палітыка. " + "Власти освободили нескольких задержанных участников. " * 5
    assert detect_language(text) == "ru"
