"""The entity and anchor tools of tracker.lang (added for linking): names across scripts."""

from __future__ import annotations

import pytest

from tracker.lang import anchors, entity_key, entity_mentions, is_function_word, numbers


@pytest.mark.parametrize(
    "spellings",
    [
        ("Lukashenka", "Лукашенко", "Лукашэнка", "Lukashenko", "Лукашенкам"),
        ("Tsikhanouskaya's", "Тихановская", "Тихановской", "Ціханоўская", "Ціханоўскай"),
        ("Makei", "Макей", "Макея"),
    ],
)
def test_one_name_one_key_in_three_scripts(spellings: tuple[str, ...]) -> None:
    assert len({entity_key(s) for s in spellings}) == 1


def test_different_names_keep_different_keys() -> None:
    keys = {entity_key(w) for w in ("Lukashenka", "Tsikhanouskaya", "Makei", "Putin", "Minsk")}
    assert len(keys) == 5
    assert entity_key("EU") == "eu" and entity_key("МВФ") == "mvf"


def test_mentions_skip_sentence_starts_and_title_case() -> None:
    text = (
        "Minsk Bolsters Ties With Brussels. Last week Foreign Minister Makei met the EU "
        "envoy in Minsk. Officials said little."
    )
    # "Minsk" opens a title-case headline but the text confirms it is a name; "Brussels" and
    # "Officials" only open sentences
    assert entity_mentions(text) == ["Minsk", "Foreign Minister Makei", "EU", "Minsk"]
    assert entity_mentions("Светлана Тихановская встретилась с Дэвидом Кэмероном.") == [
        "Светлана Тихановская",
        "Дэвидом Кэмероном",
    ]


def test_numbers_read_decimal_commas_and_points_alike() -> None:
    assert numbers("USD 464.1 million (11,1%) in 2011") == ["464.1", "11.1", "2011"]
    assert numbers("464,1 млн долларов") == ["464.1"]


def test_anchors_of_a_translation_run_alike() -> None:
    en = anchors("On Monday Makei met Lavrov in Minsk; trade fell by 11.1% to USD 464.1 million.")
    ru = anchors("В понедельник Макей встретился с Лавровым в Минске; торговля упала на 11,1%.")
    assert [a for a in en if a.startswith("#")] == ["#11.1", "#464.1"]
    assert ru[-1] == "#11.1"
    names = ["@" + entity_key(w) for w in ("Makei", "Lavrov", "Minsk")]
    assert en[:3] == ru[:3] == names


def test_function_words_in_three_languages() -> None:
    assert all(is_function_word(w) for w in ("the", "between", "которые", "паміж"))
    assert not any(is_function_word(w) for w in ("sanctions", "санкции", "санкцыі"))
