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


#: Consonants that Belarusian changes before the dative and locative ending ``-е``/``-ы``/``-э``
#: (``эканоміка`` / ``эканоміцы``, ``рака`` / ``рацэ``, ``нага`` / ``назе``, ``муха`` /
#: ``мусе``, ``урад`` / ``урадзе``, ``хата`` / ``хаце``): (the stem's own, the changed one).
ALTERNATIONS = (("к", "ц"), ("т", "ц"), ("г", "з"), ("х", "с"), ("д", "дз"))
_CYRILLIC_VOWELS = frozenset("аеиоуыэюяёі")


@lru_cache(maxsize=50_000)
def alternation_stems(word: str) -> tuple[str, ...]:
    """The stems of a Cyrillic word's other forms under the Belarusian consonant
    alternations: a stem ending in one of :data:`ALTERNATIONS` after a vowel gives the stem
    with the other consonant.

    >>> alternation_stems("эканоміка"), alternation_stems("урадзе"), alternation_stems("назе")
    (('еканомиц',), ('урад',), ('наг',))

    Snowball has no Belarusian, and the changed forms cannot be told from other words by
    their letters alone (``эканоміцы`` from ``эканоміка`` but ``вуліцы`` from ``вуліца``,
    ``назе`` from ``нага`` but ``базе`` from ``база``), so the index keeps each form's own
    stem and a search looks for these stems beside the word's own (see
    :func:`tracker.query.word_term`).  A stem that is a function word's (``праз`` for
    ``Празе``) or shorter than three letters is left out.
    """
    own = term(word)
    if script_of(own) != "cyrillic" or len(own) < 3:
        return ()
    found: list[str] = []
    for base, changed in ALTERNATIONS:
        for ending, other in ((changed, base), (base, changed)):
            start = len(own) - len(ending)
            if own.endswith(ending) and start > 0 and own[start - 1] in _CYRILLIC_VOWELS:
                found.append(own[:start] + other)
    return tuple(
        dict.fromkeys(v for v in found if len(v) >= 3 and v != own and v not in _FUNCTION_STEMS)
    )


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


# =========================================================================== entities and anchors
#
# Added for linking (issue 10).  Nothing above changes behaviour.
#
# * :func:`entity_mentions` finds the named people, places and organisations of a text: runs of
#   capitalised words that do not merely start a sentence, and acronyms.  Sentences written in
#   title case (English headlines) give only their acronyms and the names met elsewhere.
# * :func:`entity_key` keys one word of a name so that its spellings in the three languages
#   meet: Cyrillic words lose their case endings first (``Тихановской`` → ``Тихановск``), then
#   :func:`name_key`; acronyms keep their letters (``EU``, ``МВФ`` → ``mvf``).
# * :func:`anchors` lists a text's entity keys and numbers in order: a translation keeps
#   both, so two texts whose anchors run alike are renderings of one commentary.
# * :func:`is_function_word` knows the closed-class words of English, Russian and Belarusian,
#   so that key phrases neither start nor end on them.

_FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor so yet for of in on at to from by with without within into onto
    upon about above below over under between among through during before after since until
    as than that this these those there here which who whom whose what when where why how
    is are was were be been being am has have had having do does did doing will would shall
    should can could may might must not no its it it's their them they his her him he she
    we us our you your i my me also even only just more most less least very much many
    such some any all both each every other another own same further then once again
    against amid amidst despite toward towards via per vs while whether if because though
    although unless however thus therefore still already new last next week weeks year years
    s its' one two three first second third up down out off meanwhile following according
    simultaneously nevertheless moreover furthermore in addition instead overall today
    likely unlikely apparently probably around across along behind beyond except inside near
    outside throughout beneath besides unlike versus regarding concerning including
    и в во не на с со что как а но или ли же бы по к ко у о об от до из за для при про под над
    это этот эта эти тот та те то его ее её их он она они оно мы вы я ты был была были было
    быть будет будут есть также уже ещё еще только даже более менее очень между после перед
    через без который которая которые которого которой свой своя свои своего чтобы если
    когда где чем так там тут все всё весь вся этой этого этих том тем
    і ў у ва не на з са што як а але ці ж б па да ад аб для пры пра пад над гэта гэты гэтая
    гэтыя той тая тыя яго яе іх ён яна яны яно мы вы я ты быў была былі было быць будзе
    ёсць таксама ўжо яшчэ толькі нават больш менш вельмі паміж пасля перад праз без які
    якая якія свой свая свае каб калі дзе чым так там усе ўсё увесь уся
    """.split()
)
# capitalised in English but no names: days and months
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*|[.!?;:\n]")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_SENTENCE_END = frozenset(".!?;:\n")


#: The index terms of the function words (no alternation may turn a stem into one of them).
_FUNCTION_STEMS = frozenset(term(w) for w in _FUNCTION_WORDS)


def is_function_word(word: str) -> bool:
    """Whether a lower-case word is a closed-class word (article, preposition, pronoun…)."""
    return word in _FUNCTION_WORDS


def _is_acronym(token: str) -> bool:
    letters = [ch for ch in token if ch.isalpha()]
    return 2 <= len(letters) <= 6 and all(ch.isupper() for ch in letters)


_CYRILLIC_CASE_ENDINGS = re.compile(r"(ого|его|ому|ему|ами|ями|ом|ем|ым|им|ах|ях|ов|ев|оў|аў)$")
_SOFT_C = re.compile(r"c(?=[eiy])")
KEY_LETTERS = 4


def entity_key(word: str) -> str:
    """A key for one word of a name, shared by its English, Russian and Belarusian spellings.

    Case endings of Cyrillic words go first (``Тихановской`` → ``Тихановск``, ``Мясниковичем``
    → ``Мясниковича``), a Latin ``c`` before ``e``/``i`` is read ``ts`` (``Central`` /
    ``Центральный``), then :func:`name_key`, of which the first four letters are kept, so
    that inflected forms (``National``/``Национального``) still meet.

    >>> entity_key("Tsikhanouskaya's") == entity_key("Тихановской") == entity_key("Ціханоўскай")
    True
    >>> entity_key("EU"), entity_key("МВФ"), entity_key("Lukashenka")
    ('eu', 'mvf', 'lksn')
    """
    word = word.replace("’", "'").replace("ʼ", "'")
    if _is_acronym(word):
        return _NOT_LATIN.sub("", transliterate(word))
    if word.lower().endswith("'s"):
        word = word[:-2]
    lowered = word.casefold()
    if script_of(lowered) == "cyrillic":
        if len(lowered) > 5:
            lowered = _CYRILLIC_CASE_ENDINGS.sub("", lowered)
    else:
        lowered = _SOFT_C.sub("ts", lowered)
    return name_key(lowered)[:KEY_LETTERS]


def _sentences(text: str) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for token in _TOKEN.findall(text):
        if token in _SENTENCE_END:
            if out[-1]:
                out.append([])
        else:
            out[-1].append(token)
    return [s for s in out if s]


def entity_mentions(text: str, *, sentence_starts: bool = False) -> list[str]:
    """Names in a text, in order: runs of capitalised words, acronyms (surface forms).

    A capitalised word that starts a sentence counts only where the text also writes it
    capitalised inside a sentence or starts a run of names ("Светлана Тихановская …"), or,
    with ``sentence_starts``, where the text never writes it in lower case; a sentence in
    title case gives only acronyms and names the rest of the text confirms.

    >>> entity_mentions("Last week the National Bank of Belarus cut the rate. Minsk said no.")
    ['National Bank', 'Belarus']
    """
    sentences = _sentences(text)
    lower = {t for sentence in sentences for t in sentence if t[:1].islower()}
    confirmed: set[str] = set()
    plain: list[bool] = []
    for sentence in sentences:
        # title case: no lower-case content word in three or more words ("Minsk Bolsters Ties")
        title = len(sentence) >= 3 and not any(
            t[:1].islower() and not is_function_word(t) for t in sentence
        )
        plain.append(not title)
        if not title:
            confirmed.update(t for t in sentence[1:] if t[:1].isupper())
    mentions: list[str] = []
    for sentence, ordinary in zip(sentences, plain, strict=True):
        run: list[str] = []
        for position, token in enumerate([*sentence, ""]):
            capital = _is_name_start(token)
            keep = capital and (
                _is_acronym(token)
                or token in confirmed
                or (ordinary and position > 0)
                # with ``sentence_starts``, a sentence's first word is a name unless the text
                # also writes it in lower case (for anchors: "Makei met …" / "Макей …")
                or (
                    sentence_starts
                    and ordinary
                    and position == 0
                    and len(token) > 3
                    and token.casefold() not in lower
                )
            )
            if keep:
                if position == 1 and not run and ordinary and _is_name_start(sentence[0]):
                    run.append(sentence[0])  # "Светлана Тихановская встретилась …"
                run.append(token)
                continue
            if run:
                mentions.append(" ".join(run))
                run = []
    return mentions


def _is_name_start(token: str) -> bool:
    folded = token.casefold()
    return token[:1].isupper() and not is_function_word(folded) and folded not in _CALENDAR


def numbers(text: str) -> list[str]:
    """The numbers of a text in order, decimal commas read as points (``11,1`` → ``11.1``).

    >>> numbers("USD 464.1 million (by 11,1%) in 2011")
    ['464.1', '11.1', '2011']
    """
    out = []
    for found in _NUMBER.findall(text):
        parts = re.split(r"[.,]", found)
        if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3:
            out.append("".join(parts))  # thousands separators: 1,185 / 9.195 stay ambiguous
            if len(parts) == 2:
                out[-1] = f"{parts[0]}.{parts[1]}"
        else:
            out.append(".".join(parts[:2]))
    return out


def anchors(text: str) -> list[str]:
    """Entity keys (``@key``) and numbers (``#n``) of a text, in the order they occur.

    Two renderings or translations of one commentary share most anchors in the same order.
    """
    found: list[tuple[int, str]] = []
    for match in _NUMBER.finditer(text):
        for value in numbers(match.group(0)):
            found.append((match.start(), "#" + value))
    position = 0
    for mention in entity_mentions(text, sentence_starts=True):
        at = text.find(mention, position)
        position = at + 1 if at >= 0 else position
        for word in mention.split():
            found.append((max(at, 0), "@" + entity_key(word)))
    found.sort(key=lambda pair: pair[0])
    return [value for _at, value in found]
