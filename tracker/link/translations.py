"""Renderings and translations of one commentary: how the linker tells them (see
:mod:`tracker.link`, "Translations and renderings of one commentary always share an issue").

Evidence, for two commentaries of one week: the same URL slug; near-identical text after
transliteration (consonant skeletons); or the same names and numbers in the same order,
which a translation keeps whatever its words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tracker.link.features import anchor_similarity, skeleton_similarity
from tracker.link.history import Docs, Skeletons
from tracker.sections import known_section


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
    a translation, ``mutual_min`` the similarity at which two texts in two languages, at most
    ``mutual_days`` apart and each the other's closest in the other's language, are
    translations (:meth:`mutual`)."""

    translation_min: float = 0.6
    rendering_min: float = 0.85
    anchor_min: float = 0.6
    mutual_min: float = 0.2
    mutual_days: int = 7

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
        either has none, or whose language differs: :func:`_may_pair`), and any with the
        same URL slug.
        """
        best: tuple[int, float, str] | None = None
        week = [
            doc
            for key in docs.weeks.get(day, [])
            for doc in docs.by_week.get((day, key), [])
            if _may_pair(section, key, language, docs.language[doc])
        ]
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
        section, language = str(q_sections[i]), q_langs[i]
        week = [
            j
            for j in batch.by_week.get(int(q_days[i]), [])
            if _may_pair(section, str(q_sections[j]), language, q_langs[j])
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

    def mutual(
        self,
        sims: np.ndarray[Any, Any],
        languages: list[str],
        sections: list[str],
        days: np.ndarray[Any, Any] | None = None,
    ) -> list[tuple[int, int, float]]:
        """Translations among texts by their similarity: ``(a, b, score)``.

        A translation keeps what its original says but few of its words, and its names and
        numbers change their form ("USD 202.9 million" / "202,9 млн долларов США"), so the
        tests above miss many.  What a translation does keep is its place: in one week, it
        is the closest text in its language to its original, and the original the closest
        to it in the original's language — while different commentaries of one week, even in
        one section, share little.  A pair counts when each is the other's closest in the
        other's language, at ``mutual_min`` or more, and their sections may be one
        (:func:`_may_pair`; two different rubrics that the table knows are not).

        With ``days`` (day ordinals) the texts may be of several weeks: a text's closest is
        then sought among those at most ``mutual_days`` from it, for a partner's translation
        may be dated a week after its original.  Without, they are all of one week.
        """
        return self.mutual_blocks(
            lambda rows, cols: np.asarray(sims)[np.ix_(rows, cols)], languages, sections, days
        )

    def mutual_blocks(
        self,
        block_of: Callable[[np.ndarray[Any, Any], np.ndarray[Any, Any]], np.ndarray[Any, Any]],
        languages: list[str],
        sections: list[str],
        days: np.ndarray[Any, Any] | None = None,
    ) -> list[tuple[int, int, float]]:
        """:meth:`mutual`, with the similarities of each pair of languages' texts asked of
        ``block_of(rows, cols)`` as they are needed: a week of thousands of texts needs no
        matrix of every pair."""
        found: list[tuple[int, int, float]] = []
        by_language: dict[str, list[int]] = {}
        for k, language in enumerate(languages):
            by_language.setdefault(language, []).append(k)
        names = sorted(by_language)
        for x, first in enumerate(names):
            for second in names[x + 1 :]:
                rows, cols = np.array(by_language[first]), np.array(by_language[second])
                raw = block_of(rows, cols)
                block = raw
                if days is not None and days.min() != days.max():
                    # the same week first where two are as close; none beyond the reach
                    apart = np.abs(days[rows][:, None] - days[cols][None, :])
                    block = np.where(apart > self.mutual_days, -1.0, raw - 1e-6 * apart)
                best_col = block.argmax(axis=1)  # each first-language text's closest (ties: first)
                best_row = block.argmax(axis=0)
                for r, c in enumerate(best_col):
                    if best_row[c] != r or block[r, c] < self.mutual_min:
                        continue
                    a, b = sorted((int(rows[r]), int(cols[c])))
                    if _may_pair(sections[a], sections[b], languages[a], languages[b]):
                        found.append((a, b, float(raw[r, c])))
        return sorted(found)


def _may_pair(section_a: str, section_b: str, language_a: str, language_b: str) -> bool:
    """Whether two commentaries of one week may be one commentary: in the same section (or
    either has none) — or in two languages where one rubric is one no table knows
    (:mod:`tracker.sections`): a page may name its rubric in words of its own ("Общество и
    политические партии"); the tests then decide.  Two known rubrics that differ are two
    sections in any language."""
    if not section_a or not section_b or section_a == section_b:
        return True
    if language_a == language_b:
        return False
    return not (known_section(section_a) and known_section(section_b))
