"""Ingest, linking and the register file: the ``Ingestion`` piece of :class:`tracker.api.Tracker`.

``ingest`` reads files and folders with :mod:`tracker.parse`, links every new commentary to
an issue with :mod:`tracker.link` and stores it through :mod:`tracker.store`.  Files are
written in chunks (one transaction each) and linked together in week order; a chunk that
fails is written again file by file, so a file is stored whole or not at all and only the bad
file is left out.  ``relink_all`` runs the linker again over what is stored;
``load_register``/``dump_register`` sync the issue register file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from tracker import store
from tracker.errors import InputError, NotFoundError, TrackerError, driver_reason
from tracker.models import Commentary, Issue, name_key
from tracker.register import slugify
from tracker.vocab import default_vocabulary
from tracker.weeks import parse_user_week

if TYPE_CHECKING:
    import pandas as pd

    from tracker.archive import Archive
    from tracker.curation import AuditBatch
    from tracker.vocab import Vocabulary


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input file."""

    path: str
    added: int = 0
    present: int = 0
    merged: int = 0
    skipped: str | None = None
    error: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class IngestSummary:
    """The result of an ingest: counts and one outcome per file."""

    files: tuple[FileOutcome, ...] = ()
    dry_run: bool = False
    #: provisional issues that the new commentaries' links merged into others (``automerge``)
    joined: int = 0

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def present(self) -> int:
        return sum(f.present for f in self.files)

    @property
    def merged(self) -> int:
        """Renderings of commentaries stored already (or read earlier): kept, not added."""
        return sum(f.merged for f in self.files)

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


#: Files written per transaction by ``ingest`` (each file still goes in whole or not at all).
INGEST_CHUNK = 200


@dataclass
class _Caches:
    sections: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)


ProgressCallback = Callable[[int, int, str], None]


