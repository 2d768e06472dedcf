"""Section balance: weekly shares of each status (a step stackplot) with the net-balance line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator, PercentFormatter

from tracker import trends
from tracker.charts.resolution import (
    RESOLUTIONS,
    cell_of,
    cell_starts,
    check_resolution,
    choose_resolution,
)
from tracker.charts.style import (
    FONT,
    GRID,
    INK,
    SUBTITLE_SPACE,
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

__all__ = [
    "SectionHistory",
    "balance_cells",
    "balance_resolution",
    "balance_table",
    "figure_history_overview",
    "figure_section_balance",
    "plot_section_balance",
    "section_history",
]


def balance_table(
    frame: pd.DataFrame, *, rolling: int = 4, counts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Status shares and net balance per week over a ``rolling``-week window.

    Index: every week from the first to the last assessed one.  Columns: one share per status
    (counts summed over the window ending that week, divided by the window's total), ``total``
    (issues assessed that week), ``net`` (improved − deteriorated share of the window).  Weeks
    in which nothing was assessed are all-NaN: they stay gaps even inside a window.
    ``counts``: the frame's ``trends.weekly_status_counts`` when known already.
    """
    counts = trends.weekly_status_counts(frame) if counts is None else counts
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


def balance_cells(
    frame: pd.DataFrame,
    resolution: str,
    *,
    min_verdicts: int = 3,
    counts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Status shares and net balance per month, quarter or year (``resolution``).

    Index: ``start`` (the cell's first day) for every cell from the first to the last assessed
    one.  Columns: ``end`` (the day after the cell), one share per status, ``total``
    (issue-weeks assessed in the cell), ``verdicts`` (those with a verdict: the number behind
    the net balance), ``net`` (improved − deteriorated as a share of ``total``, NaN where fewer
    than ``min_verdicts`` verdicts stand behind it).  Empty cells are all NaN, ``total`` 0.
    ``counts``: the frame's ``trends.weekly_status_counts`` when known already.
    """
    counts = trends.weekly_status_counts(frame) if counts is None else counts
    if counts.empty:
        return counts
    statuses = [c for c in counts.columns if c not in ("week", "total")]
    starts = cell_starts(counts["week"].min(), counts["week"].max(), resolution)
    cell = cell_of(counts["week"], starts)
    summed = counts[[*statuses, "total"]].groupby(cell).sum()
    summed = summed.reindex(np.arange(len(starts) - 1), fill_value=0)
    total = summed["total"].where(summed["total"] > 0)
    out = summed[statuses].div(total, axis=0)
    out.index = pd.DatetimeIndex(starts[:-1], name="start")
    out.insert(0, "end", starts[1:])
    out["total"] = summed["total"].to_numpy()
    verdicts = summed[[c for c in statuses if c != NONE_LABEL]].sum(axis=1).to_numpy()
    out["verdicts"] = verdicts
    net = ((summed["improved"] - summed["deteriorated"]) / total).to_numpy()
    out["net"] = np.where(verdicts >= max(1, min_verdicts), net, np.nan)
    return out


def balance_resolution(
    frame: pd.DataFrame,
    *,
    width_pt: float,
    rolling: int = 4,
    min_verdicts: int = 3,
    period: tuple[Any, Any] | None = None,
    wanted: str | None = "auto",
    counts: pd.DataFrame | None = None,
) -> str:
    """The balance chart's resolution: weeks (with the rolling window) when weekly bars are
    visible at ``width_pt`` and most windows hold ``min_verdicts`` verdicts; otherwise the
    finest of months, quarters, years whose cells mostly do (years at the coarsest).
    ``counts``: the frame's ``trends.weekly_status_counts`` when known already."""
    wanted = check_resolution(wanted)
    if wanted != "auto":
        return wanted
    counts = trends.weekly_status_counts(frame) if counts is None else counts
    if counts.empty:
        return "week"
    first, last = counts["week"].min(), counts["week"].max()
    if period is not None:
        first, last = (pd.Timestamp(p) for p in period)
    # weekly steps join up and read at 1.6 pt; bars need room for a gap: 4 pt at least
    visible = choose_resolution(first, last, width_pt)
    if visible != "week":
        visible = choose_resolution(first, last, width_pt, min_cell_pt=4.0, finest="month")
    verdicts = counts[[c for c in counts.columns if c in trends.CANONICAL_STATUSES]].sum(axis=1)
    for resolution in RESOLUTIONS[RESOLUTIONS.index(visible) :]:
        starts = cell_starts(first, last, resolution)
        per_cell: np.ndarray = np.bincount(
            np.clip(cell_of(counts["week"], starts), 0, len(starts) - 2),
            weights=verdicts.to_numpy(dtype=float),
            minlength=len(starts) - 1,
        ).astype(float)
        if resolution == "week":
            per_cell = np.convolve(per_cell, np.ones(max(1, rolling)))[: len(per_cell)]
        if float(np.median(per_cell)) >= min_verdicts:
            return resolution
    return "year"


def _closed(values: np.ndarray) -> np.ndarray:
    return np.concatenate([values, values[-1:]])


def _draw_cells(
    ax: Axes,
    right: Axes,
    cells: pd.DataFrame,
    order: list[str],
    palette: Mapping[str, str],
    *,
    compact: bool = False,
) -> None:
    """Coarse cells: one stacked bar of status shares per cell, the net balance as points
    (joined where neighbouring cells both carry one), the verdicts behind each bar written
    at its foot when the bar is wide enough to hold the number."""
    lo = date_num(cells.index)
    hi = date_num(pd.DatetimeIndex(cells["end"]))
    width = (hi - lo) * 0.82
    centre = (lo + hi) / 2
    bottom = np.zeros(len(cells))
    left, right_x = centre - width / 2, centre + width / 2
    for status in order:
        values = cells[status].fillna(0).to_numpy(dtype=float)
        top = bottom + values
        keep = values > 0
        # one collection of rectangles per status: a bar() of Rectangle patches costs
        # seconds on a decade of small panels
        corners = np.stack(
            [
                np.column_stack([left, bottom]),
                np.column_stack([right_x, bottom]),
                np.column_stack([right_x, top]),
                np.column_stack([left, top]),
            ],
            axis=1,
        )[keep]
        ax.add_collection(
            PolyCollection(
                list(corners),
                facecolors=colour_of(status, palette),
                edgecolors="none",
                linewidths=0,
                label=status,
                zorder=1,
                gid=f"share-{status}",
            ),
            autolim=False,
        )
        bottom = top
    net = cells["net"].to_numpy(dtype=float)
    few = len(cells) <= 60  # points while they stay apart; a line alone beyond that
    right.plot(
        centre,
        net,
        color=INK,
        lw=1.2,
        marker="o" if few else "",
        markersize=3.2 if compact else 4.5,
        markerfacecolor=INK,
        markeredgecolor="white",
        markeredgewidth=0.8,
        zorder=3,
        gid="net-balance",
        path_effects=[patheffects.withStroke(linewidth=2.8, foreground="white")],
    )
    fig = ax.get_figure(root=True)
    span_pt = ax.get_position().width * (fig.get_figwidth() if fig is not None else 6.0) * 72
    xlim = ax.get_xlim()
    bar_pt = float(np.min(width)) / max(xlim[1] - xlim[0], 1e-9) * span_pt if len(cells) else 0
    if bar_pt >= 9:
        for x, n in zip(centre, cells["verdicts"].to_numpy(), strict=True):
            if n:
                ax.text(
                    x,
                    0.015,
                    f"{int(n)}",
                    ha="center",
                    va="bottom",
                    fontsize=FONT["note"] - 0.6,
                    color=INK,
                    zorder=4,
                    gid="verdict-count",
                    path_effects=[patheffects.withStroke(linewidth=2.2, foreground="white")],
                )


def plot_section_balance(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    rolling: int = 4,
    colours: Mapping[str, str] | None = None,
    period: tuple[Any, Any] | None = None,
    legend: bool = True,
    resolution: str | None = "auto",
    min_verdicts: int = 3,
    width_pt: float | None = None,
    compact: bool = False,
    counts: pd.DataFrame | None = None,
) -> Axes:
    """Stacked status shares (deteriorated at the bottom, improved on top) with the net
    balance (improved − deteriorated, as a share of assessed issues) on the right axis.

    At weekly resolution the shares and the net balance are those of a ``rolling``-week
    window, drawn as steps; weeks without any assessment stay empty.  Where weekly steps would
    be too narrow to see or too thin to mean much (``resolution="auto"``), the chart uses
    months, quarters or years: a bar per cell and the net balance as points, drawn only where
    at least ``min_verdicts`` verdicts stand behind it (see :func:`balance_cells`).
    ``compact`` (a panel among several): no axis titles, fewer ticks.  ``counts``: the
    frame's ``trends.weekly_status_counts`` when known already (the frame is then not read)."""
    if width_pt is None:
        fig = ax.get_figure(root=True)
        width_pt = ax.get_position().width * (fig.get_figwidth() if fig is not None else 6.0) * 72
    if counts is None:
        counts = trends.weekly_status_counts(frame)
    chosen = balance_resolution(
        frame,
        width_pt=width_pt,
        rolling=rolling,
        min_verdicts=min_verdicts,
        period=period,
        wanted=resolution,
        counts=counts,
    )
    table = (
        balance_table(frame, rolling=rolling, counts=counts)
        if chosen == "week"
        else balance_cells(frame, chosen, min_verdicts=min_verdicts, counts=counts)
    )
    if table.empty:
        return draw_empty(ax)
    palette = status_colours(colours)
    present = statuses_in([c for c in table.columns if c not in _NOT_SHARES])
    extra = [s for s in present if s not in trends.CANONICAL_STATUSES and s != NONE_LABEL]
    order = ["deteriorated", "unchanged", *extra, NONE_LABEL, "improved"]
    order = [s for s in order if s in table.columns and bool(table[s].fillna(0).gt(0).any())]
    ax.set_ylim(-0.02, 1.02)  # the right axis maps -1.04..1.04 onto the same height
    ax.yaxis.set_major_locator(MultipleLocator(0.25))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    right = ax.twinx()
    right.spines["right"].set_visible(True)
    right.spines["top"].set_visible(False)
    if chosen == "week":
        weeks = table.index
        x = date_num(weeks)
        x_step = np.r_[x, x[-1] + 7]
        lo_x, hi_x = x[0], x[-1] + 7
        ax.set_ylabel(
            f"Share of assessed issues, {rolling}-week window"
            if rolling > 1
            else "Share of assessed issues"
        )
    else:
        lo_x = float(date_num(table.index[0]))
        hi_x = float(date_num(pd.Timestamp(table["end"].iloc[-1])))
        ax.set_ylabel(f"Share of assessed issues, by {chosen}")
    if period is not None:
        start, end = (pd.Timestamp(p) for p in period)
        lo, hi = date_limits(start, end - pd.Timedelta(days=6), pad_days=0)
        if chosen != "week":  # whole cells stay in view
            lo, hi = min(lo, lo_x), max(hi, hi_x)
        ax.set_xlim(lo, hi)
    else:
        ax.set_xlim(lo_x, hi_x)
    format_date_axis(ax)
    right.axhline(0, color="white" if chosen == "week" else GRID, lw=0.8, ls=(0, (4, 3)), zorder=2)
    if chosen == "week":
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
        right.step(
            x_step,
            _closed(table["net"].to_numpy(dtype=float)),
            where="post",
            color=INK,
            lw=1.0 if compact else 1.5,
            zorder=3,
            gid="net-balance",
            path_effects=[
                patheffects.withStroke(linewidth=2.2 if compact else 3.2, foreground="white")
            ],
        )
    else:
        _draw_cells(ax, right, table, order, palette, compact=compact)
    right.set_ylim(-1.04, 1.04)
    right.yaxis.set_major_locator(MultipleLocator(0.5))
    right.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    right.set_ylabel("Net balance (improved − deteriorated)", color=INK)
    right.tick_params(axis="y", labelsize=FONT["tick"])
    if compact:
        ax.set_ylabel("")
        right.set_ylabel("")
        ax.yaxis.set_major_locator(MultipleLocator(0.5))
        right.yaxis.set_major_locator(MultipleLocator(1.0))
    ax.grid(False)
    right.grid(axis="y", color=GRID, lw=0.5, alpha=0.7)
    verdicts = table[list(trends.CANONICAL_STATUSES)].fillna(0).to_numpy().sum()
    if verdicts == 0 and not compact:
        note_in_axes(ax, "No verdicts in this period: every assessment states no status")
    elif not table["net"].notna().any() and not compact:
        note_in_axes(ax, f"No {chosen} holds {min_verdicts} verdicts: no net balance drawn")
    ax.set_gid(f"balance-by-{chosen}")
    if legend:
        shown: list[str] = [s for s in trends.CANONICAL_STATUSES if s in order]
        shown += [s for s in order if s not in shown]
        label = "net balance (right axis)"
        marker = "o" if chosen != "week" else ""
        ax.legend(
            handles=[
                *legend_handles(shown, palette, kind="patch"),
                Line2D([], [], color=INK, lw=1.5, marker=marker, markersize=4, label=label),
            ],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=6,
            handlelength=1.3,
            columnspacing=1.1,
            borderaxespad=0.3,
        )
    return ax


_NOT_SHARES = ("total", "net", "end", "verdicts")
BALANCE_WIDTH_PT = 380.0  # the plotting width of an A4 balance figure


def figure_section_balance(
    frame: pd.DataFrame,
    *,
    section: str | None = None,
    rolling: int = 4,
    title: str | None = None,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    colours: Mapping[str, str] | None = None,
    resolution: str | None = "auto",
    min_verdicts: int = 3,
) -> Figure:
    """A4 figure: status shares of one section (or every section) with the net balance,
    weekly where the data is dense enough, else by month, quarter or year (the subtitle
    says which, and how many verdicts the net balance needs)."""
    rows = frame
    if section is not None and "section" in frame:
        rows = frame[frame["section"].astype(str).str.casefold() == section.casefold()]
    chosen = balance_resolution(
        rows,
        width_pt=BALANCE_WIDTH_PT,
        rolling=rolling,
        min_verdicts=min_verdicts,
        period=period,
        wanted=resolution,
    )
    with chart_style():
        fig = new_figure(4.4)
        ax = fig.add_subplot()
        plot_section_balance(
            ax,
            rows,
            rolling=rolling,
            colours=colours,
            period=period,
            resolution=chosen,
            min_verdicts=min_verdicts,
        )
        sections: list[Any] = list(rows["section"].dropna().unique()) if "section" in rows else []
        name = section or (str(sections[0]) if len(sections) == 1 else "all sections")
        weeks = trends.issue_weeks(rows) if len(rows) else rows
        extra = plural(len(weeks), "issue-week") if len(rows) else None
        if chosen == "week":
            heading = f"Weekly status shares — {name}"
            sub = f"By week, {rolling}-week window" if rolling > 1 else "By week"
        else:
            heading = f"Status shares by {chosen} — {name}"
            sub = (
                f"By {chosen} · net balance where a {chosen} holds at least "
                f"{plural(min_verdicts, 'verdict')}"
            )
            if any(t.get_gid() == "verdict-count" for t in ax.texts):
                sub += "; at each bar's foot, its number of verdicts"
        finish_figure(
            fig,
            title=title or heading,
            subtitle=sub if len(rows) else None,
            footnote=footnote_for(rows, source=source, period=period, extra=extra),
        )
    return fig


@dataclass(frozen=True)
class SectionHistory:
    """What :func:`figure_history_overview` draws of an archive, without its rows: per
    section, the assessments and the weekly status counts, and the archive's span.

    ``sizes``: assessments per section name ("(no section)" for none), most first, as
    ``value_counts`` ranks them; ``weekly``: each section's ``trends.weekly_status_counts``;
    ``first``/``last``: the first and last ``week_start``; ``last_end``: the last
    ``week_end``; ``sources``: the source names; ``total``: the assessments."""

    sizes: pd.Series
    weekly: Mapping[str, pd.DataFrame]
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None
    last_end: pd.Timestamp | None = None
    sources: tuple[str, ...] = ()
    total: int = 0


def section_history(frame: pd.DataFrame) -> SectionHistory:
    """The :class:`SectionHistory` of an assessments frame."""
    section = frame["section"] if "section" in frame else pd.Series(dtype=object)
    names = section.fillna("(no section)").astype(str)
    ranked = names.value_counts()
    weekly = {str(s): trends.weekly_status_counts(frame[names == s]) for s in ranked.index}
    if not len(frame):
        return SectionHistory(ranked, weekly)
    weeks = pd.to_datetime(frame["week_start"])
    end_col = "week_end" if "week_end" in frame else "week_start"
    values: Any = pd.unique(frame["source"].dropna()) if "source" in frame else []
    return SectionHistory(
        ranked,
        weekly,
        first=weeks.min(),
        last=weeks.max(),
        last_end=pd.Timestamp(frame[end_col].max()),
        sources=tuple(sorted({str(v) for v in values})),
        total=len(frame),
    )


def figure_history_overview(
    frame: pd.DataFrame | SectionHistory,
    *,
    title: str | None = None,
    source: str | None = None,
    colours: Mapping[str, str] | None = None,
    max_sections: int = 8,
    min_verdicts: int = 3,
) -> Figure:
    """The whole archive at a glance: one balance panel per section (the ``max_sections``
    with the most assessments), all on the archive's full time axis, each at the resolution
    that its data carries (weeks when dense, else months, quarters or years, as
    :func:`figure_section_balance` would choose), drawn together at the coarsest of them.

    ``frame``: the assessments, or their :class:`SectionHistory` (what a database can
    aggregate without loading the rows)."""
    history = frame if isinstance(frame, SectionHistory) else section_history(frame)
    ranked = history.sizes
    chosen_sections = list(ranked.index[:max_sections])
    panels = max(1, len(chosen_sections))
    width_pt = BALANCE_WIDTH_PT
    no_rows = pd.DataFrame()
    resolutions = [
        balance_resolution(
            no_rows, width_pt=width_pt, min_verdicts=min_verdicts, counts=history.weekly[s]
        )
        for s in chosen_sections
    ]
    chosen = max(resolutions, key=RESOLUTIONS.index) if resolutions else "week"
    period: tuple[Any, Any] | None = None
    if history.total and history.last is not None:
        period = (history.first, history.last + pd.Timedelta(days=6))
    palette = status_colours(colours)
    with chart_style():
        # placed by hand, in inches: a constrained layout of 16 axes costs seconds
        fig = new_figure(1.0 + 0.62 * panels, constrained=False)
        w, h = fig.get_figwidth(), fig.get_figheight()
        top, bottom, left, right = SUBTITLE_SPACE + 0.26, 0.55, 0.55, 0.62
        pitch = (h - top - bottom) / panels  # a panel: its title (0.16 in), plot, a gap
        plot = pitch - 0.26
        axes = [
            fig.add_axes(
                (
                    (left / w),
                    1 - (top + i * pitch + 0.16 + plot) / h,
                    1 - (left + right) / w,
                    plot / h,
                )
            )
            for i in range(panels)
        ]
        for ax in axes[1:]:
            ax.sharex(axes[0])
        if not history.total:
            draw_empty(axes[0])
        for ax, name in zip(axes, chosen_sections, strict=False):
            plot_section_balance(
                ax,
                no_rows,
                counts=history.weekly[name],
                colours=colours,
                period=period,
                legend=False,
                resolution=chosen,
                min_verdicts=min_verdicts,
                width_pt=width_pt,
                compact=True,
            )
            ax.set_title(
                f"{name} · {plural(int(ranked[name]), 'assessment')}",
                loc="left",
                fontsize=FONT["small"],
                fontweight="bold",
                color=INK,
                pad=2,
            )
        for ax in axes[:-1]:
            ax.tick_params(axis="x", labelbottom=False)
        statuses = [s for s in trends.CANONICAL_STATUSES]
        marker = "o" if chosen != "week" else ""
        fig.legend(
            handles=[
                *legend_handles(statuses, palette, kind="patch"),
                Line2D([], [], color=INK, lw=1.5, marker=marker, markersize=4, label="net balance"),
            ],
            loc="upper left",
            bbox_to_anchor=(0.01, 1 - (SUBTITLE_SPACE - 0.04) / fig.get_figheight()),
            ncol=6,
            handlelength=1.3,
            columnspacing=1.1,
        )
        hidden = len(ranked) - len(chosen_sections)
        window = "4-week window" if chosen == "week" else f"net balance where a {chosen} holds "
        if chosen != "week":
            window += f"at least {plural(min_verdicts, 'verdict')}"
        sub = f"By {chosen} · {window} · share (left) and net balance (right) per section"
        if hidden > 0:
            sub += f" · and {plural(hidden, 'smaller section')}"
        finish_figure(
            fig,
            title=title or "The whole history, section by section",
            subtitle=sub if history.total else None,
            footnote=footnote_for(
                pd.DataFrame({"source": list(history.sources)}),
                source=source,
                period=(history.first, history.last_end) if history.total else None,
                extra=plural(history.total, "assessment"),
            ),
        )
    return fig
