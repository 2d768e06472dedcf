"""The read-only pages: issues, one issue, one week, one section, search, report.

Each handler gathers the page's data (through :class:`~tracker.api.Tracker` and
:mod:`tracker.browse`, cached under the data version) and returns a :class:`Page`; the
same data is the page's JSON twin under ``/api/``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from starlette.requests import Request

from tracker import browse
from tracker.api import SEARCH_SORTS
from tracker.errors import NotFoundError
from tracker.register import slugify
from tracker.serve import params
from tracker.serve.app import Page, Problem, Site
from tracker.serve.present import highlight, iso_week, parse_iso_week, rows

if TYPE_CHECKING:
    import pandas as pd

PER_PAGE = 20
ISSUE_COLUMNS = ["issue", "assessments", "first_week", "last_week", "last_status", "streak"]


# --------------------------------------------------------------------------- shared look-ups


def sections(site: Site, request: Request) -> dict[str, str]:
    """Section name → slug."""
    names = site.cached(request, ("sections",), lambda: browse.section_names(site.tracker))
    return {name: slugify(name) for name in names}


def issue_links(site: Site, request: Request) -> dict[str, str]:
    """Issue name → its page (for the closest names of a 404)."""
    names = site.cached(request, ("issue names",), lambda: browse.issue_names(site.tracker))
    return {name: f"/issue/{quote(slug)}" for name, slug in names}


def chart_src(site: Site, request: Request, kind: str, **filters: str) -> str:
    query = urlencode({**{k: v for k, v in filters.items() if v}, "v": site.tag(request)})
    return f"/chart/{kind}.svg?{query}"


def status_counts(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "no assessments"
    counts = frame["status"].fillna("none").value_counts()
    parts = [f"{int(n)} {'without a verdict' if s == 'none' else s}" for s, n in counts.items()]
    return ", ".join(parts)


def _span(frame: pd.DataFrame) -> str:
    first = frame["week_start"].min().date()
    last = frame["week_end"].max().date()
    return f"from {iso_week(first)} to {iso_week(last)}"


# --------------------------------------------------------------------------- /


def overview_key(filters: dict[str, Any]) -> tuple[Any, ...]:
    return (
        "overview",
        *(filters.get(k) for k in ("section", "source", "status", "since", "until")),
    )


def warm(site: Site) -> None:
    """Build what the first visitor's page needs (the issue list, its filters) ahead of
    them: on a large database the list reads every assessment, which takes seconds."""
    version = browse.data_version(site.tracker)
    site.cache.get(version, overview_key({}), lambda: browse.overview(site.tracker))
    site.cache.get(version, ("sections",), lambda: browse.section_names(site.tracker))
    site.cache.get(version, ("sources",), lambda: browse.source_names(site.tracker))


def index(site: Site, request: Request) -> Page:
    """Sections and their issues: last status, streak, a strip of recent weeks, last change."""
    tracker = site.tracker
    names = list(sections(site, request))
    sources = site.cached(request, ("sources",), lambda: browse.source_names(tracker))
    statuses = [*tracker.vocabulary.scores, "none"]
    filters: dict[str, Any] = {
        "section": params.choice(request, "section", names),
        "source": params.choice(request, "source", sources),
        "status": params.choice(request, "status", statuses),
        "since": params.day(request, "since"),
        "until": params.day(request, "until"),
    }
    if filters["since"] and filters["until"] and filters["since"] > filters["until"]:
        raise Problem(400, "since: the period starts after it ends", hint="swap since and until")
    overview = site.cached(
        request, overview_key(filters), lambda: browse.overview(tracker, **filters)
    )
    issues = rows(overview.issues)
    for row in issues:
        row["strip"] = overview.strips.get(int(row["issue_id"]), [None] * len(overview.strip_weeks))
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in issues:
        groups.setdefault(row.get("section") or "No section", []).append(row)
    return Page(
        "index.html",
        "Issues",
        {
            "filters": filters,
            "strip_weeks": overview.strip_weeks,
            "issues": issues,
        },
        extra={
            "groups": groups,
            "section_slugs": sections(site, request),
            "choices": {"section": names, "source": sources, "status": statuses},
            "filtered": any(v is not None for v in filters.values()),
        },
    )


# --------------------------------------------------------------------------- /issue/<slug>


def load_issue(site: Site, request: Request, slug: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """The issue's register entry and history; a 404 naming the closest issues if unknown."""
    tracker = site.tracker
    try:
        return site.cached(  # type: ignore[no-any-return]
            request, ("issue", slug), lambda: (tracker.issue_info(slug), tracker.history(slug))
        )
    except NotFoundError as exc:
        raise Problem(
            404,
            exc.message,
            hint="perhaps one of these:" if exc.hint and "closest" in exc.hint else exc.hint,
            suggestions=params.closest(slug.replace("-", " "), issue_links(site, request)),
        ) from None


