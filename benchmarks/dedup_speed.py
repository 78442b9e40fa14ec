#!/usr/bin/env python3
"""What deduplication costs and saves: `eventwire ingest` with it on and off, on two corpora.

    python benchmarks/dedup_speed.py [--docs 300] [--repeat 2] [--workers 1]

- no copies: --docs generated articles (benchmarks/corpus.py), all different;
- a third copies: two thirds of that many originals, and for every second original a republication by
  another outlet (new headline and time stamp line, other boilerplate at the end, the last paragraphs cut).

Each run is its own process with a fresh database; the spaCy pipeline and gazetteer are loaded
before the clock starts. Runs alternate (on, off, on, off, ...) and the best of `--repeat` counts,
because this machine is shared. Reported: documents/s with and without deduplication and their
ratio, and how many copies were recognised (their parse skipped).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import generate  # noqa: E402

BOILERPLATE = [
    "Read more: the latest from our correspondents",
    "Share this article",
    "© Wire services. This story has been republished from a news agency feed.",
    "Follow us for breaking news alerts",
]


def republish(text: str, rng: random.Random, n: int) -> str:
    """Return another outlet's republication of a generated article."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    headline, stamp, body = paragraphs[0], paragraphs[1], paragraphs[2:]
    keep = [p for p in body if not p.startswith(("Subscribe", "Also read", "Share", "Comments"))]
    keep = keep[: max(3, len(keep) - rng.randint(0, 3))]  # trimmed at the end
    stamp = stamp.replace(" AM ", " PM ") if " AM " in stamp else stamp.replace(" PM ", " AM ")
    return (
        "\n\n".join(
            [
                f"{headline.split(' in ')[0]}, officials say (update {n})",
                stamp,
                *keep,
                *rng.sample(BOILERPLATE, 2),
            ]
        )
        + "\n"
    )


def write_corpus(folder: Path, docs: int, copies: bool) -> int:
    """Write the corpus as text files; return how many are copies."""
    rng = random.Random(11)
    originals = list(generate(docs * 2 // 3 if copies else docs))
    texts = list(originals)
    made = 0
    if copies:
        for i, text in enumerate(originals[::2]):
            texts.append(republish(text, rng, i))
            made += 1
        texts = texts[:docs]
    for i, text in enumerate(texts):
        (folder / f"a{i:04}.txt").write_text(text, encoding="utf-8")
    return made


def child(folder: str, dedup: bool, workers: int) -> None:
    from eventwire.jobs import ingest
    from eventwire.pipeline import Pipeline
    from eventwire.settings import load_settings

    settings = load_settings([f"ingest.dedup={str(dedup).lower()}"])
    pipeline = Pipeline(settings)
    pipeline.coder  # noqa: B018 - load dictionary and gazetteer before timing
    pipeline.nlp("warm up")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = ingest(
            [folder],
            str(Path(tmp) / "b.db"),
            settings,
            pipeline=pipeline if workers == 1 else None,
            workers=workers,
        )
        seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "docs": summary.documents,
                "copies": summary.copies,
                "events": summary.events,
            }
        )
    )


def measure(folder: Path, dedup: bool, workers: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(folder),
            "--dedup",
            str(int(dedup)),
            "--workers",
            str(workers),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--dedup", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, bool(args.dedup), args.workers)
        return 0
    for copies in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            made = write_corpus(folder, args.docs, copies)
            best: dict[bool, dict] = {}
            for _ in range(args.repeat):
                for dedup in (True, False):
                    r = measure(folder, dedup, args.workers)
                    if dedup not in best or r["seconds"] < best[dedup]["seconds"]:
                        best[dedup] = r
            on, off = best[True], best[False]
            rate_on, rate_off = on["docs"] / on["seconds"], off["docs"] / off["seconds"]
            name = f"a third copies ({made} of {args.docs})" if copies else "no copies"
            print(
                f"{name}: dedup on {rate_on:.1f} docs/s, off {rate_off:.1f} docs/s, "
                f"ratio {rate_on / rate_off:.2f}; "
                f"copies recognised {on['copies']}; {on['seconds']:.1f} s vs {off['seconds']:.1f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
