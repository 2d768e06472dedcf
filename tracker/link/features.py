"""Text features for linking: hashed character n-grams, consonant skeletons, sparse helpers.

Pure numpy/scipy, no state.  :func:`char_ngram_counts` makes the same n-grams as
scikit-learn's ``char_wb`` analyzer (3–5 characters inside words) but hashes them in numpy
over a whole batch, many times faster than the Python loops of scikit-learn's analyzers.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from tracker.register import transliterate

N_FEATURES = 2**20
_N_FEATURES = N_FEATURES

_SKELETON_SUBS = (("shch", "sh"), ("kh", "h"), ("g", "h"), ("ts", "c"), ("zh", "z"), ("w", "v"))
_VOWELS = re.compile(r"[aeiouy]+")
_NON_LETTERS = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(text: str) -> str:
    """A consonant skeleton of the transliterated text, for spotting ru/be translations.

    Russian and Belarusian spell the same words with different vowels (akanye: "миротворческая"
    / "міратворчая") and г/х, so the skeleton drops vowels and merges those consonants.
    """
    text = transliterate(text)
    for old, new in _SKELETON_SUBS:
        text = text.replace(old, new)
    words = (_REPEATS.sub(r"\1", _VOWELS.sub("", w)) for w in _NON_LETTERS.sub(" ", text).split())
    return " ".join(w for w in words if w)


def skeleton_similarity(a: str, b: str) -> float:
    """Cosine similarity of the character trigram counts of two skeletons."""
    if not a or not b:
        return 0.0
    grams_a = Counter(a[k : k + 3] for k in range(len(a) - 2))
    grams_b = Counter(b[k : k + 3] for k in range(len(b) - 2))
    dot = sum(count * grams_b[g] for g, count in grams_a.items())
    norm = math.sqrt(sum(c * c for c in grams_a.values()) * sum(c * c for c in grams_b.values()))
    return dot / norm if norm else 0.0


_WORD_CHARS = re.compile(r"[^\w]+|_+")
_PRIME = np.uint32(16_777_619)
_MIX = np.uint32(0x9E3779B1)
_SHIFT = np.uint32(32 - int(math.log2(_N_FEATURES)))


def char_ngram_counts(
    texts: Sequence[str], *, sizes: tuple[int, ...] = (3, 4, 5), chunk_chars: int = 4_000_000
) -> sp.csr_matrix:
    """Counts of hashed character n-grams inside words, as scikit-learn's ``char_wb``.

    Each word is padded with one space on either side and cut into n-grams of each size; an
    n-gram never spans two words.  Text is lower-cased and every run of non-word characters
    becomes one space.  Hashing is done in numpy over the whole batch at once (scikit-learn's
    analyzers loop in Python and are 10–50× slower), into ``2**20`` features.
    """
    rows_out: list[sp.csr_matrix] = []
    batch: list[str] = []
    size = 0
    for text in texts:
        clean = " " + " ".join(_WORD_CHARS.sub(" ", text.lower()).split()) + " "
        batch.append(clean)
        size += len(clean) + 1
        if size >= chunk_chars:
            rows_out.append(_hash_batch(batch, sizes))
            batch, size = [], 0
    if batch or not rows_out:
        rows_out.append(_hash_batch(batch, sizes))
    return sp.vstack(rows_out, format="csr") if len(rows_out) > 1 else rows_out[0]


def _hash_batch(batch: list[str], sizes: tuple[int, ...]) -> sp.csr_matrix:
    if not batch:
        return sp.csr_matrix((0, _N_FEATURES), dtype=np.float32)
    joined = "\x00".join(batch)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) + 1 for t in batch), dtype=np.int64, count=len(batch))
    doc = np.repeat(np.arange(len(batch), dtype=np.int32), lengths)[: codes.size]
    # breaks[i] = number of spaces or separators before position i
    breaks = np.zeros(codes.size + 1, dtype=np.int32)
    np.cumsum((codes == 32) | (codes == 0), out=breaks[1:])
    not_sep = codes != 0
    rows: list[np.ndarray[Any, Any]] = []
    cols: list[np.ndarray[Any, Any]] = []
    rolling = codes.copy()
    for n in range(2, max(sizes) + 1):
        rolling = rolling[:-1] * _PRIME + codes[n - 1 :]
        if n not in sizes:
            continue
        count = rolling.size
        # an n-gram has no space inside (positions 1..n-2) and no separator at its ends
        keep = breaks[n - 1 : n - 1 + count] == breaks[1 : 1 + count]
        keep &= not_sep[:count]
        keep &= not_sep[n - 1 :]
        hashed = (rolling[keep] ^ np.uint32(n)) * _MIX >> _SHIFT
        rows.append(doc[:count][keep])
        cols.append(hashed.astype(np.int32))
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    matrix = sp.csr_matrix(
        (np.ones(row.size, dtype=np.float32), (row, col)), shape=(len(batch), _N_FEATURES)
    )
    matrix.sum_duplicates()
    return matrix


def _l2(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty)."""
    matrix = matrix.tocsr()
    counts = np.diff(matrix.indptr)
    squares = np.add.reduceat(matrix.data.astype(np.float64) ** 2, matrix.indptr[:-1][counts > 0])
    norms = np.ones(matrix.shape[0])
    norms[counts > 0] = np.sqrt(squares)
    norms[norms == 0] = 1.0
    out = sp.csr_matrix(
        (
            (matrix.data / np.repeat(norms, counts)).astype(np.float32),
            matrix.indices,
            matrix.indptr,
        ),
        shape=matrix.shape,
    )
    return out


