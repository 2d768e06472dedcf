"""Week ranges and dates in English, Russian and Belarusian; ISO weeks.

A bulletin names its week as a range ("July 15 – July 21, 2019", "30 декабря – 5 января
2020", "9 – 15 жніўня 2021").  :func:`parse_week_range` turns one into real dates;
:func:`find_week_range` spots one inside a line.  When a year is written once, at the end,
it belongs to the end date ("December 30 – January 5, 2020" starts on 2019-12-30).

All patterns here use bounded repetition only, so a 20 MB line cannot make them backtrack
catastrophically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from tracker.errors import WeekError


class LazyPattern:
    """A regular expression compiled on first use: the week and date patterns know every
    month name in three languages and take tens of milliseconds to compile, which commands
    that never read a date (``tracker issues``) should not pay at start-up."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)


__all__ = [
    "DATE_RE",
    "MAX_WEEK_DAYS",
    "WEEK_BASES",
    "WEEK_RANGE_RE",
    "date_in_name",
    "find_dates",
    "find_week_range",
    "is_week_range_line",
    "iso_week",
    "match_week_line",
    "month_number",
    "parse_date",
    "parse_user_week",
    "parse_week_range",
    "range_has_year",
    "week_bounds",
    "week_ended_before",
    "week_from_offset",
]

#: Where an assessment's week came from, best evidence first (None: undated).
WEEK_BASES = ("page", "published", "url", "file", "user")

#: The longest range accepted as one bulletin "week" (start to end, in days).
MAX_WEEK_DAYS = 15

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "январь", "января", "янв", "студзень", "студзеня", "студз", "сту"),
    2: ("february", "feb", "февраль", "февраля", "фев", "люты", "лютага", "лют"),
    3: ("march", "mar", "март", "марта", "мар", "сакавік", "сакавіка", "сак"),
    4: ("april", "apr", "апрель", "апреля", "апр", "красавік", "красавіка", "кра"),
    5: ("may", "май", "мая", "травень", "траўня", "травеня", "тра"),
    6: ("june", "jun", "июнь", "июня", "июн", "чэрвень", "чэрвеня", "чэр"),
    7: ("july", "jul", "июль", "июля", "июл", "ліпень", "ліпеня", "ліп"),
    8: ("august", "aug", "август", "августа", "авг", "жнівень", "жніўня", "жнівеня", "жні"),
    9: (
        "september",
        "sept",
        "sep",
        "сентябрь",
        "сентября",
        "сен",
        "сент",
        "верасень",
        "верасня",
        "вер",
    ),
    10: ("october", "oct", "октябрь", "октября", "окт", "кастрычнік", "кастрычніка", "кас"),
    11: ("november", "nov", "ноябрь", "ноября", "ноя", "лістапад", "лістапада", "ліс"),
    12: ("december", "dec", "декабрь", "декабря", "дек", "снежань", "снежня", "сне"),
}
_MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names}
# Belarusian writers (and OCR) sometimes put a Latin i or a plain у where і/ў belong.
_MONTH_FOLD = str.maketrans({"i": "і", "ў": "у", "ё": "е"})
_MONTHS_FOLDED: dict[str, int] = {name.translate(_MONTH_FOLD): n for name, n in _MONTHS.items()}


def month_number(name: str) -> int | None:
    """1..12 for a month name or abbreviation in en/ru/be (any case, any grammatical case)."""
    key = name.casefold().rstrip(".")
    number = _MONTHS.get(key)
    if number is None and not key.isascii():
        number = _MONTHS_FOLDED.get(key.translate(_MONTH_FOLD))
    return number


