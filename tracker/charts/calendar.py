"""Status calendar: issues × weeks in status colours, drawn as ONE image.

One ``imshow`` of an RGB array keeps 200 issues × 520 weeks fast (~0.2 s) and small in SVG/PDF;
per-cell bars would take minutes (see DESIGN.md).  Weeks without an assessment keep the page
colour, distinct from every status including "none".
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from tracker.charts.grid import IssueGrid, issue_grid
from tracker.charts.resolution import SplitCell, SplitCellHandler
from tracker.charts.style import (
    A4_MAX_HEIGHT,
    FONT,
    GAP_EDGE,
    INK,
    MUTED,
    chart_style,
    date_num,
    draw_empty,
    finish_figure,
    footnote_for,
    format_date_axis,
    legend_handles,
    new_figure,
    plural,
    rgb_table,
    shorten,
    status_colours,
    statuses_of,
)

__all__ = [
    "calendar_capacity",
    "calendar_grid",
    "draw_calendar",
    "figure_status_calendar",
    "plot_status_calendar",
]


def calendar_grid(
    frame: pd.DataFrame, *, period: tuple[Any, Any] | None = None
) -> tuple[pd.DataFrame, pd.DatetimeIndex, np.ndarray, tuple[str, ...]]:
    """The calendar's data: issue rows (ordered), week columns, a code grid and the labels.

    Rows are ordered by section (alphabetically, issues without one last) then by activity
    (most assessed weeks first) then name.  ``grid[i, j]`` indexes ``labels`` (the statuses,
    then "none"); ``-1`` marks a gap (no assessment that week).
    """
    grid = issue_grid(frame, period=period, resolution="week")
    if not len(grid.issues):
        empty = pd.DataFrame(columns=["issue_id", "issue", "section", "weeks"])
        return empty, pd.DatetimeIndex([]), np.zeros((0, 0), dtype=np.int16), ()
    issues = grid.issues[["issue_id", "issue", "section", "weeks"]]
    return issues, grid.weeks, grid.codes[:, :, 0], grid.labels


def plot_status_calendar(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
    period: tuple[Any, Any] | None = None,
    issue_labels: bool | None = None,
    section_labels: bool = True,
    resolution: str | None = "auto",
    select: str = "active",
    max_issues: int | None = None,
    issues: Sequence[int | str] | None = None,
) -> Axes:
    """Issues × time heatmap in status colours (one image; gaps stay the page colour).

    Issues are grouped by section (thin separators, names on the right) and ordered by the
    selection's measure (``select``: most active first by default); ``max_issues`` keeps the
    first ones, ``issues`` shows the ones named.  ``resolution="auto"`` takes weekly cells when
    they are at least 2 pt wide on this axes, else months, quarters or years; a coarser cell
    with several verdicts is split into bands, one per verdict.  ``issue_labels=None`` labels
    every issue only when rows are tall enough to read.
    """
    grid = issue_grid(
        frame,
        period=period,
        resolution=resolution,
        width_pt=_axes_size_pt(ax)[0],
        select=select,
        max_issues=max_issues,
        issues=issues,
    )
    return draw_calendar(
        ax, grid, colours=colours, issue_labels=issue_labels, section_labels=section_labels
    )


def draw_calendar(
    ax: Axes,
    grid: IssueGrid,
    *,
    colours: Mapping[str, str] | None = None,
    issue_labels: bool | None = None,
    section_labels: bool = True,
) -> Axes:
    """Draw an :class:`~tracker.charts.grid.IssueGrid` as the calendar's image."""
    issues = grid.issues
    if not len(issues):
        return draw_empty(ax)
    palette = status_colours(colours)
    table = rgb_table(grid.labels, palette)
    codes = grid.week_codes()
    image = table[np.where(codes < 0, len(grid.labels), codes)]
    x0 = float(date_num(grid.weeks[0]))
    x1 = float(date_num(grid.weeks[-1] + pd.Timedelta(days=7)))
    n = len(issues)
    ax.imshow(
        image,
        extent=(x0, x1, n, 0),
        aspect="auto",
        interpolation="none",  # vector outputs embed the raw grid; Agg draws nearest cells
        origin="upper",
        zorder=1,
        gid="status-calendar",
    )
    ax.set_xlim(x0, x1)
    ax.set_ylim(n, 0)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(GAP_EDGE)
        spine.set_linewidth(0.6)
    format_date_axis(ax, maxticks=12)
    ax.tick_params(axis="x", length=3)
    row_pt = _row_points(ax, n)
    if issue_labels is None:
        issue_labels = row_pt >= 6.0
    if issue_labels:
        size = float(min(FONT["tick"], max(4.5, row_pt * 0.78)))
        ax.set_yticks(np.arange(n) + 0.5)
        ax.set_yticklabels([shorten(v, 34, 1) for v in issues["issue"]], fontsize=size)
        ax.tick_params(axis="y", length=0, pad=2)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{n} issues, grouped by section", color=MUTED)
    _draw_sections(ax, issues, section_labels=section_labels)
    note = grid.hidden_note()
    if note:
        ax.annotate(
            f"… {note}",
            xy=(0, 0),
            xycoords="axes fraction",
            xytext=(-4, -4),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=FONT["small"],
            color=MUTED,
            gid="hidden-issues",
        )
    return ax


def _axes_size_pt(ax: Axes) -> tuple[float, float]:
    """The axes' current width and height in points."""
    fig = ax.get_figure(root=True)
    w, h = (fig.get_figwidth(), fig.get_figheight()) if fig is not None else (6.0, 4.0)
    box = ax.get_position()
    return box.width * w * 72, box.height * h * 72


