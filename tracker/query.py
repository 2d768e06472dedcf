"""The search query language, across languages; snippets.  No database here.

A query is what users know from web search engines::

    sanctions potash            both words (every word must be there)
    "union state"               the exact phrase (its words next to each other, in this order)
    sanctions -peace            leave out commentaries that mention "peace" (``-peace`` alone:
                                every commentary that does not mention it, newest first)
    sanctions OR embargo        either word (OR in capitals, or |); binds tighter than "and":
                                ``potash sanctions OR embargo`` = potash and (sanctions or embargo)
    peacekeep*                  words beginning so
    (loan OR credit) -IMF       parentheses group; NOT works like -, AND may be written

Every word is matched by its stem (:func:`tracker.lang.term`), so ``sanction``, ``sanctions``
and ``sanctioned`` find the same commentaries, as do ``санкции``, ``санкций``, ``санкциям`` and
Belarusian ``санкцыі``.  :func:`parse_query` turns the text into a tree of :class:`Term`
(a word, a phrase or a prefix, each a set of :class:`Pattern` alternatives), :class:`AnyOf`
(OR) and :class:`AllOf` (AND, with exclusions).  :func:`expand` adds, for each word, the words
of the same concept in the other two languages (the linker's glossary) and the key of a name
spelt in another script (:func:`tracker.lang.name_key`), flagged ``translated`` so that the
hits that only came through them can be marked.  :mod:`tracker.store.search` compiles the tree
for FTS5 and for PostgreSQL; :func:`snippet` marks the matching words of a hit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from tracker.errors import InputError
from tracker.lang import (
    MIN_NAME_KEY,
    alternation_stems,
    name_key,
    name_keys,
    spelling,
    term,
    terms,
    words,
)

Field = Literal["text", "names"]


class QueryError(InputError):
    """A search query that cannot be understood."""


@dataclass(frozen=True)
class Pattern:
    """One way a term can match: index terms in a row (a phrase when several).

    ``prefix``: the last term matches every term that begins with it.  ``field``: ``text``
    (headline, lead, body) or ``names`` (the name keys of capitalised words).  ``translated``:
    added by :func:`expand`, not typed by the user.
    """

    tokens: tuple[str, ...]
    prefix: bool = False
    field: Field = "text"
    translated: bool = False


@dataclass(frozen=True)
class Term:
    """A word, a phrase or a prefix as the user typed it, and the patterns it matches."""

    text: str
    patterns: tuple[Pattern, ...]
    kind: Literal["word", "phrase", "prefix"] = "word"


@dataclass(frozen=True)
class AnyOf:
    """OR: any of the items."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class AllOf:
    """AND: every item, and none of the exclusions."""

    items: tuple[Node, ...]
    exclude: tuple[Node, ...] = ()


Node = Term | AnyOf | AllOf


@dataclass(frozen=True)
class Query:
    """A parsed query: the text as typed and its tree."""

    text: str
    root: AllOf
    expanded: bool = field(default=False)

    def direct(self) -> Query:
        """The query without the patterns that :func:`expand` added."""
        return Query(self.text, _direct(self.root), expanded=False)  # type: ignore[arg-type]

    def patterns(self, *, positive: bool = True) -> list[Pattern]:
        """Every pattern of the terms the query looks for (``positive``) or leaves out."""
        return [p for t in _terms(self.root, positive=positive) for p in t.patterns]


# --------------------------------------------------------------------------- parsing

_QUOTES = {'"': '"', "«": "»", "„": "“", "“": "”", "”": "”"}
_SPECIAL = re.compile(r"""\s+|[()|]|["«„“”]""")
MAX_TERMS = 64
MIN_PREFIX = 2


@dataclass(frozen=True)
class _Token:
    kind: Literal["word", "phrase", "open", "close", "or", "not"]
    text: str
    negated: bool = False


