"""Language tools shared by the linker and search: words, stems and names across scripts.

Both the linker and the search index must understand words alike, so both take them from here:

* :func:`words` cuts text into lower-case words (``ё`` read as ``е``, typographic apostrophes
  unified, Belarusian ``'`` kept inside a word).
* :func:`stem` reduces a word to its Snowball stem.  The stemmer is chosen by the word's
  script, not by the commentary's language, because bulletins quote names and terms across
  scripts: Latin words take the English stemmer, Cyrillic words the Russian one.  Belarusian
  has no Snowball stemmer; its spelling is first mapped onto Russian spelling
  (:func:`belarusian_to_russian`: ``і``→``и``, ``ў``→``в``, ``э``→``е``, ``цы``→``ци``,
  ``-аў``→``-ов`` …), after which its six cases fall to the same stems (``санкцыі``,
  ``санкцый``, ``санкцыям`` → ``санкц``).
  Russian text passes through the same mapping unchanged in all that matters, so a query
  word needs no language to be stemmed as the documents were.
* :func:`name_key` is a script-free key for proper names, so that ``Lukashenka``,
  ``Лукашенко`` and ``Лукашэнка`` meet: transliterated, with the letters that the three
  languages spell differently merged, and vowels dropped after the first letter.

The stemmer is PyStemmer (C) when installed, else the pure-Python ``snowballstemmer``; both
give identical stems.  Stems are memoised per word: a bulletin's vocabulary is small.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

import snowballstemmer

from tracker.register import transliterate

Script = Literal["latin", "cyrillic", "other"]

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")

_STEMMERS = {
    "latin": snowballstemmer.stemmer("english"),
    "cyrillic": snowballstemmer.stemmer("russian"),
}

# Belarusian letters and spellings onto Russian ones, so that the Russian stemmer's endings
# match.  Only spelling, never meaning: "цы"/"чы"/"шы"… become what Russian writes there.
_BE_LETTERS = str.maketrans({"і": "и", "ў": "в", "э": "е", "'": "", "’": "", "ʼ": ""})
_BE_AFTER_HARD = re.compile(r"(?<=[цчшжр])ы")
# Endings that akanye and "ў" spell apart: genitive plural -аў/-яў (Russian -ов/-ев),
# instrumental -ай/-яй (Russian -ой/-ей).
_BE_ENDINGS = {"аў": "ов", "яў": "ев", "ай": "ой", "яй": "ей"}


def script_of(word: str) -> Script:
    """The script a (lower-case) word is written in."""
    if _CYRILLIC.search(word):
        return "cyrillic"
    if _LATIN.search(word):
        return "latin"
    return "other"


def words(text: str) -> list[str]:
    """The words of a text, lower case, ``ё`` as ``е``, apostrophes unified to ``'``."""
    folded = text.casefold().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return _WORD.findall(folded)


