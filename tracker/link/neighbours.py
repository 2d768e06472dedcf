"""Nearest neighbours by similarity: which stored assessments and which items of a batch
come closest to each new commentary, with the section and time factors applied.

Similarities are products of unit tf-idf rows (:mod:`tracker.link.space`), taken in chunks
of queries against the weighted history in blocks, keeping only pairs near the review floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from tracker.link.features import _rank_in_group, _top_per_row


@dataclass
class Neighbours:
    """``review_floor``: similarity below which nothing is proposed (pairs from 80 % of it
    are kept); ``cross_section``/``section_penalty``: see :meth:`sections`;
    ``decay_floor``/``decay_days``: see :meth:`decay`; ``neighbours``: nearest batch items
    kept per item; ``chunk``: queries multiplied at once."""

    review_floor: float = 0.32
    cross_section: float = 0.60
    section_penalty: float = 0.8
    decay_floor: float = 0.8
    decay_days: float = 365.0
    neighbours: int = 30
    chunk: int = 2000

    def sections(
        self, same: np.ndarray[Any, Any], raw: np.ndarray[Any, Any]
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Which pairs count, and at what share of their similarity, by their sections.

        A pair of two different named sections counts at ``section_penalty`` times its
        similarity (in full from ``cross_section`` on): sites rename their sections ("Society
        and politics" became "Society and political parties") and a running issue crosses
        them now and then.  ``section_penalty`` 0 restores the strict rule (such a pair counts
        only from ``cross_section`` on).  A commentary without a section (a republication)
        meets every section.
        """
        if self.section_penalty <= 0:
            return same | (raw >= self.cross_section), np.ones(raw.size)
        factor = np.where(same | (raw >= self.cross_section), 1.0, self.section_penalty)
        return np.ones(raw.size, dtype=bool), factor

    def decay(self, days: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        gap = np.abs(days).astype(np.float64)
        factor: np.ndarray[Any, Any] = 1.0 - (1.0 - self.decay_floor) * (
            1.0 - np.exp(-gap / self.decay_days)
        )
        return factor

    def in_history(
        self,
        queries: sp.csr_matrix,
        history: list[tuple[int, sp.csr_matrix]],
        h_issue: np.ndarray[Any, Any],
        h_sec: list[str],
        h_day: np.ndarray[Any, Any],
        q_sections: np.ndarray[Any, Any],
        q_days: np.ndarray[Any, Any],
    ) -> list[list[tuple[int, float]]]:
        """The best few archive issues of each query: (issue, decayed similarity)."""
        n = queries.shape[0]
        cands: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        if not history:
            return cands
        # sections as integer codes for fast comparison
        codes = {s: k for k, s in enumerate(sorted(set(h_sec) | set(q_sections)))}
        hs = np.array([codes[s] for s in h_sec], dtype=np.int64)
        qs = np.array([codes[s] for s in q_sections], dtype=np.int64)
        empty = codes.get("", -1)
        for start in range(0, n, self.chunk):
            stop = min(n, start + self.chunk)
            parts: list[tuple[np.ndarray[Any, Any], ...]] = []
            for first, block_t in history:
                sims = (queries[start:stop] @ block_t).tocoo()
                keep = sims.data >= self.review_floor * 0.8
                rows = sims.row[keep] + start
                cols = sims.col[keep] + first
                raw = sims.data[keep].astype(np.float64)
                same_section = (qs[rows] == hs[cols]) | (qs[rows] == empty) | (hs[cols] == empty)
                ok, factor = self.sections(same_section, raw)
                rows, cols, raw = rows[ok], cols[ok], raw[ok]
                score = raw * factor[ok] * self.decay(q_days[rows] - h_day[cols])
                parts.append((rows, h_issue[cols], score))
            _top_per_row(
                np.concatenate([p[0] for p in parts]),
                np.concatenate([p[1] for p in parts]),
                np.concatenate([p[2] for p in parts]),
                cands,
                per_row=4,
            )
        return cands

    def in_batch(
        self,
        queries: sp.csr_matrix,
        q_sections: np.ndarray[Any, Any],
        q_days: np.ndarray[Any, Any],
    ) -> dict[int, list[tuple[int, float, float]]]:
        """For each item, its nearest other items of the batch: (j, decayed score, raw)."""
        n = queries.shape[0]
        pairs: dict[int, list[tuple[int, float, float]]] = {}
        if n < 2:
            return pairs
        t = queries.T.tocsr()
        for start in range(0, n, self.chunk):
            stop = min(n, start + self.chunk)
            sims = (queries[start:stop] @ t).tocoo()
            rows = sims.row + start
            cols = sims.col
            raw = sims.data.astype(np.float64)
            keep = (rows != cols) & (raw >= self.review_floor * 0.8)
            rows, cols, raw = rows[keep], cols[keep], raw[keep]
            same = (
                (q_sections[rows] == q_sections[cols])
                | (q_sections[rows] == "")
                | (q_sections[cols] == "")
            )
            ok, factor = self.sections(same, raw)
            rows, cols, raw = rows[ok], cols[ok], raw[ok]
            score = raw * factor[ok] * self.decay(q_days[rows] - q_days[cols])
            # the strongest neighbours of each item are enough to find its issue
            order = np.lexsort((cols, -score, rows))
            rows, cols, score, raw = rows[order], cols[order], score[order], raw[order]
            sel = _rank_in_group(rows) < self.neighbours
            for r, c, s, v in zip(rows[sel], cols[sel], score[sel], raw[sel], strict=True):
                pairs.setdefault(int(r), []).append((int(c), float(s), float(v)))
        return pairs
