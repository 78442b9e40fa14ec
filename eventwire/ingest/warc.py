"""Read stage for web archives: the HTML responses in WARC and WARC.gz files, one RawDoc each.

Common Crawl's CC-NEWS and most crawlers write WARC. Only `response` records with a 2xx status and an
HTML content type become documents; each keeps the record's target URL and fetch date (`WARC-Date`),
and its source is `warc://FILE#RECORD-ID`. FastWARC streams the file record by record (gzip members
and HTTP content/transfer encodings are decoded by it), so a 1 GB archive never sits in memory.
"""

from __future__ import annotations

import codecs
import gzip
import logging
from collections.abc import Iterator
from pathlib import Path

from . import InputFailure, RawDoc, read_bytes

log = logging.getLogger("eventwire")

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_MAGIC = b"WARC/"
# FastWARC's read buffer for local files: large sequential reads, as for any big archive.
READ_BUFFER_BYTES = 4 * 1024 * 1024


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def is_warc(path: Path) -> bool:
    """True when the file is a WARC archive: by its name, else by its first bytes (plain or gzip)."""
    if path.name.lower().endswith(WARC_SUFFIXES):
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(len(WARC_MAGIC))
        if head.startswith(b"\x1f\x8b"):
            with gzip.open(path, "rb") as fh:
                head = fh.read(len(WARC_MAGIC))
    except (OSError, EOFError):
        return False
    return head == WARC_MAGIC


def _body_bytes(body: bytes, charset: str | None) -> bytes:
    """Return the payload as UTF-8 when the HTTP header names another charset the bytes are in."""
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
        return body
    try:
        body.decode("utf-8")
        return body  # already valid UTF-8 whatever the header says (a common mislabel)
    except UnicodeDecodeError:
        pass
    try:
        codecs.lookup(charset)
        return body.decode(charset, errors="replace").encode("utf-8")
    except LookupError:
        return body  # unknown name: the content-based detection in decode() decides


def read_warc(path: str | Path, max_bytes: int = 20_000_000) -> Iterator[RawDoc | InputFailure]:
    """Yield one RawDoc per HTML response in a WARC(.gz) file; an InputFailure if it cannot be read."""
    from fastwarc.stream_io import GzipReader
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    path = Path(path)
    seen = 0
    try:
        # FastWARC picks the decompressor from a file name's extension; the gzip magic number decides here
        stream = (GzipReader(str(path), buffer_size=READ_BUFFER_BYTES, fsspec_args=False) if _is_gzip(path)
                  else str(path))
        records = ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True,
                                  auto_decode="all", max_content_length=max_bytes, fsspec_args=False,
                                  buffer_size=READ_BUFFER_BYTES)
        for record in records:
            seen += 1
            http = record.http_headers
            if http is None or not 200 <= (http.status_code or 0) < 300:
                continue
            content_type = (record.http_content_type or "").lower()
            if not content_type.startswith(HTML_TYPES):
                continue
            headers = record.headers
            url = headers.get("WARC-Target-URI") or None
            fetched = headers.get("WARC-Date") or None
            record_id = (record.record_id or f"offset-{record.stream_pos}").strip("<>")
            body = _body_bytes(record.reader.read(), record.http_charset)
            meta = {k: v for k, v in (("url", url), ("fetched", fetched)) if v}
            yield from read_bytes(body, f"warc://{path}#{record_id}", meta)
    except FileNotFoundError:
        yield InputFailure(str(path), f"{path}: no such file or directory")
    except (OSError, ValueError) as exc:
        where = f"after {seen} records" if seen else "at the start"
        yield InputFailure(str(path), f"{path}: the WARC file is corrupt or truncated {where} ({exc}); "
                           "the records before it were read; re-download the file to read the rest")
