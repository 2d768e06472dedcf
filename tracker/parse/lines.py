"""The lines of a bulletin page and their kinds (week range, verdict, section, author,
caption, stamp, furniture…): :class:`Line` as the readers give it, and how
:func:`tracker.parse.page.read_page` classifies each one (``_classify``, kept per vocabulary
for lines that recur from page to page).  See :mod:`tracker.parse.page` for the layout rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.parse import furniture as fur
from tracker.vocab import Vocabulary, normalise_phrase
from tracker.weeks import (
    find_dates,
    match_week_line,
    range_has_year,
)

#: Section (rubric) names the reader recognises without help, in en/ru/be.
SECTION_NAMES = [
    "Security issues",
    "Security",
    "Domestic politics",
    "Domestic policy",
    "Internal politics",
    "Economy",
    "Economic situation",
    "Economics",
    "Foreign policy",
    "Foreign relations",
    "Belarus–Russia relations",
    "Belarus-Russia relations",
    "Belarusian-Russian relations",
    "Belarus–EU relations",
    "Belarus–Ukraine relations",
    "Belarus–China relations",
    "Belarus–US relations",
    "Regional policy",
    "Social policy",
    "Social sphere",
    "Society",
    "Civil society",
    "Human rights",
    "Opposition",
    "Media",
    "Education",
    "Culture",
    "Energy",
    "Defence",
    "Defense",
    "The ruling elite",
    "Ruling elite",
    "Elites",
    "Nomenklatura",
    "Правящая элита",
    "Элиты",
    "Номенклатура",
    "Кіруючая эліта",
    "Эліты",
    "Наменклатура",
    "Знешняя палітыка",
    "Вопросы безопасности",
    "Безопасность",
    "Внутренняя политика",
    "Экономика",
    "Экономическая ситуация",
    "Внешняя политика",
    "Беларусь – Россия",
    "Беларусь-Россия",
    "Белорусско-российские отношения",
    "Отношения Беларуси и России",
    "Беларусь – ЕС",
    "Беларусь – Украина",
    "Беларусь – Китай",
    "Региональная политика",
    "Социальная политика",
    "Социальная сфера",
    "Общество",
    "Гражданское общество",
    "Права человека",
    "Оппозиция",
    "СМИ",
    "Медиа",
    "Образование",
    "Культура",
    "Энергетика",
    "Оборона",
    "Пытанні бяспекі",
    "Бяспека",
    "Унутраная палітыка",
    "Эканоміка",
    "Эканамічная сітуацыя",
    "Знешняя палітыка",
    "Беларусь – Расія",
    "Беларусь-Расія",
    "Беларуска-расійскія адносіны",
    "Адносіны Беларусі і Расіі",
    "Беларусь – ЕС",
    "Беларусь – Украіна",
    "Беларусь – Кітай",
    "Рэгіянальная палітыка",
    "Сацыяльная палітыка",
    "Сацыяльная сфера",
    "Грамадства",
    "Грамадзянская супольнасць",
    "Правы чалавека",
    "Апазіцыя",
    "Медыя",
    "Адукацыя",
    "Культура",
    "Энергетыка",
    "Абарона",
]
_SECTIONS = {fur.key(s) for s in SECTION_NAMES}

_LABEL_RE = re.compile(
    r"^\s{0,3}(?P<label>category status|status|verdict|assessment|trend|"
    r"статус категории|статус рубрики|статус|вердикт|оценка|тенденция|"
    r"статус катэгорыі|статус рубрыкі|ацэнка|тэндэнцыя)\s{0,3}:\s{0,3}(?P<value>.{0,200})$",
    re.IGNORECASE,
)
_SECTION_LABEL_RE = re.compile(
    r"^\s{0,3}(?:section|category|rubric|раздел|рубрика|категория|раздзел|рубрыка|катэгорыя)"
    r"\s{0,3}:\s{0,3}(?P<value>.{1,100})$",
    re.IGNORECASE,
)
_PUBLISHED_RE = re.compile(
    r"^\s{0,3}(?:published(?: on| at)?|posted(?: on)?|date|опубликовано|дата публикации|дата|"
    r"апублікавана|дата публікацыі)\s{0,3}:?\s{0,3}(?P<value>.{4,80})$",
    re.IGNORECASE,
)
_TIME_RE = re.compile(r"\b[0-2]?\d:[0-5]\d(?::[0-5]\d)?\b")
_DATE_LINE_RE = re.compile(r"^[\w\s.,:/–-]{4,60}$")
_SITUATION_RE = re.compile(
    r"^\s{0,3}(?:the situation|situation|ситуация|положение|сітуацыя|становішча)\b",
    re.IGNORECASE,
)
_URL_RE = re.compile(
    r"^(?:(?:url|link|source|original|ссылка|источник|спасылка|крыніца)\s{0,3}:\s{0,3})?"
    r"(?P<url>https?://[^\s<>\"]{1,2000})$",
    re.IGNORECASE,
)
_TERMINAL = '.!?…:;»"”)'
_END_SENTENCE = '.!?…»"”'
_HEADLINE_NORM = re.compile(r"[\W_]+")

# Line kinds
OTHER = "other"
WEEK = "week"
VERDICT = "verdict"
LABEL = "label"
SECTION = "section"
AUTHOR = "author"
CAPTION = "caption"
STAMP = "stamp"
DATELINE = "dateline"
PUBLISHED = "published"
FURNITURE = "furniture"
TAIL = "tail"
SIDEBAR = "sidebar"
URL = "url"


@dataclass
class Line:
    """One line of a page: its text, 1-based source line, HTML hint and block number."""

    text: str
    lineno: int
    hint: str = ""
    block: int = 0


class _L:
    """A line being classified (a plain class with slots: pages have many lines)."""

    __slots__ = (
        "authors",
        "block",
        "has_year",
        "hint",
        "kind",
        "lineno",
        "status",
        "text",
        "value",
        "when",
    )

    def __init__(self, text: str, lineno: int, hint: str, block: int) -> None:
        self.text = text
        self.lineno = lineno
        self.hint = hint
        self.block = block
        self.kind = OTHER
        self.status: str | None = None
        self.value: str | None = None
        self.has_year = False
        self.when: date | None = None
        self.authors: list[str] = []


def _norm_headline(text: str) -> str:
    key = _NORMS.get(text)
    if key is None:
        key = " ".join(_HEADLINE_NORM.sub(" ", text.casefold().replace("ё", "е")).split())
        if len(_NORMS) >= _NORMS_SIZE:
            _NORMS.clear()
        _NORMS[text] = key
    return key


# _norm_headline's results: a page compares its headline candidates with many lines
_NORMS: dict[str, str] = {}
_NORMS_SIZE = 20_000


def _is_paragraph(text: str) -> bool:
    if len(text) >= 200:
        return True
    words = text.count(" ") + 1
    return words >= 12 and text[-1] in _TERMINAL


def _is_title_like(text: str) -> bool:
    if len(text) > 300 or len(text) < 3:
        return False
    return not _is_paragraph(text)


_DIGIT = re.compile(r"\d")
_URL_STARTS = ("http", "URL", "url", "Link", "Source", "Ссыл", "Исто", "Спас", "Крын")


def _classify(line: _L, vocab: Vocabulary, *, last: bool) -> None:
    """Set ``line.kind`` (and what goes with it).  Cheap tests first: most lines are prose."""
    text = line.text
    hint = line.hint
    n = len(text)
    if hint == "caption":
        line.kind = CAPTION
        return
    if hint == "updated":  # a republishing site's "updated" stamp: never the commentary's date
        line.kind = FURNITURE
        return
    k = normalise_phrase(text) if n <= 120 else ""
    if n <= vocab.max_phrase_chars:
        status = vocab.match_key(k) if n <= 120 else vocab.match(text)
        if status is not None:
            line.kind, line.status = VERDICT, status
            return
    has_digit = n <= 250 and _DIGIT.search(text) is not None
    if has_digit and n <= 120:
        wm = match_week_line(text)
        if wm is not None:
            line.kind = WEEK
            line.has_year = range_has_year(wm)
            return
    if text.startswith(_URL_STARTS):
        m = _URL_RE.match(text)
        if m:
            line.kind, line.value = URL, m.group("url")
            return
    if n > 250 or (n > 120 and text[-1] in _END_SENTENCE and text.count(" ") >= 11):
        # Prose, unless a long furniture blurb ("Once a week, …", "This article was …").
        if fur.is_tail_marker(text, last=last):
            line.kind = TAIL
        elif fur.is_furniture_line(text):
            line.kind = FURNITURE
        return
    if ":" in text:
        m = _LABEL_RE.match(text)
        if m:
            line.kind, line.value = LABEL, m.group("value").strip()
            return
        m = _SECTION_LABEL_RE.match(text)
        if m:
            line.kind, line.value = SECTION, m.group("value").strip()
            return
    if k:
        if k in _SECTIONS:
            line.kind = SECTION
            line.value = text.strip()
            return
        if fur.is_sidebar_label(text, k):
            line.kind = SIDEBAR
            return
    if n <= 160:
        m = fur.AUTHOR_RE.match(text)
        if m:
            line.kind = AUTHOR
            names = m.group("names") + m.group("rest")
            for d, dm in find_dates(names):
                line.when = d
                names = names[: dm.start()]
                break
            m = fur.AUTHOR_RE.match(text[: m.start("names")] + names.rstrip(" ,;|·—–-"))
            if m is not None and len(m.group("rest").split()) <= 4:
                line.authors = fur.split_authors(m.group("names"))
                return
            line.kind, line.when = OTHER, None
    if hint == "author":
        line.kind = AUTHOR
        line.authors = fur.split_authors(text) if n < 80 else []
        return
    if fur.is_tail_marker(text, last=last, k=k or None):
        line.kind = TAIL
        return
    if fur.is_furniture_line(text, k=k or None):
        line.kind = FURNITURE
        return
    if n <= 200 and fur.is_caption(text):
        line.kind = CAPTION
        return
    if has_digit and n <= 80:
        m = _PUBLISHED_RE.match(text)
        if m:
            dates = list(find_dates(m.group("value")))
            if dates:
                line.kind, line.when = PUBLISHED, dates[0][0]
                return
        if _DATE_LINE_RE.match(text):
            dates = list(find_dates(text))
            if dates:
                rest = text.replace(dates[0][1].group(0), " ")
                rest = _TIME_RE.sub(" ", rest)
                if not _WORDISH.search(rest):
                    line.when = dates[0][0]
                    line.kind = STAMP if _TIME_RE.search(text) else DATELINE
                    if hint == "time":
                        line.kind = PUBLISHED
                    return
    if hint == "section" and n <= 100:
        line.kind, line.value = SECTION, text.strip()


_WORDISH = re.compile(r"[^\W\d_]{3,}")

# A line's kind depends only on its text, its hint, whether it is the page's last line and
# the vocabulary: short lines (furniture, sections, verdicts, week ranges) recur from page
# to page, so their results are kept in the vocabulary's reader cache.
_MEMO_CHARS = 160
_MEMO_SIZE = 50_000
_Memo = dict[
    tuple[str, str, bool],
    tuple[str, str | None, str | None, bool, date | None, tuple[str, ...]],
]


def _classify_memo(line: _L, vocab: Vocabulary, last: bool, memo: _Memo) -> None:
    text = line.text
    if len(text) > _MEMO_CHARS:
        _classify(line, vocab, last=last)
        return
    key = (text, line.hint, last)
    hit = memo.get(key)
    if hit is None:
        _classify(line, vocab, last=last)
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = (
            line.kind,
            line.status,
            line.value,
            line.has_year,
            line.when,
            tuple(line.authors),
        )
        return
    line.kind, line.status, line.value, line.has_year, line.when, authors = hit
    if authors:
        line.authors = list(authors)


def _join_wrapped(lines: list[_L]) -> list[_L]:
    """Join hard-wrapped lines of one paragraph (same block, sentence not finished)."""
    out: list[_L] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == OTHER
            and line.kind == OTHER
            and prev.block == line.block
            and not prev.hint.startswith("h")
            and not line.hint.startswith("h")
            and prev.text[-1] not in _TERMINAL
            and len(prev.text) >= 30
            and (line.text[0].islower() or prev.text[-1] in ",-–—" or line.text[0].isdigit())
        ):
            prev.text = prev.text + " " + line.text
            continue
        out.append(line)
    return out


def _mark_sidebars(lines: list[_L]) -> None:
    """A sidebar label takes the short lines after it (its week, its verdicts, "View all")."""
    i = 0
    n = len(lines)
    while i < n:
        if lines[i].kind != SIDEBAR:
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= 30:
            line = lines[j]
            if line.kind == WEEK and line.has_year:
                break
            if line.kind in (WEEK, VERDICT, SECTION, FURNITURE, LABEL, SIDEBAR):
                line.kind = SIDEBAR
                j += 1
                continue
            if line.kind == TAIL:
                line.kind = SIDEBAR
                j += 1
                if fur.key(line.text) in _VIEW_ALL:
                    break
                continue
            if line.kind == OTHER and len(line.text) <= 60 and not _is_paragraph(line.text):
                line.kind = SIDEBAR
                j += 1
                continue
            break
        i = j


_VIEW_ALL = {
    fur.key(p)
    for p in (
        "view all",
        "see all",
        "show all",
        "смотреть все",
        "посмотреть все",
        "показать все",
        "глядзець усе",
        "паглядзець усе",
        "паказаць усе",
    )
}
