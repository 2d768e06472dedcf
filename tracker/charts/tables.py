"""Tables drawn as figures: the status-transition matrix and the streak table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from tracker import trends
from tracker.charts.style import (
    FONT,
    GAP_EDGE,
    GRID,
    INK,
    MUTED,
    chart_style,
    colour_of,
    draw_empty,
    finish_figure,
    fit_text,
    footnote_for,
    inches_rect,
    new_figure,
    plural,
    row_height_pt,
    status_colours,
    table_linespacing,
    text_width_pt,
)
from tracker.trends import NONE_LABEL

__all__ = [
    "figure_streak_table",
    "figure_transition_matrix",
    "plot_streak_table",
    "plot_transition_matrix",
]

_SHADE = LinearSegmentedColormap.from_list("tracker-shade", ["#ffffff", "#3b4a6b"])


def plot_transition_matrix(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
) -> Axes:
    """Rows: a verdict; columns: the issue's next verdict.  Cells shaded by row share and
    labelled with the count and the share.  Draws the empty state when there is no pair."""
    counts = trends.transition_matrix(frame)
    total = int(counts.to_numpy().sum())
    if total == 0:
        detail = None
        if len(frame):
            detail = "Fewer than two verdicts per issue: nothing follows anything yet."
        return draw_empty(ax, "No status transitions in this period", detail=detail)
    used = [s for s in counts.index if counts.loc[s].sum() + counts[s].sum() > 0]
    counts = counts.loc[used, used]
    values = counts.to_numpy()
    rows = values.sum(axis=1, keepdims=True)
    shares = np.divide(values, rows, out=np.zeros(values.shape), where=rows > 0)
    ax.imshow(shares, cmap=_SHADE, vmin=0, vmax=1, aspect="equal", gid="transition-cells")
    n = len(used)
    for i in range(n):
        for j in range(n):
            dark = shares[i, j] > 0.55
            ax.text(
                j,
                i,
                f"{values[i, j]:,}\n{shares[i, j]:.0%}",
                ha="center",
                va="center",
                fontsize=FONT["label"],
                color="white" if dark else INK,
                linespacing=1.3,
                gid=f"cell-{i}-{j}",
            )
    palette = status_colours(colours)
    names = ["no verdict" if s == NONE_LABEL else s for s in used]
    ax.set_xticks(range(n), names)
    ax.set_yticks(range(n), names)
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("next verdict", color=MUTED)
    ax.set_ylabel("verdict", color=MUTED)
    ax.tick_params(length=0, pad=4)
    for label, status in zip(ax.get_xticklabels(), used, strict=True):
        label.set_color(_text_colour(status, palette))
    for label, status in zip(ax.get_yticklabels(), used, strict=True):
        label.set_color(_text_colour(status, palette))
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(n + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", lw=2)
    ax.tick_params(which="minor", length=0)
    return ax


def _text_colour(status: str, palette: Mapping[str, str]) -> str:
    """Status colour for text, except the pale ones, which would not read on white."""
    return INK if status in ("unchanged", NONE_LABEL) else colour_of(status, palette)


FEW_PAIRS = 30  # below this many verdict pairs the shares rest on too few cases to compare


def figure_transition_matrix(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """A4 figure of the transition matrix, with how many transitions it counts."""
    with chart_style():
        fig = new_figure(4.4, width=5.6)
        ax = fig.add_subplot()
        plot_transition_matrix(ax, frame, colours=colours)
        pairs = int(trends.transition_matrix(frame).to_numpy().sum()) if len(frame) else 0
        few = 0 < pairs < FEW_PAIRS
        finish_figure(
            fig,
            title=title or "How verdicts follow each other",
            subtitle=f"Only {plural(pairs, 'pair')} of verdicts: read the counts more than the "
            "shares"
            if few
            else None,
            footnote=footnote_for(
                frame,
                source=source,
                period=period,
                extra=f"{pairs:,} consecutive verdict pairs, shares by row",
            ),
        )
    return fig


_STREAK_HEADERS = (
    "Issue",
    "Section",
    "Current streak",
    "since",
    "improved",
    "unchanged",
    "deteriorated",
)
_GAP_PT = 9.0  # white space between two columns
SILENT_AFTER_WEEKS = 26  # an issue unassessed this long has no current streak
_CHIP = 0.014  # the status chip's width (axes fraction) and its gap to the streak text
_CHIP_GAP = 0.008


def _streak_columns(
    cells: list[tuple[str, ...]], width_pt: float
) -> tuple[list[tuple[str, float, str]], float, float]:
    """Column (header, x in axes fraction, alignment) from the measured texts, and the widths
    (points) left for the issue and section names.

    Every column but the names takes the width its widest text needs (header included); the
    names share what is left, the section at most a third of it, so a long issue name is
    shortened (with "…") before it could run into the next column."""
    size = FONT["small"]

    def widest(i: int) -> float:
        texts = [row[i] for row in cells]
        data = max([text_width_pt(t, size) for t in texts] + [0.0])
        return max(data, text_width_pt(_STREAK_HEADERS[i], size, bold=True))

    gap = _GAP_PT / width_pt
    frac = [widest(i) / width_pt for i in range(len(_STREAK_HEADERS))]
    chip = _CHIP + _CHIP_GAP
    x_det = 1.0
    x_unc = x_det - frac[6] - gap
    x_imp = x_unc - frac[5] - gap
    x_since = x_imp - frac[4] - gap * 1.2 - frac[3]
    x_streak = x_since - gap - frac[2] - chip
    names = max(0.2, x_streak - gap)  # what the two name columns share
    slack = names - gap - frac[0] - frac[1]
    if slack >= 0:  # both fit whole: the spare width goes half between them
        issue_w, section_w = frac[0] + slack / 2, frac[1] + slack / 2
    else:
        section_w = min(frac[1], names * 0.32)
        issue_w = names - gap - section_w
    columns = [
        ("Issue", 0.0, "left"),
        ("Section", issue_w + gap, "left"),
        ("Current streak", x_streak, "left"),
        ("since", x_since, "left"),
        ("improved", x_imp, "right"),
        ("unchanged", x_unc, "right"),
        ("deteriorated", x_det, "right"),
    ]
    return columns, issue_w * width_pt, section_w * width_pt


def plot_streak_table(
    ax: Axes,
    frame: pd.DataFrame,
    *,
    max_rows: int = 30,
    colours: Mapping[str, str] | None = None,
    silent_after: int = SILENT_AFTER_WEEKS,
) -> Axes:
    """Current and longest streaks per issue as a table: longest-running current streak first.

    A colour chip shows the current status; the last three columns are the longest runs of
    improved, unchanged and deteriorated verdicts.  At most ``max_rows`` rows.  Columns are
    laid out from the measured widths of their texts; names that do not fit their column are
    shortened with "…", never drawn into the next one.

    An issue not assessed in the last ``silent_after`` weeks of the frame has no current
    streak: it is listed after every issue that is still followed, most recently heard of
    first, as "silent since <its last week>" (a topic dropped in 2015 is not "unchanged for
    40 weeks" in a 2024 report).
    """
    table = _ranked_streaks(frame, silent_after)
    if table.empty:
        return draw_empty(ax)
    table = table.head(max_rows)
    palette = status_colours(colours)
    n = len(table)
    # each row is two text lines of the font's natural line height (one line of text, one
    # blank): every line then has the same height and the rows of all columns align
    units = _axes_height_pt(ax) / row_height_pt()
    ax.set_xlim(0, 1)
    ax.set_ylim(max(units, n + 2.2) - 1.9, -1.9)
    ax.axis("off")
    records = table.to_dict("records")
    raw: list[tuple[str, ...]] = []
    for rec in records:
        length = int(rec["current_streak"])
        since = pd.Timestamp(rec["current_since"]) if length else None
        last = pd.Timestamp(rec["last_week"])
        if rec["silent"]:
            streak, since_text = "silent", f"{last.day} {last:%b %Y}"
        else:
            streak = f"{rec['current_status']} × {length}" if length else "no verdict"
            since_text = f"{since.day} {since:%b %Y}" if since is not None else "—"
        raw.append(
            (
                " ".join(str(rec["issue"]).split()),
                " ".join(str(rec["section"] or "").split()) if _present(rec["section"]) else "",
                streak,
                since_text,
                str(rec["longest_improved"]),
                str(rec["longest_unchanged"]),
                str(rec["longest_deteriorated"]),
            )
        )
    width_pt = _axes_width_pt(ax)
    layout, issue_pt, section_pt = _streak_columns(raw, width_pt)
    x_of = {name: x for name, x, _ in layout}
    for name, x, ha in layout:
        colour = _text_colour(name, palette) if name in trends.CANONICAL_STATUSES else INK
        ax.text(
            x,
            -0.45,
            name,
            ha=ha,
            va="center",
            fontsize=FONT["small"],
            color=colour,
            fontweight="bold",
            gid=f"header-{name}",
        )
    runs_left = x_of["improved"] - text_width_pt("improved", FONT["small"], bold=True) / width_pt
    ax.text(
        (runs_left + 1.0) / 2,
        -1.35,
        "Longest run",
        ha="center",
        va="center",
        fontsize=FONT["small"],
        color=INK,
        fontweight="bold",
    )
    ax.plot([runs_left, 1.0], [-0.95, -0.95], color=MUTED, lw=0.5)
    ax.plot([0, 1], [0.0, 0.0], color=INK, lw=0.6)
    columns: list[list[str]] = [[] for _ in layout]
    for i, (rec, row) in enumerate(zip(records, raw, strict=True)):
        y = i + 0.5
        if i % 2 == 1:
            ax.add_patch(Rectangle((0, i), 1, 1, facecolor="#f5f5f5", edgecolor="none", zorder=0))
        status = str(rec["current_status"])
        length = 0 if rec["silent"] else int(rec["current_streak"])
        cells = (
            fit_text(row[0], issue_pt, FONT["small"]),
            fit_text(row[1], section_pt, FONT["small"]),
            *row[2:],
        )
        for column, text in zip(columns, cells, strict=True):
            column.append(text)
        chip = colour_of(status, palette) if length else "white"
        ax.add_patch(
            Rectangle(
                (x_of["Current streak"], y - 0.3),
                _CHIP,
                0.6,
                facecolor=chip,
                edgecolor="none" if length else GAP_EDGE,
                lw=0.6,
                gid=f"chip-{status}",
            )
        )
    # One text per column, one line per row: a few dozen text objects instead of hundreds
    # keeps the table quick to draw.
    inks = (INK, MUTED, INK, MUTED, INK, INK, INK)
    for (name, x, ha), lines, colour in zip(layout, columns, inks, strict=True):
        ax.text(
            x + (_CHIP + _CHIP_GAP if name == "Current streak" else 0.0),
            0.25,
            "\n\n".join(lines),
            ha=ha,
            va="top",
            ma=ha,
            fontsize=FONT["small"],
            color=colour,
            linespacing=table_linespacing(),
            gid=f"column-{name}",
        )
    ax.plot([0, 1], [n, n], color=GRID, lw=0.6)
    return ax


def _ranked_streaks(frame: pd.DataFrame, silent_after: int) -> pd.DataFrame:
    """:func:`trends.streaks` with each issue's last week and whether it has gone silent,
    in the table's order: followed issues by current streak, then silent ones, most
    recently heard of first (names break ties)."""
    table = trends.streaks(frame)
    if table.empty:
        return table.assign(last_week=pd.Series(dtype="datetime64[ns]"), silent=False)
    last, silent = _last_weeks(frame, silent_after)
    table["last_week"] = table["issue_id"].map(last).to_numpy()
    table["silent"] = table["issue_id"].map(silent).to_numpy(dtype=bool)
    table["_rank"] = np.where(table["silent"], 0, table["current_streak"])
    table["_last"] = np.where(table["silent"], table["last_week"].astype("int64"), 0)
    table = table.sort_values(
        ["silent", "_rank", "_last", "issue"],
        ascending=[True, False, False, True],
        key=_casefold,
    )
    return table.drop(columns=["_rank", "_last"])


def _last_weeks(frame: pd.DataFrame, silent_after: int) -> tuple[pd.Series, pd.Series]:
    """Each issue's last week, and whether it falls ``silent_after`` weeks or more before the
    frame's last week (by issue id)."""
    weeks = pd.to_datetime(frame["week_start"])
    last = weeks.groupby(frame["issue_id"]).max()
    return last, last <= weeks.max() - pd.Timedelta(weeks=silent_after)


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def _axes_width_pt(ax: Axes) -> float:
    fig = ax.get_figure(root=True)
    return ax.get_position().width * (fig.get_figwidth() if fig is not None else 6.0) * 72


def _axes_height_pt(ax: Axes) -> float:
    fig = ax.get_figure(root=True)
    return ax.get_position().height * (fig.get_figheight() if fig is not None else 4.0) * 72


def _casefold(column: pd.Series) -> pd.Series:
    return column.astype(str).str.casefold() if column.dtype == object else column


def figure_streak_table(
    frame: pd.DataFrame,
    *,
    max_rows: int = 30,
    title: str | None = None,
    source: str | None = None,
    period: tuple[Any, Any] | None = None,
    colours: Mapping[str, str] | None = None,
    silent_after: int = SILENT_AFTER_WEEKS,
) -> Figure:
    """A4 figure of the streak table; the footnote says how many issues were left out and
    how many are silent (see :func:`plot_streak_table`)."""
    n_issues = int(frame["issue_id"].nunique()) if len(frame) else 0
    shown = min(n_issues, max_rows)
    silent = int(_last_weeks(frame, silent_after)[1].sum()) if n_issues else 0
    with chart_style():
        row_in = row_height_pt() / 72
        fig = new_figure(0.8 + (max(shown, 4) + 2.2) * row_in + 0.01, constrained=False)
        ax = fig.add_axes(inches_rect(fig, left=0.1, right=0.1, top=0.42, bottom=0.38))
        plot_streak_table(ax, frame, max_rows=max_rows, colours=colours, silent_after=silent_after)
        extra = plural(n_issues, "issue") + (
            f", top {shown} by current streak" if n_issues > shown else ""
        )
        extra += "; a streak counts verdicts in a row"
        if silent:
            extra += (
                f"; {plural(silent, 'issue')} without an assessment in the last "
                f"{silent_after} weeks: silent, ranked last"
            )
        finish_figure(
            fig,
            title=title or "Current and longest streaks",
            footnote=footnote_for(frame, source=source, period=period, extra=extra),
        )
    return fig
