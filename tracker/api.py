"""The use cases, for the CLI and for notebooks: :class:`Tracker`.

A ``Tracker`` wraps one database.  Each method is one unit of work (one transaction): an
ingest of a file, an import, a merge either happens whole or not at all.  Queries return
pandas DataFrames whose columns keep the models' field names (see
:data:`tracker.store.assessments.FRAME_SQL`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker import store
from tracker.analysis import AnalysisMixin
from tracker.curation import CurationMixin
from tracker.db import make_engine, session_scope
from tracker.errors import AmbiguousError, InputError, NotFoundError, TrackerError
from tracker.models import Commentary, Issue, name_key, utcnow
from tracker.register import slugify
from tracker.vocab import Vocabulary, default_vocabulary
from tracker.weeks import parse_date, parse_week_range, week_bounds

DateLike = date | datetime | str | None


def open_tracker(
    url: str | None = None, *, migrate: bool = True, vocabulary: Vocabulary | None = None
) -> Tracker:
    """Open (and on first use, create) the database at ``url``: a path or a SQLAlchemy URL.

    Without ``url``, ``TRACKER_DB`` or ``./tracker.db`` is used.
    """
    engine = make_engine(url)
    if migrate:
        store.migrate(engine)
    return Tracker(engine, vocabulary=vocabulary)


def as_date(value: DateLike, *, what: str = "date") -> date | None:
    """A date from a date, a datetime or text such as ``2019-07-15`` or ``2019-W29``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    try:
        return parse_date(str(value))
    except TrackerError as exc:
        raise InputError(f"bad {what}: {exc}") from None


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input file."""

    path: str
    added: int = 0
    present: int = 0
    skipped: str | None = None
    error: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class IngestSummary:
    """The result of an ingest: counts and one outcome per file."""

    files: tuple[FileOutcome, ...] = ()
    dry_run: bool = False

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def present(self) -> int:
        return sum(f.present for f in self.files)

    @property
    def skipped(self) -> list[FileOutcome]:
        return [f for f in self.files if f.skipped]

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.error]


@dataclass(frozen=True)
class RegisterSummary:
    """What ``load_register`` did."""

    issues: int
    created: int
    updated: int


@dataclass
class _Caches:
    sections: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)


ProgressCallback = Callable[[int, int, str], None]

#: Files written per transaction by ``ingest`` (each file still goes in whole or not at all).
INGEST_CHUNK = 200


class Tracker(CurationMixin, AnalysisMixin):
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

    def init(self) -> list[str]:
        """Create or upgrade the schema; return the migrations applied now."""
        return store.migrate(self.engine)

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
            return _final(found, session)
        hits: dict[int, Issue] = {}
        for issue in store.find_issues(session, name_key(text), slugify(text)):
            final = _final(issue, session)
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
        last status and current streak (e.g. ``unchanged × 14``) and last headline."""
        from tracker import trends

        frame = self.assessments()
        summary = trends.issue_summary(frame, scores=self.vocabulary.scores)
        with self.session() as session:
            issues = store.list_issues(session)
            sections = {s.id: s.name for s in store.list_sections(session)}
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
        return merged.sort_values(["section", "issue"], na_position="last").reset_index(drop=True)

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
    ) -> pd.DataFrame:
        """Assessments as a frame, filtered by issue(s), section(s), source and period."""
        with self.session() as session:
            return store.load_assessments(
                session,
                with_body=with_body,
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
        since: DateLike = None,
        until: DateLike = None,
    ) -> pd.DataFrame:
        """Full-text search over headline, lead and body; best matches first, with snippets."""
        with self.session() as session:
            filters = self._filters(session, issue=issue, section=section)
            return store.search_assessments(
                session,
                text,
                limit=limit,
                issue_ids=filters.get("issue_ids"),
                section_ids=filters.get("section_ids"),
                since=as_date(since, what="--since date"),
                until=as_date(until, what="--until date"),
            )

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
            "week_start": c.week_start,
            "week_end": c.week_end,
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

    def _linking(self) -> _Linking:
        return _Linking(self)

    def relink_all(self, *, dry_run: bool = False) -> pd.DataFrame:
        """Link every automatically linked assessment again, e.g. after loading new rules.

        Explicit and manual links stay.  Moves are recorded in the audit trail as one
        ``relink`` batch (``tracker undo`` reverts it); a provisional issue that keeps its
        commentaries is reused rather than created again, and one left empty is merged into
        the issue that took its assessments.  Returns one row per moved assessment.
        """
        from tracker.curation import _Batch
        from tracker.link import HistoryItem, LinkDecision, Linker

        columns = ["id", "week_start", "headline", "from_issue", "to_issue", "method", "score"]
        moves: list[tuple[Any, ...]] = []
        try:
            with self.session() as session:
                frame = store.load_assessments(session, with_body=True)
                fixed = frame["link_method"].isin(["explicit", "manual"]).to_numpy()
                linker = Linker(_issue_refs(session, provisional=False))
                linker.add_history(
                    HistoryItem(
                        int(r.issue_id),
                        _text(r.section),
                        r.week_start.date(),
                        _text(r.language),
                        r.headline,
                        _text(r.lead),
                        _text(r.body),
                        _text(r.url),
                    )
                    for r in frame[fixed].itertuples()
                )
                rest = frame[~fixed]
                commentaries = [_commentary_of(r) for r in rest.itertuples()]
                ids = [int(i) for i in rest["id"]]
                current = dict(zip(ids, (int(i) for i in rest["issue_id"]), strict=True))
                owner = {id(c): a for c, a in zip(commentaries, ids, strict=True)}
                issues = {int(i.id or 0): i for i in store.list_issues(session)}
                reused: set[int] = set()
                batch = _Batch(session, "relink")

                def create(c: Commentary, decision: LinkDecision) -> int:
                    was = current[owner[id(c)]]
                    if was in issues and issues[was].provisional and was not in reused:
                        reused.add(was)
                        return was
                    section_id = store.get_or_add_section(session, c.section) if c.section else None
                    made = store.add_issue(
                        session,
                        decision.proposed_name or c.headline,
                        section_id=section_id,
                        provisional=True,
                    )
                    batch.created("issue", int(made.id or 0), f"provisional issue {made.name!r}")
                    issues[int(made.id or 0)] = made
                    return int(made.id or 0)

                decisions = linker.link_many(commentaries, create_issue=create)
                names = {i: issue.name for i, issue in issues.items()}
                for assessment, c, d in zip(ids, commentaries, decisions, strict=True):
                    target = int(d.issue_id or 0)
                    old = current[assessment]
                    note = f"assessment {assessment} relinked ({d.method})"
                    if target != old:
                        batch.set("assessment", assessment, "issue_id", target, note)
                        moves.append(
                            (
                                assessment,
                                c.week_start,
                                c.headline,
                                names.get(old),
                                names.get(target),
                                d.method,
                                d.score,
                            )
                        )
                    batch.set("assessment", assessment, "link_method", d.method, note)
                    batch.set("assessment", assessment, "link_score", d.score, note)
                taken: dict[int, list[int]] = {}
                for move in moves:
                    taken.setdefault(current[move[0]], []).append(move[0])
                for old_issue in taken:
                    issue = issues.get(old_issue)
                    if issue is None or not issue.provisional:
                        continue
                    left = store.load_assessments(session, issue_ids=[old_issue])
                    if left.empty:
                        to = max(
                            {m[4] for m in moves if current[m[0]] == old_issue},
                            key=lambda n: sum(1 for m in moves if m[4] == n),
                        )
                        target_id = next(i for i, n in names.items() if n == to)
                        batch.set(
                            "issue",
                            old_issue,
                            "merged_into_id",
                            target_id,
                            f"provisional issue {issue.name!r} left empty",
                        )
                if dry_run:
                    raise _DryRun(len(moves), 0)
        except _DryRun:
            pass
        return pd.DataFrame(moves, columns=columns)

    # ------------------------------------------------------------------ register file

    def load_register(self, path: str | Path) -> RegisterSummary:
        """Sync the issue register from a TOML/YAML file (see :mod:`tracker.register`).

        Issues are matched by name, slug or alias; new ones are created, known ones get the
        file's section, description, aliases and rules.  Nothing is deleted.  One
        transaction: a file with an error, or an alias already used by another issue,
        changes nothing.  Every change is in the audit trail.
        """
        import json

        from tracker.errors import ConflictError
        from tracker.register import load_register

        register = load_register(Path(path))
        created = updated = 0
        with self.session() as session:
            batch = store.new_batch()
            for entry in register.issues:
                section_id = (
                    store.get_or_add_section(session, entry.section) if entry.section else None
                )
                rules = entry.rules.to_mapping()
                rules_json = (
                    json.dumps(rules, ensure_ascii=False, sort_keys=True) if rules else None
                )
                try:
                    issue = self.resolve_issue(entry.name, session)
                except NotFoundError:
                    issue = store.add_issue(
                        session,
                        entry.name,
                        section_id=section_id,
                        description=entry.description,
                        slug=None,
                    )
                    issue.rules = rules_json
                    store.add_audit(
                        session,
                        "register",
                        "issue",
                        issue.id,
                        new={"name": issue.name, "section": entry.section},
                        batch=batch,
                        note=f"created {issue.name!r} from {path}",
                    )
                    created += 1
                else:
                    changes = {
                        "section_id": section_id if entry.section else issue.section_id,
                        "description": entry.description or issue.description,
                        "rules": rules_json,
                        "provisional": False,
                    }
                    changed = False
                    for field_name, value in changes.items():
                        old = getattr(issue, field_name)
                        if old != value:
                            store.add_audit(
                                session,
                                "register",
                                "issue",
                                issue.id,
                                field=f"issue.{field_name}",
                                old=old,
                                new=value,
                                batch=batch,
                            )
                            setattr(issue, field_name, value)
                            changed = True
                    updated += changed
                session.add(issue)
                session.flush()
                for alias in entry.aliases:
                    owner = store.find_issues(session, name_key(alias), slugify(alias))
                    owners = {o.id for o in owner}
                    if owners - {issue.id}:
                        others = ", ".join(sorted(repr(o.name) for o in owner if o.id != issue.id))
                        raise ConflictError(
                            f"{path}: alias {alias!r} of {entry.name!r} already names {others}",
                            hint="remove the alias from one of them; nothing was changed",
                        )
                    if not owners and name_key(alias) != issue.key:
                        row = store.add_alias(session, int(issue.id or 0), alias)
                        store.add_audit(
                            session,
                            "alias",
                            "issue_alias",
                            row.id,
                            new={"issue_id": issue.id, "alias": alias},
                            batch=batch,
                        )
        return RegisterSummary(issues=len(register.issues), created=created, updated=updated)

    def dump_register(self) -> str:
        """The register (issues, sections, descriptions, aliases, rules) as TOML text."""
        import json

        from tracker.register import Register, RegisterIssue, rules_from_mapping

        with self.session() as session:
            sections = {s.id: s.name for s in store.list_sections(session)}
            aliases: dict[int, list[str]] = {}
            for alias in store.list_aliases(session):
                aliases.setdefault(alias.issue_id, []).append(alias.alias)
            issues = store.list_issues(session)
        entries = [
            RegisterIssue(
                name=i.name,
                slug=i.slug,
                section=sections.get(i.section_id),
                description=i.description,
                aliases=aliases.get(int(i.id or 0), []),
                **({"rules": rules_from_mapping(json.loads(i.rules))} if i.rules else {}),
            )
            for i in sorted(issues, key=lambda i: (sections.get(i.section_id) or "", i.name))
        ]
        from tracker.register import dump_register

        return dump_register(Register(entries))

    # ------------------------------------------------------------------ export / import

    def export(
        self, path: str | Path | None = None, *, fmt: str = "json"
    ) -> str | list[Path] | None:
        """Write the whole database (ids kept) as JSON, or as a folder of CSV files.

        With no ``path`` the JSON is returned as text.
        """
        from tracker.store import transfer

        with self.session() as session:
            if fmt == "csv":
                if path is None:
                    raise InputError("a CSV export is a folder: give -o FOLDER")
                return transfer.write_csv_folder(session, Path(path))
            if fmt != "json":
                raise InputError(f"unknown export format {fmt!r}", hint="use json or csv")
            return transfer.write_json(session, None if path is None else Path(path))

    def import_(self, path: str | Path) -> dict[str, int]:
        """Load an export (JSON file or CSV folder) into this empty database, all or nothing."""
        from sqlalchemy.exc import IntegrityError

        from tracker.store import transfer

        source = Path(path)
        data = transfer.read_export(source)
        try:
            with self.session() as session:
                return transfer.import_data(session, data, str(source))
        except IntegrityError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise InputError(
                f"the export is inconsistent: {reason}",
                path=str(source),
                hint="was it edited by hand? nothing was imported",
            ) from None

    # ------------------------------------------------------------------ ingest

    @staticmethod
    def parse_without_database(
        paths: Iterable[str | Path],
        *,
        year: int | None = None,
        source: str | None = None,
        column_map: dict[str, str] | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> list[dict[str, Any]]:
        """What ``ingest`` would read from each file (see :meth:`parse`); needs no database."""
        from tracker.parse import commentary_to_dict, iter_input_files, read_path

        vocab = vocabulary or default_vocabulary()
        out: list[dict[str, Any]] = []
        for path in iter_input_files([Path(p) for p in paths]):
            entry: dict[str, Any] = {
                "path": str(path),
                "commentaries": [],
                "skipped": None,
                "error": None,
            }
            try:
                result = read_path(
                    path, year=year, source=source, vocabulary=vocab, column_map=column_map
                )
                entry["commentaries"] = [commentary_to_dict(c) for c in result.commentaries]
                entry["skipped"] = result.skipped
            except TrackerError as exc:
                entry["error"] = str(exc)
            out.append(entry)
        return out

    def parse(
        self,
        paths: Iterable[str | Path],
        *,
        year: int | None = None,
        source: str | None = None,
        column_map: dict[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        """What ``ingest`` would read from each file, without touching the database.

        One dict per file: ``{"path", "commentaries", "skipped", "error"}``.
        """
        return self.parse_without_database(
            paths, year=year, source=source, column_map=column_map, vocabulary=self.vocabulary
        )

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        source: str | None = None,
        year: int | None = None,
        dry_run: bool = False,
        issue: str | None = None,
        column_map: dict[str, str] | None = None,
        progress: ProgressCallback | None = None,
    ) -> IngestSummary:
        """Read files and folders and store their commentaries as linked assessments.

        Each file is one transaction: stored whole or not at all.  Re-ingesting is
        idempotent (content hashes).  A file that fails is reported with its reason and
        the others go on.
        """
        from tracker.parse import iter_input_files, read_path

        if issue:
            issue = self.resolve_issue(issue).name  # an unknown --issue is an error, not new
        files = list(iter_input_files([Path(p) for p in paths]))
        outcomes: dict[int, FileOutcome] = {}
        pending: list[tuple[int, Path, list[Commentary], str | None]] = []
        linking = self._linking()
        # Files are written in chunks, one transaction each, linked together in week order;
        # if a chunk fails, its files are written again one by one, so that exactly the bad
        # file is left out.  A dry run is one chunk, rolled back.
        chunk = len(files) if dry_run else INGEST_CHUNK

        def flush() -> None:
            nonlocal linking
            if not pending:
                return
            try:
                counts = self._store_files([p[2] for p in pending], linking, dry_run=dry_run)
            except TrackerError:
                linking = self._linking()  # forget the issues of the rolled-back chunk
                counts = []
                for _, _path, commentaries, _ in pending:
                    try:
                        counts.extend(self._store_files([commentaries], linking, dry_run=dry_run))
                    except TrackerError as exc:
                        linking = self._linking()
                        counts.append(exc)
            for (index, path, _, encoding), count in zip(pending, counts, strict=True):
                if isinstance(count, TrackerError):
                    outcomes[index] = FileOutcome(str(path), error=str(count))
                else:
                    outcomes[index] = FileOutcome(
                        str(path), added=count[0], present=count[1], encoding=encoding
                    )
            pending.clear()

        for index, path in enumerate(files):
            if progress is not None:
                progress(index + 1, len(files), str(path))
            try:
                result = read_path(
                    path,
                    year=year,
                    source=source,
                    vocabulary=self.vocabulary,
                    column_map=column_map,
                )
            except TrackerError as exc:
                outcomes[index] = FileOutcome(str(path), error=str(exc))
                continue
            if result.skipped:
                outcomes[index] = FileOutcome(
                    str(path), skipped=result.skipped, encoding=result.encoding
                )
                continue
            update: dict[str, Any] = {}
            if source:
                update["source"] = source
            if issue:
                update["issue"] = issue
            commentaries = [
                c.model_copy(update=update) if update else c for c in result.commentaries
            ]
            pending.append((index, path, commentaries, result.encoding))
            if len(pending) >= chunk:
                flush()
        flush()
        return IngestSummary(files=tuple(outcomes[i] for i in sorted(outcomes)), dry_run=dry_run)

    def _store_files(
        self, files: Sequence[Sequence[Commentary]], linking: _Linking, *, dry_run: bool
    ) -> list[Any]:
        """Store the commentaries of several files in one transaction; (added, present) each."""
        from sqlalchemy.exc import IntegrityError

        counts: list[Any] = []
        try:
            with self.session() as session:
                known: set[str] = set()
                fresh: list[tuple[Commentary, str]] = []
                for commentaries in files:
                    hashes = [c.content_hash() for c in commentaries]
                    known |= store.existing_hashes(session, hashes)
                    added = 0
                    for c, h in zip(commentaries, hashes, strict=True):
                        if h not in known:
                            fresh.append((c, h))
                            known.add(h)
                            added += 1
                    counts.append((added, len(commentaries) - added))
                caches = _Caches()
                links = linking.link_file(session, [c for c, _ in fresh])
                rows = [
                    self._row(session, c, issue_id, caches, h, link)
                    for (c, h), (issue_id, link) in zip(fresh, links, strict=True)
                ]
                store.insert_assessments(session, rows)
                if dry_run:
                    raise _DryRun(len(rows), 0)
        except _DryRun:
            pass
        except IntegrityError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise InputError(f"the database refused the rows: {reason}") from None
        return counts


class _DryRun(Exception):
    """Raised inside a dry run's transaction so that it rolls back."""

    def __init__(self, added: int, present: int) -> None:
        self.added = added
        self.present = present


LinkInfo = tuple[str | None, float | None, int | None, float | None]


class _Linking:
    """Links the commentaries of an ingest to issues (see :mod:`tracker.link`).

    Built once per ingest from the register and the archive; every linked file joins the
    linker's history, so later files (and the next ingest) link to what came before.
    """

    def __init__(self, tracker: Tracker) -> None:
        from tracker.link import HistoryItem, Linker

        with tracker.session() as session:
            refs = _issue_refs(session)
            history = store.load_link_history(session)
        self.linker = Linker(refs)
        self.linker.add_history(HistoryItem(*row) for row in history)

    def link_file(
        self, session: Session, commentaries: Sequence[Commentary]
    ) -> list[tuple[int, LinkInfo]]:
        from tracker.errors import NotFoundError as _NotFound
        from tracker.link import IssueRef, LinkDecision

        # An explicit issue that the register lacks (a CSV column, front matter) is created.
        for c in commentaries:
            if c.issue:
                try:
                    self.linker.find_issue(c.issue)
                except _NotFound:
                    section_id = store.get_or_add_section(session, c.section) if c.section else None
                    created = store.add_issue(session, c.issue, section_id=section_id)
                    self.linker.add_issue(
                        IssueRef(int(created.id or 0), created.name, created.slug, c.section)
                    )

        def create(c: Commentary, decision: LinkDecision) -> int:
            name = decision.proposed_name or c.headline
            section_id = store.get_or_add_section(session, c.section) if c.section else None
            created = store.add_issue(session, name, section_id=section_id, provisional=True)
            return int(created.id or 0)

        decisions = self.linker.link_many(commentaries, create_issue=create)
        return [
            (int(d.issue_id or 0), (d.method, d.score, d.runner_up_id, d.runner_up_score))
            for d in decisions
        ]


def _commentary_of(row: Any) -> Commentary:
    """A stored assessment as the linker sees a commentary."""
    return Commentary(
        headline=row.headline,
        section=_text(row.section),
        status=_text(row.status),
        lead=_text(row.lead),
        body=_text(row.body),
        week_start=row.week_start.date(),
        week_end=row.week_end.date(),
        language=_text(row.language),
        url=_text(row.url),
    )


def _text(value: Any) -> str | None:
    """A frame's text cell as str or None (pandas shows missing text as NaN)."""
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def _issue_refs(session: Session, *, provisional: bool = True) -> list[Any]:
    """The register as the linker sees it; ``provisional=False`` leaves out the issues that
    were made from a headline (a relink must not let them claim their own commentaries)."""
    import json

    from tracker.link import IssueRef
    from tracker.register import rules_from_mapping

    sections = {s.id: s.name for s in store.list_sections(session)}
    aliases: dict[int, list[str]] = {}
    for alias in store.list_aliases(session):
        aliases.setdefault(alias.issue_id, []).append(alias.alias)
    return [
        IssueRef(
            id=int(issue.id or 0),
            name=issue.name,
            slug=issue.slug,
            section=sections.get(issue.section_id),
            aliases=tuple(aliases.get(int(issue.id or 0), ())),
            rules=rules_from_mapping(json.loads(issue.rules), where=f"rules of {issue.name!r}")
            if issue.rules
            else None,
            merged_into_id=issue.merged_into_id,
        )
        for issue in store.list_issues(session, include_merged=True)
        if provisional or not issue.provisional
    ]


def _final(issue: Issue, session: Session) -> Issue:
    """Follow ``merged_into`` to the issue that holds the history now."""
    seen = set()
    while issue.merged_into_id is not None and issue.merged_into_id not in seen:
        seen.add(issue.merged_into_id)
        nxt = store.get_issue(session, issue.merged_into_id)
        if nxt is None:
            break
        issue = nxt
    return issue


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


def iter_paths(paths: Iterable[str | Path]) -> list[Path]:
    return [Path(p) for p in paths]
