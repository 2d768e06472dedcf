"""The issue register: a TOML or YAML file of named issues that the analyst keeps under
version control, and the rule language that links commentaries to them.

A register holds ``[[issue]]`` tables (TOML) or a list under ``issue:``/``issues:`` (YAML)::

    [[issue]]
    name = "Belarus UN peacekeeping"
    slug = "belarus-un-peacekeeping"          # optional; derived from the name
    section = "Security issues"               # optional home section
    description = "Minsk's bid to send troops to UN missions."
    aliases = ["UN peacekeeping", "Belarusian peacekeepers"]

    [issue.rules]
    all = ["peacekeep*"]                      # every term must occur
    any = ["UN", "ООН", "ААН"]                # at least one term must occur
    regex = ['(?i)миротвор\\w*']              # or: one regular expression matches
    none = ["Russian peacekeepers"]           # vetoes: no match if any occurs
    languages = ["en", "ru", "be"]            # optional: rules apply only to these
    fields = ["headline", "lead"]             # optional: where to look (default)

    [issue.rules.ru]                          # optional clause for one language
    any = ["миротворч*"]

The rule language
-----------------

A *clause* is the keys ``all``, ``any``, ``regex`` and ``none``.  A clause matches a text
when **(its terms hold, or one of its regexes matches) and none of its vetoes occurs**:

* the terms hold when the clause has ``all`` or ``any`` terms, every ``all`` term occurs and,
  if there are ``any`` terms, at least one of them occurs;
* ``regex`` entries are Python regular expressions searched anywhere in the text (add
  ``(?i)`` for case-insensitivity); one match is enough;
* ``none`` entries are terms (or, written as ``re:PATTERN``, regular expressions); any one
  that occurs vetoes the clause.

A *term* is a word or a phrase, matched on word boundaries and case-insensitively (``ё`` and
``е`` are the same letter).  ``*`` stands for any run of letters, so ``peacekeep*`` matches
"peacekeeping" and "peacekeepers" and ``миротвор*`` every form of "миротворец".  Spaces
in a phrase match any run of spaces.  A term written entirely in capitals of two letters or
more (``UN``, ``ООН``, ``EU``) is an acronym and matches case-sensitively, so ``UN`` does
not match "un".

The top-level clause applies to every language; a sub-table named by a language code
(``[issue.rules.ru]``) adds a clause tried for commentaries in that language.  An issue's
rules match a commentary when any clause that applies to it matches.  ``languages``
restricts all of the issue's rules to the languages listed; ``fields`` chooses where to look
(``headline``, ``lead``, ``body``; the default is the headline and the lead, because a body
mentions neighbouring topics too often).

Aliases are other names of the issue.  A commentary whose headline contains an alias (as a
phrase, case-insensitively) links to that issue.  An alias may belong to one issue only.

Errors name the file, the line, the rule and why: a TOML or YAML syntax error, an unknown
key, a bad regular expression, a rule that can never match, a duplicate issue name or slug,
an alias claimed by two issues.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError, InputError

__all__ = [
    "FIELDS",
    "Clause",
    "Register",
    "RegisterIssue",
    "Rules",
    "dump_register",
    "load_register",
    "normalise",
    "parse_register",
    "rules_from_mapping",
    "short_issue_name",
    "slugify",
    "transliterate",
]

FIELDS = ("headline", "lead", "body")
DEFAULT_FIELDS = ("headline", "lead")
_CLAUSE_KEYS = ("all", "any", "regex", "none")
_RULE_KEYS = (*_CLAUSE_KEYS, "languages", "fields")
_ISSUE_KEYS = ("name", "slug", "section", "description", "aliases", "rules")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

# --------------------------------------------------------------------------- text helpers

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe",
}  # fmt: skip
_TRANSLIT_TABLE = str.maketrans(_TRANSLIT)


def normalise(text: str) -> str:
    """Case-fold, unify ``ё``/``е`` and typographic apostrophes, collapse spaces."""
    text = text.casefold().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return " ".join(text.split())


def transliterate(text: str) -> str:
    """Russian and Belarusian Cyrillic to plain Latin (lower case); accents dropped."""
    text = text.casefold().translate(_TRANSLIT_TABLE)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(name: str) -> str:
    """A URL-safe identifier: Cyrillic transliterated, lower case, words joined by hyphens.

    >>> slugify("Belarus’ UN peacekeeping")
    'belarus-un-peacekeeping'
    >>> slugify("Миротворчество ООН")
    'mirotvorchestvo-oon'
    """
    text = transliterate(name.replace("’", "").replace("'", "").replace("ʼ", ""))
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > 80:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "issue"


_CUT_WORDS = {
    "en": {
        "because", "despite", "amid", "while", "but", "although", "though", "whereas",
        "unless", "yet", "however",
    },
    "ru": {
        "ради", "из-за", "несмотря", "поскольку", "чтобы", "но", "хотя", "однако", "потому",
        "ввиду", "зато", "пока",
    },
    "be": {
        "дзеля", "з-за", "нягледзячы", "паколькі", "каб", "але", "хоць", "аднак", "таму",
        "бо", "пакуль",
    },
}  # fmt: skip
# "… for political reasons", "… по политическим причинам": a trailing purpose phrase.
_REASON_TAIL = re.compile(
    r"\s+(?:for|out of|по|из|па|з)\s+(?:\w+\s+){0,2}"
    r"(?:reasons?|motives?|purposes?|sake|причинам|соображениям|мотивам|прычынах|прычын\w*)$",
    re.IGNORECASE,
)
_TRAILING_STOP = {
    "the", "a", "an", "of", "to", "in", "on", "at", "and", "or", "with", "by", "from",
    "its", "their", "his", "her", "is", "are", "be", "into", "over", "about",
    "в", "во", "и", "на", "с", "со", "к", "по", "о", "об", "от", "для", "за", "из", "у",
    "не", "ни", "а", "і", "ў", "ці", "ад", "да", "пра", "што", "как", "як",
}  # fmt: skip
_MAX_NAME_WORDS = 8


def short_issue_name(headline: str, language: str | None = None) -> str:
    """A short readable issue name derived from a headline, for a provisional issue.

    Drops a rubric prefix ("Analysis: …"), quotes, and a trailing subordinate clause
    ("… for political reasons", "… несмотря на санкции"), keeps at most eight words, never
    ends on a function word or punctuation, and capitalises the first letter.

    >>> short_issue_name("Minsk wants to join UN peacekeeping for political reasons", "en")
    'Minsk wants to join UN peacekeeping'
    """
    text = " ".join(headline.replace("«", " ").replace("»", " ").split())
    text = text.strip("\"'“”„ ")
    # A short rubric before a colon ("Opinion: …", "Belarus – Russia: …") is boilerplate
    # when what follows is the real headline.
    head, sep, tail = text.partition(": ")
    if sep and len(head.split()) <= 3 and len(tail.split()) >= 3:
        text = tail
    text = _REASON_TAIL.sub("", text.rstrip(" .!?…"))
    words = text.split()
    cut = set().union(*_CUT_WORDS.values()) if language not in _CUT_WORDS else None
    cut_words = cut if cut is not None else _CUT_WORDS[language or "en"]
    kept: list[str] = []
    for index, word in enumerate(words):
        bare = word.strip(",;:.!?()\"'“”").casefold()
        # Cut before a subordinate clause, but only once enough words are kept.
        if index >= 3 and bare in cut_words:
            break
        kept.append(word)
        if word.endswith((",", ";", "—")) and len(kept) >= 4:
            break
        if len(kept) >= _MAX_NAME_WORDS:
            break
    while len(kept) > 1 and kept[-1].strip(",;:.!?—–-\"'").casefold() in _TRAILING_STOP:
        kept.pop()
    name = " ".join(kept).rstrip(",;:.!?…—–- \"'")
    name = name.strip() or " ".join(words[:_MAX_NAME_WORDS]).rstrip(",;:.!?… ")
    return name[:1].upper() + name[1:] if name else "Untitled issue"


# --------------------------------------------------------------------------- rules


def _is_acronym(term: str) -> bool:
    letters = [ch for ch in term if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and "*" not in term


def term_pattern(term: str) -> re.Pattern[str]:
    """Compile one rule term (word, phrase, ``*`` wildcard) to a regular expression."""
    acronym = _is_acronym(term)
    source = term if acronym else normalise(term)
    parts = []
    for word in source.split():
        pieces = [re.escape(piece) for piece in word.split("*")]
        parts.append(r"\w*".join(pieces))
    body = r"\s+".join(parts)
    pattern = rf"(?<!\w){body}(?!\w)"
    return re.compile(pattern) if acronym else re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    """One clause of rules: ``all`` and ``any`` terms, ``regex`` alternatives, ``none`` vetoes."""

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    none: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.all or self.any or self.regex or self.none)

    @cached_property
    def _compiled(
        self,
    ) -> tuple[
        list[re.Pattern[str]], list[re.Pattern[str]], list[re.Pattern[str]], list[re.Pattern[str]]
    ]:
        vetoes = [
            re.compile(term[3:]) if term.startswith("re:") else term_pattern(term)
            for term in self.none
        ]
        return (
            [term_pattern(t) for t in self.all],
            [term_pattern(t) for t in self.any],
            [re.compile(r) for r in self.regex],
            vetoes,
        )

    def matches(self, raw: str, folded: str) -> bool:
        """Whether the clause matches; ``raw`` keeps case (acronyms, regexes), ``folded`` not."""
        all_terms, any_terms, regexes, vetoes = self._compiled

        def found(pattern: re.Pattern[str]) -> bool:
            return pattern.search(raw) is not None or pattern.search(folded) is not None

        terms_ok = bool(all_terms or any_terms) and all(found(p) for p in all_terms)
        if terms_ok and any_terms:
            terms_ok = any(found(p) for p in any_terms)
        if not terms_ok and not any(p.search(raw) for p in regexes):
            return False
        return not any(found(p) for p in vetoes)


@dataclass(frozen=True)
class Rules:
    """An issue's match rules: a clause for every language, clauses per language, scope."""

    clause: Clause = field(default_factory=Clause)
    by_language: Mapping[str, Clause] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    fields: tuple[str, ...] = DEFAULT_FIELDS

    def is_empty(self) -> bool:
        return self.clause.is_empty() and all(c.is_empty() for c in self.by_language.values())

    def matches(
        self,
        texts: Mapping[str, str | None],
        language: str | None,
    ) -> bool:
        """Whether the rules match a commentary whose parts are ``texts`` (field -> text)."""
        if self.languages and (language or "") not in self.languages:
            return False
        raw = "\n".join(texts.get(name) or "" for name in self.fields)
        folded = normalise(raw)
        clauses = [self.clause]
        if language and language in self.by_language:
            clauses.append(self.by_language[language])
        return any(not c.is_empty() and c.matches(raw, folded) for c in clauses)

    def to_mapping(self) -> dict[str, Any]:
        """The rules as the plain mapping written in a register file."""
        out: dict[str, Any] = _clause_mapping(self.clause)
        if self.languages:
            out["languages"] = list(self.languages)
        if tuple(self.fields) != DEFAULT_FIELDS:
            out["fields"] = list(self.fields)
        for language in sorted(self.by_language):
            out[language] = _clause_mapping(self.by_language[language])
        return out


