"""Incremental linking: the linker's archive is the database, and a week costs what it holds.

:class:`ArchiveLinker` wraps a :class:`~tracker.link.Linker` whose history is not the whole
archive in memory but, for each week's batch, the few stored assessments that can matter to
it, fetched from the database's own indexes (:mod:`tracker.store.linkstate`):

* the newest assessments whose stemmed search index holds one of each new commentary's key
  words (those it uses most, weighed by their rarity in the archive), ranked by the weight of
  the key words they share;
* the newest assessments of the issues those lead to (the linker weighs recent ones most);
* the assessments of the same week and section (translations) and of the same URL slug
  (renderings).

They are scored exactly as the in-memory linker scores its history, with the document
frequencies of the whole archive, which the database keeps in ``link_state`` and which every
ingest updates in the same transaction as its rows.  A database whose state does not cover
its assessments (an import, a bulk load, a deletion) is counted again on first use.

``ingest`` and ``relink`` both go through :meth:`ArchiveLinker.link_week`, one week at a
time in week order, so that an archive ingested in one go, week by week, or relinked gets the
same links.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlmodel import Session

from tracker.link import HistoryItem, IssueRef, LinkDecision, Linker
from tracker.link.models import url_key
from tracker.models import Commentary
from tracker.store import linkstate as sql

#: Words asked of the search index per new commentary, and matches kept per word.
KEY_WORDS = 10
PER_WORD = 100
#: Archived assessments kept per new commentary from the search index's matches.
BEST_MATCHES = 30
#: Issues whose newest assessments join the candidates, and how many of each.
RECENT_ISSUES = 3
RECENT_PER_ISSUE = 10
#: Archived headlines sampled to tell general words from specific ones in names.
BACKGROUND = 1_500
#: A provisional issue's newest assessments read to improve its name.
NAME_MEMBERS = 100

CreateIssue = Callable[[Commentary, LinkDecision], int]
Progress = Callable[[int, int, str], None]


def pack(frequencies: np.ndarray[Any, Any]) -> bytes:
    """Document frequencies as stored: little-endian 32-bit counts, compressed."""
    return zlib.compress(frequencies.astype("<u4").tobytes(), 1)


def unpack(blob: bytes) -> np.ndarray[Any, Any]:
    return np.frombuffer(zlib.decompress(blob), dtype="<u4").astype(np.float64)


class ArchiveLinker:
    """A linker over the stored archive: see the module docstring.

    ``relink``: candidates come only from weeks before the batch's (the weeks linked so far
    of a relink that walks the archive in week order) and the frequencies start from none.
    """

    def __init__(self, refs: Sequence[IssueRef], *, relink: bool = False) -> None:
        self.linker = Linker(refs)
        self.relink = relink
        self.docs = 0
        self.top_id = 0
        self._session: Session | None = None
        self._background: int | None = None  # archive size when the background was sampled

    # ------------------------------------------------------------------ the kept state

    def begin(self, session: Session, progress: Progress | None = None) -> None:
        """Read the kept state (locked until the transaction ends), counting the archive
        again first if the state does not cover it."""
        self._session = session  # the transaction that names read their sample in
        found = sql.load_link_state(session, lock=True)
        if found is not None:
            self.docs, self.top_id = found[0], found[1]
            self.linker.set_frequencies(unpack(found[2]), self.docs)
            self._apply_pending(session)
        top = sql.largest_id(session)
        if found is None or top > self.top_id:
            # a database from before the state (every later write is queued): count it all
            self._count_archive(session, sql.count_assessments(session), top, progress)
        if self._background is None or self.docs >= 1.5 * self._background + 10:
            # general words are told from specific ones again once the archive grew by half
            self.linker.set_background(self._sample)
            self._background = self.docs
        if self.relink:
            self.linker.set_frequencies(np.zeros_like(self.linker.frequencies()[0]), 0)

    def _sample(self) -> list[str]:
        """Archived headlines and leads to tell general words from specific ones in names
        (read only when a name is needed)."""
        assert self._session is not None, "begin() first"
        return sql.sample_headlines(self._session, BACKGROUND)

    def _apply_pending(self, session: Session) -> None:
        """Bring the state up to date with what was written, edited or deleted other than by
        an ingest (queued by triggers, see m007)."""
        linker = self.linker
        for changes in sql.take_link_pending(session, linker.body_chars):
            for sign, texts in (
                (-1, [before for _, before, _ in changes if before is not None]),
                (1, [after for _, _, after in changes if after is not None]),
            ):
                linker.space.count_documents(
                    [str(t[0] or "") for t in texts],
                    [t[1] for t in texts],
                    [t[2] for t in texts],
                    sign=sign,
                )
                self.docs += sign * len(texts)
            added = [(i, after) for i, before, after in changes if before is None and after]
            if added:
                self.top_id = max(self.top_id, *(i for i, _ in added))
            pairs = [(i, key) for i, a in added if (key := url_key(a[3])) is not None]
            sql.replace_link_urls(session, pairs, clear=False)

    def _count_archive(
        self, session: Session, count: int, top: int, progress: Progress | None
    ) -> None:
        linker = self.linker
        linker.set_frequencies(np.zeros_like(linker.frequencies()[0]), 0)
        sql.replace_link_urls(session, [], clear=True)
        sql.clear_link_pending(session)
        done = 0
        for rows in sql.iter_link_texts(session, linker.body_chars):
            linker.space.count_documents(
                [str(r[1]) for r in rows], [r[2] for r in rows], [r[3] for r in rows]
            )
            pairs = [(int(r[0]), key) for r in rows if (key := url_key(r[4])) is not None]
            sql.replace_link_urls(session, pairs, clear=False)
            done += len(rows)
            if progress is not None:
                progress(done, count, "linker statistics")
        self.docs, self.top_id = count, top
        self.save(session)

    def save(self, session: Session) -> None:
        """Write the state (frequencies of everything stored) in the current transaction."""
        frequencies, counted = self.linker.frequencies()
        if self.relink:  # a relink counted every week again: the same as before
            counted = self.docs
        sql.save_link_state(session, counted, self.top_id, pack(frequencies))

    def stored(self, session: Session, rows: Sequence[tuple[int, Commentary]]) -> None:
        """New assessments ``(id, commentary)`` were written: the state covers them (the
        linker counted them when it linked them)."""
        if not rows:
            return
        self.docs += len(rows)
        self.top_id = max(self.top_id, *(i for i, _ in rows))
        sql.forget_link_pending(session, [i for i, _ in rows])
        pairs = [(i, key) for i, c in rows if (key := url_key(c.url)) is not None]
        sql.replace_link_urls(session, pairs, clear=False)

    # ------------------------------------------------------------------ linking a week

    def link_week(
        self,
        session: Session,
        commentaries: Sequence[Commentary],
        create_issue: CreateIssue,
        week: date | None = None,
    ) -> list[LinkDecision]:
        """Link one week's batch against its candidates from the database (every item joins
        the frequencies); ``week``: the batch's week, for a relink's candidates."""
        before = week if self.relink else None
        if self.relink and week is None:  # a relink's undated come first: no earlier week
            before = date.min
        linker = self.linker
        linker.reset_history()
        ids = self.candidates(session, commentaries, before)
        rows = sql.link_texts(session, ids, linker.body_chars, linker.weak_below())
        linker.add_history((HistoryItem(*r[1:]) for r in rows), count=False)
        return linker.link_many(commentaries, create_issue=create_issue)

    def candidates(
        self, session: Session, commentaries: Sequence[Commentary], before: date | None
    ) -> list[int]:
        """The stored assessments that can matter to these commentaries (module docstring)."""
        linker = self.linker
        found: set[int] = set()
        scores: list[dict[int, float]] = []
        for c in commentaries:
            words = [
                (term, weight)
                for word, weight in linker.key_words(c, KEY_WORDS)
                if (term := _term(word)) is not None
            ]
            matches = sql.term_matches(session, [t for t, _ in words], PER_WORD, before=before)
            score: dict[int, float] = {}
            for k, assessment in matches:
                score[assessment] = score.get(assessment, 0.0) + words[k][1]
            best = dict(sorted(score.items(), key=lambda kv: (-kv[1], -kv[0]))[:BEST_MATCHES])
            scores.append(best)
            found.update(best)
        issue_of = sql.issues_of(session, sorted(found))
        issues: set[int] = set()
        for best in scores:
            mine: dict[int, float] = {}
            for assessment, value in best.items():
                if assessment in issue_of:
                    key = linker.resolve(issue_of[assessment])
                    mine[key] = mine.get(key, 0.0) + value
            ranked = sorted(mine.items(), key=lambda kv: (-kv[1], kv[0]))
            issues.update(i for i, _ in ranked[:RECENT_ISSUES])
        if issues:
            found.update(sql.recent_ids(session, sorted(issues), RECENT_PER_ISSUE, before))
        # the batch's weeks (renderings, translations) and, where a second language is
        # about, the weeks around them (translations by closeness:
        # Linker._mutual_translations); a relink's own week is its batch, and its later
        # weeks are not linked yet
        reach = timedelta(days=2 * linker.same_commentary.mutual_days)
        languages = {c.language or "" for c in commentaries}
        for day in sorted({c.week_start for c in commentaries if not c.undated}):
            around = sql.week_languages(session, day - reach, day + reach, before)
            first, last = (day - reach, day + reach) if len(languages | around) > 1 else (day, day)
            found.update(sql.week_ids(session, first, last, before))
        keys = sorted({s for c in commentaries if (s := url_key(c.url)) is not None})
        found.update(sql.url_ids(session, keys, before))
        return sorted(found)

    # ------------------------------------------------------------------ names

    def improved_names(self, session: Session) -> dict[int, str]:
        """Better names for the provisional issues that grew (from their newest
        assessments, the week's included once stored)."""
        touched = self.linker.touched_provisional()
        if touched:
            ids = sql.recent_ids(session, sorted(touched), NAME_MEMBERS)
            self.linker.reset_history()
            rows = sql.link_texts(session, ids, self.linker.body_chars, self.linker.weak_below())
            self.linker.add_history((HistoryItem(*r[1:]) for r in rows), count=False)
        return self.linker.improved_names()


def _term(word: str) -> str | None:
    """The search index's term for a word (its stem), if it has one."""
    from tracker.lang import terms

    found = terms(word)
    return found[0] if found else None
