"""Write the analyst notebooks (01_issue_history.ipynb, 02_section_trends.ipynb) from the cells
below, with no outputs.  Edit the cells here and run::

    python notebooks/build_notebooks.py

The notebooks use only the public API (``tracker.open_tracker`` and its DataFrame methods,
``tracker.trends``, ``tracker.charts``, ``tracker.report``) on the demo database that
``tracker demo`` builds (``./tracker-demo.db``; ``TRACKER_DEMO_DB`` points elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = '''\
%matplotlib inline
import os
import tempfile
from pathlib import Path

import pandas as pd

from tracker import open_tracker, trends

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 160)
SOURCE = "Weekly Bulletin (synthetic demo)"


def find_demo_db() -> Path:
    """$TRACKER_DEMO_DB, or tracker-demo.db in this folder or the project folder."""
    for candidate in (os.environ.get("TRACKER_DEMO_DB"), "tracker-demo.db", "../tracker-demo.db"):
        if candidate and Path(candidate).is_file():
            return Path(candidate).resolve()
    raise FileNotFoundError(
        "No demo database here: run `tracker demo` in the project folder first "
        "(or set TRACKER_DEMO_DB to a database built from data/)."
    )


t = open_tracker(str(find_demo_db()))
t'''

SYNTHETIC = (
    "> The demo archive in `data/` is **synthetic**: every commentary was generated for this "
    "demo and says nothing true about Belarus. The same code works on a real archive."
)


def issue_history() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# One issue's history\n\n"
            "Open the demo database, find an issue, read its history week by week, draw its "
            "timeline and compare it with another issue. Everything here goes through the "
            "public API: `tracker.open_tracker(...)` returns a `Tracker` whose queries give "
            "pandas DataFrames, and `tracker.trends` / `tracker.charts` turn those into "
            "figures and tables.\n\n" + SYNTHETIC
        ),
        new_code_cell(SETUP),
        new_markdown_cell(
            "## The issues in the database\n\n"
            "`issues()` gives one row per issue: its section, how many assessments it has, "
            "the first and last week, the last verdict and the current streak."
        ),
        new_code_cell(
            'issues = t.issues()\n'
            'print(f"{len(issues)} issues, {issues[\'assessments\'].sum():,} assessments")\n'
            'columns = ["issue", "section", "assessments", "first_week", "last_week",\n'
            '           "last_status", "streak"]\n'
            'issues.sort_values("assessments", ascending=False)[columns].head(10)'
        ),
        new_markdown_cell(
            "## Find an issue\n\n"
            "Full-text search runs over headlines, leads and bodies, best matches first. "
            "The issue most of the hits belong to is the one we follow."
        ),
        new_code_cell(
            'hits = t.search("peacekeeping", limit=15)\n'
            'hits[["issue", "week_start", "status", "headline"]]'
        ),
        new_code_cell(
            'ISSUE = hits["issue"].value_counts().index[0]\n'
            'ISSUE'
        ),
        new_markdown_cell(
            "## Its history as a DataFrame\n\n"
            "`history(issue)` returns every assessment of the issue in week order, with "
            "lead and body. Weeks without an assessment are simply absent: a gap is not "
            "an \"unchanged\"."
        ),
        new_code_cell(
            'history = t.history(ISSUE)\n'
            'print(f"{len(history)} assessments from {history[\'week_start\'].min():%d %b %Y} "\n'
            '      f"to {history[\'week_start\'].max():%d %b %Y}")\n'
            'history[["week_start", "status", "language", "headline"]].tail(12)'
        ),
        new_code_cell(
            'history["status"].value_counts(dropna=False).rename("assessments").to_frame()'
        ),
        new_markdown_cell(
            "`trends.issue_summary` condenses the history: the current streak, the week of "
            "the last change and the cumulative index (improved = +1, deteriorated = −1). "
            "`trends.change_points` lists every week the verdict moved."
        ),
        new_code_cell(
            'summary = trends.issue_summary(history)\n'
            'summary[["issue", "weeks", "first_week", "last_week", "last_status", "streak",\n'
            '         "last_change", "index"]]'
        ),
        new_code_cell(
            'trends.change_points(history)[["week", "from_status", "to_status", "headline"]]'
        ),
        new_markdown_cell(
            "## Its timeline\n\n"
            "The cumulative index as a step line, one marker per assessment coloured by "
            "status, and the headlines of the changes."
        ),
        new_code_cell(
            'from tracker.charts import figure_issue_timeline\n'
            '\n'
            'timeline = figure_issue_timeline(history, source=SOURCE)\n'
            'timeline'
        ),
        new_markdown_cell(
            "## Compare two issues\n\n"
            "Take the most assessed issue other than ours, load both with one query, and "
            "compare their verdicts year by year and their timelines on a shared time axis."
        ),
        new_code_cell(
            'OTHER = next(name for name in issues.sort_values("assessments", ascending=False)["issue"]\n'
            '             if name != ISSUE)\n'
            'pair = t.assessments(issue=[ISSUE, OTHER])\n'
            'pair["year"] = pair["week_start"].dt.year\n'
            'pd.crosstab([pair["issue"], pair["year"]], pair["status"].fillna("no verdict"))'
        ),
        new_code_cell(
            'scores = trends.score_series(pair)\n'
            'scores.groupby("issue").agg(weeks=("week", "size"), final_index=("cumulative", "last"),\n'
            '                            changes=("changed", "sum"))'
        ),
        new_code_cell(
            'from matplotlib.figure import Figure\n'
            '\n'
            'from tracker.charts import plot_issue_timeline\n'
            '\n'
            'period = (pair["week_start"].min(), pair["week_start"].max())\n'
            'both = Figure(figsize=(7, 5.6), layout="constrained")\n'
            'for ax, name in zip(both.subplots(2, 1, sharex=True), [ISSUE, OTHER]):\n'
            '    plot_issue_timeline(ax, pair[pair["issue"] == name], max_labels=4, period=period,\n'
            '                        legend=name == ISSUE)\n'
            '    # the legend sits above the first plot: lift that title over it\n'
            '    ax.set_title(name, loc="left", fontsize=10, pad=24 if name == ISSUE else 6)\n'
            'both'
        ),
        new_markdown_cell(
            "## What else was said that week?\n\n"
            "`week(date)` returns every assessment of the week containing the date — here "
            "the week of our issue's last change."
        ),
        new_code_cell(
            'when = summary.loc[0, "last_change"]\n'
            'if pd.isna(when):\n'
            '    when = history["week_start"].iloc[-1]\n'
            'print(f"Week of {when:%d %B %Y}")\n'
            't.week(when)[["section", "issue", "status", "headline"]]'
        ),
    ]
    return _notebook(cells)


def section_trends() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# Section trends\n\n"
            "How each section of the bulletin moves over time: weekly balance of "
            "improvements and deteriorations, alerts for issues that keep getting worse, a "
            "pandas analysis of our own, and a chart exported for a report.\n\n" + SYNTHETIC
        ),
        new_code_cell(SETUP),
        new_markdown_cell(
            "## Coverage\n\n`assessments()` returns every assessment (filters: `section=`, "
            "`issue=`, `since=`, `until=`). One row per assessment, one column per field."
        ),
        new_code_cell(
            'a = t.assessments()\n'
            'a.groupby("section").agg(assessments=("id", "size"), issues=("issue_id", "nunique"),\n'
            '                         first_week=("week_start", "min"), last_week=("week_start", "max"))'
        ),
        new_markdown_cell(
            "## Weekly balance per section\n\n"
            "`trends.net_balance` counts, per week, improved minus deteriorated issue-weeks; "
            "`trends.rolling_balance` sums it over a moving window of calendar weeks."
        ),
        new_code_cell(
            'balance = trends.net_balance(a, by="section")\n'
            'balance.groupby("section")[["improved", "deteriorated", "balance"]].sum()'
        ),
        new_code_cell(
            'rolling = trends.rolling_balance(a, weeks=8, by="section")\n'
            'quarterly = (rolling.pivot_table(index="week", columns="section", values="rolling_share")\n'
            '             .resample("QS").mean().round(2))\n'
            'quarterly.index = quarterly.index.to_period("Q")\n'
            'quarterly'
        ),
        new_code_cell(
            'from tracker.charts import figure_section_balance\n'
            '\n'
            'security = figure_section_balance(a, section="Security issues", rolling=4, source=SOURCE)\n'
            'security'
        ),
        new_markdown_cell(
            "## Alerts\n\n"
            "Issues that deteriorated in at least 2 of their last 4 assessments, and issues "
            "that have gone quiet (no assessment for 12 weeks or more)."
        ),
        new_code_cell(
            'alerts = trends.alerts_deteriorating(a, k=2, n=4)\n'
            'alerts.head(10)'
        ),
        new_code_cell(
            'trends.alerts_silent(a, weeks=12).head(10)'
        ),
        new_markdown_cell(
            "## A custom analysis with pandas\n\n"
            "The frames are ordinary pandas: here, the share of deteriorations per section "
            "and year, and the months in which most sections deteriorated at once."
        ),
        new_code_cell(
            'a["year"] = a["week_start"].dt.year\n'
            'rates = (a.assign(deteriorated=a["status"].eq("deteriorated"),\n'
            '                  improved=a["status"].eq("improved"))\n'
            '          .groupby(["section", "year"])[["deteriorated", "improved"]].mean()\n'
            '          .unstack("year"))\n'
            '(rates * 100).round(1)  # per cent'
        ),
        new_code_cell(
            'worse = a[a["status"].eq("deteriorated")]\n'
            'by_month = (worse.groupby(worse["week_start"].dt.to_period("M"))\n'
            '                 .agg(deteriorations=("id", "size"), sections=("section", "nunique")))\n'
            'by_month.sort_values(["sections", "deteriorations"], ascending=False).head(6)'
        ),
        new_code_cell(
            'from tracker.charts import figure_small_multiples\n'
            '\n'
            'strips = figure_small_multiples(a, section="Foreign policy", source=SOURCE)\n'
            'strips'
        ),
        new_markdown_cell(
            "## Export a chart for a report\n\n"
            "`write_figure` saves a chart as PNG, SVG or PDF by the file's extension; "
            "`write_report` puts charts and tables into a self-contained HTML (or PDF, or "
            "Markdown) report. Files go to a temporary folder unless `TRACKER_NOTEBOOK_OUT` "
            "names one."
        ),
        new_code_cell(
            'from tracker.charts import write_figure\n'
            '\n'
            'out = Path(os.environ.get("TRACKER_NOTEBOOK_OUT") or tempfile.mkdtemp(prefix="tracker-"))\n'
            'png = write_figure(security, out / "security-balance.png", dpi=200)\n'
            'svg = write_figure(security, out / "security-balance.svg")\n'
            '[(p.name, f"{p.stat().st_size / 1024:.0f} KB") for p in (png, svg)]'
        ),
        new_code_cell(
            'from datetime import UTC, datetime\n'
            '\n'
            'from tracker.report import ReportContent, ReportFigure, ReportSection, ReportTable, write_report\n'
            '\n'
            'sec = a[a["section"] == "Security issues"]\n'
            'content = ReportContent(\n'
            '    title="Security issues: weekly balance",\n'
            '    period=f"{sec[\'week_start\'].min():%d %B %Y} – {sec[\'week_start\'].max():%d %B %Y}",\n'
            '    generated_at=datetime.now(UTC),\n'
            '    source_note=f"Source: {SOURCE}",\n'
            '    summary=[("Assessments", f"{len(sec):,}"), ("Issues", str(sec["issue_id"].nunique()))],\n'
            '    sections=[\n'
            '        ReportSection("Balance", [ReportFigure("balance", "Weekly status shares", security)]),\n'
            '        ReportSection("Alerts", [ReportTable("alerts", "Deteriorating issues",\n'
            '                                             alerts[alerts["section"] == "Security issues"])]),\n'
            '    ],\n'
            ')\n'
            'written = write_report(content, out / "security.html")\n'
            '[(p.name, f"{p.stat().st_size / 1024:.0f} KB") for p in written]'
        ),
    ]
    return _notebook(cells)


def _notebook(cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    # Stable cell ids, so rebuilding an unchanged notebook gives an identical file.
    for number, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"cell-{number:02d}"
    return nb


def main() -> None:
    for name, build in (("01_issue_history.ipynb", issue_history),
                        ("02_section_trends.ipynb", section_trends)):  # fmt: skip
        nb = build()
        nbformat.validate(nb)
        nbformat.write(nb, HERE / name)
        print(HERE / name)


if __name__ == "__main__":
    main()
