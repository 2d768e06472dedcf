"""Markdown notes with an optional YAML front matter.

Front matter fields are named as in :class:`~tracker.models.Commentary` (``headline``,
``section``, ``status``, ``status_text``, ``lead``, ``week_start``, ``week_end``,
``language``, ``authors``, ``published_on``, ``url``, ``source``, ``issue``), plus ``week``
for a written range ("July 15 – July 21, 2019" or "2019-W29") and a few aliases (``title``,
``date``, ``author``, ``verdict``).  The body is below; the lead is its first paragraph unless
``lead:`` is given.  Without enough front matter the body is read like a text page.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from tracker.errors import ParseError, WeekError
from tracker.models import Commentary
from tracker.parse.language import detect_language
from tracker.parse.page import Line, PageHints, PageResult, read_page
from tracker.vocab import Vocabulary
from tracker.weeks import parse_date, parse_week_range, week_bounds

__all__ = ["markdown_paragraphs", "read_markdown"]

_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
_ALIASES = {
    "title": "headline",
    "headline": "headline",
    "section": "section",
    "category": "section",
    "rubric": "section",
    "status": "status",
    "verdict": "status",
    "status_text": "status_text",
    "lead": "lead",
    "summary": "lead",
    "week": "week",
    "week_range": "week",
    "week_start": "week_start",
    "week_end": "week_end",
    "language": "language",
    "lang": "language",
    "authors": "authors",
    "author": "authors",
    "by": "authors",
    "published_on": "published_on",
    "published": "published_on",
    "date": "published_on",
    "url": "url",
    "link": "url",
    "source": "source",
    "issue": "issue",
}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[([^\]]{0,500})\]\([^)]{0,2000}\)")
_LINK = re.compile(r"\[([^\]]{0,500})\]\([^)]{0,2000}\)")
_REF_LINK = re.compile(r"\[([^\]]{0,500})\]\[[^\]]{0,200}\]")
_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.{0,2000}?\S)\1")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?){1,5}")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]{1,200}\]:\s")


def _inline(text: str) -> str:
    if "[" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    if "*" not in text and "_" not in text and "`" not in text:
        return text.replace("\\", "") if "\\" in text else text
    for _ in range(3):
        new = _EMPH.sub(r"\2", text)
        if new == text:
            break
        text = new
    return text.replace("\\", "") if "\\" in text else text


def _markdown_lines(body: str, first_lineno: int) -> list[Line]:
    """Markdown body -> lines for the page reader (headings hinted, syntax removed)."""
    body = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    out: list[Line] = []
    block = 0
    in_code = False
    for n, raw in enumerate(body.splitlines(), start=first_lineno):
        s = raw.strip()
        if s.startswith("```") or s.startswith("~~~"):
            in_code = not in_code
            block += 1
            continue
        if in_code:
            continue
        if not s or (s[0] in "-*_[" and (_RULE.match(s) or _LINK_DEF.match(s))):
            block += 1
            continue
        hint = ""
        m = _HEADING.match(s) if s[0] == "#" else None
        if m:
            level = len(m.group(1))
            hint = "h1" if level == 1 else f"h{level}"
            s = m.group(2)
            block += 1
        elif s[0] in ">-*+0123456789":
            s = _QUOTE.sub("", s)
            s = _LIST.sub("", s)
        s = _inline(s).strip()
        if s:
            out.append(Line(s, n, hint, block))
            if hint:
                block += 1
    return out


def markdown_paragraphs(lines: list[Line]) -> list[Line]:
    """Join the lines of each block into one paragraph (headings stay apart)."""
    out: list[Line] = []
    for line in lines:
        if out and out[-1].block == line.block and not line.hint and not out[-1].hint:
            prev = out[-1]
            out[-1] = Line(prev.text + " " + line.text, prev.lineno, prev.hint, prev.block)
        else:
            out.append(Line(line.text, line.lineno, line.hint, line.block))
    return out


_LOADER: Any = None


def _yaml_loader() -> Any:
    """A safe YAML loader (the C one when there) that leaves dates as text for parse_date."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class _Loader(base):  # type: ignore[misc,valid-type]
            pass

        def _as_str(loader: Any, node: Any) -> Any:
            return loader.construct_scalar(node)

        _Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_str)
        _LOADER = _Loader
    return _LOADER