def _tokens(text: str) -> Iterator[_Token]:
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        negated = False
        if char == "-" and position + 1 < len(text) and not text[position + 1].isspace():
            negated = True
            position += 1
            char = text[position]
        if char in _QUOTES:
            end = text.find(_QUOTES[char], position + 1)
            if end < 0 and char == "“":  # „…“ and “…” are both used
                end = text.find("”", position + 1)
            if end < 0:
                raise QueryError(
                    f"unclosed quote in {text!r}", hint='close the phrase: "exact words"'
                )
            yield _Token("phrase", text[position + 1 : end], negated)
            position = end + 1
        elif char in "()":
            yield _Token("open" if char == "(" else "close", char, negated)
            position += 1
        elif char == "|":
            yield _Token("or", char)
            position += 1
        else:
            found = _SPECIAL.search(text, position)
            end = found.start() if found else len(text)
            word = text[position:end]
            if word == "OR" and not negated:
                yield _Token("or", word)
            elif word == "NOT" and not negated:
                yield _Token("not", word)
            elif word != "AND" or negated:
                yield _Token("word", word, negated)
            position = end


class _Parser:
    """Recursive descent over the tokens: ``all := part+``, ``part := [-] any``,
    ``any := unit (OR unit)*``, ``unit := word | "phrase" | ( all )``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = list(_tokens(text))
        self.position = 0
        self.count = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def fail(self, message: str, hint: str) -> QueryError:
        return QueryError(f"{message} in {self.text!r}", hint=hint)

    def parse(self) -> AllOf:
        root = self.all(top=True)
        if self.peek() is not None:
            raise self.fail("unmatched ')'", "open each group with '(' before closing it")
        return root

    def all(self, *, top: bool = False) -> AllOf:
        items: list[Node] = []
        exclude: list[Node] = []
        while (token := self.peek()) is not None and token.kind != "close":
            negated = False
            if token.kind == "not":
                self.take()
                negated = True
                following = self.peek()
                if following is None or following.kind in {"close", "or", "not"}:
                    raise self.fail("NOT needs a word after it", "e.g. 'sanctions NOT peace'")
            node, excluded = self.any()
            if node is None:
                continue
            (exclude if negated or excluded else items).append(node)
        if not top and self.peek() is None:
            raise self.fail("unclosed '('", "close each group with ')'")
        if not items:
            if exclude and top:  # every commentary but those: "-peace"
                return AllOf((), tuple(exclude))
            if exclude:
                raise self.fail(
                    "a group of only words to leave out",
                    "put a word to find in the group, e.g. '(sanctions -peace)'",
                )
            raise self.fail("nothing to search for", "give one or more words, e.g. 'sanctions'")
        return AllOf(tuple(items), tuple(exclude))

    def any(self) -> tuple[Node | None, bool]:
        first, negated = self.unit()
        choices = [first]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            following = self.peek()
            if following is None or following.kind in {"or", "close"}:
                raise self.fail("OR needs a word on each side", "e.g. 'sanctions OR embargo'")
            node, excluded = self.unit()
            if negated or excluded:
                raise self.fail(
                    "an exclusion cannot be one side of OR",
                    "leave the word out with -word outside the OR",
                )
            choices.append(node)
        kept = [c for c in choices if c is not None]
        if len(choices) > 1 and len(kept) < len(choices):
            raise self.fail("OR needs a word on each side", "e.g. 'sanctions OR embargo'")
        if not kept:
            return None, negated
        return (kept[0] if len(kept) == 1 else AnyOf(tuple(kept))), negated

    def unit(self) -> tuple[Node | None, bool]:
        token = self.take()
        if token.kind == "or":
            raise self.fail("OR needs a word on each side", "e.g. 'sanctions OR embargo'")
        if token.kind == "not":
            raise self.fail("NOT needs a word after it", "e.g. 'sanctions NOT peace'")
        if token.kind == "close":
            raise self.fail("unmatched ')'", "open each group with '(' before closing it")
        if token.kind == "open":
            inner = self.all()
            self.take()  # the ")"
            return inner, token.negated
        self.count += 1
        if self.count > MAX_TERMS:
            raise self.fail(f"more than {MAX_TERMS} words", "ask a shorter question")
        if token.kind == "phrase":
            return phrase_term(token.text), token.negated
        return word_term(token.text), token.negated


def parse_query(text: str) -> Query:
    """Parse a query (see the module's doc); a :class:`QueryError` says what is wrong."""
    if not text or not text.strip():
        raise QueryError(
            f"nothing to search for in {text!r}", hint="give one or more words, e.g. 'sanctions'"
        )
    return Query(text, _Parser(text).parse())


def phrase_term(text: str) -> Term | None:
    found = tuple(terms(text))
    if not found:
        return None
    return Term(f'"{text}"', (Pattern(found),), kind="phrase")


def word_term(text: str) -> Term | None:
    """A typed word: one index term, a phrase when it holds several (``anti-war``), a prefix
    when it ends in ``*``."""
    if "*" not in text:
        found = tuple(terms(text))
        if not found:
            return None
        if len(found) > 1:
            return Term(text, (Pattern(found),), kind="phrase")
        # the stems of its forms under Belarusian consonant changes (урад / урадзе)
        others = alternation_stems(words(text)[0])
        return Term(text, tuple(Pattern((t,)) for t in (*found, *others)))
    start = text.rstrip("*")
    if "*" in start:
        raise QueryError(
            f"'*' inside {text!r}",
            hint="'*' may only end a word: peacekeep* finds the words beginning so",
        )
    parts = words(start)
    if not parts or len(spelling(parts[-1])) < MIN_PREFIX:
        raise QueryError(
            f"the prefix {text!r} is too short",
            hint=f"give at least {MIN_PREFIX} letters before '*'",
        )
    head = tuple(term(w) for w in parts[:-1])
    return Term(text, tuple(Pattern(head + p.tokens, p.prefix) for p in prefix_patterns(parts[-1])),
                kind="prefix")  # fmt: skip


@lru_cache(maxsize=10_000)
def prefix_patterns(start: str) -> tuple[Pattern, ...]:
    """The patterns of a word start typed before ``*``, against an index of stems.

    The stem of a word is (nearly always) its beginning, so the stems of the words beginning
    with ``start`` begin with it too: a prefix pattern.  When a stem is shorter than ``start``
    (``санкци*`` and ``санкциям`` → ``санкц``; ``army*`` and ``army`` → ``armi``) the word's
    stem is one of ``start``'s own shorter beginnings or its stem: exact patterns for those.
    """
    spelt = spelling(start)
    found = [Pattern((spelt,), prefix=True)]
    own = term(start)
    candidates = [own] + [spelt[:k] for k in range(len(spelt) - 1, max(3, len(spelt) - 3), -1)]
    for candidate in candidates:
        if candidate and not candidate.startswith(spelt):
            pattern = Pattern((candidate,))
            if pattern not in found:
                found.append(pattern)
    return tuple(found)


def _terms(node: Node, *, positive: bool = True) -> Iterator[Term]:
    """The terms of a tree that it looks for (``positive``) or that it leaves out."""
    if isinstance(node, Term):
        if positive:
            yield node
    elif isinstance(node, AnyOf):
        for item in node.items:
            yield from _terms(item, positive=positive)
    else:
        for item in node.items:
            yield from _terms(item, positive=positive)
        for item in node.exclude:
            yield from _terms(item, positive=not positive)


def _direct(node: Node) -> Node:
    if isinstance(node, Term):
        return replace(node, patterns=tuple(p for p in node.patterns if not p.translated))
    if isinstance(node, AnyOf):
        return AnyOf(tuple(_direct(i) for i in node.items))
    return AllOf(tuple(_direct(i) for i in node.items), tuple(_direct(i) for i in node.exclude))


# --------------------------------------------------------------------------- other languages


@lru_cache(maxsize=1)
def _concept_patterns() -> dict[str, tuple[Pattern, ...]]:
    """Each glossary concept's words in the three languages, as patterns over the index."""
    from tracker.link import glossary

    by_concept: dict[int, list[Pattern]] = {}
    for entry, concept, is_prefix in glossary.concept_entries():
        parts = [p for p in re.split(r"[-.]", entry) if p]
        if not parts:
            continue
        head = tuple(term(p) for p in parts[:-1])
        if is_prefix:
            tails = [(spelling(parts[-1]), True)]
            own = term(parts[-1])
            if not own.startswith(tails[0][0]):
                tails.append((own, False))
        else:
            tails = [(term(parts[-1]), False)]
        patterns = by_concept.setdefault(concept, [])
        for tail, prefix in tails:
            pattern = Pattern((*head, tail), prefix=prefix, translated=True)
            if pattern not in patterns:
                patterns.append(pattern)
    return {glossary.CONCEPTS[k]: tuple(v) for k, v in by_concept.items()}


def translations(term_: Term) -> tuple[Pattern, ...]:
    """The patterns of a typed word in the other languages: its glossary concepts' words and,
    for a name, its key across scripts."""
    if term_.kind != "word":
        return ()
    from tracker.link.glossary import concept_names

    table = _concept_patterns()
    found: list[Pattern] = []
    for concept in concept_names(term_.text):
        found += table.get(concept, ())
    key = name_key(term_.text)
    if len(key) >= MIN_NAME_KEY and re.fullmatch(r"[^\W\d_]+", term_.text):
        found.append(Pattern((key,), field="names", translated=True))
    own = {(p.tokens, p.prefix, p.field) for p in term_.patterns}
    return tuple(p for p in dict.fromkeys(found) if (p.tokens, p.prefix, p.field) not in own)


def _expand(node: Node) -> Node:
    if isinstance(node, Term):
        return replace(node, patterns=node.patterns + translations(node))
    if isinstance(node, AnyOf):
        return AnyOf(tuple(_expand(i) for i in node.items))
    return AllOf(tuple(_expand(i) for i in node.items), tuple(_expand(i) for i in node.exclude))


def expand(query: Query) -> Query:
    """The query with every word also sought in the other languages (see :func:`translations`)."""
    return Query(query.text, _expand(query.root), expanded=True)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- snippets

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


@lru_cache(maxsize=200_000)
def _word_term(word: str) -> str:
    """The index term of a word as it stands in a text (any case)."""
    found = words(word)
    return term(found[0]) if found else ""


@lru_cache(maxsize=50_000)
def _word_key(word: str) -> str:
    """The name key of a capitalised word as it stands in a text, else ''."""
    return next(iter(name_keys(word)), "") if word[:1].isupper() else ""


def _matches(patterns: list[Pattern], tokens: list[str], keys: list[str]) -> set[int]:
    """Positions of ``tokens`` (index terms) covered by a pattern; names by ``keys``."""
    exact = {
        p.tokens[0] for p in patterns if len(p.tokens) == 1 and not p.prefix and p.field == "text"
    }
    starts = tuple(p.tokens[0] for p in patterns if len(p.tokens) == 1 and p.prefix)
    names = {p.tokens[0] for p in patterns if p.field == "names"}
    hit = {
        k
        for k, token in enumerate(tokens)
        if token and (token in exact or (starts and token.startswith(starts)) or keys[k] in names)
    }
    for pattern in patterns:
        size = len(pattern.tokens)
        if size == 1:
            continue
        for start in range(len(tokens) - size + 1):
            ok = all(
                tokens[start + k] == want
                or (pattern.prefix and k == size - 1 and tokens[start + k].startswith(want))
                for k, want in enumerate(pattern.tokens)
            )
            if ok:
                hit.update(range(start, start + size))
    return hit


def snippet(query: Query, text: str, *, width: int = 24, mark: tuple[str, str] = ("[", "]")) -> str:
    """A window of about ``width`` words of ``text`` around the most matches, the matching
    words marked (``[word]``); the text's opening when nothing in it matches."""
    spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if not spans:
        return ""
    tokens = [_word_term(w) for _, _, w in spans]
    keys = [_word_key(w) for _, _, w in spans]
    hit = _matches(query.patterns(), tokens, keys)
    start = 0
    if hit:
        # the window of ``width`` words holding the most matches (the first such)
        flags = [1 if k in hit else 0 for k in range(len(spans))]
        count = best = sum(flags[:width])
        for first in range(1, max(1, len(spans) - width + 1)):
            count += flags[first + width - 1] - flags[first - 1]
            if count > best:
                best, start = count, first
        first_hit = min(k for k in hit if k >= start)
        start = max(0, min(first_hit - width // 4, len(spans) - width))
    end = min(len(spans), start + width)
    out = ["…" if start > 0 else ""]
    cursor = spans[start][0]
    for k in range(start, end):
        a, b, _ = spans[k]
        out.append(text[cursor:a])
        out.append(f"{mark[0]}{text[a:b]}{mark[1]}" if k in hit else text[a:b])
        cursor = b
    if end < len(spans):
        out.append("…")
    return " ".join("".join(out).split())
