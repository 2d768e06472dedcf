"""Issue timeline: the cumulative trend index as a step line, one marker per assessed week."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from tracker import trends
from tracker.charts.labels import LabelLayer
from tracker.charts.style import (
    GRID,
    INK,
    MARKERS,
    MUTED,
    NONE_EDGE,
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
    shorten,
    status_colours,
    statuses_in,
)
from tracker.errors import InputError
from tracker.trends import NONE_LABEL

__all__ = ["figure_issue_timeline", "plot_issue_timeline", "select_issue"]


def select_issue(frame: pd.DataFrame, issue: int | str | None) -> pd.DataFrame:
    """The rows of one issue, chosen by id, slug or name; the frame itself if it holds one."""
    if issue is None:
        if "issue_id" in frame and frame["issue_id"].nunique() > 1:
            raise InputError(
                f"the timeline shows one issue but the data holds {frame['issue_id'].nunique()}",
                hint="choose one with --issue (id, slug or name)",
            )
        return frame
    if isinstance(issue, int) or (isinstance(issue, str) and issue.isdigit()):
        rows = frame[frame["issue_id"] == int(issue)]
    else:
        wanted = str(issue).casefold()
        mask = np.zeros(len(frame), dtype=bool)
        for column in ("slug", "issue"):
            if column in frame:
                mask |= frame[column].astype(str).str.casefold().to_numpy() == wanted
        rows = frame[mask]
    return rows


def plot_issue_timeline(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    issue: int | str | None = None,
    colours: Mapping[str, str] | None = None,
    scores: Mapping[str, float] | None = None,
    max_labels: int = 10,
    period: tuple[Any, Any] | None = None,
    legend: bool = True,
) -> Axes:
    """Draw one issue's cumulative index (step line) with status-coloured markers.

    Change points are annotated with shortened headlines, the most recent first, placed so that
    no two labels overlap (labels with no free room are left out).  ``period`` fixes the x-range.
    Empty data draws the "No assessments in this period" panel.
    """
    rows = select_issue(frame, issue)
    series = trends.score_series(rows, scores=scores)
    if series.empty:
        return draw_empty(ax)
    palette = status_colours(colours)
    weeks = series["week"]
    level = series["cumulative"].to_numpy(dtype=float)
    x = date_num(weeks)
    step_x = np.r_[x, x[-1] + 7]
    step_y = np.r_[level, level[-1]]
    ax.axhline(0, color="#9a9a9a", lw=0.7, zorder=1)
    (line,) = ax.step(
        step_x, step_y, where="post", color=INK, lw=1.3, zorder=2, label="cumulative index"
    )
    size = 34.0 if len(series) <= 60 else (22.0 if len(series) <= 200 else 12.0)
    for status in statuses_in(series["status"]):
        mask = (series["status"] == status).to_numpy()
        if not mask.any():
            continue
        hollow = status == NONE_LABEL
        ax.scatter(
            x[mask],
            level[mask],
            s=size,
            marker=MARKERS.get(status, "s"),
            facecolors="white" if hollow else colour_of(status, palette),
            edgecolors=NONE_EDGE if hollow else "white",
            linewidths=1.0 if hollow else 0.5,
            zorder=4,
            label="no verdict" if hollow else status,
            gid=f"status-{status}",
        )
    lo, hi = float(np.nanmin(level)), float(np.nanmax(level))
    span = max(hi - lo, 2.0)
    ax.set_ylim(lo - span * 0.55, hi + span * 0.55)
    if period is not None:
        start, end = (pd.Timestamp(p) for p in period)
        ax.set_xlim(*date_limits(start, end - pd.Timedelta(days=6), pad_days=3))
    else:
        ax.set_xlim(*date_limits(weeks.iloc[0], weeks.iloc[-1]))
    format_date_axis(ax)
    ax.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.grid(axis="y", color=GRID, lw=0.6, zorder=0)
    ax.set_ylabel("Cumulative trend index")
    _annotate_changes(ax, series, x, level, palette, max_labels, marker_pt=np.sqrt(size))
    if not series["score"].notna().any():
        note_in_axes(ax, "No verdicts in this period: every assessment states no status")
    if legend:
        ax.legend(
            handles=[
                *legend_handles(statuses_in(series["status"]), palette),
                line,
            ],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=6,
            handletextpad=0.3,
            columnspacing=1.1,
            borderaxespad=0.2,
        )
    return ax


def _annotate_changes(
    ax: Axes,
    series: pd.DataFrame,
    x: np.ndarray,
    level: np.ndarray,
    palette: Mapping[str, str],
    max_labels: int,
    *,
    marker_pt: float,
) -> None:
    changed = np.flatnonzero(series["changed"].to_numpy())[::-1][:max_labels]  # newest first
    annotations = []
    sides = []
    for i in changed:
        status = str(series["status"].iloc[i])
        text = shorten(series["headline"].iloc[i], 24, 2) or status
        ann = ax.annotate(
            text,
            xy=(x[i], level[i]),
            xytext=(0, 12),
            textcoords="offset points",
            fontsize=6.6,
            color=INK,
            ha="left",
            va="bottom",
            zorder=5,
            bbox={
                "boxstyle": "round,pad=0.3",
                "fc": "white",
                "ec": colour_of(status, palette),
                "lw": 0.8,
                "alpha": 1.0,
            },
            # patchA=None: no clipping of the leader at the label's box (a costly Bézier
            # split); the leader starts at the label's centre and the opaque box hides that end
            arrowprops={
                "arrowstyle": "-",
                "color": MUTED,
                "lw": 0.6,
                "shrinkA": 0,
                "shrinkB": 3,
                "patchA": None,
            },
            annotation_clip=False,
            gid=f"change-{i}",
        )
        ann.set_in_layout(False)
        annotations.append(ann)
        sides.append(-1 if series["score"].iloc[i] < 0 else 1)
    if annotations:
        layer = LabelLayer(
            ax, annotations, sides, points=np.column_stack([x, level]), marker_pt=marker_pt
        )
        ax.add_artist(layer)


def figure_issue_timeline(
    frame: pd.DataFrame,
    *,
    issue: int | str | None = None,
    title: str | None = None,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    colours: Mapping[str, str] | None = None,
    scores: Mapping[str, float] | None = None,
    max_labels: int = 10,
) -> Figure:
    """An A4-width figure of one issue's timeline with title, legend and source/period note."""
    rows = select_issue(frame, issue)
    with chart_style():
        fig = new_figure(3.9)
        ax = fig.add_subplot()
        plot_issue_timeline(
            ax, rows, colours=colours, scores=scores, max_labels=max_labels, period=period
        )
        name = _issue_name(rows, issue)
        streak = ""
        if len(rows):
            summary = trends.issue_summary(rows, scores=scores)
            if len(summary) and summary.loc[0, "streak_length"]:
                streak = f" — now {summary['streak'].iloc[0]!s}"
        changes = int(trends.change_points(rows).shape[0]) if len(rows) else 0
        extra = plural(len(trends.issue_weeks(rows)) if len(rows) else 0, "assessed week")
        extra += f", {plural(changes, 'status change')}" if changes else ""
        finish_figure(
            fig,
            title=title or f"{name}{streak}",
            footnote=footnote_for(rows, source=source, period=period, extra=extra),
        )
    return fig


def _issue_name(rows: pd.DataFrame, issue: int | str | None) -> str:
    if len(rows) and "issue" in rows and rows["issue"].notna().any():
        return shorten(rows["issue"].dropna().iloc[-1], 64, 1)
    return f"Issue {issue}" if issue is not None else "Issue timeline"
