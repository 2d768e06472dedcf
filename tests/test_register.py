"""The issue register: loading TOML/YAML, the rule language, dumping, errors with file+line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import ConfigError, InputError
from tracker.register import (
    Clause,
    Register,
    RegisterIssue,
    Rules,
    dump_register,
    load_register,
    parse_register,
    rules_from_mapping,
    short_issue_name,
    slugify,
)

DATA = Path(__file__).parent / "data" / "register"


def texts(headline: str, lead: str = "", body: str = "") -> dict[str, str | None]:
    return {"headline": headline, "lead": lead, "body": body}


# --------------------------------------------------------------------------- loading


def test_load_toml_reads_every_field() -> None:
    register = load_register(DATA / "good.toml")
    names = [i.name for i in register.issues]
    assert names == ["Belarus UN peacekeeping", "Russian airbase in Belarus", "Поташ через Литву"]
    first, second, third = register.issues
    assert first.slug == "belarus-un-peacekeeping"
    assert first.section == "Security issues"
    assert first.description == "Minsk's wish to send troops to UN missions."
    assert first.aliases == ["UN peacekeeping", "Belarusian peacekeepers"]
    assert first.rules.clause == Clause(
        all=("peacekeep*",),
        any=("UN", "ООН", "ААН"),
        regex=(r"(?i)миротвор\w*",),
        none=("Russian peacekeepers",),
    )
    assert first.rules.languages == ("en", "ru", "be")
    assert first.rules.by_language == {"be": Clause(any=("міратвор*",))}
    assert second.slug == "russian-airbase"
    assert second.rules.fields == ("headline", "lead", "body")
    assert third.slug == "potash-cherez-litvu"
    assert third.rules.is_empty()


def test_yaml_and_toml_give_the_same_register() -> None:
    assert load_register(DATA / "good.yaml") == load_register(DATA / "good.toml")


def test_register_get_by_name_slug_or_alias() -> None:
    register = load_register(DATA / "good.toml")
    assert register.get("belarusian PEACEKEEPERS") is register.issues[0]
    assert register.get("russian-airbase") is register.issues[1]
    assert register.get("поташ через литву") is register.issues[2]
    assert register.get("Oil") is None


# --------------------------------------------------------------------------- dumping


def test_dump_round_trips_and_is_deterministic(tmp_path: Path) -> None:
    register = load_register(DATA / "good.toml")
    text = dump_register(register)
    assert text == dump_register(load_register(DATA / "good.yaml"))
    path = tmp_path / "again.toml"
    path.write_text(text, encoding="utf-8")
    assert load_register(path) == register
    assert dump_register(load_register(path)) == text


def test_dump_escapes_quotes_and_backslashes(tmp_path: Path) -> None:
    tricky = Register(
        [
            RegisterIssue(
                name='The "Zapad" exercise',
                slug="zapad",
                section=None,
                description="Line one\nline two with a backslash \\ and a tab\t.",
                aliases=["Запад-2021"],
                rules=Rules(Clause(any=("Zapad",), regex=(r"\bZapad[- ]?\d{4}\b",))),
            )
        ]
    )
    path = tmp_path / "tricky.toml"
    path.write_text(dump_register(tricky), encoding="utf-8")
    assert load_register(path) == tricky


# --------------------------------------------------------------------------- rules


def test_rules_all_any_regex_and_veto() -> None:
    rules = load_register(DATA / "good.toml").issues[0].rules
    assert rules.matches(texts("Minsk offers peacekeepers to the UN"), "en")
    assert not rules.matches(texts("Minsk offers peacekeepers to Russia"), "en")  # no 'any'
    assert not rules.matches(texts("The UN discusses Belarus"), "en")  # no 'all'
    # the regex is an alternative way to match
    assert rules.matches(texts("Белорусские МИРОТВОРЦЫ ждут миссии"), "ru")
    # a veto wins
    assert not rules.matches(texts("UN peacekeeping and Russian peacekeepers"), "en")
    # the language restriction applies to every clause
    assert not rules.matches(texts("Minsk offers peacekeepers to the UN"), "pl")
    # the Belarusian clause is tried only for Belarusian commentaries
    assert rules.matches(texts("Беларускія міратворцы"), "be")
    assert not rules.matches(texts("Беларускія міратворцы"), "ru")


def test_acronyms_match_case_sensitively_other_terms_do_not() -> None:
    clause = Rules(Clause(all=("peacekeep*",), any=("UN",)))
    assert not clause.matches(texts("Peacekeeping is un-popular"), "en")
    assert clause.matches(texts("PEACEKEEPING under the UN flag"), "en")


def test_rules_look_only_in_their_fields() -> None:
    airbase = load_register(DATA / "good.toml").issues[1].rules
    assert airbase.matches(texts("Minsk and Moscow", body="The air  base at Babruisk"), "en")
    assert not airbase.matches(texts("The airbase is no longer planned"), "en")  # re: veto
    headline_only = Rules(Clause(any=("airbase",)))
    assert not headline_only.matches(texts("Minsk and Moscow", body="an airbase"), "en")


def test_wildcards_phrases_and_yo() -> None:
    rules = Rules(Clause(all=("налогов* манёвр*",)))
    assert rules.matches(texts("Налоговый маневр обходится дорого"), "ru")
    assert not rules.matches(texts("Налоговые поступления и манёвры"), "ru")


# --------------------------------------------------------------------------- errors


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_register(path)
    return info.value


def test_toml_syntax_error_names_file_and_line() -> None:
    error = error_of(DATA / "bad_syntax.toml")
    assert error.path == str(DATA / "bad_syntax.toml")
    assert error.line == 4
    assert str(error).startswith(f"{DATA / 'bad_syntax.toml'}:4: TOML syntax error")


def test_yaml_syntax_error_names_file_and_line() -> None:
    error = error_of(DATA / "bad_syntax.yaml")
    assert error.line == 4
    assert "YAML syntax error" in str(error)


def test_bad_regex_names_line_rule_and_why() -> None:
    error = error_of(DATA / "bad_regex.toml")
    assert error.line == 11
    message = str(error)
    assert "'Gas price'" in message and "rule 'regex'" in message
    assert "(?i)газ(пром" in message and "missing )" in message


def test_unknown_rule_key() -> None:
    error = error_of(DATA / "unknown_key.toml")
    assert error.line == 7
    assert "unknown rule key 'exclude'" in str(error)
    assert "all, any, regex, none" in str(error)


def test_duplicate_issue_name_points_at_the_second() -> None:
    error = error_of(DATA / "duplicate_name.toml")
    assert error.line == 8
    assert "duplicate issue name 'death penalty'" in str(error)


def test_duplicate_alias_across_issues() -> None:
    error = error_of(DATA / "duplicate_alias.toml")
    assert error.line == 7
    assert "alias 'Loan Talks' of issue 'Russian loans'" in str(error)
    assert "'IMF loan talks'" in str(error)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('[[issue]]\nname = "A"\ncolour = "red"\n', 3, "unknown key 'colour'"),
        ('[[issue]]\nsection = "Economy"\n', 1, "has no name"),
        (
            '[[issue]]\nname = "A"\naliases = "x"\n[[issue]]\nname = "x"\n',
            3,
            "alias 'x' of issue 'A' is the name of issue 'x'",
        ),
        ('[[issue]]\nname = "A"\n\n[issue.rules]\nnone = ["b"]\n', 5, "can never match"),
        ('[[issue]]\nname = "A"\n\n[issue.rules]\nregex = ["x*"]\n', 5, "matches the empty"),
        (
            '[[issue]]\nname = "A"\n\n[issue.rules]\nany = ["a"]\nlanguages = ["English"]\n',
            6,
            "not a language code",
        ),
        ('[[issue]]\nname = "A"\n\n[issue.rules]\nany = ["a"]\nfields = ["title"]\n', 6, "'title'"),
        ('[[issue]]\nname = "A"\n\n[issue.rules]\nany = ["--"]\n', 5, "no letters or digits"),
        (
            '[[issue]]\nname = "A"\n\n[issue.rules.ru]\nany = ["a"]\nexclude = ["b"]\n',
            6,
            "unknown rule key 'exclude' in the 'ru' clause",
        ),
        ('[[issue]]\nname = "A"\nslug = "Not A Slug"\n', 3, "use 'not-a-slug'"),
        ('[[issue]]\nname = "A B"\n[[issue]]\nname = "A-B"\nslug = "a-b"\n', 4, "slug 'a-b'"),
        ("issues = 3\n", 1, "must be a list"),
        ("version = 2\n", 1, "unknown top-level key 'version'"),
    ],
)
def test_semantic_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_register(text, path="reg.toml")
    assert info.value.line == line, str(info.value)
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"reg.toml:{line}: ")


def test_yaml_semantic_error_line() -> None:
    text = "issue:\n  - name: A\n    rules:\n      regex: ['(']\n"
    with pytest.raises(InputError) as info:
        parse_register(text, path="reg.yaml", kind="yaml")
    assert info.value.line == 4
    assert "bad regular expression '('" in str(info.value)


def test_file_problems_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such register file"):
        load_register(tmp_path / "missing.toml")
    other = tmp_path / "register.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"must end in \.toml, \.yaml or \.yml"):
        load_register(other)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Belarus’ UN peacekeeping", "belarus-un-peacekeeping"),
        ("Миротворчество ООН", "mirotvorchestvo-oon"),
        ("Беларусь і ўрад: чаго чакаць?", "belarus-i-urad-chago-chakats"),
        ("Zapad-2021 exercise", "zapad-2021-exercise"),
        ("Łódź café", "lodz-cafe"),
        ("!!!", "issue"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slugify_limits_length_at_a_word() -> None:
    slug = slugify(" ".join(["integration"] * 20))
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("integration")


@pytest.mark.parametrize(
    ("headline", "language", "name"),
    [
        (
            "Minsk wants to join UN peacekeeping for political reasons",
            "en",
            "Minsk wants to join UN peacekeeping",
        ),
        (
            "Opinion: Lukashenka tightens control over the internet despite protests",
            "en",
            "Lukashenka tightens control over the internet",
        ),
        (
            "Минск хочет участвовать в миротворческих операциях ООН по политическим причинам",
            "ru",
            "Минск хочет участвовать в миротворческих операциях ООН",
        ),
        (
            "Афіцыйны Мінск рыхтуе міратворцаў для Лівана, але без энтузіязму",
            "be",
            "Афіцыйны Мінск рыхтуе міратворцаў для Лівана",
        ),
        (
            "Belarus and Russia again fail to agree on oil prices and the tax manoeuvre "
            "compensation in 2020",
            "en",
            "Belarus and Russia again fail to agree",
        ),
        ("«Мягкая белорусизация» буксует.", "ru", "Мягкая белорусизация буксует"),
        ("inflation accelerates", None, "Inflation accelerates"),
    ],
)
def test_short_issue_name(headline: str, language: str | None, name: str) -> None:
    assert short_issue_name(headline, language) == name


def test_short_issue_name_never_ends_on_a_function_word_or_punctuation() -> None:
    name = short_issue_name("The government asks the IMF for emergency financing of the", "en")
    assert name == "The government asks the IMF for emergency financing"
    assert short_issue_name("Why?", "en") == "Why"


def test_rules_survive_a_trip_through_a_plain_mapping() -> None:
    for issue in load_register(DATA / "good.toml").issues:
        assert rules_from_mapping(issue.rules.to_mapping()) == issue.rules
    assert rules_from_mapping(None).is_empty()


def test_rules_from_a_bad_mapping_say_where() -> None:
    with pytest.raises(InputError, match=r"^rules of 'Gas': rule 'regex': bad regular"):
        rules_from_mapping({"regex": ["(?i)газ("]}, where="rules of 'Gas'")
