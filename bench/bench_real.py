"""Accuracy on real saved pages: a folder of pages scored against a labels file.

The pages themselves are not ours and never enter the repository; the labels file
(``bench/realpages/labels.jsonl``) holds, per page, only its URL, the file name it was saved
under and the field values a reader of the page would write down:

* ``listing``: true for a listing or home page (many headlines, no body): it must be skipped;
* ``status``: the canonical status, or null where the page prints no verdict (or an empty one);
* ``headline``;
* ``week_start``: the Monday of the week range the page prints, or null where it prints none
  (then only "not refused" is checked: the week may come from other evidence);
* ``section``: only where the page prints one;
* ``language``.

Every page is read with :func:`tracker.parse.read_path`, as ``tracker parse`` reads it.  A page
that raises a :class:`~tracker.errors.TrackerError` is *refused*; any other exception is a
*crash*.  Per-field accuracy counts a refused or crashed page as wrong on every field it has.

With ``--ingest`` the folder is also ingested into a throwaway SQLite database (twice, the
second time in reverse order): labelled pages that share a URL (or a URL slug, whatever the
domain) are renderings of one commentary and must be stored once, and the second ingest must
add nothing.

Usage::

    python bench/bench_real.py --pages /work/realpages/pages
    python bench/bench_real.py --pages DIR --labels FILE --verbose --ingest
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.errors import TrackerError
from tracker.parse import read_path

LABELS = Path(__file__).resolve().parent / "realpages" / "labels.jsonl"
FIELDS = ("listing", "status", "headline", "week", "section", "language")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-"})


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(_QUOTES)).strip().casefold()


def load_labels(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip():
            row = json.loads(raw)
            row["_line"] = n
            rows.append(row)
    return rows


def score(pages: Path, labels: list[dict[str, Any]], *, verbose: bool = False) -> dict[str, Any]:
    right: Counter[str] = Counter()
    checked: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    bases: Counter[str] = Counter()
    misses: list[str] = []
    for label in labels:
        path = pages / label["file"]
        if not path.exists():
            outcome["missing"] += 1
            continue
        expected_fields = ["listing"]
        if not label.get("listing"):
            expected_fields += ["status", "headline", "language"]
            if label.get("week_start"):
                expected_fields.append("week")
            if label.get("section"):
                expected_fields.append("section")
        for f in expected_fields:
            checked[f] += 1
        try:
            result = read_path(path)
        except TrackerError as exc:
            outcome["refused"] += 1
            misses.append(f"REFUSED {label['file']}: {exc}")
            continue
        except Exception:  # a crash is what we count here
            outcome["crashed"] += 1
            misses.append(f"CRASHED {label['file']}:\n{traceback.format_exc()}")
            continue
        if result.skipped is not None:
            outcome["skipped"] += 1
            if label.get("listing"):
                right["listing"] += 1
            else:
                misses.append(f"SKIPPED {label['file']}: {result.skipped}")
            continue
        outcome["read"] += 1
        if label.get("listing"):
            misses.append(f"NOT SKIPPED {label['file']} (a listing page)")
            continue
        right["listing"] += 1
        c = result.commentaries[0]
        bases[c.week_basis or "undated"] += 1
        got = {
            "status": c.status,
            "headline": _norm(c.headline),
            "language": c.language,
            "week": None if c.undated else c.week_start.isoformat(),
            "section": _norm(c.section),
        }
        want = {
            "status": label.get("status"),
            "headline": _norm(label.get("headline")),
            "language": label.get("language"),
            "week": label.get("week_start"),
            "section": _norm(label.get("section")),
        }
        for f in expected_fields[1:]:
            if got[f] == want[f]:
                right[f] += 1
            else:
                misses.append(f"WRONG {f} in {label['file']}: got {got[f]!r}, want {want[f]!r}")
    total_right = sum(right.values())
    total_checked = sum(checked.values())
    if verbose:
        for m in misses:
            print(m)
    return {
        "pages": len(labels),
        "outcome": dict(outcome),
        "fields": {f: (right[f], checked[f]) for f in FIELDS if checked[f]},
        "overall": (total_right, total_checked),
        "week_basis": dict(bases),
    }


def check_renderings(pages: Path, labels: list[dict[str, Any]]) -> dict[str, Any]:
    """Ingest the labelled pages twice (the second time in reverse order) into a temporary
    database; count the commentaries stored per group of renderings (pages of one URL)."""
    import shutil
    import tempfile

    from sqlalchemy import text

    from tracker import open_tracker
    from tracker.models import rendering_url_key

    groups: dict[str, list[str]] = {}
    for label in labels:
        if not label.get("listing") and (pages / label["file"]).exists():
            key = rendering_url_key(label["url"]) or label["url"]
            groups.setdefault(key, []).append(label["file"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        files = [f for names in groups.values() for f in names]
        for name in files:
            shutil.copy(pages / name, folder / name)
        t = open_tracker(str(Path(tmp) / "bench.db"))
        try:
            first = t.ingest([folder / f for f in files])
            second = t.ingest([folder / f for f in reversed(files)])
            with t.session() as session:
                rows = session.connection().execute(
                    text("SELECT assessment_id, origin FROM rendering")
                )
                owner = {Path(origin).name: int(aid) for aid, origin in rows}
        finally:
            t.close()
    ids = [{owner.get(n) for n in names} for names in groups.values()]
    once = sum(1 for found in ids if len(found) == 1 and None not in found)
    seen = Counter(i for found in ids for i in found if i is not None)
    wrongly_merged = sum(1 for found in ids if any(seen[i] > 1 for i in found))
    multi = [names for names in groups.values() if len(names) > 1]
    return {
        "groups": len(groups),
        "stored_once": once,
        "wrongly_merged": wrongly_merged,
        "with_renderings": len(multi),
        "merged": first.merged,
        "added": first.added,
        "second_added": second.added,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=Path("/work/realpages/pages"))
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    parser.add_argument(
        "--ingest", action="store_true", help="also ingest the pages: renderings stored once?"
    )
    args = parser.parse_args()
    report = score(args.pages, load_labels(args.labels), verbose=args.verbose)
    out = report["outcome"]
    print(f"pages labelled: {report['pages']}  (missing from the folder: {out.get('missing', 0)})")
    print(
        f"read {out.get('read', 0)}, skipped {out.get('skipped', 0)}, "
        f"refused {out.get('refused', 0)}, crashed {out.get('crashed', 0)}"
    )
    for f, (r, n) in report["fields"].items():
        print(f"  {f:<9} {r:>4}/{n:<4} {100 * r / n:6.1f} %")
    r, n = report["overall"]
    print(f"  {'overall':<9} {r:>4}/{n:<4} {100 * r / n if n else 0:6.1f} %")
    if report["week_basis"]:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(report["week_basis"].items()))
        print(f"week from: {shown}")
    if args.ingest:
        r = check_renderings(args.pages, load_labels(args.labels))
        print(
            f"ingest: {r['groups']} commentaries ({r['with_renderings']} saved more than once): "
            f"stored once {r['stored_once']}/{r['groups']}, merged with another "
            f"{r['wrongly_merged']}; added {r['added']}, merged "
            f"{r['merged']} renderings; a second ingest in reverse order added {r['second_added']}"
        )


if __name__ == "__main__":
    main()
