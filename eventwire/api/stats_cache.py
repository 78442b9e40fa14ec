"""Stats kept per filter, so that many clients (and the page's repeated requests) share one count.

Counting a large store is the slowest thing the API does (seconds over millions of events on SQLite),
and the page asks for counts on every filter change. So a count is computed once per filter, served
fresh for a while, then served stale while one background thread recounts it: after the first request
for a filter, no request waits for a count. An ingest shows up in the counts after at most one refresh; a store that has not changed (its change
token, `Store.change_token`) is not counted again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

# A count stays fresh this long at least: an ingest adds a few documents a second, so counts a few
# seconds old look the same as live ones on the page.
FRESH_SECONDS = 5.0
# ... and at least this many times as long as it took to compute, so that recounting a slow filter
# in the background takes at most a tenth of one core.
FRESH_PER_COST = 10.0
MAX_ENTRIES = 256  # distinct filters kept; one entry is ~20 KB for a two-year by_day series

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
    ) -> None:
        # `version` returns a token that changes whenever the store does (None: unknown); a stale count
        # whose token has not changed is still right, and is kept without counting again
        self.version = version
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
