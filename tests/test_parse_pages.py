"""Every page of the test corpus (tests/data/pages) read field by field against its golden.

Each page ``x.txt`` / ``x.html`` / ``x.md`` has ``x.expected.json`` beside it: the
commentaries (in the ``tracker parse --format json`` shape plus ``line``), the skip reason
and encoding — or the error the page must raise.  Goldens are compared exactly; refresh them
only with ``TRACKER_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tracker.errors import TrackerError
from tracker.parse import SUPPORTED_EXTENSIONS, commentary_to_dict, read_path
from tracker.vocab import Vocabulary

PAGES = Path(__file__).parent / "data" / "pages"
UPDATE = os.environ.get("TRACKER_UPDATE_GOLDEN") == "1"


def _pages() -> list[Path]:
    return sorted(
        p
        for p in PAGES.iterdir()
        if p.suffix in SUPPORTED_EXTENSIONS and not p.name.endswith(".expected.json")
    )


def _golden_path(page: Path) -> Path:
    return page.with_name(page.stem + ".expected.json")


def _outcome(page: Path) -> dict[str, Any]:
    try:
        result = read_path(page, vocabulary=Vocabulary())
    except TrackerError as exc:
        return {
            "error": {
                "type": type(exc).__name__,
                "message": str(exc).replace(str(page), page.name),
                "line": getattr(exc, "line", None),
            }
        }
    commentaries = []
    for c in result.commentaries:
        item = commentary_to_dict(c)
        item["line"] = c.line
        assert c.origin == str(page)
        commentaries.append(item)
    return {"skipped": result.skipped, "encoding": result.encoding, "commentaries": commentaries}


def test_corpus_is_big_and_varied() -> None:
    pages = _pages()
    assert len(pages) >= 30
    assert {p.suffix for p in pages} >= {".txt", ".html", ".md"}
    names = " ".join(p.name for p in pages)
    for lang in ("en-", "ru-", "be-"):
        assert names.count(lang) >= 5


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_page_reads_as_its_golden(page: Path) -> None:
    got = _outcome(page)
    golden = _golden_path(page)
    if UPDATE:
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not golden.is_file():
        pytest.fail(f"{golden.name} is missing; write it (TRACKER_UPDATE_GOLDEN=1) and review it")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert got == expected
