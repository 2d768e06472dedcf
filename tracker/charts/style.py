"""The look shared by every chart: palette, fonts, A4 sizes, date axes, footnote, empty state.

Figures are built with :class:`matplotlib.figure.Figure` directly (never ``pyplot``), so
nothing leaks into global state and any backend works; settings apply through
:func:`matplotlib.rc_context` only while a figure is drawn or saved.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from tracker.errors import TrackerError
from tracker.trends import CANONICAL_STATUSES, NONE_LABEL
from tracker.vocab import NONE_COLOUR, STATUS_COLOURS, default_vocabulary

# A4 portrait is 8.27 × 11.69 in; with 18 mm margins the text block is about 7.0 × 10.3 in.
A4_WIDTH = 7.0
A4_MAX_HEIGHT = 9.6
GAP_COLOUR = "#ffffff"  # a week without an assessment: the page itself
GAP_EDGE = "#c8c8c8"
INK = "#222222"  # text and the cumulative line
MUTED = "#666666"  # footnotes, secondary labels
GRID = "#e3e3e3"
EXTRA_COLOUR = "#6a3d9a"  # a user-added status without a colour of its own
NONE_EDGE = "#5a6b8c"  # outline of the hollow "none" marker
EMPTY_MESSAGE = "No assessments in this period"
SUBTITLE_Y = 0.3  # inches from the top of a figure to its subtitle
SUBTITLE_SPACE = 0.44  # inches a title and a subtitle take at the top of a figure

MARKERS: dict[str, str] = {
    "improved": "^",
    "unchanged": "o",
    "deteriorated": "v",
    NONE_LABEL: "D",
}

FONT = {"title": 10.5, "label": 8.5, "tick": 7.5, "small": 7.0, "note": 6.8}

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",  # covers Latin and Cyrillic
    "font.size": FONT["label"],
    "axes.titlesize": FONT["title"],
    "axes.labelsize": FONT["label"],
    "axes.labelcolor": INK,
    "axes.edgecolor": "#8a8a8a",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": FONT["tick"],
    "ytick.labelsize": FONT["tick"],
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "legend.fontsize": FONT["small"],
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "tracker",  # stable element ids: identical SVGs for identical data
    "pdf.fonttype": 42,
    "image.interpolation": "nearest",
    # unhinted glyphs measure the same at every dpi, so a layout settled once at build time
    # stays exact when the figure is saved at 150 dpi PNG, 72 dpi SVG or PDF
    "text.hinting": "none",
}


@contextmanager
def chart_style() -> Iterator[None]:
    """The shared matplotlib settings, for the duration of the block only."""
    with mpl.rc_context(RC):  # type: ignore[arg-type]
        yield


def status_colours(colours: Mapping[str, str] | None = None) -> dict[str, str]:
    """Colour per status: the vocabulary's (user statuses included), overridden by
    ``colours``; "none" included."""
    out = dict(STATUS_COLOURS)
    with suppress(TrackerError):  # a broken vocabulary file is reported where it is loaded
        out.update(default_vocabulary().colours)
    out[NONE_LABEL] = NONE_COLOUR
    if colours:
        out.update(colours)
    return out


def colour_of(status: str, palette: Mapping[str, str]) -> str:
    return palette.get(status, EXTRA_COLOUR)


def statuses_in(values: Sequence[object] | pd.Series) -> list[str]:
    """Statuses to show, in the canonical order, then user statuses, then "none"."""
    seen = {str(v) for v in pd.unique(pd.Series(values, dtype=object)) if isinstance(v, str)}
    extra = sorted(seen - set(CANONICAL_STATUSES) - {NONE_LABEL})
    order = [*CANONICAL_STATUSES, *extra]
    if NONE_LABEL in seen:
        order.append(NONE_LABEL)
    return order


def statuses_of(frame: pd.DataFrame) -> list[str]:
    """The statuses an assessments frame shows, "none" included when a row has no verdict."""
    if "status" not in frame or not len(frame):
        return list(CANONICAL_STATUSES)
    shown = statuses_in(frame["status"])
    if frame["status"].isna().any() and NONE_LABEL not in shown:
        shown.append(NONE_LABEL)
    return shown


def rgb_table(labels: Sequence[str], palette: Mapping[str, str]) -> np.ndarray:
    """uint8 RGB rows for ``labels`` (+ a last row for the gap colour)."""
    rows = [to_rgb(colour_of(label, palette)) for label in labels] + [to_rgb(GAP_COLOUR)]
    return (np.array(rows) * 255).round().astype(np.uint8)


# Layout engines are kept beside the figures, not attached to them: attached, matplotlib would
# run the engine and draw the whole figure once more on every save.  Each builder settles the
# layout once (:func:`settle_layout`); unhinted text keeps it exact at every dpi.
_LAYOUTS: WeakKeyDictionary[Figure, ConstrainedLayoutEngine] = WeakKeyDictionary()


def new_figure(height: float, width: float = A4_WIDTH, *, constrained: bool = True) -> Figure:
    """A figure of A4-text width with an Agg canvas attached (no pyplot involved)."""
    fig = Figure(figsize=(width, min(height, A4_MAX_HEIGHT)), dpi=100)
    FigureCanvasAgg(fig)
    if constrained:
        _LAYOUTS[fig] = ConstrainedLayoutEngine(h_pad=0.06, w_pad=0.06)
    return fig


def settle_layout(fig: Figure) -> None:
    """Place the axes so that titles, labels and legends fit (constrained layout, run once)."""
    engine = _LAYOUTS.get(fig)
    if engine is not None:
        engine.execute(fig)


def finish_figure(
    fig: Figure,
    *,
    title: str,
    footnote: str | None = None,
    subtitle: str | None = None,
    header_in: float = 0.0,
) -> Figure:
    """Bold title at the top left (a grey subtitle under it, if given), the grey
    source/period footnote at the bottom left.  ``header_in`` inches more are kept free under
    the subtitle (for a figure legend placed there)."""
    h = fig.get_figheight()
    engine = _LAYOUTS.get(fig)
    # under constrained layout the title keeps its automatic position, so space is reserved;
    # with a subtitle both are placed by hand and the layout's area starts below them
    where = {} if engine is not None and not subtitle else {"y": 1 - 0.06 / h}
    suptitle = fig.suptitle(
        title,
        x=0.01,
        ha="left",
        va="top",
        fontsize=FONT["title"],
        fontweight="bold",
        color=INK,
        **where,
    )
    top = 0.0
    if subtitle:
        suptitle.set_in_layout(False)
        fig.text(
            0.01,
            1 - SUBTITLE_Y / h,
            subtitle,
            ha="left",
            va="top",
            fontsize=FONT["small"],
            color=MUTED,
            gid="subtitle",
        ).set_in_layout(False)
        top = (SUBTITLE_SPACE + header_in) / h
    bottom = 0.0
    if footnote:
        chars = int(fig.get_figwidth() * 72 / (FONT["note"] * 0.53))
        footnote = "\n".join(textwrap.wrap(footnote, chars)[:2])
        fig.text(
            0.01,
            0.06 / h,
            footnote,
            ha="left",
            va="bottom",
            fontsize=FONT["note"],
            color=MUTED,
            gid="footnote",
        )
        bottom = (0.1 + 0.11 * (footnote.count("\n") + 1)) / h
    if engine is not None and (top or bottom):
        engine.set(rect=(0, bottom, 1, 1 - bottom - top))
    settle_layout(fig)
    return fig


def _typo_metrics() -> tuple[float, float]:
    """The chart font's line height with and without its line gap, in ems (OS/2 table)."""
    font = get_font(findfont(FontProperties(family=RC["font.family"])))
    table = font.get_sfnt_table("OS/2")
    head = font.get_sfnt_table("head")
    if not (table and head):
        return 1.2, 1.2
    units = float(head["unitsPerEm"])
    body = float(table["sTypoAscender"] - table["sTypoDescender"]) / units
    return body + float(table["sTypoLineGap"]) / units, body


