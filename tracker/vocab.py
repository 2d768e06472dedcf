"""The status vocabulary: verdict phrases in English, Russian and Belarusian -> statuses.

A bulletin states its verdict as a line of text ("The situation has not changed",
"Ситуация ухудшилась", "Сітуацыя палепшылася").  :class:`Vocabulary` maps such phrases to a
status name, with scores (+1/0/−1) and colours for charts.  Matching ignores case, spacing,
punctuation, quotes and apostrophes, ``ё``/``е`` and Latin look-alike letters typed inside
Cyrillic words.  It never guesses: a phrase it does not know is ``None`` from :meth:`match` and
an :class:`~tracker.errors.UnknownStatusError` from :meth:`status_of`.

Users extend it without touching code through a TOML file (``--vocab`` or ``TRACKER_VOCAB``)::

    [phrases]
    improved = ["Things look up"]

    [statuses.escalated]
    score = -2
    colour = "#67001f"
    phrases = ["The situation escalated"]
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError, UnknownStatusError

__all__ = [
    "BUILTIN_PHRASES",
    "NONE_COLOUR",
    "STATUS_COLOURS",
    "STATUS_SCORES",
    "Vocabulary",
    "default_vocabulary",
    "load_vocabulary",
    "normalise_phrase",
]

STATUS_SCORES: dict[str, float] = {"improved": 1.0, "unchanged": 0.0, "deteriorated": -1.0}
# Colour-blind-safe (checked with Machado-2009 simulations of deuteranopia, protanopia and
# tritanopia: every pair, and each colour against the white page used for missing weeks, stays
# at least ΔE 15 apart).  "none" (an assessment without a verdict) is a pale blue so that it is
# visible against the page and never mistaken for a status; charts draw it as a hollow marker.
STATUS_COLOURS: dict[str, str] = {
    "improved": "#1b9e77",
    "unchanged": "#b3b3b3",
    "deteriorated": "#cc3311",
}
NONE_COLOUR = "#bbccee"
_EXTRA_COLOUR = "#6a3d9a"

ENV_VAR = "TRACKER_VOCAB"

_SITUATION = {
    "en": ["the situation", "situation", "the state of affairs", "the trend"],
    "ru": ["ситуация", "положение", "обстановка", "положение дел"],
    "be": ["сітуацыя", "становішча", "абстаноўка"],
}

# Built-in phrases.  Short forms ("has improved") cover verdict lines whose subject varies.
BUILTIN_PHRASES: dict[str, list[str]] = {
    "improved": [
        # English
        "The situation has improved",
        "The situation improved",
        "The situation is improving",
        "The situation has been improving",
        "The situation has gotten better",
        "The situation has got better",
        "The situation got better",
        "The situation has become better",
        "The situation became better",
        "The situation has changed for the better",
        "The situation changed for the better",
        "Situation improved",
        "Situation has improved",
        "has improved",
        "improved",
        "improving",
        "improvement",
        "got better",
        "has gotten better",
        "better",
        "positive",
        "positive trend",
        # Russian
        "Ситуация улучшилась",
        "Ситуация улучшается",
        "Ситуация изменилась к лучшему",
        "Положение улучшилось",
        "Обстановка улучшилась",
        "Положение дел улучшилось",
        "улучшилась",
        "улучшилось",
        "улучшение",
        "Ситуация стала лучше",
        "стало лучше",
        "позитивная динамика",
        # Belarusian
        "Сітуацыя палепшылася",
        "Сітуацыя паляпшаецца",
        "Сітуацыя змянілася да лепшага",
        "Сітуацыя стала лепшай",
        "Становішча палепшылася",
        "Абстаноўка палепшылася",
        "палепшылася",
        "паляпшэнне",
        "стала лепш",
        "пазітыўная дынаміка",
    ],
    "unchanged": [
        # English
        "The situation has not changed",
        "The situation has not been changed",
        "The situation did not change",
        "The situation does not change",
        "The situation is unchanged",
        "The situation remains unchanged",
        "The situation remained unchanged",
        "The situation has remained unchanged",
        "The situation remains the same",
        "The situation remained the same",
        "The situation has remained the same",
        "The situation is stable",
        "The situation remains stable",
        "The situation has stayed the same",
        "The situation stayed the same",
        "Situation unchanged",
        "Situation has not changed",
        "Situation not changed",
        "Situation is unchanged",
        "Situation stable",
        "has not changed",
        "not changed",
        "unchanged",
        "no change",
        "no changes",
        "nothing has changed",
        "without changes",
        "stable",
        "neutral",
        # Russian
        "Ситуация не изменилась",
        "Ситуация не поменялась",
        "Ситуация не меняется",
        "Ситуация осталась прежней",
        "Ситуация осталась без изменений",
        "Ситуация без изменений",
        "Ситуация стабильна",
        "Ситуация стабильная",
        "Положение не изменилось",
        "Обстановка не изменилась",
        "Положение дел не изменилось",
        "не изменилась",
        "не изменилось",
        "без изменений",
        "изменений нет",
        "ничего не изменилось",
        "стабильно",
        # Belarusian
        "Сітуацыя не змянілася",
        "Сітуацыя не памянялася",
        "Сітуацыя не мяняецца",
        "Сітуацыя засталася ранейшай",
        "Сітуацыя засталася без зменаў",
        "Сітуацыя засталася без змен",
        "Сітуацыя без зменаў",
        "Сітуацыя без змен",
        "Сітуацыя стабільная",
        "Становішча не змянілася",
        "Абстаноўка не змянілася",
        "не змянілася",
        "без зменаў",
        "без змен",
        "зменаў няма",
        "нічога не змянілася",
        "стабільна",
    ],
    "deteriorated": [
        # English
        "The situation has deteriorated",
        "The situation deteriorated",
        "The situation is deteriorating",
        "The situation has been deteriorating",
        "The situation has worsened",
        "The situation worsened",
        "The situation is worsening",
        "The situation got worse",
        "The situation has got worse",
        "The situation has gotten worse",
        "The situation has become worse",
        "The situation became worse",
        "The situation has changed for the worse",
        "The situation changed for the worse",
        "Situation deteriorated",
        "Situation has deteriorated",
        "Situation worsened",
        "has deteriorated",
        "has worsened",
        "deteriorated",
        "deteriorating",
        "deterioration",
        "worsened",
        "worsening",
        "got worse",
        "has gotten worse",
        "worse",
        "negative",
        "negative trend",
        # Russian
        "Ситуация ухудшилась",
        "Ситуация ухудшается",
        "Ситуация изменилась к худшему",
        "Ситуация стала хуже",
        "Положение ухудшилось",
        "Обстановка ухудшилась",
        "Положение дел ухудшилось",
        "ухудшилась",
        "ухудшилось",
        "ухудшение",
        "стало хуже",
        "негативная динамика",
        # Belarusian
        "Сітуацыя пагоршылася",
        "Сітуацыя пагаршаецца",
        "Сітуацыя змянілася да горшага",
        "Сітуацыя стала горшай",
        "Становішча пагоршылася",
        "Абстаноўка пагоршылася",
        "пагоршылася",
        "пагаршэнне",
        "стала горш",
        "негатыўная дынаміка",
    ],
}

_APOSTROPHES = str.maketrans(
    {"'": None, "’": None, "ʼ": None, "‘": None, "`": None, "´": None, "ё": "е"}
)
# Latin letters that look like Cyrillic ones, typed inside Cyrillic words.
_HOMOGLYPHS = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "i": "і",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "k": "к",
        "m": "м",
        "t": "т",
        "h": "н",
        "b": "в",
        "ё": "е",
    }
)
_NOT = re.compile(r"n['’ʼ]t\b")
_NON_WORD = re.compile(r"[\W_]+")
_CYRILLIC = re.compile(r"[а-яёіў]")
_LATIN = re.compile(r"[a-z]")


def normalise_phrase(text: str) -> str:
    """The key under which a verdict phrase is matched.

    Case, spacing, punctuation, quotes and apostrophes do not count; ``ё`` is ``е``; Latin
    look-alike letters in a Cyrillic phrase are read as Cyrillic.
    """
    key = _KEYS.get(text)
    if key is None:
        key = _normalise(text)
        if len(text) <= 200:  # short lines (furniture, verdicts, labels) recur; prose does not
            if len(_KEYS) >= 20_000:
                _KEYS.clear()
            _KEYS[text] = key
    return key


_KEYS: dict[str, str] = {}


def _normalise(text: str) -> str:
    folded = text.casefold()
    if "'" in folded or "’" in folded or "ʼ" in folded or "‘" in folded or "`" in folded:
        folded = _NOT.sub(" not", folded).translate(_APOSTROPHES)
    if "ё" in folded:
        folded = folded.replace("ё", "е")
    words = _NON_WORD.sub(" ", folded).split()
    if _LATIN.search(folded) and _CYRILLIC.search(folded):
        words = [
            w.translate(_HOMOGLYPHS) if _CYRILLIC.search(w) and _LATIN.search(w) else w
            for w in words
        ]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]  # "The situation …" and "Situation …" are the same verdict
    return " ".join(words)


_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


class Vocabulary:
    """Phrases -> statuses, with a score and a colour per status.

    The canonical statuses come first in :attr:`statuses`, then statuses a user added.
    """

    def __init__(self) -> None:
        self._phrases: dict[str, str] = {}
        self._scores: dict[str, float] = dict(STATUS_SCORES)
        self._colours: dict[str, str] = dict(STATUS_COLOURS)
        self.statuses: list[str] = list(STATUS_SCORES)
        self.sources: list[str] = []
        self.max_phrase_chars = 0
        self._seen: dict[str, str] = {}  # status_of results; cleared on every change
        # Readers' memos of results that depend on this vocabulary (see reader_cache).
        self._reader_caches: dict[str, dict[Any, Any]] = {}
        for status, phrases in BUILTIN_PHRASES.items():
            for phrase in phrases:
                self._phrases[normalise_phrase(phrase)] = status
                self._note_length(phrase)

    def _note_length(self, phrase: str) -> None:
        # Lines longer than this cannot be a verdict phrase (room for quotes, spaces, dots).
        self.max_phrase_chars = max(self.max_phrase_chars, 2 * len(phrase) + 16)

    # ------------------------------------------------------------------ building

    def _changed(self) -> None:
        self._seen.clear()
        self._reader_caches.clear()

    def reader_cache(self, name: str) -> dict[Any, Any]:
        """A memo named ``name`` for results computed with this vocabulary.

        Readers keep per-line results here (a page's furniture, sections and verdict lines
        recur from page to page); every change to the vocabulary empties all of them.
        """
        cache = self._reader_caches.get(name)
        if cache is None:
            cache = self._reader_caches[name] = {}
        return cache

    def add_status(self, name: str, *, score: float, colour: str) -> None:
        """Add a status (or change the score/colour of an added one)."""
        self._changed()
        if name not in self.statuses:
            self.statuses.append(name)
        self._scores[name] = float(score)
        self._colours[name] = colour

    def add_phrase(self, status: str, phrase: str) -> None:
        """Map ``phrase`` to ``status``; raises ConfigError on an unknown status or a clash."""
        if status not in self._scores:
            raise ConfigError(
                f"the phrase {phrase!r} names the unknown status {status!r}",
                hint=f"use one of {', '.join(self.statuses)} or define [statuses.{status}]",
            )
        key = normalise_phrase(phrase)
        if not key:
            raise ConfigError(f"the phrase {phrase!r} for status {status!r} has no words")
        known = self._phrases.get(key)
        if known is not None and known != status:
            raise ConfigError(
                f"the phrase {phrase!r} already means {known!r}; it cannot also mean {status!r}"
            )
        self._phrases[key] = status
        self._changed()
        self._note_length(phrase)

    # ------------------------------------------------------------------ reading

    def match(self, text: str) -> str | None:
        """The status if the whole of ``text`` is a known verdict phrase, else None."""
        if len(text) > self.max_phrase_chars:
            return None
        return self._phrases.get(normalise_phrase(text))

    def match_key(self, key: str) -> str | None:
        """:meth:`match` for text already passed through :func:`normalise_phrase`."""
        return self._phrases.get(key)

    def is_status(self, name: str) -> bool:
        return name.strip().casefold() in self._scores

    def status_of(self, text: str, *, path: str | None = None, line: int | None = None) -> str:
        """The status named by ``text``: a status name ("Improved") or any known phrase.

        Raises :class:`UnknownStatusError` naming the text (and file/line when given).
        """
        cached = self._seen.get(text)
        if cached is not None:
            return cached
        name = text.strip().casefold()
        if name in self._scores:
            status: str | None = name
        else:
            status = self.match(text)
        if status is not None:
            if len(self._seen) < 10_000:
                self._seen[text] = status
            return status
        shown = text.strip()
        if len(shown) > 80:
            shown = shown[:77] + "..."
        raise UnknownStatusError(
            f"unknown status {shown!r} (known statuses: {', '.join(self.statuses)})",
            path=path,
            line=line,
            hint=(
                "add the phrase under [phrases] in a vocabulary TOML file and point "
                f"{ENV_VAR} (or --vocab) at it, e.g. [phrases] deteriorated = [{shown!r}]"
            ),
        )

    def score(self, status: str | None) -> float:
        """+1/0/−1 for the canonical statuses, the user's score for added ones, NaN for None."""
        if status is None:
            return math.nan
        try:
            return self._scores[status]
        except KeyError:
            raise UnknownStatusError(f"unknown status {status!r}") from None

    def colour(self, status: str | None) -> str:
        if status is None:
            return NONE_COLOUR
        return self._colours.get(status, _EXTRA_COLOUR)

    @property
    def scores(self) -> dict[str, float]:
        return dict(self._scores)

    @property
    def colours(self) -> dict[str, str]:
        return dict(self._colours)

    def phrases(self) -> dict[str, str]:
        """Every normalised phrase and its status (a copy)."""
        return dict(self._phrases)

    # ------------------------------------------------------------------ extending

    def extend_from_mapping(self, data: Mapping[str, Any], *, origin: str) -> None:
        """Apply a parsed vocabulary file; raises ConfigError naming ``origin``."""
        unknown = set(data) - {"phrases", "statuses"}
        if unknown:
            raise ConfigError(
                f"{origin}: unknown section(s) {', '.join(sorted(unknown))}",
                hint="a vocabulary file has only [phrases] and [statuses.NAME] tables",
            )
        statuses = data.get("statuses", {})
        if not isinstance(statuses, Mapping):
            raise ConfigError(f"{origin}: [statuses] must be a table of [statuses.NAME] tables")
        pending: list[tuple[str, Any]] = []
        for name, spec in statuses.items():
            if not _NAME_RE.match(name):
                raise ConfigError(
                    f"{origin}: status name {name!r} must be lower-case letters, digits, - or _"
                )
            if not isinstance(spec, Mapping):
                raise ConfigError(f"{origin}: [statuses.{name}] must be a table")
            extra = set(spec) - {"score", "colour", "color", "phrases"}
            if extra:
                raise ConfigError(
                    f"{origin}: [statuses.{name}] has unknown key(s) {', '.join(sorted(extra))}",
                    hint="allowed: score, colour, phrases",
                )
            score = spec.get("score")
            if name in STATUS_SCORES:
                score = STATUS_SCORES[name] if score is None else score
            if isinstance(score, bool) or not isinstance(score, int | float):
                raise ConfigError(f"{origin}: [statuses.{name}] needs a numeric score")
            if not math.isfinite(float(score)):
                raise ConfigError(f"{origin}: [statuses.{name}] score must be a finite number")
            colour = spec.get("colour", spec.get("color", self._colours.get(name, _EXTRA_COLOUR)))
            if not isinstance(colour, str) or not _COLOUR_RE.match(colour):
                raise ConfigError(
                    f"{origin}: [statuses.{name}] colour {colour!r} is not a #rrggbb colour"
                )
            self.add_status(name, score=float(score), colour=colour)
            pending.append((name, spec.get("phrases", [])))
        phrases = data.get("phrases", {})
        if not isinstance(phrases, Mapping):
            raise ConfigError(f'{origin}: [phrases] must be a table: status = ["phrase", …]')
        pending.extend(phrases.items())
        for status, items in pending:
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
                raise ConfigError(f"{origin}: the phrases of {status!r} must be a list of strings")
            for phrase in items:
                try:
                    self.add_phrase(status, phrase)
                except ConfigError as exc:
                    raise ConfigError(f"{origin}: {exc.message}", hint=exc.hint) from None
        self.sources.append(origin)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"vocabulary file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read vocabulary file {path}: {exc.strerror}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the vocabulary file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The built-in vocabulary extended by ``path``, else by ``$TRACKER_VOCAB`` if set."""
    vocab = Vocabulary()
    if path is None:
        env = os.environ.get(ENV_VAR, "").strip()
        if env:
            path = Path(env)
    if path is not None:
        vocab.extend_from_mapping(_read_toml(Path(path)), origin=str(path))
    return vocab


_CACHE: dict[tuple[str, float], Vocabulary] = {}


def default_vocabulary() -> Vocabulary:
    """The built-ins plus ``$TRACKER_VOCAB``; cached while the variable and file are the same."""
    env = os.environ.get(ENV_VAR, "").strip()
    mtime = 0.0
    if env:
        try:
            mtime = Path(env).stat().st_mtime
        except OSError:
            mtime = -1.0
    key = (env, mtime)
    vocab = _CACHE.get(key)
    if vocab is None:
        vocab = load_vocabulary()
        _CACHE.clear()
        _CACHE[key] = vocab
    return vocab


def situation_words() -> Iterable[str]:
    """Subjects with which verdict lines begin ("The situation", "Ситуация", "Сітуацыя")."""
    for words in _SITUATION.values():
        yield from words