def _prune(matrix: sp.csr_matrix, idf: np.ndarray[Any, Any], keep: int) -> sp.csr_matrix:
    """Keep the ``keep`` n-grams of each row with the largest tf-idf weight (vectorised).

    ``idf`` holds the weight of each stored entry (aligned with ``matrix.data``).
    """
    matrix = matrix.tocsr()
    counts = np.diff(matrix.indptr)
    if counts.size == 0 or counts.max() <= keep:
        return matrix
    weights = (matrix.data * idf).astype(np.float64)
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    # one stable argsort on "row, then weight descending" (ties keep feature order)
    key = rows + (1.0 - weights / (weights.max() * 1.000001)) * 0.999
    order = np.argsort(key, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size) - np.repeat(matrix.indptr[:-1], counts)
    mask = rank < keep
    # the kept entries stay in row order: the rows' new bounds are known, no re-sorting by row
    indptr = np.zeros(matrix.shape[0] + 1, dtype=matrix.indptr.dtype)
    np.cumsum(np.minimum(counts, keep), out=indptr[1:])
    pruned = sp.csr_matrix((matrix.data[mask], matrix.indices[mask], indptr), shape=matrix.shape)
    pruned.sum_duplicates()  # sorted column indices (a no-op when the input had them)
    return pruned


def _top_per_row(
    rows: np.ndarray[Any, Any],
    issues: np.ndarray[Any, Any],
    score: np.ndarray[Any, Any],
    out: list[list[tuple[int, float]]],
    *,
    per_row: int,
) -> None:
    """Best score per (row, issue), then the ``per_row`` best issues of each row, into ``out``."""
    if rows.size == 0:
        return
    order = np.lexsort((-score, issues, rows))
    rows, issues, score = rows[order], issues[order], score[order]
    first = np.ones(rows.size, dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (issues[1:] != issues[:-1])
    rows, issues, score = rows[first], issues[first], score[first]
    order = np.lexsort((issues, -score, rows))
    rows, issues, score = rows[order], issues[order], score[order]
    sel = _rank_in_group(rows) < per_row
    for r, iss, s in zip(rows[sel], issues[sel], score[sel], strict=True):
        out[int(r)].append((int(iss), float(s)))


def _rank_in_group(keys: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Position of each element within its run of equal (sorted) keys: 0, 1, 2, … per run."""
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    start = np.ones(keys.size, dtype=bool)
    start[1:] = keys[1:] != keys[:-1]
    group_start = np.maximum.accumulate(np.where(start, np.arange(keys.size), 0))
    ranks: np.ndarray[Any, Any] = np.arange(keys.size) - group_start
    return ranks


def anchor_similarity(a: Sequence[str], b: Sequence[str], *, minimum: int = 4) -> float:
    """How alike two anchor sequences (:func:`tracker.lang.anchors`) run: 0 to 1.

    The share of anchors matched in order (difflib's ratio); 0 when either text has fewer
    than ``minimum`` anchors, since a handful of names and numbers says little.
    """
    if len(a) < minimum or len(b) < minimum:
        return 0.0
    return difflib.SequenceMatcher(None, list(a), list(b), autojunk=False).ratio()
