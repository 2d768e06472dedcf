"""The language tools shared by linking and search: words, stems, names across scripts."""

from __future__ import annotations

import pytest

from tracker.lang import belarusian_to_russian, name_key, script_of, stem, stems, words


def test_words_fold_case_yo_and_apostrophes() -> None:
    assert words("Всё ЗАВИСИТ от Мінска’s — the Kremlin's 2020 «выбары»!") == [
        "все", "зависит", "от", "мінска's", "the", "kremlin's", "2020", "выбары",
    ]  # fmt: skip
    assert words("Пра ўрад і аб’яднанне") == ["пра", "ўрад", "і", "аб'яднанне"]


@pytest.mark.parametrize(
    "family",
    [
        ("sanction", "sanctions", "sanctioned", "sanctioning"),
        ("election", "elections"),
        ("negotiate", "negotiated", "negotiating"),
        ("санкции", "санкций", "санкциям", "санкциями", "санкциях"),
        ("выборы", "выборов", "выборам", "выборах"),
        ("переговоры", "переговоров", "переговорах"),
        ("санкцыі", "санкцый", "санкцыям", "санкцыямі", "санкцыях"),
        ("сітуацыя", "сітуацыі", "сітуацыю", "сітуацыяй"),
        ("выбары", "выбараў", "выбарах", "выбарам"),
    ],
)
def test_inflected_forms_share_a_stem(family: tuple[str, ...]) -> None:
    assert len({stem(word) for word in family}) == 1, [stem(w) for w in family]


def test_different_words_keep_different_stems() -> None:
    assert stem("sanction") != stem("section")
    assert stem("санкции") != stem("секции")
    assert stem("выбары") != stem("выбух")


def test_belarusian_spelling_maps_onto_russian() -> None:
    assert belarusian_to_russian("санкцыі") == "санкции"
    assert belarusian_to_russian("ўрад") == "врад"
    assert belarusian_to_russian("аб'ява") == "абява"
    assert stem("санкцыі") == stem("санкции")


def test_stems_of_text_follow_each_words_script() -> None:
    assert stems("Sanctions against «Беларуськалий»") == ["sanction", "against", "беларуськал"]
    assert script_of("minsk") == "latin"
    assert script_of("мінск") == "cyrillic"
    assert script_of("2020") == "other"
    assert stem("2020") == "2020"


@pytest.mark.parametrize(
    "spellings",
    [
        ("Lukashenka", "Lukashenko", "Лукашенко", "Лукашэнка", "Лукашенки"),
        ("Tsikhanouskaya", "Tsikhanovskaya", "Тихановская", "Ціханоўская"),
        ("Kalesnikava", "Колесникова", "Калеснікава"),
        ("Mahiliou", "Могилёв", "Магілёў"),
        ("Hrodna", "Гродно", "Гродна"),
        ("Brest", "Брест", "Брэст"),
    ],
)
def test_a_names_spellings_meet_under_one_key(spellings: tuple[str, ...]) -> None:
    assert len({name_key(s) for s in spellings}) == 1, [name_key(s) for s in spellings]


def test_different_names_keep_different_keys() -> None:
    keys = [name_key(n) for n in ("Lukashenka", "Tsikhanouskaya", "Putin", "Minsk", "Brest")]
    assert len(set(keys)) == len(keys)
