"""The SYNTHETIC demo archive, generated: what ``tracker demo`` ingests and ``data/`` holds.

Every commentary written here is invented (see :mod:`tracker.demo.texts`): issues, headlines,
verdicts, leads and bodies are template sentences written for this demo, not real
assessments of anything.  The output is deterministic: a fixed seed and only the standard
library, so every run gives byte-identical files, and a test compares them with the committed
``data/archive`` and ``data/register.toml``.  :func:`render_archive` builds the files in
memory (about 2.8 MB of text in well under a second), :func:`write_archive` writes them into a
folder::

    <folder>/archive/csv/verdicts-2021.csv      one table of the 2021 verdicts, with an
                                                explicit ``issue`` column
    <folder>/archive/pages/YYYY/*.txt           pages as text saved from a browser
    <folder>/archive/pages/YYYY/*.html          saved HTML pages (header, nav, sidebar, footer)
    <folder>/archive/pages/YYYY/*.md            Markdown notes with YAML front matter
    <folder>/archive/pages/2023/listing-*.txt   a section listing page that ingest must skip
    <folder>/register.toml                      the demo's issue register

:func:`check_items` lists headlines or leads that would link to the wrong issue under the
register written, or carry a word a verdict vocabulary could take for a verdict; the
regenerating script (``python data/generate.py``) and the tests run it.
"""

from __future__ import annotations

import csv
import html
import io
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tracker.demo.texts import (
    ANALYSIS,
    AUTHORS,
    BASE_URL,
    BETTER_EVENTS,
    CYR_ANALYSIS,
    CYR_OPENERS,
    FIRST_WEEK,
    ISSUES,
    LAST_WEEK,
    LOCALISED_SECTIONS,
    MARK,
    MONTHS,
    OPENERS,
    OUTLOOK,
    SECTIONS,
    SEED,
    SOURCE,
    VERDICT_WORDS,
    VERDICTS,
    WORSE_EVENTS,
    D,
    IssueSpec,
)
from tracker.errors import InputError

#: The register's name inside a demo data folder; the archive is ``ARCHIVE`` beside it.
REGISTER = "register.toml"
ARCHIVE = "archive"


# --------------------------------------------------------------------------- dates


def week_line(start: date, lang: str, *, year: bool = True) -> str:
    """A week range as a bulletin prints it: "July 15 – July 21, 2019", "9 – 15 жніўня 2021"."""
    end = start + timedelta(days=6)
    months = MONTHS[lang]
    if lang == "en":
        text = f"{months[start.month - 1]} {start.day} – {months[end.month - 1]} {end.day}"
        return f"{text}, {end.year}" if year else text
    if start.month == end.month:
        text = f"{start.day} – {end.day} {months[end.month - 1]}"
    else:
        text = f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]}"
    return f"{text} {end.year}" if year else text


def mondays() -> list[date]:
    weeks = []
    day = FIRST_WEEK
    while day <= LAST_WEEK:
        weeks.append(day)
        day += timedelta(days=7)
    return weeks


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --------------------------------------------------------------------------- simulation


@dataclass
class Item:
    """One generated commentary."""

    issue: IssueSpec
    week: date
    status: str | None  # None: the page states no verdict
    language: str
    headline: str
    lead: str
    paragraphs: list[str]
    fmt: str = ""
    furniture: bool = False
    authors: list[str] = field(default_factory=list)

    @property
    def section(self) -> str:
        """The section as the page prints it (see LOCALISED_SECTIONS)."""
        language = self.language if LOCALISED_SECTIONS else "en"
        return SECTIONS[self.issue.section][language]

    @property
    def section_en(self) -> str:
        return SECTIONS[self.issue.section]["en"]

    @property
    def slug(self) -> str:
        return f"{self.week.isoformat()}-{self.issue.key}"

    @property
    def url(self) -> str:
        lang = "" if self.language == "en" else f"/{self.language}"
        return f"{BASE_URL}{lang}/{self.week.year}/{self.week:%m}/{self.issue.key}-{self.week:%d}"


def active_weeks(spec: IssueSpec, weeks: list[date], rng: random.Random) -> set[date]:
    """The weeks an issue is on the agenda: its life span minus pauses (or its windows)."""
    if spec.windows:
        return {w for w in weeks if any(a <= w <= b for a, b in spec.windows)}
    alive = [w for w in weeks if spec.start <= w <= spec.end]
    paused: set[date] = set()
    for _ in range(rng.choice([0, 1, 1, 2])):
        if len(alive) < 30:
            break
        first = rng.randrange(8, len(alive) - 12)
        paused.update(alive[first : first + rng.randint(5, 12)])
    return set(alive) - paused


