"""The PDF report, drawn with reportlab's platypus — no browser involved.

A4 portrait, DejaVu Sans (matplotlib's bundled copy, which covers Latin and Cyrillic), a
running header with the title and period from page 2 on, a footer with the source note and
"Page n of N" on every page.  Charts are embedded as 200 dpi PNG.  Every string from the
content is escaped for reportlab's paragraph markup before it is laid out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib as mpl
import pandas as pd
from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tracker.errors import ConfigError
from tracker.report import (
    Block,
    BulletList,
    FigureImages,
    ReportContent,
    ReportFigure,
    ReportSection,
    ReportTable,
    cell_text,
    column_label,
    ink_on,
    status_colour,
    status_label,
    table_rows,
)
from tracker.vocab import STATUS_COLOURS

__all__ = ["register_fonts", "render_pdf"]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#5f6670")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#d8dce1")
SOFT = colors.HexColor("#f5f6f8")
HEAD = colors.HexColor("#33415c")
ZEBRA = colors.HexColor("#fafbfc")

# Tables up to this many rows are kept on one page when they fit.
_KEEP_ROWS = 25

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, italics) from matplotlib's data with reportlab."""
    folder = Path(mpl.get_data_path()) / "fonts" / "ttf"
    for name, filename in _FONT_FILES.items():
        path = folder / filename
        if not path.is_file():
            raise ConfigError(
                f"the font {filename} is missing from matplotlib's data folder {folder}",
                hint="reinstall matplotlib",
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=BOLD,
        italic="DejaVuSans-Oblique",
        boldItalic="DejaVuSans-BoldOblique",
    )


@cache
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK)
    return {
        "body": ParagraphStyle("body", base, spaceAfter=5),
        "kicker": ParagraphStyle(
            "kicker", base, fontName=BOLD, fontSize=7.5, textColor=ACCENT, leading=10
        ),
        "title": ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=21, leading=25, spaceBefore=2, spaceAfter=4
        ),
        "period": ParagraphStyle("period", base, fontSize=11.5, leading=15),
        "meta": ParagraphStyle("meta", base, fontSize=7.8, leading=10.5, textColor=MUTED),
        "h2": ParagraphStyle(
            "h2", base, fontName=BOLD, fontSize=13, leading=16, spaceBefore=12, spaceAfter=2,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3", base, fontName=BOLD, fontSize=9.8, leading=12.5, spaceBefore=6, spaceAfter=4,
            keepWithNext=1,
        ),
        "caption": ParagraphStyle(
            "caption", base, fontSize=7.8, leading=10, textColor=MUTED, spaceBefore=3
        ),
        "card_label": ParagraphStyle(
            "card_label", base, fontSize=6.8, leading=8.5, textColor=MUTED
        ),
        "card_value": ParagraphStyle("card_value", base, fontName=BOLD, fontSize=12, leading=15),
        "cell": ParagraphStyle("cell", base, fontSize=7.6, leading=9.6),
        "cell_num": ParagraphStyle("cell_num", base, fontSize=7.6, leading=9.6, alignment=TA_RIGHT),
        "th": ParagraphStyle(
            "th", base, fontName=BOLD, fontSize=7.6, leading=9.6, textColor=colors.white
        ),
        "bullet": ParagraphStyle("bullet", base, fontSize=8.8, leading=11.8),
    }  # fmt: skip


def _x(text: object) -> str:
    """Plain text made safe for a reportlab Paragraph (which parses a small XML markup)."""
    return escape(" ".join(str(text).split()))


class Chip(Flowable):  # type: ignore[misc]
    """A status chip: a rounded rectangle in the status colour with its name."""

    def __init__(self, label: str, colour: str, *, width: float = 21 * mm) -> None:
        super().__init__()
        self.label = label
        self.colour = colour
        self.width = width
        self.height = 4.2 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.HexColor(self.colour))
        c.setStrokeColor(colors.Color(0, 0, 0, alpha=0.15))
        c.setLineWidth(0.4)
        c.roundRect(0, 0, self.width, self.height, 1.2 * mm, stroke=1, fill=1)
        c.setFillColor(colors.HexColor(ink_on(self.colour)))
        c.setFont(BOLD, 6.6)
        c.drawCentredString(self.width / 2, self.height / 2 - 2.3, self.label)
        c.restoreState()


class Picture(Flowable):  # type: ignore[misc]
    """A decoded raster image drawn at a given size (no re-encoding on the way in)."""

    def __init__(self, image: PILImage.Image, width: float, height: float) -> None:
        super().__init__()
        self.image = image
        self.width = width
        self.height = height
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(ImageReader(self.image), 0, 0, self.width, self.height)