def issue(site: Site, request: Request) -> Page:
    """One issue: its timeline, its history week by week, its aliases."""
    slug = request.path_params["slug"]
    info, history = load_issue(site, request, slug)
    if history.empty:
        alt = f"Timeline of {info['name']}: no assessments yet."
    else:
        last = history.iloc[-1]
        alt = (
            f"Timeline of {info['name']}: {len(history)} assessments {_span(history)} "
            f"({status_counts(history)}); the latest, {iso_week(last['week_start'])}, "
            f"is {last['status'] or 'without a verdict'}."
        )
    src = chart_src(site, request, "timeline", issue=info["slug"])
    base = f"/issue/{quote(info['slug'])}"
    data: dict[str, Any] = {
        "issue": info,
        "history": rows(history),
        "charts": {"timeline": {"src": src, "alt": alt}},
        "downloads": {"csv": f"{base}/history.csv", "xlsx": f"{base}/history.xlsx"},
    }
    page = Page("issue.html", info["name"], data, extra={"history_rows": data["history"][::-1]})
    if slug != info["slug"]:  # a name, an alias, a merged issue's slug: to the issue's own URL
        page.moved_to = base
    return page


# --------------------------------------------------------------------------- /week/<YYYY-Www>


def week(site: Site, request: Request) -> Page:
    """Every assessment of one bulletin week, by section, with the weeks before and after."""
    label = request.path_params["week"]
    try:
        monday = parse_iso_week(label)
    except ValueError as exc:
        raise Problem(400, f"week: {exc}") from None
    tracker = site.tracker

    def build() -> tuple[pd.DataFrame, date | None, date | None]:
        frame = tracker.week(monday)
        before = browse.neighbour_weeks(tracker, monday)[0]
        after = browse.neighbour_weeks(tracker, monday + timedelta(days=6))[1]
        return frame, before, after

    frame, before, after = site.cached(request, ("week", monday), build)
    items = rows(frame)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in items:
        groups.setdefault(row.get("section") or "No section", []).append(row)
    sunday = monday + timedelta(days=6)
    data = {
        "week": iso_week(monday),
        "week_start": monday,
        "week_end": sunday,
        "previous": iso_week(before) if before else None,
        "next": iso_week(after) if after else None,
        "assessments": items,
    }
    return Page(
        "week.html",
        f"Week {iso_week(monday)}",
        data,
        extra={"groups": groups, "section_slugs": sections(site, request)},
    )


# --------------------------------------------------------------------------- /section/<slug>


def section(site: Site, request: Request) -> Page:
    """One section: balance chart, alerts, silent issues, its issues and calendar."""
    slug = request.path_params["slug"]
    by_slug = {s: n for n, s in sections(site, request).items()}
    name = by_slug.get(slug)
    if name is None:
        links = {n: f"/section/{s}" for n, s in sections(site, request).items()}
        raise Problem(
            404,
            f"no section {slug!r}",
            hint="the sections are:",
            suggestions=sorted(links.items()),
        )
    view = site.cached(request, ("section", name), lambda: browse.section_view(site.tracker, name))
    built = {"issues": view.issues, "alerts": view.alerts, "silent": view.silent}
    frame, weekly = view.assessments, view.weekly
    if frame.empty:
        balance_alt = calendar_alt = f"No assessments in {name} yet."
    else:
        improved = int((frame["status"] == "improved").sum())
        worse = int((frame["status"] == "deteriorated").sum())
        latest_balance = weekly.iloc[-1] if len(weekly) else None
        balance_alt = (
            f"Weekly status shares in {name} over {len(weekly)} weeks {_span(frame)}: "
            f"{status_counts(frame)}; net balance {improved - worse:+d} overall"
            + (
                f", {int(latest_balance['balance']):+d} in the latest week "
                f"({iso_week(latest_balance['week'])})."
                if latest_balance is not None
                else "."
            )
        )
        calendar_alt = (
            f"Status calendar of {frame['issue_id'].nunique()} issues in {name} {_span(frame)}: "
            "one row per issue, one column per week, each cell coloured by the week's status."
        )
    issues = rows(built["issues"])
    slugs = {row["issue_id"]: row["slug"] for row in issues}
    alerts, silent = rows(built["alerts"]), rows(built["silent"])
    for row in [*alerts, *silent]:
        row["slug"] = slugs.get(row["issue_id"])
    data = {
        "section": name,
        "slug": slug,
        "issues": issues,
        "alerts": alerts,
        "silent": silent,
        "weekly": rows(weekly),
        "charts": {
            "balance": {
                "src": chart_src(site, request, "balance", section=name),
                "alt": balance_alt,
            },
            "calendar": {
                "src": chart_src(site, request, "calendar", section=name),
                "alt": calendar_alt,
            },
        },
    }
    return Page("section.html", name, data)


