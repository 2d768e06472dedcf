"""Section balance: weekly shares of each status (a step stackplot) with the net-balance line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator, PercentFormatter

from tracker import trends
from tracker.charts.style import (
    FONT,
    GRID,
    INK,
    chart_style,
    colour_of,
    date_limits,
    date_num,
    draw_empty,
    finish_figure,
    footnote_for,
    format_date_axis,
    legend_handles,
    new_figure,
    note_in_axes,
    plural,
    status_colours,
    statuses_in,
)
from tracker.trends import NONE_LABEL

__all__ = ["balance_table", "figure_section_balance", "plot_section_balance"]


def balance_table(frame: pd.DataFrame, *, rolling: int = 4) -> pd.DataFrame:
    """Status shares and net balance per week over a ``rolling``-week window.

    Index: every week from the first to the last assessed one.  Columns: one share per status
    (counts summed over the window ending that week, divided by the window's total), ``total``
    (issues assessed that week), ``net`` (improved − deteriorated share of the window).  Weeks
    in which nothing was assessed are all-NaN: they stay gaps even inside a window.
    """
    counts = trends.weekly_status_counts(frame)
    if counts.empty:
        return counts
    statuses = [c for c in counts.columns if c not in ("week", "total")]
    table = counts.set_index("week")
    full = pd.date_range(table.index.min(), table.index.max(), freq="7D", name="week")
    table = table.reindex(full)
    observed = table["total"].notna().to_numpy()
    window = table.fillna(0).rolling(max(1, rolling), min_periods=1).sum()
    total = window["total"].where(window["total"] > 0)
    out = window[statuses].div(total, axis=0)
    out["total"] = table["total"]
    verdicts = window[[c for c in statuses if c != NONE_LABEL]].sum(axis=1)
    out["net"] = ((window["improved"] - window["deteriorated"]) / total).where(verdicts > 0)
    out.loc[~observed, :] = np.nan
    return out


def _closed(values: np.ndarray) -> np.ndarray:
    return np.concatenate([values, values[-1:]])


def plot_section_balance(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    rolling: int = 4,
    colours: Mapping[str, str] | None = None,
    period: tuple[Any, Any] | None = None,
    legend: bool = True,
) -> Axes:
    """Stacked weekly status shares (deteriorated at the bottom, improved on top) with the net
    balance (improved − deteriorated, as a share of assessed issues, ``rolling``-week window)
    on the right axis.  Weeks without any assessment stay empty: the stack breaks there."""
    table = balance_table(frame, rolling=rolling)
    if table.empty:
        return draw_empty(ax)
    palette = status_colours(colours)
    present = statuses_in([c for c in table.columns if c not in ("total", "net")])
    extra = [s for s in present if s not in trends.CANONICAL_STATUSES and s != NONE_LABEL]
    order = ["deteriorated", "unchanged", *extra, NONE_LABEL, "improved"]
    order = [s for s in order if s in table.columns and bool(table[s].fillna(0).gt(0).any())]
    weeks = table.index
    x = date_num(weeks)
    x_step = np.r_[x, x[-1] + 7]
    # step="post" draws each value up to the next x: repeat the last one to close its week
    ys = [_closed(table[s].to_numpy(dtype=float)) for s in order]
    if ys:
        ax.stackplot(
            x_step,
            *ys,
            colors=[colour_of(s, palette) for s in order],
            step="post",
            linewidth=0,
            labels=order,
            zorder=1,
            gid="status-shares",
        )
    ax.set_ylim(-0.02, 1.02)  # the right axis maps -1.04..1.04 onto the same height
    ax.yaxis.set_major_locator(MultipleLocator(0.25))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylabel(
        f"Share of assessed issues, {rolling}-week window"
        if rolling > 1
        else "Share of assessed issues"
    )
    if period is not None:
        start, end = (pd.Timestamp(p) for p in period)
        ax.set_xlim(*date_limits(start, end - pd.Timedelta(days=6), pad_days=0))
    else:
        ax.set_xlim(x[0], x[-1] + 7)
    format_date_axis(ax)
    right = ax.twinx()
    right.spines["right"].set_visible(True)
    right.spines["top"].set_visible(False)
    right.axhline(0, color="white", lw=0.8, ls=(0, (4, 3)), zorder=2)
    right.step(
        x_step,
        _closed(table["net"].to_numpy(dtype=float)),
        where="post",
        color=INK,
        lw=1.5,
        zorder=3,
        gid="net-balance",
        path_effects=[patheffects.withStroke(linewidth=3.2, foreground="white")],
    )
    right.set_ylim(-1.04, 1.04)
    right.yaxis.set_major_locator(MultipleLocator(0.5))
    right.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    right.set_ylabel("Net balance (improved − deteriorated)", color=INK)
    right.tick_params(axis="y", labelsize=FONT["tick"])
    ax.grid(False)
    right.grid(axis="y", color=GRID, lw=0.5, alpha=0.7)
    verdicts = table[list(trends.CANONICAL_STATUSES)].fillna(0).to_numpy().sum()
    if not table["net"].notna().any() or verdicts == 0:
        note_in_axes(ax, "No verdicts in this period: every assessment states no status")
    if legend:
        shown: list[str] = [s for s in trends.CANONICAL_STATUSES if s in order]
        shown += [s for s in order if s not in shown]
        label = "net balance (right axis)"
        ax.legend(
            handles=[
                *legend_handles(shown, palette, kind="patch"),
                Line2D([], [], color=INK, lw=1.5, label=label),
            ],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=6,
            handlelength=1.3,
            columnspacing=1.1,
            borderaxespad=0.3,
        )
    return ax


def figure_section_balance(
    frame: pd.DataFrame,
    *,
    section: str | None = None,
    rolling: int = 4,
    title: str | None = None,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """A4 figure: weekly status shares of one section (or every section) with net balance."""
    rows = frame
    if section is not None and "section" in frame:
        rows = frame[frame["section"].astype(str).str.casefold() == section.casefold()]
    with chart_style():
        fig = new_figure(4.2)
        ax = fig.add_subplot()
        plot_section_balance(ax, rows, rolling=rolling, colours=colours, period=period)
        sections: list[Any] = list(rows["section"].dropna().unique()) if "section" in rows else []
        name = section or (str(sections[0]) if len(sections) == 1 else "all sections")
        weeks = trends.issue_weeks(rows) if len(rows) else rows
        extra = plural(len(weeks), "issue-week") if len(rows) else None
        finish_figure(
            fig,
            title=title or f"Weekly status shares — {name}",
            footnote=footnote_for(rows, source=source, period=period, extra=extra),
        )
    return fig