def _clause_mapping(clause: Clause) -> dict[str, Any]:
    return {key: list(getattr(clause, key)) for key in _CLAUSE_KEYS if getattr(clause, key)}


@dataclass
class RegisterIssue:
    """One issue of the register."""

    name: str
    slug: str
    section: str | None = None
    description: str | None = None
    aliases: list[str] = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)


@dataclass
class Register:
    """The issues of a register file, in file order."""

    issues: list[RegisterIssue] = field(default_factory=list)

    def get(self, name: str) -> RegisterIssue | None:
        """The issue whose name, slug or alias is ``name`` (case-insensitively), or None."""
        key = normalise(name)
        for issue in self.issues:
            keys = {normalise(issue.name), issue.slug, *(normalise(a) for a in issue.aliases)}
            if key in keys:
                return issue
        return None


# --------------------------------------------------------------------------- loading


class _Locator:
    """Finds the line of an issue (its ``name`` line) and of a value inside it."""

    def __init__(self, text: str, path: str | None) -> None:
        self.lines = text.splitlines()
        self.path = path

    def issue_line(self, index: int, name: str | None) -> int | None:
        if name:
            # TOML `name = "X"` / YAML `name: X` or `- name: "X"`
            pattern = re.compile(r"""^\s*(?:-\s*)?name\s*[=:]\s*["']?""" + re.escape(name))
            for number, line in enumerate(self.lines, start=1):
                if pattern.search(line):
                    return number
        # Fall back to the index-th issue header.
        headers = [
            n
            for n, line in enumerate(self.lines, start=1)
            if re.match(r"^\s*\[\[\s*issues?\s*\]\]", line) or re.match(r"^\s*-\s*name\s*:", line)
        ]
        return headers[index] if index < len(headers) else None

    def value_line(self, start: int | None, *needles: str) -> int | None:
        begin = (start or 1) - 1
        for needle in needles:
            if not needle:
                continue
            for number in range(begin, len(self.lines)):
                if needle in self.lines[number]:
                    return number + 1
        return start

    def error(self, message: str, line: int | None, hint: str | None = None) -> InputError:
        return InputError(message, path=self.path, line=line, hint=hint)


