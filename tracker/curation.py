"""Curating the issue register: rename, merge, split, describe, relink, confirm — and undo.

:class:`Curation` holds the use cases; :class:`tracker.api.Tracker` is composed of it.
Each method is one transaction: it checks everything first, so bad input raises a
:class:`~tracker.errors.TrackerError` with nothing changed.

Every change is written to the audit table (``audit_log``), one *batch* per use case, in
rows of three generic shapes, so that :meth:`Curation.undo` needs nothing but the audit
rows and no knowledge of what a merge or a split is:

========================  ==========  =============  ========================================
row                       entity_id   field          old_value → new_value (JSON)
========================  ==========  =============  ========================================
one column of one row     the row     the column     old value → new value
one column of many rows   NULL        the column     ``{"ids": [...], col: old}`` → same, new
a row created             the row     NULL           NULL → the row's columns
a row deleted             the row     NULL           the row's columns → NULL
========================  ==========  =============  ========================================

``action`` is the verb of the use case (rename, merge, split, describe, relink, confirm,
undo) and ``note`` says in words what the row did ("renamed 'X' to 'Y'").  Undo applies the
inverse of each row, newest first, after checking that the rows still hold what the batch
wrote; it is itself recorded as a new batch, so undoing an undo redoes the change.  A batch
cannot be undone while a later batch has changed the same rows (undo that one first).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tracker import store
from tracker.errors import ConflictError, InputError, NotFoundError
from tracker.models import AuditLog, Issue, name_key
from tracker.register import slugify
from tracker.store import curation as sql

if TYPE_CHECKING:
    import pandas as pd
    from sqlmodel import Session

    from tracker.archive import Archive
    from tracker.link.suggest import IssueProfile, Suggestion

#: A link whose score beats the runner-up's by less than this goes to review.
REVIEW_MARGIN = 0.06
#: A similarity link scoring under this goes to review (the linker's default threshold).
REVIEW_WEAK = 0.33
# how alike two issues' commentaries must be to suggest merging them (tracker.link.suggest;
# measured on the real and synthetic sets: bench/linking/run.py)
SUGGEST_THRESHOLD = 0.18
# commentaries of an issue that review compares (its latest), and how much of each body
PROFILE_LATEST = 30
PROFILE_BODY = 300

_UNDO_NOTE = re.compile(r"^undo of (\S+) \([^)]*\): ")

LOG_COLUMNS = [
    "at",
    "batch",
    "action",
    "entity",
    "entity_id",
    "field",
    "old_value",
    "new_value",
    "note",
]


class AuditBatch:
    """The audit rows of one use case, written as the changes are made."""

    def __init__(self, session: Session, action: str) -> None:
        self.session = session
        self.action = action
        self.id = store.new_batch()
        self.rows = 0

    def _audit(
        self,
        entity: str,
        entity_id: int | None,
        field: str | None,
        old: Any,
        new: Any,
        note: str,
    ) -> None:
        store.add_audit(
            self.session,
            self.action,
            entity,
            entity_id,
            field=field,
            old=old,
            new=new,
            note=note,
            batch=self.id,
        )
        self.rows += 1

    def set(self, entity: str, row_id: int, field: str, value: Any, note: str) -> bool:
        """Set one column of one row; no row is written when it holds the value already."""
        value = sql.column_value(entity, field, value)
        old = sql.get_values(self.session, entity, [row_id], field).get(row_id)
        if old == value:
            return False
        sql.set_values(self.session, entity, [row_id], field, value)
        self._audit(entity, row_id, field, old, value, note)
        return True

    def set_many(self, entity: str, ids: Sequence[int], field: str, value: Any, note: str) -> int:
        """Set one column of many rows: one audit row per distinct old value."""
        old = sql.get_values(self.session, entity, ids, field)
        groups: dict[str, tuple[Any, list[int]]] = {}
        for row_id in sorted(old):
            if old[row_id] != value:
                key = json.dumps(old[row_id])
                groups.setdefault(key, (old[row_id], []))[1].append(row_id)
        changed = 0
        for old_value, group in groups.values():
            sql.set_values(self.session, entity, group, field, value)
            self._audit(
                entity,
                None,
                field,
                {"ids": group, field: old_value},
                {"ids": group, field: value},
                note,
            )
            changed += len(group)
        return changed

    def created(self, entity: str, row_id: int, note: str) -> None:
        """Record a row just inserted."""
        self._audit(entity, row_id, None, None, sql.get_row(self.session, entity, row_id), note)

    def delete(self, entity: str, row_id: int, note: str) -> None:
        """Delete a row, saving its columns."""
        saved = sql.get_row(self.session, entity, row_id)
        sql.delete_row(self.session, entity, row_id)
        self._audit(entity, row_id, None, saved, None, note)


class Curation:
    """Use cases that change the issue register; see the module's docstring for the audit.

    A piece of :class:`tracker.api.Tracker`, given the :class:`~tracker.archive.Archive` it
    curates."""

    def __init__(self, archive: Archive) -> None:
        self.session = archive.session
        self.resolve_issue = archive.resolve_issue

    # ------------------------------------------------------------------ rename

    def rename_issue(self, old: str, new: str) -> Issue:
        """Rename an issue; its slug stays and the old name becomes an alias."""
        name = _clean_name(new, what="new name")
        with self.session() as session:
            issue = self.resolve_issue(old, session)
            issue_id = _id(issue)
            key = name_key(name)
            _check_free(session, key, name, issue_id)
            if name == issue.name:
                raise ConflictError(f"the issue is called {name!r} already")
            was = issue.name
            old_key = issue.key
            batch = AuditBatch(session, "rename")
            own = sql.get_alias_by_key(session, key)
            if own is not None and own.issue_id == issue_id and key != old_key:
                batch.delete(
                    "issue_alias", _id(own), f"alias {own.alias!r} of {was!r} is now its name"
                )
            note = f"renamed {was!r} to {name!r}"
            batch.set("issue", issue_id, "name", name, note)
            batch.set("issue", issue_id, "key", key, note)
            # an analyst's name ends a provisional issue's automatic renaming
            batch.set("issue", issue_id, "provisional", False, note)
            if key != old_key and sql.get_alias_by_key(session, old_key) is None:
                alias = sql.insert_alias(session, issue_id, was, old_key)
                batch.created("issue_alias", _id(alias), f"old name {was!r} kept as an alias")
            return _fresh(session, issue_id)

    # ------------------------------------------------------------------ merge

    def merge_issues(self, source: str, target: str) -> Issue:
        """Merge ``source`` into ``target``: its assessments and aliases move, its name becomes
        an alias of ``target``; ``source`` is kept, marked as merged."""
        with self.session() as session:
            a = self._live_issue(source, session, role="merge")
            b = self._live_issue(target, session, role="merge into")
            a_id, b_id = _id(a), _id(b)
            if a_id == b_id:
                raise ConflictError(
                    f"cannot merge {a.name!r} into itself"
                    + (
                        f" ({source!r} and {target!r} name the same issue)"
                        if source != target
                        else ""
                    )
                )
            batch = AuditBatch(session, "merge")
            _merge_rows(session, batch, a, b)
            return _fresh(session, b_id)

    def _live_issue(self, name: str, session: Session, *, role: str) -> Issue:
        """The issue called ``name``, refusing one that was merged away."""
        found = self.resolve_issue(name, session)
        text = name.strip()
        key, slug = name_key(text), slugify(text)
        for hit in store.find_issues(session, key, slug):
            if hit.merged_into_id is not None and (hit.key == key or hit.slug == slug):
                raise ConflictError(
                    f"cannot {role} {hit.name!r}: it was merged into {found.name!r} already",
                    hint=f"use {found.name!r}, or undo that merge first (see 'tracker log')",
                )
        return found

    # ------------------------------------------------------------------ split

    def split_issue(
        self,
        issue: str,
        assessment_ids: Sequence[int],
        new_name: str,
        *,
        section: str | None = None,
    ) -> Issue:
        """Move the chosen assessments of ``issue`` to a new issue called ``new_name``."""
        name = _clean_name(new_name, what="new issue's name")
        wanted = list(dict.fromkeys(int(i) for i in assessment_ids))
        if not wanted:
            raise InputError("give the ids of the assessments to move, e.g. --ids 12,15,19")
        with self.session() as session:
            found = self.resolve_issue(issue, session)
            issue_id = _id(found)
            owners = sql.assessment_issues(session, wanted)
            foreign = [i for i in wanted if owners.get(i) != issue_id]
            if foreign:
                missing = [i for i in foreign if i not in owners]
                detail = f" ({_ids(missing)} do not exist)" if missing else ""
                raise InputError(
                    f"assessments {_ids(foreign)} are not in {found.name!r}{detail}",
                    hint=f"see the ids with 'tracker history {found.slug}'",
                )
            key = name_key(name)
            _check_free(session, key, name, None)
            section_id = store.resolve_section(session, section).id if section else found.section_id
            batch = AuditBatch(session, "split")
            created = store.add_issue(session, name, section_id=section_id)
            new_id = _id(created)
            batch.created("issue", new_id, f"new issue {name!r} split from {found.name!r}")
            batch.set_many(
                "assessment",
                wanted,
                "issue_id",
                new_id,
                f"{_count(len(wanted), 'assessment')} moved from {found.name!r} to {name!r}",
            )
            return _fresh(session, new_id)

    # ------------------------------------------------------------------ describe / confirm

    def describe_issue(
        self, issue: str, description: str | None = None, section: str | None = None
    ) -> Issue:
        """Set an issue's description and/or home section (an empty description clears it)."""
        with self.session() as session:
            found = self.resolve_issue(issue, session)
            issue_id = _id(found)
            section_id = store.resolve_section(session, section).id if section else None
            batch = AuditBatch(session, "describe")
            if description is not None:
                text = description.strip() or None
                note = (
                    f"description of {found.name!r} set"
                    if text
                    else f"description of {found.name!r} cleared"
                )
                batch.set("issue", issue_id, "description", text, note)
            if section is not None:
                batch.set(
                    "issue",
                    issue_id,
                    "section_id",
                    section_id,
                    f"home section of {found.name!r} set to {section.strip()!r}"
                    if section_id is not None
                    else f"home section of {found.name!r} cleared",
                )
            return _fresh(session, issue_id)

    def issue_info(self, issue: str) -> dict[str, Any]:
        """An issue's register entry: name, slug, section, description, aliases, provisional,
        number of assessments, and the names of issues merged into it."""
        with self.session() as session:
            found = self.resolve_issue(issue, session)
            issue_id = _id(found)
            sections = {s.id: s.name for s in store.list_sections(session)}
            merged = [
                store.get_issue(session, i) for i in sql.issues_merged_into(session, issue_id)
            ]
            return {
                "id": issue_id,
                "name": found.name,
                "slug": found.slug,
                "section": sections.get(found.section_id),
                "description": found.description,
                "aliases": [a.alias for a in sql.aliases_of(session, issue_id)],
                "provisional": bool(found.provisional),
                "assessments": sql.count_assessments(session, issue_id),
                "merged": [m.name for m in merged if m is not None],
            }

    def confirm_issue(self, issue: str) -> Issue:
        """Mark a provisional issue as reviewed (nothing to do if it is confirmed already)."""
        with self.session() as session:
            found = self.resolve_issue(issue, session)
            batch = AuditBatch(session, "confirm")
            batch.set("issue", _id(found), "provisional", False, f"confirmed {found.name!r}")
            return _fresh(session, _id(found))

    # ------------------------------------------------------------------ relink

    def relink(self, assessment_id: int, issue: str) -> None:
        """Link one assessment to ``issue`` by hand (link_method "manual", no score).

        Relinking to the issue it is on confirms the link.  A provisional issue left without
        assessments is merged into ``issue``, so it leaves the lists (undo brings it back).
        """
        with self.session() as session:
            row = sql.get_assessment(session, int(assessment_id))
            if row is None:
                raise NotFoundError(
                    f"no assessment with id {assessment_id}",
                    hint="see the ids with 'tracker history ISSUE' or 'tracker review'",
                )
            target = self.resolve_issue(issue, session)
            target_id = _id(target)
            was = store.get_issue(session, row.issue_id)
            was_name = was.name if was is not None else f"#{row.issue_id}"
            batch = AuditBatch(session, "relink")
            what = f"assessment {assessment_id}"
            moved = batch.set(
                "assessment",
                int(assessment_id),
                "issue_id",
                target_id,
                f"{what} moved from {was_name!r} to {target.name!r}",
            )
            note = f"{what} linked to {target.name!r} by hand"
            batch.set("assessment", int(assessment_id), "link_method", "manual", note)
            batch.set("assessment", int(assessment_id), "link_score", None, note)
            if (
                moved
                and was is not None
                and was.provisional
                and sql.count_assessments(session, _id(was)) == 0
            ):
                batch.set(
                    "issue",
                    _id(was),
                    "merged_into_id",
                    target_id,
                    f"provisional issue {was.name!r} left empty: merged into {target.name!r}",
                )

    # ------------------------------------------------------------------ dating

    def date_assessment(self, assessment_id: int, week: str) -> str:
        """Give an assessment its week (an undated one, or a wrong one): ``2019-W29``, a day
        of the week, or a range.  Audited as one batch (``tracker undo`` reverts it); the
        week's basis becomes ``user``.  Returns the batch id."""
        from tracker.weeks import iso_week, parse_user_week

        start, end = parse_user_week(week)
        with self.session() as session:
            old = sql.get_values(session, "assessment", [assessment_id], "week_start")
            if assessment_id not in old:
                raise NotFoundError(
                    f"no assessment {assessment_id}", hint="see the ids with 'tracker review'"
                )
            was = old[assessment_id]
            batch = AuditBatch(session, "date")
            note = (
                f"assessment {assessment_id} dated {iso_week(start)} "
                f"({start.isoformat()} – {end.isoformat()}), "
                + ("was undated" if was is None else f"was the week of {was}")
            )
            batch.set("assessment", assessment_id, "week_start", start, note)
            batch.set("assessment", assessment_id, "week_end", end, note)
            batch.set("assessment", assessment_id, "week_basis", "user", note)
            if not batch.rows:
                raise InputError(f"assessment {assessment_id} is already dated {iso_week(start)}")
            return batch.id

    # ------------------------------------------------------------------ undo

    def undo(self, batch: str | None = None) -> str:
        """Revert a batch of changes (default: the latest) from the audit trail alone.

        Return the id of the new batch that records the reversal.
        """
        with self.session() as session:
            name = batch.strip() if batch else sql.last_batch(session)
            if not name:
                raise NotFoundError("nothing to undo: the audit trail has no changes yet")
            rows = sql.list_batch(session, name)
            if not rows:
                raise NotFoundError(
                    f"no batch {name!r} in the audit trail",
                    hint="see the batches with 'tracker log'",
                )
            _check_no_later_change(session, name, rows)
            reverse = AuditBatch(session, "undo")
            for row in reversed(rows):
                try:
                    _revert(session, reverse, row)
                except ValueError as exc:
                    raise ConflictError(f"batch {name} cannot be undone: {exc}") from None
            return reverse.id

    # ------------------------------------------------------------------ log / review

    def log(
        self, limit: int | None = None, issue: str | None = None, *, batch: str | None = None
    ) -> pd.DataFrame:
        """The audit trail, newest first; ``issue`` keeps the batches that touched it (and
        the issues merged into it), ``batch`` keeps one batch."""
        import pandas as pd

        if limit is not None and limit < 1:
            raise InputError(f"the limit must be at least 1, not {limit}")
        with self.session() as session:
            if issue is None:
                rows = (
                    sql.list_batch(session, batch)[::-1]
                    if batch
                    else sql.list_audit_rows(session, limit=limit)
                )
            else:
                found = self.resolve_issue(issue, session)
                ids = {_id(found), *sql.issues_merged_into(session, _id(found))}
                rows = sql.list_audit_rows(session)
                hits = {r.batch or f"#{r.id}" for r in rows if _mentions(r, ids)}
                rows = [r for r in rows if (r.batch or f"#{r.id}") in hits]
                if batch:
                    rows = [r for r in rows if r.batch == batch]
            if limit is not None:
                rows = rows[:limit]
            records = [
                tuple(_default_note(r) if c == "note" else getattr(r, c) for c in LOG_COLUMNS)
                for r in rows
            ]
        frame = pd.DataFrame.from_records(records, columns=LOG_COLUMNS)
        frame["entity_id"] = pd.Series([r[4] for r in records], dtype=object)
        return frame

    def review(
        self, limit: int = 50, *, margin: float = REVIEW_MARGIN, weak: float = REVIEW_WEAK
    ) -> pd.DataFrame:
        """Assessments to review, best first (highest link score): those on a new or
        provisional issue, links that beat the runner-up by less than ``margin`` and
        similarity links scoring under ``weak``; ``why`` says which."""
        if limit < 1:
            raise InputError(f"the limit must be at least 1, not {limit}")
        with self.session() as session:
            frame = sql.load_review(session, margin=margin, weak=weak, limit=limit)
        frame["why"] = [
            _why({str(k): v for k, v in row.items()}, margin, weak)
            for row in frame.to_dict(orient="records")
        ]
        return frame

    # ------------------------------------------------------------------ suggestions

    def review_suggestions(
        self, *, threshold: float = SUGGEST_THRESHOLD, limit: int | None = None
    ) -> list[Suggestion]:
        """Groups of provisional issues that probably belong together or to a confirmed
        issue, with their evidence (:func:`tracker.link.suggest.suggest`), numbered; the
        first ``limit`` of them only (their evidence is what costs)."""
        with self.session() as session:
            from tracker.link.suggest import suggest

            return suggest(_issue_profiles(session), threshold=threshold, limit=limit)

    def accept_suggestions(
        self, numbers: Sequence[int], *, threshold: float = SUGGEST_THRESHOLD
    ) -> str:
        """Accept whole suggestions (numbers as :meth:`review_suggestions` gives them): their
        members are merged into the target, which is confirmed and, if it was provisional,
        named as suggested.  One audit batch; ``tracker undo`` reverts it.  Returns its id."""
        from tracker.link.suggest import group

        with self.session() as session:
            grouping = group(_issue_profiles(session), threshold=threshold)
            missing = sorted({n for n in numbers if not 1 <= n <= len(grouping)})
            if missing:
                raise NotFoundError(
                    f"no suggestion {', '.join(map(str, missing))}"
                    + (f" (there are {len(grouping)})" if len(grouping) else " (there are none)"),
                    hint="see them with 'tracker review'",
                )
            found = {n: grouping.describe(n) for n in dict.fromkeys(numbers)}
            batch = AuditBatch(session, "accept")
            for number in dict.fromkeys(numbers):
                chosen = found[number]
                target = store.get_issue(session, chosen.target)
                assert target is not None
                for member_id, _name in chosen.members:
                    member = store.get_issue(session, member_id)
                    assert member is not None
                    _merge_rows(session, batch, member, target)
                note = f"suggestion {number} accepted"
                if target.provisional and chosen.name != target.name:
                    batch.set("issue", chosen.target, "name", chosen.name, note)
                    batch.set("issue", chosen.target, "key", name_key(chosen.name), note)
                batch.set("issue", chosen.target, "provisional", False, note)
            return batch.id