def _split_front_matter(text: str, path: str) -> tuple[dict[str, Any] | None, str, int]:
    """(front matter or None, body, line number of the body's first line)."""
    lines = text.splitlines()
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        return None, text, 1
    for i in range(1, min(len(lines), 2000)):
        if _FENCE.match(lines[i]):
            import yaml

            raw = "\n".join(lines[1:i])
            try:
                data = yaml.load(raw, Loader=_yaml_loader()) if raw.strip() else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 2 if mark is not None else 1
                problem = getattr(exc, "problem", None) or "malformed YAML"
                raise ParseError(
                    f"the front matter is not valid YAML: {problem}", path=path, line=line
                ) from None
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise ParseError(
                    "the front matter must be a mapping of field: value", path=path, line=2
                )
            return data, "\n".join(lines[i + 1 :]), i + 2
    raise ParseError(
        "the front matter starting at line 1 is never closed with '---'", path=path, line=1
    )


_FIELD_LINE = re.compile(r"^([A-Za-z_][\w-]{0,40})\s*:")


def _field_lines(text: str, limit: int = 2000) -> dict[str, int]:
    """The first line of each ``name:`` among the first ``limit`` lines (at most 2,000)."""
    out: dict[str, int] = {}
    for n, line in enumerate(text.splitlines()[: min(limit, 2000)], start=1):
        m = _FIELD_LINE.match(line)
        if m and m.group(1).lower() not in out:
            out[m.group(1).lower()] = n
    return out


def _as_text(value: Any, name: str, path: str, line: int | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float | date) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    raise ParseError(f"front matter field {name!r} must be text", path=path, line=line)


