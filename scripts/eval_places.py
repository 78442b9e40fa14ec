#!/usr/bin/env python3
"""Score the places stage on ../shared/gold (LGL, TR-News, event_location_dev).

  resolve         gold spans given: accuracy by GeoNames id, within 161 km, median error, country/ADM1
  recognize       our own recognition: toponym precision/recall/F1 against the gold spans
  event-location  share of records whose chosen location span is the gold one
  speed           seconds to resolve 10,000 gold toponyms with cold caches
  fit             refit the resolver's trees on the `fit` half, then score the `test` half
  fit-outlet      refit only the trees for documents whose outlet has an area (geo/outlets.py)
  fit-location    refit the event-location model on the `fit` records, then score the `test` ones

--split: `test` (default, odd-numbered articles/records, never fitted or tuned on), `fit`, or `all`.
The logic lives in eventwire/eval/places_eval.py.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.errors import EventwireError  # noqa: E402 - after the path set-up above
from eventwire.eval.places_eval import MODES, SPLITS, format_report, report, shared_dir  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=MODES, help="what to measure")
    ap.add_argument("--split", choices=SPLITS, default="test", help="which half to score (default: test)")
    ap.add_argument(
        "--gazetteer", type=Path, help="gazetteer file (default: $EVENTWIRE_HOME or ~/.cache/eventwire)"
    )
    args = ap.parse_args()
    if not (shared_dir() / "gold").exists():
        print(f"{shared_dir() / 'gold'} not found", file=sys.stderr)
        return 1
    try:
        print(format_report(report(args.mode, split=args.split, gazetteer=args.gazetteer)))
    except EventwireError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