# --------------------------------------------------------------------------- helpers


def _issue_profiles(session: Session) -> list[IssueProfile]:
    """Review's view of the live issues: each with its latest ``PROFILE_LATEST`` dated
    commentaries (a provisional issue rarely has more; a target needs no more), read per
    issue from the database (``sql.load_latest_texts``), not from the whole archive."""
    issues = [i for i in store.list_issues(session) if i.merged_into_id is None]
    if not any(i.provisional for i in issues):
        return []
    from tracker.link.naming import body_opening
    from tracker.link.suggest import IssueProfile

    # a little more than is used, to cut after a whole word
    texts = sql.load_latest_texts(session, latest=PROFILE_LATEST, body_chars=PROFILE_BODY + 40)
    profiles = []
    for issue in issues:
        rows = texts.get(_id(issue))
        if not rows:
            continue
        profiles.append(
            IssueProfile(
                id=_id(issue),
                name=issue.name,
                provisional=bool(issue.provisional),
                section=None,
                headlines=[headline for headline, _, _, _ in rows],
                texts=[
                    f"{lead or ''} {body_opening(body, PROFILE_BODY)}" for _, lead, body, _ in rows
                ],
                weeks=[week for _, _, _, week in rows],
            )
        )
    return profiles


def _merge_rows(
    session: Session, batch: AuditBatch, a: Issue, b: Issue, *, name_as_alias: bool = True
) -> None:
    """Merge issue ``a`` into ``b`` within ``batch``: assessments and aliases move, ``a``'s
    name becomes an alias of ``b`` (unless ``name_as_alias`` is false: the linker's own
    merges keep a name that no analyst gave out of the aliases), ``a`` is kept and marked as
    merged."""
    a_id, b_id = _id(a), _id(b)
    batch.set("issue", a_id, "merged_into_id", b_id, f"merged {a.name!r} into {b.name!r}")
    aliases = sql.aliases_of(session, a_id)
    if aliases:
        names = ", ".join(repr(x.alias) for x in aliases)
        batch.set_many(
            "issue_alias",
            [_id(x) for x in aliases],
            "issue_id",
            b_id,
            f"aliases {names} moved from {a.name!r} to {b.name!r}",
        )
    if name_as_alias and sql.get_alias_by_key(session, a.key) is None and a.key != b.key:
        alias = sql.insert_alias(session, b_id, a.name, a.key)
        batch.created("issue_alias", _id(alias), f"{a.name!r} is now an alias of {b.name!r}")
    ids = sql.assessment_ids_of(session, a_id)
    if ids:
        batch.set_many(
            "assessment",
            ids,
            "issue_id",
            b_id,
            f"{_count(len(ids), 'assessment')} moved from {a.name!r} to {b.name!r}",
        )


