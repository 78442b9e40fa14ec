#!/usr/bin/env python3
"""Score the dates stage: `python scripts/eval_dates.py meantime [--gold DIR]` or `... own [--gold FILE]`.

meantime: ../shared/gold/meantime (TIMEX3 DATE values, anchored on each article's CREATION_TIME);
          prints accuracy (exact among found), recall (found among gold) and strict (exact among gold).
own:      tests/data/dates_gold.jsonl (our sentences, publication times in several zones);
          prints exact day accuracy, precision-level accuracy and the confusion of the rest.
The logic lives in eventwire/eval/dates_eval.py.
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.eval.dates_eval import (  # noqa: E402 - after the path set-up above
    DEFAULT_MEANTIME,
    DEFAULT_OWN,
    format_report,
    score_meantime,
    score_own,
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("which", choices=["meantime", "own"], help="which gold set to score")
    ap.add_argument("--gold", type=Path, help="gold folder (meantime) or JSONL file (own)")
    ap.add_argument("--errors", type=int, default=40, help="print at most this many errors (default 40)")
    args = ap.parse_args()
    gold = args.gold or (DEFAULT_MEANTIME if args.which == "meantime" else DEFAULT_OWN)
    if not gold.exists():
        print(f"{args.which}: {gold} not found", file=sys.stderr)
        return 1
    report = score_meantime(gold) if args.which == "meantime" else score_own(gold)
    print(format_report(report, show_errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
