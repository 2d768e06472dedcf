"""Tables and input models.  No I/O here.

Tables are singular.  ``Commentary`` is what every reader in :mod:`tracker.parse` produces
and what ``Tracker.add``/``Tracker.ingest`` store: one commentary of one bulletin, before it is
linked to an issue.  An :class:`Assessment` is a stored commentary linked to an issue.

Statuses are stored as plain text (``improved``, ``unchanged``, ``deteriorated`` or a status a
user added to the vocabulary), or NULL where the page states none.  A week with no assessment
is a gap; nothing ever fills it with ``unchanged``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from typing import Any, Optional

from pydantic import field_validator, model_validator
from sqlalchemy import Column, DateTime, Index, LargeBinary, Table, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from tracker.status import Status

__all__ = [
    "Assessment",
    "AuditLog",
    "Commentary",
    "Issue",
    "IssueAlias",
    "SchemaMigration",
    "Section",
    "Source",
    "Status",
    "name_key",
    "section_key",
    "table_of",
    "utcnow",
]


def table_of(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table of a table model (typed, for Core statements)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def utcnow() -> datetime:
    return datetime.now(UTC)


def _utc_column(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kwargs))


class Source(SQLModel, table=True):
    """A publication, e.g. "Belarus in Focus"."""

    __tablename__ = "source"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs={"unique": True})
    url: Optional[str] = None
    language: Optional[str] = None


class Section(SQLModel, table=True):
    """A rubric of a bulletin ("Security issues"), unique by its normalised name (``key``)."""

    __tablename__ = "section"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    key: str = Field(sa_column_kwargs={"unique": True})


class Issue(SQLModel, table=True):
    """A named long-running topic whose assessments make its history.

    ``merged_into_id`` points at the issue that absorbed this one; merged issues are kept
    (never deleted) so a merge can be undone from the audit trail.  ``provisional`` marks an
    issue created automatically from a headline, waiting for an analyst's review.
    """

    __tablename__ = "issue"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    key: str = Field(index=True)
    slug: str = Field(sa_column_kwargs={"unique": True})
    section_id: Optional[int] = Field(default=None, foreign_key="section.id", index=True)
    description: Optional[str] = Field(default=None, sa_type=Text)
    merged_into_id: Optional[int] = Field(default=None, foreign_key="issue.id", index=True)
    provisional: bool = False
    rules: Optional[str] = Field(default=None, sa_type=Text)
    created_at: datetime = _utc_column(nullable=False)


class IssueAlias(SQLModel, table=True):
    """Another name of an issue; ``key`` is the normalised alias, unique across all issues."""

    __tablename__ = "issue_alias"
    id: Optional[int] = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", index=True)
    alias: str
    key: str = Field(sa_column_kwargs={"unique": True})


#: Assessments whose page printed both their week and their publication day.
PUBLISHED_ON_PAGE = "week_basis = 'page' AND published_on IS NOT NULL AND week_end IS NOT NULL"


class Assessment(SQLModel, table=True):
    """One commentary's verdict on one issue for one week."""

    __tablename__ = "assessment"
    __table_args__ = (
        # holds every column a per-issue summary groups by (tracker/store/summary.py), so
        # the summary reads the index and never the rows; one issue's history reads it too
        Index("ix_assessment_issue_week_status", "issue_id", "week_start", "status", "id"),
        Index(
            "ix_assessment_section_week_issue",
            "section_id",
            "week_start",
            "status",
            "issue_id",
            "id",
        ),
        # newest first, ties by id: a search by date walks it back (m009 added the id)
        Index("ix_assessment_week", "week_start", "id"),
        # a source's weeks: a filter by source, and which sources a period has (m011)
        Index("ix_assessment_source_week", "source_id", "week_start"),
        # a source's latest pages that print both their week and their publication day,
        # newest first: what a source's publication habit is learned from (m010)
        Index(
            "ix_assessment_source_published",
            "source_id",
            "id",
            sqlite_where=text(PUBLISHED_ON_PAGE),
            postgresql_where=text(PUBLISHED_ON_PAGE),
        ),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id")
    source_id: Optional[int] = Field(default=None, foreign_key="source.id")
    section_id: Optional[int] = Field(default=None, foreign_key="section.id")
    week_start: Optional[date] = None
    week_end: Optional[date] = None
    week_basis: Optional[str] = None
    status: Optional[str] = None
    status_text: Optional[str] = None
    headline: str = Field(sa_type=Text)
    lead: Optional[str] = Field(default=None, sa_type=Text)
    body: Optional[str] = Field(default=None, sa_type=Text)
    language: Optional[str] = None
    url: Optional[str] = None
    authors: Optional[str] = None
    published_on: Optional[date] = None
    origin: Optional[str] = None
    content_hash: str = Field(sa_column_kwargs={"unique": True})
    ingested_at: datetime = _utc_column(nullable=False)
    link_method: Optional[str] = None
    link_score: Optional[float] = None
    link_runner_up_id: Optional[int] = Field(default=None, foreign_key="issue.id")
    link_runner_up_score: Optional[float] = None


class Rendering(SQLModel, table=True):
    """One saved rendering of a stored commentary: the file and URL it came from.

    The same commentary saved twice (two layouts of one URL, the old and the new site, a
    partner's republication) is one assessment with a rendering row per file; each
    rendering's ``content_hash`` and ``origin`` make re-ingesting it a no-op (the same text
    saved in another file is one more rendering).  ``url_key`` and
    ``text_key`` (see :func:`rendering_url_key`, :func:`rendering_text_key`) find the
    renderings of a new page.
    """

    __tablename__ = "rendering"
    __table_args__ = (UniqueConstraint("content_hash", "origin"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    origin: Optional[str] = Field(default=None, sa_type=Text)
    url: Optional[str] = None
    url_key: Optional[str] = Field(default=None, index=True)
    text_key: Optional[str] = Field(default=None, index=True)
    language: Optional[str] = None
    content_hash: str = Field(index=True)
    ingested_at: datetime = _utc_column(nullable=False)


class IssueSummary(SQLModel, table=True):
    """What ``tracker issues`` shows of one issue, kept so that it is not recomputed.

    Not a record of its own: :mod:`tracker.store.summary` fills it from the assessments, and
    triggers on ``assessment`` (migration m006) delete an issue's row whenever one of its
    assessments is added, changed or removed, so a row present is a row up to date.  An issue
    without dated assessments has a row with ``assessments = 0``.  ``status_weeks`` is a JSON
    object: weeks per verdict status (the scores are applied when it is read).  Never exported.
    """

    __tablename__ = "issue_summary"
    issue_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    assessments: int = 0
    weeks: int = 0
    first_week: Optional[date] = None
    last_week: Optional[date] = None
    last_status: Optional[str] = None
    streak_length: int = 0
    last_change: Optional[date] = None
    last_id: Optional[int] = None
    status_weeks: Optional[str] = Field(default=None, sa_type=Text)


class LinkState(SQLModel, table=True):
    """The linker's statistics over every stored assessment (one row, see
    :mod:`tracker.link.state`): how many documents were counted, the largest assessment id
    counted, and the document frequency of each linker feature (hashed character n-grams and
    glossary concepts) as a packed array of fixed size, whatever the archive's size.
    """

    __tablename__ = "link_state"
    id: Optional[int] = Field(default=None, primary_key=True)
    docs: int = 0
    top_id: int = 0
    frequencies: bytes = Field(sa_type=LargeBinary)


class LinkUrl(SQLModel, table=True):
    """The URL slug (:func:`tracker.link.models.url_key`) of an assessment that has one, so
    that the linker finds the archived renderings of a new page's URL without a scan."""

    __tablename__ = "link_url"
    id: Optional[int] = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    url_key: str = Field(index=True)


class LinkPending(SQLModel, table=True):
    """A change of the archive that the linker's state (:class:`LinkState`) has yet to take
    in: an assessment written other than by ``ingest`` (``sign`` 1, no text: a ``tracker add``,
    an import, a bulk load), or an assessment's text before an edit or a deletion (``sign``
    -1, with that text).  Triggers on ``assessment`` write these rows; the next ingest
    applies them (see :mod:`tracker.incremental`)."""

    __tablename__ = "link_pending"
    id: Optional[int] = Field(default=None, primary_key=True)
    assessment_id: int = Field(index=True)
    sign: int
    headline: Optional[str] = Field(default=None, sa_type=Text)
    lead: Optional[str] = Field(default=None, sa_type=Text)
    body: Optional[str] = Field(default=None, sa_type=Text)


class AuditLog(SQLModel, table=True):
    """Every edit, re-link, rename, merge and split, with the old value: nothing is lost.

    ``old_value``/``new_value`` hold JSON text; ``batch`` groups the rows of one change so that
    the change can be undone as a whole.
    """

    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = _utc_column(nullable=False)
    batch: Optional[str] = Field(default=None, index=True)
    action: str
    entity: str
    entity_id: Optional[int] = None
    field: Optional[str] = None
    old_value: Optional[str] = Field(default=None, sa_type=Text)
    new_value: Optional[str] = Field(default=None, sa_type=Text)
    note: Optional[str] = Field(default=None, sa_type=Text)


class SchemaMigration(SQLModel, table=True):
    """The migrations applied to this database, by name."""

    __tablename__ = "schema_migration"
    __table_args__ = (UniqueConstraint("name"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    applied_at: datetime = _utc_column(nullable=False)


# --------------------------------------------------------------------------- input model


#: Where a commentary's week came from, best evidence first (see DESIGN.md "Weeks").
_WEEK_BASES = ("page", "published", "url", "file", "user")
#: The week an undated commentary carries in memory (a Monday–Sunday that no bulletin has):
#: ``Commentary.undated`` is the flag to test; it is stored as NULL and shown as nothing.
UNDATED_WEEK = (date(1, 1, 1), date(1, 1, 7))


class Commentary(SQLModel):
    """One commentary as read from a page, a table or typed by hand; not yet linked.

    ``status`` is a canonical (or user-added) status name or None where the page states no
    verdict; ``status_text`` keeps the verdict's original wording.  ``issue`` is an explicit
    link (front matter ``issue:``, a CSV column, ``--issue``) and is usually None.
    ``origin``/``line`` say where it was read, for messages.

    ``week_basis`` says where the week came from (``page``, ``published``, ``url``, ``file``,
    ``user``; see DESIGN.md "Weeks") and ``week_note`` how, for ``tracker parse``.  A
    commentary with no evidence of its week is ``undated``: its week fields then hold
    :data:`UNDATED_WEEK` (never shown, stored as NULL).  They stay typed as dates because the
    linker reads them; test ``undated``, not the dates.
    """

    headline: str
    section: Optional[str] = None
    status: Optional[str] = None
    status_text: Optional[str] = None
    lead: Optional[str] = None
    body: Optional[str] = None
    week_start: date = UNDATED_WEEK[0]
    week_end: date = UNDATED_WEEK[1]
    week_basis: Optional[str] = None
    week_note: Optional[str] = None
    undated: bool = False
    language: Optional[str] = None
    authors: list[str] = Field(default_factory=list)
    published_on: Optional[date] = None
    url: Optional[str] = None
    source: Optional[str] = None
    issue: Optional[str] = None
    origin: Optional[str] = None
    line: Optional[int] = None

    @field_validator("headline")
    @classmethod
    def _headline_not_blank(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("the headline is empty")
        return value

    @model_validator(mode="after")
    def _week_in_order(self) -> Commentary:
        if self.undated or (self.week_start, self.week_end) == UNDATED_WEEK:
            # No evidence of its week: stored undated, never charted until dated.
            self.undated = True
            self.week_start, self.week_end = UNDATED_WEEK
            self.week_basis = None
            return self
        if self.week_basis is None:
            self.week_basis = "page"
        elif self.week_basis not in _WEEK_BASES:
            raise ValueError(
                f"unknown week basis {self.week_basis!r} (one of {', '.join(_WEEK_BASES)})"
            )
        if self.week_end < self.week_start:
            raise ValueError(
                f"the week ends ({self.week_end}) before it starts ({self.week_start})"
            )
        if (self.week_end - self.week_start).days > 31:
            raise ValueError(
                f"the week {self.week_start} – {self.week_end} spans more than a month"
            )
        return self

    def content_hash(self) -> str:
        """A digest of what the commentary says; the same page ingested twice has the same one."""
        # The week counts only where the page or the user states it: a week inferred from
        # a stamp, a URL or a file name may change (a learned offset) for the same text.
        stated = self.week_basis in ("page", "user") and not self.undated
        parts = [
            self.source or "",
            self.week_start.isoformat() if stated else "",
            self.week_end.isoformat() if stated else "",
            _norm(self.section or ""),
            _norm(self.headline),
            self.status or "",
            _norm(self.lead or ""),
            _norm(self.body or ""),
            self.language or "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def section_key(name: str) -> str:
    """The normalised form under which a section is unique (translations count as one)."""
    from tracker.sections import canonical_section

    return _key(canonical_section(name))


def _key(name: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in name.casefold()).split())


def name_key(name: str) -> str:
    """The form under which issue names and aliases are compared (case, spaces, punctuation)."""
    return _key(name.replace("ё", "е"))


# --------------------------------------------------------------------------- renderings

_QUOTES_DASHES = str.maketrans(
    {
        "’": "'", "‘": "'", "‚": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
        "–": "-", "—": "-", "‒": "-", "−": "-", "‑": "-",
        "\u00a0": " ", "ё": "е",
    }
)  # fmt: skip
_URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.)?[^/]+", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """Text compared across renderings: quotes, dashes and spacing unified, case folded."""
    folded = text.translate(_QUOTES_DASHES).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def rendering_url_key(url: str | None) -> str | None:
    """What two renderings of one article share in their URLs, whatever the domain: a long
    descriptive slug (``minsk-seeks-preserve-…``), else the whole path."""
    if not url:
        return None
    path = _URL_RE.sub("", url.strip()).split("#", 1)[0].split("?", 1)[0].strip("/").lower()
    for ending in (".html", ".htm", ".php"):
        path = path.removesuffix(ending)
    if not path:
        return None
    slug = path.rsplit("/", 1)[-1]
    return f"slug:{slug}" if len(slug) >= 20 and slug.count("-") >= 2 else f"path:{path}"


_COPY_RE = re.compile(r"^(?:r\d+|copy\d*|paged?-\d+)$", re.IGNORECASE)
_DOMAIN_RE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)


def rendering_origin_key(url: str | None, origin: str | None) -> str | None:
    """:func:`rendering_url_key` of the URL, or of the one a file name spells when the page
    was saved under its URL (``belarusinfocus.pro__economy__some-slug.txt``)."""
    key = rendering_url_key(url)
    if key is not None or not origin:
        return key
    stem = origin.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    parts = [p for p in stem.split("__") if p]
    if len(parts) < 2 or not _DOMAIN_RE.match(parts[0]):
        return None
    while len(parts) > 2 and _COPY_RE.match(parts[-1]):
        parts.pop()  # "__r2", "__paged-5": another saving of the same page
    return rendering_url_key("https://" + "/".join(parts))


def rendering_text_key(headline: str) -> str:
    """The normalised headline (the leads are compared too, see :func:`same_opening`)."""
    return normalise_text(headline)[:300]


def same_opening(a: str | None, b: str | None, *, chars: int = 300) -> bool:
    """Whether two leads open with nearly the same text (after normalising)."""
    if not a or not b:
        return False
    x, y = normalise_text(a)[:chars], normalise_text(b)[:chars]
    n = min(len(x), len(y))
    if n < 40:
        return x == y
    if x[:n] == y[:n]:
        return True
    from difflib import SequenceMatcher

    return SequenceMatcher(None, x[:n], y[:n], autojunk=False).ratio() >= 0.9
