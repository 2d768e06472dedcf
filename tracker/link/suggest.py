"""Review suggestions: provisional issues that probably belong together or to a known issue.

A cold start on a real archive leaves one running topic split over several provisional issues
(the linker links only what it is sure of).  Reviewing them one commentary at a time takes
days; :func:`suggest` groups them so that an analyst accepts or skips a whole group at once,
with the evidence in front of them:

* every issue gets a profile of its commentaries: the Snowball stems of their headlines,
  leads and openings (and pairs of neighbouring stems), and their named people, places and
  organisations keyed across scripts (:func:`tracker.lang.entity_key`), weighted by how rare
  they are among all the issues (tf-idf), each part of unit length;
* a provisional issue whose profile is close enough (``threshold``) to another issue's is
  joined to it; two groups join only if they are that close on average over the pairs
  across them (average linkage, ``group_share``: on the synthetic benchmark single linkage
  chained running issues together, accepting all suggestions at precision 0.741, now 0.846),
  and a group takes at most one confirmed issue, the target, which keeps its name; without
  one, the provisional issue with the most commentaries is the target and the group's name
  is the key phrase its commentaries share (:func:`tracker.link.naming.issue_name`);
* the evidence is what the members share: key phrases, names, and the weeks they span;
  where no key phrase is shared, the words and word pairs that add most to the score.

Pure: profiles in, suggestions out; :mod:`tracker.curation` builds the profiles and applies an
accepted suggestion as merges (audited, undoable).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from tracker.lang import entity_key, entity_mentions, is_function_word, stem, words
from tracker.link.naming import Background, issue_name, key_phrases

if TYPE_CHECKING:
    import pandas as pd


#: two groups join only if the pairs across them are, on average, this share of the
#: threshold close (pairs under the threshold count 0): average rather than single linkage,
#: so that one close pair does not chain two running issues together
GROUP_SHARE = 1.0


@dataclass(frozen=True)
class IssueProfile:
    """What review knows of one issue: its commentaries' texts and weeks."""

    id: int
    name: str
    provisional: bool
    section: str | None
    headlines: Sequence[str]
    texts: Sequence[str]  # lead and opening of each commentary, aligned with headlines
    weeks: Sequence[date]


@dataclass(frozen=True)
class Suggestion:
    """Merge ``members`` into ``target`` (named ``name``): one decision for the analyst."""

    number: int
    target: int
    target_name: str
    name: str
    members: tuple[tuple[int, str], ...]
    score: float
    phrases: tuple[str, ...]
    entities: tuple[str, ...]
    first_week: date
    last_week: date
    commentaries: int
    confirmed_target: bool = False
    scores: dict[int, float] = field(default_factory=dict, compare=False)


def _content_words(text: str) -> list[str]:
    """The words of a text that profiles count (lower case): no short, function or number."""
    return [w for w in words(text) if len(w) > 2 and not is_function_word(w) and not w.isdigit()]


def _features(profile: IssueProfile) -> tuple[Counter[str], Counter[str]]:
    stems: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for headline, text in zip(profile.headlines, profile.texts, strict=True):
        content = [stem(w) for w in _content_words(f"{headline} {text}")]
        stems.update(set(content) | {f"{a} {b}" for a, b in pairwise(content)})
        mentions = entity_mentions(f"{headline}. {text}")
        names.update({entity_key(w) for m in mentions for w in m.split()})
    return stems, names


def _vectors(profiles: Sequence[IssueProfile], entity_weight: float) -> list[dict[str, float]]:
    raw = [_features(p) for p in profiles]
    df: Counter[str] = Counter()
    for stems, names in raw:
        df.update(stems.keys())
        df.update("@" + n for n in names)
    n = len(profiles)
    out = []
    for stems, names in raw:
        vector: dict[str, float] = {}
        for part, weight, prefix in ((stems, 1.0, ""), (names, entity_weight, "@")):
            values = {
                prefix + k: (1 + math.log(c)) * math.log((1 + n) / (1 + df[prefix + k]))
                for k, c in part.items()
            }
            norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
            vector.update({k: weight * v / norm for k, v in values.items()})
        out.append(vector)
    return out


