"""Reports: a :class:`ReportContent` in, an HTML, PDF or Markdown file out.

This package knows nothing of the database or of how trends are computed.  The caller (the
API's report use case) assembles the content — a title, the period, a summary of key figures
and an ordered list of sections, each a heading followed by *blocks*:

* a ``str`` — one paragraph of plain text;
* :class:`BulletList` — bullets, each with an optional bold label, a status chip and a note;
* :class:`ReportTable` — a DataFrame shown as a table; status columns get colour chips;
* :class:`ReportFigure` — a matplotlib figure.

:func:`write_report` then writes it in the format the file name asks for::

    content = ReportContent(
        title="Weekly assessments", period="1 Jan 2023 – 31 Dec 2023",
        generated_at=datetime.now(UTC), source_note="Source: Weekly Bulletin",
        summary=[("Assessments", "1,234"), ("Issues", "34")],
        sections=[ReportSection("What changed", [
            "Three issues moved this week.",
            BulletList([Bullet("Minsk expels a diplomat", label="Relations with Lithuania",
                               status="deteriorated")]),
            ReportFigure("balance", "Section balance", fig, caption="Net balance per week"),
            ReportTable("issues", "Every issue", frame),
        ])],
    )
    write_report(content, Path("report.html"))     # or .pdf, or .md

Every string from the content is treated as plain text: HTML output escapes it, PDF output
escapes it for reportlab's paragraph markup, Markdown output escapes Markdown and HTML
syntax.  A headline such as ``<script>alert(1)</script>`` is shown as those characters.

* **HTML** is one self-contained file: CSS inline, charts inline as ``data:`` URIs (SVG by
  default, PNG on request), no scripts, no external requests; it prints on A4.
* **PDF** is drawn by reportlab (no browser): A4, DejaVu Sans (Latin and Cyrillic), a
  running header with the title and period, a footer with page "n of N", charts as 200 dpi
  PNG.
* **Markdown** writes the charts as PNG files into a folder beside the report named
  ``<report name>_charts/`` and links them relatively.

The figures are only read (saved), never closed or changed; closing them is the caller's job.
:func:`write_reports` writes several formats from one content, rendering each chart once per
image format.  :func:`tracker.report.standard.standard_report` assembles the standard trend
report (changes, alerts, balance, calendar, timelines, issue table, sources) from an
assessments DataFrame.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeAlias

import pandas as pd
from matplotlib.figure import Figure

from tracker.errors import InputError
from tracker.vocab import NONE_COLOUR, STATUS_COLOURS

__all__ = [
    "FORMATS",
    "Block",
    "Bullet",
    "BulletList",
    "ReportContent",
    "ReportFigure",
    "ReportSection",
    "ReportTable",
    "write_report",
    "write_reports",
]

#: File name endings and the format each one writes.
FORMATS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
}


@dataclass(frozen=True)
class ReportFigure:
    """A chart: ``key`` names its anchor and, in Markdown output, its file.

    ``title`` is shown above the chart and used as its alternative text; set ``show_title``
    to False when the chart draws its own title.
    """

    key: str
    title: str
    figure: Figure
    caption: str = ""
    show_title: bool = True


@dataclass(frozen=True)
class ReportTable:
    """A table.  Columns are shown in the frame's order, headed by humanised names
    ("last_status" → "Last status") unless a name already has capitals or spaces.

    ``status_columns`` lists the columns whose values are statuses, drawn as colour chips;
    by default every column whose name ends in "status".
    """

    key: str
    title: str
    frame: pd.DataFrame
    note: str = ""
    status_columns: Sequence[str] | None = None

    def is_status_column(self, column: object) -> bool:
        if self.status_columns is not None:
            return column in self.status_columns
        return str(column).casefold().endswith("status")


@dataclass(frozen=True)
class Bullet:
    """One bullet: ``label`` (bold, e.g. an issue name), a status chip, the text, a note."""

    text: str
    label: str = ""
    status: str | None = None
    note: str = ""
    chip: bool = True  # False: no chip even if ``status`` is set


@dataclass(frozen=True)
class BulletList:
    items: Sequence[Bullet]


Block: TypeAlias = str | BulletList | ReportTable | ReportFigure


@dataclass(frozen=True)
class ReportSection:
    """A heading and its blocks, in order.  ``key`` is the anchor (derived from the heading
    when empty); ``page_break`` starts the section on a new page in print and PDF."""

    heading: str
    blocks: Sequence[Block] = ()
    key: str = ""
    page_break: bool = False

    @property
    def anchor(self) -> str:
        return anchor_of(self.key or self.heading)


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows.  ``summary`` holds (label, value) pairs of key figures
    ("Assessments", "1,234"); ``colours`` maps statuses to colours (default: the status
    vocabulary's colours)."""

    title: str
    period: str
    generated_at: datetime
    source_note: str
    summary: Sequence[tuple[str, str]] = ()
    sections: Sequence[ReportSection] = ()
    subtitle: str = ""
    colours: Mapping[str, str] | None = field(default=None)

    def figures(self) -> list[ReportFigure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, ReportFigure)]


def write_report(content: ReportContent, path: Path, *, image_format: str = "svg") -> list[Path]:
    """Write ``content`` as HTML, PDF or Markdown according to ``path``'s extension.

    Returns the files written: the report itself, and for Markdown the chart files beside it.
    ``image_format`` ("svg" or "png") chooses how HTML embeds charts.  Raises
    :class:`~tracker.errors.InputError` for an unknown extension or a file that cannot be
    written.  The report appears whole or not at all (written to a temporary file first).
    """
    return write_reports(content, [path], image_format=image_format)


