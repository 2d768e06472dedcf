"""Which issue a commentary belongs to: explicit names, register rules, aliases, similarity.

Pure library code: no database.  The caller (``Tracker.ingest``, ``tracker relink``) builds a
:class:`Linker` from the issues and the archive of earlier assessments, asks it for a
:class:`LinkDecision` per commentary and stores the result.

Order of evidence, first that applies wins:

1. **explicit** — ``Commentary.issue`` names an issue by name, slug or alias
   (case-insensitively); an unknown name raises :class:`~tracker.errors.NotFoundError` listing
   the closest names.
2. **rule** — the register rules of an issue match (:mod:`tracker.register` documents them);
   **alias** — an issue's alias (or a name of two words or more) occurs in the headline.
   When several issues match, the one in the commentary's section and then the most similar
   wins, and the link is sent to review.
3. **translation** — another rendering of the same commentary (a second layout, a partner
   site's republication) or its translation links where its counterpart links: the same URL
   slug in any week; or the same week and section (or no section on one side) with
   near-identical text after transliteration (``rendering_min`` in one language,
   ``translation_min`` across languages), or — across languages — the same names and numbers
   in the same order (:func:`tracker.lang.anchors`, ``anchor_min``), or — across languages —
   each the other's closest text within a week either way
   (:meth:`tracker.link.translations.SameCommentary.mutual`).  A translation that came first
   and opened a provisional issue does not hold its original back: if the original links
   firmly elsewhere, that provisional issue joins the original's (``LinkDecision.absorbs``).
4. **similarity** — nearest earlier assessments by TF-IDF over character n-grams (``char_wb``
   3–5, sublinear tf) of the transliterated headline (weighted) + lead + body opening, so
   that Russian and Belarusian inflections and names in Latin and Cyrillic still meet, plus
   the concepts of a hand-written en/ru/be glossary (:mod:`tracker.link.glossary`, weighted
   by ``glossary_weight``) so that texts on one subject meet across languages.  An assessment
   of another section counts at ``section_penalty`` times its similarity (in full when very
   similar); a stored republication without a section counts under its issue's section;
   older assessments count a little less (time decay).  An issue's score is its best decayed
   similarity.  Above ``threshold`` with ``margin`` over the runner-up: link; above
   ``review_floor`` (``section_floor`` for an issue of the commentary's own named section): link
   but ``needs_review``; below: **new** provisional issue named by
   the key phrase of its commentary (:mod:`tracker.link.naming`), renamed from the phrases
   its commentaries share as they accumulate (:meth:`Linker.improved_names`).  A commentary
   that links to one issue and is also as close as ``bridge`` to a provisional one shows the
   two are one: the provisional issue joins (``absorbs``; the store merges it, audited).

Merged issues redirect to the issue they were merged into.  Decisions are deterministic: the
same issues, history and commentaries in the same order give the same links.

Speed: the weighted archive is kept between calls (new rows are appended as blocks and the
whole is re-weighed once it has grown by a quarter); alias patterns are tried only when the
headline holds their first word; translation skeletons are made only when needed.
Features are hashed (no vocabulary to refit as the archive grows), weighted by the
current document frequencies, pruned to the ``max_features`` strongest n-grams per document,
stripped of n-grams found in more than 1 % of documents (``max_df``), and compared with
sparse matrix products in chunks; only the final per-commentary choice is a
Python loop over a few candidates.

Batches and new issues
----------------------

``link_many(commentaries, create_issue=callback)`` links a batch in week order.  When an item
needs a new issue, the linker calls ``callback(commentary, decision)``; the caller inserts the
provisional issue and returns its id, which the decision then carries (``method="new"``), and
later items of the same batch can link to it.  Every linked item joins the linker's history,
so the next batch sees it.  Without a callback, a new issue gets a negative placeholder id in
``decision.new_key`` (``issue_id`` stays None) and later items that link to it carry that
negative number as ``issue_id``; the caller maps placeholders to real ids and reports them
with :meth:`Linker.register_new`.

Layout: :mod:`tracker.link.models` (the dataclasses), :mod:`tracker.link.features` (n-gram
hashing, skeletons, sparse helpers), :mod:`tracker.link.space` (a commentary as a vector and
the word statistics that weigh it), :mod:`tracker.link.history` (the documents compared
against), :mod:`tracker.link.neighbours` (nearest stored assessments and batch items, with
the section and time factors), :mod:`tracker.link.translations` (renderings and
translations of one commentary), :mod:`tracker.link.engine` (the :class:`Linker`: the order
of evidence and the batch protocol over those pieces), :mod:`tracker.link.naming` (names from
key phrases), :mod:`tracker.link.suggest` (review suggestions that group provisional issues).
Incremental linking against a database is :mod:`tracker.incremental`.

Measured (``python -m bench.linking.run --real-texts …``): on 45 real Belarus in Focus
commentaries in 9 running issues, cold, pairwise precision 1.000 and recall 0.549 (0.438 before
sections counted at a discount); accepting review's suggestions brings recall to 0.660.
"""

from tracker.link.engine import CreateIssue, Linker
from tracker.link.features import char_ngram_counts, skeleton, skeleton_similarity
from tracker.link.glossary import CONCEPTS, concept_counts, concept_names
from tracker.link.models import (
    Candidate,
    HistoryItem,
    IssueRef,
    LinkDecision,
    issue_refs_from_register,
    url_key,
)
from tracker.link.naming import issue_name, key_phrases
from tracker.link.suggest import IssueProfile, Suggestion, suggest

__all__ = [
    "CONCEPTS",
    "Candidate",
    "CreateIssue",
    "HistoryItem",
    "IssueProfile",
    "IssueRef",
    "LinkDecision",
    "Linker",
    "Suggestion",
    "char_ngram_counts",
    "concept_counts",
    "concept_names",
    "issue_name",
    "issue_refs_from_register",
    "key_phrases",
    "skeleton",
    "skeleton_similarity",
    "suggest",
    "url_key",
]
