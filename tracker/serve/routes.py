"""What the site has: every page (with its JSON twin under /api/) and every other route.

=============================  =========================================================
``/``                          sections and their issues: last status, streak, 26 weeks
``/issue/<slug>``              one issue: timeline chart, history, aliases, downloads
``/week/<YYYY-Www>``           one bulletin week by section, previous and next week
``/section/<slug>``            balance chart, alerts, silent issues, calendar
``/search?q=…``                full-text search, snippets, filters, pages of results
``/review``                    items to review; curation forms with --allow-edits
``/report``                    choose a period and a section, download HTML or PDF
``/api/…``                     the JSON twin of each page above (``/api/`` for ``/``)
``/chart/<kind>.svg``          timeline (?issue=), balance and calendar (?section=)
``/issue/<slug>/history.csv``  the history as CSV (``.xlsx``: as an Excel workbook)
``/report/download``           the report file (?format=html|pdf&since&until&section)
``POST /review/<action>``      link, rename, merge, confirm, undo (edits allowed only)
=============================  =========================================================
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from tracker.serve import edits, files, pages
from tracker.serve.app import Handler, Site

PAGES: list[tuple[str, Handler]] = [
    ("/", pages.index),
    ("/issue/{slug}", pages.issue),
    ("/week/{week}", pages.week),
    ("/section/{slug}", pages.section),
    ("/search", pages.search),
    ("/review", edits.review),
    ("/report", pages.report),
]

OTHERS: list[tuple[str, Callable[[Site, Request], Response], tuple[str, ...]]] = [
    ("/chart/{kind}.svg", files.chart, ("GET",)),
    ("/issue/{slug}/history.csv", files.history_csv, ("GET",)),
    ("/issue/{slug}/history.xlsx", files.history_xlsx, ("GET",)),
    ("/report/download", files.report_download, ("GET",)),
]

#: Async routes (they read a form body).
POSTS = [("/review/{action}", edits.post_action)]
