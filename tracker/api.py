"""The use cases, for the CLI and for notebooks: :class:`Tracker`.

A ``Tracker`` wraps one database.  Each method is one unit of work (one transaction): an
ingest of a file, an import, a merge either happens whole or not at all.  Queries return
pandas DataFrames whose columns keep the models' field names (see
:data:`tracker.store.assessments.FRAME_SQL`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

import pandas as pd
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker import store
from tracker.analysis import AnalysisMixin
from tracker.curation import CurationMixin
from tracker.db import make_engine, session_scope
from tracker.errors import AmbiguousError, InputError, NotFoundError, TrackerError, driver_reason
from tracker.ingest import IngestMixin, _Caches
from tracker.models import Commentary, Issue, name_key, utcnow
from tracker.query import expand, parse_query
from tracker.register import slugify
from tracker.vocab import Vocabulary, default_vocabulary
from tracker.weeks import parse_date, parse_week_range, week_bounds

DateLike = date | datetime | str | None
#: The orders of search results: best first, or newest first.
SEARCH_SORTS = ("relevance", "date")
ProgressCallback = Callable[[int, int, str], None]


def open_tracker(
    url: str | None = None,
    *,
    migrate: bool = True,
    vocabulary: Vocabulary | None = None,
    progress: ProgressCallback | None = None,
) -> Tracker:
    """Open (and on first use, create) the database at ``url``: a path or a SQLAlchemy URL.

    Without ``url``, ``TRACKER_DB`` or ``./tracker.db`` is used.  ``progress`` hears from
    migrations that rebuild data (the search index of an existing archive).
    """
    engine = make_engine(url)
    if migrate:
        store.migrate(engine, progress)
    return Tracker(engine, vocabulary=vocabulary)


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


class Tracker(CurationMixin, AnalysisMixin, IngestMixin):
    """One tracker database and the use cases on it.

    Build it with :func:`open_tracker`.  Methods that read return DataFrames; methods that
    write run in one transaction each and return small frozen dataclasses or ids.
    """

    def __init__(self, engine: Engine, *, vocabulary: Vocabulary | None = None) -> None:
        self.engine = engine
        self.vocabulary = vocabulary or default_vocabulary()

    def __repr__(self) -> str:
        return f"Tracker({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # ------------------------------------------------------------------ schema

    def init(self, progress: ProgressCallback | None = None) -> list[str]:
        """Create or upgrade the schema; return the migrations applied now."""
        return store.migrate(self.engine, progress)

    def session(self) -> Any:
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
        from tracker.store.summary import load_issue_summary

        with self.session() as session:
            summary = load_issue_summary(session, scores=self.vocabulary.scores)
            issues = store.list_issues(session)
            sections = {s.id: s.name for s in store.list_sections(session)}
            undated = store.count_undated(session)
        register = pd.DataFrame(
            {
                "issue_id": [i.id for i in issues],
                "issue": [i.name for i in issues],
                "slug": [i.slug for i in issues],
                "home_section": [sections.get(i.section_id) for i in issues],
                "provisional": [i.provisional for i in issues],
            }
        )
        merged = register.merge(
            summary.drop(columns=[c for c in ("issue", "slug") if c in summary]),
            on="issue_id",
            how="left",
        )
        if "section" in merged:
            merged["section"] = merged["section"].where(
                merged["section"].notna(), merged["home_section"]
            )
        else:
            merged["section"] = merged["home_section"]
        merged = merged.drop(columns=["home_section"])
        merged["assessments"] = merged["assessments"].fillna(0).astype("int64")
        # undated assessments are counted apart: they are in no week, so in no trend
        merged["undated"] = merged["issue_id"].map(undated).fillna(0).astype("int64")
        return merged.sort_values(["section", "issue"], na_position="last").reset_index(drop=True)

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
            summary = load_issue_summary(
                session,
                scores=self.vocabulary.scores,
                **self._filters(session, issue=issue, section=section, source=source),
                since=as_date(since, what="--since date"),
                until=as_date(until, what="--until date"),
            )
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
            return store.load_assessments(
                session,
                with_body=with_body,
                undated=undated,
                **self._filters(session, issue=issue, section=section, source=source),
                since=as_date(since, what="--since date"),
                until=as_date(until, what="--until date"),
            )

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
            filters = self._filters(session, issue=issue, section=section, source=source)
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

    def _filters(
        self,
        session: Session,
        *,
        issue: str | Sequence[str] | None = None,
        section: str | Sequence[str] | None = None,
        source: str | None = None,
    ) -> dict[str, Any]:
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

    # ------------------------------------------------------------------ writes

    def add(
        self,
        *,
        issue: str,
        week: DateLike,
        headline: str,
        status: str | None = None,
        section: str | None = None,
        lead: str | None = None,
        body: str | None = None,
        language: str | None = None,
        url: str | None = None,
        authors: Sequence[str] = (),
        published_on: DateLike = None,
        source: str | None = None,
        new_issue: bool = False,
        year: int | None = None,
    ) -> int:
        """Record one assessment typed by hand; return its id.

        ``week`` is any day of the week (``2019-07-15``, ``2019-W29``) or a range as a
        bulletin writes it.  ``status`` is a status name or a verdict phrase in any
        language; ``None`` means the commentary states no verdict.  An unknown ``issue`` is
        an error unless ``new_issue`` is set.
        """
        start, end = _week_of(week, year)
        canonical = None
        if status is not None and status.strip() and status.strip().lower() not in {"none", "-"}:
            canonical = self.vocabulary.status_of(status)
        try:
            commentary = Commentary(
                headline=headline,
                section=section,
                status=canonical,
                status_text=status if canonical and status != canonical else None,
                lead=lead,
                body=body,
                week_start=start,
                week_end=end,
                week_basis="user",
                language=language,
                authors=list(authors),
                published_on=as_date(published_on, what="publication date"),
                url=url,
                source=source,
                issue=issue,
                origin="manual",
            )
        except ValidationError as exc:
            raise InputError(_validation_message(exc)) from None
        with self.session() as session:
            try:
                target = self.resolve_issue(issue, session)
            except NotFoundError:
                if not new_issue:
                    raise
                section_id = store.get_or_add_section(session, section) if section else None
                target = store.add_issue(session, issue, section_id=section_id)
                store.add_audit(session, "create", "issue", target.id, new={"name": target.name})
            hash_ = commentary.content_hash()
            if store.existing_hashes(session, [hash_]):
                raise InputError(
                    f"this assessment is stored already ({commentary.week_start}, "
                    f"{commentary.headline!r})"
                )
            row = self._row(session, commentary, int(target.id or 0), _Caches(), hash_)
            store.insert_assessments(session, [row])
            new_id = store.assessment_id_by_hash(session, hash_)
            store.add_renderings(session, [store.own_rendering(new_id, commentary, hash_)])
            store.add_audit(
                session,
                "add",
                "assessment",
                new_id,
                new={"issue_id": target.id, "week": str(start)},
            )
            return new_id

    def _row(
        self,
        session: Session,
        c: Commentary,
        issue_id: int,
        caches: _Caches,
        content_hash: str,
        link: tuple[str | None, float | None, int | None, float | None] = (
            "explicit",
            None,
            None,
            None,
        ),
    ) -> tuple[Any, ...]:
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

    # ------------------------------------------------------------------ export / import

    def export(
        self, path: str | Path | TextIO | None = None, *, fmt: str = "json"
    ) -> str | list[Path] | None:
        """Write the whole database (ids kept) as JSON, or as a folder of CSV files.

        The rows are streamed from the database, a thousand at a time, so memory stays
        bounded whatever the archive's size.  ``path`` may be an open text stream (JSON only,
        e.g. ``sys.stdout``); with no ``path`` the JSON is returned as text.
        """
        from tracker.store import transfer

        with self.session() as session:
            if fmt == "csv":
                if path is None or not isinstance(path, str | Path):
                    raise InputError("a CSV export is a folder: give -o FOLDER")
                return transfer.write_csv_folder(session, Path(path))
            if fmt != "json":
                raise InputError(f"unknown export format {fmt!r}", hint="use json or csv")
            return transfer.write_json(
                session, Path(path) if isinstance(path, str | Path) else path
            )

    def import_(self, path: str | Path, progress: ProgressCallback | None = None) -> dict[str, int]:
        """Load an export (JSON file or CSV folder) into this empty database, all or nothing.

        The file is read and written a chunk at a time through the store's bulk path, so
        memory stays bounded whatever its size; ``progress`` hears the bytes read
        (``"import"``) and then the search index being built (``"search index"``)."""
        from sqlalchemy.exc import DBAPIError

        from tracker.store import importer

        source = Path(path)
        try:
            with self.session() as session:
                rows = importer.read_export(source, progress)
                return importer.import_data(session, rows, progress)
        except DBAPIError as exc:  # a constraint, or a value the database refuses
            reason = driver_reason(exc)
            raise InputError(
                f"the export is inconsistent: {reason}",
                path=str(source),
                hint="was it edited by hand? nothing was imported",
            ) from None


def _week_of(value: DateLike, year: int | None) -> tuple[date, date]:
    if value is None or value == "":
        raise InputError("the week is missing", hint="give a day of the week, e.g. 2019-07-15")
    if isinstance(value, str) and any(ch.isalpha() for ch in value) and "W" not in value:
        return parse_week_range(value, year=year)
    day = as_date(value, what="week")
    assert day is not None
    return week_bounds(day)


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()))
        msg = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)
