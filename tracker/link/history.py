"""The linker's working history: the documents it compares new commentaries against.

:class:`Docs` holds their vectors and metadata in parallel arrays, with indexes by week and
section and by URL slug; :class:`Skeletons` gives their consonant skeletons, names and
numbers lazily, for the translation and rendering tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import scipy.sparse as sp

from tracker.lang import anchors
from tracker.link.features import skeleton


class Skeletons:
    """Consonant skeletons (:func:`skeleton`) of texts, computed only when first asked for.

    Only items that share a week and a section with an item in another language are ever
    compared as translations, so most skeletons are never needed.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._cache: list[str | None] = [None] * len(texts)
        self._anchors: list[list[str] | None] = [None] * len(texts)
        self._words: list[frozenset[str] | None] = [None] * len(texts)

    def words(self, k: int) -> frozenset[str]:
        """The lower-case words of text ``k`` (a cheap first test for renderings)."""
        found = self._words[k]
        if found is None:
            found = self._words[k] = frozenset(self.texts[k].casefold().split())
        return found

    def anchors(self, k: int) -> list[str]:
        """The names and numbers of text ``k`` in order (:func:`tracker.lang.anchors`)."""
        found = self._anchors[k]
        if found is None:
            found = self._anchors[k] = anchors(self.texts[k])
        return found

    def __getitem__(self, k: int) -> str:
        found = self._cache[k]
        if found is None:
            found = self._cache[k] = skeleton(self.texts[k])
        return found

    def extend(self, texts: list[str]) -> None:
        self.texts += texts
        self._cache += [None] * len(texts)
        self._anchors += [None] * len(texts)
        self._words += [None] * len(texts)


@dataclass
class Docs:
    """Growing store of document vectors and their metadata (parallel arrays)."""

    rows: list[sp.csr_matrix] = field(default_factory=list)
    issue: list[int] = field(default_factory=list)
    section: list[str] = field(default_factory=list)
    day: list[int] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    url: list[str | None] = field(default_factory=list)
    skeleton: Skeletons = field(default_factory=lambda: Skeletons([]))
    headline_chars: list[int] = field(default_factory=list)  # headline's share of skeleton
    openings: dict[int, str] = field(default_factory=dict)  # body openings, provisional only
    by_week: dict[tuple[int, str], list[int]] = field(default_factory=dict)  # (day, section)
    weeks: dict[int, list[str]] = field(default_factory=dict)  # day -> its sections
    by_url: dict[str, list[int]] = field(default_factory=dict)
