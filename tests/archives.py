"""Synthetic archives that look like real ones: a sparse decade and a crowded decade.

Both are deterministic (a fixed seed) and our own writing: issue names, sections and headlines
are made up here in the style of a weekly bulletin on Belarus.  Each builder returns an
*assessments frame* (the columns ``Tracker.assessments()`` gives: id, issue_id, issue, slug,
section, source, week_start, week_end, status, headline, language); :func:`load_archive`
writes one into a database so that the CLI and the report can be tried on it.

* :func:`sparse_decade` — about 40 assessments over ten years (2014–2024) on 30 issues: most
  issues are assessed once, a few three or four times, years pass between commentaries.  This
  is what the real pages that ``tracker`` reads today look like once ingested.
* :func:`crowded_decade` — 500 issues over 520 weeks (2015–2024) with bursty activity: about
  25 long-running issues assessed most months, and hundreds of short-lived ones that flare for
  a few weeks in one or two bursts (more of them in crisis years) and then fall silent.

Used by tests/test_charts.py, tests/test_report.py and bench/bench_charts.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

SOURCE = "Belarus in Focus"
SECTIONS = (
    "Domestic politics",
    "Security issues",
    "Economy",
    "Foreign policy",
    "Belarus–Russia relations",
    "Civil society",
    "Regional relations",
    "Human rights",
)
STATUSES = np.array(["improved", "unchanged", "deteriorated"], dtype=object)

#: The sparse decade's issues: (name, section).  The long names are the ones that once ran
#: into the next column of the streak table.
SPARSE_ISSUES: tuple[tuple[str, str], ...] = (
    ("Succession and the People's Assembly", "Domestic politics"),
    ("Migrant crisis on the western border", "Security issues"),
    ("Belarus UN peacekeeping", "Security issues"),
    ("Political prisoners", "Human rights"),
    ("Union State integration programmes", "Belarus–Russia relations"),
    ("Potash exports through Lithuania", "Economy"),
    ("Local elections", "Domestic politics"),
    ("Constitutional reform", "Domestic politics"),
    ("Relations with the European Union", "Foreign policy"),
    ("Nuclear power plant in Astravets", "Economy"),
    ("Russian air base", "Security issues"),
    ("Oil and gas price talks with Moscow", "Belarus–Russia relations"),
    ("Independent media", "Civil society"),
    ("Trade unions", "Civil society"),
    ("Visa-free entry", "Foreign policy"),
    ("Relations with Ukraine", "Regional relations"),
    ("Relations with Poland", "Regional relations"),
    ("State budget and public debt", "Economy"),
    ("Private business", "Economy"),
    ("Military exercises with Russia", "Security issues"),
    ("Death penalty", "Human rights"),
    ("Belarusian language in schools", "Civil society"),
    ("Chinese industrial park", "Economy"),
    ("Relations with the United States", "Foreign policy"),
    ("Parliamentary elections", "Domestic politics"),
    ("Border with Lithuania", "Regional relations"),
    ("Opposition parties", "Domestic politics"),
    ("Eurasian Economic Union", "Belarus–Russia relations"),
    ("NGO liquidations", "Civil society"),
    ("Refinery modernisation", "Economy"),
)

_TOPICS = (
    "Minsk", "the authorities", "the opposition", "Moscow", "Brussels", "Vilnius", "Warsaw",
    "Kyiv", "the security services", "the government", "the president", "civil society",
)  # fmt: skip
_VERBS = (
    "step up pressure on", "seek a deal with", "hold talks with", "warn", "court", "reassure",
    "tighten control over", "offer concessions to", "test", "hedge against",
)  # fmt: skip
_PREFIXES = (
    "Border", "Budget", "Union", "Election", "Media", "Energy", "Trade", "Army", "Church",
    "School", "Court", "Tax", "Transit", "Pension", "Grain", "Rail", "Labour", "Visa", "Press",
    "Housing",
)  # fmt: skip
_SUFFIXES = (
    "dispute", "reform", "talks", "crackdown", "programme", "controversy", "negotiations",
    "initiative", "crisis", "campaign", "arrests", "agreement", "protests", "review",
)  # fmt: skip


def _headline(rng: np.random.Generator) -> str:
    return (
        f"{_TOPICS[rng.integers(len(_TOPICS))].capitalize()} "
        f"{_VERBS[rng.integers(len(_VERBS))]} {_TOPICS[rng.integers(len(_TOPICS))]}"
    )


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    out = pd.DataFrame(records)
    out = out.sort_values(["week_start", "issue_id"], kind="stable").reset_index(drop=True)
    out.insert(0, "id", np.arange(1, len(out) + 1))
    out["week_start"] = pd.to_datetime(out["week_start"])
    out["week_end"] = out["week_start"] + pd.Timedelta(days=6)
    out["source"] = SOURCE
    out["language"] = "en"
    return out


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())


def sparse_decade(seed: int = 13) -> pd.DataFrame:
    """About 40 assessments over ten years on 30 issues (one to four each)."""
    rng = np.random.default_rng(seed)
    first = pd.Timestamp("2014-01-06")
    span_weeks = 546  # to mid 2024
    per_issue = [4, 3, 3, 2, 2, 2, 2, 2] + [1] * 22
    records: list[dict[str, Any]] = []
    for number, ((name, section), count) in enumerate(
        zip(SPARSE_ISSUES, per_issue, strict=True), start=1
    ):
        weeks = np.sort(rng.choice(span_weeks, size=count, replace=False))
        if number == 2:  # one issue sits at the archive's very first week
            weeks[0] = 0
        if number == 1:  # and the busiest one ends in the archive's last week
            weeks[-1] = span_weeks - 1
        for week in weeks:
            status = rng.choice(STATUSES, p=[0.25, 0.4, 0.35])
            if rng.random() < 0.05:
                status = None
            records.append(
                {
                    "issue_id": number,
                    "issue": name,
                    "slug": _slug(name),
                    "section": section,
                    "week_start": first + pd.Timedelta(weeks=int(week)),
                    "status": status,
                    "headline": _headline(rng),
                }
            )
    return _frame(records)


def crowded_decade(
    issues: int = 500, weeks: int = 520, *, seed: int = 29, long_running: int = 25
) -> pd.DataFrame:
    """``issues`` issues over ``weeks`` weeks from January 2015, activity in bursts.

    The first ``long_running`` issues run most of the decade (assessed in 15–45 % of the
    weeks, more during their own busy spells); every other issue has one to three bursts of
    1–8 weeks, started more often in three crisis spells (autumn 2020, 2021, spring 2022).
    Verdicts come in runs ("unchanged" the most common); about 2 % carry no verdict.
    """
    rng = np.random.default_rng(seed)
    first = pd.Timestamp("2015-01-05")
    crisis = np.zeros(weeks)
    for centre, width, weight in ((292, 20, 3.0), (330, 26, 2.0), (372, 10, 2.5)):
        if centre < weeks:
            crisis += weight * np.exp(-(((np.arange(weeks) - centre) / width) ** 2))
    start_p = (1.0 + crisis) / (1.0 + crisis).sum()
    issue_rows: list[np.ndarray] = []
    issue_ids: list[np.ndarray] = []
    for number in range(issues):
        if number < long_running:
            lo = int(rng.integers(0, weeks // 4))
            hi = int(rng.integers(weeks * 3 // 4, weeks + 1))
            base = rng.uniform(0.15, 0.45)
            busy = np.sin(np.arange(weeks) / rng.uniform(6, 14) + rng.uniform(0, 6.3)) > 0.6
            p = np.where(busy, min(0.95, base * 2.2), base * 0.5)
            assessed = np.flatnonzero((rng.random(weeks) < p) & (np.arange(weeks) >= lo))
            assessed = assessed[assessed < hi]
        else:
            spells = []
            for _ in range(int(rng.choice([1, 1, 2, 2, 3]))):
                begin = int(rng.choice(weeks, p=start_p))
                length = int(rng.integers(1, 9))
                spell = np.arange(begin, min(weeks, begin + length))
                spells.append(spell[rng.random(len(spell)) < 0.75])
            assessed = np.unique(np.concatenate(spells)) if spells else np.zeros(0, int)
            if not len(assessed):
                assessed = np.array([int(rng.choice(weeks, p=start_p))])
        issue_rows.append(assessed)
        issue_ids.append(np.full(len(assessed), number + 1))
    week_idx = np.concatenate(issue_rows)
    issue_idx = np.concatenate(issue_ids)
    n = len(week_idx)
    change = rng.random(n) < 0.16
    change[np.r_[True, issue_idx[1:] != issue_idx[:-1]]] = True
    run = np.cumsum(change)
    run_status = rng.choice(STATUSES, size=int(run[-1]) + 1, p=[0.2, 0.5, 0.3])
    status = run_status[run].astype(object)
    status[rng.random(n) < 0.02] = None
    names = [_crowded_name(i, rng) for i in range(issues)]
    section_of = [SECTIONS[int(s)] for s in rng.integers(0, len(SECTIONS), issues)]
    headlines = [_headline(rng) for _ in range(200)]
    pick = rng.integers(0, len(headlines), n)
    records = [
        {
            "issue_id": int(i),
            "issue": names[i - 1],
            "slug": _slug(names[i - 1]),
            "section": section_of[i - 1],
            "week_start": first + pd.Timedelta(weeks=int(w)),
            "status": s,
            "headline": headlines[h],
        }
        for i, w, s, h in zip(issue_idx, week_idx, status, pick, strict=True)
    ]
    return _frame(records)


def _crowded_name(number: int, rng: np.random.Generator) -> str:
    if number < len(SPARSE_ISSUES):
        return SPARSE_ISSUES[number][0]
    prefix = _PREFIXES[number % len(_PREFIXES)]
    suffix = _SUFFIXES[(number // len(_PREFIXES)) % len(_SUFFIXES)]
    place = _TOPICS[int(rng.integers(len(_TOPICS)))]
    return f"{prefix} {suffix} ({place}, {number + 1})"


def load_archive(url: str, frame: pd.DataFrame) -> None:
    """Write an archive frame into the (migrated) database at ``url``: its issues with their
    home sections, then every assessment in one transaction."""
    from tracker import open_tracker, store
    from tracker.models import utcnow

    tracker = open_tracker(url)
    try:
        with tracker.session() as session:
            source_id = store.get_or_add_source(session, SOURCE)
            sections: dict[str, int] = {}  # name -> id
            issue_of: dict[int, int] = {}
            now = utcnow()
            for number, group in frame.groupby("issue_id", sort=True):
                section = str(group["section"].iloc[0])
                section_id = store.get_or_add_section(session, section)
                sections[section] = section_id
                issue = store.add_issue(
                    session,
                    str(group["issue"].iloc[0]),
                    section_id=section_id,
                    slug=str(group["slug"].iloc[0]),
                )
                assert issue.id is not None
                issue_of[int(number)] = issue.id
            for name in frame["section"].unique():  # sections no issue has as its home
                if str(name) not in sections:
                    sections[str(name)] = store.get_or_add_section(session, str(name))
            rows = []
            for rec in frame.to_dict("records"):
                values = {
                    "issue_id": issue_of[int(rec["issue_id"])],
                    "source_id": source_id,
                    "section_id": sections[str(rec["section"])],
                    "week_start": rec["week_start"].date(),
                    "week_end": rec["week_end"].date(),
                    # a missing verdict is None, whatever missing value the frame holds
                    "status": rec["status"] if isinstance(rec["status"], str) else None,
                    "headline": rec["headline"],
                    "language": "en",
                    "origin": f"archive-{rec['id']}.txt",
                    "content_hash": f"archive-{rec['id']}",
                    "ingested_at": now,
                    "link_method": "explicit",
                }
                rows.append(tuple(values.get(c) for c in store.INSERT_COLUMNS))
            store.insert_assessments(session, rows)
    finally:
        tracker.close()
