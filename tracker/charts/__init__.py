"""Charts from assessments DataFrames: matplotlib only, no database, no pyplot state.

``plot_*(ax, frame, …) -> Axes`` draw on an Axes the caller owns; ``figure_*(frame, …) ->
Figure`` build a finished, A4-width figure (title, legend, "Source: … · Period: …" footnote);
:func:`write_figure` saves one as PNG, SVG or PDF.  Every chart accepts an empty frame and then
says "No assessments in this period" instead of failing or drawing a blank.
"""

from __future__ import annotations

from tracker.charts.balance import balance_table, figure_section_balance, plot_section_balance
from tracker.charts.calendar import calendar_grid, figure_status_calendar, plot_status_calendar
from tracker.charts.multiples import figure_small_multiples, plot_status_strip
from tracker.charts.output import write_figure
from tracker.charts.style import EMPTY_MESSAGE, status_colours
from tracker.charts.tables import (
    figure_streak_table,
    figure_transition_matrix,
    plot_streak_table,
    plot_transition_matrix,
)
from tracker.charts.timeline import figure_issue_timeline, plot_issue_timeline, select_issue

__all__ = [
    "EMPTY_MESSAGE",
    "balance_table",
    "calendar_grid",
    "figure_issue_timeline",
    "figure_section_balance",
    "figure_small_multiples",
    "figure_status_calendar",
    "figure_streak_table",
    "figure_transition_matrix",
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