_month_alternatives = sorted(
    {*(_MONTHS), *(n.replace("і", "[іi]").replace("ў", "[ўу]") for n in _MONTHS)},
    key=len,
    reverse=True,
)
_MONTH = (
    r"(?:"
    + "|".join(a if "[" in a else re.escape(a) for a in _month_alternatives)
    + r")(?![^\W\d_])\.?"
)
_DAY = r"(?:[0-3]?\d)(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2\d\d\d)(?!\d)"
_YEAR_TAIL = r"(?:\s{0,3}(?:г\.|гг\.|года|год|г|гады|года\.)(?![^\W\d_]))?"
_SEP = r"(?:\s{0,3}[-–—‒−‑]{1,2}\s{0,3}|\s{1,3}(?:to|till|until|по|да|до)\s{1,3})"
_OPT_YEAR = rf"(?:,?\s{{0,3}}(?P<{{name}}>{_YEAR}){_YEAR_TAIL})?"


def _year(name: str) -> str:
    return _OPT_YEAR.replace("{name}", name)


# "July 15 – July 21, 2019", "July 15-21, 2019", "December 30, 2019 – January 5, 2020",
# "Жнівень 9 – Жнівень 15, 2021"
_FORM_MD = (
    rf"(?P<m1>{_MONTH})\s{{0,3}}(?P<d1>{_DAY}){_year('y1')}"
    rf"{_SEP}(?:(?P<m2>{_MONTH})\s{{0,3}})?(?P<d2>{_DAY}){_year('y2')}"
)
# "15–21 июля 2019", "30 декабря – 5 января 2020", "9 – 15 жніўня 2021", "15 July – 21 July 2019"
_FORM_DM = (
    rf"(?P<e1>{_DAY})(?:\s{{0,3}}(?P<n1>{_MONTH}){_year('z1')})?"
    rf"{_SEP}(?P<e2>{_DAY})\s{{0,3}}(?P<n2>{_MONTH}){_year('z2')}"
)
# "15.07 – 21.07.2019", "15.07.2019 – 21.07.2019"
_FORM_NUM = (
    r"(?P<f1>[0-3]?\d)\.(?P<o1>[01]?\d)(?:\.(?P<x1>(?:1[89]|2\d)\d\d))?"
    rf"{_SEP}(?P<f2>[0-3]?\d)\.(?P<o2>[01]?\d)(?:\.(?P<x2>(?:1[89]|2\d)\d\d))?(?!\d)"
)

WEEK_RANGE_RE = LazyPattern(rf"(?<![\w.])(?:{_FORM_MD}|{_FORM_DM}|{_FORM_NUM})", re.IGNORECASE)
_EDGE = r"[\s\W_]{0,8}"
_WEEK_LINE_RE = LazyPattern(
    rf"{_EDGE}(?:(?:week(?: of)?|неделя|тыдзень)\s{{0,3}}:?\s{{0,3}})?"
    rf"(?:{_FORM_MD}|{_FORM_DM}|{_FORM_NUM}){_EDGE}",
    re.IGNORECASE,
)

# A single full date: "July 22, 2019", "22 July 2019", "22 июля 2019 г.", "2019-07-22", "22.07.2019"
DATE_RE = LazyPattern(
    rf"(?<![\w.])(?:"
    rf"(?P<am>{_MONTH})\s{{0,3}}(?P<ad>{_DAY}),?\s{{0,3}}(?P<ay>{_YEAR})"
    rf"|(?P<bd>{_DAY})\s{{0,3}}(?P<bm>{_MONTH}),?\s{{0,3}}(?P<by>{_YEAR})"
    r"|(?P<iy>(?:1[89]|2\d)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d)"
    r"|(?P<nd>[0-3]?\d)\.(?P<nm>[01]?\d)\.(?P<ny>(?:1[89]|2\d)\d\d)(?!\d)"
    r")",
    re.IGNORECASE,
)
_ISO_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})(?:-?([1-7]))?\s*$", re.IGNORECASE)


_NOT_DIGIT = re.compile(r"\D")


def _strip_day(text: str) -> int:
    return int(text) if text.isdecimal() else int(_NOT_DIGIT.sub("", text))


def _make_date(
    year: int, month: int, day: int, *, value: str, path: str | None, line: int | None
) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise WeekError(
            f"impossible date in {value!r}: day {day} of month {month} in {year}",
            path=path,
            line=line,
            hint="check the week range",
        ) from None


