"""Tune linker options on evaluation sets made with other seeds (never the committed set).

    python -m bench.linking.tune --seeds 1,2,3 glossary_weight=0.6 threshold=0.33

Prints pairwise precision, recall and review share per seed and their mean, cold start and
with the register, for the given ``Linker`` options.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.linking.make_eval import SEED, generate
from bench.linking.run import HERE, pairwise, simulate


def measure(seeds: list[int], options: dict[str, float]) -> list[tuple[float, float, float]]:
    """(precision, recall, review share) per seed × (cold, register)."""
    out: list[tuple[float, float, float]] = []
    for seed in seeds:
        items = [{k: str(v) for k, v in i.items()} for i in generate(seed)]
        gold = [i["gold"] for i in items]
        for register in (None, HERE / "register.toml"):
            result = simulate(items, register, **options)
            predicted: list[int] = result["predicted"]  # type: ignore[assignment]
            decisions = result["decisions"]
            p, r, *_ = pairwise(gold, predicted)
            review = sum(d.needs_review for d in decisions) / len(items)  # type: ignore[attr-defined]
            out.append((p, r, review))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds")
    parser.add_argument("options", nargs="*", help="name=value Linker options")
    args = parser.parse_args(argv)
    args.seeds = [int(x) for x in args.seeds.split(",")]
    if SEED in args.seeds:
        parser.error(f"seed {SEED} makes the committed evaluation set; tune on other seeds")
    options = {k: float(v) for k, v in (o.split("=", 1) for o in args.options)}
    rows = measure(args.seeds, options)
    for label, part in (("cold", rows[0::2]), ("register", rows[1::2])):
        p = sum(x[0] for x in part) / len(part)
        r = sum(x[1] for x in part) / len(part)
        v = sum(x[2] for x in part) / len(part)
        detail = "  ".join(f"{a:.3f}/{b:.3f}/{c:.1%}" for a, b, c in part)
        print(f"{label:9} P {p:.3f} R {r:.3f} review {v:.1%}   [{detail}]  {options}")


if __name__ == "__main__":
    main()