def row_height_pt() -> float:
    """A table row: two natural lines of the table font (typographic ascender, descender and
    line gap of the chart font)."""
    return 2 * _typo_metrics()[0] * FONT["small"]


def table_linespacing() -> float:
    """The ``linespacing`` that gives every line of a multi-line table text exactly half a
    :func:`row_height_pt`, whatever its glyphs.

    Matplotlib's "normal" spacing grows a line whose glyphs reach past the font's ascender or
    descender ("…", brackets, accents) and gives an empty line none of the gap, so a column of
    thirty rows drifts away from its row stripes; a fixed spacing is a multiple of the font's
    ascender plus descender, without the gap."""
    natural, body = _typo_metrics()
    return natural / body


def inches_rect(
    fig: Figure, *, left: float, right: float, top: float, bottom: float
) -> tuple[float, float, float, float]:
    """An axes rectangle (figure fractions) from margins given in inches."""
    w, h = fig.get_figwidth(), fig.get_figheight()
    return (
        left / w,
        bottom / h,
        max(0.05, (w - left - right) / w),
        max(0.02, (h - top - bottom) / h),
    )


def format_date_axis(ax: Axes, *, minticks: int = 3, maxticks: int = 9) -> None:
    """Months and years that read naturally ("2023", "Apr", "Jul"), not ISO week numbers."""
    locator = mdates.AutoDateLocator(minticks=minticks, maxticks=maxticks)  # type: ignore[no-untyped-call]
    formatter = mdates.ConciseDateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]
    formatter.formats = ["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"]
    formatter.zero_formats = ["", "%Y", "%b", "%d %b", "%H:%M", "%H:%M"]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def date_num(value: Any) -> Any:
    """matplotlib's date numbers for a date, a Series or an index (typed wrapper)."""
    return mdates.date2num(value)  # type: ignore[no-untyped-call]


