"""Charts from assessments DataFrames: matplotlib only, no database, no pyplot state.

``plot_*(ax, frame, …) -> Axes`` draw on an Axes the caller owns; ``figure_*(frame, …) ->
Figure`` build a finished, A4-width figure (title, legend, "Source: … · Period: …" footnote);
:func:`write_figure` saves one as PNG, SVG or PDF.  Every chart accepts an empty frame and then
says "No assessments in this period" instead of failing or drawing a blank.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from tracker.charts.balance import (
    balance_cells,
    balance_table,
    figure_history_overview,
    figure_section_balance,
    plot_section_balance,
)
from tracker.charts.calendar import (
    calendar_capacity,
    calendar_grid,
    figure_status_calendar,
    plot_status_calendar,
)
from tracker.charts.grid import SELECTIONS, IssueGrid, issue_grid
from tracker.charts.multiples import (
    figure_small_multiples,
    multiples_capacity,
    plot_status_strip,
)
from tracker.charts.output import write_figure
from tracker.charts.resolution import RESOLUTIONS, choose_resolution
from tracker.charts.style import EMPTY_MESSAGE, status_colours
from tracker.charts.tables import (
    figure_streak_table,
    figure_transition_matrix,
    plot_streak_table,
    plot_transition_matrix,
)
from tracker.charts.timeline import figure_issue_timeline, plot_issue_timeline, select_issue
from tracker.errors import InputError

#: ``tracker chart KIND``: the figure builder behind each kind.
CHART_KINDS: dict[str, Callable[..., Figure]] = {
    "timeline": figure_issue_timeline,
    "calendar": figure_status_calendar,
    "balance": figure_section_balance,
    "multiples": figure_small_multiples,
    "transitions": figure_transition_matrix,
    "streaks": figure_streak_table,
}


def figure_for(
    kind: str,
    frame: pd.DataFrame,
    *,
    section: str | None = None,
    issue: int | str | None = None,
    **options: Any,
) -> Figure:
    """Build the figure of chart ``kind`` (a key of :data:`CHART_KINDS`) from ``frame``.

    ``section`` (name, any case) and ``issue`` (id, slug or name) filter the rows for every
    kind, so the CLI can pass its filters unchanged; other ``options`` (``period=``,
    ``title=``, ``source=``, ``colours=``, ``rolling=`` …) go to the builder.  An unknown kind
    is an InputError that lists the known ones.
    """
    try:
        build = CHART_KINDS[kind.strip().lower()]
    except KeyError:
        raise InputError(
            f"unknown chart kind {kind!r}", hint=f"choose one of: {', '.join(CHART_KINDS)}"
        ) from None
    rows = frame
    if section is not None and "section" in rows:
        rows = rows[rows["section"].astype(str).str.casefold() == section.casefold()]
        if build in (figure_section_balance, figure_small_multiples):
            options["section"] = section
    if issue is not None:
        rows = select_issue(rows, issue)
    return build(rows, **options)


__all__ = [
    "CHART_KINDS",
    "EMPTY_MESSAGE",
    "RESOLUTIONS",
    "SELECTIONS",
    "IssueGrid",
    "balance_cells",
    "balance_table",
    "calendar_capacity",
    "calendar_grid",
    "choose_resolution",
    "figure_for",
    "figure_history_overview",
    "figure_issue_timeline",
    "figure_section_balance",
    "figure_small_multiples",
    "figure_status_calendar",
    "figure_streak_table",
    "figure_transition_matrix",
    "issue_grid",
    "multiples_capacity",
    "plot_issue_timeline",
    "plot_section_balance",
    "plot_status_calendar",
    "plot_status_strip",
    "plot_streak_table",
    "plot_transition_matrix",
    "select_issue",
    "status_colours",
    "write_figure",
]
