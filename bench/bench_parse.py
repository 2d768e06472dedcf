"""Parsing throughput: pages per second, single process, beside merely reading the files.

Generates a corpus of bulletin pages in a temporary folder — text pages in several site
layouts (with furniture, by-lines, captions, sidebars, migrated-archive labels, listing
pages), saved HTML pages and Markdown notes, in English, Russian and Belarusian — then times,
in the same run:

* ``read``:  ``path.read_bytes().decode()`` for every file (the floor), and
* ``parse``: :func:`tracker.parse.read_path` for every file (detect, decode, parse, validate).

Both are reported as wall time and as CPU time (``time.process_time``), per format too: on a
shared, loaded machine the CPU figures are the ones to compare.

Usage::

    python bench/bench_parse.py            # 10,000 pages
    python bench/bench_parse.py --pages 2000 --keep /tmp/corpus

Target (issue 3): at least 2,000 pages/s parsing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.parse import read_path
from tracker.vocab import Vocabulary

EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
RU_GEN = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip
BE_GEN = [
    "студзеня", "лютага", "сакавіка", "красавіка", "траўня", "чэрвеня",
    "ліпеня", "жніўня", "верасня", "кастрычніка", "лістапада", "снежня",
]  # fmt: skip

LANG = {
    "en": {
        "sections": ["Security issues", "Domestic politics", "Economy", "Foreign policy"],
        "verdicts": [
            "The situation has not changed",
            "The situation got worse",
            "The situation has gotten better",
            "The situation has deteriorated",
        ],
        "subjects": ["The ministry", "The government", "Parliament", "The central bank"],
        "verbs": ["announced", "postponed", "discussed", "approved", "criticised"],
        "objects": [
            "a new plan for the regions",
            "the budget for next year",
            "talks with its neighbours",
            "another set of rules for business",
        ],
        "tails": [
            "and analysts expect little change in the coming weeks.",
            "although officials avoided any firm commitments.",
            "which follows the pattern of previous months.",
        ],
        "furniture": [
            "You have been successfully subscribed",
            "Subscribe to our newsletter",
            "Once a week we send a short digest of our commentaries in three languages.",
            "Situation in Belarus",
            "{short}",
            "View all",
            "Subscribe to us",
            "Read more",
        ],
    },
    "ru": {
        "sections": ["Вопросы безопасности", "Внутренняя политика", "Экономика"],
        "verdicts": ["Ситуация не изменилась", "Ситуация ухудшилась", "Ситуация улучшилась"],
        "subjects": ["Министерство", "Правительство", "Парламент", "Национальный банк"],
        "verbs": ["объявило", "отложило", "обсудило", "одобрило"],
        "objects": [
            "новый план для регионов",
            "бюджет на следующий год",
            "переговоры с соседями",
            "новые правила для бизнеса",
        ],
        "tails": [
            "и аналитики не ожидают перемен в ближайшие недели.",
            "хотя чиновники избегали твёрдых обещаний.",
        ],
        "furniture": ["Подпишитесь на нашу рассылку", "Ситуация в Беларуси", "{short}"],
    },
    "be": {
        "sections": ["Пытанні бяспекі", "Унутраная палітыка", "Эканоміка"],
        "verdicts": ["Сітуацыя не змянілася", "Сітуацыя пагоршылася", "Сітуацыя палепшылася"],
        "subjects": ["Міністэрства", "Урад", "Парламент", "Нацыянальны банк"],
        "verbs": ["абвясціла", "адклала", "абмеркавала", "ухваліла"],
        "objects": [
            "новы план для рэгіёнаў",
            "бюджэт на наступны год",
            "перамовы з суседзямі",
            "новыя правілы для бізнесу",
        ],
        "tails": [
            "і аналітыкі не чакаюць зменаў у бліжэйшыя тыдні.",
            "хоць чыноўнікі пазбягалі цвёрдых абяцанняў.",
        ],
        "furniture": ["Падпішыцеся на нашу рассылку", "Сітуацыя ў Беларусі", "{short}"],
    },
}


def _week(rng: random.Random, lang: str) -> tuple[str, str]:
    start = date(2019, 1, 7) + timedelta(weeks=rng.randrange(260))
    end = start + timedelta(days=6)
    if lang == "en":
        full = f"{EN_MONTHS[start.month - 1]} {start.day} – {EN_MONTHS[end.month - 1]} {end.day}"
        return f"{full}, {end.year}", full
    months = RU_GEN if lang == "ru" else BE_GEN
    if start.month == end.month:
        full = f"{start.day} – {end.day} {months[end.month - 1]}"
    else:
        full = f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]}"
    return f"{full} {end.year}", full


def _sentence(rng: random.Random, words: dict[str, list[str]]) -> str:
    return (
        f"{rng.choice(words['subjects'])} {rng.choice(words['verbs'])} "
        f"{rng.choice(words['objects'])}, {rng.choice(words['tails'])}"
    )


def _paragraphs(rng: random.Random, words: dict[str, list[str]], n: int) -> list[str]:
    return [" ".join(_sentence(rng, words) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def _text_page(rng: random.Random, lang: str, layout: int) -> str:
    w = LANG[lang]
    week, short = _week(rng, lang)
    section = rng.choice(w["sections"])
    headline = f"{rng.choice(w['subjects'])} {rng.choice(w['verbs'])} {rng.choice(w['objects'])}"
    verdict = rng.choice(w["verdicts"])
    paras = _paragraphs(rng, w, rng.randint(3, 7))
    furniture = [f.replace("{short}", short) for f in w["furniture"]]
    if layout == 0:  # the seed's layout
        head = [week, section, "", headline, "", verdict, headline, ""]
    elif layout == 1:  # by-line first, no repeat
        head = ["By Anna Lee", week, section, headline, verdict, ""]
    elif layout == 2:  # headline repeated after the lead
        head = [section, week, "", headline, "", verdict, ""]
        paras.insert(1, headline)
    elif layout == 3:  # migrated archive
        head = [headline, "Category status:", f"({verdict})", "2021-03-12 14:35:10", week, section]
    elif layout == 4:  # no verdict, caption and credit
        head = [week, section, headline, "A street in Minsk", "Photo: Reuters", ""]
    else:  # listing page
        items = []
        for _ in range(rng.randint(5, 12)):
            items += [_week(rng, lang)[0], f"{rng.choice(w['subjects'])} {rng.choice(w['verbs'])}"]
        return "\n".join(["Home", section, *items, "View all"]) + "\n"
    return "\n".join([*head, *"\n\n".join(paras).split("\n"), "", *furniture]) + "\n"


def _html_page(rng: random.Random, lang: str) -> str:
    w = LANG[lang]
    week, short = _week(rng, lang)
    headline = f"{rng.choice(w['subjects'])} {rng.choice(w['verbs'])} {rng.choice(w['objects'])}"
    paras = "".join(f"<p>{p}</p>\n" for p in _paragraphs(rng, w, rng.randint(3, 7)))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{headline} | Bulletin</title>
<link rel="canonical" href="https://bulletin.example.org/{rng.randrange(10**6)}"></head>
<body><header><nav><a>Home</a><a>About</a></nav><ul class="lang"><li>EN</li><li>RU</li></ul>
</header><main><article class="post">
<div class="week">{week}</div><div class="category">{rng.choice(w["sections"])}</div>
<h1>{headline}</h1><div class="status">{rng.choice(w["verdicts"])}</div>
<figure><img src="x.jpg"><figcaption>Photo: BelTA</figcaption></figure>
{paras}<div class="share">Share</div></article>
<aside class="sidebar"><h2>Situation in Belarus</h2><p>{short}</p><a>View all</a></aside>
</main><footer>All rights reserved</footer></body></html>
"""


