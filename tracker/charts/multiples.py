"""Small multiples: one status strip per issue, on a shared time axis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import blended_transform_factory

from tracker import trends
from tracker.charts.calendar import calendar_grid
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

__all__ = ["figure_small_multiples", "plot_status_strip"]


def plot_status_strip(
    ax: Axes,
    history: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
    period: tuple[Any, Any] | None = None,
    title: str = "",
) -> Axes:
    """One issue's weeks as a strip of status-coloured cells (gaps stay the page colour)."""
    _, weeks, grid, labels = calendar_grid(history, period=period)
    if grid.size == 0:
        return draw_empty(ax)
    _draw_row(ax, grid[:1], weeks, labels, status_colours(colours))
    ax.set_yticks([])
    if title:
        ax.set_title(title, loc="left", fontsize=FONT["label"])
    format_date_axis(ax)
    return ax


def _draw_row(
    ax: Axes,
    row: np.ndarray,
    weeks: pd.DatetimeIndex,
    labels: tuple[str, ...],
    palette: Mapping[str, str],
) -> None:
    table = rgb_table(labels, palette)
    image = table[np.where(row < 0, len(labels), row)]
    x0 = float(date_num(weeks[0]))
    x1 = float(date_num(weeks[-1] + pd.Timedelta(days=7)))
    ax.imshow(image, extent=(x0, x1, 0, 1), aspect="auto", interpolation="none", gid="strip")
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, 1)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(GAP_EDGE)
        spine.set_linewidth(0.5)


_SUBROWS = 4  # image rows per issue: three of colour, one of gap
_GAP = 1 / _SUBROWS  # blank share of each issue's row, between strips


def _draw_strips(
    ax: Axes,
    grid: np.ndarray,
    weeks: pd.DatetimeIndex,
    labels: tuple[str, ...],
    palette: Mapping[str, str],
) -> None:
    """Row i of ``grid`` as a framed strip from y=i to y=i+1-_GAP, all in ONE image.

    Each issue takes ``_SUBROWS`` image rows, the last of which is the page colour: that is the
    gap between strips.  One image keeps dozens of strips × 520 weeks fast to draw and small.
    """
    table = rgb_table(labels, palette)
    x0 = float(date_num(weeks[0]))
    x1 = float(date_num(weeks[-1] + pd.Timedelta(days=7)))
    n = len(grid)
    codes = np.repeat(np.where(grid < 0, len(labels), grid), _SUBROWS, axis=0)
    codes[_SUBROWS - 1 :: _SUBROWS] = len(labels)  # the gap rows
    ax.imshow(
        table[codes], extent=(x0, x1, n, 0), aspect="auto", interpolation="none", gid="strips"
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


def figure_small_multiples(
    frame: pd.DataFrame,
    *,
    section: str | None = None,
    max_issues: int = 40,
    title: str | None = None,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """One strip per issue (of ``section``, or of the frame), most active first within each
    section, sharing the time axis; the current streak is written at the right of each strip.
    At most ``max_issues`` strips; the footnote says how many were left out."""
    rows = frame
    if section is not None and "section" in frame:
        rows = frame[frame["section"].astype(str).str.casefold() == section.casefold()]
    issues, weeks, grid, labels = calendar_grid(rows, period=period)
    shown = min(len(issues), max_issues)
    palette = status_colours(colours)
    top, bottom = 0.62, 0.55
    natural = row_height_pt() / 72  # two natural text lines: rows that column texts fit
    pitch = min(natural, (A4_MAX_HEIGHT - top - bottom) / max(shown, 1))  # inches per strip
    with chart_style():
        fig = new_figure(top + bottom + max(shown, 1) * pitch, constrained=False)
        names = [shorten(v, 32, 1) for v in issues["issue"][:shown]]
        left = 0.25 + min(1.9, 0.058 * max([len(v) for v in names] + [8]))
        ax = fig.add_axes(inches_rect(fig, left=left, right=1.15, top=top, bottom=bottom))
        if shown == 0:
            draw_empty(ax)
        else:
            summary = trends.issue_summary(rows).set_index("issue_id")
            _draw_strips(ax, grid[:shown], weeks, labels, palette)
            ax.set_yticks([])
            streaks = [
                str(summary.loc[i, "streak"]) if i in summary.index else ""
                for i in issues["issue_id"][:shown]
            ]
            trans = blended_transform_factory(ax.transAxes, ax.transData)
            side = 4 / 72 / (fig.get_figwidth() - left - 1.15)  # 4 pt in axes fraction
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
            format_date_axis(ax)
            fig.legend(
                handles=legend_handles(statuses_of(rows), palette, kind="patch", gap=True),
                loc="lower left",
                bbox_to_anchor=(left / fig.get_figwidth(), 1 - (top - 0.06) / fig.get_figheight()),
                ncol=6,
                handlelength=1.2,
                columnspacing=1.2,
                borderaxespad=0.0,
            )
        sections: list[Any] = list(rows["section"].dropna().unique()) if "section" in rows else []
        name = section or (str(sections[0]) if len(sections) == 1 else "")
        extra = plural(len(issues), "issue")
        if len(issues) > shown:
            extra += f", the first {shown} by section and activity shown"
        finish_figure(
            fig,
            title=title or ("Issues of " + name if name else "Issue strips"),
            footnote=footnote_for(rows, source=source, period=period, extra=extra),
        )
    return fig
