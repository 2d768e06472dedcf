"""All SQL lives in this package: schema and migrations, the register, assessments, search.

Functions take a :class:`sqlmodel.Session` and flush, never commit; :mod:`tracker.api` owns
the transaction, so a use case (an ingest of a file, a merge) is all-or-nothing.
"""

from tracker.store.assessments import (
    INSERT_COLUMNS,
    assessment_id_by_hash,
    existing_hashes,
    insert_assessments,
    load_assessments,
    load_link_history,
)
from tracker.store.issues import (
    add_alias,
    add_audit,
    add_issue,
    final_issue,
    find_issues,
    get_issue,
    get_or_add_section,
    get_or_add_source,
    list_aliases,
    list_issues,
    list_sections,
    list_sources,
    new_batch,
    resolve_section,
    resolve_source,
    unique_slug,
)
from tracker.store.schema import migrate, needs_migration
from tracker.store.search import (
    SearchFilters,
    reindex,
    search_assessments,
    search_by_issue,
)

__all__ = [
    "INSERT_COLUMNS",
    "SearchFilters",
    "add_alias",
    "add_audit",
    "add_issue",
    "assessment_id_by_hash",
    "existing_hashes",
    "final_issue",
    "find_issues",
    "get_issue",
    "get_or_add_section",
    "get_or_add_source",
    "insert_assessments",
    "list_aliases",
    "list_issues",
    "list_sections",
    "list_sources",
    "load_assessments",
    "load_link_history",
    "migrate",
    "needs_migration",
    "new_batch",
    "reindex",
    "resolve_section",
    "resolve_source",
    "search_assessments",
    "search_by_issue",
    "unique_slug",
]