def _md_page(rng: random.Random, lang: str) -> str:
    w = LANG[lang]
    start = date(2019, 1, 7) + timedelta(weeks=rng.randrange(260))
    headline = f"{rng.choice(w['subjects'])} {rng.choice(w['verbs'])} {rng.choice(w['objects'])}"
    paras = "\n\n".join(_paragraphs(rng, w, rng.randint(3, 6)))
    return (
        f'---\nheadline: "{headline}"\nsection: "{rng.choice(w["sections"])}"\n'
        f'status: "{rng.choice(w["verdicts"])}"\nweek_start: {start.isoformat()}\n'
        f"week_end: {(start + timedelta(days=6)).isoformat()}\nauthors: [Anna Lee]\n---\n\n"
        f"# {headline}\n\n{paras}\n"
    )


def generate(folder: Path, pages: int, seed: int = 20190715) -> dict[str, int]:
    rng = random.Random(seed)
    counts: dict[str, int] = defaultdict(int)
    for i in range(pages):
        lang = rng.choices(["en", "ru", "be"], weights=[70, 20, 10])[0]
        kind = rng.choices(["txt", "html", "md"], weights=[60, 25, 15])[0]
        if kind == "txt":
            layout = rng.choices(range(6), weights=[40, 15, 15, 10, 15, 5])[0]
            text = _text_page(rng, lang, layout)
        elif kind == "html":
            text = _html_page(rng, lang)
        else:
            text = _md_page(rng, lang)
        (folder / f"page-{i:05d}.{kind}").write_text(text, encoding="utf-8")
        counts[kind] += 1
    return dict(counts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-parse-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        counts = generate(folder, args.pages)
        print(f"generated {args.pages} pages {counts} in {time.perf_counter() - t0:.1f} s")
        files = sorted(folder.iterdir())
        vocab = Vocabulary()
        for p in files[:50]:  # warm-up: imports, regex compilation, page cache
            read_path(p, vocabulary=vocab)
        for p in files:
            p.read_bytes()

        # read (the floor): best of three passes, wall and CPU time
        read_s = read_cpu = float("inf")
        for _ in range(3):
            cpu0, t0 = time.process_time(), time.perf_counter()
            for p in files:
                p.read_bytes().decode("utf-8")
            read_s = min(read_s, time.perf_counter() - t0)
            read_cpu = min(read_cpu, time.process_time() - cpu0)

        wall_by_kind: dict[str, float] = defaultdict(float)
        cpu_by_kind: dict[str, float] = defaultdict(float)
        outcome: dict[str, int] = defaultdict(int)
        cpu0, t0 = time.process_time(), time.perf_counter()
        for p in files:
            c, t = time.process_time(), time.perf_counter()
            result = read_path(p, vocabulary=vocab)
            wall_by_kind[p.suffix] += time.perf_counter() - t
            cpu_by_kind[p.suffix] += time.process_time() - c
            outcome["skipped" if result.skipped else "commentaries"] += (
                len(result.commentaries) or 1
            )
        parse_s = time.perf_counter() - t0
        parse_cpu = time.process_time() - cpu0

        n = len(files)
        head = f"{'':20}{'pages':>7}{'wall s':>9}{'pages/s':>10}{'CPU s':>9}{'pages/s CPU':>13}"
        print(head)

        def row(label: str, k: int, wall: float, cpu: float) -> None:
            print(f"{label:20}{k:7,}{wall:9.2f}{k / wall:10,.0f}{cpu:9.2f}{k / cpu:13,.0f}")

        row("read (baseline)", n, read_s, read_cpu)
        row("parse (read_path)", n, parse_s, parse_cpu)
        for kind in sorted(wall_by_kind):
            k = sum(1 for p in files if p.suffix == kind)
            row("  parse " + kind, k, wall_by_kind[kind], cpu_by_kind[kind])
        print(
            f"parse / read ratio: {parse_s / read_s:.1f}x wall, {parse_cpu / read_cpu:.1f}x CPU"
            f"  (target: >= 2,000 pages/s; CPU time counts on a shared machine)"
        )
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"load average during the run: {load:.2f}")
        print(f"outcome: {dict(outcome)}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