def _as_date(value: Any, name: str, path: str, line: int | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except WeekError as exc:
        raise WeekError(
            f"front matter field {name!r}: {exc.message}", path=path, line=line
        ) from None


def read_markdown(
    text: str,
    *,
    path: str,
    vocabulary: Vocabulary,
    year: int | None = None,
    source: str | None = None,
) -> PageResult:
    """Read one commentary from a Markdown note."""
    front, body_text, body_line = _split_front_matter(text, path)
    lines = _markdown_lines(body_text, body_line)
    if front is None:
        return read_page(
            markdown_paragraphs(lines), path=path, vocabulary=vocabulary, year=year, source=source
        )
    # the front matter's own lines first; the rest only for a field not written there
    where = _field_lines(text, limit=body_line - 1)
    if any(str(k).lower() not in where for k in front):
        where = _field_lines(text)
    fm: dict[str, Any] = {}
    for k, v in front.items():
        name = _ALIASES.get(str(k).strip().lower().replace("-", "_").replace(" ", "_"))
        if name is not None and name not in fm:
            fm[name] = (v, where.get(str(k).lower()))

    def get(name: str) -> Any:
        return fm[name][0] if name in fm else None

    def line_of(name: str) -> int | None:
        return fm[name][1] if name in fm else None

    headline = _as_text(get("headline"), "headline", path, line_of("headline"))
    section = _as_text(get("section"), "section", path, line_of("section"))
    status_raw = _as_text(get("status"), "status", path, line_of("status"))
    status = (
        vocabulary.status_of(status_raw, path=path, line=line_of("status"))
        if status_raw is not None
        else None
    )
    status_text = _as_text(get("status_text"), "status_text", path, line_of("status_text"))
    if status_text is None and status_raw is not None and not vocabulary.is_status(status_raw):
        status_text = status_raw
    authors_raw = get("authors")
    if authors_raw is None:
        authors: list[str] = []
    elif isinstance(authors_raw, list):
        authors = [str(a).strip() for a in authors_raw if str(a).strip()]
    elif isinstance(authors_raw, str):
        authors = [a.strip() for a in re.split(r",|;| and ", authors_raw) if a.strip()]
    else:
        raise ParseError(
            "front matter field 'authors' must be a list", path=path, line=line_of("authors")
        )
    published_on = _as_date(get("published_on"), "published_on", path, line_of("published_on"))

    # the week
    week_start = _as_date(get("week_start"), "week_start", path, line_of("week_start"))
    week_end = _as_date(get("week_end"), "week_end", path, line_of("week_end"))
    week_raw = get("week")
    if week_raw is not None and week_start is None:
        if isinstance(week_raw, date):
            week_start, week_end = week_bounds(week_raw)
        else:
            value = str(week_raw).strip()
            ref_year = year if year is not None else (published_on.year if published_on else None)
            if re.match(r"^\d{4}-?W\d", value, re.I) or re.match(r"^\d{4}-\d\d-\d\d$", value):
                week_start, week_end = week_bounds(
                    _as_date(value, "week", path, line_of("week")) or date.min
                )
            else:
                week_start, week_end = parse_week_range(
                    value, year=ref_year, path=path, line=line_of("week")
                )
    if week_start is not None and week_end is None:
        week_end = week_start + timedelta(days=6)
    if week_end is not None and week_start is None:
        raise ParseError(
            "front matter gives week_end but no week_start", path=path, line=line_of("week_end")
        )

    paragraphs = markdown_paragraphs(lines)
    if headline is None or week_start is None or week_end is None:
        # Not enough front matter: read the body as a page, then let the front matter win.
        hints = PageHints(
            headline=headline, published_on=published_on, authors=authors, section=section
        )
        page = read_page(
            paragraphs, path=path, vocabulary=vocabulary, year=year, source=source, hints=hints
        )
        out = []
        for c in page.commentaries:
            updates: dict[str, Any] = {}
            if headline:
                updates["headline"] = headline
            if week_start is not None and week_end is not None:
                updates["week_start"], updates["week_end"] = week_start, week_end
            if status_raw is not None:
                updates["status"], updates["status_text"] = status, status_text
            for name in ("url", "issue", "language"):
                v = _as_text(get(name), name, path, line_of(name))
                if v is not None:
                    updates[name] = v
            if get("source") is not None:
                updates["source"] = _as_text(get("source"), "source", path, line_of("source"))
            if get("lead") is not None:
                updates["lead"] = _as_text(get("lead"), "lead", path, line_of("lead"))
            out.append(c.model_copy(update=updates))
        return PageResult(out, page.skipped)

    # Body paragraphs: drop a heading repeating the headline and a verdict line.
    hkey = " ".join(headline.casefold().split())
    kept: list[str] = []
    for p in paragraphs:
        if " ".join(p.text.casefold().split()) == hkey:
            continue
        found = vocabulary.match(p.text) if len(p.text) <= 200 else None
        if found is not None and not kept:
            if status is None:
                status, status_text = found, p.text.strip()
            elif found != status:
                raise ParseError(
                    f"the front matter says {status!r} but line {p.lineno} says {p.text!r}",
                    path=path,
                    line=p.lineno,
                )
            continue
        kept.append(p.text)
    lead = _as_text(get("lead"), "lead", path, line_of("lead"))
    if lead is None and kept:
        lead = kept.pop(0)
    elif lead is not None and kept and " ".join(kept[0].split()) == " ".join(lead.split()):
        kept.pop(0)
    body = "\n\n".join(kept) or None
    language = _as_text(get("language"), "language", path, line_of("language"))
    if language is None:
        language = detect_language(" ".join([lead or "", body or ""]) if lead or body else headline)
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
            language=language,
            authors=authors,
            published_on=published_on,
            url=_as_text(get("url"), "url", path, line_of("url")),
            source=_as_text(get("source"), "source", path, line_of("source")) or source,
            issue=_as_text(get("issue"), "issue", path, line_of("issue")),
            origin=path,
            line=1,
        )
    except ValidationError as exc:
        msg = "; ".join(str(e.get("msg", "")) for e in exc.errors())
        raise ParseError(f"invalid front matter: {msg}", path=path, line=1) from None
    return PageResult([commentary])