def event_boost(events: list[tuple[str, int, dict[str, float]]], key: str, week: date) -> float:
    boost = 0.0
    for first, length, effects in events:
        start = D(first)
        if key in effects and start <= week < start + timedelta(weeks=length):
            boost = max(boost, effects[key])
    return boost


def simulate(rng: random.Random) -> list[Item]:
    weeks = mondays()
    active = {spec.key: active_weeks(spec, weeks, rng) for spec in ISSUES}
    history: dict[str, list[tuple[date, str | None]]] = {spec.key: [] for spec in ISSUES}
    items: list[Item] = []
    for week in weeks:
        by_section: dict[str, list[IssueSpec]] = {}
        for spec in ISSUES:
            if week not in active[spec.key]:
                continue
            worse = event_boost(WORSE_EVENTS, spec.key, week)
            better = event_boost(BETTER_EVENTS, spec.key, week)
            chance = 0.95 if (worse or better) else spec.prominence
            if rng.random() < chance:
                by_section.setdefault(spec.section, []).append(spec)
        # Every section that has live issues appears at least once a week; at most three.
        for section in SECTIONS:
            chosen = by_section.get(section, [])
            if not chosen:
                live = [s for s in ISSUES if s.section == section and week in active[s.key]]
                if live:
                    chosen = [max(live, key=lambda s: (s.prominence, s.key))]
            chosen = sorted(chosen, key=lambda s: s.key)
            if len(chosen) > 3:
                chosen = rng.sample(chosen, 3)
            for spec in chosen:
                items.append(make_item(spec, week, history[spec.key], rng))
    return items


def next_status(
    spec: IssueSpec, week: date, past: list[tuple[date, str | None]], rng: random.Random
) -> str:
    previous = next((s for _, s in reversed(past) if s), "unchanged")
    p_worse = 0.06 + event_boost(WORSE_EVENTS, spec.key, week)
    p_better = 0.04 + event_boost(BETTER_EVENTS, spec.key, week)
    if previous == "deteriorated":
        p_worse += 0.2
        p_better += 0.03
    elif previous == "improved":
        p_better += 0.1
    roll = rng.random()
    if roll < p_worse:
        return "deteriorated"
    if roll < p_worse + p_better:
        return "improved"
    return "unchanged"


def make_item(
    spec: IssueSpec, week: date, past: list[tuple[date, str | None]], rng: random.Random
) -> Item:
    status = next_status(spec, week, past, rng)
    language = "en"
    roll = rng.random()
    if spec.ru and roll < 0.22:
        language = "ru"
    elif spec.be and 0.22 <= roll < 0.36:
        language = "be"
    key = {"unchanged": "same", "deteriorated": "worse", "improved": "better"}[status]
    if language == "en":
        headline = f"{rng.choice(spec.subjects)} {rng.choice(getattr(spec, key))}"
        facts = rng.sample(spec.facts, 3)
        topic = spec.topic
        opener = rng.choice(OPENERS[status]).format(topic=topic)
        lead = f"{opener[0].upper()}{opener[1:]} {facts[0]}"
        streak = streak_sentence(status, week, past)
        first = " ".join([facts[1], facts[2], *([streak] if streak else [])])
        analysis = rng.sample(ANALYSIS, 3)
        paragraphs = [first, " ".join(analysis[:2]), f"{analysis[2]} {rng.choice(OUTLOOK[status])}"]
    else:
        lang = spec.ru if language == "ru" else spec.be
        assert lang is not None
        headline = rng.choice(getattr(lang, key))
        analysis = rng.sample(CYR_ANALYSIS[language], 4)
        lead = f"{rng.choice(CYR_OPENERS[language][status])} {lang.facts[0]} {analysis[3]}"
        paragraphs = [f"{lang.facts[1]} {analysis[0]}", f"{analysis[1]} {analysis[2]}"]
    past.append((week, status))
    authors = [rng.choice(AUTHORS[spec.section])]
    return Item(spec, week, status, language, headline, lead, paragraphs, authors=authors)


