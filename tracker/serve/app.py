"""The web application: a small routing table over :class:`Site`, which holds the tracker,
the templates and the cache.

Every page handler takes the site and the request and returns a :class:`Page`: a template,
a title and the page's data.  The same handler answers ``/path`` (the data rendered through
the template) and ``/api/path`` (the data as JSON), so the two can never disagree.  A
handler signals a bad parameter, a missing thing or a refused write by raising
:class:`Problem` (or a :class:`~tracker.errors.TrackerError`, mapped to the same statuses);
the user sees a page saying what was wrong, never a traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker import browse
from tracker.errors import (
    ConflictError,
    DatabaseError,
    NotFoundError,
    TrackerError,
    driver_reason,
)
from tracker.report import ink_on
from tracker.report.html import report_css
from tracker.serve.cache import VersionedCache
from tracker.serve.present import iso_week, json_value
from tracker.vocab import NONE_COLOUR

if TYPE_CHECKING:
    from tracker.api import Tracker

__all__ = ["CSRF_COOKIE", "Page", "Problem", "Site", "create_app"]

log = logging.getLogger("tracker.serve")

HERE = Path(__file__).parent
CSRF_COOKIE = "tracker_csrf"

#: Sent with every response: no scripts, nothing from other sites, no framing.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
#: A chart is an SVG document with its own inline style sheet.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"


@dataclass
class Page:
    """What a handler returns: ``data`` is the JSON twin; ``extra`` only feeds the template."""

    template: str
    title: str
    data: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    cookies: dict[str, str] = field(default_factory=dict)
    #: False for a page that differs between visitors (the review form's CSRF token)
    cacheable: bool = True
    #: the page's canonical path, when it was asked for by another name (an issue's alias)
    moved_to: str | None = None


class Problem(Exception):
    """A request that cannot be answered: bad parameter (400), refused (403), missing (404)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        hint: str | None = None,
        suggestions: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hint = hint
        self.suggestions = list(suggestions)  # (label, href)


_TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Method not allowed",
           409: "Conflict", 500: "Server error", 503: "Database unavailable"}  # fmt: skip


def problem_of(exc: Exception) -> Problem | None:
    """The page a user should see for ``exc``; None for a bug (a 500 page, logged)."""
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, DBAPIError):
        return Problem(
            503,
            f"the database did not answer: {driver_reason(exc)}",
            hint="the server keeps running; reload the page when the database is back",
        )
    if not isinstance(exc, TrackerError):
        return None
    if isinstance(exc, NotFoundError):
        status = 404
    elif isinstance(exc, ConflictError):
        status = 409
    elif isinstance(exc, DatabaseError):
        status = 503
    else:  # InputError, AmbiguousError, WeekError, …
        status = 400
    return Problem(status, exc.message, hint=exc.hint)


def problem_page(site: Site, request: Request, exc: Exception) -> Response:
    """The page of the problem ``exc`` is; a bug is raised again (to the 500 handler)."""
    problem = problem_of(exc)
    if problem is None:
        raise exc
    return site.problem(request, problem)


def shielded(site: Site, request: Request, answer: Callable[[], Response]) -> Response:
    """``answer()``, or the page of the problem it raised."""
    try:
        return answer()
    except Exception as exc:
        return problem_page(site, request, exc)


