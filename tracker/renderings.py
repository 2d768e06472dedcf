"""One commentary, one assessment: recognising the renderings of a commentary at ingest.

The same commentary saved twice (two layouts of one URL, the bulletin's old and new site, a
partner's republication) is stored once (DESIGN.md, data model).  Two pages are renderings
of one commentary when they are in the same language, do not state two different weeks, and
share a URL key (the article's slug or path whatever the domain, also when the file was
saved under its URL) or the same headline and nearly the same opening text after
normalising quotes, dashes and spacing (see :mod:`tracker.models`).  Translations differ in
language and stay apart.

:class:`Renderings` sorts the fresh commentaries of one ingest transaction: those that render
a stored assessment fill in what it lacks (a verdict, a better evidenced week, a section, a
fuller text, the page's own title); those that render an earlier fresh one are folded into
it; every file becomes a ``rendering`` row of its assessment.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tracker import store
from tracker.models import Commentary

__all__ = ["Renderings"]


_BASIS_RANK = {"page": 0, "published": 1, "url": 2, "file": 3, "user": 4, None: 5}


def _richer_fields(base: dict[str, Any], other: Commentary) -> dict[str, Any]:
    """What ``other`` (a rendering of the commentary ``base``) fills in: a verdict, a better
    evidenced week, a section, authors, a date, a URL, a fuller text."""
    out: dict[str, Any] = {}
    if _headline_from_text(base.get("headline"), base.get("lead")) and not _headline_from_text(
        other.headline, other.lead
    ):
        out["headline"] = other.headline  # the page's own title beats a first sentence
    if base.get("status") is None and other.status is not None:
        out["status"], out["status_text"] = other.status, other.status_text
    other_basis = None if other.undated else other.week_basis
    if _BASIS_RANK.get(other_basis, 5) < _BASIS_RANK.get(base.get("week_basis"), 5):
        out["week_start"], out["week_end"] = other.week_start, other.week_end
        out["week_basis"] = other_basis
    if not base.get("section") and other.section:
        out["section"] = other.section
    if not base.get("authors") and other.authors:
        out["authors"] = other.authors
    if base.get("published_on") is None and other.published_on is not None:
        out["published_on"] = other.published_on
    if not base.get("url") and other.url:
        out["url"] = other.url
    size = len(base.get("lead") or "") + len(base.get("body") or "")
    if len(other.lead or "") + len(other.body or "") > size + 20:
        out["lead"], out["body"] = other.lead, other.body
    return out


def _headline_from_text(headline: str | None, lead: str | None) -> bool:
    """Whether a headline is its lead's opening (a page that lost its title line)."""
    from tracker.models import normalise_text

    if not headline or not lead:
        return False
    return normalise_text(lead).startswith(normalise_text(headline).rstrip("…").strip())


def _fields_of(c: Commentary) -> dict[str, Any]:
    return {
        "headline": c.headline,
        "language": c.language,
        "status": c.status,
        "section": c.section,
        "lead": c.lead,
        "body": c.body,
        "week_start": None if c.undated else c.week_start,
        "week_end": None if c.undated else c.week_end,
        "week_basis": None if c.undated else c.week_basis,
        "authors": c.authors,
        "published_on": c.published_on,
        "url": c.url,
    }


def _same_commentary(
    base: dict[str, Any],
    base_keys: tuple[str | None, str],
    other: Commentary,
    other_keys: tuple[str | None, str],
) -> bool:
    """Whether ``other`` is a rendering of ``base``: the same language, no two different
    stated weeks, and the same URL key, or the same headline and nearly the same lead.
    Translations differ in language, so they stay apart."""
    from tracker.models import same_opening

    if base.get("language") and other.language and base["language"] != other.language:
        return False
    if (
        base.get("week_basis") == "page"
        and other.week_basis == "page"
        and not other.undated
        and base.get("week_start") != other.week_start
    ):
        return False
    if other_keys[0] is not None and other_keys[0] == base_keys[0]:
        return True
    return base_keys[1] == other_keys[1] and same_opening(base.get("lead"), other.lead)