def _common_names(profiles: Sequence[IssueProfile]) -> set[str]:
    """Names in a third of the issues (and four at least): "Belarus", "Lukashenka" are no
    evidence that two issues are one."""
    seen: Counter[str] = Counter()
    for p in profiles:
        seen.update(
            {
                " ".join(entity_key(w) for w in m.split())
                for h, t in zip(p.headlines, p.texts, strict=True)
                for m in entity_mentions(f"{h}. {t}")
            }
        )
    return {k for k, c in seen.items() if c >= max(4, len(profiles) / 3)}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


#: the member issues whose phrases and names a suggestion's name and evidence are drawn from:
#: the target and those closest to it (a large group's are the same few phrases)
EVIDENCE_MEMBERS = 24

#: provisional issues compared with every issue at once (bounds the memory of one product)
PAIR_CHUNK = 500


def _close_pairs(
    vectors: Sequence[dict[str, float]], provisional: Sequence[bool], threshold: float
) -> list[tuple[float, int, int]]:
    """Every pair (score, a, b) of a provisional issue ``a`` and another issue ``b`` whose
    profiles' cosine is ``threshold`` at least, best first (then by ``a``, ``b``); a pair of
    two provisional issues once, with ``a < b``.

    The profiles become the rows of one sparse matrix of unit length, and the provisional
    rows are multiplied with all of them a chunk at a time: a fresh archive of thousands of
    provisional issues is compared in seconds, where a loop over the pairs of dictionaries
    took minutes (:mod:`bench.bench_review`).  Scores are rounded to 12 decimals, so that
    equal profiles tie whatever the order of their sums.
    """
    import numpy as np
    import scipy.sparse as sp

    n = len(vectors)
    if n < 2 or not any(provisional):
        return []
    columns: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for vector in vectors:
        for key, value in vector.items():
            if value:
                indices.append(columns.setdefault(key, len(columns)))
                data.append(value)
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
        shape=(n, max(1, len(columns))),
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sp.diags(1.0 / norms) @ matrix
    others = matrix.T.tocsr()
    is_provisional = np.array(provisional, dtype=bool)
    chosen = np.flatnonzero(is_provisional)
    found: list[tuple[np.ndarray[Any, Any], ...]] = []
    for start in range(0, chosen.size, PAIR_CHUNK):
        rows = chosen[start : start + PAIR_CHUNK]
        sims = (matrix[rows] @ others).tocoo()
        a = rows[sims.row]
        b = sims.col.astype(np.int64)
        score = np.round(sims.data, 12)
        keep = (score >= threshold) & (a != b) & (~is_provisional[b] | (b > a))
        found.append((score[keep], a[keep], b[keep]))
    if not found:
        return []
    score = np.concatenate([f[0] for f in found])
    a = np.concatenate([f[1] for f in found])
    b = np.concatenate([f[2] for f in found])
    order = np.lexsort((b, a, -score))
    return [(float(score[k]), int(a[k]), int(b[k])) for k in order]


def suggest(
    profiles: Sequence[IssueProfile],
    *,
    threshold: float = 0.12,
    entity_weight: float = 0.7,
    group_share: float = GROUP_SHARE,
    limit: int | None = None,
) -> list[Suggestion]:
    """Groups of provisional issues to merge (into a confirmed issue where one fits), with
    their evidence; the first ``limit`` of them only (the same as the first of all).

    Deterministic: the same profiles give the same suggestions, numbered from 1 in order
    of decreasing confidence.
    """
    found = group(
        profiles, threshold=threshold, entity_weight=entity_weight, group_share=group_share
    )
    last = len(found) if limit is None else min(limit, len(found))
    return [found.describe(n) for n in range(1, last + 1)]


