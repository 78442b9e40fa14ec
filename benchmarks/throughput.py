#!/usr/bin/env python3
"""Throughput and peak memory of the full pipeline next to the bare spaCy pipeline, same texts, same run.

    python benchmarks/throughput.py [--docs 300] [--workers 1]

Each measurement runs in its own process (so peak memory is that stage's alone) on the same
generated corpus (benchmarks/corpus.py). Reported: documents/s, peak RSS, and the ratio full/bare,
which is what to compare across machines: this machine is shared and its absolute speed varies.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import generate  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bare(n: int, batch: int) -> dict:
    from eventwire.nlp import load_pipeline
    from eventwire.settings import Settings

    nlp = load_pipeline(Settings().nlp.model)
    texts = list(generate(n))
    nlp("warm up")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    return {"seconds": time.perf_counter() - start}


def run_full(n: int, batch: int) -> dict:
    from eventwire.ingest import read_bytes
    from eventwire.pipeline import Pipeline
    from eventwire.settings import load_settings

    settings = load_settings([f"nlp.batch_size={batch}"])
    pipeline = Pipeline(settings, errors="raise")
    pipeline.coder  # load dictionary and gazetteer before timing  # noqa: B018
    pipeline.nlp("warm up")
    raws = [next(read_bytes(t.encode("utf-8"), f"gen-{i}.txt")) for i, t in enumerate(generate(n))]
    start = time.perf_counter()
    events = sum(len(doc.events) for doc in pipeline.process(raws))
    return {"seconds": time.perf_counter() - start, "events": events}


def run_stages(n: int, batch: int) -> dict:
    """Time each stage separately on the same corpus: clean, parse (spaCy), code (everything after)."""
    from eventwire.ingest import read_bytes
    from eventwire.pipeline import Pipeline
    from eventwire.settings import load_settings

    pipeline = Pipeline(load_settings([f"nlp.batch_size={batch}"]), errors="raise")
    pipeline.coder  # noqa: B018
    pipeline.nlp("warm up")
    raws = [next(read_bytes(t.encode("utf-8"), f"gen-{i}.txt")) for i, t in enumerate(generate(n))]
    t0 = time.perf_counter()
    docs = [pipeline.clean(r) for r in raws]
    t1 = time.perf_counter()
    parsed = list(pipeline.nlp.pipe([d.text for d in docs], batch_size=batch))
    t2 = time.perf_counter()
    for doc, p in zip(docs, parsed, strict=True):
        pipeline.coder.code(doc, p)
    t3 = time.perf_counter()
    return {"seconds": t3 - t0, "clean_s": t1 - t0, "parse_s": t2 - t1, "code_s": t3 - t2}


def child(mode: str, n: int, batch: int) -> None:
    result = {"bare": run_bare, "full": run_full, "stages": run_stages}[mode](n, batch)
    result.update(mode=mode, docs=n, peak_mb=peak_mb())
    print(json.dumps(result))


def measure(mode: str, n: int, batch: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--docs", str(n), "--batch", str(batch)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--child", choices=("bare", "full", "stages"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.docs, args.batch)
        return 0
    bare = measure("bare", args.docs, args.batch)
    full = measure("full", args.docs, args.batch)
    for r in (bare, full):
        r["docs_per_s"] = r["docs"] / r["seconds"]
        print(f"{r['mode']:>5}: {r['docs']} docs in {r['seconds']:.1f} s = {r['docs_per_s']:.1f} docs/s, "
              f"peak {r['peak_mb']:.0f} MB" + (f", {r['events']} events" if "events" in r else ""))
    ratio = full["docs_per_s"] / bare["docs_per_s"]
    print(f"full pipeline / bare spaCy throughput: {ratio:.2f}x")
    stages = measure("stages", args.docs, args.batch)
    print(f"stages: clean {stages['clean_s']:.1f} s, parse {stages['parse_s']:.1f} s, code {stages['code_s']:.1f} s "
          f"(coding adds {100 * stages['code_s'] / stages['parse_s']:.0f}% to the parse time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