def _chip(content: ReportContent, status: object) -> Chip:
    return Chip(status_label(status), status_colour(content, status))


def _canvas_class(content: ReportContent) -> type[rl_canvas.Canvas]:
    title = " ".join(content.title.split())
    period = " ".join(content.period.split())
    foot = " ".join(content.source_note.split())

    class NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]
        """Defers each page until the total is known, then draws header and footer."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def bookmarkPage(self, key: str, **kwargs: Any) -> Any:  # reportlab's name
            # Pages reach the document only in save(), so point the bookmark at the page
            # being laid out rather than at the document's (stale) page counter.
            counter = self._doc.pageCounter
            self._doc.pageCounter = self._pageNumber
            try:
                return super().bookmarkPage(key, **kwargs)
            finally:
                self._doc.pageCounter = counter

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            number = self.getPageNumber()
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            if number > 1:
                y = PAGE_HEIGHT - MARGIN_TOP + 7 * mm
                self.setFont(BOLD, 7.5)
                self.setFillColor(INK)
                self.drawString(MARGIN_X, y, _fit(self, title, BOLD, 7.5, FRAME_WIDTH * 0.6))
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(PAGE_WIDTH - MARGIN_X, y, period)
                self.line(MARGIN_X, y - 2.2 * mm, PAGE_WIDTH - MARGIN_X, y - 2.2 * mm)
            y = MARGIN_BOTTOM - 9 * mm
            self.line(MARGIN_X, y + 4 * mm, PAGE_WIDTH - MARGIN_X, y + 4 * mm)
            self.setFont(FONT, 7)
            self.setFillColor(MUTED)
            self.drawString(MARGIN_X, y, _fit(self, foot, FONT, 7, FRAME_WIDTH * 0.75))
            self.drawRightString(PAGE_WIDTH - MARGIN_X, y, f"Page {number} of {total}")
            self.restoreState()

    return NumberedCanvas


def _fit(c: rl_canvas.Canvas, text: str, font: str, size: float, width: float) -> str:
    if c.stringWidth(text, font, size) <= width:
        return text
    while text and c.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _Document(BaseDocTemplate):  # type: ignore[misc]
    """Adds a PDF outline entry (bookmark) for every section heading as it is placed."""

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab's name
        entry = getattr(flowable, "outline_entry", None)
        if entry is not None:
            title, key = entry
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=0)
            self.canv.showOutline()


def render_pdf(content: ReportContent, *, images: FigureImages | None = None) -> bytes:
    """The whole report as PDF bytes (identical bytes for identical content)."""
    images = images if images is not None else FigureImages()
    register_fonts()
    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=content.title,
        subject=content.period,
        author="tracker",
        creator="tracker",
        invariant=1,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story = _head(content)
    for section in content.sections:
        story += _section(content, section, images)
    # Binary streams: reportlab's ASCII85 encoder is pure Python and triples the time spent
    # on chart images; PDF readers need no 7-bit encoding.
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build(story, canvasmaker=_canvas_class(content))
    finally:
        rl_config.useA85 = saved
    return buffer.getvalue()


def _head(content: ReportContent) -> list[Flowable]:
    s = _styles()
    when = content.generated_at.strftime("%Y-%m-%d %H:%M")
    zone = content.generated_at.tzname()
    meta = f"Generated {when}{' ' + zone if zone else ''}"
    if content.source_note:
        meta += f" · {content.source_note}"
    story: list[Flowable] = [
        Paragraph(_x((content.subtitle or "Trend report").upper()), s["kicker"]),
        Paragraph(_x(content.title), s["title"]),
        Paragraph(_x(content.period), s["period"]),
        Spacer(0, 1.5 * mm),
        Paragraph(_x(meta), s["meta"]),
        Spacer(0, 2.5 * mm),
        HRFlowable(width="100%", thickness=2.2, color=ACCENT, spaceAfter=5 * mm),
    ]
    if content.summary:
        story.append(_cards(content.summary))
    story.append(_legend(content))
    return story


def _cards(summary: Sequence[tuple[str, str]]) -> Table:
    s = _styles()
    per_row = 4
    cells: list[Any] = [
        [Paragraph(_x(label.upper()), s["card_label"]), Paragraph(_x(value), s["card_value"])]
        for label, value in summary
    ]
    rows: list[list[Any]] = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    # Rows of cards are separated by thin empty rows.
    spaced: list[list[Any]] = []
    for row in rows:
        if spaced:
            spaced.append([""] * per_row)
        spaced.append(row)
    rows = spaced
    gap = 2.5 * mm
    width = (FRAME_WIDTH - gap * (per_row - 1)) / per_row
    # Cards are separated by narrow empty columns.
    grid: list[list[Any]] = []
    for row in rows:
        line: list[Any] = []
        for index, cell in enumerate(row):
            if index:
                line.append("")
            line.append(cell)
        grid.append(line)
    widths = [width if i % 2 == 0 else gap for i in range(per_row * 2 - 1)]
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            if not isinstance(cell, str):
                style += [
                    ("BACKGROUND", (2 * i, r), (2 * i, r), SOFT),
                    ("LINEBEFORE", (2 * i, r), (2 * i, r), 2.2, ACCENT),
                ]
    heights = [2.5 * mm if all(isinstance(c, str) for c in row) else None for row in rows]
    table = Table(grid, colWidths=widths, rowHeights=heights, hAlign="LEFT", spaceAfter=2 * mm)
    table.setStyle(TableStyle(style))
    return table


def _legend(content: ReportContent) -> Table:
    statuses: list[object] = [*(content.colours or STATUS_COLOURS), None]
    label = Paragraph("Status colours:", _styles()["meta"])
    row: list[Any] = [label, *(_chip(content, st) for st in statuses)]
    widths = [24 * mm, *([23 * mm] * len(statuses))]
    table = Table([row], colWidths=widths, hAlign="LEFT", spaceAfter=2 * mm)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _section(
    content: ReportContent, section: ReportSection, images: FigureImages
) -> list[Flowable]:
    s = _styles()
    story: list[Flowable] = [PageBreak()] if section.page_break else [CondPageBreak(45 * mm)]
    rule = HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=1, spaceAfter=5)
    rule.keepWithNext = 1
    heading = Paragraph(_x(section.heading), s["h2"])
    heading.outline_entry = (" ".join(section.heading.split()), section.anchor)
    head: list[Flowable] = [heading, rule]
    # The heading, and any short paragraphs that open the section, travel with the first
    # block that must stay whole (platypus will not pull a KeepTogether into a heading's
    # keepWithNext group, so they are put inside it explicitly).
    pending = head
    for block in section.blocks:
        parts, keep = _block(content, block, images)
        if not parts:
            continue
        if pending and isinstance(block, str) and len(block) < 600:
            pending += parts
            continue
        parts, pending = pending + parts, []
        story += [KeepTogether(parts)] if keep else parts
    return story + pending


def _block(
    content: ReportContent, block: Block, images: FigureImages
) -> tuple[list[Flowable], bool]:
    """A block's flowables, and whether they should be kept on one page."""
    s = _styles()
    if isinstance(block, str):
        paragraphs = [p for p in block.split("\n\n") if p.strip()]
        return [Paragraph(_x(p), s["body"]) for p in paragraphs], False
    if isinstance(block, BulletList):
        return ([_bullets(content, block)] if block.items else []), False
    if isinstance(block, ReportTable):
        return _table(content, block), len(block.frame) <= _KEEP_ROWS
    return _figure(block, images), True


