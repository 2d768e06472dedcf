"""Bulletin sections across languages.

The same rubric is called "Security issues", "Вопросы безопасности" and "Пытанні бяспекі";
trends per section only make sense when the three are one section.  :func:`canonical_section`
maps a known rubric in any of the three languages to its English name; unknown rubrics are
kept as written.  :func:`add_sections` teaches more rubrics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

BUILTIN_SECTIONS: dict[str, tuple[str, ...]] = {
    "Security issues": ("Вопросы безопасности", "Безопасность", "Пытанні бяспекі", "Бяспека"),
    "Domestic politics": ("Внутренняя политика", "Унутраная палітыка"),
    "The ruling elite": ("Правящая элита", "Кіруючая эліта", "Ruling elite"),
    "Economy": ("Экономика", "Эканоміка"),
    "Foreign policy": ("Внешняя политика", "Знешняя палітыка"),
    "Belarus–Russia relations": (
        "Belarus-Russia relations",
        "Белорусско-российские отношения",
        "Беларуска-расійскія адносіны",
    ),
    "Civil society": ("Гражданское общество", "Грамадзянская супольнасць"),
    "Society and politics": ("Общество и политика", "Грамадства і палітыка"),
    "Society and political parties": (
        "Общество и политические партии",
        "Грамадства і палітычныя партыі",
    ),
    "International relations": ("Международные отношения", "Міжнародныя адносіны"),
    "Belarus-West relations": (
        "Belarus–West relations",
        "Отношения Беларуси и Запада",
        "Беларусь – Запад",
        "Адносіны Беларусі і Захаду",
        "Беларусь – Захад",
    ),
}

_WORD = re.compile(r"\w+", re.UNICODE)


def _norm(name: str) -> str:
    return " ".join(_WORD.findall(name.casefold().replace("ё", "е")))


_CANONICAL: dict[str, str] = {}


def add_sections(mapping: Mapping[str, Iterable[str]]) -> None:
    """Teach more rubrics: canonical name -> other names."""
    for canonical, others in mapping.items():
        _CANONICAL[_norm(canonical)] = canonical
        for other in others:
            _CANONICAL[_norm(other)] = canonical


add_sections(BUILTIN_SECTIONS)


def known_section(name: str) -> bool:
    """Whether ``name`` is a rubric the table knows (in any of its languages)."""
    return _norm(name) in _CANONICAL


def canonical_section(name: str) -> str:
    """The English name of a known rubric, else the name as written (spaces tidied)."""
    return _CANONICAL.get(_norm(name), " ".join(name.split()))