class Renderings:
    """The fresh commentaries of one transaction, grouped into commentaries and renderings.

    A commentary that renders a stored assessment is merged into it at once (its fields
    fill in what the assessment lacks); one that renders an earlier fresh commentary is
    folded into that one before it is stored.  ``kept[i]`` says whether the i-th becomes an
    assessment; :meth:`record` writes one rendering row per file afterwards.
    """

    def __init__(
        self,
        session: Session,
        fresh: list[tuple[Commentary, str]],
        copies: list[tuple[Commentary, str, int | None, int | None]] | None = None,
    ) -> None:
        from tracker.models import rendering_origin_key, rendering_text_key

        self.items = fresh
        self.copies = copies or []
        self.keys = [
            (rendering_origin_key(c.url, c.origin), rendering_text_key(c.headline))
            for c, _ in fresh
        ]
        self.kept = [True] * len(fresh)
        self.merged_into: dict[int, int] = {}  # fresh index -> stored assessment id
        self.folded: dict[int, int] = {}  # fresh index -> fresh index of its commentary
        self.commentaries = [c for c, _ in fresh]
        stored = store.find_renderings(
            session, [k[0] for k in self.keys if k[0]], [k[1] for k in self.keys]
        )
        by_id: dict[int, dict[str, Any]] = {}
        for row in stored:
            by_id.setdefault(int(row["id"]), row)
        # (each candidate's fields are its assessment's, shared by all its renderings)
        candidates: list[tuple[dict[str, Any], tuple[str | None, str]]] = [
            (by_id[int(row["id"])], (row["url_key"], row["text_key"])) for row in stored
        ]
        by_key: dict[str | None, list[int]] = {}  # a key -> the kept fresh ones having it
        for i, (c, _) in enumerate(fresh):
            keys = self.keys[i]
            target = next((row for row, k in candidates if _same_commentary(row, k, c, keys)), None)
            if target is not None:
                aid = int(target["id"])
                self._merge_stored(session, target, c)
                self.kept[i] = False
                self.merged_into[i] = aid
                continue
            near = dict.fromkeys(by_key.get(keys[0], []) if keys[0] else [])
            near.update(dict.fromkeys(by_key.get(keys[1], [])))
            first = next(
                (
                    j
                    for j in near
                    if _same_commentary(_fields_of(self.commentaries[j]), self.keys[j], c, keys)
                ),
                None,
            )
            if first is not None:
                fill = _richer_fields(_fields_of(self.commentaries[first]), c)
                if fill:
                    self.commentaries[first] = self.commentaries[first].model_copy(
                        update={**fill, "undated": False} if "week_start" in fill else fill
                    )
                self.kept[i] = False
                self.folded[i] = first
                continue
            for key in keys:
                if key is not None:
                    by_key.setdefault(key, []).append(i)

    def _merge_stored(self, session: Session, row: dict[str, Any], c: Commentary) -> None:
        fill = _richer_fields(row, c)
        values = {k: v for k, v in fill.items() if k not in ("section", "authors")}
        if "section" in fill:
            values["section_id"] = store.get_or_add_section(session, fill["section"])
        if "authors" in fill:
            values["authors"] = "; ".join(fill["authors"])
        store.update_assessment(session, int(row["id"]), values)
        row.update(fill)  # a later rendering in this batch compares with the merged fields

    def new_commentaries(self) -> list[tuple[Commentary, str]]:
        return [(self.commentaries[i], h) for i, (_, h) in enumerate(self.items) if self.kept[i]]

    def record(self, session: Session) -> None:
        """One rendering row per fresh commentary, each pointing at its assessment."""
        ids = store.ids_by_hash(session, [h for i, (_, h) in enumerate(self.items) if self.kept[i]])
        rows = []
        for i, (c, h) in enumerate(self.items):
            if i in self.merged_into:
                aid = self.merged_into[i]
            else:
                aid = ids[self.items[self.folded.get(i, i)][1]]
            rows.append(store.own_rendering(aid, c, h))
        for c, h, stored_id, fresh_index in self.copies:
            if stored_id is not None:
                aid = stored_id
            else:
                assert fresh_index is not None
                aid = ids.get(self.items[self.folded.get(fresh_index, fresh_index)][1], 0)
                if fresh_index in self.merged_into:
                    aid = self.merged_into[fresh_index]
            rows.append(store.own_rendering(aid, c, h))
        store.add_renderings(session, rows)