def streak_sentence(status: str, week: date, past: list[tuple[date, str | None]]) -> str:
    stated = [(w, s) for w, s in past if s]
    if not stated:
        return ""
    if status == "unchanged":
        run = 0
        for _, s in reversed(stated):
            if s != "unchanged":
                break
            run += 1
        if run >= 3:
            return f"This is the {ordinal(run + 1)} assessment in a row with no notable shift."
        return ""
    since = next((w for w, s in reversed(stated) if s == status), None)
    word = "setback" if status == "deteriorated" else "positive step"
    if since is None:
        return f"It is the first {word} recorded in this series."
    if (week - since).days > 60:
        return f"It is the first {word} since {since:%B %Y}."
    return ""


# --------------------------------------------------------------------------- formats

FURNITURE_EN = """You have been successfully subscribed

Subscribe to our newsletter

Once a week our group of analysts sends a short digest of commentaries on politics, the \
economy and security in Belarus, in English, Russian and Belarusian.

Situation in Belarus

{sidebar}
View all

Subscribe to us

Read more"""


def render_text(item: Item) -> str:
    lines = [week_line(item.week, item.language), item.section, "", item.headline, ""]
    if item.status is not None:
        lines += [VERDICTS[item.language][item.status], item.headline, ""]
    lines += [item.lead, ""]
    for paragraph in item.paragraphs:
        lines += [paragraph, ""]
    text = "\n".join(lines).rstrip("\n") + "\n"
    if item.furniture:
        sidebar = week_line(item.week - timedelta(days=7), item.language, year=False)
        text += "\n" + FURNITURE_EN.format(sidebar=sidebar)
    return text


HTML_UI = {
    "en": {"home": "Home", "about": "About", "subscribe": "Subscribe", "sidebar":
           "Situation in Belarus", "all": "View all", "more": "Read more", "rights":
           "All rights reserved.", "follow": "Follow us"},
    "ru": {"home": "Главная", "about": "О проекте", "subscribe": "Подписаться", "sidebar":
           "Ситуация в Беларуси", "all": "Смотреть все", "more": "Читать далее", "rights":
           "Все права защищены.", "follow": "Мы в соцсетях"},
    "be": {"home": "Галоўная", "about": "Пра праект", "subscribe": "Падпісацца", "sidebar":
           "Сітуацыя ў Беларусі", "all": "Глядзець усе", "more": "Чытаць далей", "rights":
           "Усе правы абароненыя.", "follow": "Мы ў сацсетках"},
}  # fmt: skip


def render_html(item: Item, neighbours: list[Item]) -> str:
    e = html.escape
    ui = HTML_UI[item.language]
    nav = "\n".join(
        f'        <li><a href="{BASE_URL}/section/{key}">{e(names[item.language])}</a></li>'
        for key, names in SECTIONS.items()
    )
    side = "\n".join(
        f'        <li><a href="{other.url}">{e(other.headline)}</a></li>' for other in neighbours
    )
    verdict = ""
    if item.status is not None:
        verdict = (
            f'      <div class="status status--{item.status}">'
            f"{e(VERDICTS[item.language][item.status])}</div>\n"
        )
    body = "\n".join(f"      <p>{e(p)}</p>" for p in item.paragraphs)
    sidebar_week = week_line(item.week - timedelta(days=7), item.language, year=False)
    return f"""<!DOCTYPE html>
<!-- {MARK} -->
<html lang="{item.language}">
<head>
  <meta charset="utf-8">
  <title>{e(item.headline)} | Weekly Bulletin</title>
  <link rel="stylesheet" href="/static/site.css">
  <link rel="canonical" href="{item.url}">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="{BASE_URL}/">Weekly Bulletin</a>
    <nav class="lang"><a href="{BASE_URL}/">EN</a> <a href="{BASE_URL}/ru/">RU</a> \
<a href="{BASE_URL}/be/">BE</a></nav>
    <nav class="main">
      <ul>
        <li><a href="{BASE_URL}/">{e(ui["home"])}</a></li>
{nav}
        <li><a href="{BASE_URL}/about">{e(ui["about"])}</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article class="commentary">
      <div class="week">{e(week_line(item.week, item.language))}</div>
      <div class="section"><a href="{BASE_URL}/section/{item.issue.section}">\
{e(item.section)}</a></div>
      <h1>{e(item.headline)}</h1>
{verdict}      <p class="lead">{e(item.lead)}</p>
{body}
    </article>
    <aside class="sidebar">
      <h2>{e(ui["sidebar"])}</h2>
      <div class="week">{e(sidebar_week)}</div>
      <ul>
{side}
      </ul>
      <a class="all" href="{BASE_URL}/archive">{e(ui["all"])}</a>
      <form class="subscribe"><input type="email" placeholder="e-mail">\
<button>{e(ui["subscribe"])}</button></form>
    </aside>
  </main>
  <footer>
    <p>{e(ui["follow"])}: Telegram · Facebook · X</p>
    <p>© {item.week.year} Weekly Bulletin (synthetic demo). {e(ui["rights"])}</p>
  </footer>
</body>
</html>
"""


