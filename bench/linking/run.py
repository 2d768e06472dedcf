"""Linking quality and speed.

    python -m bench.linking.run            # quality on eval.jsonl + 10k-vs-50k timing
    python -m bench.linking.run --quick    # quality only
    python -m bench.linking.run --archive 5000 --new 1000   # a smaller timing run
    python -m bench.linking.run --quick --real-texts /work/realpages/linking/real.jsonl
    python -m bench.linking.run --quick --real-texts C/texts.jsonl --real-labels C/labels.csv
    python -m bench.linking.run --quick --real-texts … --translations T.jsonl

Real set: ``real_labels.csv`` names real Belarus in Focus commentaries (URL, running-issue
label, week, section, language); their texts are not ours and stay outside the repository,
in a JSON-lines file with the same ``id``/``url`` and ``headline``/``lead``/``body`` (give it
with ``--real-texts`` or ``TRACKER_REAL_TEXTS``).  It is linked cold and with the small
register ``real_register.toml``.  ``--real-labels`` scores another labelled real set instead
(same formats), cold only: a held-out set that is reported, never tuned on.
``--translations`` adds translations of the set's commentaries (Russian and Belarusian
renderings written for the purpose, kept outside git like the texts), each labelled as its
original, and counts how many share their original's issue.

Quality: the evaluation set is ingested in week order, one ``link_many`` batch per week, as
``Tracker.ingest`` would: once with no register (cold start: the first commentary of an issue
creates a provisional issue, later ones must link) and once with the small register
``register.toml`` (rules for some issues).  Reported: pairwise precision and recall of the
resulting grouping against the gold labels (a pair is two commentaries placed in one issue),
the share of commentaries flagged for review (new provisional issues and low-margin links),
and the methods used.

Speed: a synthetic archive of 50,000 commentaries over 2,500 issues (texts drawn from
a Zipf vocabulary with per-issue topic words, ~1.5 KB each) and 10,000 new ones, linked in
one batch, beside the time merely
to vectorise the same 60,000 texts with scikit-learn's ``TfidfVectorizer`` (char_wb 3–5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tracker.link import HistoryItem, IssueRef, LinkDecision, Linker, issue_refs_from_register
from tracker.models import Commentary
from tracker.register import load_register, slugify

HERE = Path(__file__).parent


def load_eval(path: Path = HERE / "eval.jsonl") -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


REAL_LABELS = HERE / "real_labels.csv"


def load_real(texts: Path, labels_path: Path = REAL_LABELS) -> list[dict[str, str]]:
    """A labelled real set: labels (``id,url,gold,week_start,section,language``) joined with
    texts by URL."""
    import csv

    by_url = {row["url"]: row for row in load_eval(texts)}
    with labels_path.open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    missing = [row["url"] for row in labels if row["url"] not in by_url]
    if missing:
        raise SystemExit(
            f"{texts}: no text for {len(missing)} URLs of {labels_path}, e.g. {missing[0]}"
        )
    return [{**by_url[row["url"]], **row} for row in labels]


def to_commentary(item: dict[str, str]) -> Commentary:
    week = date.fromisoformat(item["week_start"])
    return Commentary(
        headline=item["headline"],
        section=item["section"],
        lead=item["lead"],
        body=item["body"],
        week_start=week,
        week_end=week + timedelta(days=6),
        language=item["language"],
        url=item.get("url"),
    )


def simulate(
    items: list[dict[str, str]], register: Path | None, **options: float
) -> dict[str, object]:
    """Ingest week by week; return the grouping and counters (``options`` go to Linker)."""
    refs: list[IssueRef] = []
    if register is not None:
        reg = load_register(register)
        refs = issue_refs_from_register(reg, list(range(1, len(reg.issues) + 1)))
    linker = Linker(refs, **options)
    next_id = [len(refs) + 1]

    def create(_c: Commentary, _d: LinkDecision) -> int:
        next_id[0] += 1
        return next_id[0] - 1

    weeks: dict[str, list[int]] = {}
    for k, item in enumerate(items):
        weeks.setdefault(item["week_start"], []).append(k)
    predicted: list[int] = [0] * len(items)
    decisions: list[LinkDecision | None] = [None] * len(items)
    started = time.perf_counter()
    for week in sorted(weeks):
        batch = weeks[week]
        result = linker.link_many([to_commentary(items[k]) for k in batch], create_issue=create)
        for k, decision in zip(batch, result, strict=True):
            assert decision.issue_id is not None
            predicted[k] = decision.issue_id
            decisions[k] = decision
    elapsed = time.perf_counter() - started
    predicted = [linker.resolve(issue) for issue in predicted]  # issues merged on the way
    return {"predicted": predicted, "decisions": decisions, "seconds": elapsed}


def pairwise(gold: list[str], predicted: list[int]) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for a, b in combinations(range(len(gold)), 2):
        same_gold = gold[a] == gold[b]
        same_pred = predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def report_quality(items: list[dict[str, str]], label: str, register: Path | None) -> None:
    result = simulate(items, register)
    predicted: list[int] = result["predicted"]  # type: ignore[assignment]
    decisions: list[LinkDecision] = result["decisions"]  # type: ignore[assignment]
    gold = [i["gold"] for i in items]
    precision, recall, tp, fp, fn = pairwise(gold, predicted)
    review = sum(d.needs_review for d in decisions)
    new = sum(d.method == "new" for d in decisions)
    methods = Counter(d.method for d in decisions)
    n_issues = len(set(gold))
    print(
        f"\n== {label}: {len(items)} commentaries, {n_issues} gold issues, "
        f"{len(set(predicted))} issues created/linked"
    )
    print(
        f"pairwise precision {precision:.3f}   recall {recall:.3f}   "
        f"(pairs: {tp} right, {fp} wrong, {fn} missed)"
    )
    print(
        f"sent to review {review / len(items):.1%} ({review}: {new} new provisional issues, "
        f"{review - new} low-margin links); links needing no review "
        f"{(len(items) - review) / len(items):.1%}"
    )
    print("methods: " + ", ".join(f"{m} {c}" for m, c in sorted(methods.items())))
    print(f"linking time {result['seconds']:.2f} s")
    report_translations(items, predicted, decisions)
    if register is None:
        report_suggestions(items, predicted, gold)
    wrong = Counter()
    for k, d in enumerate(decisions):
        if d.method in ("similarity", "translation", "alias", "rule"):
            first = next(j for j in range(len(items)) if predicted[j] == predicted[k])
            if gold[first] != gold[k]:
                wrong[(gold[k], gold[first], d.method, d.needs_review)] += 1
    for (g, into, method, rev), count in wrong.most_common(8):
        print(
            f"  wrong: {count}× {g!r} into issue begun by {into!r} ({method}"
            f"{', flagged' if rev else ''})"
        )


def load_translations(path: Path, originals: list[dict[str, str]]) -> list[dict[str, str]]:
    """Translations of commentaries of a real set (JSON lines with the texts' fields and
    ``of``, the original's ``id``), each with its original's gold label."""
    by_id = {item["id"]: item for item in originals}
    out = []
    for row in load_eval(path):
        if row.get("of") not in by_id:
            raise SystemExit(
                f"{path}: {row.get('id')!r} translates {row.get('of')!r}, not in the set"
            )
        out.append({**row, "gold": by_id[row["of"]]["gold"]})
    return out


def translation_pairs(items: list[dict[str, str]]) -> list[tuple[int, int]]:
    """(original, translation) positions of the translations in a set (``--translations``)."""
    position = {item["id"]: k for k, item in enumerate(items) if "id" in item}
    return [(position[i["of"]], k) for k, i in enumerate(items) if i.get("of") in position]


def report_translations(
    items: list[dict[str, str]], predicted: list[int], decisions: list[LinkDecision]
) -> None:
    """How many translations share the issue of their original (``--translations``)."""
    pairs = translation_pairs(items)
    if not pairs:
        return
    missed = [(o, k) for o, k in pairs if predicted[o] != predicted[k]]
    print(f"translations sharing their original's issue: {len(pairs) - len(missed)}/{len(pairs)}")
    for o, k in missed:
        print(
            f"  apart: {items[k]['id']} ({items[k]['language']}) from {items[o]['id']}: "
            f"{decisions[k].method}, {decisions[k].reason[:90]}"
        )


def report_suggestions(items: list[dict[str, str]], predicted: list[int], gold: list[str]) -> None:
    """What review's suggestions (tracker.link.suggest) would do if all were accepted."""
    from tracker.curation import SUGGEST_THRESHOLD
    from tracker.link.suggest import IssueProfile, suggest

    members: dict[int, list[int]] = {}
    for k, issue in enumerate(predicted):
        members.setdefault(issue, []).append(k)
    profiles = [
        IssueProfile(
            issue,
            f"issue {issue}",
            True,
            items[ks[0]]["section"],
            [items[k]["headline"] for k in ks],
            [f"{items[k]['lead']} {(items[k]['body'] or '')[:300]}" for k in ks],
            [date.fromisoformat(items[k]["week_start"]) for k in ks],
        )
        for issue, ks in sorted(members.items())
    ]
    suggestions = suggest(profiles, threshold=SUGGEST_THRESHOLD)
    into = {m: s.target for s in suggestions for m, _name in s.members}
    merged = [into.get(i, i) for i in predicted]
    precision, recall, *_ = pairwise(gold, merged)
    right = sum(
        len({gold[k] for k in range(len(items)) if merged[k] == s.target}) == 1 for s in suggestions
    )
    print(
        f"review: {len(suggestions)} suggestions ({right} of them right) over "
        f"{sum(len(s.members) + 1 for s in suggestions)} of {len(members)} issues; accepting all: "
        f"precision {precision:.3f}   recall {recall:.3f}   ({len(set(merged))} issues)"
    )


# ---------------------------------------------------------------------- speed

_SYLLABLES = [
    "ka",
    "ro",
    "vel",
    "min",
    "dor",
    "sk",
    "lan",
    "ta",
    "bre",
    "zo",
    "vich",
    "nya",
    "gor",
    "pol",
    "mar",
    "shi",
    "tu",
    "len",
    "bok",
    "rav",
    "e",
    "i",
    "o",
    "ust",
    "pra",
]


def _words(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4)))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def synthetic(n_issues: int, n_docs: int, seed: int) -> list[tuple[int, dict[str, str]]]:
    """Commentaries of invented issues over a Zipf-distributed invented vocabulary.

    30,000 general words drawn with Zipf frequencies (exponent 1.1) make 70 % of each text;
    the rest are drawn from the issue's own 40 topic words, so texts of one issue share
    vocabulary the way real commentaries do, and function-word-like words are in every text.
    """
    import numpy as np

    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    vocabulary = _words(rng, 30_000)
    ranks = np.arange(1, len(vocabulary) + 1)
    weights = 1.0 / ranks**1.1
    weights /= weights.sum()
    sections = [
        "Security issues",
        "Belarus–Russia relations",
        "Economy",
        "Domestic politics",
        "Foreign policy",
        "Society",
    ]
    topics = [(rng.choice(sections), _words(rng, 40)) for _ in range(n_issues)]
    start = date(2012, 1, 2)
    out = []
    general = gen.choice(len(vocabulary), size=(n_docs, 230), p=weights)
    for d in range(n_docs):
        k = rng.randrange(n_issues)
        section, topic = topics[k]
        words = [vocabulary[i] for i in general[d]]
        for position in rng.sample(range(230), 70):
            words[position] = rng.choice(topic)
        text = " ".join(words)
        head, lead, body = text[:70], text[70:300], text[300:1500]
        week = start + timedelta(days=7 * rng.randrange(520))
        out.append(
            (
                k,
                {
                    "headline": head.capitalize(),
                    "lead": lead,
                    "body": body,
                    "section": section,
                    "week_start": week.isoformat(),
                    "language": "en",
                    "url": None,
                },
            )
        )
    return out