def _row_points(ax: Axes, n: int) -> float:
    """Height of one issue row in points (from the axes' current size; at least 1 pt)."""
    fig = ax.get_figure(root=True)
    height_in = ax.get_position().height * (fig.get_figheight() if fig is not None else 4.0)
    return max(1.0, height_in * 72 / max(n, 1))


def _draw_sections(ax: Axes, issues: pd.DataFrame, *, section_labels: bool) -> None:
    sections = issues["section"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, sections[1:] != sections[:-1], True])
    trans = blended_transform_factory(ax.transAxes, ax.transData)
    n = len(issues)
    row_pt = _row_points(ax, n)
    for start, end in itertools.pairwise(bounds):
        if start > 0:
            ax.axhline(float(start), color=INK, lw=0.7, zorder=3)
        if not section_labels:
            continue
        height_pt = (end - start) * row_pt
        name = str(sections[start])
        lines = 2 if height_pt >= 2.4 * FONT["small"] else 1
        text = shorten(name, 18, lines) if height_pt >= 1.1 * FONT["small"] else ""
        ax.plot(
            [1.008, 1.008],
            [start + 0.15, end - 0.15],
            transform=trans,
            color=MUTED,
            lw=0.8,
            clip_on=False,
            solid_capstyle="butt",
        )
        if text:
            ax.text(
                1.016,
                (start + end) / 2,
                text,
                transform=trans,
                ha="left",
                va="center",
                fontsize=FONT["small"],
                color=INK,
                gid="section-label",
            )


#: A calendar row must be this tall (points) to carry a readable issue name.
CALENDAR_ROW_PT = 7.0
#: Inches of a calendar figure that are not rows: title, subtitle, legend, date axis, footnote.
CALENDAR_FRAME_IN = 1.75
#: Width (points) of the calendar's cells on an A4 page, between issue names and sections.
CALENDAR_WIDTH_PT = 285.0


def calendar_capacity() -> int:
    """How many issue rows fit an A4 calendar legibly."""
    return int((A4_MAX_HEIGHT - 0.2 - CALENDAR_FRAME_IN) * 72 // CALENDAR_ROW_PT)


def figure_status_calendar(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    colours: Mapping[str, str] | None = None,
    resolution: str | None = "auto",
    select: str = "active",
    max_issues: int | None = None,
    issues: Sequence[int | str] | None = None,
) -> Figure:
    """A4 figure of the status calendar: title, a subtitle naming the resolution and the
    issues shown, legend (statuses, none, gap, split cells) and footnote.

    At most ``max_issues`` rows (default: as many as fit the page with readable names,
    :func:`calendar_capacity`), chosen by ``select`` ("active", "changed", "recent") or
    named by ``issues``; the chart says how many others exist."""
    limit = calendar_capacity() if max_issues is None else max_issues
    grid = issue_grid(
        frame,
        period=period,
        resolution=resolution,
        width_pt=CALENDAR_WIDTH_PT,
        select=select,
        max_issues=limit,
        issues=issues,
    )
    n_rows = len(grid.issues)
    height = min(A4_MAX_HEIGHT - 0.2, max(2.0, CALENDAR_FRAME_IN + n_rows * 0.2))
    with chart_style():
        fig = new_figure(height)
        ax = fig.add_subplot()
        row_pt = (fig.get_figheight() - CALENDAR_FRAME_IN) * 72 / max(n_rows, 1)
        draw_calendar(ax, grid, colours=colours, issue_labels=row_pt >= 6.0)
        if len(frame):
            handles: list[Any] = legend_handles(
                statuses_of(frame), status_colours(colours), kind="patch", gap=True
            )
            handler_map: dict[Any, Any] = {}
            if grid.bands > 1:
                handles.append(split_legend_key(colours))
                handler_map = {SplitCell: SplitCellHandler()}
            # anchored at the figure's left edge: the legend may use the width of the names
            ax.legend(
                handles=handles,
                handler_map=handler_map,
                loc="lower left",
                bbox_to_anchor=(0.01 if grid.bands > 1 else 0.0, 1.0),
                bbox_transform=blended_transform_factory(
                    fig.transFigure if grid.bands > 1 else ax.transAxes, ax.transAxes
                ),
                ncol=6,
                handlelength=1.2,
                columnspacing=1.2,
                borderaxespad=0.3,
            )
        sections: list[Any] = list(frame["section"].dropna().unique()) if "section" in frame else []
        where = f" — {sections[0]}" if len(sections) == 1 else ""
        finish_figure(
            fig,
            title=title or f"Status calendar{where}",
            subtitle=grid_subtitle(grid) if n_rows else None,
            footnote=footnote_for(
                frame, source=source, period=period, extra=plural(grid.total, "issue")
            ),
        )
    return fig


def split_legend_key(colours: Mapping[str, str] | None) -> SplitCell:
    """The legend key of a split cell (improved over deteriorated)."""
    palette = status_colours(colours)
    return SplitCell((palette["improved"], palette["deteriorated"]), "several verdicts")


def grid_subtitle(grid: IssueGrid) -> str:
    """ "By month · the 79 most active of 500 issues, by section · a month with several
    verdicts is split into one band per verdict"."""
    parts = [f"By {grid.resolution}", f"{grid.selection_text()}, by section"]
    if grid.bands > 1:
        parts.append(f"a {grid.resolution} with several verdicts is split, one band per verdict")
    return " · ".join(parts)
