"""Names a person would write for provisional issues: key phrases the commentaries share.

A provisional issue used to be named by its first headline, cut to eight words ("Belarusian
authorities have not stopped protests by suspending").  An analyst names a running issue by
what its commentaries keep talking about: "National Bank", "Normalisation with the West",
"Coordination Council elections".  :func:`issue_name` does the same:

1. Every headline and lead is cut into runs of content words (no closed-class word, no
   punctuation inside: :func:`tracker.lang.is_function_word`), and each run into phrases of one
   to four words, compared by their Snowball stems (:func:`tracker.lang.stem`), so that
   "normalisation of relations" and "normalise relations" meet.
2. A phrase scores by how many of the issue's commentaries use it (a headline counts half
   again), by how specific its words are in the archive (inverse document frequency over a
   sample of archived headlines and leads: "Belarusian authorities" says little), and by its
   length (two or three words name a topic best).
3. A name is a noun phrase: no phrase starts or ends on a word the texts use as a verb or
   predicate (after an auxiliary or "not", "is ongoing", "not clear"; after "to", "agreed to
   wait"; before an object, a particle or "as", "regime narrows as", "Kremlin steps up",
   "setting new"), none starts or ends on an adverb in -ly ("Rapidly changing") or ends on an
   irregular participle ("measures taken") or a cut-off adjective, and one adjective alone
   ("Regional") is none.
4. With two commentaries or more, only phrases that at least two of them share count; a single
   commentary is named by the best phrase of its headline.  The name is the phrase's most
   frequent spelling (a title-case headline's capitals count little, and are lowered unless
   the texts write the word capitalised inside a sentence: "Ruling class", "National Bank"),
   first letter capitalised, at most six words: never a cut headline.
5. In Russian texts (pymorphy3's dictionary) a phrase with a verb, an infinitive, a gerund
   or a short participle, an adverb at an end or an adjective at its end is none, and the
   name is put in the nominative ("визового режима" → "Визовый режим").  Belarusian has no
   analyser here: its phrases keep the forms their texts give them, and only the verb forms
   no noun has ("імкнецца", "выходзіць", "губляе") keep a phrase from being a name.

Pure functions; the :class:`~tracker.link.Linker` keeps the archive sample
(:class:`Background`) and renames its provisional issues as their commentaries accumulate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tracker.lang import is_function_word, stem

MAX_WORDS = 6
LONGER_SHARE = 0.7
LONGER_SHARE_ONE_WORD = 0.5
_CHUNK = re.compile(r"[^\W_]+(?:['’ʼ-][^\W_]+)*|[^\w\s]", re.UNICODE)
_LENGTH_FACTOR = {1: 1.0, 2: 1.6, 3: 1.5, 4: 1.2}
# words that name the country or the bulletin's subject as a whole; never a topic alone
_TOO_GENERAL = frozenset(
    stem(w)
    for w in (
        "belarus belarusian belarusians minsk official authorities situation week weeks "
        "беларусь белорусский беларуси минск власти ситуация неделя беларускі улады сітуацыя"
    ).split()
)


@dataclass
class Background:
    """Document frequencies of stems over a sample of archived texts (for specificity)."""

    documents: int = 0
    frequency: Counter[str] = field(default_factory=Counter)

    def add(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.documents += 1
            self.frequency.update({s for s, _ in _content_words(text)})

    def idf(self, stem_: str) -> float:
        return math.log((2.0 + self.documents) / (1.0 + self.frequency.get(stem_, 0)))


def _content_words(text: str) -> list[tuple[str, str]]:
    """(stem, word) of the content words of a text, in order."""
    out = []
    for token in _CHUNK.findall(text):
        if token[0].isalnum() and not is_function_word(token.casefold()):
            out.append((stem(token.casefold().replace("’", "'")), token))
    return out


_CONNECTORS = frozenset("of with in on for and the between against over".split())
_BRITISH = re.compile(r"is(ation|ations|e|es|ed|ing)$")


def _stem(word: str) -> str:
    """A word's stem, British "-ise"/"-isation" spelt as American first (they stem apart)."""
    return stem(_BRITISH.sub(r"iz\1", word) if word.isascii() else word)


#: How much of a commentary's body its name may draw on (after its headline and lead).
NAME_OPENING = 300


