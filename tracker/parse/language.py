"""Which language a commentary is written in: ``en``, ``ru`` or ``be``.

Belarusian and Russian share most of the Cyrillic alphabet; each has letters the other
lacks (Belarusian ``і``, ``ў`` and the apostrophe inside words; Russian ``и``, ``щ``, ``ъ``)
and frequent short words of its own.  Those counts decide; the Latin/Cyrillic balance decides
between English and the two.
"""

from __future__ import annotations

import re

__all__ = ["detect_language"]

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)?")
_BE_WORDS = frozenset(
    [
        "і",
        "ў",
        "што",
        "гэта",
        "як",
        "але",
        "для",
        "ад",
        "калі",
        "таксама",
        "яго",
        "яе",
        "іх",
        "быў",
        "была",
        "было",
        "былі",
        "ёсць",
        "пры",
        "праз",
        "сваю",
        "свой",
        "сваіх",
        "таму",
        "яшчэ",
        "толькі",
        "дзе",
        "мае",
        "можа",
        "будзе",
        "ўлада",
        "ўлады",
        "улады",
        "беларусі",
        "краіны",
        "рэжым",
        "афіцыйны",
        "палітыкі",
    ]
)
_RU_WORDS = frozenset(
    [
        "и",
        "в",
        "что",
        "это",
        "как",
        "но",
        "для",
        "от",
        "когда",
        "также",
        "его",
        "ее",
        "её",
        "их",
        "был",
        "была",
        "было",
        "были",
        "есть",
        "при",
        "через",
        "свою",
        "свой",
        "своих",
        "поэтому",
        "еще",
        "ещё",
        "только",
        "где",
        "имеет",
        "может",
        "будет",
        "власти",
        "власть",
        "беларуси",
        "страны",
        "режим",
        "официальный",
        "политики",
    ]
)
_MAX_CHARS = 3_000


def detect_language(text: str) -> str | None:
    """``en``, ``ru``, ``be`` or None when the text has too few letters to tell."""
    sample = text[:_MAX_CHARS].casefold()
    if len(sample) < 300:  # short text: count every letter
        latin = sum(1 for ch in sample if "a" <= ch <= "z")
        cyr = sum(1 for ch in sample if "а" <= ch <= "я" or ch in "ёіў")
    else:  # long text: the commonest letters are enough
        latin = sample.count("e") + sample.count("a") + sample.count("o") + sample.count("t")
        cyr = sample.count("о") + sample.count("а") + sample.count("е") + sample.count("н")
    if latin + cyr < 3:
        return None
    if latin > cyr:
        return "en"
    be_letters = sample.count("і") + sample.count("ў")
    ru_letters = sample.count("и") + sample.count("щ") + sample.count("ъ")
    if be_letters > 3 * ru_letters + 2:
        return "be"
    if ru_letters > 3 * be_letters + 2:
        return "ru"
    words = _WORD_RE.findall(sample)
    be_words = sum(1 for w in words if w in _BE_WORDS)
    ru_words = sum(1 for w in words if w in _RU_WORDS)
    apostrophes = sample.count("'") + sample.count("’") + sample.count("ʼ")
    be_score = be_letters + 2 * be_words + min(apostrophes, be_letters)
    ru_score = ru_letters + 2 * ru_words
    if be_score == ru_score:
        # "э" is far more common in Belarusian; "е" after a consonant in Russian.
        return "be" if sample.count("э") * 4 > sample.count("е") else "ru"
    return "be" if be_score > ru_score else "ru"
