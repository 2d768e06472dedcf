"""The linker's feature space: what a commentary is as a vector, and the archive's word
statistics that weigh it.

A commentary is hashed character n-grams of its headline (weighted in) and of its lead and
body opening, sublinear tf, each part of unit length, plus the glossary's concepts in columns
of their own (:mod:`tracker.link.glossary`), so that English, Russian and Belarusian texts on
one subject share features.  Vectors are pruned to their strongest features and weighed by
inverse document frequency; the document frequencies (``df``, ``n_docs``) are the only state,
small and of fixed size, so that a database can keep them (:mod:`tracker.incremental`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from tracker.link.features import N_FEATURES, _l2, _prune, char_ngram_counts
from tracker.link.glossary import N_CONCEPTS, concept_counts
from tracker.models import Commentary
from tracker.register import transliterate

_WORD = re.compile(r"\w+")


class FeatureSpace:
    """Vectors of commentaries and the document frequencies that weigh them.

    ``headline_weight``: the headline's share beside the lead and body; ``body_chars``: how
    much of the body is read; ``max_features`` (+ ``max_concepts``): features kept per
    vector; ``max_df``/``max_df_floor``: an n-gram in more than ``max(max_df * documents,
    max_df_floor)`` documents is left out of comparisons; ``glossary_weight``: the concepts'
    share (0 leaves them out).
    """

    def __init__(
        self,
        *,
        headline_weight: float = 0.3,
        body_chars: int = 700,
        max_features: int = 250,
        max_df: float = 0.01,
        max_df_floor: int = 200,
        glossary_weight: float = 0.65,
        max_concepts: int = 40,
    ) -> None:
        self.headline_weight = headline_weight
        self.body_chars = body_chars
        self.max_features = max_features
        self.max_df = max_df
        self.max_df_floor = max_df_floor
        self.glossary_weight = glossary_weight
        self.max_concepts = max_concepts
        self.df = np.zeros(N_FEATURES + N_CONCEPTS, dtype=np.float64)
        self.n_docs = 0

    def texts(
        self, headlines: Sequence[str], leads: Sequence[str | None], bodies: Sequence[str | None]
    ) -> tuple[list[str], list[str]]:
        heads = [transliterate(h) for h in headlines]
        rest = [
            transliterate(f"{lead or ''} {(body or '')[: self.body_chars]}")
            for lead, body in zip(leads, bodies, strict=True)
        ]
        return heads, rest

    def raw(self, texts: Sequence[str]) -> sp.csr_matrix:
        matrix = char_ngram_counts(texts)
        matrix.data = (1.0 + np.log(matrix.data)).astype(np.float32)  # sublinear tf
        return matrix

    def vectorise(
        self,
        headlines: Sequence[str],
        leads: Sequence[str | None],
        bodies: Sequence[str | None],
        *,
        count: bool = True,
    ) -> sp.csr_matrix:
        """Sublinear-tf rows (headline weighted in), pruned to the strongest n-grams.

        With ``count`` the documents join the document frequencies (only documents that join
        the history should, so that linking without learning changes nothing).  The pruning
        uses the frequencies known now; the idf weighting itself is applied at comparison
        time with the frequencies current then.
        """
        heads, rest = self.texts(headlines, leads, bodies)
        head = _l2(self.raw(heads))
        body = _l2(self.raw(rest))
        combined = (head * self.headline_weight + body).tocsr()
        combined.sum_duplicates()
        concepts = self.concepts(headlines, leads, bodies)
        if concepts is not None:
            combined = sp.hstack([combined, concepts], format="csr")
        if count:  # document frequencies, before pruning
            self.df += np.bincount(combined.indices, minlength=self.df.size)
            self.n_docs += combined.shape[0]
        return _prune(combined, self.idf(combined.indices), self.max_features + self.max_concepts)

    def concepts(
        self,
        headlines: Sequence[str],
        leads: Sequence[str | None],
        bodies: Sequence[str | None],
    ) -> sp.csr_matrix | None:
        """Glossary concepts (:mod:`tracker.link.glossary`): sublinear tf, unit length, weighted.

        They sit in columns of their own after the hashed n-grams, so that commentaries on
        one subject in English, Russian and Belarusian share features.
        """
        if self.glossary_weight <= 0:
            return None
        texts = [
            f"{h} {h} {lead or ''} {(body or '')[: self.body_chars]}"
            for h, lead, body in zip(headlines, leads, bodies, strict=True)
        ]
        counts = concept_counts(texts)
        counts.data = (1.0 + np.log(counts.data)).astype(np.float32)
        weighted = _l2(counts)
        weighted.data *= np.float32(self.glossary_weight)
        return weighted

    def idf(self, indices: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Inverse document frequency (smoothed, as scikit-learn's) of the given features."""
        idf: np.ndarray[Any, Any] = np.log((1.0 + self.n_docs) / (1.0 + self.df[indices])) + 1.0
        return idf

    def weigh(self, matrix: sp.csr_matrix) -> sp.csr_matrix:
        """TF-IDF rows of unit length, without the n-grams common to too many documents.

        An n-gram in more than ``max(max_df * documents, max_df_floor)`` documents says
        little about the issue and makes the sparse products dense, so it is left out (as
        scikit-learn's ``max_df``; the floor keeps small archives intact).
        """
        weighted = matrix.copy()
        weighted.data = (weighted.data * self.idf(weighted.indices)).astype(np.float32)
        cap = max(self.max_df * self.n_docs, self.max_df_floor)
        common = self.df[weighted.indices] > cap
        if common.any():
            weighted.data[common] = 0.0
            weighted.eliminate_zeros()
        return _l2(weighted)

    def frequencies(self) -> tuple[np.ndarray[Any, Any], int]:
        """The document frequency of every feature, and how many documents were counted."""
        return self.df, self.n_docs

    def set_frequencies(self, df: np.ndarray[Any, Any], n_docs: int) -> None:
        """Take the document frequencies of an archive kept elsewhere (a database)."""
        if df.shape != self.df.shape:
            raise ValueError(f"{df.size} frequencies for {self.df.size} features")
        self.df = df.astype(np.float64)
        self.n_docs = int(n_docs)

    def count_documents(
        self,
        headlines: Sequence[str],
        leads: Sequence[str | None],
        bodies: Sequence[str | None],
        *,
        sign: int = 1,
    ) -> None:
        """Count documents into the frequencies without keeping them (rebuilding a state);
        ``sign`` -1 takes them out again (an edited or deleted text)."""
        if not headlines:
            return
        if sign > 0:
            self.vectorise(headlines, leads, bodies, count=True)
            return
        before = self.df.copy(), self.n_docs
        self.df[:] = 0.0
        self.n_docs = 0
        self.vectorise(headlines, leads, bodies, count=True)
        self.df = np.maximum(before[0] - self.df, 0.0)
        self.n_docs = max(before[1] - self.n_docs, 0)

    def key_words(self, commentary: Commentary, keep: int) -> list[tuple[str, float]]:
        """The ``keep`` words of a commentary that say most about it, with their weight: its
        words (of four letters or more) that the archive knows, by how often the headline
        (counted twice), lead and body opening use them times their rarity (the idf of the
        word's rarest character n-gram, whose document frequency bounds the word's own).
        What to ask a full-text index for to find the archived commentaries like it."""
        text = f"{commentary.headline} {commentary.headline} {commentary.lead or ''} "
        text += (commentary.body or "")[: self.body_chars]
        counts: dict[str, int] = {}
        for word in _WORD.findall(text.casefold()):
            if len(word) >= 4 and not word.isdigit():
                counts[word] = counts.get(word, 0) + 1
        if not counts:
            return []
        words = sorted(counts)
        grams = char_ngram_counts([transliterate(w) for w in words]).tocsr()
        weighed: list[tuple[float, str]] = []
        for k, word in enumerate(words):
            found = grams.indices[grams.indptr[k] : grams.indptr[k + 1]]
            least = float(self.df[found].min()) if found.size else 0.0
            if least >= 1:
                idf = float(np.log((1.0 + self.n_docs) / (1.0 + least))) + 1.0
                weighed.append((-(1.0 + np.log(counts[word])) * idf, word))
        weighed.sort()
        return [(w, -score) for score, w in weighed[:keep]]