def _id(row: Any) -> int:
    value = row.id
    assert value is not None
    return int(value)


def _fresh(session: Session, issue_id: int) -> Issue:
    session.flush()
    found = store.get_issue(session, issue_id)
    assert found is not None
    session.refresh(found)
    return found


def _clean_name(name: str, *, what: str) -> str:
    text = " ".join(name.split())
    if not name_key(text):
        raise InputError(f"the {what} {name!r} is empty", hint="give a name with letters or digits")
    return text


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _ids(ids: Sequence[int], most: int = 10) -> str:
    shown = ", ".join(str(i) for i in ids[:most])
    return shown if len(ids) <= most else f"{shown} … ({len(ids)} in all)"


def _final_id(session: Session, issue: Issue) -> int:
    return _id(store.final_issue(session, issue))


def _check_free(session: Session, key: str, name: str, own_id: int | None) -> None:
    """Refuse a name that another issue has (as its name or an alias)."""
    for other in sql.issues_named(session, key):
        if own_id is not None and _final_id(session, other) == own_id:
            continue
        where = "name" if other.key == key else "alias"
        merged = " (merged away)" if other.merged_into_id is not None else ""
        raise ConflictError(
            f"{name!r} is already the {where} of issue {other.name!r}{merged}",
            hint="pick another name, or merge the two issues",
        )