def find_week_range(text: str) -> re.Match[str] | None:
    """The first week range inside ``text`` (any form :func:`parse_week_range` reads)."""
    if len(text) > 100_000:
        text = text[:100_000]
    return WEEK_RANGE_RE.search(text)


def is_week_range_line(text: str) -> bool:
    """Whether a whole line is a week range (optionally "Week:" and stray punctuation)."""
    return match_week_line(text) is not None


def match_week_line(text: str) -> re.Match[str] | None:
    """The match of a whole line that is a week range, else None (see :func:`range_has_year`)."""
    if len(text) > 120:
        return None
    return _WEEK_LINE_RE.fullmatch(text.strip())


def range_has_year(match: re.Match[str]) -> bool:
    """Whether the matched range writes a year."""
    return any(match.group("y1", "y2", "z1", "z2", "x1", "x2"))


def parse_week_range(
    text: str,
    *,
    year: int | None = None,
    path: str | None = None,
    line: int | None = None,
) -> tuple[date, date]:
    """``(start, end)`` of a week range written in English, Russian or Belarusian.

    ``year`` is used only when the text writes no year; it is the year of the end date.
    Raises :class:`WeekError` for an unreadable, impossible or too long range, or a range
    without a year when ``year`` is not given.
    """
    key = (text, year)
    known = _RANGES.get(key)
    if known is not None:
        return known
    value = " ".join(text.split())
    shown = value if len(value) <= 80 else value[:77] + "..."
    match = _WEEK_LINE_RE.fullmatch(value) if len(value) <= 200 else None
    if match is None:
        raise WeekError(
            f"cannot read the week range {shown!r}",
            path=path,
            line=line,
            hint="write it like 'July 15 – July 21, 2019' or '15–21 июля 2019'",
        )
    g = match.group
    if g("d1") is not None:
        m1 = month_number(g("m1"))
        m2 = month_number(g("m2")) if g("m2") else m1
        d1, d2 = _strip_day(g("d1")), _strip_day(g("d2"))
        y1s, y2s = g("y1"), g("y2")
    elif g("e1") is not None:
        m2 = month_number(g("n2"))
        m1 = month_number(g("n1")) if g("n1") else m2
        d1, d2 = _strip_day(g("e1")), _strip_day(g("e2"))
        y1s, y2s = g("z1"), g("z2")
    else:
        m1, m2 = int(g("o1")), int(g("o2"))
        d1, d2 = int(g("f1")), int(g("f2"))
        y1s, y2s = g("x1"), g("x2")
    assert m1 is not None and m2 is not None
    for month in (m1, m2):
        if not 1 <= month <= 12:
            raise WeekError(f"impossible month {month} in {shown!r}", path=path, line=line)
    y1 = int(y1s) if y1s else None
    y2 = int(y2s) if y2s else None
    if y2 is None and y1 is not None:
        y2 = y1 + 1 if (m2, d2) < (m1, d1) and m1 > m2 else y1
    if y2 is None:
        if year is None:
            raise WeekError(
                f"the week range {shown!r} has no year",
                path=path,
                line=line,
                hint="pass --year YYYY (or give the page a dated line)",
            )
        y2 = year
    if y1 is None:
        y1 = y2 - 1 if m1 > m2 else y2
    start = _make_date(y1, m1, d1, value=shown, path=path, line=line)
    end = _make_date(y2, m2, d2, value=shown, path=path, line=line)
    if end < start:
        raise WeekError(
            f"the week range {shown!r} ends ({end}) before it starts ({start})",
            path=path,
            line=line,
        )
    if (end - start).days > MAX_WEEK_DAYS:
        raise WeekError(
            f"the week range {shown!r} spans {(end - start).days + 1} days; "
            "a bulletin week is at most two weeks",
            path=path,
            line=line,
        )
    if len(_RANGES) >= _RANGES_SIZE:
        _RANGES.clear()
    _RANGES[key] = (start, end)
    return start, end


# parse_week_range's readable ranges: a bulletin's week recurs in every section's commentary.
# (Unreadable ones raise each time, with the caller's file and line.)
_RANGES: dict[tuple[str, int | None], tuple[date, date]] = {}
_RANGES_SIZE = 10_000