def date_limits(
    first: pd.Timestamp, last: pd.Timestamp, *, pad_days: int = 7
) -> tuple[float, float]:
    """x-limits (matplotlib date numbers) around weeks ``first`` .. ``last`` (inclusive)."""
    width = (last - first).days + 7
    pad = max(pad_days, int(width * 0.015), (28 - width + 1) // 2)  # at least four weeks shown
    lo = first - pd.Timedelta(days=pad)
    hi = last + pd.Timedelta(days=7 + pad)
    return float(date_num(lo)), float(date_num(hi))


def draw_empty(ax: Axes, message: str = EMPTY_MESSAGE, *, detail: str | None = None) -> Axes:
    """The empty state: a framed panel that says there is nothing to show, never a blank."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(GAP_EDGE)
    ax.set_facecolor("#fafafa")
    ax.text(
        0.5,
        0.55 if detail else 0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=FONT["title"],
        color=MUTED,
    )
    if detail:
        ax.text(
            0.5,
            0.4,
            detail,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=FONT["small"],
            color=MUTED,
        )
    return ax


def note_in_axes(ax: Axes, message: str) -> None:
    """A short grey note in the upper-left corner of the plotting area."""
    ax.text(
        0.01,
        0.97,
        message,
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=FONT["small"],
        color=MUTED,
        bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.85},
    )


def legend_handles(
    statuses: Sequence[str],
    palette: Mapping[str, str],
    *,
    kind: str = "marker",
    gap: bool = False,
) -> list[Any]:
    """Legend entries: markers (timelines) or patches (calendars, stacks) per status."""
    handles: list[Any] = []
    for status in statuses:
        colour = colour_of(status, palette)
        label = "no verdict" if status == NONE_LABEL else status
        if kind == "marker":
            hollow = status == NONE_LABEL
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker=MARKERS.get(status, "s"),
                    markersize=6,
                    markerfacecolor="white" if hollow else colour,
                    markeredgecolor=NONE_EDGE if hollow else "white",
                    markeredgewidth=1.1 if hollow else 0.5,
                    label=label,
                )
            )
        else:
            handles.append(Patch(facecolor=colour, edgecolor="none", label=label))
    if gap:
        handles.append(
            Patch(facecolor=GAP_COLOUR, edgecolor=GAP_EDGE, lw=0.6, label="no assessment")
        )
    return handles


def shorten(text: object, width: int = 24, lines: int = 2) -> str:
    """A headline cut to ``lines`` lines of ``width`` characters, ending in … when cut."""
    if not isinstance(text, str) or not text.strip():
        return ""
    return "\n".join(
        textwrap.wrap(" ".join(text.split()), width=width, max_lines=lines, placeholder="…")
    )


def plural(n: int, word: str) -> str:
    """ "1 issue", "2 issues", "1,204 issues"."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def period_text(first: pd.Timestamp | None, last: pd.Timestamp | None) -> str:
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return "—"
    a, b = pd.Timestamp(first), pd.Timestamp(last)
    return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"


def footnote_for(
    frame: pd.DataFrame,
    *,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    extra: str | None = None,
) -> str:
    """ "Source: … · Period: … · n assessments" from the frame unless given explicitly."""
    if source is None:
        values: Any = pd.unique(frame["source"].dropna()) if "source" in frame else []
        names = sorted({str(s) for s in values})
        source = (
            ", ".join(names)
            if 0 < len(names) <= 2
            else (f"{len(names)} sources" if names else "tracker database")
        )
    if period is not None:
        first, last = (pd.Timestamp(p) for p in period)
    elif len(frame) and "week_start" in frame:
        first = pd.Timestamp(frame["week_start"].min())
        end_col = "week_end" if "week_end" in frame else "week_start"
        last = pd.Timestamp(frame[end_col].max())
    else:
        first = last = None  # type: ignore[assignment]
    parts = [f"Source: {source}", f"Period: {period_text(first, last)}"]
    if extra:
        parts.append(extra)
    return " · ".join(parts)


@lru_cache(maxsize=4096)
def _glyph_width(char: str, bold: bool) -> float:
    """Advance width of one character at 10 pt in the chart font (points)."""
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=RC["font.family"], size=10, weight="bold" if bold else "normal")
    width, _, _ = text_to_path.get_text_width_height_descent(char, prop, ismath=False)
    return float(width)


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """Width of one line of ``text`` at ``size`` points (glyph advances summed, no kerning;
    spaces measured as a third of the size)."""
    total = sum(_glyph_width(c, bold) if c != " " else 3.18 for c in text)
    return total * size / 10


def fit_text(text: object, width_pt: float, size: float, *, bold: bool = False) -> str:
    """``text`` on one line, shortened at a word (or a character) with "…" to fit
    ``width_pt`` points; the whole text when it fits."""
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())
    if text_width_pt(text, size, bold=bold) <= width_pt:
        return text
    budget = width_pt - text_width_pt("…", size, bold=bold)
    out = ""
    for char in text:
        if text_width_pt(out + char, size, bold=bold) > budget:
            break
        out += char
    cut = out.rstrip()
    if " " in cut and len(cut) - cut.rfind(" ") <= 4:  # no stub of three letters or fewer
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–") + "…"
