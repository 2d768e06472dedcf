"""Responses that are files: charts (SVG), an issue's history (CSV, Excel), reports.

Charts and reports are drawn by :mod:`tracker.charts` and :mod:`tracker.report` through the
same :class:`~tracker.api.Tracker` methods as ``tracker chart`` and ``tracker report``, one
drawing at a time, and cached under the data version.  A chart URL carries the version's tag
(``v=``), so a browser may keep it for good: new data give a new URL.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tracker.serve import params
from tracker.serve.app import CHART_CSP, Problem, Site
from tracker.serve.cache import DRAWING
from tracker.serve.pages import load_issue, sections
from tracker.serve.present import json_value

__all__ = ["chart", "history_csv", "history_xlsx", "report_download"]

#: kind → the filter it needs (None: optional section)
CHARTS = {"timeline": "issue", "balance": None, "calendar": None}


def chart(site: Site, request: Request) -> Response:
    """``/chart/<kind>.svg?issue=…|section=…``: a chart of the reports, as SVG."""
    kind = request.path_params["kind"]
    if kind not in CHARTS:
        raise Problem(404, f"no chart {kind!r}", hint=f"the charts are: {', '.join(CHARTS)}")
    issue = params.text(request, "issue")
    section = params.choice(request, "section", list(sections(site, request)))
    if CHARTS[kind] == "issue":
        if issue is None:
            raise Problem(400, "issue: a timeline is of one issue; give ?issue=SLUG")
        load_issue(site, request, issue)
    filters: dict[str, Any] = {"issue": issue, "section": section}

    def draw() -> bytes:
        with DRAWING, tempfile.TemporaryDirectory(prefix="tracker-serve-") as folder:
            path = Path(folder) / f"{kind}.svg"
            site.tracker.chart(kind, path, **filters)
            return path.read_bytes()

    svg = site.cached(request, ("chart", kind, issue, section), draw)
    fresh = request.query_params.get("v") == site.tag(request)
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={
            "cache-control": "public, max-age=31536000, immutable" if fresh else "no-cache",
            "content-security-policy": CHART_CSP,
        },
    )


#: The history's columns in downloads, in this order (body last: it is long).
HISTORY_COLUMNS = ["id", "week_start", "week_end", "status", "status_text", "headline", "lead",
                   "section", "source", "language", "link_method", "link_score", "url",
                   "authors", "published_on", "origin", "body"]  # fmt: skip


def _history_table(site: Site, request: Request) -> tuple[str, list[str], list[list[Any]]]:
    info, history = load_issue(site, request, request.path_params["slug"])
    columns = [c for c in HISTORY_COLUMNS if c in history.columns]
    table = [
        [json_value(v) for v in values]
        for values in history[columns].itertuples(index=False, name=None)
    ]
    return str(info["slug"]), columns, table


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def history_csv(site: Site, request: Request) -> Response:
    """The issue's history as CSV (UTF-8 with a byte-order mark, so Excel reads it right).

    A text cell that a spreadsheet would take for a formula (``=…``, ``+…``, ``@…``) is
    written with a leading apostrophe.
    """
    slug, columns, table = _history_table(site, request)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in table:
        writer.writerow(
            [
                ""
                if v is None
                else ("'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
                for v in row
            ]
        )
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"{slug}-history.csv"),
    )


def history_xlsx(site: Site, request: Request) -> Response:
    """The issue's history as an Excel workbook; text is always stored as text, never as a
    formula, whatever it starts with."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    slug, columns, table = _history_table(site, request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "history"
    for position, name in enumerate(columns, start=1):
        sheet.cell(row=1, column=position, value=name).font = Font(bold=True)
    for number, row in enumerate(table, start=2):
        for position, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=position)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=_attachment(f"{slug}-history.xlsx"),
    )


def report_download(site: Site, request: Request) -> Response:
    """``/report/download?format=html|pdf&since=…&until=…&section=…``: the standard report."""
    fmt = params.choice(request, "format", ["html", "pdf"]) or "html"
    since = params.day(request, "since")
    until = params.day(request, "until")
    section = params.choice(request, "section", list(sections(site, request)))
    if since and until and since > until:
        raise Problem(400, "since: the period starts after it ends", hint="swap since and until")

    def write() -> bytes:
        with DRAWING, tempfile.TemporaryDirectory(prefix="tracker-serve-") as folder:
            path = Path(folder) / f"report.{fmt}"
            site.tracker.report(path, since=since, until=until, section=section)
            return path.read_bytes()

    body = site.cached(request, ("report", fmt, since, until, section), write)
    name = "-".join(["report", *(str(v) for v in (section, since, until) if v)])
    name = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    return Response(body, media_type=media, headers=_attachment(f"{name}.{fmt}"))
