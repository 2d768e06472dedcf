"""Sources, sections, issues, aliases and the audit trail.

Functions take a Session and flush, never commit: the API layer owns the transaction.
"""

from __future__ import annotations

import difflib
import json
import uuid
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from tracker.errors import NotFoundError
from tracker.models import (
    AuditLog,
    Issue,
    IssueAlias,
    Section,
    Source,
    name_key,
    section_key,
)
from tracker.register import slugify
from tracker.sections import canonical_section


def get_or_add_source(session: Session, name: str, cache: dict[str, int] | None = None) -> int:
    key = name.strip()
    if cache is not None and key in cache:
        return cache[key]
    found = session.exec(select(Source).where(Source.name == key)).first()
    if found is None:
        found = Source(name=key)
        session.add(found)
        session.flush()
    assert found.id is not None
    if cache is not None:
        cache[key] = found.id
    return found.id


def get_or_add_section(session: Session, name: str, cache: dict[str, int] | None = None) -> int:
    key = section_key(name)
    if cache is not None and key in cache:
        return cache[key]
    found = session.exec(select(Section).where(Section.key == key)).first()
    if found is None:
        found = Section(name=canonical_section(name), key=key)
        session.add(found)
        session.flush()
    assert found.id is not None
    if cache is not None:
        cache[key] = found.id
    return found.id


def list_issues(session: Session, *, include_merged: bool = False) -> list[Issue]:
    query = select(Issue).order_by(Issue.name, Issue.id)  # type: ignore[arg-type]
    if not include_merged:
        query = query.where(Issue.merged_into_id == None)  # noqa: E711
    return list(session.exec(query))


def list_aliases(session: Session) -> list[IssueAlias]:
    return list(session.exec(select(IssueAlias).order_by(IssueAlias.id)))  # type: ignore[arg-type]


def get_issue(session: Session, issue_id: int) -> Issue | None:
    return session.get(Issue, issue_id)


def final_issue(session: Session, issue: Issue) -> Issue:
    """Follow ``merged_into`` to the issue that holds the history now (cycles stop)."""
    seen: set[int] = set()
    while issue.merged_into_id is not None and issue.merged_into_id not in seen:
        seen.add(issue.merged_into_id)
        nxt = session.get(Issue, issue.merged_into_id)
        if nxt is None:
            break
        issue = nxt
    return issue


def find_issues(session: Session, key: str, slug: str) -> list[Issue]:
    """Issues whose normalised name is ``key``, whose slug is ``slug``, or with such an alias."""
    aliased = select(IssueAlias.issue_id).where(IssueAlias.key == key)
    found = select(Issue).where(
        or_(col(Issue.key) == key, col(Issue.slug) == slug, col(Issue.id).in_(aliased))
    )  # one query: naming an issue is the first step of most commands
    return list(session.exec(found.order_by(col(Issue.id))))


def unique_slug(session: Session, name: str) -> str:
    base = slugify(name)
    taken = set(
        session.exec(select(Issue.slug).where(Issue.slug.like(f"{base}%")))  # type: ignore[attr-defined]
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def add_issue(
    session: Session,
    name: str,
    *,
    section_id: int | None = None,
    description: str | None = None,
    provisional: bool = False,
    slug: str | None = None,
) -> Issue:
    issue = Issue(
        name=" ".join(name.split()),
        key=name_key(name),
        slug=slug or unique_slug(session, name),
        section_id=section_id,
        description=description,
        provisional=provisional,
    )
    session.add(issue)
    session.flush()
    return issue


def add_alias(session: Session, issue_id: int, alias: str) -> IssueAlias:
    row = IssueAlias(issue_id=issue_id, alias=" ".join(alias.split()), key=name_key(alias))
    session.add(row)
    session.flush()
    return row


def new_batch() -> str:
    return uuid.uuid4().hex[:12]


def add_audit(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    note: str | None = None,
    batch: str | None = None,
) -> AuditLog:
    row = AuditLog(
        action=action,
        entity=entity,
        entity_id=entity_id,
        field=field,
        old_value=None if old is None else json.dumps(old, ensure_ascii=False, default=str),
        new_value=None if new is None else json.dumps(new, ensure_ascii=False, default=str),
        note=note,
        batch=batch,
    )
    session.add(row)
    session.flush()
    return row


def list_sections(session: Session) -> list[Section]:
    return list(session.exec(select(Section).order_by(Section.name)))  # type: ignore[arg-type]


def list_sources(session: Session) -> list[Source]:
    return list(session.exec(select(Source).order_by(Source.name)))  # type: ignore[arg-type]


def resolve_section(session: Session, name: str) -> Section:
    """The section called ``name`` (any case and punctuation); unknown -> closest matches."""
    sections = list_sections(session)
    key = section_key(name)
    for section in sections:
        if section.key == key:
            return section
    raise NotFoundError(
        f"no section named {name!r}", hint=_closest(name, [s.name for s in sections])
    )


def resolve_source(session: Session, name: str) -> Source:
    sources = list_sources(session)
    for source in sources:
        if source.name.casefold() == name.strip().casefold():
            return source
    raise NotFoundError(f"no source named {name!r}", hint=_closest(name, [s.name for s in sources]))


def _closest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=5, cutoff=0.4)
    if close:
        return "closest: " + "; ".join(repr(c) for c in close)
    if choices:
        return "known: " + "; ".join(repr(c) for c in choices[:10])
    return "the database has none yet"