def yaml_str(value: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_markdown(item: Item, *, verdict_phrase: bool, with_issue: bool) -> str:
    lines = [
        "---",
        f"# {MARK}",
        f"headline: {yaml_str(item.headline)}",
        f"section: {yaml_str(item.section_en)}",
    ]
    if item.status is not None:
        if verdict_phrase:  # the verdict line as printed, which the vocabulary maps
            lines.append(f"status: {yaml_str(VERDICTS[item.language][item.status])}")
        else:
            lines.append(f"status: {item.status}")
    lines += [
        f"week_start: {item.week.isoformat()}",
        f"week_end: {(item.week + timedelta(days=6)).isoformat()}",
        f"language: {item.language}",
        "authors:",
        *[f"  - {yaml_str(a)}" for a in item.authors],
        f"url: {item.url}",
        f"source: {yaml_str(SOURCE)}",
    ]
    if with_issue:
        lines.append(f"issue: {yaml_str(item.issue.name)}")
    lines += ["---", "", item.lead, ""]
    for paragraph in item.paragraphs:
        lines += [paragraph, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


CSV_COLUMNS = [
    "week_start",
    "week_end",
    "section",
    "headline",
    "status",
    "lead",
    "body",
    "language",
    "url",
    "issue",
]


def render_csv(items: list[Item]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow(
            [
                item.week.isoformat(),
                (item.week + timedelta(days=6)).isoformat(),
                item.section_en,
                item.headline,
                item.status or "",
                item.lead,
                "\n\n".join(item.paragraphs),
                item.language,
                item.url,
                item.issue.name,
            ]
        )
    return out.getvalue()


def render_listing(items: list[Item], section_key: str) -> str:
    """A section listing page: headline and week pairs, no bodies, no verdicts."""
    name = SECTIONS[section_key]["en"]
    lines = [name, "", "All commentaries in this section", ""]
    for item in items:
        lines += [item.headline, week_line(item.week, "en"), ""]
    lines += ["View all", "", "Subscribe to us", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- register


def toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_literal(value: str) -> str:
    assert "'" not in value, value
    return f"'{value}'"


def render_register() -> str:
    lines = [
        f"# {MARK}",
        "# The issue register of the demo archive, written by tracker's demo generator",
        "# (the issues are in tracker/demo/texts.py; python data/generate.py rewrites data/).",
        "# Each issue links the commentaries whose headline or lead matches one of its regexes.",
        "",
    ]
    for spec in ISSUES:
        lines += [
            "[[issue]]",
            f"name = {toml_str(spec.name)}",
            f"section = {toml_str(SECTIONS[spec.section]['en'])}",
            f"description = {toml_str(spec.description)}",
            f"aliases = [{', '.join(toml_str(a) for a in spec.aliases)}]",
            "",
            "[issue.rules]",
            f"regex = [{', '.join(toml_literal('(?i)' + p) for p in spec.patterns)}]",
            "",
        ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- checks


def check_items(items: list[Item]) -> list[str]:
    """Every headline and lead matches its own issue's patterns and no other issue's."""
    compiled = {s.key: [re.compile(p, re.IGNORECASE) for p in s.patterns] for s in ISSUES}
    problems: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for item in items:
        for part, text in (("headline", item.headline), ("lead", item.lead)):
            if (item.issue.key, part, text) in seen:
                continue
            seen.add((item.issue.key, part, text))
            hits = {k for k, pats in compiled.items() if any(p.search(text) for p in pats)}
            if part == "headline" and item.issue.key not in hits:
                problems.append(f"{item.issue.key}: {part} misses its issue: {text}")
            others = hits - {item.issue.key}
            if others:
                problems.append(f"{item.issue.key}: {part} also matches {sorted(others)}: {text}")
            if VERDICT_WORDS.search(text):
                problems.append(f"{item.issue.key}: {part} has a verdict word: {text}")
    for spec in ISSUES:
        for alias in spec.aliases:
            if not any(re.search(p, alias, re.IGNORECASE) for p in spec.patterns):
                problems.append(f"{spec.key}: alias {alias!r} does not match its patterns")
    return problems


# --------------------------------------------------------------------------- main


def assign_formats(items: list[Item], rng: random.Random) -> None:
    """2021 goes to the CSV; later weeks become text, HTML or Markdown pages."""
    for item in items:
        if item.week.year == 2021:
            item.fmt = "csv"
            continue
        roll = rng.random()
        item.fmt = "txt" if roll < 0.45 else "html" if roll < 0.8 else "md"
        item.furniture = item.fmt == "txt" and item.language == "en" and rng.random() < 0.3
    pages = [i for i in items if i.fmt != "csv"]
    for item in rng.sample(pages, 9):  # pages that state no verdict
        item.status = None
    for item in rng.sample([i for i in items if i.fmt == "csv"], 3):
        item.status = None


@dataclass(frozen=True)
class DemoArchive:
    """The files of a demo data folder (path relative to the folder, POSIX style -> text), the
    commentaries they hold, and a few counts for people."""

    files: dict[str, str]
    items: list[Item] = field(repr=False)
    counts: dict[str, int] = field(default_factory=dict)


def render_archive() -> DemoArchive:
    """Every file of the demo data folder, in memory, in a fixed order."""
    rng = random.Random(SEED)
    items = simulate(rng)
    assign_formats(items, rng)
    files: dict[str, str] = {}
    files[f"{ARCHIVE}/csv/verdicts-2021.csv"] = render_csv([i for i in items if i.fmt == "csv"])
    by_week: dict[date, list[Item]] = {}
    for item in items:
        by_week.setdefault(item.week, []).append(item)
    for item in items:
        if item.fmt == "csv":
            continue
        path = f"{ARCHIVE}/pages/{item.week.year}/{item.slug}.{item.fmt}"
        if item.fmt == "txt":
            text = render_text(item)
        elif item.fmt == "html":
            neighbours = [
                o
                for o in by_week.get(item.week - timedelta(days=7), [])
                if o.language == item.language
            ][:4]
            text = render_html(item, neighbours)
        else:
            text = render_markdown(
                item, verdict_phrase=rng.random() < 0.4, with_issue=rng.random() < 0.3
            )
        files[path] = text
    listing = [
        i
        for i in items
        if i.issue.section == "sec" and i.language == "en" and i.week >= D("2023-10-02")
    ]
    files[f"{ARCHIVE}/pages/2023/listing-security-issues.txt"] = render_listing(
        list(reversed(listing)), "sec"
    )
    files[REGISTER] = render_register()
    counts = {"csv rows": sum(1 for i in items if i.fmt == "csv")}
    for fmt in ("html", "txt", "md"):
        counts[fmt] = sum(1 for i in items if i.fmt == fmt)
    counts["listing"] = 1
    counts["commentaries"] = len(items)
    counts["no verdict"] = sum(1 for i in items if i.status is None)
    for language in ("ru", "be"):
        counts[language] = sum(1 for i in items if i.language == language)
    return DemoArchive(files, items, counts)


def write_archive(
    folder: Path, demo: DemoArchive | None = None, *, replace: bool = False
) -> DemoArchive:
    """Write the demo data folder's files into ``folder`` (``archive/`` and ``register.toml``).

    Files of the same name are overwritten.  Any other file under ``folder/archive`` would be
    ingested with the demo, so it stops the demo with an :class:`InputError` before anything is
    written, unless ``replace`` (used for the checkout's own ``data/``) removes it.  ``demo`` is
    what :func:`render_archive` gave, if the caller has it already.
    """
    if demo is None:
        demo = render_archive()
    archive = folder / ARCHIVE
    ours = {folder / name for name in demo.files}
    foreign = (
        sorted(p for p in archive.rglob("*") if not p.is_dir() and p not in ours)
        if archive.is_dir()
        else []
    )
    if foreign and not replace:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise InputError(
            f"{archive} holds files the demo did not write ({foreign[0]}{more}), "
            "which would be ingested with it",
            hint="remove them (or the whole folder, if an older demo wrote it), "
            "or pass --out another folder",
        )
    for path in foreign:
        path.unlink()
    for name, text in demo.files.items():
        path = folder / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as error:
            raise InputError(
                f"cannot write the demo archive: {error.strerror or error}",
                path=str(error.filename or path),
                hint="pass --out a folder you can write to",
            ) from error
    if replace:
        for empty in sorted((p for p in archive.rglob("*") if p.is_dir()), reverse=True):
            if not any(empty.iterdir()):
                empty.rmdir()
    return demo
