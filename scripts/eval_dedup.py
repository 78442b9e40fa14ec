#!/usr/bin/env python3
"""Score cross-document deduplication: `python scripts/eval_dedup.py own|unseen|meantime [--errors N]
[--in-memory] [--orders N] [--incidents I01,I02,...]`.

own:      tests/data/dedup/corpus.txt (incidents reported by several outlets, with look-alikes);
unseen:   tests/data/dedup/unseen.txt (the same kind, written after the scorer was fitted: never tune on it);
meantime: ../shared/gold/meantime/intra_cross-doc_annotation (cross-document event coreference).
The articles go through the real pipeline and a temporary store; extracted events are matched to the
gold mentions by span. Prints pairwise (cross-document pairs) and B-cubed precision/recall/F1, and the
errors. With --orders N, also stores the documents in N shuffled orders and checks the clusters do not
change. The logic lives in eventwire/eval/dedup_eval.py.
"""

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.eval.dedup_eval import (  # noqa: E402 - after the path set-up above
    DEFAULT_MEANTIME,
    DEFAULT_OWN,
    DEFAULT_UNSEEN,
    evaluate,
    format_report,
    load_meantime,
    load_own,
    only_incidents,
    process,
    store_clusters,
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("which", choices=["own", "unseen", "meantime"], help="which gold set to score")
    ap.add_argument("--gold", type=Path, help="corpus file (own) or folder (meantime)")
    ap.add_argument("--errors", type=int, default=30, help="print at most this many errors (default 30)")
    ap.add_argument("--in-memory", action="store_true", help="cluster in memory instead of through the store")
    ap.add_argument(
        "--orders", type=int, default=0, help="also check N shuffled ingest orders give the same clusters"
    )
    ap.add_argument(
        "--incidents",
        help="score only these incidents (comma-separated ids, e.g. one half of the own corpus; "
        "all documents are still clustered)",
    )
    args = ap.parse_args()
    gold = args.gold or {"own": DEFAULT_OWN, "unseen": DEFAULT_UNSEEN}.get(args.which, DEFAULT_MEANTIME)
    if not gold.exists():
        print(f"{args.which}: {gold} not found", file=sys.stderr)
        return 1
    articles = load_meantime(gold) if args.which == "meantime" else load_own(gold)
    docs = process(articles)
    scored = only_incidents(articles, set(args.incidents.split(","))) if args.incidents else articles
    report = evaluate(args.which, scored, docs, use_store=not args.in_memory)
    print(format_report(report, show_errors=args.errors))
    if args.orders:
        reference = store_clusters(docs)
        for seed in range(args.orders):
            order = list(range(len(docs)))
            random.Random(seed).shuffle(order)
            same = store_clusters(docs, order) == reference
            print(f"  shuffled order {seed}: {'same clusters and ids' if same else 'DIFFERENT clusters'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
