"""What the linker works with and returns: issues, archived assessments, decisions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from tracker.models import section_key
from tracker.register import Register, Rules, normalise


@dataclass(frozen=True)
class IssueRef:
    """What the linker knows of an issue."""

    id: int
    name: str
    slug: str = ""
    section: str | None = None
    aliases: Sequence[str] = ()
    rules: Rules | None = None
    merged_into_id: int | None = None
    provisional: bool = False


@dataclass(frozen=True)
class HistoryItem:
    """An earlier assessment of an issue (the archive the linker compares against)."""

    issue_id: int
    section: str | None
    week_start: date
    language: str | None
    headline: str
    lead: str | None = None
    body: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Candidate:
    """An issue considered for a commentary, with its score and the evidence that found it."""

    issue_id: int
    score: float
    method: str


@dataclass(frozen=True)
class LinkDecision:
    """Where a commentary goes and why.

    ``issue_id`` None with ``method="new"`` means: create a provisional issue named
    ``proposed_name``.  ``new_key`` is the placeholder (negative) id of that issue within a
    batch linked without a ``create_issue`` callback.  ``absorbs``: provisional issues that
    join ``issue_id`` with this link (merged into it: their commentaries are this one's
    translations, see :meth:`tracker.link.Linker.link_many`).
    """

    issue_id: int | None
    method: str  # explicit | rule | alias | similarity | translation | new
    score: float | None
    runner_up_id: int | None
    runner_up_score: float | None
    reason: str
    needs_review: bool
    proposed_name: str | None = None
    candidates: tuple[Candidate, ...] = ()
    new_key: int | None = None
    absorbs: tuple[int, ...] = ()


def url_key(url: str | None) -> str | None:
    """The slug of a URL that identifies one commentary across its translations, or None.

    The last path segment, without extension, query or a language prefix; only segments with
    a digit or at least two hyphen-separated words count (``index`` or ``ru`` do not).
    """
    if not url:
        return None
    path = urlsplit(url.strip()).path.rstrip("/")
    segment = path.rsplit("/", 1)[-1].lower() if path else ""
    segment = re.sub(r"\.(html?|php|aspx?)$", "", segment)
    if re.search(r"\d", segment) or (segment.count("-") >= 1 and len(segment) >= 8):
        return segment
    return None


def issue_refs_from_register(register: Register, ids: Sequence[int]) -> list[IssueRef]:
    """IssueRefs for a register's issues, given the ids the store assigned them (in order)."""
    return [
        IssueRef(id_, i.name, i.slug, i.section, tuple(i.aliases), i.rules)
        for id_, i in zip(ids, register.issues, strict=True)
    ]


@lru_cache(maxsize=4096)
def _section_key(name: str | None) -> str:
    """The key under which two sections are one: a rubric and its translations share it
    ("Экономика" is "Economy"; :func:`tracker.sections.canonical_section`), so that a
    translation meets its original's section, as it does once both are stored."""
    if not name:
        return ""
    return section_key(name)


def _alias_pattern(alias: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in normalise(alias).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
