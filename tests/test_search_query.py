"""The search query language (no database): what a query means, and what cannot be read."""

from __future__ import annotations

import pytest

from tracker.query import (
    AllOf,
    AnyOf,
    Pattern,
    QueryError,
    Term,
    expand,
    parse_query,
    snippet,
)


def _texts(node: object) -> object:
    """A query tree as nested tuples of typed texts: ("all", [...], [...]) / ("any", [...])."""
    if isinstance(node, Term):
        return node.text
    if isinstance(node, AnyOf):
        return ("any", [_texts(i) for i in node.items])
    assert isinstance(node, AllOf)
    return ("all", [_texts(i) for i in node.items], [_texts(i) for i in node.exclude])


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("sanctions potash", ("all", ["sanctions", "potash"], [])),
        ('"union state" potash', ("all", ['"union state"', "potash"], [])),
        ("sanctions -peace", ("all", ["sanctions"], ["peace"])),
        ("-peace sanctions", ("all", ["sanctions"], ["peace"])),
        ("sanctions NOT peace", ("all", ["sanctions"], ["peace"])),
        ("sanctions AND potash", ("all", ["sanctions", "potash"], [])),
        ("-peace", ("all", [], ["peace"])),
        ("potash sanctions OR embargo", ("all", ["potash", ("any", ["sanctions", "embargo"])], [])),
        ("sanctions | embargo", ("all", [("any", ["sanctions", "embargo"])], [])),
        ("(loan OR credit) -IMF", ("all", [("all", [("any", ["loan", "credit"])], [])], ["IMF"])),
        ('sanctions -"union state"', ("all", ["sanctions"], ['"union state"'])),
        ("«союзное государство»", ("all", ['"союзное государство"'], [])),
        ("sanctions or embargo", ("all", ["sanctions", "or", "embargo"], [])),
        ("peacekeep* миротвор*", ("all", ["peacekeep*", "миротвор*"], [])),
    ],
)
def test_query_trees(query: str, tree: object) -> None:
    assert _texts(parse_query(query).root) == tree


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "nothing to search for"),
        ("   ", "nothing to search for"),
        ("!!! …", "nothing to search for"),
        ('"union state', "unclosed quote"),
        ("sanctions OR", "OR needs a word on each side"),
        ("OR sanctions", "OR needs a word on each side"),
        ("sanctions OR OR embargo", "OR needs a word on each side"),
        ("sanctions OR -peace", "an exclusion cannot be one side of OR"),
        ("(sanctions potash", "unclosed '('"),
        ("sanctions potash)", "unmatched ')'"),
        ("sanc*tions", "'*' inside"),
        ("s*", "too short"),
        ("sanctions NOT", "NOT needs a word after it"),
        ("potash (-peace)", "a group of only words to leave out"),
        (" ".join(f"w{n}" for n in range(65)), "more than 64 words"),
    ],
)
def test_queries_that_cannot_be_understood_say_why_in_one_line(query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    text = str(caught.value)
    assert message in text
    assert "\n" not in text
    assert repr(query) in text or "'*' inside" in message or "too short" in message


def test_words_become_stems_phrases_and_prefixes() -> None:
    (word,) = parse_query("Sanctioned").root.items
    assert isinstance(word, Term) and word.patterns == (Pattern(("sanction",)),)
    (phrase,) = parse_query("anti-war").root.items
    assert isinstance(phrase, Term) and phrase.patterns == (Pattern(("anti", "war")),)
    (prefix,) = parse_query("санкци*").root.items
    assert isinstance(prefix, Term)
    # words beginning "санкци" have the stem "санкц": the prefix or its shorter beginnings
    assert Pattern(("санкци",), prefix=True) in prefix.patterns
    assert Pattern(("санкц",)) in prefix.patterns
    (be,) = parse_query("санкцыі*").root.items
    assert isinstance(be, Term) and Pattern(("санкции",), prefix=True) in be.patterns


def test_any_language_adds_the_other_languages_flagged_as_translations() -> None:
    query = expand(parse_query("sanctions -war"))
    found = query.patterns()
    assert Pattern(("sanction",)) in found
    assert Pattern(("санкц",), prefix=True, translated=True) in found
    assert all(p.translated for p in found if p.tokens != ("sanction",))
    # exclusions reach the other languages too
    assert any(p.translated for p in query.patterns(positive=False))
    assert query.direct().patterns() == [Pattern(("sanction",))]
    names = expand(parse_query("Lukashenka")).patterns()
    assert Pattern(("lksnk",), field="names", translated=True) in names
    assert Pattern(("лукашенк",), prefix=True, translated=True) in names


def test_snippets_mark_every_form_and_phrases_only_where_whole() -> None:
    query = parse_query('sanctions "union state"')
    text = (
        "The state of the union was calm. New sanctions were sanctioned today; "
        "the Union State programme waits."
    )
    assert snippet(query, text) == (
        "The state of the union was calm. New [sanctions] were [sanctioned] today; "
        "the [Union] [State] programme waits"
    )
    cyrillic = expand(parse_query("sanctions"))
    assert "[санкцыямі]" in snippet(cyrillic, "Размова пра санкцыямі і іншае")
    long_text = " ".join(["word"] * 100 + ["sanctions"] + ["word"] * 100)
    cut = snippet(parse_query("sanctions"), long_text, width=10)
    assert cut.startswith("…") and cut.endswith("…") and "[sanctions]" in cut
