"""Read stage: paths, directories and standard input to raw documents.

`read_inputs(paths)` yields one `RawDoc` per article (a JSON Lines file gives one per line) and one
`InputFailure` per input that could not be read at all. The format is detected from content.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..settings import FetchSettings
from .decode import decode

FORMATS = ("text", "html", "record")
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html|<\?xml[^>]*>\s*<html|<head|<body|<!--)", re.I)
_HTML_TAGS = re.compile(r"<(p|div|article|span|a|br|h[1-6]|meta|title|script)\b[^>]*>", re.I)
# A text with at least this many HTML tags in its first 4 KB is treated as HTML even without a
# <html> start (fragments saved from a browser); a plain article has none.
HTML_TAG_MIN = 5


@dataclass(frozen=True)
class RawDoc:
    """One article as read, before cleaning."""

    source: str
    kind: str  # one of FORMATS
    text: str
    doc_id: str
    meta: dict[str, Any] = field(default_factory=dict)  # url, title, published, outlet, fetched ...
    error: str | None = None  # set when the input was read but holds no usable article


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read at all (missing, unreadable, too large)."""

    source: str
    message: str


def content_id(data: bytes | str, url: str | None = None) -> str:
    """Return a stable document id: from the canonical URL when known, else from the content."""
    if url:
        key = url.strip().encode("utf-8")
    else:
        key = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(key).hexdigest()[:20]


def detect_format(text: str) -> str:
    """Return 'html', 'record' (JSON Lines) or 'text' from the content itself."""
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= HTML_TAG_MIN:
        return "html"
    first = head.lstrip()[:1]
    if first == "{":
        line = text.lstrip().split("\n", 1)[0]
        try:
            if isinstance(json.loads(line), dict):
                return "record"
        except ValueError:
            pass
    return "text"


def _records(text: str, source: str) -> Iterator[RawDoc]:
    """Yield one RawDoc per JSON line; a bad line becomes a RawDoc with an error, not a crash."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            yield RawDoc(where, "record", "", content_id(line), error=f"bad JSON line ({exc}); each line must "
                         "be an object with at least a 'text' field")
            continue
        body = rec.get("text") or rec.get("html") or ""
        meta = {k: rec[k] for k in ("url", "title", "published", "updated", "outlet", "fetched") if rec.get(k)}
        kind = "html" if rec.get("html") and not rec.get("text") else "record"
        error = None if isinstance(body, str) and body.strip() else "JSON line has no 'text' (or 'html') field"
        yield RawDoc(where, kind, body if isinstance(body, str) else "",
                     content_id(line, meta.get("url")), meta, error)


def read_bytes(data: bytes, source: str, meta: dict[str, Any] | None = None) -> Iterator[RawDoc]:
    """Yield the RawDocs held in one input's bytes (one, or one per line for JSON Lines)."""
    meta = meta or {}
    if not data.strip():
        yield RawDoc(source, "text", "", content_id(data or source.encode()), meta, "empty input: nothing to read")
        return
    try:
        text, _encoding = decode(data, source)
    except InputError as exc:
        yield RawDoc(source, "text", "", content_id(data), meta, str(exc))
        return
    kind = detect_format(text)
    if kind == "record":
        yield from _records(text, source)
        return
    yield RawDoc(source, kind, text, content_id(data, meta.get("url")), meta)


def _walk(path: Path) -> Iterator[Path]:
    """Yield the files under a directory, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Yield (source name, path) for every file named or found under a named directory; '-' is stdin."""
    for raw in paths:
        if raw == "-":
            yield "-", None
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                yield str(file), file
        else:
            yield raw, path


def read_inputs(paths: Iterable[str], max_bytes: int = 20_000_000, fetch: FetchSettings | None = None,
                skip: Callable[[str], bool] | None = None) -> Iterator[RawDoc | InputFailure]:
    """Yield RawDocs for every article in the inputs, and an InputFailure for each unreadable input.

    Besides files: WARC(.gz) archives (warc.py), RSS/Atom feeds and http(s) URLs (feeds.py, fetched
    with the `fetch` settings; `skip(doc_id)` true means already stored, so the page is not fetched).
    """
    from .feeds import Fetcher, is_url, looks_like_feed, read_feed, read_url
    from .warc import is_warc, read_warc

    fetcher: Fetcher | None = None
    try:
        for source, path in expand_paths(paths):
            if is_url(source) or (path is not None and is_warc(path)):
                if is_url(source):
                    fetcher = fetcher or Fetcher(fetch)
                    yield from read_url(source, fetcher, skip, max_bytes)
                else:
                    yield from read_warc(path, max_bytes)  # streamed: no size limit for the whole archive
                continue
            for item in _read_file(source, path, max_bytes):
                if isinstance(item, bytes) and looks_like_feed(item):
                    fetcher = fetcher or Fetcher(fetch)
                    yield from read_feed(source, fetcher, skip, max_bytes, data=item)
                elif isinstance(item, bytes):
                    yield from read_bytes(item, source)
                else:
                    yield item
    finally:
        if fetcher is not None:
            fetcher.close()


def _read_file(source: str, path: Path | None, max_bytes: int) -> Iterator[RawDoc | InputFailure | bytes]:
    """Yield the bytes of one input (or the RawDocs of stdin), or an InputFailure when unreadable."""
    if path is None:
        yield from read_bytes(sys.stdin.buffer.read(), "<stdin>")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputFailure(source, f"{source}: file is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB "
                               "limit for one input; split it or raise ingest.max_bytes")
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield InputFailure(source, f"{source}: no such file or directory")
        return
    except OSError as exc:
        yield InputFailure(source, f"{source}: cannot read ({exc.strerror or exc}); check permissions")
        return
    yield data
