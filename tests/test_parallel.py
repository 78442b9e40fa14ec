"""Worker processes: same documents in the same order as one process, bounded read-ahead, dead workers."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from eventwire import parallel
from eventwire.errors import EventwireError
from eventwire.ingest import read_bytes
from eventwire.models import to_dict
from eventwire.parallel import IN_FLIGHT_PER_WORKER, WorkerPool, process_documents
from eventwire.pipeline import Pipeline
from eventwire.settings import Settings, load_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import generate  # noqa: E402

pytestmark = pytest.mark.model
BATCH = 2
SMALL_BATCHES = load_settings([f"nlp.batch_size={BATCH}"], env={})


@pytest.fixture(scope="module")
def raws():
    return [next(read_bytes(text.encode("utf-8"), f"gen-{i}.txt")) for i, text in enumerate(generate(8))]


@pytest.fixture(scope="module")
def expected(raws):
    return [to_dict(d) for d in Pipeline(Settings()).process(raws)]


def test_two_workers_give_the_same_documents_in_order_and_read_ahead_is_bounded(raws, expected,
                                                                               monkeypatch) -> None:
    monkeypatch.setattr(parallel, "SMALL_INPUT_DOCS", 2)
    pulled = []

    def source():
        for raw in raws:
            pulled.append(raw)
            yield raw

    stats: dict = {}
    out = process_documents(source(), SMALL_BATCHES, workers=2, pool_stats=stats)
    first = next(out)
    assert len(pulled) <= 2 + IN_FLIGHT_PER_WORKER * 2 * BATCH, "reading waits for the workers"
    assert [to_dict(first), *(to_dict(d) for d in out)] == expected
    assert len(stats["worker_peak_mb"]) == 2 and all(0 < mb < 2048 for mb in stats["worker_peak_mb"].values())


def test_a_killed_worker_is_replaced_and_its_batches_sent_again(raws, expected) -> None:
    with WorkerPool(SMALL_BATCHES, 1) as pool:  # one worker: the test is about replacing it
        out = pool.process(raws)
        docs = [to_dict(next(out))]
        victim = max(pool.workers, key=lambda w: len(w.outstanding))
        os.kill(victim.process.pid, signal.SIGKILL)
        docs += [to_dict(d) for d in out]
        assert pool.restarts == 1
    assert docs == expected


def test_small_inputs_run_in_process(raws, expected, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "WorkerPool", None)  # would fail if used
    assert [to_dict(d) for d in process_documents(raws[:3], Settings(), workers=2)] == expected[:3]


def test_a_worker_that_cannot_load_the_pipeline_stops_the_run_with_its_reason() -> None:
    settings = load_settings(["nlp.model=no_such_pipeline"], env={})
    with pytest.raises(EventwireError, match="no_such_pipeline"):
        with WorkerPool(settings, 1):
            pass


def test_workers_setting() -> None:
    assert parallel.resolve_workers(0) == parallel.available_cores()
    with pytest.raises(EventwireError, match="--workers"):
        parallel.resolve_workers(-1)
