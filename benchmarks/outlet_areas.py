#!/usr/bin/env python3
"""What reading the outlet areas costs when a run starts (Store.outlet_areas, docs/places.md).

    python benchmarks/outlet_areas.py [--docs 200000] [--places 5] [--outlets 500] [--repeat 3]

Builds a store of --docs documents from --outlets web hosts with --places resolved places each
(written with plain inserts: the pipeline is not what is measured), marks the run finished, then
times, best of --repeat: the baseline, one pass over the same joined rows doing nothing with them,
and `Store.outlet_areas()`. Reported: CPU seconds per million stored places and the ratio to the
baseline (this machine is shared: the ratio is the figure to compare).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventwire.store import Store  # noqa: E402 - after the path set-up above

BASELINE_SQL = (
    "SELECT d.doc_id, d.url, d.outlet, p.country, p.admin1, p.precision FROM documents d "
    "JOIN places p ON p.doc_id = d.doc_id WHERE p.geonames_id IS NOT NULL AND d.rowid <= ? ORDER BY d.doc_id"
)


def build(path: Path, docs: int, places: int, outlets: int) -> Store:
    """Return a store holding the synthetic documents and places, its run finished."""
    rng = random.Random(0)
    store = Store(path)
    with store.db:
        store.db.executemany(
            "INSERT INTO documents(doc_id, source, url, ingested_at, record) VALUES (?,?,?,?,?)",
            (
                (f"d{i}", f"s{i}", f"https://www.outlet{i % outlets}.example/{i}", "2024-01-01", "{}")
                for i in range(docs)
            ),
        )
        store.db.executemany(
            'INSERT INTO places(doc_id, start, "end", text, name, country, admin1, lat, lon, precision, '
            "geonames_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                (f"d{i}", k, k + 4, "Town", "Town", "USA", f"State {rng.randrange(50)}", 0.0, 0.0, "city", 1)
                for i in range(docs)
                for k in range(places)
            ),
        )
    store.finish_run()
    return store


def best_cpu(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        run()  # type: ignore[operator]
        times.append(time.process_time() - started)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200_000)
    ap.add_argument("--places", type=int, default=5)
    ap.add_argument("--outlets", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp) / "areas.db", args.docs, args.places, args.outlets)
        upto = store.finished_upto()
        baseline = best_cpu(lambda: sum(1 for _ in store.db.execute(BASELINE_SQL, (upto,))), args.repeat)
        areas_cpu = best_cpu(store.outlet_areas, args.repeat)
        n_areas = len(store.outlet_areas())
        store.close()
    millions = args.docs * args.places / 1e6
    print(f"{args.docs} documents, {args.docs * args.places} places, {n_areas} outlet areas")
    print(
        f"baseline (the rows read, nothing done): {baseline:.2f} s CPU, "
        f"{baseline / millions:.2f} s per million places"
    )
    print(
        f"Store.outlet_areas: {areas_cpu:.2f} s CPU, {areas_cpu / millions:.2f} s per million places, "
        f"{areas_cpu / baseline:.2f}x the baseline"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