def _field(row: AuditLog) -> str | None:
    """The column an audit row changed (``issue.rules`` as other writers spell it -> ``rules``)."""
    if row.field is not None and row.field.startswith(f"{row.entity}."):
        return row.field[len(row.entity) + 1 :]
    return row.field


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _touched(row: AuditLog) -> set[tuple[str, int]]:
    """The (table, id) rows an audit row changed."""
    if row.entity_id is not None:
        return {(row.entity, int(row.entity_id))}
    out: set[tuple[str, int]] = set()
    for text in (row.old_value, row.new_value):
        value = _json(text)
        if isinstance(value, dict):
            out.update((row.entity, int(i)) for i in value.get("ids", []))
    return out


def _check_no_later_change(session: Session, name: str, rows: list[AuditLog]) -> None:
    """Refuse when a batch after ``name`` changed the same rows and still stands.

    A later batch that was itself undone later on cancels out with its undo.
    """
    touched: set[tuple[str, int]] = set()
    for row in rows:
        touched |= _touched(row)
    standing: dict[str, tuple[str, set[tuple[str, int]]]] = {}
    for row in sql.list_audit_after(session, _id(rows[0])):
        key = row.batch or f"#{row.id}"
        if key == name:
            continue
        undone = _undone_batch(row)
        if (
            undone is not None
            and undone in standing
            and standing[undone][0] != "cancelled"
            and key not in standing
        ):
            del standing[undone]
            standing[key] = ("cancelled", set())
            continue
        if key in standing and standing[key][0] == "cancelled":
            continue
        standing.setdefault(key, (row.action, set()))[1].update(_touched(row))
    later = {b: a for b, (a, rows_) in standing.items() if a != "cancelled" and rows_ & touched}
    if later:
        which = ", ".join(f"{b} ({a})" for b, a in later.items())
        raise ConflictError(
            f"batch {name} ({rows[0].action}) cannot be undone: later changes touched the same "
            f"rows: {which}",
            hint="undo those first, newest first",
        )