def rules_from_mapping(raw: Mapping[str, Any] | None, *, where: str = "stored rules") -> Rules:
    """Rules from the plain mapping of :meth:`Rules.to_mapping` (as the database stores them).

    The mapping is checked as in a register file; a bad one raises :class:`InputError` whose
    message starts with ``where``.  None or an empty mapping gives empty rules.
    """
    return _read_rules(dict(raw) if raw else None, where, _Locator("", None), None)


def load_register(path: Path) -> Register:
    """Read a register file (``.toml``, ``.yaml`` or ``.yml``).

    Raises :class:`ConfigError` when the file cannot be read or has another extension and
    :class:`InputError` (with the file and line) when its content is wrong.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".toml", ".yaml", ".yml"}:
        raise ConfigError(
            f"{path}: a register file must end in .toml, .yaml or .yml",
            hint="rename it or convert it",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such register file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the register file ({exc})") from None
    return parse_register(text, path=str(path), kind="toml" if suffix == ".toml" else "yaml")


def parse_register(text: str, *, path: str = "<register>", kind: str = "toml") -> Register:
    """Parse register text (``kind`` is ``"toml"`` or ``"yaml"``); see :func:`load_register`."""
    data = _parse_toml(text, path) if kind == "toml" else _parse_yaml(text, path)
    locator = _Locator(text, path)
    if not isinstance(data, dict):
        raise locator.error("the register must be a table with a list of issues", 1)
    unknown = sorted(set(data) - {"issue", "issues"})
    if unknown:
        line = locator.value_line(1, f"{unknown[0]}")
        raise locator.error(
            f"unknown top-level key {unknown[0]!r}", line, hint="use [[issue]] tables"
        )
    raw_issues = data.get("issue", data.get("issues", []))
    if not isinstance(raw_issues, list):
        raise locator.error("'issue' must be a list of issues ([[issue]] tables)", 1)
    issues = [_read_issue(raw, index, locator) for index, raw in enumerate(raw_issues)]
    _check_unique(issues, locator)
    return Register(issues)


def _parse_toml(text: str, path: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise InputError(
            f"TOML syntax error: {reason}", path=path, line=line, hint="fix the register file"
        ) from None


def _parse_yaml(text: str, path: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            f"YAML syntax error: {exc.problem}", path=path, line=line, hint="fix the register file"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML syntax error: {exc}", path=path) from None


def _strings(
    value: Any, what: str, locator: _Locator, line: int | None, *, allow_one: bool = True
) -> tuple[str, ...]:
    if isinstance(value, str) and allow_one:
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise locator.error(f"{what} must be a list of strings, not {value!r}", line)
    cleaned = tuple(" ".join(v.split()) for v in value)
    if any(not v for v in cleaned):
        raise locator.error(f"{what} contains an empty string", line)
    return cleaned


def _read_issue(raw: Any, index: int, locator: _Locator) -> RegisterIssue:
    name_value = raw.get("name") if isinstance(raw, dict) else None
    line = locator.issue_line(index, name_value if isinstance(name_value, str) else None)
    where = f"issue #{index + 1}" + (f" ({name_value!r})" if isinstance(name_value, str) else "")
    if not isinstance(raw, dict):
        raise locator.error(f"{where} must be a table", line)
    unknown = sorted(set(raw) - set(_ISSUE_KEYS))
    if unknown:
        raise locator.error(
            f"{where}: unknown key {unknown[0]!r}",
            locator.value_line(line, f"{unknown[0]} ", f"{unknown[0]}="),
            hint=f"the keys are {', '.join(_ISSUE_KEYS)}",
        )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise locator.error(f"{where} has no name", line, hint='add name = "…"')
    name = " ".join(name.split())
    texts: dict[str, str | None] = {}
    for key in ("slug", "section", "description"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise locator.error(
                f"{where}: {key} must be a string, not {value!r}",
                locator.value_line(line, f"{key}"),
            )
        texts[key] = value
    slug = texts["slug"] or slugify(name)
    if slugify(slug) != slug:
        raise locator.error(
            f"{where}: slug {slug!r} is not lower-case letters, digits and hyphens",
            locator.value_line(line, "slug"),
            hint=f"use {slugify(slug)!r}",
        )
    section = " ".join(texts["section"].split()) if texts["section"] else None
    description = texts["description"].strip() if texts["description"] else None
    aliases = list(
        _strings(
            raw.get("aliases", []),
            f"{where}: aliases",
            locator,
            locator.value_line(line, "aliases"),
        )
    )
    rules = _read_rules(raw.get("rules"), where, locator, line)
    return RegisterIssue(name, slug, section, description, aliases, rules)


def _read_clause(raw: Mapping[str, Any], where: str, locator: _Locator, line: int | None) -> Clause:
    values: dict[str, tuple[str, ...]] = {}
    for key in _CLAUSE_KEYS:
        if key in raw:
            key_line = locator.value_line(line, f"{key} =", f"{key}:", key)
            values[key] = _strings(raw[key], f"{where}: rule {key!r}", locator, key_line)
    for pattern in values.get("regex", ()):
        _compile_checked(pattern, f"{where}: rule 'regex'", locator, line)
    for veto in values.get("none", ()):
        if veto.startswith("re:"):
            _compile_checked(veto[3:], f"{where}: rule 'none'", locator, line, shown=veto)
    for key in ("all", "any", "none"):
        for term in values.get(key, ()):
            if not term.startswith("re:") and not re.search(r"\w", term):
                raise locator.error(
                    f"{where}: rule {key!r} term {term!r} has no letters or digits, "
                    "so it can never match",
                    locator.value_line(line, term),
                )
    clause = Clause(**values)
    if (values.get("none") or ()) and not (clause.all or clause.any or clause.regex):
        raise locator.error(
            f"{where}: rules with only 'none' vetoes can never match",
            locator.value_line(line, "none"),
            hint="add 'all', 'any' or 'regex'",
        )
    return clause


def _compile_checked(
    pattern: str, what: str, locator: _Locator, line: int | None, *, shown: str | None = None
) -> None:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise locator.error(
            f"{what}: bad regular expression {pattern!r}: {exc.msg}"
            + (f" at position {exc.pos}" if exc.pos is not None else ""),
            locator.value_line(line, shown or pattern, pattern.replace("\\", "\\\\")),
        ) from None
    if compiled.search(""):
        raise locator.error(
            f"{what}: regular expression {pattern!r} matches the empty text, so it matches "
            "every commentary",
            locator.value_line(line, shown or pattern, pattern.replace("\\", "\\\\")),
        )


def _read_rules(raw: Any, where: str, locator: _Locator, line: int | None) -> Rules:
    if raw is None:
        return Rules()
    rules_line = locator.value_line(line, "rules")
    if not isinstance(raw, dict):
        raise locator.error(f"{where}: rules must be a table", rules_line)
    by_language: dict[str, Clause] = {}
    for key, value in raw.items():
        if key in _RULE_KEYS:
            continue
        if isinstance(value, dict) and _LANGUAGE.match(key):
            unknown = sorted(set(value) - set(_CLAUSE_KEYS))
            if unknown:
                raise locator.error(
                    f"{where}: unknown rule key {unknown[0]!r} in the {key!r} clause",
                    locator.value_line(rules_line, unknown[0]),
                    hint=f"the keys are {', '.join(_CLAUSE_KEYS)}",
                )
            by_language[key] = _read_clause(
                value, f"{where} [{key}]", locator, locator.value_line(rules_line, f".{key}]")
            )
            continue
        raise locator.error(
            f"{where}: unknown rule key {key!r}",
            locator.value_line(rules_line, f"{key} =", f"{key}:", key),
            hint=f"the keys are {', '.join(_RULE_KEYS)} or a language code with a clause",
        )
    clause = _read_clause(raw, where, locator, rules_line)
    languages = _strings(
        raw.get("languages", []),
        f"{where}: rule 'languages'",
        locator,
        locator.value_line(rules_line, "languages"),
    )
    bad = [lang for lang in languages if not _LANGUAGE.match(lang)]
    if bad:
        raise locator.error(
            f"{where}: rule 'languages' has {bad[0]!r}, which is not a language code like 'en'",
            locator.value_line(rules_line, "languages"),
        )
    fields_ = _strings(
        raw.get("fields", list(DEFAULT_FIELDS)),
        f"{where}: rule 'fields'",
        locator,
        locator.value_line(rules_line, "fields"),
    )
    bad = [f for f in fields_ if f not in FIELDS]
    if bad:
        raise locator.error(
            f"{where}: rule 'fields' has {bad[0]!r}; the fields are {', '.join(FIELDS)}",
            locator.value_line(rules_line, "fields"),
        )
    return Rules(clause, by_language, languages, fields_)


def _check_unique(issues: Sequence[RegisterIssue], locator: _Locator) -> None:
    names: dict[str, RegisterIssue] = {}
    slugs: dict[str, RegisterIssue] = {}
    claimed: dict[str, RegisterIssue] = {}
    for index, issue in enumerate(issues):
        line = locator.issue_line(index, issue.name)
        key = normalise(issue.name)
        if key in names:
            raise locator.error(
                f"duplicate issue name {issue.name!r}",
                _nth_line(locator, issue.name, 2) or line,
                hint="each issue needs its own name",
            )
        names[key] = issue
        if issue.slug in slugs:
            raise locator.error(
                f"issue {issue.name!r} has the slug {issue.slug!r} of issue "
                f"{slugs[issue.slug].name!r}",
                line,
                hint="set a different slug",
            )
        slugs[issue.slug] = issue
    for index, issue in enumerate(issues):
        line = locator.issue_line(index, issue.name)
        for alias in issue.aliases:
            akey = normalise(alias)
            owner = claimed.get(akey)
            other = names.get(akey)
            if owner is not None and owner is not issue:
                raise locator.error(
                    f"alias {alias!r} of issue {issue.name!r} is already an alias of issue "
                    f"{owner.name!r}",
                    locator.value_line(line, alias),
                    hint="an alias may belong to one issue only",
                )
            if other is not None and other is not issue:
                raise locator.error(
                    f"alias {alias!r} of issue {issue.name!r} is the name of issue {other.name!r}",
                    locator.value_line(line, alias),
                    hint="an alias may belong to one issue only",
                )
            claimed[akey] = issue


def _nth_line(locator: _Locator, name: str, nth: int) -> int | None:
    pattern = re.compile(r"""^\s*(?:-\s*)?name\s*[=:]\s*["']?""" + re.escape(name))
    seen = 0
    for number, line in enumerate(locator.lines, start=1):
        if pattern.search(line):
            seen += 1
            if seen == nth:
                return number
    return None


