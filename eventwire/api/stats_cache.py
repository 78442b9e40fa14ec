"""Stats kept per filter, so that many clients (and the page's repeated requests) share one count.

Counting a large store is the slowest thing the API does (seconds over millions of events on SQLite),
and the page asks for counts on every filter change. So a count is computed once per filter, served
fresh for a while, then served stale while one background thread recounts it: after the first request
for a filter, no request waits for a count. An ingest shows up in the counts after at most one refresh;
a store that has not changed (its change token, `Store.change_token`) is not counted again.

Counts of a SQLite database are also kept in a small file beside the gazetteer (`SharedCounts`), so the
processes of `eventwire serve --workers N`, and a server restarted over an unchanged database, count
each filter once between them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A count stays fresh this long at least: an ingest adds a few documents a second, so counts a few
# seconds old look the same as live ones on the page.
FRESH_SECONDS = 5.0
# ... and at least this many times as long as it took to compute, so that recounting a slow filter
# in the background takes at most a tenth of one core.
FRESH_PER_COST = 10.0
MAX_ENTRIES = 256  # distinct filters kept; one entry is ~20 KB for a two-year by_day series

log = logging.getLogger("eventwire.api")

Stats = Any  # whatever `compute` returns: the API keeps the encoded response body
# the key of a count: the API uses (unit counted, EventFilter)


@dataclass
class _Entry:
    value: Stats
    fresh_until: float
    version: Hashable = None  # the store's change token when it was computed
    cost: float = 0.0  # seconds it took
    refreshing: bool = False


class StatsCache:
    """Per-filter stats: computed once (concurrent first requests wait for one computation), then
    refreshed in the background when stale."""

    def __init__(
        self,
        fresh: float = FRESH_SECONDS,
        per_cost: float = FRESH_PER_COST,
        max_entries: int = MAX_ENTRIES,
        version: Callable[[], Hashable] = lambda: None,
        shared: SharedCounts | None = None,
    ) -> None:
        # `version` returns a token that changes whenever the store does (None: unknown); a stale count
        # whose token has not changed is still right, and is kept without counting again
        self.version = version
        self.shared = shared  # counts shared with the other server processes, and kept across restarts
        self.fresh = fresh
        self.per_cost = per_cost
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()
        # one thread recounts stale entries; it keeps its own store connection (see app.Readers)
        self._refresher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eventwire-stats")

    def get(self, flt: Hashable, compute: Callable[[], Stats]) -> Stats:
        """Return the stats for the filter: cached when fresh, stale while a recount runs, else computed."""
        return self._get(flt, self._shared_first(flt, compute))

    def _shared_first(self, flt: Hashable, compute: Callable[[], Stats]) -> Callable[[], Stats]:
        """Return `compute` that first looks for a count of this store state in the shared file."""
        if self.shared is None:
            return compute

        def shared_or_compute() -> Stats:
            version = self.version()
            if version is None:
                return compute()
            found = self.shared.get(flt, version)
            if found is None:
                found = compute()
                self.shared.put(flt, version, found)
            return found

        return shared_or_compute

    def _get(self, flt: Hashable, compute: Callable[[], Stats]) -> Stats:
        with self._guard:
            entry = self._entries.get(flt)
            if entry is not None:
                self._entries.move_to_end(flt)
                now = time.monotonic()
                if now >= entry.fresh_until and not entry.refreshing:
                    if entry.version is not None and entry.version == self.version():
                        entry.fresh_until = now + self._fresh_for(entry.cost)
                    else:
                        entry.refreshing = True
                        self._refresher.submit(self._compute, flt, compute)
                return entry.value
            lock = self._locks.setdefault(flt, threading.Lock())
        with lock:  # the first request computes; others asking for the same filter wait for its result
            entry = self._entries.get(flt)
            return entry.value if entry is not None else self._compute(flt, compute)

    def _fresh_for(self, cost: float) -> float:
        return max(self.fresh, self.per_cost * cost)

    def _compute(self, flt: Hashable, compute: Callable[[], Stats]) -> Stats:
        started = time.monotonic()
        version = self.version()  # taken before counting: a change during the count is seen next time
        try:
            value = compute()
        except Exception:
            with self._guard:
                if flt in self._entries:
                    self._entries[flt].refreshing = False
            raise
        now = time.monotonic()
        with self._guard:
            cost = now - started
            self._entries[flt] = _Entry(value, now + self._fresh_for(cost), version, cost)
            self._entries.move_to_end(flt)
            while len(self._entries) > self.max_entries:
                old, _ = self._entries.popitem(last=False)
                self._locks.pop(old, None)
        return value

    def close(self) -> None:
        """Stop the background recounts."""
        self._refresher.shutdown(wait=False, cancel_futures=True)


class SharedCounts:
    """Encoded counts in a small SQLite file, keyed by filter and store change token, so that the
    worker processes of one server (`serve --workers N`) and later runs over an unchanged database
    count each filter once. Any error here only turns sharing off: counting still works."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self.broken = False

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("CREATE TABLE IF NOT EXISTS counts (key TEXT PRIMARY KEY, version TEXT, body BLOB)")
            self._local.db = db
        return db

    def _run(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        if self.broken:
            return None
        try:
            return work(self._db())
        except (OSError, sqlite3.Error) as exc:
            log.warning("stats are not shared between server processes (%s: %s)", self.path, exc)
            self.broken = True
            return None

    def get(self, flt: Hashable, version: Hashable) -> Stats | None:
        """Return the stored count of the filter at this store version, or None."""
        row = self._run(lambda db: db.execute(
            "SELECT body FROM counts WHERE key = ? AND version = ?", (repr(flt), repr(version))).fetchone())
        return row[0] if row else None

    def put(self, flt: Hashable, version: Hashable, body: Stats) -> None:
        """Keep the count of the filter at this store version (replacing an older one)."""
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("INSERT OR REPLACE INTO counts VALUES (?,?,?)", (repr(flt), repr(version), body))

        self._run(write)


def shared_path(database: str) -> Path | None:
    """Return the shared counts file of a SQLite database ($EVENTWIRE_HOME or ~/.cache/eventwire), or
    None for a database server (whose change token is unknown)."""
    if "://" in database:
        return None
    home = os.environ.get("EVENTWIRE_HOME")
    base = Path(home) if home else Path.home() / ".cache" / "eventwire"
    digest = hashlib.sha1(str(Path(database).resolve()).encode()).hexdigest()[:16]
    return base / "stats" / f"{digest}.sqlite"