def body_opening(body: str | None, chars: int = NAME_OPENING) -> str:
    """The first ``chars`` characters of a body, cut after a whole word: a word cut in two
    ("report" → "repo") would make a phrase of its own."""
    text = body or ""
    if len(text) <= chars or text[chars].isspace():
        return text[:chars].rstrip()
    head = text[:chars]
    space = head.rfind(" ")
    return head[:space].rstrip() if space > 0 else head


def _runs(text: str) -> list[list[tuple[str, str, bool]]]:
    """Runs of (stem, word, is_content) between punctuation and closed-class words; "of",
    "with", "in", "the" … may join content words ("Normalisation with the West")."""
    runs: list[list[tuple[str, str, bool]]] = [[]]
    for token in _CHUNK.findall(text):
        word = token.casefold().replace("’", "'")
        if token[0].isalnum() and word in _CONNECTORS and runs[-1]:
            runs[-1].append((word, token, False))
            continue
        if not token[0].isalnum() or is_function_word(word) or word.isdigit():
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((_stem(word), token, True))
    return [r for r in runs if r]


def _phrases(text: str) -> dict[tuple[str, ...], str]:
    """Phrases of one to four content words (joined by at most two connecting words in a
    row), starting and ending on a content word: their stems -> their spelling here."""
    found: dict[tuple[str, ...], str] = {}
    for run in _runs(text):
        for start, first in enumerate(run):
            if not first[2]:
                continue
            content = gap = 0
            for end in range(start, min(len(run), start + 8)):
                if not run[end][2]:
                    gap += 1
                    if gap > 2:
                        break
                    continue
                gap = 0
                content += 1
                if content > 4:
                    break
                part = run[start : end + 1]
                found.setdefault(tuple(p[0] for p in part), " ".join(p[1] for p in part))
    return found


# after these a word is a predicate ("is ongoing", "has lowered", "will increase"), no name
_AUXILIARIES = frozenset(
    "is are was were be been being will would shall should may might can could must has have "
    "had does do did seems seem not n't".split()
)
# a third-person verb is followed by an object, a particle or "as"; a plural noun rarely is
_VERB_FOLLOWERS = frozenset(
    "a an the its their his her our this these that those as up down out new more further".split()
)
# "to" before a lower-case word after a verb or a noun is an infinitive's ("agreed to wait",
# "measures to build"); a preposition's object is mostly a name or has an article
_INFINITIVE = "to"
# irregular past participles, which end a clause rather than name anything ("measures taken")
_PARTICIPLES = frozenset(
    "taken given chosen driven broken spoken written shown known grown done seen made held led "
    "left kept brought sought thought found built sent spent lost won paid said told sold begun "
    "become".split()
)
# an adverb in -ly ("rapidly", "previously") starts or ends no name
_ADVERB = re.compile(r"[a-z]{3,}(ally|ily|ely|tly|dly|sly|rly|nly|ply)$")
_NOT_THIRD_PERSON = re.compile(r"(ss|us|is|ics|'s|’s)$")
# one word with these endings is an adjective ("Regional", "Political"): it names nothing alone
_ADJECTIVE = re.compile(r"(al|ial|ian|ic|ive|ous|ful|ary|ible|able|ish)$")
_TITLE_MIN_WORDS = 3
# a word in -s between a name and these is its verb ("Minsk aspires to", "Kremlin pushes for")
# unless the texts use it as a noun elsewhere ("the exports")
_SUBJECT_VERB_FOLLOWERS = frozenset("to for on with against in into towards at".split())
# a capitalised word with these endings at a phrase's end is an adjective whose noun was cut
# off ("… with Western", "… of Belarusian") unless the texts end a noun group on it
_PROPER_ADJECTIVE = re.compile(r"(ern|ean|ian|ese|ish|ic|al)$")


