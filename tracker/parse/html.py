"""Saved HTML pages: take the article, not the navigation, sidebars or footers.

BeautifulSoup with lxml builds the tree (imported only when an HTML page is read).  The
article element is chosen (``<article>``, ``[itemprop=articleBody]``'s article, ``<main>``,
a content ``<div>``…), elements that are furniture by tag or class are removed, and the rest
is flattened into lines — one per block element, with hints (``h1``, ``caption``,
``author``, ``time``, ``section``) — for :func:`tracker.parse.page.read_page`.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Any

from tracker.parse.page import Line, PageHints, PageResult, read_page
from tracker.vocab import Vocabulary
from tracker.weeks import find_dates

__all__ = ["read_html"]

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "footer",
    "dialog",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "map",
    "head",
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "pre",
        "address",
        "main",
        "hr",
        "caption",
        "details",
        "summary",
        "center",
    ]
)
_FURNITURE_CLASS = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|sidebar|side|widget|widgets|related|similar|"
    r"subscribe|subscription|newsletter|mailing|share|sharing|social|socials|footer|"
    r"breadcrumb|breadcrumbs|comment|comments|cookie|cookies|banner|advert|advertisement|ads|"
    r"promo|popup|modal|lang|language|languages|langs|lang-switch|switcher|tags|tag-list|"
    r"read-more|readmore|more-articles|recommend|recommended|toolbar|print|pagination|"
    r"pager|rating|donate)(?:$|[-_])",
    re.IGNORECASE,
)
_CONTENT_CLASS = re.compile(
    r"(?:^|[-_])(?:content|post|entry|article|story|node|text|body|single|material|publication)"
    r"(?:$|[-_])",
    re.IGNORECASE,
)
_AUTHOR_CLASS = re.compile(r"(?:^|[-_])(?:author|authors|byline|writer)(?:$|[-_])", re.I)
_SECTION_CLASS = re.compile(
    r"(?:^|[-_])(?:category|rubric|rubrika|section-name|kicker)(?:$|[-_])", re.I
)
_CAPTION_CLASS = re.compile(
    r"(?:^|[-_])(?:caption|credit|credits|photo-credit|image-credit|wp-caption-text)(?:$|[-_])",
    re.I,
)
_DATE_CLASS = re.compile(r"(?:^|[-_])(?:date|time|published|posted|meta)(?:$|[-_])", re.I)
_STATUS_CLASS = re.compile(r"(?:^|[-_])(?:status|verdict|trend|assessment)(?:$|[-_])", re.I)
_STATUS_WORD = re.compile(
    r"(?:^|[-_])(improved|unchanged|deteriorated|better|worse|stable)(?:$|[-_])", re.I
)
_UPDATED_CLASS = re.compile(r"(?:^|[-_])(?:updated|modified)(?:$|[-_])", re.I)
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


def _classes(tag: Any) -> list[str]:
    cls = tag.get("class") or []
    if isinstance(cls, str):
        cls = cls.split()
    ident = tag.get("id")
    if isinstance(ident, str):
        cls = [*cls, ident]
    return [str(c) for c in cls]


def _matches(tag: Any, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(c) for c in _classes(tag))


def _text_len(tag: Any) -> int:
    return len(tag.get_text(" ", strip=True))


def _meta(soup: Any, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag is not None:
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return content.strip()
    return None


def _date_of(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    for d, _ in find_dates(value):
        return d
    return None


def _choose_root(soup: Any) -> Any:
    body = soup.body or soup
    articles = [a for a in body.find_all("article") if _text_len(a) > 0]
    if articles:
        sized = sorted(((_text_len(a), i) for i, a in enumerate(articles)), reverse=True)
        if len(sized) == 1 or sized[0][0] >= 2 * sized[1][0]:
            return articles[sized[0][1]]
        return body  # several similar articles: a listing page, judged on the whole
    inner = body.find(attrs={"itemprop": "articleBody"})
    if inner is not None:
        parent = inner.parent
        return parent if parent is not None else inner
    main = body.find("main") or body.find(attrs={"role": "main"})
    if main is not None:
        return main
    best = None
    best_len = 0
    for div in body.find_all(["div", "section"]):
        if _matches(div, _CONTENT_CLASS) and not _matches(div, _FURNITURE_CLASS):
            n = _text_len(div)
            if n > best_len:
                best, best_len = div, n
    if best is not None and best_len > 0.3 * _text_len(body):
        return best
    return body


class _Flattener:
    """Turns an element tree into lines, one per block, with hints."""

    def __init__(self, offsets: list[int], raw: str) -> None:
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.buf_hint = ""
        self.block = 0
        self.raw = raw
        self.offsets = offsets
        self.pos = 0

    def _lineno(self, text: str) -> int:
        probe = text[:24]
        found = self.raw.find(probe, self.pos) if probe else -1
        if found >= 0:
            self.pos = found
        return bisect.bisect_right(self.offsets, self.pos)

    def flush(self) -> None:
        if self.buf:
            text = " ".join("".join(self.buf).split())
            if text:
                self.lines.append(Line(text, self._lineno(text), self.buf_hint, self.block))
                self.block += 1
        self.buf = []
        self.buf_hint = ""

    def walk(self, node: Any, hint: str, depth: int = 0) -> None:
        from bs4.element import Comment, NavigableString, Tag

        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                s = str(child)
                if s.strip() or self.buf:
                    if not self.buf:
                        self.buf_hint = hint
                    self.buf.append(s)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.flush()
                continue
            if name in ("img", "picture", "source"):
                continue
            own = _hint_of(child) or hint
            if own == "status" and not child.get_text(strip=True):
                # a verdict shown only as an icon: class="status status--unchanged"
                for c in _classes(child):
                    m = _STATUS_WORD.search(c)
                    if m:
                        self.flush()
                        self.buf, self.buf_hint = [m.group(1)], "status"
                        self.flush()
                        break
                continue
            if name in _BLOCK_TAGS or own != hint:
                self.flush()
                if depth < 200:
                    self.walk(child, own, depth + 1)
                self.flush()
            else:
                if depth < 200:
                    self.walk(child, hint, depth + 1)


def _hint_of(tag: Any) -> str:
    name = str(tag.name)
    if name == "h1":
        return "h1"
    if name in ("h2", "h3", "h4", "h5", "h6"):
        return name
    if name in ("figcaption",) or _matches(tag, _CAPTION_CLASS):
        return "caption"
    if (tag.get("rel") and "author" in tag.get("rel")) or _matches(tag, _AUTHOR_CLASS):
        return "author"
    if (tag.get("rel") and "category" in " ".join(tag.get("rel"))) or _matches(tag, _SECTION_CLASS):
        return "section"
    if _matches(tag, _UPDATED_CLASS):
        return "updated"
    if name == "time":
        return "time"
    if _matches(tag, _DATE_CLASS):
        return "date"
    if _matches(tag, _STATUS_CLASS):
        return "status"
    return ""


def read_html(
    text: str,
    *,
    path: str,
    vocabulary: Vocabulary,
    year: int | None = None,
    source: str | None = None,
) -> PageResult:
    """Read one commentary from a saved HTML page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    hints = PageHints()
    canonical = soup.find("link", attrs={"rel": "canonical"})
    href = canonical.get("href") if canonical is not None else None
    hints.url = (href.strip() if isinstance(href, str) and href.strip() else None) or _meta(
        soup, "og:url"
    )
    hints.published_on = _date_of(
        _meta(soup, "article:published_time", "datePublished", "pubdate", "publish-date")
    )
    title = _meta(soup, "og:title", "twitter:title")
    if title is None and soup.title is not None and soup.title.string:
        title = _TITLE_SPLIT.split(str(soup.title.string).strip())[0]
    hints.headline = title

    root = _choose_root(soup)
    # Furniture by tag anywhere; by class only for elements that are not the root's parents.
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in root.find_all(True):
        if getattr(tag, "decomposed", False) or tag.attrs is None:
            continue
        if tag.name in ("h1",):
            continue
        if _matches(tag, _FURNITURE_CLASS) and tag.find("h1") is None:
            tag.decompose()
    for tag in root.find_all(attrs={"hidden": True}):
        tag.decompose()
    for tag in root.find_all(style=re.compile(r"display\s*:\s*none", re.I)):
        tag.decompose()

    offsets = [0]
    for m in re.finditer("\n", text):
        offsets.append(m.end())
    flat = _Flattener(offsets, text)
    body_tag = soup.body
    if body_tag is not None:
        start = text.find("<body")
        flat.pos = max(0, start)
    if root.find("h1") is None and soup.body is not None:
        outer = soup.body.find_all("h1")
        if len(outer) == 1:
            heading = " ".join(outer[0].get_text(" ").split())
            if heading:
                flat.lines.append(Line(heading, flat._lineno(heading), "h1", -1))
    flat.walk(root, "")
    flat.flush()
    return read_page(
        flat.lines, path=path, vocabulary=vocabulary, year=year, source=source, hints=hints
    )