class Ingestion:
    """Reading files into the database, linking, and the register file: a piece of
    :class:`tracker.api.Tracker`, given the :class:`~tracker.archive.Archive` it writes to."""

    def __init__(self, archive: Archive) -> None:
        self.vocabulary = archive.vocabulary
        self.session = archive.session
        self.resolve_issue = archive.resolve_issue
        self._row = archive.row

    def _linking(self) -> _Linking:
        return _Linking(self)

    def relink_all(
        self, *, dry_run: bool = False, progress: ProgressCallback | None = None
    ) -> pd.DataFrame:
        """Link every automatically linked assessment again, e.g. after loading new rules.

        The archive is walked week by week in week order, each week linked as an ingest
        links it against the weeks before (so a relink gives the links an ingest of the same
        archive in week order gives), one week in memory at a time; ``progress(done, total,
        week)`` hears of each week.  Explicit and manual links stay.  Moves are recorded in
        the audit trail as one ``relink`` batch (``tracker undo`` reverts it); a provisional
        issue that keeps its commentaries is reused rather than created again, and one left
        empty is merged into the issue that took its assessments.  Returns one row per moved
        assessment.
        """
        import pandas as pd

        from tracker.curation import AuditBatch
        from tracker.incremental import ArchiveLinker
        from tracker.link import IssueRef, LinkDecision
        from tracker.store import linkstate

        columns = ["id", "week_start", "headline", "from_issue", "to_issue", "method", "score"]
        moves: list[tuple[Any, ...]] = []
        try:
            with self.session() as session:
                archive = ArchiveLinker(_issue_refs(session, provisional=False), relink=True)
                linker = archive.linker
                archive.begin(session)
                issues = {int(i.id or 0): i for i in store.list_issues(session)}
                sections = {s.id: s.name for s in store.list_sections(session)}
                reused: set[int] = set()
                absorbed: set[int] = set()
                batch = AuditBatch(session, "relink")
                moved_to: dict[int, Counter[int]] = {}  # old issue -> where its rows went
                current: dict[int, int] = {}
                owner: dict[int, int] = {}

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

                weeks = linkstate.assessment_weeks(session)
                for done, week in enumerate(weeks, start=1):
                    rows = linkstate.relink_rows(session, week)
                    commentaries: list[Commentary] = []
                    for row in rows:
                        fixed = row["link_method"] in ("explicit", "manual")
                        issue = issues.get(int(row["issue_id"]))
                        if fixed and issue is not None:
                            _know(linker, issue, sections, IssueRef)
                        c = _commentary_of_row(row, issue.name if fixed and issue else None)
                        commentaries.append(c)
                        current[int(row["id"])] = int(row["issue_id"])
                        owner[id(c)] = int(row["id"])
                    decisions = archive.link_week(session, commentaries, create, week)
                    _absorb(session, decisions, lambda: batch)
                    for d in decisions:  # merged away: not reused, not merged again below
                        reused.update(d.absorbs)
                        absorbed.update(d.absorbs)
                    for row, c, d in zip(rows, commentaries, decisions, strict=True):
                        if c.issue:  # an explicit or manual link stays as it is
                            continue
                        assessment = int(row["id"])
                        target = int(d.issue_id or 0)
                        old = current[assessment]
                        note = f"assessment {assessment} relinked ({d.method})"
                        if target != old:
                            batch.set("assessment", assessment, "issue_id", target, note)
                            moved_to.setdefault(old, Counter())[target] += 1
                            moves.append(
                                (
                                    assessment,
                                    pd.Timestamp(week) if week else pd.NaT,
                                    c.headline,
                                    _name(issues, old),
                                    _name(issues, target),
                                    d.method,
                                    d.score,
                                )
                            )
                        batch.set("assessment", assessment, "link_method", d.method, note)
                        batch.set("assessment", assessment, "link_score", d.score, note)
                    if progress is not None:
                        progress(done, len(weeks), str(week or "undated"))
                for old_issue, targets in moved_to.items():
                    found = issues.get(old_issue)
                    if found is None or not found.provisional or old_issue in absorbed:
                        continue
                    if store.load_assessments(session, issue_ids=[old_issue]).empty:
                        [(target_id, _)] = targets.most_common(1)
                        batch.set(
                            "issue",
                            old_issue,
                            "merged_into_id",
                            target_id,
                            f"provisional issue {found.name!r} left empty",
                        )
                archive.save(session)
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

    # ------------------------------------------------------------------ ingest

    @staticmethod
    def parse_without_database(
        paths: Iterable[str | Path],
        *,
        year: int | None = None,
        source: str | None = None,
        column_map: dict[str, str] | None = None,
        vocabulary: Vocabulary | None = None,
        week: str | None = None,
    ) -> list[dict[str, Any]]:
        """What ``ingest`` would read from each file (see :meth:`parse`); needs no database.

        ``week`` (``--week``) dates the commentaries that have no better evidence; each
        commentary says where its week came from (``week_basis``, ``week_note``).
        """
        from tracker.parse import (
            apply_offsets,
            commentary_to_dict,
            iter_input_files,
            learn_offsets,
            read_path,
        )

        vocab = vocabulary or default_vocabulary()
        user_week = parse_user_week(week) if week else None
        out: list[dict[str, Any]] = []
        read: list[list[Commentary]] = []
        offsets: dict[str | None, dict[int, int]] = {}
        for path in iter_input_files([Path(p) for p in paths]):
            entry: dict[str, Any] = {
                "path": str(path),
                "commentaries": [],
                "skipped": None,
                "error": None,
            }
            commentaries: list[Commentary] = []
            try:
                result = read_path(
                    path,
                    year=year,
                    source=source,
                    vocabulary=vocab,
                    column_map=column_map,
                    week=user_week,
                )
                commentaries = result.commentaries
                learn_offsets(commentaries, offsets)
                entry["skipped"] = result.skipped
            except TrackerError as exc:
                entry["error"] = str(exc)
            out.append(entry)
            read.append(commentaries)
        # the source's habit is learned from every page of the call that prints both
        for entry, commentaries in zip(out, read, strict=True):
            entry["commentaries"] = [
                {**commentary_to_dict(c), "week_note": c.week_note}
                for c in apply_offsets(commentaries, offsets)
            ]
        return out

    def parse(
        self,
        paths: Iterable[str | Path],
        *,
        year: int | None = None,
        source: str | None = None,
        column_map: dict[str, str] | None = None,
        week: str | None = None,
    ) -> list[dict[str, Any]]:
        """What ``ingest`` would read from each file, without touching the database.

        One dict per file: ``{"path", "commentaries", "skipped", "error"}``.
        """
        return self.parse_without_database(
            paths,
            year=year,
            source=source,
            column_map=column_map,
            vocabulary=self.vocabulary,
            week=week,
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
        week: str | None = None,
    ) -> IngestSummary:
        """Read files and folders and store their commentaries as linked assessments.

        Each file is one transaction: stored whole or not at all.  Re-ingesting is
        idempotent (content hashes).  A file that fails is reported with its reason and
        the others go on.
        """
        from tracker.parse import apply_offsets, iter_input_files, learn_offsets, read_path

        user_week = parse_user_week(week) if week else None  # a bad --week stores nothing
        with self.session() as session:
            offsets = store.load_publication_offsets(session)
        if issue:
            issue = self.resolve_issue(issue).name  # an unknown --issue is an error, not new
        files = list(iter_input_files([Path(p) for p in paths]))
        outcomes: dict[int, FileOutcome] = {}
        pending: list[tuple[int, Path, list[Commentary], str | None]] = []
        linking = self._linking()
        # Every file is read first (a page dated by its stamp takes its source's habit,
        # learned from the archive and from every page of this ingest that prints both);
        # then the files are linked in week order, as one week after another, so that an
        # archive ingested in one go, week by week or relinked gets the same links.  They are
        # written in chunks of whole weeks, one transaction each; if a chunk fails, its files
        # are written again one by one, so that exactly the bad file is left out.  A dry run
        # is one chunk, rolled back.
        read: list[tuple[int, Path, list[Commentary], str | None]] = []
        steps = 2 * len(files)  # progress: reading each file, then linking and storing it
        stored = 0
        for index, path in enumerate(files):
            if progress is not None:
                progress(index + 1, steps, str(path))
            try:
                result = read_path(
                    path,
                    year=year,
                    source=source,
                    vocabulary=self.vocabulary,
                    column_map=column_map,
                    week=user_week,
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
            learn_offsets(commentaries, offsets)
            read.append((index, path, commentaries, result.encoding))
        read = [(i, p, apply_offsets(cs, offsets), e) for i, p, cs, e in read]
        read.sort(key=lambda f: (_first_week(f[2]), f[0]))

        joined = 0

        def store_files(files: list[list[Commentary]]) -> list[Any]:
            nonlocal joined
            before = linking.joined
            counts = self._store_files(files, linking, dry_run=dry_run)
            joined += linking.joined - before  # written (or, in a dry run, would be)
            return counts

        def flush() -> None:
            nonlocal linking
            if not pending:
                return
            try:
                counts = store_files([p[2] for p in pending])
            except TrackerError:
                linking = self._linking()  # forget the issues of the rolled-back chunk
                counts = []
                for _, _path, commentaries, _ in pending:
                    try:
                        counts.extend(store_files([commentaries]))
                    except TrackerError as exc:
                        linking = self._linking()
                        counts.append(exc)
            nonlocal stored
            for (index, path, _, encoding), count in zip(pending, counts, strict=True):
                stored += 1
                if progress is not None:
                    progress(steps - len(files) + stored, steps, str(path))
                if isinstance(count, TrackerError):
                    outcomes[index] = FileOutcome(str(path), error=str(count))
                else:
                    outcomes[index] = FileOutcome(
                        str(path),
                        added=count[0],
                        present=count[1],
                        merged=count[2],
                        encoding=encoding,
                    )
            pending.clear()

        last = date.min
        for k, entry in enumerate(read):
            pending.append(entry)
            last = max(last, _last_week(entry[2]))
            following = _first_week(read[k + 1][2]) if k + 1 < len(read) else None
            if not dry_run and len(pending) >= INGEST_CHUNK and (following or last) > last:
                flush()
        flush()
        return IngestSummary(
            files=tuple(outcomes[i] for i in sorted(outcomes)), dry_run=dry_run, joined=joined
        )

    def _store_files(
        self, files: Sequence[Sequence[Commentary]], linking: _Linking, *, dry_run: bool
    ) -> list[Any]:
        """Store the commentaries of several files in one transaction; per file
        ``(added, present, merged)``.

        A commentary already stored (its content hash) is present; one that is a rendering
        of a stored commentary, or of one earlier in these files (see
        :class:`~tracker.renderings.Renderings`),
        is merged: its file and URL are kept as a rendering and its fields fill in what the
        assessment lacked.  The rest are linked and stored.
        """
        from sqlalchemy.exc import IntegrityError

        from tracker.renderings import Renderings

        counts: list[Any] = []
        try:
            with self.session() as session:
                known: set[str] = set()
                fresh: list[tuple[int, Commentary, str]] = []
                first_of: dict[str, int] = {}  # hash -> its index in fresh
                # the same text in another file: (commentary, hash, stored id or fresh index)
                copies: list[tuple[Commentary, str, int | None, int | None]] = []
                seen: set[tuple[str, str]] = set()
                for index, commentaries in enumerate(files):
                    hashes = [c.content_hash() for c in commentaries]
                    stored = store.existing_hashes(session, hashes) - known
                    known |= stored
                    origins = store.renderings_by_hash(session, sorted(stored)) if stored else {}
                    counts.append([0, 0, 0])
                    for c, h in zip(commentaries, hashes, strict=True):
                        where = (h, c.origin or "")
                        if where in seen or (h in origins and where[1] in origins[h][1]):
                            counts[index][1] += 1  # this very file was read before
                        elif h in origins:
                            copies.append((c, h, origins[h][0], None))
                            counts[index][2] += 1
                        elif h in first_of:
                            copies.append((c, h, None, first_of[h]))
                            counts[index][2] += 1
                        elif h in known:
                            counts[index][1] += 1  # stored without a rendering row
                        else:
                            first_of[h] = len(fresh)
                            fresh.append((index, c, h))
                            known.add(h)
                            counts[index][0] += 1
                        seen.add(where)
                groups = Renderings(session, [(c, h) for _, c, h in fresh], copies)
                for (index, _, _), kept in zip(fresh, groups.kept, strict=True):
                    if not kept:
                        counts[index][0] -= 1
                        counts[index][2] += 1
                new = groups.new_commentaries()
                caches = _Caches()
                linking.begin(session)
                weeks: dict[date, list[tuple[Commentary, str]]] = {}
                for c, h in new:
                    weeks.setdefault(_week(c), []).append((c, h))
                for day in sorted(weeks):
                    week = weeks[day]
                    links = linking.link_file(session, [c for c, _ in week])
                    rows = [
                        self._row(session, c, issue_id, caches, h, link)
                        for (c, h), (issue_id, link) in zip(week, links, strict=True)
                    ]
                    store.insert_assessments(session, rows)
                    ids = store.ids_by_hash(session, [h for _, h in week])
                    linking.stored(session, [(ids[h], c) for c, h in week])
                groups.record(session)
                linking.save(session)
                if dry_run:
                    raise _DryRun(len(rows), 0)
        except _DryRun:
            pass
        except IntegrityError as exc:
            reason = driver_reason(exc)
            raise InputError(f"the database refused the rows: {reason}") from None
        return [tuple(c) for c in counts]


class _DryRun(Exception):
    """Raised inside a dry run's transaction so that it rolls back."""

    def __init__(self, added: int, present: int) -> None:
        self.added = added
        self.present = present


LinkInfo = tuple[str | None, float | None, int | None, float | None]


class _Linking:
    """Links the commentaries of an ingest to issues, a week at a time, against the archive
    in the database (:class:`tracker.incremental.ArchiveLinker`).

    Built once per ingest from the register; each transaction reads the linker's kept state
    (:meth:`begin`) and writes it back with its rows (:meth:`save`).
    """

    def __init__(self, tracker: Ingestion) -> None:
        from tracker.incremental import ArchiveLinker

        with tracker.session() as session:
            refs = _issue_refs(session)
        self.archive = ArchiveLinker(refs)
        self.linker = self.archive.linker
        self.joined = 0  # provisional issues merged into others by this ingest's links

    def begin(self, session: Session) -> None:
        self.archive.begin(session)

    def stored(self, session: Session, rows: Sequence[tuple[int, Commentary]]) -> None:
        self.archive.stored(session, rows)
        _rename_provisional(session, self.archive.improved_names(session))

    def save(self, session: Session) -> None:
        self.archive.save(session)

    def link_file(
        self, session: Session, commentaries: Sequence[Commentary]
    ) -> list[tuple[int, LinkInfo]]:
        """Link one week's commentaries (creating the issues they need)."""
        from tracker.curation import AuditBatch
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

        decisions = self.archive.link_week(session, commentaries, create)
        automerge: list[AuditBatch] = []  # made when the week first merges

        def audit() -> AuditBatch:
            if not automerge:
                automerge.append(AuditBatch(session, "automerge"))
            return automerge[0]

        self.joined += _absorb(session, decisions, audit)
        return [
            (int(d.issue_id or 0), (d.method, d.score, d.runner_up_id, d.runner_up_score))
            for d in decisions
        ]


def _week(c: Commentary) -> date:
    """The week a commentary is linked in (the undated first, as their placeholder week)."""
    return date.min if c.undated else c.week_start


def _first_week(commentaries: Sequence[Commentary]) -> date:
    return min((_week(c) for c in commentaries), default=date.min)


def _last_week(commentaries: Sequence[Commentary]) -> date:
    return max((_week(c) for c in commentaries), default=date.min)


def _absorb(session: Session, decisions: Sequence[Any], audit: Callable[[], AuditBatch]) -> int:
    """Merge into a decision's issue the provisional issues it absorbs
    (:class:`tracker.link.LinkDecision`), audited in ``audit()``'s batch (asked for only when
    there is one); returns how many were merged."""
    from tracker.curation import _merge_rows

    merged = 0
    for decision in decisions:
        for absorbed in decision.absorbs:
            issue = store.get_issue(session, absorbed)
            into = store.get_issue(session, int(decision.issue_id or 0))
            if issue is None or into is None or issue.merged_into_id is not None:
                continue
            _merge_rows(session, audit(), issue, into, name_as_alias=False)
            merged += 1
    return merged


def _rename_provisional(session: Session, names: dict[int, str]) -> None:
    """Give provisional issues the better names their grown set of commentaries suggests
    (:meth:`tracker.link.Linker.improved_names`), audited; confirmed issues keep theirs."""
    from tracker.curation import AuditBatch
    from tracker.models import name_key

    batch: AuditBatch | None = None
    for issue_id, name in sorted(names.items()):
        issue = store.get_issue(session, issue_id)
        if issue is None or not issue.provisional or issue.name == name:
            continue
        batch = batch or AuditBatch(session, "autoname")
        note = f"provisional issue {issue.name!r} renamed {name!r} from its commentaries"
        batch.set("issue", issue_id, "name", name, note)
        batch.set("issue", issue_id, "key", name_key(name), note)


def _know(linker: Any, issue: Issue, sections: dict[Any, str], ref: Any) -> None:
    """Make an issue that a relink leaves out of its register (a provisional one) known to
    the linker, so that an explicit or manual link to it stays."""
    if not linker.knows(int(issue.id or 0)):
        linker.add_issue(
            ref(
                int(issue.id or 0),
                issue.name,
                issue.slug,
                sections.get(issue.section_id),
                provisional=issue.provisional,
            )
        )


def _commentary_of_row(row: dict[str, Any], issue: str | None) -> Commentary:
    """A stored assessment (:func:`tracker.store.linkstate.relink_rows`) as the linker sees
    a commentary; ``issue`` names the issue of an explicit or manual link."""
    from tracker.models import UNDATED_WEEK

    undated = row["week_start"] is None
    return Commentary(
        headline=row["headline"],
        section=row["section"],
        status=row["status"],
        lead=row["lead"],
        body=row["body"],
        week_start=UNDATED_WEEK[0] if undated else row["week_start"],
        week_end=UNDATED_WEEK[1] if undated else row["week_end"],
        undated=undated,
        language=row["language"],
        url=row["url"],
        issue=issue,
    )


def _name(issues: dict[int, Issue], issue_id: int) -> str | None:
    found = issues.get(issue_id)
    return found.name if found is not None else None


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
            provisional=issue.provisional,
        )
        for issue in store.list_issues(session, include_merged=True)
        if provisional or not issue.provisional
    ]