def _predicates(texts: Iterable[str]) -> set[str]:
    """Lower-case English words that these texts use as verbs or predicates: a word after an
    auxiliary ("is ongoing"), a word in -s after a content word and before an object, a
    particle or "as" ("regime narrows as", "Kremlin steps up"), a word in -ing before an
    object ("setting new").  Words also met after an article (nouns) are not."""
    found: set[str] = set()
    subject: set[str] = set()
    texts_seen = list(texts)
    for text in texts_seen:
        spelt = _CHUNK.findall(text)
        tokens = [t.casefold() for t in spelt]
        for k, word in enumerate(tokens):
            if not word.isascii() or not word[:1].isalpha():
                continue
            before = tokens[k - 1] if k else ""
            # a capitalised "The" after a word starts another sentence or the lead, no object
            after = spelt[k + 1] if k + 1 < len(tokens) else ""
            # after an auxiliary, "not" or "to" ("to wait"; "to sanctions": a plural, no verb)
            infinitive = before == _INFINITIVE and spelt[k][:1].islower() and word[-1:] != "s"
            if (before in _AUXILIARIES or infinitive) and not is_function_word(word):
                found.add(word)
            elif after in _VERB_FOLLOWERS and before[:1].isalpha():
                content_before = not is_function_word(before) and before not in _DETERMINERS
                third = word.endswith("s") and not _NOT_THIRD_PERSON.search(word)
                # "data suggest that": before "that" any form is a verb; "OSCE released
                # the report": a past form before an object
                past = word.endswith("ed") and after.casefold() in _DETERMINERS
                if content_before and (third or word.endswith("ing") or after == "that" or past):
                    found.add(word)
            elif (
                k
                and spelt[k - 1][:1].isupper()
                and spelt[k][:1].islower()
                and word.endswith("s")
                and not _NOT_THIRD_PERSON.search(word)
                and after.casefold() in _SUBJECT_VERB_FOLLOWERS
            ):
                subject.add(word)  # "Minsk aspires to", "Minsk advocates for"
    if subject:
        nouns = _nominal(texts_seen)
        found.update(w for w in subject if _AS_WRITTEN + w not in nouns)
    return found


def _title_case(segment: str) -> bool:
    """Whether a headline is written in title case ("Lukashenka Bolsters Ratings")."""
    content = [t for t in _CHUNK.findall(segment) if t[:1].isalpha() and not is_function_word(
        t.casefold())]  # fmt: skip
    return len(content) >= _TITLE_MIN_WORDS and all(t[:1].isupper() for t in content)


def _proper(texts: Iterable[str]) -> set[str]:
    """Words these texts capitalise inside a sentence that is not in title case: names."""
    found: set[str] = set()
    for text in texts:
        for sentence in _SENTENCE.split(text):
            if _title_case(sentence):
                continue
            tokens = _CHUNK.findall(sentence)
            found.update(t for t in tokens[1:] if t[:1].isupper())
    return found


