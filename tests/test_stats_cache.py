"""The API's per-filter stats cache: one count per filter, stale-while-recounting, no recount of an
unchanged store."""

from __future__ import annotations

import threading
import time

from eventwire.api.stats_cache import SharedCounts, StatsCache
from eventwire.store import Store

from test_store import make_doc


def wait_for(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_concurrent_first_requests_share_one_count() -> None:
    calls = []
    cache = StatsCache()

    def count() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("f", count))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8 and len(calls) == 1
    cache.close()


def test_a_stale_count_is_recounted_only_when_the_store_changed() -> None:
    version = [1]
    calls = []
    cache = StatsCache(fresh=0.0, per_cost=0.0, version=lambda: version[0])

    def count() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("f", count) == 1
    assert cache.get("f", count) == 1 and len(calls) == 1, "unchanged store: the count stands"
    version[0] = 2
    assert cache.get("f", count) == 1, "changed: the stale count is served while a recount runs"
    wait_for(lambda: cache.get("f", count) == 2)
    assert len(calls) == 2
    cache.close()


def test_without_a_version_a_stale_count_is_recounted() -> None:
    calls = []
    cache = StatsCache(fresh=0.0, per_cost=0.0)
    cache.get("f", lambda: calls.append(1) or len(calls))
    cache.get("f", lambda: calls.append(1) or len(calls))
    wait_for(lambda: len(calls) == 2)
    cache.close()


def test_the_change_token_follows_writes_from_another_connection(tmp_path) -> None:
    path = tmp_path / "t.db"
    with Store(path) as writer, Store(path, readonly=True) as reader:
        before = reader.change_token()
        assert reader.change_token() == before
        time.sleep(0.01)  # mtime granularity
        writer.put(make_doc())
        assert reader.change_token() != before


def test_processes_share_counts_of_an_unchanged_store(tmp_path) -> None:
    """Two caches (as two server processes) over one shared file: the second does not count again,
    unless the store's version differs."""
    calls = []
    first = StatsCache(version=lambda: (1, 2), shared=SharedCounts(tmp_path / "s.sqlite"))
    second = StatsCache(version=lambda: (1, 2), shared=SharedCounts(tmp_path / "s.sqlite"))
    changed = StatsCache(version=lambda: (1, 3), shared=SharedCounts(tmp_path / "s.sqlite"))
    assert first.get(("clusters", "f"), lambda: calls.append(1) or b"7") == b"7"
    assert second.get(("clusters", "f"), lambda: calls.append(1) or b"8") == b"7"
    assert changed.get(("clusters", "f"), lambda: calls.append(1) or b"9") == b"9"
    assert len(calls) == 2
    for cache in (first, second, changed):
        cache.close()


def test_an_unusable_shared_file_only_turns_sharing_off(tmp_path) -> None:
    (tmp_path / "file").write_text("not a directory")
    cache = StatsCache(version=lambda: 1, shared=SharedCounts(tmp_path / "file" / "s.sqlite"))
    assert cache.get("f", lambda: b"5") == b"5"
    assert cache.shared.broken
    cache.close()
