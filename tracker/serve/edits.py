"""/review: what needs a curator's look, and (with ``--allow-edits``) the curation actions.

The page lists assessments to review (provisional issues, links that barely beat the
runner-up, weak similarity links: :meth:`Tracker.review`), the provisional issues and the
latest changes of the audit trail.  :data:`PANELS` is the list of those lists; a new kind of
review item (undated assessments, suggestions) is one more entry, whose builder returns a
frame, or None where this database's Tracker has no such method yet.

Edits are POST forms to ``/review/<action>``, each calling the same Tracker method as the
CLI command (so each is one transaction and one audited batch, undoable).  They are refused
(403) unless the server was started with ``--allow-edits``, without the form's CSRF token
(an HMAC of a random cookie under a per-process secret), or from a page of another origin.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from tracker import browse
from tracker.serve import params
from tracker.serve.app import CSRF_COOKIE, Page, Problem, Site, problem_page
from tracker.serve.present import rows

if TYPE_CHECKING:
    import pandas as pd

    from tracker.api import Tracker

__all__ = ["ACTIONS", "PANELS", "post_action", "review"]

REVIEW_LIMIT = 50  # as 'tracker review'; ?limit= changes it
LOG_LIMIT = 15


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    explain: str
    build: Callable[[Tracker, int], pd.DataFrame | None]  # (tracker, limit)


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    """Review items that have a week: the undated ones have a panel of their own."""
    return frame[frame["week_start"].notna()].reset_index(drop=True)


def _undated(tracker: Tracker, limit: int) -> pd.DataFrame:
    frame = tracker.assessments(undated=True).head(limit)
    frame["why"] = "no week on the page, in its URL or file name"
    return frame


def _suggestions(tracker: Tracker, limit: int) -> pd.DataFrame:
    from tracker.link.suggest import suggestions_frame

    return suggestions_frame(tracker.review_suggestions(limit=limit))


PANELS = [
    Panel("suggestions", "Suggestions",
          "Provisional issues that probably belong together or to a known issue, with what "
          "they share. Accepting one merges the whole group in one step (undoable).",
          _suggestions),
    Panel("links", "Links to check",
          "Assessments on a new or provisional issue, links that barely beat the runner-up, "
          "weak similarity links. Link one to the right issue to settle it.",
          lambda t, limit: _dated(t.review(limit=limit))),
    Panel("provisional", "Provisional issues",
          "Issues made automatically from a headline. Confirm, rename or merge them.",
          lambda t, limit: browse.provisional_summary(t)),
    Panel("undated", "Undated assessments",
          "Commentaries stored without a week; they are not charted until dated.",
          _undated),
]  # fmt: skip


#: action → (form fields, what it does, the call)
ACTIONS: dict[str, tuple[tuple[str, ...], str, Callable[[Tracker, dict[str, str]], Any]]] = {
    "link": (("assessment", "issue"), "linked the assessment",
             lambda t, f: t.relink(_whole(f["assessment"], "assessment"), f["issue"])),
    "rename": (("issue", "name"), "renamed the issue",
               lambda t, f: t.rename_issue(f["issue"], f["name"])),
    "merge": (("source", "target"), "merged the issues",
              lambda t, f: t.merge_issues(f["source"], f["target"])),
    "confirm": (("issue",), "confirmed the issue", lambda t, f: t.confirm_issue(f["issue"])),
    "accept": (("number",), "accepted the suggestion",
               lambda t, f: t.accept_suggestions([_whole(f["number"], "number")])),
    "date": (("assessment", "week"), "dated the assessment",
             lambda t, f: t.date_assessment(_whole(f["assessment"], "assessment"), f["week"])),
    "undo": ((), "undid the change", lambda t, f: t.undo(f.get("batch") or None)),
}  # fmt: skip


def _whole(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Problem(400, f"{name}: {value!r} is not an id (a whole number)") from None


def review(site: Site, request: Request) -> Page:
    """Items to review, the provisional issues and the latest changes."""
    tracker = site.tracker
    limit = params.number(request, "limit", REVIEW_LIMIT, low=1, high=1000)

    def build() -> dict[str, Any]:
        panels = []
        for panel in PANELS:
            frame = panel.build(tracker, limit)
            if frame is not None:
                panels.append((panel, frame))
        return {"panels": panels, "log": tracker.log(limit=LOG_LIMIT)}

    built = site.cached(request, ("review", limit), build)
    done = request.query_params.get("done")
    data: dict[str, Any] = {p.key: rows(frame) for p, frame in built["panels"]}
    data["log"] = rows(built["log"])
    data["allow_edits"] = site.allow_edits
    page = Page(
        "review.html",
        "Review",
        data,
        extra={
            "panels": [(p, data[p.key]) for p, _ in built["panels"]],
            "done": ACTIONS[done][1] if done in ACTIONS else None,
            "issue_names": [
                name
                for name, _ in site.cached(
                    request, ("issue names",), lambda: browse.issue_names(tracker)
                )
            ],
        },
    )
    if site.allow_edits:
        page.cacheable = False
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie:
            cookie = secrets.token_urlsafe(24)
            page.cookies[CSRF_COOKIE] = cookie
        page.extra["csrf"] = site.csrf_token(cookie)
    return page


async def post_action(request: Request) -> Response:
    """``POST /review/<action>``: one curation, then back to /review (or JSON on request)."""
    site: Site = request.app.state.site
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        action = request.path_params["action"]
        if action not in ACTIONS:
            raise Problem(404, f"no action {action!r}", hint=f"the actions: {', '.join(ACTIONS)}")
        if not site.allow_edits:
            raise Problem(
                403,
                "this server is read-only: edits are refused",
                hint="start it with 'tracker serve --allow-edits' to curate from the browser",
            )
        _check_origin(request)
        form = await request.form()
        fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        site.check_csrf(request, fields.get("csrf"))
        needed, said, call = ACTIONS[action]
        missing = [name for name in needed if not fields.get(name, "").strip()]
        if missing:
            raise Problem(400, f"{', '.join(missing)}: missing", hint="fill in every field")
        result = await run_in_threadpool(call, site.tracker, fields)
    except Exception as exc:
        return problem_page(site, request, exc)
    if wants_json:
        return JSONResponse({"ok": True, "action": action, "done": said,
                             "batch": result if isinstance(result, str) else None})  # fmt: skip
    return RedirectResponse(f"/review?done={action}#log", status_code=303)


def _check_origin(request: Request) -> None:
    """Refuse a form posted from a page of another site (browsers send Origin on POST)."""
    origin = request.headers.get("origin")
    if origin is None:
        return
    host = request.headers.get("host", "")
    if origin.split("://", 1)[-1] != host:
        raise Problem(403, f"a form from {origin} may not change this database")
