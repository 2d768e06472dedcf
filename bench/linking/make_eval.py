"""Generate the labelled linking evaluation set ``bench/linking/eval.jsonl`` (fixed seed).

    python bench/linking/make_eval.py            # rewrites eval.jsonl (committed)

Every issue of :mod:`bench.linking.corpus` appears 7–10 times in English in its years, under
headlines drawn from its pool (each headline used before any repeats), with a lead, three body
sentences of its own and one generic sentence of its section.  About a third of the English
commentaries also appear in Russian the same week (an index-aligned translation; the URL shares
the slug in 60 % of the pairs, the rest have no URL), and about one in eight occurrences is
published in Russian only.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.linking.corpus import ISSUES, SECTION_SENTENCES, Pool
from tracker.register import slugify

SEED = 20190715
OUT = Path(__file__).with_name("eval.jsonl")


def mondays(first: int, last: int) -> list[date]:
    day = date(first, 1, 1)
    day += timedelta(days=(7 - day.weekday()) % 7)
    out = []
    while day.year <= last:
        out.append(day)
        day += timedelta(days=7)
    return out


def body_text(rng: random.Random, own: list[str], shared: list[str], limit: int | None) -> str:
    pool = own if limit is None else own[:limit]
    sentences = rng.sample(pool, 3)
    shared_pool = shared if limit is None else shared[: min(limit, len(shared))]
    sentences.insert(rng.randrange(4), rng.choice(shared_pool))
    return " ".join(sentences)


def generate(seed: int = SEED) -> list[dict[str, object]]:
    rng = random.Random(seed)
    items: list[dict[str, object]] = []
    node = 1000
    for gold, pool in ISSUES.items():
        section = pool["section"]
        first, last = pool["years"]
        weeks = sorted(rng.sample(mondays(first, last), rng.randint(7, 10)))
        order = list(range(len(pool["en_head"])))
        rng.shuffle(order)
        for k, week in enumerate(weeks):
            node += rng.randint(1, 40)
            head_idx = order[k] if k < len(order) else rng.randrange(len(order))
            roll = rng.random()
            mode = "ru" if roll < 0.12 else ("pair" if roll < 0.45 else "en")
            if mode == "pair" and head_idx >= len(pool["ru_head"]):
                head_idx = rng.randrange(len(pool["ru_head"]))
            items.extend(_occurrence(rng, gold, pool, section, week, head_idx, mode, node))
    items.sort(key=lambda i: (str(i["week_start"]), str(i["id"])))
    return items


def _occurrence(
    rng: random.Random,
    gold: str,
    pool: Pool,
    section: str,
    week: date,
    head_idx: int,
    mode: str,
    node: int,
) -> list[dict[str, object]]:
    shared = SECTION_SENTENCES[section]
    out: list[dict[str, object]] = []
    slug = f"{node}-{slugify(pool['en_head'][head_idx])[:60]}"
    with_url = rng.random() < 0.6
    base = f"https://belarusinfocus.example/{slugify(section)}"
    if mode in ("en", "pair"):
        state = rng.getstate()
        limit = None if mode == "en" else len(pool["ru_body"])
        lead_limit = len(pool["en_lead"]) if mode == "en" else len(pool["ru_lead"])
        lead_idx = rng.randrange(lead_limit)
        body = body_text(rng, pool["en_body"], shared["en"], limit)
        out.append(
            _item(
                gold,
                section,
                week,
                "en",
                pool["en_head"][head_idx],
                pool["en_lead"][lead_idx],
                body,
                f"{base}/{slug}" if with_url or mode == "en" else None,
                node,
            )
        )
        if mode == "pair":
            rng.setstate(state)  # replay the same choices in Russian
            lead_idx = rng.randrange(lead_limit)
            body = body_text(rng, pool["ru_body"], shared["ru"], limit)
            out.append(
                _item(
                    gold,
                    section,
                    week,
                    "ru",
                    pool["ru_head"][head_idx],
                    pool["ru_lead"][lead_idx],
                    body,
                    f"https://belarusinfocus.example/ru/{slugify(section)}/{slug}"
                    if with_url
                    else None,
                    node,
                )
            )
    else:
        ru_idx = rng.randrange(len(pool["ru_head"]))
        body = body_text(rng, pool["ru_body"], shared["ru"], None)
        out.append(
            _item(
                gold,
                section,
                week,
                "ru",
                pool["ru_head"][ru_idx],
                rng.choice(pool["ru_lead"]),
                body,
                f"https://belarusinfocus.example/ru/{slugify(section)}/{node}-"
                f"{slugify(pool['ru_head'][ru_idx])[:60]}",
                node,
            )
        )
    return out


def _item(
    gold: str,
    section: str,
    week: date,
    language: str,
    headline: str,
    lead: str,
    body: str,
    url: str | None,
    node: int,
) -> dict[str, object]:
    return {
        "id": f"{node}-{language}",
        "week_start": week.isoformat(),
        "section": section,
        "language": language,
        "headline": headline,
        "lead": lead,
        "body": body,
        "url": url,
        "gold": gold,
    }


def main() -> None:
    items = generate()
    with OUT.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    languages: dict[str, int] = {}
    for item in items:
        languages[str(item["language"])] = languages.get(str(item["language"]), 0) + 1
    print(
        f"{len(items)} commentaries over {len({i['gold'] for i in items})} issues, "
        f"{min(str(i['week_start']) for i in items)} – {max(str(i['week_start']) for i in items)}"
        f", languages {languages} -> {OUT}"
    )


if __name__ == "__main__":
    main()
