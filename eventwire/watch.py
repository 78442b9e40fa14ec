"""Watch directories and feeds: ingest new items as they appear, remembering what was seen.

`watch(targets, db)` polls each target every `interval` seconds: a directory for new or changed
files (any format `ingest` reads, WARC included), a feed file or URL for new entries. What has been
stored is recorded in a small state database (`seen` table, default `DB.watch` beside a database
file), so a restarted watcher picks up where it stopped and never processes an item twice. An entry
whose page cannot be fetched is tried again at the next polls, up to `MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from .errors import UsageError
from .ingest import InputFailure, RawDoc, expand_paths, read_inputs
from .ingest.feeds import Fetcher, is_url, looks_like_feed, parse_feed, read_location
from .jobs import Progress, Summary
from .parallel import process_documents
from .pipeline import Pipeline
from .settings import Settings
from .store import Store, open_store
from .store.postgres import is_postgres_url

MAX_ATTEMPTS = 3  # an item that fails this many polls in a row is given up (and its failure kept)
DEFAULT_STATE = "eventwire-watch.sqlite"  # for a PostgreSQL database, in the working directory


class SeenState:
    """Keys of items already stored (or given up), in a SQLite file that survives restarts."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path)
        self.db.execute("CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, attempts INTEGER NOT NULL, "
                        "done INTEGER NOT NULL, at TEXT NOT NULL)")

    def is_done(self, key: str) -> bool:
        """True when the item was stored or given up."""
        row = self.db.execute("SELECT done FROM seen WHERE key = ?", (key,)).fetchone()
        return bool(row and row[0])

    def record(self, key: str, ok: bool) -> None:
        """Record one attempt at an item: done when it was stored or has failed MAX_ATTEMPTS times."""
        row = self.db.execute("SELECT attempts FROM seen WHERE key = ?", (key,)).fetchone()
        attempts = (row[0] if row else 0) + 1
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?)",
                            (key, attempts, int(ok or attempts >= MAX_ATTEMPTS),
                             datetime.now(UTC).isoformat(timespec="seconds")))

    def count(self) -> int:
        """Return how many items are done."""
        return self.db.execute("SELECT COUNT(*) FROM seen WHERE done = 1").fetchone()[0]

    def close(self) -> None:
        self.db.close()


def default_state_path(db: str) -> str:
    """Return where the watcher keeps its state for a database."""
    return DEFAULT_STATE if is_postgres_url(db) else f"{db}.watch"


Item = tuple[str, Iterator[RawDoc | InputFailure]]  # (state key, what the item holds)


def _file_key(path: Path) -> str:
    stat = path.stat()
    return f"file:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def new_items(targets: list[str], state: SeenState, fetcher: Fetcher, settings: Settings,
              skip: Callable[[str], bool]) -> Iterator[Item]:
    """Yield the items of the targets not yet done: new or changed files, new feed entries."""
    from .ingest.feeds import entry_docs

    for target in targets:
        path = Path(target)
        if not is_url(target) and path.is_dir():
            for _source, file in expand_paths([target]):
                assert file is not None  # a directory's files, never stdin
                try:
                    key = _file_key(file)
                except OSError:
                    continue  # vanished between listing and stat
                if not state.is_done(key):
                    yield key, read_inputs([str(file)], settings.ingest.max_bytes, settings.fetch, skip)
            continue
        try:
            data = read_location(target, fetcher)
            if not is_url(target) and not looks_like_feed(data):
                raise UsageError(f"{target}: not a directory, feed file or URL; watch takes directories and "
                                 "RSS/Atom feeds")
            entries = parse_feed(data, target)
        except UsageError:
            raise
        except Exception as exc:  # noqa: BLE001 - an unreachable feed is reported; the next poll tries again
            yield f"poll:{target}:{time.time()}", iter([InputFailure(target, str(exc))])
            continue
        for entry in entries:
            key = f"feed:{target}:{entry.key}"
            if state.is_done(key):
                continue
            if skip(entry.doc_id):
                state.record(key, ok=True)  # stored by an earlier ingest: nothing to fetch
                continue
            yield key, entry_docs(entry, fetcher, settings.ingest.max_bytes)


def poll(targets: list[str], store: Store, state: SeenState, fetcher: Fetcher, settings: Settings,
         summary: Summary, pipeline: Pipeline | None = None, workers: int | None = None,
         progress: Progress | None = None) -> None:
    """Ingest everything new in the targets once; mark each item done after it is stored."""
    pending: deque[tuple[int, str, bool]] = deque()  # (documents sent when the item ended, key, read ok)
    sent = 0
    started = time.monotonic()

    def raws() -> Iterator[RawDoc]:
        nonlocal sent
        for key, contents in new_items(targets, state, fetcher, settings, store.has):
            ok = True
            for item in contents:
                if isinstance(item, InputFailure):
                    store.record_failure(item.source, "read", item.message)
                    summary.failures += 1
                    ok = False
                elif store.has(item.doc_id):
                    summary.documents += 1
                    summary.unchanged += 1
                else:
                    sent += 1
                    yield item
            pending.append((sent, key, ok))

    def mark(stored: int) -> None:
        while pending and pending[0][0] <= stored:
            _, key, ok = pending.popleft()
            if not key.startswith("poll:"):
                state.record(key, ok)

    stored = 0
    outlets = store.outlet_areas() if settings.geo.outlet_areas else {}  # once per pass (geo/outlets.py)
    for doc in process_documents(raws(), settings, pipeline, workers, outlets=outlets):
        status = store.put(doc)
        stored += 1
        summary.documents += 1
        setattr(summary, status, getattr(summary, status) + 1)
        summary.events += len(doc.events)
        summary.failures += doc.error is not None
        mark(stored)
        if progress:
            progress(summary.documents, time.monotonic() - started)
    mark(stored)
    store.finish_run()


def watch(targets: list[str], db: str, settings: Settings | None = None, interval: float = 300.0,
          once: bool = False, state_path: str | None = None, pipeline: Pipeline | None = None,
          workers: int | None = None, progress: Progress | None = None,
          on_poll: Callable[[Summary], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> Summary:
    """Poll the targets every `interval` seconds (once with `once`) and store what is new; return totals."""
    settings = settings or Settings()
    if interval <= 0:
        raise UsageError(f"--interval: {interval} must be a positive number of seconds")
    total = Summary()
    state = SeenState(state_path or default_state_path(db))
    try:
        with open_store(db) as store, Fetcher(settings.fetch) as fetcher:
            store.cluster_on_put = settings.ingest.dedup
            while True:
                started = time.monotonic()
                summary = Summary()
                poll(targets, store, state, fetcher, settings, summary, pipeline, workers, progress)
                summary.seconds = time.monotonic() - started
                for name in ("documents", "added", "replaced", "unchanged", "events", "failures", "seconds"):
                    setattr(total, name, getattr(total, name) + getattr(summary, name))
                if on_poll:
                    on_poll(summary)
                if once:
                    return total
                sleep(max(0.0, interval - summary.seconds))
    finally:
        state.close()