def write_reports(
    content: ReportContent, paths: Sequence[Path], *, image_format: str = "svg"
) -> list[Path]:
    """Write the same content to several files (e.g. report.html, report.pdf, report.md).

    Each chart is rendered once per image format and shared by the files, so writing three
    formats costs little more than writing one.  Every extension is checked before anything
    is written.
    """
    targets = [Path(p) for p in paths]
    formats = [_format_of(p) for p in targets]
    if image_format not in ("svg", "png"):
        raise InputError(f"unknown image format {image_format!r}", hint="use svg or png")
    _check_content(content)
    images = FigureImages()
    written: list[Path] = []
    for path, fmt in zip(targets, formats, strict=True):
        written += _write_one(content, path, fmt, image_format, images)
    return written


def _format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        shown = path.suffix or "no extension"
        raise InputError(
            f"cannot write a report as {shown!r}",
            path=str(path),
            hint="end the file name in .html, .pdf or .md",
        )
    return fmt


def _write_one(
    content: ReportContent, path: Path, fmt: str, image_format: str, images: FigureImages
) -> list[Path]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "html":
            from tracker.report.html import render_html

            html = render_html(content, image_format=image_format, images=images)
            _write_atomic(path, html.encode("utf-8"))
            return [path]
        if fmt == "pdf":
            from tracker.report.pdf import render_pdf

            _write_atomic(path, render_pdf(content, images=images))
            return [path]
        from tracker.report.markdown import write_markdown

        return write_markdown(content, path, _write_atomic, images=images)
    except OSError as exc:
        raise InputError(f"cannot write the report: {exc.strerror or exc}", path=str(path)) from exc


class FigureImages:
    """Figures saved as image bytes, each (figure, format, dpi) once: a cache that lives
    while one set of report files is written (figures may change afterwards)."""

    def __init__(self) -> None:
        self._saved: dict[tuple[int, str, int], bytes] = {}
        self._figures: list[Figure] = []  # keeps ids valid while the cache lives

    def get(self, figure: Figure, fmt: str, *, dpi: int = 200) -> bytes:
        key = (id(figure), fmt, dpi if fmt == "png" else 0)
        if key not in self._saved:
            self._figures.append(figure)
            self._saved[key] = figure_bytes(figure, fmt, dpi=dpi)
        return self._saved[key]


# --------------------------------------------------------------------------- shared helpers


def _check_content(content: ReportContent) -> None:
    keys: set[str] = set()
    for section in content.sections:
        for block in section.blocks:
            if not isinstance(block, str | BulletList | ReportTable | ReportFigure):
                raise InputError(
                    f"section {section.heading!r} holds a {type(block).__name__}",
                    hint="use text, BulletList, ReportTable or ReportFigure blocks",
                )
            if isinstance(block, ReportTable | ReportFigure):
                key = anchor_of(block.key)
                if key in keys:
                    raise InputError(f"two report blocks share the key {block.key!r}")
                keys.add(key)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``.

    The temporary file is opened normally (not with :func:`tempfile.mkstemp`, whose files
    are private), so the report gets the usual permissions of the user's umask.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with tmp.open("xb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def anchor_of(text: str) -> str:
    """A stable, HTML-safe anchor/file stem for a key or heading."""
    out = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.casefold())
    out = "-".join(part for part in out.split("-") if part)
    return out or "block"


_STATUS_NAMES = {
    "improved": "Improved",
    "unchanged": "Unchanged",
    "deteriorated": "Deteriorated",
}


def status_label(status: object) -> str:
    """How a status is written in a report; None and "none" are "No verdict"."""
    if is_missing(status) or str(status) in ("", "none"):
        return "No verdict"
    text = str(status)
    return _STATUS_NAMES.get(text, text.replace("_", " ").capitalize())


def status_colour(content: ReportContent, status: object) -> str:
    if is_missing(status) or str(status) in ("", "none"):
        return NONE_COLOUR
    palette = content.colours if content.colours is not None else STATUS_COLOURS
    return palette.get(str(status), "#6a3d9a")


def ink_on(colour: str) -> str:
    """Dark or white text, whichever contrasts better with a ``#rrggbb`` background."""
    value = colour.lstrip("#")
    if len(value) != 6:
        return "#1a1a1a"
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    # Contrast with white versus with near-black (#1a1a1a, luminance ≈ 0.010).
    return "#ffffff" if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.06) else "#1a1a1a"


def is_missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def cell_text(value: object) -> str:
    """A table value as text: dates as YYYY-MM-DD, whole floats without decimals, gaps as —."""
    if is_missing(value):
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def column_label(name: object) -> str:
    text = str(name)
    if text == text.casefold() and " " not in text:
        text = text.replace("_", " ")
        return text[:1].upper() + text[1:]
    return text


def table_rows(table: ReportTable) -> list[list[object]]:
    """The frame's values row by row (raw, for the renderers to format)."""
    return [list(row) for row in table.frame.itertuples(index=False, name=None)]


def figure_bytes(figure: Figure, fmt: str, *, dpi: int = 200) -> bytes:
    """The figure saved as PNG or SVG, with stable ids and no date (same data, same bytes).

    Saved under the charts' style (:func:`tracker.charts.style.chart_style`): the layout
    engine reads its settings when the figure is drawn, so a figure built by
    :mod:`tracker.charts` must also be saved with them.
    """
    import io

    import matplotlib as mpl

    from tracker.charts.style import chart_style

    metadata: dict[str, str | None] = {"Creator": "tracker"}
    if fmt == "svg":
        metadata["Date"] = None
    buffer = io.BytesIO()
    with chart_style(), mpl.rc_context({"svg.fonttype": "path"}):
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()
