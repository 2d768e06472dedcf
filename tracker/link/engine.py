"""The :class:`Linker`: the order of evidence and the batch protocol (see :mod:`tracker.link`)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import scipy.sparse as sp

from tracker.errors import NotFoundError
from tracker.link.history import Docs, Skeletons
from tracker.link.models import (
    Candidate,
    HistoryItem,
    IssueRef,
    LinkDecision,
    _alias_pattern,
    _section_key,
    url_key,
)
from tracker.link.naming import Background, body_opening, issue_name
from tracker.link.neighbours import Neighbours
from tracker.link.space import FeatureSpace
from tracker.link.translations import BatchIndex, SameCommentary
from tracker.models import UNDATED_WEEK, Commentary
from tracker.register import Rules, normalise, slugify

CreateIssue = Callable[[Commentary, LinkDecision], int]
_UNDATED_DAY = UNDATED_WEEK[0].toordinal()
_WORD = re.compile(r"\w+")
_WORD_LEAD = re.compile(r"^\w+")


class Linker:
    """Links commentaries to issues; see the module docstring for the order of evidence.

    ``threshold``: similarity needed to link without review; ``review_floor``: similarity
    below which a new issue is proposed; ``section_floor``: the same for an issue of the
    commentary's own named section (:meth:`_floor`); ``margin``: lead over the runner-up
    needed to skip review; ``cross_section``: similarity at which another section's
    assessment counts;
    ``translation_min``: similarity of the consonant skeletons (:func:`skeleton`) of two
    same-week, same-section headlines+leads in different languages that makes them
    translations; ``decay_floor``/``decay_days``: an assessment ``decay_days`` older
    counts ``1 - (1 - decay_floor) * (1 - e^-1)``, the oldest ``decay_floor``;
    ``bridge``: similarity to a second, provisional issue at which a commentary's link merges
    that issue into the one it links to (``LinkDecision.absorbs``).
    """

    def __init__(
        self,
        issues: Sequence[IssueRef],
        *,
        threshold: float = 0.33,
        review_floor: float = 0.32,
        margin: float = 0.05,
        cross_section: float = 0.60,
        translation_min: float = 0.6,
        headline_weight: float = 0.3,
        body_chars: int = 700,
        max_features: int = 250,
        max_df: float = 0.01,
        max_df_floor: int = 200,
        decay_floor: float = 0.8,
        decay_days: float = 365.0,
        neighbours: int = 30,
        chunk: int = 2000,
        max_blocks: int = 8,
        glossary_weight: float = 0.65,
        max_concepts: int = 40,
        weak_evidence: bool = False,
        name_language: str | None = None,
        anchor_min: float = 0.6,
        rendering_min: float = 0.85,
        section_penalty: float = 0.8,
        section_floor: float = 0.28,
        bridge: float = 0.40,
    ) -> None:
        self.threshold = threshold
        self.bridge = bridge
        self.section_floor = section_floor
        self.margin = margin
        self.same_commentary = SameCommentary(translation_min, rendering_min, anchor_min)
        self.space = FeatureSpace(
            headline_weight=headline_weight,
            body_chars=body_chars,
            max_features=max_features,
            max_df=max_df,
            max_df_floor=max_df_floor,
            glossary_weight=glossary_weight,
            max_concepts=max_concepts,
        )
        self.nearest = Neighbours(
            review_floor=review_floor,
            cross_section=cross_section,
            section_penalty=section_penalty,
            decay_floor=decay_floor,
            decay_days=decay_days,
            neighbours=neighbours,
            chunk=chunk,
        )
        self.max_blocks = max_blocks
        self.weak_evidence = weak_evidence
        self.name_language = name_language
        self._background: Background | None = None
        self._background_at = 0
        self._background_fixed = False
        self._background_texts: Callable[[], Sequence[str]] = list
        self._touched: set[int] = set()  # issues that gained commentaries since improved_names
        self._docs = Docs()
        # weighted history, transposed, in blocks of rows: (first row, block); see _history_blocks
        self._blocks: list[tuple[int, sp.csr_matrix]] = []
        self._weighted_rows = 0  # history rows already in _blocks
        self._weighted_at = 0  # number of documents when _blocks was last rebuilt whole
        self._issues: dict[int, IssueRef] = {}
        self._names: dict[str, int] = {}
        self._aliases: list[tuple[re.Pattern[str], int, str]] = []
        self._alias_index: dict[str, list[int]] | None = None  # first word -> alias positions
        self._rules: list[tuple[int, Rules]] = []
        self._next_placeholder = -1
        self._register_language: tuple[int, str | None] | None = None  # (version, language)
        self._confirmed_version = 0  # counts changes to confirmed issues
        for ref in issues:
            self.add_issue(ref)

    @property
    def review_floor(self) -> float:
        """Similarity below which a new issue is proposed."""
        return self.nearest.review_floor

    @property
    def section_penalty(self) -> float:
        """The share of its similarity that a pair of two named sections keeps."""
        return self.nearest.section_penalty

    @property
    def body_chars(self) -> int:
        """How much of a body (characters) the features read."""
        return self.space.body_chars

    # ------------------------------------------------------------------ issues & history

    def add_issue(self, ref: IssueRef) -> None:
        """Make an issue known (or update it: a rename, a merge, new aliases or rules)."""
        old = self._issues.get(ref.id)
        known = old is not None
        self._issues[ref.id] = ref
        if not ref.provisional or (old is not None and not old.provisional):
            self._confirmed_version += 1  # the confirmed issues' names may have changed
        if known or ref.merged_into_id is not None or ref.aliases or ref.rules is not None:
            self._reindex()
        else:  # a plain new issue (the common case in a batch): index it alone
            before = len(self._aliases)
            self._index(ref, self._names, self._aliases, self._rules)
            if len(self._aliases) != before:
                self._alias_index = None

    def _reindex(self) -> None:
        names: dict[str, int] = {}
        aliases: list[tuple[re.Pattern[str], int, str]] = []
        rules: list[tuple[int, Rules]] = []
        for ref in sorted(self._issues.values(), key=lambda r: r.id):
            self._index(ref, names, aliases, rules)
        self._names, self._aliases, self._rules = names, aliases, rules
        self._alias_index = None

    @staticmethod
    def _index(
        ref: IssueRef,
        names: dict[str, int],
        aliases: list[tuple[re.Pattern[str], int, str]],
        rules: list[tuple[int, Rules]],
    ) -> None:
        """Add one issue's names, alias patterns and rules to the given indexes."""
        for key in (normalise(ref.name), ref.slug or slugify(ref.name)):
            names.setdefault(key, ref.id)
        for alias in ref.aliases:
            names.setdefault(normalise(alias), ref.id)
            aliases.append((_alias_pattern(alias), ref.id, alias))
        if len(ref.name.split()) >= 2 and not ref.provisional:
            aliases.append((_alias_pattern(ref.name), ref.id, ref.name))
        if ref.rules is not None and not ref.rules.is_empty():
            rules.append((ref.id, ref.rules))

    def knows(self, issue_id: int) -> bool:
        """Whether the linker knows this issue."""
        return issue_id in self._issues

    def resolve(self, issue_id: int) -> int:
        """The issue that ``issue_id`` was (transitively) merged into, or itself."""
        seen = {issue_id}
        current = issue_id
        while True:
            ref = self._issues.get(current)
            if ref is None or ref.merged_into_id is None:
                return current
            current = ref.merged_into_id
            if current in seen:  # a merge cycle is a store bug; stop rather than loop
                return current
            seen.add(current)

    def find_issue(self, name: str) -> int:
        """The (redirected) id of the issue called ``name`` by name, slug or alias."""
        key = normalise(name)
        found = self._names.get(key)
        if found is None:
            found = self._names.get(slugify(name))
        if found is None:
            choices = sorted({r.name for r in self._issues.values()})
            close = difflib.get_close_matches(name, choices, n=5, cutoff=0.5)
            if not close:
                folded = {c.casefold(): c for c in choices}
                close = [
                    folded[c]
                    for c in difflib.get_close_matches(
                        name.casefold(), list(folded), n=5, cutoff=0.4
                    )
                ]
            hint = f"closest: {', '.join(close)}" if close else "see `tracker issues`"
            raise NotFoundError(f"no issue called {name!r}", hint=hint)
        return self.resolve(found)

    def add_history(self, items: Iterable[HistoryItem], *, count: bool = True) -> None:
        """Add earlier assessments (the archive) to compare new commentaries against.

        With ``count`` they join the document frequencies; without, they are candidates
        fetched from a database whose frequencies :meth:`set_frequencies` gave already.
        """
        batch = list(items)
        if not batch:
            return
        matrix = self.space.vectorise(
            [i.headline for i in batch],
            [i.lead for i in batch],
            [i.body for i in batch],
            count=count,
        )
        self._append(
            matrix,
            [i.issue_id for i in batch],
            [_section_key(i.section) for i in batch],
            [i.week_start.toordinal() for i in batch],
            [i.language or "" for i in batch],
            [url_key(i.url) for i in batch],
            [f"{i.headline} {i.lead or ''}" for i in batch],
            [len(i.headline) for i in batch],
            [i.body for i in batch],
        )

    # ------------------------------------------------------------------ state kept elsewhere

    def reset_history(self) -> None:
        """Forget the history (not the document frequencies, nor the issues): the working set
        of a linker whose archive lives in a database is fetched again for each batch."""
        self._docs = Docs()
        self._blocks = []
        self._weighted_rows = 0
        self._weighted_at = 0

    def frequencies(self) -> tuple[np.ndarray[Any, Any], int]:
        """The document frequency of every feature, and how many documents were counted."""
        return self.space.frequencies()

    def set_frequencies(self, df: np.ndarray[Any, Any], n_docs: int) -> None:
        """Take the document frequencies of an archive kept elsewhere (a database)."""
        self.space.set_frequencies(df, n_docs)
        self._blocks = []
        self._weighted_rows = 0

    def set_background(self, texts: Callable[[], Sequence[str]]) -> None:
        """Name provisional issues against the archived headlines and leads that ``texts()``
        gives (a sample a database gives, read when a name is first needed) instead of a
        sample of the history in memory."""
        self._background = None
        self._background_texts = texts
        self._background_fixed = True

    def weak_below(self) -> float | None:
        """The similarity below which a stored link is no evidence for others (see
        :meth:`_weak`), or None when weak links count too."""
        return None if self.weak_evidence else self.threshold

    def touched_provisional(self) -> set[int]:
        """The provisional issues that gained commentaries since :meth:`improved_names`."""
        return {
            i
            for i in self._touched
            if i in self._issues
            and self._issues[i].provisional
            and self._issues[i].merged_into_id is None
        }

    def key_words(self, commentary: Commentary, keep: int) -> list[tuple[str, float]]:
        """What to ask a full-text index for to find archived commentaries like this one
        (:meth:`FeatureSpace.key_words`)."""
        return self.space.key_words(commentary, keep)

    def register_new(self, issue_id: int, commentary: Commentary, name: str | None = None) -> None:
        """Record a provisional issue the caller created for ``commentary`` (and its text)."""
        if issue_id not in self._issues:
            proposed = name or self.name_for([commentary])
            self.add_issue(
                IssueRef(
                    issue_id, proposed, slugify(proposed), commentary.section, provisional=True
                )
            )
        self.add_history([_history(issue_id, commentary)])

    # ------------------------------------------------------------------ names

    def name_for(self, commentaries: Sequence[Commentary]) -> str:
        """A provisional issue's name from the key phrases of its commentaries
        (:mod:`tracker.link.naming`), preferring those in ``name_language``."""
        picked = self._name_language([c.language or "" for c in commentaries])
        chosen = [c for c in commentaries if (c.language or "") == picked]
        return issue_name(
            [c.headline for c in chosen],
            [f"{c.lead or ''} {body_opening(c.body)}" for c in chosen],
            self._background_sample(),
            fallback=chosen[0].headline if chosen else "Untitled issue",
        )

    def _name_language(self, languages: Sequence[str]) -> str:
        """The one language an issue is named in, from its commentaries' languages (first
        the issue's own): the register's (``name_language``, or else the language of the
        confirmed issues' names) where one is in it, else the language most of them are in,
        ties going to the first.  A name is never drawn from two languages: the words a
        translation and its original share are only names and numbers, and the Russian
        half's inflected word ("Рубля") would name an issue opened in English."""
        preferred = self.name_language or self._confirmed_language()
        if preferred is not None and preferred in languages:
            return preferred
        counts = Counter(languages)
        return max(dict.fromkeys(languages), key=lambda lang: counts[lang], default="")

    def _confirmed_language(self) -> str | None:
        """The language the analysts name their issues in: that of the confirmed issues'
        names (None without any), worked out again when the issues change."""
        seen = self._confirmed_version
        if self._register_language is None or self._register_language[0] != seen:
            from tracker.parse.language import detect_language

            names = " ".join(r.name for r in self._issues.values() if not r.provisional)
            self._register_language = (seen, detect_language(names) if names else None)
        return self._register_language[1]

    def free_name(self, name: str, commentary: Commentary) -> str:
        """``name``, or — when another issue is called so — the same told apart by the
        commentary's month ("Security forces, June 2023"), then by a number."""
        if not self._name_taken(name):
            return name
        variants = [] if commentary.undated else [f"{name}, {commentary.week_start:%B %Y}"]
        variants += [f"{name} ({n})" for n in range(2, 1000)]
        return next((v for v in variants if not self._name_taken(v)), name)

    def _name_taken(self, name: str, own: int | None = None) -> bool:
        found = self._names.get(normalise(name))
        return found is not None and self.resolve(found) != own

    def improved_names(self) -> dict[int, str]:
        """New names for the provisional issues whose commentaries grew since the last call.

        A provisional issue is named by what its commentaries share (:func:`issue_name`);
        as more join, the name improves.  Confirmed issues are never renamed.  The returned
        names are already the linker's; the caller stores them.
        """
        touched, self._touched = self._touched, set()
        wanted = {
            i
            for i in touched
            if i in self._issues
            and self._issues[i].provisional
            and self._issues[i].merged_into_id is None
        }
        if not wanted:
            return {}
        docs = self._docs
        members: dict[int, list[int]] = {}
        for k, issue in enumerate(docs.issue):
            if issue in wanted:
                members.setdefault(issue, []).append(k)
        background = self._background_sample()
        renamed: dict[int, str] = {}
        for issue, ks in sorted(members.items()):
            if len(ks) < 2:
                continue
            picked = self._name_language([docs.language[k] for k in ks])
            chosen = [k for k in ks if docs.language[k] == picked]
            heads = [docs.skeleton.texts[k][: docs.headline_chars[k]] for k in chosen]
            rests = [
                f"{docs.skeleton.texts[k][docs.headline_chars[k] :]} {docs.openings.get(k, '')}"
                for k in chosen
            ]
            name = issue_name(heads, rests, background, fallback=self._issues[issue].name)
            # a name another issue has is no improvement: review will suggest merging the two
            if name != self._issues[issue].name and not self._name_taken(name, issue):
                self.add_issue(replace(self._issues[issue], name=name, slug=slugify(name)))
                renamed[issue] = name
        return renamed

    def _background_sample(self) -> Background:
        """Stem frequencies over about 1,500 archived headlines and leads, kept until the
        archive has grown by half (it only tells general words from specific ones)."""
        total = len(self._docs.issue)
        if self._background_fixed:
            if self._background is None:
                self._background = Background()
                self._background.add(list(self._background_texts()))
            return self._background
        if self._background is None or total >= 1.5 * self._background_at + 10:
            step = max(1, total // 1500)
            self._background = Background()
            self._background.add(self._docs.skeleton.texts[::step])
            self._background_at = total
        return self._background

    def _append(
        self,
        matrix: sp.csr_matrix,
        issues: list[int],
        sections: list[str],
        days: list[int],
        languages: list[str],
        urls: list[str | None],
        skeleton_texts: list[str],
        headline_chars: list[int],
        openings: list[str | None],
    ) -> None:
        docs = self._docs
        docs.headline_chars += headline_chars
        first = len(docs.issue)
        for k, (issue, opening) in enumerate(zip(issues, openings, strict=True)):
            ref = self._issues.get(issue)
            if opening and (ref is None or ref.provisional):  # only names need them
                docs.openings[first + k] = body_opening(opening)
        for k, (day, section, url) in enumerate(zip(days, sections, urls, strict=True)):
            bucket = docs.by_week.get((day, section))
            if bucket is None:
                bucket = docs.by_week[(day, section)] = []
                docs.weeks.setdefault(day, []).append(section)
            bucket.append(first + k)
            if url is not None:
                docs.by_url.setdefault(url, []).append(first + k)
        docs.skeleton.extend(skeleton_texts)
        docs.rows.append(matrix)
        docs.issue += issues
        docs.section += sections
        docs.day += days
        docs.language += languages
        docs.url += urls

    def _history_blocks(self) -> list[tuple[int, sp.csr_matrix]]:
        """The weighted history, transposed (features × documents), as (first row, block).

        Weighing and transposing a large archive costs about a second, and ingest links in
        chunks of a few hundred files, so the weighted matrix is kept: rows added since are
        weighed with the document frequencies of now and appended as a block of their own.
        The whole is re-weighed once the archive has grown by a quarter or the blocks are
        many, so the idf weights stay close to those of a fresh build.
        """
        total = len(self._docs.issue)
        if total == 0:
            return []
        if total == self._weighted_rows:
            return self._blocks
        if len(self._docs.rows) > 1:
            self._docs.rows = [sp.vstack(self._docs.rows, format="csr")]
        raw = self._docs.rows[0]
        rebuild = (
            not self._blocks
            or self.space.n_docs > 1.25 * self._weighted_at
            or len(self._blocks) >= self.max_blocks
        )
        if rebuild:
            self._blocks = [(0, self.space.weigh(raw).T.tocsr())]
            self._weighted_at = self.space.n_docs
        else:
            start = self._weighted_rows
            self._blocks.append((start, self.space.weigh(raw[start:total]).T.tocsr()))
        self._weighted_rows = total
        return self._blocks

    def _scoring_sections(self, issues: list[int]) -> list[str]:
        """The section each stored document is compared under: its own, or, for one without a
        section (a republication), the section of the issue it was linked to.

        A section-less text meets every section in full (:meth:`Neighbours.sections`); once
        linked it belongs to its issue, and counting it under no section would let it carry
        a commentary of another section into that issue at full weight (a chain across
        sections through one republication).
        """
        own = self._docs.section
        if all(own):
            return own
        out = list(own)
        for k, section in enumerate(own):
            if not section:
                ref = self._issues.get(issues[k])
                out[k] = _section_key(ref.section) if ref is not None else ""
        return out

    # ------------------------------------------------------------------ linking

    def link(self, commentary: Commentary) -> LinkDecision:
        """Link one commentary (a new issue is proposed, not created: ``issue_id`` None)."""
        return self.link_many([commentary], learn=False)[0]

    def link_many(
        self,
        commentaries: Sequence[Commentary],
        *,
        create_issue: CreateIssue | None = None,
        learn: bool = True,
    ) -> list[LinkDecision]:
        """Link a batch, in week order; decisions come back in input order.

        Items are linked one after another (week, then input order), so an issue created for
        an early item can take later ones.  ``create_issue(commentary, decision) -> id`` makes
        the provisional issue of a "new" decision; without it placeholders are used (module
        docstring).  With ``learn`` every linked item joins the history.
        """
        n = len(commentaries)
        if n == 0:
            return []
        order = sorted(range(n), key=lambda i: (commentaries[i].week_start, i))
        queries_raw = self.space.vectorise(
            [c.headline for c in commentaries],
            [c.lead for c in commentaries],
            [c.body for c in commentaries],
            count=learn,
        )
        q_sections = np.array([_section_key(c.section) for c in commentaries], dtype=object)
        q_days = np.array([c.week_start.toordinal() for c in commentaries], dtype=np.int64)
        q_langs = np.array([c.language or "" for c in commentaries], dtype=object)
        q_urls = [url_key(c.url) for c in commentaries]
        history = self._history_blocks()
        queries = self.space.weigh(queries_raw)
        q_skeletons = Skeletons([f"{c.headline} {c.lead or ''}" for c in commentaries])
        batch = BatchIndex.of(q_days, q_urls)
        h_issues = [self.resolve(x) for x in self._docs.issue]
        hist_cands = self.nearest.in_history(
            queries,
            history,
            np.array(h_issues, dtype=np.int64),
            self._scoring_sections(h_issues),
            np.array(self._docs.day, dtype=np.int64),
            q_sections,
            q_days,
        )
        batch_pairs = self.nearest.in_batch(queries, q_sections, q_days)
        hist_trans = [
            self.same_commentary.in_archive(
                self._docs,
                int(q_days[i]),
                str(q_sections[i]),
                str(q_langs[i]),
                q_urls[i],
                q_skeletons,
                i,
            )
            for i in range(n)
        ]
        mutual = self._mutual_translations(queries, q_days, q_sections, q_langs, hist_trans)

        assigned: list[int | None] = [None] * n  # issue per item once decided
        decisions: list[LinkDecision | None] = [None] * n
        position = {i: p for p, i in enumerate(order)}
        for i in order:
            if decisions[i] is not None:
                continue
            group = self.same_commentary.in_batch(
                batch, i, q_urls, q_sections, q_days, q_langs, q_skeletons, position
            )
            known = {j for j, _why in group}
            group += [
                (j, why)
                for j, why in mutual.get(i, [])
                if j not in known and position[j] > position[i]
            ]
            evidence = dict(group)
            members = [i, *[j for j, _why in group if decisions[j] is None]]
            options = [
                (
                    m,
                    self._decide(
                        m,
                        commentaries[m],
                        assigned,
                        decisions,
                        hist_cands,
                        hist_trans,
                        batch_pairs,
                    ),
                )
                for m in members
            ]
            leader, decision = max(options, key=lambda o: _strength(o[1]))
            if decision.issue_id is None:
                if len(members) > 1:  # named in one language: the register's, if one is there
                    group_texts = [
                        commentaries[m] for m in sorted(members, key=lambda m: m != leader)
                    ]
                    decision = replace(decision, proposed_name=self.name_for(group_texts))
                decision = self._make_new(commentaries[leader], decision, create_issue)
            target = decision.issue_id if decision.issue_id is not None else decision.new_key
            for absorbed in decision.absorbs:
                self._absorb(absorbed, int(target or 0))
            decisions[leader] = decision
            assigned[leader] = target
            for m, own in options:
                if m == leader:
                    continue
                if own.method in ("explicit", "rule") and own.issue_id != target:
                    decisions[m] = own  # an explicit name or a rule outranks the pairing
                    assigned[m] = own.issue_id
                    continue
                # a translation of the commentary that proposed a new issue is reviewed with
                # that provisional issue; only an uncertain link of its original is passed on
                inherited = decision.needs_review and decision.method != "new"
                why = evidence.get(m) or evidence.get(leader) or "same week and section"
                reason = (
                    f"translation of the {commentaries[leader].language or '?'} commentary "
                    f"{commentaries[leader].headline!r} ({why})"
                )
                if decision.method == "new":
                    reason += " (which proposed the new issue; reviewed with it)"
                elif inherited:
                    reason += " (whose own link needs review)"
                decisions[m] = LinkDecision(
                    target, "translation", 1.0, None, None, reason, inherited
                )
                assigned[m] = target
        final = [d for d in decisions if d is not None]
        if learn:
            keep = [
                i for i in range(n) if (assigned[i] or -1) >= 0 and not self._weak(decisions[i])
            ]
            if keep:
                self._append(
                    queries_raw[keep],
                    [int(assigned[i] or 0) for i in keep],
                    [str(q_sections[i]) for i in keep],
                    [int(q_days[i]) for i in keep],
                    [str(q_langs[i]) for i in keep],
                    [q_urls[i] for i in keep],
                    [q_skeletons.texts[i] for i in keep],
                    [len(commentaries[i].headline) for i in keep],
                    [commentaries[i].body for i in keep],
                )
                self._touched.update(int(assigned[i] or 0) for i in keep)
        return final

    def _absorb(self, issue_id: int, into: int) -> None:
        """Merge provisional issue ``issue_id`` into ``into`` (a decision's ``absorbs``):
        its commentaries count as ``into``'s from now on; the caller's store does the same."""
        ref = self._issues[issue_id]
        self._issues[issue_id] = replace(ref, merged_into_id=into)
        self._touched.add(into)

    def _mutual_translations(
        self,
        queries: sp.csr_matrix,
        q_days: np.ndarray[Any, Any],
        q_sections: np.ndarray[Any, Any],
        q_langs: np.ndarray[Any, Any],
        hist_trans: list[tuple[int, float, str] | None],
    ) -> dict[int, list[tuple[int, str]]]:
        """Translations by similarity (:meth:`SameCommentary.mutual`), week by week, among
        the batch and the archive's commentaries of the week and the weeks around it (a
        partner's translation may be dated a week after its original): pairs within the
        batch come back (both ways) for the batch's groups; an archived partner fills
        ``hist_trans``."""
        pairs: dict[int, list[tuple[int, str]]] = {}
        found: set[tuple[int, int]] = set()
        weeks: dict[int, list[int]] = {}
        for i, day in enumerate(q_days):
            weeks.setdefault(int(day), []).append(i)
        docs = self._docs
        weeks.pop(_UNDATED_DAY, None)  # undated: their placeholder week is no week at all
        reach = self.same_commentary.mutual_days
        for day in sorted(weeks):
            # the week's texts, their partners' reach and their partners' rivals'
            span = range(day - 2 * reach, day + 2 * reach + 1)
            items = [i for d in span for i in weeks.get(d, [])]
            archived = [
                doc for d in span for key in docs.weeks.get(d, []) for doc in docs.by_week[(d, key)]
            ]
            languages = [str(q_langs[i]) for i in items] + [docs.language[d] for d in archived]
            if len(set(languages)) < 2:
                continue
            rows = queries[items]
            if archived:
                rows = sp.vstack([rows, self.space.weigh(docs.rows[0][archived])], format="csr")
            days = np.array([int(q_days[i]) for i in items] + [docs.day[d] for d in archived])
            sections = [str(q_sections[i]) for i in items] + [docs.section[d] for d in archived]
            for a, b, score in self.same_commentary.mutual_blocks(
                _similarities(rows), languages, sections, days
            ):
                if a >= len(items) or (
                    int(q_days[items[a]]) != day
                    and (b >= len(items) or int(q_days[items[b]]) != day)
                ):
                    continue  # an archived pair, or one for another week of the batch
                why = f"each the other's closest text of its weeks, {score:.2f}"
                if b < len(items):  # both in the batch
                    if (items[a], items[b]) in found:
                        continue
                    found.add((items[a], items[b]))
                    pairs.setdefault(items[a], []).append((items[b], why))
                    pairs.setdefault(items[b], []).append((items[a], why))
                elif hist_trans[items[a]] is None:
                    hist_trans[items[a]] = (archived[b - len(items)], score, why)
        return pairs

    def _make_new(
        self, commentary: Commentary, decision: LinkDecision, create_issue: CreateIssue | None
    ) -> LinkDecision:
        if create_issue is not None:
            name = self.free_name(decision.proposed_name or self.name_for([commentary]), commentary)
            decision = replace(decision, proposed_name=name)
            new_id = create_issue(commentary, decision)
            self.add_issue(
                IssueRef(new_id, name, slugify(name), commentary.section, provisional=True)
            )
            return replace(decision, issue_id=new_id)
        key = self._next_placeholder
        self._next_placeholder -= 1
        return replace(decision, new_key=key)

    # ------------------------------------------------------------------ evidence

    def _decide(
        self,
        i: int,
        c: Commentary,
        assigned: list[int | None],
        decisions: list[LinkDecision | None],
        hist_cands: list[list[tuple[int, float]]],
        hist_trans: list[tuple[int, float, str] | None],
        batch_pairs: dict[int, list[tuple[int, float, float]]],
    ) -> LinkDecision:
        if c.issue:
            target = self.find_issue(c.issue)
            return LinkDecision(
                target, "explicit", 1.0, None, None, f"named explicitly as {c.issue!r}", False
            )
        similar = self._similar(i, assigned, decisions, hist_cands, batch_pairs)
        by_rule = self._match_rules(c)
        if by_rule:
            return self._choose_matched(by_rule, c, similar)
        # translation of an archived commentary
        partner = hist_trans[i]
        if partner is not None:
            doc, score, why = partner
            target = self.resolve(self._docs.issue[doc])
            ref = self._issues.get(target)
            if ref is not None and ref.provisional:
                # the translation came first and opened (or joined) a provisional issue; if
                # the original links firmly elsewhere, that issue joins the original's
                own = self._by_similarity(c, [s for s in similar if s[0] != target])
                if own.issue_id is not None and own.issue_id >= 0 and not own.needs_review:
                    return replace(
                        own,
                        reason=f"{own.reason}; its archived {self._docs.language[doc] or '?'} "
                        f"translation's provisional issue {ref.name!r} joins it ({why})",
                        absorbs=(target, *own.absorbs),
                    )
            return LinkDecision(
                target,
                "translation",
                round(score, 4),
                None,
                None,
                f"translation of an archived {self._docs.language[doc] or '?'} commentary of "
                f"the same week and section ({why})",
                False,
            )
        return self._by_similarity(c, similar)

    def _weak(self, decision: LinkDecision | None) -> bool:
        """A link below the threshold (or a flagged translation of one): no evidence for others.

        Otherwise one weak wrong link makes the next commentaries of its issue look like
        the wrong issue's history, and the error spreads with high scores.
        """
        if self.weak_evidence or decision is None:
            return False
        if decision.method == "translation":
            return decision.needs_review
        return decision.method == "similarity" and (decision.score or 0.0) < self.threshold

    def _similar(
        self,
        i: int,
        assigned: list[int | None],
        decisions: list[LinkDecision | None],
        hist_cands: list[list[tuple[int, float]]],
        batch_pairs: dict[int, list[tuple[int, float, float]]],
    ) -> list[tuple[int, float]]:
        """Issue candidates (best first) from the archive and earlier items of the batch."""
        best: dict[int, float] = {}
        for issue, score in hist_cands[i]:
            issue = self.resolve(issue)
            if score > best.get(issue, 0.0):
                best[issue] = score
        for j, score, _raw in batch_pairs.get(i, []):
            target = assigned[j]
            if target is None or self._weak(decisions[j]):
                continue
            target = self.resolve(target) if target >= 0 else target
            if score > best.get(target, 0.0):
                best[target] = score
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))

    def _named_by(
        self, into: int, c: Commentary, similar: list[tuple[int, float]]
    ) -> tuple[int, ...]:
        """The provisional issues that a commentary linked to ``into`` by its rules or an
        alias joins to it: those it is as close to as a link needs (``threshold``) whose
        name — the phrase their commentaries share — or one of whose commentaries (headline,
        lead and opening) ``into``'s rules or aliases match too.  Their early commentaries
        came before anything the register knows was in a headline."""
        docs = self._docs
        found: list[int] = []
        for issue in self._bridged(into, similar, self.threshold):
            texts = [self._issues[issue].name] + [
                f"{docs.skeleton.texts[k]} {docs.openings.get(k, '')}"
                for k, i in enumerate(docs.issue)
                if self.resolve(i) == issue
            ]
            if any(
                hit == into
                for text in texts
                for hit, _how in self._matches(text, "", "", c.language)
            ):
                found.append(issue)
        return tuple(found)

    def _match_rules(self, c: Commentary) -> list[tuple[int, str]]:
        return self._matches(c.headline, c.lead, c.body, c.language)

    def _matches(
        self, headline_text: str, lead: str | None, body: str | None, language: str | None
    ) -> list[tuple[int, str]]:
        """The issues whose rules match these texts or whose alias the headline holds."""
        found: dict[int, str] = {}
        texts = {"headline": headline_text, "lead": lead, "body": body}
        for issue_id, rules in self._rules:
            if rules.matches(texts, language):
                found.setdefault(self.resolve(issue_id), "rule")
        headline = normalise(headline_text)
        index = self._aliases_by_word()
        positions = {k for word in set(_WORD.findall(headline)) for k in index.get(word, ())}
        for k in sorted(positions | set(index.get("", ()))):
            pattern, issue_id, alias = self._aliases[k]
            if pattern.search(headline):
                found.setdefault(self.resolve(issue_id), f"alias:{alias}")
        return sorted(found.items())

    def _aliases_by_word(self) -> dict[str, list[int]]:
        """Alias patterns by the leading word characters of their first word.

        An alias pattern matches only where that run is a whole word of the headline (it
        starts after a non-word character and the alias goes on with a non-word character or
        a space), so only the patterns keyed by a word of the headline need trying; an alias
        starting with a non-word character sits under ``""`` and is always tried.
        """
        if self._alias_index is None:
            index: dict[str, list[int]] = {}
            for k, (_pattern, _issue, alias) in enumerate(self._aliases):
                words = normalise(alias).split()
                lead = _WORD_LEAD.match(words[0]) if words else None
                index.setdefault(lead.group(0) if lead else "", []).append(k)
            self._alias_index = index
        return self._alias_index

    def _choose_matched(
        self, matched: list[tuple[int, str]], c: Commentary, similar: list[tuple[int, float]]
    ) -> LinkDecision:
        sim = dict(similar)
        section = _section_key(c.section)

        def rank(item: tuple[int, str]) -> tuple[int, float, int]:
            ref = self._issues.get(item[0])
            same = bool(section) and ref is not None and _section_key(ref.section) == section
            return (0 if same else 1, -sim.get(item[0], 0.0), item[0])

        ordered = sorted(matched, key=rank)
        issue_id, how = ordered[0]
        method = "rule" if how == "rule" else "alias"
        name = self._issues[issue_id].name if issue_id in self._issues else str(issue_id)
        reason = (
            f"register rules of {name!r} match"
            if method == "rule"
            else f"headline contains the alias {how.split(':', 1)[1]!r} of {name!r}"
        )
        runner = ordered[1] if len(ordered) > 1 else None
        if runner is not None:
            reason += f"; rules or aliases of {len(ordered) - 1} more issue(s) match too"
        cands = tuple(
            Candidate(i, sim.get(i, 0.0), "rule" if h == "rule" else "alias")
            for i, h in ordered[:5]
        )
        absorbs = (
            ()
            if runner is not None
            else tuple(
                dict.fromkeys(
                    [*self._bridged(issue_id, similar), *self._named_by(issue_id, c, similar)]
                )
            )
        )
        reason += self._joining(absorbs)
        return LinkDecision(
            issue_id,
            method,
            1.0,
            runner[0] if runner else None,
            1.0 if runner else None,
            reason,
            runner is not None,
            candidates=cands,
            absorbs=absorbs,
        )

    def _joining(self, absorbs: tuple[int, ...]) -> str:
        """What a decision's reason adds for the provisional issues it absorbs."""
        return "; " + ", ".join(self._label(i) for i in absorbs) + " joins it" if absorbs else ""

    def _bridged(
        self, into: int, similar: list[tuple[int, float]], bridge: float | None = None
    ) -> tuple[int, ...]:
        """The provisional issues besides ``into`` that a commentary linked to ``into`` is
        as close to as ``bridge``: it shows they are one (an early commentary of a running
        issue that found no match opened its own).  None while ``into`` is a placeholder:
        a batch linked without ``create_issue`` merges nothing."""
        if into < 0:
            return ()
        return tuple(
            issue
            for issue, score in similar
            if score >= (self.bridge if bridge is None else bridge)
            and issue != into
            and (ref := self._issues.get(issue)) is not None
            and ref.provisional
            and ref.merged_into_id is None
        )

    def _by_similarity(self, c: Commentary, similar: list[tuple[int, float]]) -> LinkDecision:
        cands = tuple(Candidate(i, round(s, 4), "similarity") for i, s in similar[:5])
        best_id, best = similar[0] if similar else (None, 0.0)
        runner_id, runner = similar[1] if len(similar) > 1 else (None, 0.0)
        if best_id is None or best < self._floor(c, best_id):
            name = self.name_for([c])
            why = (
                f"no earlier assessment is similar enough (best {best:.3f} < "
                f"{self.review_floor:.3f}, {self._label(best_id)})"
                if best_id is not None
                else "no similar earlier assessment"
                + (f" in section {c.section!r}" if c.section else "")
            )
            return LinkDecision(
                None,
                "new",
                round(best, 4) if best_id is not None else None,
                best_id,
                round(best, 4) if best_id is not None else None,
                f"{why}; new provisional issue {name!r}",
                True,
                name,
                cands,
            )
        label = self._label(best_id)
        reason = f"most similar to earlier assessments of {label} ({best:.2f})"
        if runner_id is not None:
            reason += f"; runner-up {self._label(runner_id)} ({runner:.2f})"
        review = best < self.threshold or best - runner < self.margin
        if review:
            reason += " — below the link threshold" if best < self.threshold else " — low margin"
        absorbs = self._bridged(best_id, similar)
        reason += self._joining(absorbs)
        return LinkDecision(
            best_id,
            "similarity",
            round(best, 4),
            runner_id,
            round(runner, 4) if runner_id is not None else None,
            reason,
            review,
            None,
            cands,
            absorbs=absorbs,
        )

    def _floor(self, c: Commentary, issue_id: int) -> float:
        """The similarity below which ``c`` opens a new issue rather than a reviewed link to
        ``issue_id``: ``review_floor``, or the lower ``section_floor`` when the issue belongs
        to the commentary's own named section (a running issue's next commentary in its
        section, weeks or months later, shares fewer words than a translation does)."""
        ref = self._issues.get(issue_id)
        section = _section_key(c.section)
        if ref is not None and section and _section_key(ref.section) == section:
            return min(self.section_floor, self.review_floor)
        return self.review_floor

    def _label(self, issue_id: int) -> str:
        ref = self._issues.get(issue_id)
        if ref is None:
            return f"new issue {issue_id}" if issue_id < 0 else f"issue {issue_id}"
        return repr(ref.name)


def _similarities(
    vectors: sp.csr_matrix,
) -> Callable[[np.ndarray[Any, Any], np.ndarray[Any, Any]], np.ndarray[Any, Any]]:
    """The similarities of some rows of ``vectors`` to some others, as a dense block."""

    def block(rows: np.ndarray[Any, Any], cols: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.asarray((vectors[rows] @ vectors[cols].T).toarray())

    return block


def _history(issue_id: int, c: Commentary) -> HistoryItem:
    return HistoryItem(
        issue_id, c.section, c.week_start, c.language, c.headline, c.lead, c.body, c.url
    )


def _strength(decision: LinkDecision) -> tuple[int, float]:
    """How convincing a decision is, to pick the leader of a group of translations."""
    rank = {"explicit": 5, "rule": 4, "alias": 4, "translation": 3, "similarity": 2, "new": 0}
    review = 0 if decision.needs_review else 1
    return (rank.get(decision.method, 1) * 2 + review, decision.score or 0.0)
