"""Linking quality through the database (incremental linking) beside the linker in memory.

    python bench/bench_link_db.py [--real-texts /work/realpages/linking/real.jsonl]
    python bench/bench_link_db.py --real-texts C/texts.jsonl --real-labels C/labels.csv
    python bench/bench_link_db.py --real-texts … --translations T.jsonl   # with translations

``bench/linking/run.py`` measures the :class:`~tracker.link.Linker` with the whole
evaluation set in memory.  ``tracker ingest`` links against the database instead: each week's
candidates come from the search index, the week, the URL slug and the newest of the issues
they lead to (:mod:`tracker.incremental`).  This runs the same sets week by week both ways —
in memory as ``bench/linking/run.py`` does, and through ``Tracker``'s own ingest path (its
rows written to a throwaway SQLite database) — and prints pairwise precision and recall, the
share that made a new provisional issue and the seconds of each, side by side, cold and with
the register.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.linking.run import (  # noqa: E402
    HERE,
    load_eval,
    load_real,
    load_translations,
    pairwise,
    simulate,
    to_commentary,
    translation_pairs,
)


def simulate_db(items: list[dict[str, str]], register: Path | None, url: str) -> dict[str, object]:
    """Ingest the set week by week through the database; the grouping and decisions."""
    from tracker import open_tracker
    from tracker.store import linkstate

    tracker = open_tracker(url)
    if register is not None:
        tracker.load_register(register)
    weeks: dict[str, list[int]] = {}
    for k, item in enumerate(items):
        weeks.setdefault(item["week_start"], []).append(k)
    commentaries = [to_commentary(item).model_copy(update={"source": "bench"}) for item in items]
    hashes = [c.content_hash() for c in commentaries]
    linking = tracker.ingestion._linking()
    started = time.perf_counter()
    for week in sorted(weeks):
        tracker.ingestion._store_files(
            [[commentaries[k] for k in weeks[week]]], linking, dry_run=False
        )
    elapsed = time.perf_counter() - started
    with tracker.session() as session:
        rows = {h: (issue, method) for h, issue, method in linkstate.links_by_hash(session, hashes)}
    tracker.close()
    predicted = [rows[h][0] for h in hashes]
    return {
        "predicted": predicted,
        "methods": Counter(rows[h][1] for h in hashes),
        "new": sum(rows[h][1] == "new" for h in hashes),
        "seconds": elapsed,
    }


def compare(items: list[dict[str, str]], label: str, register: Path | None) -> None:
    gold = [i["gold"] for i in items]
    memory = simulate(items, register)
    decisions = memory["decisions"]
    in_memory = {
        "predicted": memory["predicted"],
        "new": sum(d.method == "new" for d in decisions),  # type: ignore[attr-defined,union-attr]
        "methods": Counter(d.method for d in decisions),  # type: ignore[attr-defined,union-attr]
        "seconds": memory["seconds"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        database = simulate_db(items, register, str(Path(tmp) / "bench.db"))
    print(f"\n== {label}: {len(items)} commentaries, {len(set(gold))} gold issues")
    print(f"{'':22}{'precision':>10}{'recall':>8}{'new':>8}{'issues':>8}{'seconds':>9}")
    for name, result in (("in memory (Linker)", in_memory), ("database (ingest)", database)):
        predicted: list[int] = result["predicted"]  # type: ignore[assignment]
        precision, recall, *_ = pairwise(gold, predicted)
        new = int(result["new"])  # type: ignore[call-overload]
        print(
            f"{name:22}{precision:10.3f}{recall:8.3f}{new / len(items):8.1%}"
            f"{len(set(predicted)):8}{float(result['seconds']):9.2f}"  # type: ignore[arg-type]
        )
    methods: Counter[str] = database["methods"]  # type: ignore[assignment]
    print("database methods: " + ", ".join(f"{m} {c}" for m, c in sorted(methods.items())))
    pairs = translation_pairs(items)
    if pairs:
        for name, result in (("in memory", in_memory), ("database", database)):
            grouped: list[int] = result["predicted"]  # type: ignore[assignment]
            shared = sum(grouped[o] == grouped[k] for o, k in pairs)
            print(f"translations sharing their original's issue, {name}: {shared}/{len(pairs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real-texts", type=Path, default=os.environ.get("TRACKER_REAL_TEXTS"))
    parser.add_argument(
        "--real-labels",
        type=Path,
        default=None,
        help="another labelled real set (the check set): scored cold only, as held-out",
    )
    parser.add_argument(
        "--translations",
        type=Path,
        default=None,
        help="translations of the real set's commentaries (see bench/linking/run.py)",
    )
    args = parser.parse_args()

    def real_set(labels: Path | None) -> list[dict[str, str]]:
        items = load_real(Path(args.real_texts), *([labels] if labels else []))
        if args.translations is not None:
            items += load_translations(args.translations, items)
        return items

    if args.real_labels is not None:  # a held-out set: no register, no synthetic set
        if not args.real_texts:
            parser.error("--real-labels needs --real-texts")
        compare(real_set(args.real_labels), "real set, cold start", None)
        return
    items = load_eval()
    compare(items, "evaluation set, cold start", None)
    compare(items, "evaluation set, with register", HERE / "register.toml")
    if args.real_texts:
        real = real_set(None)
        compare(real, "real set, cold start", None)
        compare(real, "real set, with register", HERE / "real_register.toml")


if __name__ == "__main__":
    main()
