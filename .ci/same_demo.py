#!/usr/bin/env python3
"""Compare two ``tracker demo`` runs: the same database content and the same report.

    same_demo.py FOLDER_A FOLDER_B

Each folder is where ``tracker demo`` ran and ``tracker --db tracker-demo.db export -o
demo.json`` wrote the database; the two must hold the same rows in every table (leaving out
when and in which batch they were written) and the same ``tracker-demo/report.md`` (leaving
out its "Generated … UTC" line), and have written the same files.  Standard library only, so
it runs with any interpreter.  Prints what it compared; exits 1 at the first difference.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

VOLATILE = {"ingested_at", "created_at", "updated_at", "at", "batch"}
GENERATED = re.compile(r"^Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", re.M)


def tables(folder: Path) -> dict[str, list[dict[str, object]]]:
    data = json.loads((folder / "demo.json").read_text(encoding="utf-8"))
    return {
        name: [{k: v for k, v in row.items() if k not in VOLATILE} for row in rows]
        for name, rows in data["tables"].items()
    }


def report(folder: Path) -> str:
    text = (folder / "tracker-demo" / "report.md").read_text(encoding="utf-8")
    return GENERATED.sub("Generated (time)", text)


def written(folder: Path) -> list[str]:
    out = folder / "tracker-demo"
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def main(argv: list[str]) -> int:
    a, b = (Path(arg) for arg in argv)
    ta, tb = tables(a), tables(b)
    if ta.keys() != tb.keys():
        print(f"different tables: {sorted(ta)} / {sorted(tb)}", file=sys.stderr)
        return 1
    for name in ta:
        if ta[name] != tb[name]:
            first = next(
                (i for i, (x, y) in enumerate(zip(ta[name], tb[name], strict=False)) if x != y),
                min(len(ta[name]), len(tb[name])),
            )
            print(f"table {name} differs from row {first}", file=sys.stderr)
            return 1
    if report(a) != report(b):
        print("report.md differs", file=sys.stderr)
        return 1
    if written(a) != written(b):
        print("the demos wrote different files", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in ta.items())
    print(f"same database ({counts}), same report.md, same {len(written(a))} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
