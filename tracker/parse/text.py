"""Plain text as saved from a browser: one paragraph per line, furniture around it."""

from __future__ import annotations

from tracker.parse.page import Line, PageHints, PageResult, read_page
from tracker.vocab import Vocabulary

__all__ = ["read_text", "text_lines"]


def text_lines(text: str, *, first_lineno: int = 1) -> list[Line]:
    """Non-blank lines with their 1-based numbers; a blank line starts a new block."""
    out: list[Line] = []
    block = 0
    for n, raw in enumerate(text.splitlines(), start=first_lineno):
        stripped = raw.strip()
        if not stripped:
            block += 1
            continue
        out.append(Line(stripped, n, "", block))
    return out


def read_text(
    text: str,
    *,
    path: str,
    vocabulary: Vocabulary,
    year: int | None = None,
    source: str | None = None,
    hints: PageHints | None = None,
) -> PageResult:
    """Read one commentary from a plain-text page."""
    return read_page(
        text_lines(text), path=path, vocabulary=vocabulary, year=year, source=source, hints=hints
    )
