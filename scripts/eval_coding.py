#!/usr/bin/env python3
"""Score event coding: `python scripts/eval_coding.py [plover|own|all] [--errors N]`.

plover: ../shared/gold/plover_gsr_dev.jsonl (PLOVER gold standard, dev half)
own:    tests/data/coding_gold.jsonl (the project's own annotated sentences)
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.eval.coding_eval import load_own_gold, load_plover_gold, report, score  # noqa: E402
from eventwire.pipeline import Pipeline  # noqa: E402

SETS = {"plover": (ROOT.parent / "shared" / "gold" / "plover_gsr_dev.jsonl", load_plover_gold),
        "own": (ROOT / "tests" / "data" / "coding_gold.jsonl", load_own_gold)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("which", nargs="?", default="all", choices=["plover", "own", "all"])
    ap.add_argument("--errors", type=int, default=0, help="print this many misclassified sentences")
    ap.add_argument("--no-geo", action="store_true", help="skip geocoding (faster; generic actors then get no "
                    "country from the event's place)")
    args = ap.parse_args()
    pipeline = Pipeline(use_geo=not args.no_geo)
    for name in (SETS if args.which == "all" else [args.which]):
        path, loader = SETS[name]
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        print(report(name, score(loader(path), pipeline), args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
