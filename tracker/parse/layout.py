"""What the classified lines of a page say beyond their kinds: week ranges glued to the next
words, verdict-like and section-like lines, the page's publication stamp and the year its
dates imply, a paragraph's first sentence.  Used by :func:`tracker.parse.page.read_page`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.errors import ParseError, WeekError
from tracker.parse.lines import (
    _DIGIT,
    _L,
    _MEMO_SIZE,
    _SITUATION_RE,
    _TERMINAL,
    DATELINE,
    PUBLISHED,
    STAMP,
)
from tracker.weeks import (
    WEEK_RANGE_RE,
    find_dates,
    is_week_range_line,
    parse_week_range,
)


def _publication_stamp(
    lines: list[_L], end: int, header_end: int, hinted: date | None, path: str
) -> tuple[date, str, int] | None:
    """The page's own publication stamp: (day, its text, its line), or None.

    Stamps are date(-time) lines ("March 13, 2017 9:28", "13.03.2017") and "Published:" lines
    before the article's end; those after it (similar articles, sidebars) belong to other
    items and "Updated at …" lines are site stamps.  Two different days, or a day in the
    future, are errors: the week would be a guess.
    """
    found: list[tuple[date, str, int]] = []
    for i in range(end):
        line = lines[i]
        if line.when is not None and (
            line.kind in (STAMP, PUBLISHED) or (line.kind == DATELINE and i < header_end)
        ):
            found.append((line.when, line.text, line.lineno))
    # A meta tag's date counts only where the page shows none (it may differ by a time zone).
    if hinted is not None and not found:
        found.append((hinted, hinted.isoformat(), lines[0].lineno))
    if not found:
        return None
    days = {d for d, _, _ in found}
    if len(days) > 1:
        (_, t1, n1), (_, t2, n2) = found[0], next(f for f in found if f[0] != found[0][0])
        raise ParseError(
            f"two different publication stamps: line {n1} says {t1!r}, line {n2} says {t2!r}",
            path=path,
            line=n2,
            hint="keep the page's own stamp (or add its week range line) and read it again",
        )
    day, text, lineno = found[0]
    if day > date.today() + timedelta(days=1):
        raise ParseError(
            f"the publication stamp {text!r} is in the future",
            path=path,
            line=lineno,
            hint="correct the stamp, or give the week with --week",
        )
    return found[0]


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“«(]?[A-ZА-ЯЁІЎ0-9])")


def _first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a paragraph, shortened at a word to ``limit`` characters."""
    first = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(" ,;:—–-")
    return cut + "…"


def _split_glued(line: _L) -> list[_L]:
    """ "July 15 – July 21, 2019 Security issues" -> the week range and the rest."""
    text = line.text
    if len(text) > 120 or not text[:1].isalnum() or _DIGIT.search(text, 0, 24) is None:
        return [line]
    if text in _GLUED:
        parts = _GLUED[text]
    else:
        parts = _glued_parts(text)
        if len(_GLUED) >= _MEMO_SIZE:
            _GLUED.clear()
        _GLUED[text] = parts
    if parts is None:
        return [line]
    week, rest = parts
    return [_L(week, line.lineno, line.hint, line.block), _L(rest, line.lineno, "", line.block)]


def _glued_parts(text: str) -> tuple[str, str] | None:
    m = WEEK_RANGE_RE.match(text)
    if m is None or m.end() >= len(text):
        return None
    rest = text[m.end() :].strip(" |·•—–-,")
    week = text[: m.end()].strip()
    if not rest or len(rest.split()) > 8 or not is_week_range_line(week):
        return None
    return week, rest


# _glued_parts of short lines that start with a number (mostly week ranges, which recur)
_GLUED: dict[str, tuple[str, str] | None] = {}


def _verdict_like(text: str) -> bool:
    """A short line starting "The situation …" / "Ситуация …" / "Сітуацыя …"."""
    return (
        _SITUATION_RE.match(text) is not None
        and len(text.split()) <= 8
        and not text.rstrip().endswith("?")
    )


def _looks_like_section(text: str) -> bool:
    t = text.strip()
    return len(t) <= 60 and len(t.split()) <= 6 and t[-1] not in _TERMINAL and "," not in t


def _year_from_dates(
    lines: list[_L],
    article: list[int],
    paragraphs: list[_L],
    published_on: date | None,
    week_text: str,
) -> int | None:
    """The end-date year that puts a year-less week nearest the commentary's own dates."""
    refs: list[date] = []
    if published_on is not None:
        refs.append(published_on)
    for i in article:
        if lines[i].kind in (DATELINE, PUBLISHED) and lines[i].when is not None:
            refs.append(lines[i].when)  # type: ignore[arg-type]
    if not refs:
        for p in paragraphs:
            for d, _ in find_dates(p.text):
                refs.append(d)
                break
            if refs:
                break
    if not refs:
        return None
    ref = refs[0]
    best: tuple[int, int] | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            _, end = parse_week_range(week_text, year=y)
        except WeekError:
            continue
        gap = abs((ref - end).days)
        if best is None or gap < best[0]:
            best = (gap, y)
    return best[1] if best else None
