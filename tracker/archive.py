"""The archive the use cases share: :class:`Archive`, one database and how it is read.

:class:`tracker.api.Tracker` is composed of pieces, each a group of use cases over the same
database: this :class:`Archive` (sessions, issue names, the queries), and
:class:`tracker.ingest.Ingestion`, :class:`tracker.curation.Curation` and
:class:`tracker.analysis.Analysis`, which are each given the archive and keep what they use
of it.  Nothing here imports the pieces above it, so no module imports back up into
:mod:`tracker.api`.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker import store
from tracker.db import session_scope
from tracker.errors import AmbiguousError, InputError, NotFoundError, TrackerError
from tracker.models import Commentary, Issue, name_key, utcnow
from tracker.query import expand, parse_query
from tracker.register import slugify
from tracker.store.summary import SUMMARY_COLUMNS
from tracker.vocab import Vocabulary, default_vocabulary
from tracker.weeks import parse_date

if TYPE_CHECKING:
    import pandas as pd

DateLike = date | datetime | str | None
#: The orders of search results: best first, or newest first.
SEARCH_SORTS = ("relevance", "date")
ProgressCallback = Callable[[int, int, str], None]
#: How a commentary's import into the database was linked: method, score, runner-up id and
#: the runner-up's score (``("explicit", None, None, None)`` for a named issue).
LinkInfo = tuple[str | None, float | None, int | None, float | None]


class NameCaches(Protocol):
    """Section and source ids by name, looked up once per ingest."""

    sections: dict[str, int]
    sources: dict[str, int]


#: The columns of :meth:`Archive.issues`, in order: the summary's, with whether the issue
#: awaits review after its slug and its undated assessments last.
ISSUE_COLUMNS = [*SUMMARY_COLUMNS[:3], "provisional", *SUMMARY_COLUMNS[3:], "undated"]


def _plain_value(value: Any) -> Any:
    """A summary value as a plain record holds it: a date as ``YYYY-MM-DD``, NaN as None."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_date(value: DateLike, *, what: str = "date") -> date | None:
    """A date from a date, a datetime or text such as ``2019-07-15`` or ``2019-W29``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except TrackerError as exc:
        raise InputError(f"bad {what}: {exc}") from None


class Archive:
    """One tracker database: its sessions, its issues by name, and the queries on it.

    The queries return DataFrames whose columns keep the models' field names (see
    :data:`tracker.store.assessments.FRAME_SQL`).
    """

    def __init__(self, engine: Engine, *, vocabulary: Vocabulary | None = None) -> None:
        self.engine = engine
        self.vocabulary = vocabulary or default_vocabulary()

    def session(self) -> Any:
        """A session in one transaction: committed when the block ends, rolled back on error."""
        return session_scope(self.engine)

    # ------------------------------------------------------------------ issues

    def resolve_issue(self, name: str, session: Session | None = None) -> Issue:
        """The issue called ``name`` (its name, slug or an alias, any case), merges followed."""
        if session is None:
            with self.session() as own:
                return self.resolve_issue(name, own)
        text = name.strip()
        if text.startswith("#") and text[1:].isdigit():
            found = store.get_issue(session, int(text[1:]))
            if found is None:
                raise NotFoundError(
                    f"no issue with id {text}", hint="list them with 'tracker issues'"
                )
            return store.final_issue(session, found)
        hits: dict[int, Issue] = {}
        for issue in store.find_issues(session, name_key(text), slugify(text)):
            final = store.final_issue(session, issue)
            hits[final.id or 0] = final
        if len(hits) == 1:
            return next(iter(hits.values()))
        if len(hits) > 1:
            names = ", ".join(sorted(f"{i.name!r} ({i.slug})" for i in hits.values()))
            raise AmbiguousError(
                f"{text!r} matches several issues: {names}", hint="use the slug to pick one"
            )
        issues = store.list_issues(session)
        choices = {i.name: i for i in issues}
        close = difflib.get_close_matches(text, list(choices), n=5, cutoff=0.5)
        if not close:
            lowered = text.casefold()
            close = [n for n in choices if lowered in n.casefold()][:5]
        hint = (
            "closest: " + "; ".join(repr(c) for c in close)
            if close
            else "list the issues with 'tracker issues'"
        )
        raise NotFoundError(f"no issue named {text!r}", hint=hint)

    def issues(self) -> pd.DataFrame:
        """Every live issue with its section, number of assessments, first and last week,
        last status and current streak (e.g. ``unchanged × 14``) and last headline.

        The database aggregates the assessments (:mod:`tracker.store.summary`): the values
        are those of ``trends.issue_summary`` without loading every assessment."""
        import pandas as pd

        records = self.issue_records()
        frame = pd.DataFrame.from_records(records, columns=ISSUE_COLUMNS)
        for column in ("first_week", "last_week", "last_change"):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        for column in ("issue_id", "assessments", "undated"):
            frame[column] = frame[column].astype("int64")
        frame["provisional"] = frame["provisional"].astype(bool)
        for column in ("weeks", "streak_length", "index", "mean_score"):
            frame[column] = pd.to_numeric(frame[column])  # int64, or float64 with NaN
        return frame

    def issue_records(self) -> list[dict[str, Any]]:
        """:meth:`issues` as plain records (:data:`ISSUE_COLUMNS`; weeks as ``YYYY-MM-DD``,
        None where an issue has no dated assessment), for callers that need no DataFrame:
        ``tracker issues`` prints them without loading pandas."""
        from tracker.store.summary import load_issue_records

        with self.session() as session:
            summary = {
                r["issue_id"]: r for r in load_issue_records(session, scores=self.vocabulary.scores)
            }
            issues = store.list_issues(session)
            sections = {s.id: s.name for s in store.list_sections(session)}
            undated = store.count_undated(session)
        records = []
        for issue in issues:
            found = summary.get(issue.id, {})
            row: dict[str, Any] = {
                column: _plain_value(found.get(column)) for column in ISSUE_COLUMNS
            }
            row.update(
                issue_id=issue.id,
                issue=issue.name,
                slug=issue.slug,
                provisional=bool(issue.provisional),
                section=found.get("section") or sections.get(issue.section_id),
                assessments=int(found.get("assessments", 0)),
                # undated assessments are counted apart: they are in no week, so in no trend
                undated=int(undated.get(issue.id or 0, 0)),
            )
            records.append(row)
        # by section (issues without one last), then name
        records.sort(key=lambda r: (r["section"] is None, r["section"] or "", r["issue"]))
        return records

    def issue_summary(
        self,
        *,
        issue: str | Sequence[str] | None = None,
        section: str | Sequence[str] | None = None,
        source: str | None = None,
        since: DateLike = None,
        until: DateLike = None,
    ) -> pd.DataFrame:
        """``trends.issue_summary`` of the assessments these filters select (as
        :meth:`assessments` reads them), aggregated by the database: one row per issue."""
        from tracker.store.summary import load_issue_summary
        from tracker.trends import sort_by_section

        with self.session() as session:
            chosen = self.selection(
                session, issue=issue, section=section, source=source, since=since, until=until
            )
            summary = load_issue_summary(session, scores=self.vocabulary.scores, **chosen)
        return sort_by_section(summary)

    # ------------------------------------------------------------------ queries

    def assessments(
        self,
        *,
        issue: str | Sequence[str] | None = None,
        section: str | Sequence[str] | None = None,
        source: str | None = None,
        since: DateLike = None,
        until: DateLike = None,
        with_body: bool = False,
        undated: bool = False,
    ) -> pd.DataFrame:
        """Assessments as a frame, filtered by issue(s), section(s), source and period.

        Undated assessments are never in it (they belong to no week); ``undated=True`` gives
        only them, for review (a period then selects nothing).
        """
        with self.session() as session:
            chosen = self.selection(
                session, issue=issue, section=section, source=source, since=since, until=until
            )
            return store.load_assessments(session, with_body=with_body, undated=undated, **chosen)

    def history(self, issue: str, since: DateLike = None, until: DateLike = None) -> pd.DataFrame:
        """One issue's assessments, week by week, with bodies."""
        with self.session() as session:
            found = self.resolve_issue(issue, session)
            assert found.id is not None
            return store.load_assessments(
                session,
                issue_ids=[found.id],
                since=as_date(since, what="--since date"),
                until=as_date(until, what="--until date"),
                with_body=True,
            )

    def week(self, day: DateLike) -> pd.DataFrame:
        """What was assessed in the week containing ``day``."""
        on = as_date(day, what="week date")
        if on is None:
            raise InputError("give a date, e.g. 2019-07-15 or 2019-W29")
        with self.session() as session:
            return store.load_assessments(session, on=on)

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        issue: str | None = None,
        section: str | None = None,
        source: str | None = None,
        since: DateLike = None,
        until: DateLike = None,
        any_language: bool = False,
        sort: str = "relevance",
        by_issue: bool = False,
    ) -> pd.DataFrame:
        """Search headlines, leads and bodies; best matches first, with snippets.

        ``text`` is in the query language of :mod:`tracker.query`: all words by default,
        ``"exact phrase"``, ``-word`` to leave out, ``OR``, ``word*``; every inflected form of
        a word matches.  ``any_language`` also looks for the words in the other two languages
        (the linker's glossary and names across scripts); such hits say ``translation`` in
        ``via``.  ``sort``: ``relevance`` (headlines weigh most, ties to the more recent) or
        ``date``.  ``by_issue``: one row per issue (hits, first and last week of the hits,
        the issue's last status) instead of one per assessment.
        """
        if sort not in SEARCH_SORTS:
            raise InputError(f"unknown sort {sort!r}", hint="use relevance or date")
        if limit < 1:
            raise InputError(f"bad limit {limit}", hint="give a positive number of results")
        parsed = parse_query(text)
        if any_language:
            parsed = expand(parsed)
        with self.session() as session:
            filters = self.filters(session, issue=issue, section=section, source=source)
            where = store.SearchFilters(
                issue_ids=filters.get("issue_ids"),
                section_ids=filters.get("section_ids"),
                source_ids=filters.get("source_ids"),
                since=as_date(since, what="--since date"),
                until=as_date(until, what="--until date"),
            )
            if by_issue:
                return store.search_by_issue(session, parsed, limit=limit, filters=where)
            order: Literal["relevance", "date"] = "date" if sort == "date" else "relevance"
            return store.search_assessments(session, parsed, limit=limit, sort=order, filters=where)

    def reindex_search(self, progress: ProgressCallback | None = None) -> int:
        """Rebuild the search index from every assessment (after the stemmer changed, say)."""
        with self.session() as session:
            return store.reindex(session.connection(), progress)

    def filters(
        self,
        session: Session,
        *,
        issue: str | Sequence[str] | None = None,
        section: str | Sequence[str] | None = None,
        source: str | None = None,
    ) -> dict[str, Any]:
        """The store's filter arguments (``issue_ids``, ``section_ids``, ``source_ids``) for
        issues, sections and a source given by name; an unknown name is an error."""
        out: dict[str, Any] = {}
        if issue:
            names = [issue] if isinstance(issue, str) else list(issue)
            out["issue_ids"] = [int(self.resolve_issue(n, session).id or 0) for n in names]
        if section:
            names = [section] if isinstance(section, str) else list(section)
            out["section_ids"] = [store.resolve_section(session, n).id or 0 for n in names]
        if source:
            out["source_ids"] = [store.resolve_source(session, source).id or 0]
        return out

    def selection(
        self,
        session: Session,
        *,
        issue: str | Sequence[str] | None = None,
        section: str | Sequence[str] | None = None,
        source: str | None = None,
        since: DateLike = None,
        until: DateLike = None,
    ) -> dict[str, Any]:
        """:meth:`filters` and the period (``since``, ``until`` as dates): the store's
        arguments for the assessments the user's filters select."""
        return {
            **self.filters(session, issue=issue, section=section, source=source),
            "since": as_date(since, what="--since date"),
            "until": as_date(until, what="--until date"),
        }

    # ------------------------------------------------------------------ writes

    def row(
        self,
        session: Session,
        c: Commentary,
        issue_id: int,
        caches: NameCaches,
        content_hash: str,
        link: LinkInfo = ("explicit", None, None, None),
    ) -> tuple[Any, ...]:
        """The values of ``store.INSERT_COLUMNS`` that store commentary ``c`` as an
        assessment of ``issue_id`` (its section and source added to the register if new)."""
        section_id = (
            store.get_or_add_section(session, c.section, caches.sections) if c.section else None
        )
        source_id = store.get_or_add_source(session, c.source, caches.sources) if c.source else None
        values = {
            "issue_id": issue_id,
            "source_id": source_id,
            "section_id": section_id,
            "week_start": None if c.undated else c.week_start,
            "week_end": None if c.undated else c.week_end,
            "week_basis": c.week_basis,
            "status": c.status,
            "status_text": c.status_text,
            "headline": c.headline,
            "lead": c.lead,
            "body": c.body,
            "language": c.language,
            "url": c.url,
            "authors": "; ".join(c.authors) if c.authors else None,
            "published_on": c.published_on,
            "origin": c.origin,
            "content_hash": content_hash,
            "ingested_at": utcnow(),
            "link_method": link[0],
            "link_score": link[1],
            "link_runner_up_id": link[2],
            "link_runner_up_score": link[3],
        }
        return tuple(values[c_] for c_ in store.INSERT_COLUMNS)