def _bullets(content: ReportContent, block: BulletList) -> Table:
    s = _styles()
    rows: list[list[Any]] = []
    has_chips = any(b.chip and b.status is not None for b in block.items)
    for bullet in block.items:
        text = ""
        if bullet.label:
            text += f"<b>{_x(bullet.label)}</b>  "
        text += _x(bullet.text)
        if bullet.note:
            text += f'<br/><font color="#5f6670" size="7.6">{_x(bullet.note)}</font>'
        para = Paragraph(text, s["bullet"])
        if has_chips:
            marker: Any = _chip(content, bullet.status) if bullet.chip and bullet.status else ""
            rows.append([marker, para])
        else:
            rows.append([Paragraph("•", s["bullet"]), para])
    first = 23 * mm if has_chips else 5 * mm
    table = Table(rows, colWidths=[first, FRAME_WIDTH - first], hAlign="LEFT", spaceAfter=3 * mm)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#eceef1")),
            ]
        )
    )
    return table


def _column_widths(table: ReportTable, rows: list[list[object]]) -> list[float]:
    """Widths that never break a word where avoidable: every column gets its longest word,
    then the room left goes to the columns whose text would otherwise wrap, in proportion."""
    pad = 8.0
    chip = 23 * mm
    least: list[float] = []
    natural: list[float] = []
    for index, column in enumerate(table.frame.columns):
        if table.is_status_column(column):
            least.append(chip)
            natural.append(chip)
            continue
        texts = [cell_text(r[index]) for r in rows[:300]]
        words = [w for t in texts for w in t.split()]
        head_words = column_label(column).split()
        longest_word = max(
            [pdfmetrics.stringWidth(w, FONT, 7.6) for w in words]
            + [pdfmetrics.stringWidth(w, BOLD, 7.6) for w in head_words]
            + [0.0]
        )
        longest_text = max([pdfmetrics.stringWidth(t, FONT, 7.6) for t in texts] + [0.0])
        if all(len(t) <= 18 for t in texts):  # short values never wrap
            longest_word = max(longest_word, longest_text)
        least.append(min(longest_word, 60 * mm) + pad)
        natural.append(max(longest_text + pad, least[-1]))
    total_least = sum(least)
    if total_least >= FRAME_WIDTH:
        return [w * FRAME_WIDTH / total_least for w in least]
    if sum(natural) <= FRAME_WIDTH:
        spare = FRAME_WIDTH - sum(natural)
        wrapping = [i for i, (lo, hi) in enumerate(zip(least, natural, strict=True)) if hi > lo]
        widths = natural[:]
        for i in wrapping or range(len(widths)):
            widths[i] += spare / len(wrapping or widths)
        return widths
    spare = FRAME_WIDTH - total_least
    want = [hi - lo for lo, hi in zip(least, natural, strict=True)]
    # Square roots temper the longest column's claim so short-text columns stay on one line.
    weights = [w**0.5 for w in want]
    share = sum(weights) or 1.0
    widths = [lo + spare * w / share for lo, w in zip(least, weights, strict=True)]
    # A column that would then be wider than its text gives the excess back to the others.
    for _ in range(3):
        excess = sum(max(0.0, w - hi) for w, hi in zip(widths, natural, strict=True))
        if excess <= 0.5:
            break
        widths = [min(w, hi) for w, hi in zip(widths, natural, strict=True)]
        needy = [i for i, (w, hi) in enumerate(zip(widths, natural, strict=True)) if w < hi]
        room = sum(weights[i] for i in needy) or 1.0
        for i in needy:
            widths[i] += excess * weights[i] / room
    return widths


