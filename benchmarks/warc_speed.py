#!/usr/bin/env python3
"""WARC reading speed: eventwire's reader against plain iteration with the libraries themselves.

    python benchmarks/warc_speed.py [--records 5000] [--repeat 3]

Writes a WARC.gz like a CC-NEWS file (per-record gzip; for every article a request and a response
record, plus redirects and images) from the generated articles, then times, best of `--repeat`:
  fastwarc-plain   FastWARC iterating every record and reading its payload (the library's floor)
  fastwarc-http    FastWARC, responses only, HTTP headers parsed, payload read (what we ask of it)
  eventwire        `read_warc`: the above plus the HTML filter, charset, id and format detection → RawDocs
  warcio-plain     warcio iterating every record and reading its payload (the other maintained reader)
Figures are records/s over all records in the file, and MB/s of the compressed file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

from warcfiles import article_pages, write_warc  # noqa: E402

NOISE_EVERY = 10  # one redirect and one image per this many articles, as in a news crawl


def make_warc(path: Path, articles: int) -> int:
    """Write the test archive; return the number of records in it."""
    pages = article_pages(articles)
    extra = []
    for i in range(0, articles, NOISE_EVERY):
        extra.append((f"https://news.example/r/{i}", "301 Moved Permanently", "text/html", b""))
        jpeg = b"\xff\xd8\xff" + bytes(20_000)
        extra.append((f"https://news.example/i/{i}.jpg", "200 OK", "image/jpeg", jpeg))
    write_warc(path, pages, extra=extra)
    return 1 + 2 * (len(pages) + len(extra))  # warcinfo, then a response and a request per URL


def fastwarc_plain(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator

    n = 0
    for record in ArchiveIterator(str(path), fsspec_args=False, parse_http=False):
        record.reader.read()
        n += 1
    return n


def fastwarc_http(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    for record in ArchiveIterator(str(path), fsspec_args=False, record_types=WarcRecordType.response,
                                  parse_http=True, auto_decode="all"):
        record.reader.read()
        n += 1
    return n


def eventwire_reader(path: Path) -> int:
    from eventwire.ingest.warc import read_warc

    return sum(1 for _ in read_warc(path))


def warcio_plain(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            record.content_stream().read()
            n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=5000, help="articles in the archive (default 5000)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-warc-") as tmp:
        path = Path(tmp) / "bench.warc.gz"
        total = make_warc(path, args.records)
        mb = path.stat().st_size / 1e6
        print(f"# {sys.argv[0]} {' '.join(sys.argv[1:])}: {total} records ({args.records} HTML articles), "
              f"{mb:.1f} MB gzip")
        rates = {}
        for name, func in (("fastwarc-plain", fastwarc_plain), ("fastwarc-http", fastwarc_http),
                           ("eventwire", eventwire_reader), ("warcio-plain", warcio_plain)):
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                out = func(path)
                best = min(best, time.perf_counter() - start)
            rates[name] = total / best
            print(f"{name:>15}: {best:6.2f} s = {rates[name]:9.0f} records/s, {mb / best:6.1f} MB/s "
                  f"({out} items out)", flush=True)
        print(f"eventwire / fastwarc plain iteration: {rates['eventwire'] / rates['fastwarc-plain']:.2f}x; "
              f"fastwarc / warcio: {rates['fastwarc-plain'] / rates['warcio-plain']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