def report_speed(n_archive: int = 50_000, n_new: int = 10_000, n_issues: int = 2_500) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = synthetic(n_issues, n_archive + n_new, seed=7)
    archive, new = docs[:n_archive], docs[n_archive:]
    texts = [f"{d['headline']} {d['lead']} {d['body']}" for _k, d in docs]
    mean_len = sum(map(len, texts)) / len(texts)
    print(
        f"\n== speed: {n_new:,} new against an archive of {n_archive:,} "
        f"({n_issues:,} issues, mean text {mean_len:,.0f} chars)"
    )
    clock = _Clock()
    TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
    baseline = clock.lap()

    refs = [IssueRef(k + 1, f"Issue {k}", slugify(f"issue {k}")) for k in range(n_issues)]
    linker = Linker(refs)
    linker.add_history(
        HistoryItem(
            k + 1,
            d["section"],
            date.fromisoformat(d["week_start"]),
            "en",
            d["headline"],
            d["lead"],
            d["body"],
        )
        for k, d in archive
    )
    indexing = clock.lap()
    counter = [n_issues + 1]

    def create(_c: Commentary, _d: LinkDecision) -> int:
        counter[0] += 1
        return counter[0]

    decisions = linker.link_many(
        [to_commentary({**d, "gold": ""}) for _k, d in new], create_issue=create
    )
    linking = clock.lap()
    right = sum(d.issue_id == k + 1 for (k, _d), d in zip(new, decisions, strict=True))
    total = (indexing[0] + linking[0], indexing[1] + linking[1])
    print("                                              wall s   cpu s")
    print(
        f"baseline: TfidfVectorizer(char_wb 3-5) fit_transform, all {len(texts):,} texts "
        f"{baseline[0]:7.1f} {baseline[1]:7.1f}"
    )
    print(
        f"add_history({n_archive:,} archive)                    {indexing[0]:7.1f} "
        f"{indexing[1]:7.1f}"
    )
    print(
        f"link_many({n_new:,} new)                             {linking[0]:7.1f} {linking[1]:7.1f}"
    )
    print(
        f"total: index + link                           {total[0]:7.1f} {total[1]:7.1f}"
        f"   = {total[1] / baseline[1]:.2f}x the baseline's CPU time"
    )
    # ingest links in chunks of ~200 files: the cost of one more call on the grown archive
    chunk = [to_commentary({**d, "gold": ""}) for _k, d in new[:1000]]
    clock.lap()
    for start in range(0, len(chunk), 200):
        linker.link_many(chunk[start : start + 200], create_issue=create)
    calls = clock.lap()
    n_calls = (len(chunk) + 199) // 200
    print(
        f"then {n_calls} ingest-sized calls of 200 (learning), per call    "
        f"{calls[0] / n_calls:7.2f} {calls[1] / n_calls:7.2f}"
    )
    print(
        f"(sanity: {right / n_new:.1%} of the synthetic new items linked to their own issue; "
        f"{sum(d.method == 'new' for d in decisions):,} new issues)"
    )


