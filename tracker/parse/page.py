"""The layout of one bulletin page, whatever its format: which line is what.

The text, HTML and Markdown readers turn a page into :class:`Line` objects (one per
paragraph-ish line, with the source line number and, from HTML, a hint of the element it
came from) and call :func:`read_page`.  It classifies every line (week range, verdict,
section, author, caption, stamp, furniture…), finds the article among the furniture, and
returns one :class:`~tracker.models.Commentary` — or a reason to skip the page (a listing
page), or raises an :class:`~tracker.errors.InputError` subclass naming the file and line.

Layouts vary between site generations: the by-line, week range, section, headline and
verdict come in any order, the headline may be repeated (before or after the lead, or not at
all), and furniture may sit before, between and after.  The rules, in order:

1. Sidebars ("Situation in Belarus" + another week) and single furniture lines are dropped.
2. A page with several headline + week pairs and no body between them is a listing page.
3. The header runs from the first week/verdict/status label to the first paragraph (the
   lead); the article ends at the first trailing-furniture marker or the next item's week.
4. The headline is the header line that is repeated, else the one before the verdict, else
   the HTML ``<h1>``, else the header's title-like line; a short line beside the week range
   is the section.

The lines and how each is classified are in :mod:`tracker.parse.lines`; what the classified
lines say beyond their kinds (glued week ranges, the publication stamp, the year the dates
imply) in :mod:`tracker.parse.layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from tracker.errors import ParseError
from tracker.models import UNDATED_WEEK, Commentary
from tracker.parse import furniture as fur
from tracker.parse.language import detect_language
from tracker.parse.layout import (
    _first_sentence,
    _looks_like_section,
    _publication_stamp,
    _split_glued,
    _verdict_like,
    _year_from_dates,
)
from tracker.parse.lines import (
    _DIGIT,
    _END_SENTENCE,
    _L,
    _SITUATION_RE,
    AUTHOR,
    DATELINE,
    LABEL,
    OTHER,
    PUBLISHED,
    SECTION,
    SECTION_NAMES,
    SIDEBAR,
    TAIL,
    URL,
    VERDICT,
    WEEK,
    Line,
    _classify_memo,
    _is_paragraph,
    _is_title_like,
    _join_wrapped,
    _mark_sidebars,
    _norm_headline,
)
from tracker.vocab import Vocabulary
from tracker.weeks import parse_week_range, week_ended_before

__all__ = ["SECTION_NAMES", "Line", "PageHints", "PageResult", "read_page"]


@dataclass
class PageHints:
    """What a format knows besides the lines (HTML meta tags, front matter)."""

    headline: str | None = None
    published_on: date | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None


# The titles of a site's own pages ("About monitoring", "Контакты"): with no verdict and no
# section, such a page is the site talking about itself, not a commentary.
_SITE_PAGE = re.compile(
    r"(about|contacts?|contact us|subscribe|subscription|privacy|partners|our team|team|"
    r"donate|support us|о нас|о проекте|о мониторинге|контакты|подписка|партн[её]ры|команда|"
    r"пра нас|пра праект|пра маніторынг|кантакты|падпіска|партнёры|каманда)\b",
    re.IGNORECASE,
)


@dataclass
class PageResult:
    commentaries: list[Commentary]
    skipped: str | None = None


# Tail markers that also sit between the header and the lead (share/print buttons, tags):
# before the lead they are skipped, after it they end the article.
_WEAK_TAIL = {
    fur.key(p)
    for p in (
        "share",
        "share this",
        "share this article",
        "поделиться",
        "падзяліцца",
        "tags",
        "теги",
        "тэгі",
        "comments",
        "комментарии",
        "каментары",
    )
}


@dataclass
class _Ctx:
    path: str
    year: int | None
    source: str | None
    vocab: Vocabulary


def read_page(
    raw_lines: list[Line],
    *,
    path: str,
    vocabulary: Vocabulary,
    year: int | None = None,
    source: str | None = None,
    hints: PageHints | None = None,
) -> PageResult:
    """One commentary from the lines of a page, or a skip reason; raises InputError."""
    hints = hints or PageHints()
    ctx = _Ctx(path=path, year=year, source=source, vocab=vocabulary)
    lines = []
    for r in raw_lines:
        joined = r.text
        if (
            "  " in joined
            or "\t" in joined
            or "\xa0" in joined
            or joined[:1].isspace()
            or joined[-1:].isspace()
        ):
            joined = " ".join(joined.split())
        if not joined:
            continue
        line = _L(joined, r.lineno, r.hint, r.block)
        if len(joined) <= 120 and _DIGIT.search(joined, 0, 24) is not None:
            lines.extend(_split_glued(line))
        else:
            lines.append(line)
    if not lines:
        raise ParseError("the page has no text", path=path)
    last = len(lines) - 1
    memo = vocabulary.reader_cache("page.classify")
    for i, line in enumerate(lines):
        _classify_memo(line, vocabulary, i == last, memo)
    lines = _join_wrapped(lines)
    _mark_sidebars(lines)

    weeks = [i for i, line in enumerate(lines) if line.kind == WEEK]

    # ---- listing pages: several week + headline pairs with no body between them
    if len(weeks) >= 2:
        between = lines[weeks[0] + 1 : weeks[1]]
        paras = [x for x in between if x.kind == OTHER and _is_paragraph(x.text)]
        # (a home page may show a verdict and a one-paragraph excerpt per item)
        if not paras or (
            len(weeks) >= 3 and len(paras) <= 1 and sum(len(x.text) for x in paras) < 600
        ):
            heads = sum(
                1
                for i in weeks
                if any(
                    lines[j].kind == OTHER and _is_title_like(lines[j].text)
                    for j in range(max(0, i - 3), min(len(lines), i + 4))
                )
            )
            n = max(heads, len(weeks))
            return PageResult([], skipped=f"listing page: {n} headlines, no commentary body")

    # ---- the header anchor: first week / verdict / label / h1 / title line
    anchor = None
    for i, line in enumerate(lines):
        if line.kind in (WEEK, VERDICT, LABEL) or line.hint == "h1":
            anchor = i
            break
    if anchor is None:
        hinted = _norm_headline(hints.headline) if hints.headline else None
        if hinted is not None and not any(
            _norm_headline(x.text) == hinted for x in lines[:60] if len(x.text) <= 300
        ):
            anchor = 0  # the title is only in the page's metadata: the text starts the article
        else:
            anchor = next(
                (i for i, x in enumerate(lines) if x.kind == OTHER and _is_title_like(x.text)), 0
            )
            prose = [i for i, x in enumerate(lines) if x.kind == OTHER and _is_paragraph(x.text)]
            if (
                prose
                and prose[0] < anchor
                and (
                    prose[-1] < anchor  # short lines only after the text
                    or any(x.kind == TAIL for x in lines[prose[0] : anchor])  # or after its end
                )
            ):
                anchor = 0  # the text comes first: a page without its title line
    # Title-like lines just before the anchor belong to the header (headline first layouts).
    # Furniture, stamps and captions in between are stepped over (they are dropped later).
    start = anchor
    back = anchor
    while back > 0 and anchor - back < 12:
        prev = lines[back - 1]
        if prev.kind in (TAIL, SIDEBAR, VERDICT, LABEL):
            break
        if prev.kind == OTHER and not _is_title_like(prev.text):
            break
        back -= 1
        if prev.kind in (OTHER, SECTION, AUTHOR, WEEK, DATELINE, PUBLISHED):
            start = back

    # ---- the lead: first paragraph after the anchor (the header's lines are short)
    # A verdict close after the anchor ends the header even when a long headline before it
    # reads like a sentence; a line that comes twice near the top is the headline, not prose.
    lead_from = anchor
    for j in range(anchor, min(len(lines), anchor + 8)):
        if lines[j].kind in (VERDICT, LABEL):
            lead_from = j
            break
        if lines[j].kind == OTHER and len(lines[j].text) > 250:
            break
    top_keys: dict[str, int] = {}
    for x in lines[start : min(len(lines), lead_from + 12)]:
        if x.kind == OTHER and len(x.text) <= 300 and x.text[-1] in _END_SENTENCE:
            k = x.text.casefold()
            top_keys[k] = top_keys.get(k, 0) + 1
    lead_at = None
    for i in range(lead_from, len(lines)):
        line = lines[i]
        if line.kind == OTHER and _is_paragraph(line.text) and line.hint not in ("h1", "h2"):
            if len(line.text) <= 300 and top_keys.get(line.text.casefold(), 0) >= 2:
                continue  # the headline, repeated
            lead_at = i
            break
        if line.kind == TAIL and i > anchor and fur.key(line.text) not in _WEAK_TAIL:
            break
    # ---- the end of the article
    end = len(lines)
    scan_from = lead_at if lead_at is not None else anchor + 1
    for i in range(scan_from, len(lines)):
        line = lines[i]
        if line.kind in (TAIL, SIDEBAR):
            end = i
            break
        if line.kind == WEEK and i > anchor and lead_at is not None and i > lead_at:
            end = i
            # the next item's headline sits just before its week range
            if (
                end - 1 > lead_at
                and lines[end - 1].kind == OTHER
                and _is_title_like(lines[end - 1].text)
            ):
                end -= 1
            break
    header_end = lead_at if lead_at is not None else end
    header = list(range(start, header_end))
    article = list(range(start, end))

    # ---- verdict(s)
    status: str | None = None
    status_text: str | None = None
    status_line: int | None = None
    consumed: set[int] = set()
    for i in article:
        line = lines[i]
        found: str | None = None
        text: str | None = None
        if line.kind == VERDICT:
            found, text = line.status, line.text.strip()
        elif line.kind == LABEL:
            consumed.add(i)
            value = (line.value or "").strip()
            if not value and i + 1 < end:
                nxt = lines[i + 1]
                t = nxt.text.strip().lstrip("-–—• ").strip()
                inner = t.strip("()[] ")
                if nxt.kind == VERDICT or (
                    t.startswith("(")
                    and t.endswith(")")
                    and (
                        ctx.vocab.match(inner) is not None
                        or ctx.vocab.is_status(inner)
                        or _SITUATION_RE.match(inner)
                    )
                ):
                    value = t
                    consumed.add(i + 1)
            value = value.strip().strip('()[]«»"“”').strip()
            if not value or value in ("-", "—", "–"):
                continue
            found = ctx.vocab.status_of(value, path=path, line=line.lineno)
            text = value
        if found is None:
            continue
        if status is not None and found != status:
            raise ParseError(
                f"two verdict lines disagree: line {status_line} says {status_text!r} "
                f"({status}), line {line.lineno} says {text!r} ({found})",
                path=path,
                line=line.lineno,
                hint="keep the right one and read the page again",
            )
        if status is None:
            status, status_text, status_line = found, text, line.lineno
        consumed.add(i)
    # ---- week range
    # (never after the article's end: "Similar articles" and sidebars belong to other items)
    week_idx = [i for i in article if lines[i].kind == WEEK]
    if not week_idx:
        week_idx = [i for i in range(end) if lines[i].kind == WEEK]
    wi: int | None = None
    week_line: _L | None = None
    if week_idx:
        with_year = [i for i in week_idx if lines[i].has_year]
        wi = with_year[0] if with_year else week_idx[0]
        week_line = lines[wi]
    # A stamp is evidence only where the page prints no range (a migrated page's stamp may be
    # the migration's, years after the week it printed).
    stamp = (
        None
        if week_line is not None
        else _publication_stamp(lines, end, header_end, hints.published_on, path)
    )

    # ---- section
    section: str | None = hints.section
    section_idx: int | None = None
    for i in header:
        if lines[i].kind == SECTION:
            section = lines[i].value
            section_idx = i
            break

    # ---- headline
    candidates = [i for i in header if lines[i].kind == OTHER and _is_title_like(lines[i].text)]
    if not candidates:  # a headline long enough to read like a sentence
        candidates = [i for i in header if lines[i].kind == OTHER and len(lines[i].text) <= 300]
    counts: dict[str, int] = {}
    near = {len(lines[i].text) + d for i in candidates for d in range(-8, 9)}
    for i in article:
        line = lines[i]
        if line.kind == OTHER and len(line.text) in near:
            k = _norm_headline(line.text)
            counts[k] = counts.get(k, 0) + 1
    headline_idx: int | None = None
    if hints.headline and wi is None and status_line is None:
        hk = _norm_headline(hints.headline)
        if not any(_norm_headline(lines[i].text) == hk for i in candidates):
            candidates = []  # a page that states only its title's metadata: that is the title
    repeated = [i for i in candidates if counts.get(_norm_headline(lines[i].text), 0) >= 2]
    h1 = [i for i in candidates if lines[i].hint == "h1"]
    if repeated:
        headline_idx = repeated[0]
    elif h1:
        headline_idx = h1[0]
    elif hints.headline:
        hk = _norm_headline(hints.headline)
        same = [i for i in candidates if _norm_headline(lines[i].text) == hk]
        headline_idx = same[0] if same else None
    if headline_idx is None and candidates:
        pool = candidates
        if section_idx is None and len(candidates) > 1:
            # a short line beside the week range is the section
            for i in candidates:
                if wi is not None and abs(i - wi) == 1 and _looks_like_section(lines[i].text):
                    section, section_idx = lines[i].text.strip(), i
                    pool = [c for c in candidates if c != i]
                    break
        if status_line is not None:
            vi = next(i for i in article if lines[i].lineno == status_line)
            before = [i for i in pool if i < vi]
            after = [i for i in pool if i > vi]
            headline_idx = before[-1] if before else (after[0] if after else None)
        else:
            # without a verdict, a short "The situation …" line is a verdict the vocabulary
            # lacks rather than the headline, unless nothing else can be
            plain = [i for i in pool if not _verdict_like(lines[i].text)] or pool
            headline_idx = plain[-1] if plain else None
    headline: str | None = None
    if headline_idx is not None:
        headline = lines[headline_idx].text.strip()
        if section_idx is None and section is None:
            for i in candidates:
                if (
                    i != headline_idx
                    and wi is not None
                    and abs(i - wi) == 1
                    and _looks_like_section(lines[i].text)
                    and _norm_headline(lines[i].text) != _norm_headline(headline)
                ):
                    section, section_idx = lines[i].text.strip(), i
                    break
    elif hints.headline:
        headline = hints.headline.strip()
    if not headline and lead_at is not None:
        # A text that lost its title line (a reader view, a cut page): its first sentence
        # stands for the headline rather than the commentary being refused.
        headline = _first_sentence(lines[lead_at].text)
    if not headline and lead_at is None and status is None:
        return PageResult([], skipped="no commentary: only site furniture")
    if not headline:
        raise ParseError(
            "no headline found",
            path=path,
            line=lines[start].lineno,
            hint="the page needs a headline line near its week range and verdict",
        )
    if status is None and not section:
        # the page's title may be too short to be taken for a headline ("О проекте"): then
        # the headline is the lead's first sentence, and the title the page's first line
        titles = [headline]
        if lead_at is not None and headline == _first_sentence(lines[lead_at].text):
            titles.append(lines[0].text)
        for title in titles:
            if _SITE_PAGE.match(title) and len(title.split()) <= 4:
                return PageResult(
                    [], skipped=f"a page about the site ({title!r}), not a commentary"
                )
    hkey = _norm_headline(headline)

    # ---- a verdict-like line the vocabulary does not know is an error, never a guess
    if status is None:
        for i in header:
            line = lines[i]
            if (
                i not in (headline_idx, section_idx)
                and line.kind == OTHER
                and _verdict_like(line.text)
                and _norm_headline(line.text) != hkey
            ):
                ctx.vocab.status_of(line.text, path=path, line=line.lineno)

    # ---- a short lead: a finished sentence after every header line
    if lead_at is not None:
        marks = [i for i in (headline_idx, wi, section_idx, *consumed) if i is not None]
        marks = [i for i in marks if i < lead_at]
        for i in range(max(marks, default=start) + 1, lead_at):
            line = lines[i]
            if (
                line.kind == OTHER
                and line.text[-1] in _END_SENTENCE
                and len(line.text.split()) >= 2
                and _norm_headline(line.text) != hkey
            ):
                lead_at = i
                break

    # ---- authors, dates
    url = hints.url
    if url is None:
        url = next((lines[i].value for i in range(start, end) if lines[i].kind == URL), None)
    authors: list[str] = list(hints.authors)
    published_on = hints.published_on
    for i in article:
        line = lines[i]
        if line.kind == AUTHOR:
            for a in line.authors:
                if a not in authors:
                    authors.append(a)
            if line.when and published_on is None:
                published_on = line.when
        elif line.kind == PUBLISHED and published_on is None:
            published_on = line.when
    if published_on is None and stamp is not None:
        published_on = stamp[0]

    # ---- lead and body
    paragraphs: list[_L] = []
    if lead_at is not None:
        for i in range(lead_at, end):
            line = lines[i]
            if i in consumed or line.kind != OTHER:
                continue
            if abs(len(line.text) - len(headline)) <= 8 and _norm_headline(line.text) == hkey:
                continue
            if line.hint in ("caption",):
                continue
            paragraphs.append(line)
    lead = paragraphs[0].text if paragraphs else None
    body = "\n\n".join(p.text for p in paragraphs[1:]) or None

    # ---- the week's dates (a missing year comes from this commentary's own dates)
    week_start, week_end = UNDATED_WEEK
    week_basis: str | None = None
    week_note: str | None = None
    ref_year = year
    if week_line is not None and not week_line.has_year and ref_year is None:
        ref_year = _year_from_dates(lines, article, paragraphs, published_on, week_line.text)
    if week_line is not None and (week_line.has_year or ref_year is not None):
        week_start, week_end = parse_week_range(
            week_line.text, year=ref_year, path=path, line=week_line.lineno
        )
        week_basis = "page"
    elif week_line is not None:
        # A range without a year and nothing on the page to give one (a stamp years later
        # may be a migration's): undated rather than refused, or guessed from the stamp.
        week_note = (
            f"the range {week_line.text!r} (line {week_line.lineno}) has no year: give --year"
        )
    elif stamp is not None:
        # No range on the page: a bulletin assesses the week that ended before it appeared
        # (an ingest may re-map this with the source's own offset, learned from its pages).
        week_start, week_end = week_ended_before(stamp[0])
        week_basis = "published"
        week_note = f"the week that ended before the stamp {stamp[1]!r} (line {stamp[2]})"

    language = detect_language(" ".join([lead or "", body or ""]) if (lead or body) else headline)
    first_line = min(
        [lines[i].lineno for i in (headline_idx, wi, section_idx) if i is not None]
        + ([status_line] if status_line is not None else []),
        default=lines[lead_at if lead_at is not None else start].lineno,
    )
    try:
        commentary = Commentary(
            headline=headline,
            section=section,
            status=status,
            status_text=status_text,
            lead=lead,
            body=body,
            week_start=week_start,
            week_end=week_end,
            week_basis=week_basis,
            week_note=week_note,
            language=language,
            authors=authors,
            published_on=published_on,
            url=url,
            source=source,
            origin=path,
            line=first_line,
        )
    except ValidationError as exc:
        msg = "; ".join(str(e.get("msg", "")) for e in exc.errors())
        raise ParseError(f"invalid commentary: {msg}", path=path, line=first_line) from None
    return PageResult([commentary])