def _undone_batch(row: AuditLog) -> str | None:
    """The batch an undo row reverted (its note starts ``undo of BATCH``)."""
    if row.action != "undo" or not row.note:
        return None
    match = _UNDO_NOTE.match(row.note)
    return match.group(1) if match else None


def _revert(session: Session, batch: AuditBatch, row: AuditLog) -> None:
    """Apply the inverse of one audit row, recording it in ``batch``."""
    core = _default_note(row)
    while (match := _UNDO_NOTE.match(core)) is not None:
        core = core[match.end() :]
    note = f"undo of {row.batch} ({row.action}): {core}"
    entity = row.entity
    old, new = _json(row.old_value), _json(row.new_value)
    field = _field(row)
    sql.model_of(entity, field)
    if field is not None and row.entity_id is not None:
        row_id = int(row.entity_id)
        now = sql.get_values(session, entity, [row_id], field)
        if row_id not in now:
            raise ValueError(f"{entity} {row_id} no longer exists")
        if now[row_id] != sql.column_value(entity, field, new):
            raise ValueError(
                f"{entity} {row_id} {field} is {now[row_id]!r} now, not {new!r} as the "
                "change left it"
            )
        if entity == "issue" and field == "key" and isinstance(old, str):
            issue = store.get_issue(session, row_id)
            assert issue is not None
            _check_undo_free(session, old, issue.name, row_id)
        batch.set(entity, row_id, field, old, note)
    elif field is not None:
        if not isinstance(old, dict) or not isinstance(new, dict):
            raise ValueError(f"audit row {row.id} is malformed")
        ids = [int(i) for i in new.get("ids", [])]
        now = sql.get_values(session, entity, ids, field)
        changed = [i for i in ids if now.get(i, object()) != new.get(field)]
        if changed:
            raise ValueError(
                f"{entity} rows {_ids(changed)} no longer hold what the change left in {field}"
            )
        batch.set_many(entity, ids, field, old.get(field), note)
    elif entity not in sql.ROW_COLUMNS:
        raise ValueError(f"curation never creates or deletes {entity} rows (audit row {row.id})")
    elif new is not None and old is None:
        row_id = int(row.entity_id or 0)
        if sql.get_row(session, entity, row_id) is None:
            raise ValueError(f"{entity} {row_id} no longer exists")
        if entity == "issue":
            refs = sql.count_issue_references(session, row_id)
            if refs:
                raise ValueError(
                    f"issue {new.get('name')!r} is used by {_count(refs, 'row')} now "
                    "(assessments, aliases or merges); move them first"
                )
        batch.delete(entity, row_id, note)
    elif old is not None and new is None:
        if not isinstance(old, dict):
            raise ValueError(f"audit row {row.id} is malformed")
        row_id = int(old.get("id") or row.entity_id or 0)
        if sql.get_row(session, entity, row_id) is not None:
            raise ValueError(f"{entity} {row_id} exists again")
        if entity == "issue_alias":
            taken = sql.get_alias_by_key(session, str(old.get("key")))
            if taken is not None:
                raise ValueError(f"the alias {old.get('alias')!r} is in use again")
        sql.insert_row(session, entity, old)
        batch.created(entity, row_id, note)
    else:
        raise ValueError(f"audit row {row.id} is malformed")


