"""Small multiples: one status strip per issue, on a shared time axis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import blended_transform_factory

from tracker import trends
from tracker.charts.calendar import grid_subtitle, split_legend_key
from tracker.charts.grid import IssueGrid, issue_grid
from tracker.charts.resolution import SplitCell, SplitCellHandler
from tracker.charts.style import (
    A4_MAX_HEIGHT,
    A4_WIDTH,
    FONT,
    GAP_EDGE,
    INK,
    MUTED,
    SUBTITLE_SPACE,
    chart_style,
    date_num,
    draw_empty,
    finish_figure,
    footnote_for,
    format_date_axis,
    inches_rect,
    legend_handles,
    new_figure,
    plural,
    rgb_table,
    row_height_pt,
    shorten,
    status_colours,
    statuses_of,
)

__all__ = ["figure_small_multiples", "multiples_capacity", "plot_status_strip"]


def plot_status_strip(
    ax: Axes,
    history: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
    period: tuple[Any, Any] | None = None,
    title: str = "",
    resolution: str | None = "auto",
) -> Axes:
    """One issue's weeks as a strip of status-coloured cells (gaps stay the page colour);
    months, quarters or years where weeks would be too narrow to see (as the calendar)."""
    fig = ax.get_figure(root=True)
    width_pt = ax.get_position().width * (fig.get_figwidth() if fig is not None else 6.0) * 72
    grid = issue_grid(
        history, period=period, resolution=resolution, width_pt=width_pt, max_issues=1
    )
    if not len(grid.issues):
        return draw_empty(ax)
    table = rgb_table(grid.labels, status_colours(colours))
    codes = grid.week_codes()
    x0 = float(date_num(grid.weeks[0]))
    x1 = float(date_num(grid.weeks[-1] + pd.Timedelta(days=7)))
    ax.imshow(
        table[np.where(codes < 0, len(grid.labels), codes)],
        extent=(x0, x1, 0, 1),
        aspect="auto",
        interpolation="none",
        gid="strip",
    )
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, 1)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(GAP_EDGE)
        spine.set_linewidth(0.5)
    ax.set_yticks([])
    if title:
        ax.set_title(title, loc="left", fontsize=FONT["label"])
    format_date_axis(ax)
    return ax


def _draw_strips(
    ax: Axes,
    grid: IssueGrid,
    palette: Mapping[str, str],
) -> None:
    """Issue i of ``grid`` as a framed strip from y=i to y=i+3/4, all in ONE image.

    Each issue takes three image rows of colour (at weekly resolution) or one per band (a
    coarser cell with several verdicts is split), then a third as many rows of the page colour:
    the gap between strips.  One image keeps dozens of strips × 520 weeks fast and small.
    """
    table = rgb_table(grid.labels, palette)
    weeks = grid.weeks
    x0 = float(date_num(weeks[0]))
    x1 = float(date_num(weeks[-1] + pd.Timedelta(days=7)))
    n = len(grid.issues)
    bands = grid.bands
    colour_rows = 3 if bands == 1 else bands
    gap_rows = colour_rows // 3
    cube = np.repeat(grid.week_codes().reshape(n, bands, -1), colour_rows // bands, axis=1)
    blank = np.full((n, gap_rows, cube.shape[2]), -1, dtype=cube.dtype)
    codes = np.concatenate([cube, blank], axis=1).reshape(n * (colour_rows + gap_rows), -1)
    ax.imshow(
        table[np.where(codes < 0, len(grid.labels), codes)],
        extent=(x0, x1, n, 0),
        aspect="auto",
        interpolation="none",
        gid="strips",
    )
    height = 1 - _GAP
    for i in range(n):
        ax.add_patch(
            Rectangle((x0, i), x1 - x0, height, fill=False, edgecolor=GAP_EDGE, lw=0.5, zorder=3)
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(n - 0.1, -0.1)  # one data unit per strip pitch
    for spine in ax.spines.values():
        spine.set_visible(False)


_GAP = 1 / 4  # blank share of each issue's row, between strips
_TOP, _BOTTOM, _RIGHT = 0.62, 0.55, 1.15  # inches around the strips (title/legend, axis, streaks)


def multiples_capacity() -> int:
    """How many strips fit an A4 page at the natural pitch (two text lines per strip)."""
    natural = row_height_pt() / 72
    frame = _TOP + SUBTITLE_SPACE - 0.3 + 0.1 + _BOTTOM + 0.12  # room for every extra line
    return int((A4_MAX_HEIGHT - frame) // natural)


def figure_small_multiples(
    frame: pd.DataFrame,
    *,
    section: str | None = None,
    max_issues: int | None = None,
    title: str | None = None,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    colours: Mapping[str, str] | None = None,
    resolution: str | None = "auto",
    select: str = "active",
    issues: Sequence[int | str] | None = None,
) -> Figure:
    """One strip per issue (of ``section``, or of the frame) on a shared time axis, grouped by
    section; the current streak is written at the right of each strip.

    At most ``max_issues`` strips (default: as many as fit the page, :func:`multiples_capacity`),
    chosen by ``select`` ("active", "changed", "recent") or named by ``issues``; the chart says
    how many others exist.  ``resolution`` as for the calendar (weeks when visible)."""
    rows = frame
    if section is not None and "section" in frame:
        rows = frame[frame["section"].astype(str).str.casefold() == section.casefold()]
    limit = multiples_capacity() if max_issues is None else max_issues
    left_most = 0.25 + 1.9

    def cells(left: float) -> IssueGrid:
        return issue_grid(
            rows,
            period=period,
            resolution=resolution,
            width_pt=(A4_WIDTH - left - _RIGHT) * 72,
            select=select,
            max_issues=limit,
            issues=issues,
        )

    grid = cells(left_most)
    names = [shorten(v, 32, 1) for v in grid.issues["issue"]]
    left = 0.25 + min(1.9, 0.058 * max([len(v) for v in names] + [8]))
    if left < left_most and grid.resolution != "week":  # the strips are wider than assumed
        grid = cells(left)
    shown = len(grid.issues)
    palette = status_colours(colours)
    several = grid.issues["section"].nunique() > 1 if shown else False
    top = _TOP + (SUBTITLE_SPACE - 0.3 if shown else 0.0) + (0.1 if several else 0.0)
    bottom = _BOTTOM + (0.12 if grid.hidden > 0 else 0.0)
    natural = row_height_pt() / 72  # two natural text lines: rows that column texts fit
    pitch = min(natural, (A4_MAX_HEIGHT - top - bottom) / max(shown, 1))  # inches per strip
    with chart_style():
        fig = new_figure(top + bottom + max(shown, 1) * pitch, constrained=False)
        ax = fig.add_axes(inches_rect(fig, left=left, right=_RIGHT, top=top, bottom=bottom))
        if shown == 0:
            draw_empty(ax)
        else:
            summary = trends.issue_summary(
                rows[rows["issue_id"].isin(grid.issues["issue_id"])]
            ).set_index("issue_id")
            _draw_strips(ax, grid, palette)
            ax.set_yticks([])
            streaks = [
                str(summary.loc[i, "streak"]) if i in summary.index else ""
                for i in grid.issues["issue_id"]
            ]
            trans = blended_transform_factory(ax.transAxes, ax.transData)
            side = 4 / 72 / (fig.get_figwidth() - left - _RIGHT)  # 4 pt in axes fraction
            columns = (
                (-side, "right", names, INK, "names"),
                (1 + side, "left", streaks, MUTED, "streak"),
            )
            for x, ha, lines, colour, gid in columns:
                if abs(pitch - natural) < 1e-9:
                    # one text per column, one natural line + one blank line per strip
                    centre = 0.5 - _GAP / 2 - 0.25  # a line is half a row high
                    placed = [(centre, "\n\n".join(lines), "top")]
                else:  # rows squeezed below two lines: one text per row
                    placed = [(i + 0.5 - _GAP / 2, t, "center") for i, t in enumerate(lines)]
                for y, text, va in placed:
                    ax.text(
                        x,
                        y,
                        text,
                        transform=trans,
                        ha=ha,
                        va=va,
                        ma=ha,
                        fontsize=FONT["small"],
                        color=colour,
                        linespacing="normal",
                        gid=gid,
                    )
            if abs(pitch - natural) < 1e-9:
                _draw_section_marks(ax, grid, fig)
            format_date_axis(ax)
            handles: list[Any] = legend_handles(statuses_of(rows), palette, kind="patch", gap=True)
            handler_map: dict[Any, Any] = {}
            if grid.bands > 1:
                handles.append(split_legend_key(colours))
                handler_map = {SplitCell: SplitCellHandler()}
            fig.legend(
                handles=handles,
                handler_map=handler_map,
                loc="lower left",
                bbox_to_anchor=(
                    (left if grid.bands == 1 else 0.1) / fig.get_figwidth(),
                    1 - (top - 0.06) / fig.get_figheight(),
                ),
                ncol=6,
                handlelength=1.2,
                columnspacing=1.2,
                borderaxespad=0.0,
            )
            note = grid.hidden_note()
            if note:
                fig.text(
                    0.1 / fig.get_figwidth(),
                    (bottom - 0.22) / fig.get_figheight(),
                    f"… {note}",
                    ha="left",
                    va="top",
                    fontsize=FONT["small"],
                    color=MUTED,
                    gid="hidden-issues",
                )
        sections: list[Any] = list(rows["section"].dropna().unique()) if "section" in rows else []
        name = section or (str(sections[0]) if len(sections) == 1 else "")
        finish_figure(
            fig,
            title=title or ("Issues of " + name if name else "Issue strips"),
            subtitle=grid_subtitle(grid) if shown else None,
            footnote=footnote_for(
                rows, source=source, period=period, extra=plural(grid.total, "issue")
            ),
        )
    return fig


def _draw_section_marks(ax: Axes, grid: IssueGrid, fig: Figure) -> None:
    """When strips of several sections are shown: each section's name, bold, at the page's
    left edge in the blank line above its first strip, and a thin rule between sections."""
    sections = grid.issues["section"].to_numpy()
    if len(set(sections)) < 2:
        return
    left = ax.get_position().x0
    trans = blended_transform_factory(fig.transFigure, ax.transData)
    for start in np.flatnonzero(np.r_[True, sections[1:] != sections[:-1]]):
        ax.text(
            0.1 / fig.get_figwidth(),
            start - 0.125,
            str(sections[start]),
            transform=trans,
            ha="left",
            va="center",
            fontsize=FONT["small"],
            fontweight="bold",
            color=INK,
            gid="section-label",
        )
        if start > 0:
            ax.plot(
                [0.1 / fig.get_figwidth(), left],
                [start - 0.125 - 0.25, start - 0.125 - 0.25],
                transform=trans,
                color=GAP_EDGE,
                lw=0.5,
                clip_on=False,
            )