# --------------------------------------------------------------------------- /search


SORTS = list(SEARCH_SORTS)


def search(site: Site, request: Request) -> Page:
    """Full-text search with highlighted snippets, filters and pages of results."""
    tracker = site.tracker
    names = list(sections(site, request))
    query = params.text(request, "q")
    filters: dict[str, Any] = {
        "issue": params.text(request, "issue"),
        "section": params.choice(request, "section", names),
        "since": params.day(request, "since"),
        "until": params.day(request, "until"),
        "any_language": params.choice(request, "any_language", ["on"]) == "on",
        "sort": params.choice(request, "sort", SORTS) or "relevance",
    }
    page = params.number(request, "page", 1, low=1, high=500)
    per_page = params.number(request, "per_page", PER_PAGE, low=1, high=100)
    results: list[dict[str, Any]] = []
    has_next = False
    if query is not None:
        if filters["issue"]:
            try:
                load_issue(site, request, filters["issue"])
            except Problem as problem:  # a filter, so a bad parameter: 400, closest names
                problem.status, problem.message = 400, f"issue: {problem.message}"
                raise
        found = site.cached(
            request,
            ("search", query, page, per_page, *filters.values()),
            lambda: tracker.search(query, limit=page * per_page + 1, **filters),
        )
        results = rows(found.iloc[(page - 1) * per_page : page * per_page])
        has_next = len(found) > page * per_page
    for row in results:
        row["snippet_html"] = highlight(row.get("snippet"))
    base = {k: v for k, v in {"q": query, **filters}.items() if v}
    if filters["any_language"]:
        base["any_language"] = "on"
    if filters["sort"] == "relevance":
        del base["sort"]
    if per_page != PER_PAGE:
        base["per_page"] = per_page
    data = {
        "query": query,
        "filters": filters,
        "page": page,
        "per_page": per_page,
        "has_next": has_next,
        "results": [{k: v for k, v in r.items() if k != "snippet_html"} for r in results],
    }
    return Page(
        "search.html",
        f"Search: {query}" if query else "Search",
        data,
        extra={
            "hits": results,
            "choices": {"section": names, "sort": SORTS},
            "prev_href": f"/search?{urlencode({**base, 'page': page - 1})}" if page > 1 else None,
            "next_href": f"/search?{urlencode({**base, 'page': page + 1})}" if has_next else None,
        },
    )


# --------------------------------------------------------------------------- /report


def report(site: Site, request: Request) -> Page:
    """Choose a period and a section; the download links give the HTML or PDF report."""
    first, last = site.cached(request, ("weeks",), lambda: browse.week_range(site.tracker))
    names = list(sections(site, request))
    until = params.day(request, "until") or (last + timedelta(days=6) if last else None)
    since = params.day(request, "since") or (
        until - timedelta(weeks=13) + timedelta(days=1) if until else None
    )
    chosen = params.choice(request, "section", names)
    chosen_filters = {"since": since, "until": until, "section": chosen}
    query = urlencode({k: v for k, v in chosen_filters.items() if v})
    data = {
        "since": since,
        "until": until,
        "section": chosen,
        "sections": names,
        "first_week": first,
        "last_week": last,
        "downloads": {
            "html": f"/report/download?format=html&{query}",
            "pdf": f"/report/download?format=pdf&{query}",
        },
    }
    return Page("report.html", "Report", data)