def _check_undo_free(session: Session, key: str, name: str, own_id: int) -> None:
    for other in sql.issues_named(session, key):
        if _final_id(session, other) != own_id and other.id != own_id:
            raise ValueError(f"the name {key!r} belongs to issue {other.name!r} now")


def _mentions(row: AuditLog, ids: set[int]) -> bool:
    """Whether an audit row concerns one of these issues."""
    if row.entity == "issue" and row.entity_id in ids:
        return True
    if row.field == "issue_id" or row.field == "merged_into_id":
        for value in (_json(row.old_value), _json(row.new_value)):
            inner = value.get(row.field) if isinstance(value, dict) else value
            if isinstance(inner, int) and inner in ids:
                return True
    for value in (_json(row.old_value), _json(row.new_value)):
        if isinstance(value, dict) and value.get("issue_id") in ids:
            return True
    return False


def _default_note(row: AuditLog) -> str:
    """The row's note, or words made from its values for rows written without one."""
    if row.note:
        return row.note
    new = _json(row.new_value)
    what = f"{row.entity.replace('_', ' ')} {row.entity_id if row.entity_id is not None else ''}"
    if row.field is not None:
        return f"{row.action}: {what.strip()} {row.field} = {row.new_value}"
    if isinstance(new, dict):
        details = ", ".join(
            f"{k} {v!r}" if isinstance(v, str) else f"{k} {v}" for k, v in new.items()
        )
        return f"{row.action}: {what.strip()} ({details})"
    return f"{row.action}: {what.strip()}"


def _why(row: dict[str, Any], margin: float, weak: float) -> str:
    reasons: list[str] = []
    week = row.get("week_start")
    if week is None or week != week:  # None or NaT: no evidence of its week
        reasons.append(f"undated: give its week with 'tracker date {row.get('id')} 2019-W29'")
    score, runner = row.get("link_score"), row.get("runner_up")
    if row.get("link_method") == "new":
        if runner is not None and score == score and score is not None:
            reasons.append(f"new issue: the closest, {runner!r}, scored only {score:.2f}")
        else:
            reasons.append("new issue: nothing earlier was similar")
    elif row.get("provisional"):
        reasons.append("provisional issue")
    if row.get("link_method") != "new":
        gap = row.get("margin")
        if gap is not None and gap == gap and gap < margin:
            reasons.append(
                f"runner-up {runner!r} is close: {score:.2f} vs {row['runner_up_score']:.2f}"
            )
        if row.get("link_method") == "similarity" and score is not None and score < weak:
            reasons.append(f"weak similarity {score:.2f}")
    return "; ".join(reasons)


__all__ = ["LOG_COLUMNS", "REVIEW_MARGIN", "REVIEW_WEAK", "Curation"]