def _date_from_match(m: re.Match[str]) -> date | None:
    g = m.group
    try:
        if g("am"):
            month = month_number(g("am"))
            return date(int(g("ay")), month or 0, _strip_day(g("ad")))
        if g("bm"):
            month = month_number(g("bm"))
            return date(int(g("by")), month or 0, _strip_day(g("bd")))
        if g("iy"):
            return date(int(g("iy")), int(g("im")), int(g("id")))
        return date(int(g("ny")), int(g("nm")), int(g("nd")))
    except ValueError:
        return None


def find_dates(text: str) -> Iterator[tuple[date, re.Match[str]]]:
    """Every full, possible date (with a year) written in ``text``, in order."""
    for m in DATE_RE.finditer(text):
        d = _date_from_match(m)
        if d is not None:
            yield d, m


def parse_date(text: str) -> date:
    """A date typed by a user: 2019-07-15, 2019-W29 (its Monday), 15.07.2019, July 15, 2019."""
    value = " ".join(text.split())
    shown = value if len(value) <= 60 else value[:57] + "..."
    iso = _ISO_WEEK_RE.match(value)
    if iso:
        y, w, dow = int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 1)
        try:
            return date.fromisocalendar(y, w, dow)
        except ValueError:
            raise WeekError(f"there is no ISO week {shown!r}") from None
    m = DATE_RE.fullmatch(value.rstrip(". ")) if len(value) <= 60 else None
    if m is None:
        raise WeekError(
            f"cannot read the date {shown!r}",
            hint="write it like 2019-07-15, 2019-W29, 15.07.2019 or 'July 15, 2019'",
        )
    d = _date_from_match(m)
    if d is None:
        raise WeekError(f"impossible date {shown!r}", hint="check the day and the month")
    return d


def iso_week(d: date) -> str:
    """The ISO week of a day, e.g. ``2019-W29``."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def week_bounds(d: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week containing ``d``."""
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def week_ended_before(d: date) -> tuple[date, date]:
    """The bulletin week (Monday–Sunday) that ended before day ``d``.

    A weekly bulletin published after its week assesses the week that just ended: a stamp on
    Monday 13 March 2017 (or any day of that week) gives 6 – 12 March 2017.
    """
    end = d - timedelta(days=d.weekday() + 1)
    return end - timedelta(days=6), end


def week_from_offset(published: date, offset_days: int) -> tuple[date, date]:
    """The week a commentary assesses when its source publishes ``offset_days`` after a
    week's end: the last week that had ended by ``published - offset_days``."""
    return week_ended_before(published - timedelta(days=offset_days - 1))


def parse_user_week(text: str) -> tuple[date, date]:
    """A week typed by a user (``--week``): 2019-W29, a day of it (2019-07-15), or a range."""
    value = " ".join(text.split())
    found = find_week_range(value)
    if found is not None and range_has_year(found):
        return parse_week_range(value)
    try:
        return week_bounds(parse_date(value))
    except WeekError as exc:
        raise WeekError(
            f"cannot read the week {value[:60]!r}",
            hint="write it like 2019-W29, 2019-07-15 or 'July 15 – July 21, 2019'",
        ) from exc


# A full date in a file name or URL: 2019-07-15, 2019_07_15, 2019.07.15, /2019/07/15/.
_NAME_DATE_RE = re.compile(r"(?<![\d])((?:19|20)\d\d)([-_./])(\d\d)\2(\d\d)(?![\d])")


def date_in_name(text: str) -> tuple[date | None, str | None]:
    """The first full date written in a file name or URL, and its text.

    Returns ``(None, text)`` for a date-shaped value that is impossible (2019-02-30), so the
    caller can name it; ``(None, None)`` where there is none.
    """
    m = _NAME_DATE_RE.search(text)
    if m is None:
        return None, None
    try:
        return date(int(m.group(1)), int(m.group(3)), int(m.group(4))), m.group(0)
    except ValueError:
        return None, m.group(0)