_DETERMINERS = frozenset(
    "the a an of in on for with to by its their his her this these that from about against "
    "over between amid".split()
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _segments(headline: str, text: str) -> list[str]:
    return [headline, *(part for part in _SENTENCE.split(text) if part.strip())]


_AS_WRITTEN = "="
# a group cut by these may be a modifier shared with the next ("regional and European")
_COORDINATORS = frozenset(("and", "or", "&", ","))


def _nominal(texts: Iterable[str]) -> set[str]:
    """Stems of the head words of noun groups: the last content word after an article, a
    possessive or a preposition ("the Russian airbase", "of normalisation"); verbs rarely
    stand there ("the pushes").  Each head word is also there as written, after "="
    (:data:`_AS_WRITTEN`), unless "and" or "or" follows it (a shared modifier: "in regional
    and European security"): an adjective can share its noun's stem ("regional", "region")."""
    found: set[str] = set()
    for text in texts:
        group: list[str] = []
        opened = False
        for token in [*_CHUNK.findall(text), "."]:
            word = token.casefold()
            if token[0].isalnum() and not is_function_word(word) and opened:
                group.append(word)
                continue
            if group:
                found.add(_stem(group[-1]))
                if word not in _COORDINATORS:  # "in regional and European security"
                    found.add(_AS_WRITTEN + group[-1])
            group = []
            opened = word in _DETERMINERS
    return found


def key_phrases(
    headlines: Sequence[str],
    texts: Sequence[str],
    background: Background | None = None,
    *,
    language: str | None = None,
) -> list[tuple[str, float]]:
    """The key phrases of a group of commentaries, best first, with their scores.

    ``headlines[k]`` is commentary k's headline and ``texts[k]`` its lead (and opening).
    A phrase counts once per commentary that uses it, a little more for each further sentence
    of it that repeats it, and half again in a headline; its last word should be a noun
    (met after an article or a preposition somewhere in the texts), or in Cyrillic.
    ``language``: the texts' language, if the caller knows it (:func:`_language_of`).
    """
    background = background or Background()
    language = language or _language_of([*headlines, *texts])
    if len(headlines) == 1:
        return _single_key_phrases(headlines[0], texts[0], background, language)
    uses: Counter[tuple[str, ...]] = Counter()
    repeats: Counter[tuple[str, ...]] = Counter()
    in_headlines: Counter[tuple[str, ...]] = Counter()
    spellings: dict[tuple[str, ...], dict[str, float]] = {}
    for headline, text in zip(headlines, texts, strict=True):
        seen: Counter[tuple[str, ...]] = Counter()
        for number, segment in enumerate(_segments(headline, text)):
            phrases = _phrases(segment)
            seen.update(phrases.keys())
            votes = (0.5 if _title_case(segment) else 2) if number == 0 else 1
            for key, spelling in phrases.items():
                forms = spellings.setdefault(key, {})
                forms[spelling] = forms.get(spelling, 0) + votes
            if number == 0:
                in_headlines.update(phrases.keys())
        for key, count in seen.items():
            uses[key] += 1
            repeats[key] += min(count, 3) - 1
    nouns = _nominal([*headlines, *texts])
    predicates = _predicates([*headlines, *texts])
    needed = 2 if len(headlines) > 1 else 1
    scored: list[tuple[tuple[str, ...], float]] = []
    for key, count in uses.items():
        if count < needed:
            continue
        content = [s_ for s_ in key if s_ not in _CONNECTORS]
        if all(s_ in _TOO_GENERAL or len(s_) < 3 for s_ in content):
            continue
        forms = spellings[key]
        spelling = max(forms, key=forms.__getitem__) if len(forms) > 1 else next(iter(forms))
        specificity = _specificity(
            key, spelling, content, nouns, background, predicates, language=language
        )
        if specificity is None:
            continue
        if needed == 1 and not repeats[key] and len(content) > 2:
            continue  # one commentary: a long phrase must recur to be a name, not a headline
        weight = count + (0.3 if needed == 1 else 0.1) * repeats[key] + 0.5 * in_headlines[key]
        if len(content) < len(key):
            weight *= 0.85
        scored.append((key, weight * specificity * _LENGTH_FACTOR[len(content)]))
    out = []
    for key, score in scored:
        forms = spellings[key]
        out.append((max(sorted(forms), key=forms.__getitem__), score))
    out.sort(key=lambda pair: (-pair[1], pair[0]))
    return out


def _specificity(
    key: tuple[str, ...],
    spelling: str,
    content: list[str],
    nouns: set[str],
    background: Background,
    predicates: Collection[str] = (),
    *,
    language: str | None = None,
) -> float | None:
    """How specific a phrase is as a name (the mean rarity of its content stems, lowered for
    general words and likely verbs at its ends); None for a phrase that cannot be a name: one
    that ends on a possessive, starts or ends on a word the texts use as a verb
    (:func:`_predicates`: "Regime narrows", "Ongoing setting"), or is one adjective alone."""
    spelt = spelling.split()
    last = spelt[-1]
    if last.endswith(("'s", "’s")):
        return None  # "Base of Lukashenka's": the noun it belongs to is cut off
    if (language == "ru" and _russian_clause(spelt)) or (
        language == "be" and _belarusian_clause(spelt)
    ):
        return None  # "Пытается замедлить", "Губляе значнасць": a verb, not a name
    if spelt[0].casefold() in predicates or last.casefold() in predicates:
        return None
    if len(spelt) == 1 and last.isascii() and _ADJECTIVE.search(last.casefold()):
        return None
    if len(spelt) > 1 and last.casefold() in _PARTICIPLES:
        return None  # "Measures taken": a clause, not a name
    if any(_ADVERB.fullmatch(w.casefold()) and _stem(w.casefold()) not in nouns
           for w in (spelt[0], last)):  # fmt: skip
        return None  # "Rapidly changing", "Previously outlined"
    if (
        len(spelt) > 1
        and last.isascii()
        and (
            (last[:1].islower() and _ADJECTIVE.search(last.casefold()))
            or (last[:1].isupper() and _PROPER_ADJECTIVE.search(last.casefold()))
        )
        and _AS_WRITTEN + last.casefold() not in nouns
    ):
        return None  # "Gains regional", "… with Western": an adjective whose noun is cut off
    if any(w.casefold().endswith("ed") and w.casefold() in predicates for w in spelt[1:-1]):
        return None  # "OSCE released the final report": a clause
    folded = last.casefold()
    third = folded.endswith("s") and not _NOT_THIRD_PERSON.search(folded)
    if len(spelt) > 1 and folded.isascii() and key[-1] not in nouns and third:
        return None  # "Nomenclature Faces": a subject and its verb, never met as a noun
    specificity = sum(background.idf(s_) for s_ in content) / len(content)
    if key[0] in _TOO_GENERAL or key[-1] in _TOO_GENERAL:
        specificity *= 0.6
    if key[-1] in nouns or not last.isascii():
        specificity *= 1.5
    elif last.endswith("ed") and not last[:1].isupper():
        specificity *= 0.5  # "… agreed", "… lowered": a verb, most likely
    return specificity


def _single_key_phrases(
    headline: str, text: str, background: Background, language: str | None
) -> list[tuple[str, float]]:
    """:func:`key_phrases` of one commentary: phrases of its headline, scored higher where
    its lead repeats them (the cheap path taken for every new provisional issue)."""
    phrases = _phrases(headline)
    rest = [" " + " ".join(s for s, _w, _c in run) + " " for seg in _SENTENCE.split(text)
            for run in _runs(seg)]  # fmt: skip
    nouns = _nominal([headline, text])
    predicates = _predicates([headline, text])
    out: list[tuple[str, float]] = []
    for key, spelling in phrases.items():
        content = [s_ for s_ in key if s_ not in _CONNECTORS]
        if all(s_ in _TOO_GENERAL or len(s_) < 3 for s_ in content):
            continue
        needle = " " + " ".join(key) + " "
        repeats = min(sum(needle in r for r in rest), 2)
        if not repeats and len(content) > 2:
            continue  # a long phrase must recur to be a name, not a cut headline
        specificity = _specificity(
            key, spelling, content, nouns, background, predicates, language=language
        )
        if specificity is None:
            continue
        weight = 1.0 + 0.6 * repeats
        if len(content) < len(key):
            weight *= 0.85
        out.append((spelling, weight * specificity * _LENGTH_FACTOR[len(content)]))
    out.sort(key=lambda pair: (-pair[1], pair[0]))
    return out


def issue_name(
    headlines: Sequence[str],
    texts: Sequence[str],
    background: Background | None = None,
    *,
    fallback: str = "Untitled issue",
) -> str:
    """A short name for the issue of these commentaries (see the module's doc)."""
    language = _language_of([*headlines, *texts])
    phrases = key_phrases(headlines, texts, background, language=language)
    if not phrases and len(headlines) > 1:  # nothing shared: name it by its latest headline
        phrases = key_phrases(headlines[-1:], texts[-1:], background, language=language)
    if not phrases:
        return fallback
    best, score = phrases[0]
    # one word alone ("Regime") names little: a phrase around it ("Lukashenka's regime") may
    # score lower and still name the issue better
    share = LONGER_SHARE_ONE_WORD if len(best.split()) == 1 else LONGER_SHARE
    for longer, other in phrases[1:]:
        if other < share * score:
            break
        if best.casefold() in longer.casefold() and len(longer.split()) <= MAX_WORDS:
            best, score = longer, other
    return _as_name(best, _proper([*headlines, *texts]), russian=language == "ru")


def _as_name(phrase: str, proper: set[str] | None = None, *, russian: bool = False) -> str:
    """The phrase as a name: first letter capitalised, at most six words; with ``proper``
    (the words the texts capitalise as names), the other capitals of a title-case headline
    are lowered ("Ruling Class" → "Ruling class", "National Bank" stays); a Russian phrase in
    the nominative (:func:`_nominative`)."""
    words = phrase.split()[:MAX_WORDS]
    if russian:
        words = _nominative(words)
    if proper is not None:
        words = [
            w if k == 0 or not w[1:].islower() or w in proper else w.lower()
            for k, w in enumerate(words)
        ]
    first = words[0]
    # keep a name's capitals ("National Bank"); lower a word that is capitalised only
    # because it opened a title-case headline
    if first[:1].isupper() and first[1:].islower() and len(words) > 1 and words[1][:1].islower():
        first = first.lower()
    words[0] = first[:1].upper() + first[1:]
    return " ".join(words)


# ---------------------------------------------------------------- Russian morphology

# a Russian phrase with these parts of speech is a clause, not a name ("Пытается замедлить")
_RUSSIAN_PREDICATES = frozenset(("VERB", "INFN", "GRND", "PRTS"))
_BELARUSIAN_LETTERS = frozenset("іўІЎ")
_ADJECTIVAL = frozenset(("ADJF", "PRTF", "NUMR", "NPRO"))


# Belarusian verb forms that no noun or adjective of a name has: a reflexive ("імкнецца"),
# an infinitive or a plural ("захаваць", "выходзіць", "працуюць"; not a noun in "-сць",
# "значнасць"), a singular present in -уе/-яе ("рыхтуе", "губляе"); -ае only at a phrase's
# end, where an adjective ("новае") has lost its noun anyway
_BELARUSIAN_VERB = re.compile(r"(цца|(?<!с)ць|[уюя]е)$")


def _belarusian_clause(words: Sequence[str]) -> bool:
    """A Belarusian phrase with a word of verb form in it ("Губляе значнасць")."""
    folded = [w.casefold() for w in words]
    return any(len(w) > 3 and _BELARUSIAN_VERB.search(w) for w in folded) or bool(
        folded[-1].endswith("ае")
    )


def _language_of(texts: Sequence[str]) -> str | None:
    """The language of these texts (:func:`tracker.parse.language.detect_language`)."""
    from tracker.parse.language import detect_language

    return detect_language(" ".join(texts))


@lru_cache(maxsize=1)
def _morphology() -> Any:
    """pymorphy3's Russian analyser (its dictionary loads once, on first use)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65_536)
def _russian_parses(word: str) -> tuple[Any, ...]:
    """The analyses of a Russian word (lower case), likeliest first."""
    return tuple(_morphology().parse(word))


def _russian_parse(word: str) -> Any:
    """The likeliest analysis of a Russian word (lower case)."""
    return _russian_parses(word)[0]


def _is_russian(words: Sequence[str]) -> bool:
    """Whether every word of a phrase is Cyrillic and none has a letter only Belarusian has
    (the analyser knows Russian only; a Belarusian phrase keeps its forms)."""
    return bool(words) and all(
        w[:1].isalpha() and not w.isascii() and not _BELARUSIAN_LETTERS.intersection(w)
        for w in words
    )


def _russian_clause(words: Sequence[str]) -> bool:
    """A Russian phrase with a verb, an infinitive, a gerund or a short participle in it, an
    adverb at either end, or an adjective at its end: a piece of a sentence ("Пытается
    замедлить девальвацию"), or a noun with its next word's adjective ("Бюджете новыми")."""
    if not _is_russian(words):
        return False
    tags = [_russian_parse(w.casefold()).tag for w in words]
    return (
        any(t.POS in _RUSSIAN_PREDICATES for t in tags)
        or any(t.POS == "ADVB" for t in (tags[0], tags[-1]))
        or (len(tags) > 1 and tags[-1].POS in ("ADJF", "PRTF"))
    )


def _nominative(words: list[str]) -> list[str]:
    """A Russian noun phrase as a person names it: its head (the first noun) and the
    adjectives before it in the nominative, agreeing with it, the rest as written
    ("Визового режима" → "визовый режим", "Обеспечении региональной безопасности" →
    "обеспечение региональной безопасности"); any other phrase as it is."""
    if not _is_russian(words):
        return words
    parses = [_russian_parse(w.casefold()) for w in words]
    head = next((k for k, p in enumerate(parses) if p.tag.POS == "NOUN"), None)
    if head is None or any(p.tag.POS not in _ADJECTIVAL for p in parses[:head]):
        return words
    if all(_can_be_nominative(w) for w in words[: head + 1]):
        return words  # "Политические партии": already a name's form
    noun = parses[head]
    number = noun.tag.number or "sing"
    target = noun.inflect({"nomn", number}) or noun.inflect({"nomn"})
    if target is None:
        return words
    out = list(words)
    out[head] = _spelt_like(target.word, words[head])
    agree = {"nomn", number} | (
        {target.tag.gender} if number == "sing" and target.tag.gender else set()
    )
    for k in range(head):
        form = parses[k].inflect(agree) or parses[k].inflect({"nomn", number})
        if form is not None:
            out[k] = _spelt_like(form.word, words[k])
    return out


def _can_be_nominative(word: str) -> bool:
    """Whether one of a Russian word's likelier analyses is in the nominative."""
    return any(p.tag.case == "nomn" and p.score >= 0.2 for p in _russian_parses(word.casefold()))


def _spelt_like(word: str, model: str) -> str:
    """``word`` with ``model``'s capitals: all capitals, a capital first letter, or none."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word