@dataclass
class Grouping:
    """The suggestions, numbered, before their evidence: finding the key phrases, names and
    a name for a group costs more than grouping, so only the suggestions shown or accepted
    are described (:meth:`describe`)."""

    profiles: Sequence[IssueProfile]
    vectors: list[dict[str, float]]
    groups: list[tuple[float, int, list[int]]]  # (score, target, members), in number order
    # the archive's background and common names, made on the first describe()
    _context: tuple[Background, set[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __len__(self) -> int:
        return len(self.groups)

    def describe(self, number: int) -> Suggestion:
        """Suggestion ``number`` (from 1) with its evidence."""
        if not 1 <= number <= len(self.groups):
            raise IndexError(f"no suggestion {number} of {len(self.groups)}")
        if self._context is None:
            background = Background()
            background.add(
                f"{h} {t}" for p in self.profiles for h, t in zip(p.headlines, p.texts, strict=True)
            )
            self._context = (background, _common_names(self.profiles))
        score, target, members = self.groups[number - 1]
        background, common = self._context
        made = _suggestion(self.profiles, self.vectors, members, target, score, background, common)
        return replace(made, number=number)


def group(
    profiles: Sequence[IssueProfile],
    *,
    threshold: float = 0.12,
    entity_weight: float = 0.7,
    group_share: float = GROUP_SHARE,
) -> Grouping:
    """The groups that :func:`suggest` describes, numbered (see the module docstring)."""
    vectors = _vectors(profiles, entity_weight)
    pairs = _close_pairs(vectors, [p.provisional for p in profiles], threshold)
    # single linkage, best pairs first; at most one confirmed issue per group
    parent = list(range(len(profiles)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    confirmed_of: dict[int, int] = {k: k for k, p in enumerate(profiles) if not p.provisional}
    best: dict[int, float] = {}
    size = [1] * len(profiles)
    # between two groups (by their roots): the sum of the close pairs' scores across them, so
    # that their average over every pair across is known without visiting the pairs again
    # (pairs under the threshold count 0); kept up to date as groups join
    across: dict[int, dict[int, float]] = {}
    for score, a, b in pairs:  # one entry per pair: a < b for two provisional issues
        across.setdefault(a, {})[b] = score
        across.setdefault(b, {})[a] = score
    for score, a, b in pairs:
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        if ra in confirmed_of and rb in confirmed_of:
            continue
        if group_share > 0:
            mean = across[ra].get(rb, 0.0) / (size[ra] * size[rb])
            if mean < group_share * threshold:
                continue  # a chain through one close pair: the groups as wholes are apart
        keep, gone = (ra, rb) if ra in confirmed_of or rb not in confirmed_of else (rb, ra)
        parent[gone] = keep
        size[keep] += size[gone]
        mine = across[keep]
        mine.pop(gone, None)
        for other, total in across.pop(gone).items():
            if other == keep:
                continue
            mine[other] = mine.get(other, 0.0) + total
            theirs = across[other]
            theirs[keep] = theirs.get(keep, 0.0) + theirs.pop(gone)
        if gone in confirmed_of:
            confirmed_of[keep] = confirmed_of.pop(gone)
        best[keep] = max(best.get(keep, 0.0), best.pop(gone, 0.0), score)
    groups: dict[int, list[int]] = {}
    for k in range(len(profiles)):
        groups.setdefault(root(k), []).append(k)
    chosen: list[tuple[float, int, list[int]]] = []
    for top, members in groups.items():
        if len(members) < 2:
            continue
        target = confirmed_of.get(top)
        if target is None:
            target = max(members, key=lambda k: (len(profiles[k].headlines), -profiles[k].id))
        chosen.append((best[top], target, members))
    chosen.sort(key=lambda g: (-round(g[0], 3), profiles[g[1]].id))
    return Grouping(profiles, vectors, chosen)


def _suggestion(
    profiles: Sequence[IssueProfile],
    vectors: list[dict[str, float]],
    members: list[int],
    target: int,
    score: float,
    background: Background,
    common: set[str],
) -> Suggestion:
    goal = profiles[target]
    closeness = {k: _cosine(vectors[k], vectors[target]) for k in members if k != target}
    # the name and the evidence (phrases and names that at least two member issues use) come
    # from the target and the members closest to it: in a large group, a handful of phrases
    witnesses = [target, *sorted(closeness, key=lambda k: (-closeness[k], k))]
    witnesses = sorted(witnesses[:EVIDENCE_MEMBERS])
    heads = [h for k in witnesses for h in profiles[k].headlines]
    texts = [t for k in witnesses for t in profiles[k].texts]
    name = goal.name if not goal.provisional else issue_name(heads, texts, background)
    per_issue = [
        {
            phrase.casefold()
            for phrase, _ in key_phrases(list(profiles[k].headlines), list(profiles[k].texts))[:40]
        }
        for k in witnesses
    ]
    shared = Counter(x for s in per_issue for x in s)
    phrases = tuple(
        phrase
        for phrase, _ in key_phrases(heads, texts, background)
        if shared[phrase.casefold()] >= 2
    )[:5]
    if not phrases:  # no key phrase in common: show the words that make the score instead
        phrases = _scoring_words(profiles, vectors, witnesses, target)
    mentions: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for p in (profiles[k] for k in witnesses):
        keys: dict[str, None] = {}  # in order of appearance: ties keep it in every process
        for h, t in zip(p.headlines, p.texts, strict=True):
            for m in entity_mentions(f"{h}. {t}"):
                key = " ".join(entity_key(w) for w in m.split())
                if key in common or len(key) < 3:
                    continue
                keys[key] = None
                spelled.setdefault(key, m)
        mentions.update(list(keys))
    entities = tuple(spelled[k] for k, c in mentions.most_common() if c >= 2)[:6]
    weeks = [w for k in members for w in profiles[k].weeks]
    return Suggestion(
        number=0,
        target=goal.id,
        target_name=goal.name,
        name=name,
        members=tuple((profiles[k].id, profiles[k].name) for k in members if k != target),
        score=round(score, 3),
        phrases=phrases,
        entities=entities,
        first_week=min(weeks),
        last_week=max(weeks),
        commentaries=sum(len(profiles[k].headlines) for k in members),
        confirmed_target=not goal.provisional,
        scores={profiles[k].id: round(closeness[k], 3) for k in members if k != target},
    )


_LETTERS = re.compile(r"[^\W\d_]+")


def _scoring_words(
    profiles: Sequence[IssueProfile],
    vectors: list[dict[str, float]],
    witnesses: list[int],
    target: int,
    keep: int = 5,
) -> tuple[str, ...]:
    """The words and word pairs the target shares with the other witnesses that add most to
    their profiles' closeness, as the texts spell them ("security forces", "budget").

    A suggestion's score comes from the stems of whole leads and openings, its key phrases
    from what headlines share; where no key phrase is shared, these say why the issues
    were found close, so that an analyst can judge the suggestion by what it rests on.
    """
    mine = vectors[target]
    weight: dict[str, float] = {}
    for k in witnesses:
        if k != target:
            for key, value in vectors[k].items():
                if not key.startswith("@") and key in mine:
                    weight[key] = weight.get(key, 0.0) + value * mine[key]
    spelling: dict[str, Counter[str]] = {}
    cased: dict[str, Counter[str]] = {}  # a lower-case word -> how the texts write it
    for k in witnesses:
        for headline, text in zip(profiles[k].headlines, profiles[k].texts, strict=True):
            for token in _LETTERS.findall(text):  # inside sentences, a name keeps its capitals
                cased.setdefault(token.casefold(), Counter())[token] += 1
            for w in _content_words(f"{headline} {text}"):
                spelling.setdefault(stem(w), Counter())[w] += 1

    def spelt(part: str) -> str:
        word = spelling[part].most_common(1)[0][0]
        forms = cased.get(word)
        return forms.most_common(1)[0][0] if forms else word

    chosen: list[str] = []
    covered: set[str] = set()
    for key, _value in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0])):
        parts = key.split(" ")
        if all(p in covered for p in parts) or any(p not in spelling for p in parts):
            continue  # nothing new ("forces" after "security forces"), or not in these texts
        chosen.append(" ".join(spelt(p) for p in parts))
        covered.update(parts)
        if len(chosen) == keep:
            break
    return tuple(chosen)


#: The columns of :func:`suggestions_frame`, as ``tracker review`` shows them.
SUGGESTION_COLUMNS = [
    "number", "merge", "into", "name", "commentaries", "weeks", "shared", "names", "score",
]  # fmt: skip


def suggestions_frame(found: Sequence[Suggestion]) -> pd.DataFrame:
    """Suggestions as a table: one row each, the evidence as text."""
    import pandas as pd

    rows = [
        {
            "number": s.number,
            "merge": " + ".join(name for _id, name in s.members),
            "into": s.target_name + ("" if s.confirmed_target else " (provisional)"),
            "name": s.name,
            "commentaries": s.commentaries,
            "weeks": f"{s.first_week} – {s.last_week}",
            "shared": "; ".join(s.phrases),
            "names": ", ".join(s.entities),
            "score": s.score,
        }
        for s in found
    ]
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