class Site:
    """One tracker database served: the tracker, templates, caches and the CSRF secret."""

    def __init__(
        self, tracker: Tracker, *, allow_edits: bool = False, secret: bytes | None = None
    ) -> None:
        self.tracker = tracker
        self.allow_edits = allow_edits
        self.secret = secret or secrets.token_bytes(32)
        self.cache = VersionedCache()
        self.env = Environment(
            loader=PackageLoader("tracker.serve", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["week"] = iso_week
        self.env.filters["day"] = _day
        self.env.filters["status_class"] = status_class
        self.env.filters["status_label"] = status_label
        self.env.filters["score"] = _score
        self.env.globals["database"] = _database_label(tracker)

    # ---------------------------------------------------------------- data version and cache

    def version(self, request: Request) -> tuple[int, ...]:
        """The data version, asked once per request."""
        cached = getattr(request.state, "version", None)
        if cached is None:
            cached = browse.data_version(self.tracker)
            request.state.version = cached
        return tuple(cached)

    def cached(self, request: Request, key: Any, build: Callable[[], Any]) -> Any:
        return self.cache.get(self.version(request), key, build)

    def tag(self, request: Request) -> str:
        """A short name of the data version, put into chart URLs so browsers may keep them."""
        digest = hashlib.sha1(repr(self.version(request)).encode(), usedforsecurity=False)
        return digest.hexdigest()[:12]

    # ---------------------------------------------------------------- CSRF

    def csrf_token(self, cookie: str) -> str:
        return hmac.new(self.secret, cookie.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, request: Request, token: str | None) -> None:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if not cookie or not token or not hmac.compare_digest(self.csrf_token(cookie), token):
            raise Problem(
                403,
                "the form's security token is missing or does not match",
                hint="reload the review page and submit the form again",
            )

    # ---------------------------------------------------------------- rendering

    def render(self, request: Request, page: Page, *, api: bool) -> Response:
        if page.moved_to is not None:
            target = ("/api" if api else "") + page.moved_to
            query = request.url.query
            return RedirectResponse(target + (f"?{query}" if query else ""), status_code=301)
        if api:
            return JSONResponse(json_value(page.data), status_code=page.status)
        template = self.env.get_template(page.template)
        path = request.url.path
        context = {
            **page.data,
            **page.extra,
            "title": page.title,
            "request": request,
            "path": path,
            "json_href": _twin(request),
            "allow_edits": self.allow_edits,
        }
        response = HTMLResponse(template.render(context), status_code=page.status)
        for name, value in page.cookies.items():
            response.set_cookie(name, value, httponly=True, samesite="strict")
        return response

    def problem(self, request: Request, problem: Problem) -> Response:
        data: dict[str, Any] = {
            "error": problem.message,
            "hint": problem.hint,
            "status": problem.status,
        }
        if problem.suggestions:
            data["closest"] = [label for label, _ in problem.suggestions]
        page = Page(
            "error.html",
            _TITLES.get(problem.status, "Error"),
            data,
            extra={"suggestions": problem.suggestions},
            status=problem.status,
        )
        return self.render(request, page, api=request.url.path.startswith("/api/"))


Handler = Callable[[Site, Request], Page]


def endpoint(site: Site, handler: Handler, *, api: bool) -> Callable[[Request], Response]:
    """A Starlette endpoint (run in a worker thread: the database calls block) for a page."""

    def answer(request: Request) -> Response:
        version = site.version(request)
        key = ("response", api, request.url.path, request.url.query)
        kept = site.cache.peek(version, key)
        if kept is not None:
            body, status, media = kept
            return Response(body, status_code=status, media_type=media)
        page = handler(site, request)
        response = site.render(request, page, api=api)
        if page.cacheable and not page.cookies and page.moved_to is None:
            site.cache.put(version, key, (response.body, response.status_code, response.media_type))
        return response

    def run(request: Request) -> Response:
        return shielded(site, request, lambda: answer(request))

    run.__name__ = handler.__name__
    return run


def guarded(site: Site, handler: Callable[[Site, Request], Response]) -> Callable[..., Response]:
    """An endpoint that answers with a response of its own (a chart, a download, a redirect)."""

    def run(request: Request) -> Response:
        return shielded(site, request, lambda: handler(site, request))

    run.__name__ = handler.__name__
    return run


class SecurityHeaders:
    """ASGI middleware: adds :data:`SECURITY_HEADERS` to every response that lacks them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    tracker: Tracker,
    *,
    allow_edits: bool = False,
    allowed_hosts: Sequence[str] | None = None,
    secret: bytes | None = None,
) -> Starlette:
    """The ASGI application serving ``tracker``.

    ``allow_edits`` enables the curation forms on /review; ``allowed_hosts`` (e.g.
    ``["127.0.0.1", "localhost"]``) refuses requests naming another host, which stops a web
    page elsewhere from reaching this server through a DNS name it controls.
    """
    from tracker.serve import routes

    site = Site(tracker, allow_edits=allow_edits, secret=secret)
    table: list[BaseRoute] = []
    for path, handler in routes.PAGES:
        table.append(Route(path, endpoint(site, handler, api=False), name=handler.__name__))
        api_path = "/api/" if path == "/" else "/api" + path
        table.append(Route(api_path, endpoint(site, handler, api=True)))
    for path, other, methods in routes.OTHERS:
        table.append(Route(path, guarded(site, other), methods=list(methods)))
    for path, post in routes.POSTS:
        table.append(Route(path, post, methods=["POST"]))
    table.append(Route("/status.css", lambda request: status_css(site)))
    table.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        message = {
            404: f"there is no page at {request.url.path}",
            405: f"{request.method} is not accepted at {request.url.path}",
        }.get(status, str(getattr(exc, "detail", "")))
        return site.problem(request, Problem(status, message, hint=_HOME_HINT))

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error while answering %s", request.url.path, exc_info=exc)
        return site.problem(
            request,
            Problem(500, "something went wrong on the server", hint="the server's log says what"),
        )

    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    app = Starlette(
        routes=table,
        middleware=middleware,
        exception_handlers={HTTPException: not_found, Exception: server_error},
    )
    app.state.site = site
    return app


_HOME_HINT = "start from the list of issues at /"


#: What the web view takes from the report's style sheet: its palette and its type.
_REPORT_BASE = re.compile(r"^(?::root|\*|html|body) \{[^}]*\}", re.MULTILINE)


def status_css(site: Site) -> Response:
    """The report's palette and base type (the ``:root``, ``*``, ``html`` and ``body`` rules
    of its style sheet) and colour classes for the statuses of the vocabulary in use."""
    colours = {**site.tracker.vocabulary.colours, "none": NONE_COLOUR}
    lines = _REPORT_BASE.findall(report_css())
    lines += [
        f".st-{name} {{ background: {colour}; color: {ink_on(colour)}; }}"
        for name, colour in colours.items()
    ]
    return Response(
        "\n".join(lines) + "\n",
        media_type="text/css",
        headers={"cache-control": "no-cache"},
    )


def status_class(status: Any) -> str:
    text = "none" if status is None or status != status or status == "" else str(status)
    return "st-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)


def status_label(status: Any) -> str:
    if status is None or status != status or status in ("", "none"):
        return "no verdict"
    return str(status).replace("_", " ")


def _day(value: Any) -> str:
    plain = json_value(value)
    return "" if plain is None else str(plain)[:10]


def _score(value: Any) -> str:
    plain = json_value(value)
    return "" if plain is None else f"{float(plain):.2f}"


def _twin(request: Request) -> str:
    path = request.url.path
    twin = "/api/" if path == "/" else "/api" + path
    query = request.url.query
    return twin + (f"?{query}" if query else "")


def _database_label(tracker: Tracker) -> str:
    url = tracker.engine.url
    if url.get_backend_name() == "sqlite":
        return Path(url.database or "").name or "SQLite"
    return f"{url.database} on PostgreSQL"
