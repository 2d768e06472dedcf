"""``tracker serve``: the database as a local web site.

An ASGI application (Starlette) with Jinja2 templates, served by uvicorn.  Every page is
rendered on the server and works without JavaScript; each has a JSON twin under ``/api/``
with the same data.  The routing table is :mod:`tracker.serve.routes`.

Safe by default: read-only unless built with ``allow_edits``; edits only by POST with a CSRF
token; every string from the database escaped by the templates; a Content-Security-Policy
that allows no scripts and nothing from other sites; bad parameters answered with a 400
page that says what was wrong.
"""

from tracker.serve.app import Site, create_app

__all__ = ["Site", "create_app"]