# --------------------------------------------------------------------------- dumping


def _toml_string(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes (\" \\ \n \uXXXX).
    return json.dumps(value, ensure_ascii=False)


def _toml_array(values: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def dump_register(register: Register) -> str:
    """The register as TOML text that :func:`load_register` reads back unchanged."""
    out: list[str] = []
    for issue in register.issues:
        if out:
            out.append("")
        out.append("[[issue]]")
        out.append(f"name = {_toml_string(issue.name)}")
        out.append(f"slug = {_toml_string(issue.slug)}")
        if issue.section:
            out.append(f"section = {_toml_string(issue.section)}")
        if issue.description:
            out.append(f"description = {_toml_string(issue.description)}")
        if issue.aliases:
            out.append(f"aliases = {_toml_array(issue.aliases)}")
        rules = issue.rules.to_mapping()
        plain = {k: v for k, v in rules.items() if not isinstance(v, dict)}
        nested = {k: v for k, v in rules.items() if isinstance(v, dict)}
        if plain:
            out.append("")
            out.append("[issue.rules]")
            for key, values in plain.items():
                out.append(f"{key} = {_toml_array(values)}")
        for language, clause in nested.items():
            out.append("")
            out.append(f"[issue.rules.{language}]")
            for key, values in clause.items():
                out.append(f"{key} = {_toml_array(values)}")
    return "\n".join(out) + "\n"