def belarusian_to_russian(word: str) -> str:
    """Map a Belarusian word's spelling onto Russian spelling (a lower-case word).

    >>> belarusian_to_russian("санкцыі")
    'санкции'
    >>> belarusian_to_russian("сітуацыя")
    'ситуация'
    """
    ending = _BE_ENDINGS.get(word[-2:]) if len(word) > 4 else None
    if ending:
        word = word[:-2] + ending
    return _BE_AFTER_HARD.sub("и", word.translate(_BE_LETTERS))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word, by its script (see the module's doc).

    >>> [stem(w) for w in ("sanction", "sanctions", "sanctioned")]
    ['sanction', 'sanction', 'sanction']
    >>> [stem(w) for w in ("санкции", "санкций", "санкциям", "санкцыі")]
    ['санкц', 'санкц', 'санкц', 'санкц']
    """
    kind = script_of(word)
    if kind == "cyrillic":
        return str(_STEMMERS["cyrillic"].stemWord(belarusian_to_russian(word)))
    if kind == "latin":
        return str(_STEMMERS["latin"].stemWord(word.replace("'", "")))
    return word


def stems(text: str) -> list[str]:
    """The stems of every word of a text, in order."""
    return [stem(word) for word in words(text)]


def stem_all(texts: Iterable[str]) -> list[list[str]]:
    """:func:`stems` of many texts."""
    return [stems(text) for text in texts]


# Letters the three languages (and their Latin spellings) write differently for one sound.
_NAME_SUBS = (
    ("shch", "sh"), ("sch", "sh"), ("tsch", "ch"), ("kh", "h"), ("ch", "c"), ("sh", "s"),
    ("zh", "z"), ("ts", "t"), ("dz", "d"), ("g", "h"), ("w", "v"), ("j", "i"), ("x", "ks"),
    ("ck", "k"), ("q", "k"),
)  # fmt: skip
_NAME_VOWELS = re.compile(r"(?<=.)[aeiouy]+")
_NAME_REPEATS = re.compile(r"(.)\1+")
_NOT_LATIN = re.compile(r"[^a-z]+")


@lru_cache(maxsize=100_000)
def name_key(word: str) -> str:
    """A key under which one name's spellings in English, Russian and Belarusian meet.

    >>> {name_key(w) for w in ("Lukashenka", "Лукашенко", "Лукашэнка", "Lukashenko")}
    {'lksnk'}
    >>> name_key("Tsikhanouskaya") == name_key("Тихановская") == name_key("Ціханоўская")
    True
    """
    text = _NOT_LATIN.sub("", transliterate(word))
    # Belarusian "ў" is written "u" (or "w") after a vowel where Russian writes "в".
    text = re.sub(r"(?<=[aeiouy])u(?=[^aeiouy]|$)", "v", text)
    for old, new in _NAME_SUBS:
        text = text.replace(old, new)
    return _NAME_REPEATS.sub(r"\1", _NAME_VOWELS.sub("", text))


# --------------------------------------------------------------------------- search (issue 14)
# What the search index stores and how a query's words meet it.  Additions only: the
# functions above are shared with the linker and keep their behaviour.

#: Longest stem the search index keeps (longer "words" are URLs, hashes or run-together text).
MAX_TERM = 100
_NAME_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’ʼ][^\W_]+)*")
#: A name key shorter than this says too little to meet names across scripts ("pc", "ms").
MIN_NAME_KEY = 3


@lru_cache(maxsize=500_000)
def term(word: str) -> str:
    """The index term of one lower-case word: its stem, apostrophes left out.

    >>> [term(w) for w in ("Kremlin's", "аб'яднанне", "санкцыямі")]
    ['kremlin', 'абяднан', 'санкц']
    """
    return stem(word.lower()).replace("'", "")


def terms(text: str) -> list[str]:
    """The index terms of a text, in order (see :func:`term`); over-long words are left out."""
    return [t for t in map(term, words(text)) if t and len(t) <= MAX_TERM]


def name_keys(text: str) -> list[str]:
    """The :func:`name_key` of every capitalised word of a text (the words that may be names).

    >>> name_keys("Lukashenka met Putin; Лукашэнка сустрэўся з Пуціным")
    ['lksnk', 'ptn', 'lksnk', 'ptnm']
    """
    return [k for k in map(_name_word_key, _NAME_WORD.findall(text)) if k]


_POSSESSIVE = re.compile(r"['’ʼ]s$")


def _name_word_key(word: str) -> str:
    """The name key of a capitalised word ('' for others and for too short keys); an English
    possessive ``'s`` is not part of the name."""
    if not word[:1].isupper():
        return ""
    if script_of(word.lower()) == "latin":
        word = _POSSESSIVE.sub("", word)
    key = name_key(word)
    return key if len(key) >= MIN_NAME_KEY else ""


def spelling(word: str) -> str:
    """A lower-case word or word start spelt as the index spells it before stemming
    (Belarusian spelling mapped onto Russian), so that a prefix can be compared with stems."""
    word = word.casefold().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    if script_of(word) == "cyrillic":
        return belarusian_to_russian(word)
    return word.replace("'", "")


@lru_cache(maxsize=500_000)
def _text_word(word: str) -> tuple[str, str]:
    """The index term and the name key ('' unless capitalised) of a word as it stands."""
    found = words(word)
    found_term = term(found[0]) if found else ""
    key = _name_word_key(word)
    return found_term if len(found_term) <= MAX_TERM else "", key


def text_terms(text: str) -> tuple[list[str], list[str]]:
    """:func:`terms` and :func:`name_keys` of a text at once (one pass; what the index stores).

    >>> text_terms("Lukashenka's sanctions")
    (['lukashenka', 'sanction'], ['lksnk'])
    >>> text_terms("Лукашэнка і санкцыі")
    (['лукашенк', 'и', 'санкц'], ['lksnk'])
    """
    found = [_text_word(w) for w in _WORD.findall(text)]
    return [t for t, _ in found if t], [k for _, k in found if k]