class _Clock:
    """Wall and CPU seconds since the last lap (the machine may be shared: CPU is steadier)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        out = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="quality only, no timing")
    parser.add_argument("--archive", type=int, default=50_000, help="archive size for timing")
    parser.add_argument("--new", type=int, default=10_000, help="new commentaries for timing")
    parser.add_argument(
        "--real-texts",
        type=Path,
        default=os.environ.get("TRACKER_REAL_TEXTS"),
        help="JSON lines with the texts of the URLs in --real-labels (kept outside git)",
    )
    parser.add_argument(
        "--real-labels",
        type=Path,
        default=REAL_LABELS,
        help="labels of the real set (default real_labels.csv, the set the linker is tuned "
        "on; give another set's labels to score it as held-out)",
    )
    parser.add_argument(
        "--translations",
        type=Path,
        help="JSON lines of translations of the real set's commentaries (their fields and "
        "'of', the original's id; kept outside git): linked with the set, and counted",
    )
    args = parser.parse_args(argv)
    items = load_eval()
    report_quality(items, "synthetic, cold start, no register", None)
    report_quality(items, "synthetic, with register.toml", HERE / "register.toml")
    if args.real_texts is not None:
        real = load_real(args.real_texts, args.real_labels)
        if args.translations is not None:
            real += load_translations(args.translations, real)
        if args.real_labels.resolve() == REAL_LABELS.resolve():
            report_quality(real, "real, cold start, no register", None)
            report_quality(real, "real, with real_register.toml", HERE / "real_register.toml")
        else:  # a held-out set: its register (if any) is not ours, so cold start only
            report_quality(real, f"held-out real ({args.real_labels.name}), cold start", None)
    else:
        print("\n(real set skipped: give its texts with --real-texts or TRACKER_REAL_TEXTS)")
    if not args.quick:
        report_speed(args.archive, args.new, max(10, args.archive // 20))


if __name__ == "__main__":
    main()
