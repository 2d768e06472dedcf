"""The use cases, for the CLI and for notebooks: :class:`Tracker`.

A ``Tracker`` wraps one database.  Each method is one unit of work (one transaction): an
ingest of a file, an import, a merge either happens whole or not at all.  Queries return
pandas DataFrames whose columns keep the models' field names (see
:data:`tracker.store.assessments.FRAME_SQL`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TextIO, TypeVar, overload

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from tracker import store
from tracker.analysis import Analysis
from tracker.archive import SEARCH_SORTS, Archive, DateLike, ProgressCallback, as_date
from tracker.curation import Curation
from tracker.db import make_engine
from tracker.errors import InputError, NotFoundError, driver_reason
from tracker.ingest import Ingestion, _Caches
from tracker.models import Commentary
from tracker.vocab import Vocabulary
from tracker.weeks import parse_week_range, week_bounds

__all__ = [
    "SEARCH_SORTS",
    "DateLike",
    "ProgressCallback",
    "Tracker",
    "as_date",
    "open_tracker",
]

P = ParamSpec("P")
R = TypeVar("R")


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


class _Piece(Generic[P, R]):
    """A method of :class:`Tracker` that one of its pieces answers: ``Tracker.ingest`` is
    ``tracker.ingestion.ingest``, with the same signature and docstring."""

    def __init__(self, piece: str, method: Callable[Concatenate[Any, P], R]) -> None:
        self.piece = piece
        self.method = method
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Callable[Concatenate[Any, P], R]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> Callable[P, R]: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> Callable[..., R]:
        if obj is None:
            return self.method
        bound: Callable[P, R] = getattr(getattr(obj, self.piece), self.method.__name__)
        return bound


class Tracker:
    """One tracker database and the use cases on it.

    Build it with :func:`open_tracker`.  Methods that read return DataFrames; methods that
    write run in one transaction each and return small frozen dataclasses or ids.

    A tracker is composed of named pieces over one :class:`~tracker.archive.Archive`:
    ``archive`` (sessions, issue names, the queries), ``ingestion`` (files, linking, the
    register file), ``curation`` (changing the register, review, undo) and ``analysis``
    (trends, charts, reports).  Their use cases are the tracker's methods.
    """

    def __init__(self, engine: Engine, *, vocabulary: Vocabulary | None = None) -> None:
        self.engine = engine
        self.archive = Archive(engine, vocabulary=vocabulary)
        self._compose()

    def _compose(self) -> None:
        self.ingestion = Ingestion(self.archive)
        self.curation = Curation(self.archive)
        self.analysis = Analysis(self.archive)

    @property
    def vocabulary(self) -> Vocabulary:
        return self.archive.vocabulary

    @vocabulary.setter
    def vocabulary(self, value: Vocabulary) -> None:
        self.archive.vocabulary = value
        self._compose()

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

    def init(self, progress: ProgressCallback | None = None) -> list[str]:
        """Create or upgrade the schema; return the migrations applied now."""
        return store.migrate(self.engine, progress)

    # ------------------------------------------------------------------ the archive's queries

    session = _Piece("archive", Archive.session)
    resolve_issue = _Piece("archive", Archive.resolve_issue)
    issues = _Piece("archive", Archive.issues)
    issue_records = _Piece("archive", Archive.issue_records)
    issue_summary = _Piece("archive", Archive.issue_summary)
    assessments = _Piece("archive", Archive.assessments)
    history = _Piece("archive", Archive.history)
    week = _Piece("archive", Archive.week)
    search = _Piece("archive", Archive.search)
    reindex_search = _Piece("archive", Archive.reindex_search)

    # ------------------------------------------------------------------ ingestion

    parse_without_database = staticmethod(Ingestion.parse_without_database)
    parse = _Piece("ingestion", Ingestion.parse)
    ingest = _Piece("ingestion", Ingestion.ingest)
    relink_all = _Piece("ingestion", Ingestion.relink_all)
    load_register = _Piece("ingestion", Ingestion.load_register)
    dump_register = _Piece("ingestion", Ingestion.dump_register)

    # ------------------------------------------------------------------ curation

    rename_issue = _Piece("curation", Curation.rename_issue)
    merge_issues = _Piece("curation", Curation.merge_issues)
    split_issue = _Piece("curation", Curation.split_issue)
    describe_issue = _Piece("curation", Curation.describe_issue)
    issue_info = _Piece("curation", Curation.issue_info)
    confirm_issue = _Piece("curation", Curation.confirm_issue)
    relink = _Piece("curation", Curation.relink)
    date_assessment = _Piece("curation", Curation.date_assessment)
    undo = _Piece("curation", Curation.undo)
    log = _Piece("curation", Curation.log)
    review = _Piece("curation", Curation.review)
    review_suggestions = _Piece("curation", Curation.review_suggestions)
    accept_suggestions = _Piece("curation", Curation.accept_suggestions)

    # ------------------------------------------------------------------ analysis

    trends = _Piece("analysis", Analysis.trends)
    figure = _Piece("analysis", Analysis.figure)
    chart = _Piece("analysis", Analysis.chart)
    report_content = _Piece("analysis", Analysis.report_content)
    report = _Piece("analysis", Analysis.report)

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
            row = self.archive.row(session, commentary, int(target.id or 0), _Caches(), hash_)
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
        (``"import"``), the search index being built (``"search index"``) and the linker's
        word statistics being counted (``"linker statistics"``), in the same transaction, so
        that the first ingest afterwards reads what it needs and not the whole archive."""
        from sqlalchemy.exc import DBAPIError

        from tracker.incremental import ArchiveLinker
        from tracker.store import importer

        source = Path(path)
        try:
            with self.session() as session:
                rows = importer.read_export(source, progress)
                counts = importer.import_data(session, rows, progress)
                ArchiveLinker([]).begin(session, progress)  # counts what was imported
                return counts
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
