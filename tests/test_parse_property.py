"""Property tests: random and mangled input gives valid commentaries or a TrackerError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import TrackerError
from tracker.models import Commentary
from tracker.parse import read_string
from tracker.vocab import Vocabulary

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
PAGES = Path(__file__).parent / "data" / "pages"
V = Vocabulary()


def _corpus() -> list[str]:
    texts = []
    for folder in (PAGES, SEED):
        if folder.is_dir():
            for p in sorted(folder.glob("*.txt"))[:12]:
                raw = p.read_bytes()
                try:
                    texts.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    texts.append(raw.decode("cp1251"))
    return texts


CORPUS = _corpus()
FORMATS = ["text", "html", "markdown", "csv", "json", "jsonl"]
LINES = [
    "July 15 – July 21, 2019",
    "15 – 21 июля 2019",
    "December 30 – January 5",
    "The situation has not changed",
    "Ситуация ухудшилась",
    "Сітуацыя палепшылася",
    "Category status:",
    "(The situation has deteriorated)",
    "Security issues",
    "By Anna Lee",
    "Photo: Reuters",
    "Situation in Belarus",
    "View all",
    "Similar articles",
    "---",
    "headline: x",
    "week,headline,status",
    "<article><h1>x</h1>",
    "{",
    "",
]


def _check(result_commentaries: list[Commentary]) -> None:
    for c in result_commentaries:
        assert isinstance(c, Commentary)
        assert c.headline.strip()
        assert c.week_start <= c.week_end
        assert c.status in (None, *V.statuses)
        assert c.language in (None, "en", "ru", "be")


def _run(text: str, fmt: str) -> None:
    try:
        result = read_string(text, path="fuzz", fmt=fmt, vocabulary=V)
    except TrackerError:
        return
    _check(result.commentaries)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from(FORMATS))
def test_random_text(text: str, fmt: str) -> None:
    _run(text, fmt)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(LINES) | st.text(max_size=60), max_size=25), st.sampled_from(FORMATS)
)
def test_shuffled_page_lines(lines: list[str], fmt: str) -> None:
    _run("\n".join(lines), fmt)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mangled_real_pages(data: st.DataObject) -> None:
    if not CORPUS:
        return
    text = data.draw(st.sampled_from(CORPUS))
    lines = text.splitlines()
    ops = data.draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10_000)), max_size=6))
    for op, pos in ops:
        if not lines:
            break
        i = pos % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, data.draw(st.sampled_from(LINES)))
        elif op == 2:
            lines[i] = lines[i][: pos % (len(lines[i]) + 1)]  # cut mid-word
        else:
            j = (pos // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
    _run("\n".join(lines), data.draw(st.sampled_from(["text", "markdown", "html"])))


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_through_files(data: bytes) -> None:
    from tracker.parse import read_path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.txt"
        path.write_bytes(data)
        try:
            result = read_path(path, vocabulary=V)
        except TrackerError:
            return
        _check(result.commentaries)
