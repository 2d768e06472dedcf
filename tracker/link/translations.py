"""Renderings and translations of one commentary: how the linker tells them (see
:mod:`tracker.link`, "Translations and renderings of one commentary always share an issue").

Evidence, for two commentaries of one week: the same URL slug; near-identical text after
transliteration (consonant skeletons); or the same names and numbers in the same order,
which a translation keeps whatever its words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tracker.link.features import anchor_similarity, skeleton_similarity
from tracker.link.history import Docs, Skeletons


@dataclass
class BatchIndex:
    """The items of one batch by week (day ordinal) and by URL slug."""

    by_week: dict[int, list[int]] = field(default_factory=dict)
    by_url: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, days: np.ndarray[Any, Any], urls: list[str | None]) -> BatchIndex:
        index = cls()
        for i, (day, url) in enumerate(zip(days, urls, strict=True)):
            index.by_week.setdefault(int(day), []).append(i)
            if url:
                index.by_url.setdefault(str(url), []).append(i)
        return index


@dataclass
class SameCommentary:
    """The test: ``translation_min`` is the skeleton similarity that makes two texts in
    different languages translations, ``rendering_min`` the (higher) one that makes two texts
    in one language renderings, ``anchor_min`` the agreement of names and numbers that makes
    a translation."""

    translation_min: float = 0.6
    rendering_min: float = 0.85
    anchor_min: float = 0.6

    def test(
        self,
        url_a: str | None,
        url_b: str | None,
        skeletons_a: Skeletons,
        a: int,
        skeletons_b: Skeletons,
        b: int,
        *,
        same_language: bool = False,
    ) -> tuple[float, str] | None:
        """Whether two commentaries of one week are renderings or translations of one.

        Evidence: the same URL slug; near-identical text after transliteration (consonant
        skeletons); or the same names and numbers in the same order (:func:`anchors`), which
        a translation keeps whatever its words.  Two texts in one language must be closer
        (``rendering_min``) to count as renderings of one commentary.
        """
        if url_a is not None and url_a == url_b:
            return 1.0, f"same URL slug {url_a!r}"
        if same_language:
            # most texts of one week and section in one language are different commentaries:
            # a word-set overlap rules them out before the costlier skeleton comparison
            mine, theirs = skeletons_a.words(a), skeletons_b.words(b)
            if len(mine & theirs) < 0.5 * max(1, min(len(mine), len(theirs))):
                return None
        score = skeleton_similarity(skeletons_a[a], skeletons_b[b])
        if score >= (self.rendering_min if same_language else self.translation_min):
            return score, f"near-identical after transliteration, {score:.2f}"
        if not same_language:
            alike = anchor_similarity(skeletons_a.anchors(a), skeletons_b.anchors(b))
            if alike >= self.anchor_min:
                return alike, f"same names and numbers in the same order, {alike:.2f}"
        return None

    def in_archive(
        self,
        docs: Docs,
        day: int,
        section: str,
        language: str,
        url: str | None,
        skel: Skeletons,
        i: int,
    ) -> tuple[int, float, str] | None:
        """An archived rendering or translation of a commentary, if any.

        Candidates: archived commentaries of the same week whose section is the same (or
        either has none), and any with the same URL slug.
        """
        best: tuple[int, float, str] | None = None
        sections = docs.weeks.get(day, []) if not section else [section, ""]
        week = [doc for key in sections for doc in docs.by_week.get((day, key), [])]
        for doc in dict.fromkeys([*week, *(docs.by_url.get(url, []) if url else [])]):
            found = self.test(
                url,
                docs.url[doc],
                skel,
                i,
                docs.skeleton,
                doc,
                same_language=docs.language[doc] == language,
            )
            if found is not None and (best is None or found[0] > best[1]):
                best = (doc, found[0], found[1])
        return best

    def in_batch(
        self,
        batch: BatchIndex,
        i: int,
        q_urls: list[str | None],
        q_sections: np.ndarray[Any, Any],
        q_days: np.ndarray[Any, Any],
        q_langs: np.ndarray[Any, Any],
        q_skeletons: Skeletons,
        position: dict[int, int],
    ) -> list[tuple[int, str]]:
        """Later items of the batch that are renderings or translations of item ``i``, with
        the evidence."""
        section = str(q_sections[i])
        week = [
            j
            for j in batch.by_week.get(int(q_days[i]), [])
            if not section or not q_sections[j] or q_sections[j] == section
        ]
        same_url = batch.by_url.get(q_urls[i] or "", []) if q_urls[i] else []
        group: list[tuple[int, str]] = []
        for j in dict.fromkeys([*week, *same_url]):
            if position[j] <= position[i]:
                continue
            found = self.test(
                q_urls[i],
                q_urls[j],
                q_skeletons,
                i,
                q_skeletons,
                j,
                same_language=q_langs[j] == q_langs[i],
            )
            if found is not None:
                group.append((j, found[1]))
        return sorted(group, key=lambda pair: position[pair[0]])