def _table(content: ReportContent, table: ReportTable) -> list[Flowable]:
    s = _styles()
    frame = table.frame
    columns = list(frame.columns)
    numeric = [
        pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        for c in columns
    ]
    rows = table_rows(table)
    header = [
        Paragraph(_x(column_label(c)), ParagraphStyle("thr", s["th"], alignment=TA_RIGHT))
        if num
        else Paragraph(_x(column_label(c)), s["th"])
        for c, num in zip(columns, numeric, strict=True)
    ]
    data: list[list[Any]] = [header]
    for values in rows:
        line: list[Any] = []
        for column, num, value in zip(columns, numeric, values, strict=True):
            if table.is_status_column(column):
                line.append(_chip(content, value))
            else:
                line.append(Paragraph(_x(cell_text(value)), s["cell_num" if num else "cell"]))
        data.append(line)
    if not rows:
        data.append([Paragraph("<i>No rows</i>", s["cell"])] + [""] * (len(columns) - 1))
    widths = _column_widths(table, rows) if columns else [FRAME_WIDTH]
    grid = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor("#e6e8eb")),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(data), 2)]
    grid.setStyle(TableStyle(style))
    tail: list[Flowable] = [Paragraph(_x(table.note), s["caption"])] if table.note else []
    return [Paragraph(_x(table.title), s["h3"]), grid, *tail, Spacer(0, 4 * mm)]


def _figure(block: ReportFigure, images: FigureImages) -> list[Flowable]:
    s = _styles()
    png = images.get(block.figure, "png", dpi=200)
    width_in, height_in = block.figure.get_size_inches()
    width = FRAME_WIDTH
    height = width * height_in / width_in
    limit = FRAME_HEIGHT - 30 * mm
    if height > limit:
        width, height = width * limit / height, limit
    # An opaque RGB image: matplotlib's RGBA would add a soft mask that costs time and space.
    with PILImage.open(io.BytesIO(png)) as decoded:
        image = Picture(decoded.convert("RGB"), width, height)
    parts: list[Flowable] = [Paragraph(_x(block.title), s["h3"])] if block.show_title else []
    parts.append(image)
    if block.caption:
        parts.append(Paragraph(_x(block.caption), s["caption"]))
    parts.append(Spacer(0, 4 * mm))
    return parts
