"""All cores on one machine: worker processes, each with its own spaCy pipeline, fed in batches.

`process_documents(raws, settings, workers=N)` yields the same Documents, in the same order, as
`Pipeline.process(raws)`. With N > 1 the raw articles go in batches to N worker processes; the
reading process keeps at most `IN_FLIGHT_PER_WORKER` batches per worker outstanding, so reading
stops while the workers are busy and memory stays flat however large the input. A worker that dies
(killed, out of memory, a crash in native code) is replaced and its batches are sent again once; a
batch that kills a worker twice comes back as documents with an error instead of stopping the run.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import resource
import signal
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing.connection import wait as wait_for
from typing import Any

from .errors import EventwireError, UsageError
from .geo.outlets import OutletArea
from .ingest import RawDoc
from .models import Document, ErrorInfo
from .pipeline import Pipeline
from .settings import Settings

log = logging.getLogger("eventwire")

# Below this many documents one process finishes before extra workers have loaded their pipelines
# (~2 s each, about 30 documents' worth of work), so small inputs run in-process.
SMALL_INPUT_DOCS = 100
# Two batches per worker: one being processed and one waiting, so a worker never idles while the
# reader prepares the next one; more would only hold memory.
IN_FLIGHT_PER_WORKER = 2
# How long a worker may take to load its pipeline before we give up (the model load is ~2 s).
READY_TIMEOUT_S = 300
POLL_S = 0.5
START_METHOD = "spawn"  # fork would copy the reader's threads and locks; spawn is safe everywhere


def available_cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def resolve_workers(workers: int) -> int:
    """Return the number of worker processes to use: `workers`, or one per core when 0."""
    if workers < 0:
        raise UsageError(f"--workers: {workers} must be 0 (one per core) or a positive number")
    return workers or available_cores()


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _batches(raws: Iterable[RawDoc], size: int) -> Iterator[list[RawDoc]]:
    it = iter(raws)
    while batch := list(islice(it, size)):
        yield batch


def _worker_main(settings: Settings, outlets: Mapping[str, OutletArea] | None, tasks: Any,
                 results: Any) -> None:
    """Worker process: load the pipeline once, then process batches until told to stop."""
    # Ctrl-C reaches every process in the terminal's group: the parent stops the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pipeline = Pipeline(settings)
        pipeline.coder  # load the dictionary and gazetteer now, not inside the first batch  # noqa: B018
        pipeline.nlp("warm up")
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops with the message
        results.put(("failed", f"{exc.__class__.__name__}: {exc}"))
        return
    results.put(("ready", os.getpid()))
    while (task := tasks.get()) is not None:
        seq, raws = task
        docs = list(pipeline.process(raws, outlets))
        results.put(("done", (seq, docs, peak_rss_mb())))


@dataclass
class _Worker:
    process: Any
    tasks: Any  # batches in
    results: Any  # one result queue per worker: a worker killed while writing cannot block the others
    outstanding: dict[int, list[RawDoc]] = field(default_factory=dict)  # seq -> batch


class WorkerPool:
    """N worker processes with one pipeline each; `process(raws)` yields Documents in input order."""

    def __init__(self, settings: Settings, workers: int, batch_size: int | None = None,
                 outlets: Mapping[str, OutletArea] | None = None) -> None:
        self.settings = settings
        self.outlets = outlets
        self.size = workers
        self.batch_size = batch_size or settings.nlp.batch_size
        self.ctx = mp.get_context(START_METHOD)
        self.workers: list[_Worker] = []
        self.worker_peak_mb: dict[int, float] = {}  # pid -> peak RSS reported by that worker
        self.restarts = 0
        self._retried: set[int] = set()

    def __enter__(self) -> WorkerPool:
        try:
            self.workers = [self._spawn(slot) for slot in range(self.size)]
            self._wait_ready(set(range(self.size)))
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self, slot: int) -> _Worker:
        tasks, results = self.ctx.Queue(), self.ctx.Queue()
        process = self.ctx.Process(target=_worker_main, args=(self.settings, self.outlets, tasks, results),
                                   name=f"eventwire-worker-{slot}", daemon=True)
        process.start()
        return _Worker(process, tasks, results)

    def _poll(self) -> list[tuple[int, tuple]]:
        """Wait up to POLL_S for messages from the workers (or a death); return (slot, message) pairs."""
        # Queue._reader is the receiving end of the queue's pipe: waiting on it (and on the process
        # sentinels) wakes us for the first message or death among all workers, without a busy loop.
        readers = {w.results._reader: slot for slot, w in enumerate(self.workers)}
        sentinels = [w.process.sentinel for w in self.workers]
        ready = wait_for([*readers, *sentinels], timeout=POLL_S)
        # a dead worker's queue is left alone: its last message may be cut off, and its batches are sent again
        return [(readers[r], self.workers[readers[r]].results.get()) for r in ready
                if r in readers and self.workers[readers[r]].process.is_alive()]

    def _handle(self, slot: int, kind: str, payload: Any, done: dict[int, list[Document]]) -> None:
        """Act on one worker message: a finished batch goes to `done`; a failed start stops the run."""
        if kind == "failed":
            raise EventwireError(f"worker {slot} could not load the pipeline: {payload}")
        if kind == "done":
            seq, docs, peak = payload
            worker = self.workers[slot]
            if worker.outstanding.pop(seq, None) is not None:  # None: already given up after a second death
                self.worker_peak_mb[worker.process.pid] = peak
                done[seq] = docs

    def _wait_ready(self, slots: set[int], done: dict[int, list[Document]] | None = None) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while slots:
            for slot, (kind, payload) in self._poll():
                self._handle(slot, kind, payload, done if done is not None else {})
                if kind == "ready":
                    slots.discard(slot)
            for s in slots:
                if not self.workers[s].process.is_alive():
                    raise EventwireError(f"worker {s} exited (code {self.workers[s].process.exitcode}) "
                                         "while loading the pipeline; try --workers 1 to see why")
            if slots and time.monotonic() > deadline:
                raise EventwireError(f"workers {sorted(slots)} did not load the pipeline in "
                                     f"{READY_TIMEOUT_S} s; is the machine out of memory?")

    def close(self) -> None:
        """Stop the workers: ask politely, then terminate any that do not exit."""
        for w in self.workers:
            if w.process.is_alive():
                try:
                    w.tasks.put(None)
                except (OSError, ValueError):
                    pass
        for w in self.workers:
            w.process.join(timeout=10)
            if w.process.is_alive():
                w.process.terminate()
                w.process.join(timeout=5)
        self.workers = []

    def _send(self, seq: int, batch: list[RawDoc]) -> None:
        worker = min(self.workers, key=lambda w: len(w.outstanding))
        worker.outstanding[seq] = batch
        worker.tasks.put((seq, batch))

    def _replace_dead(self, done: dict[int, list[Document]]) -> None:
        """Start a new worker for each dead one and send its batches again (once each)."""
        for slot, w in enumerate(self.workers):
            if w.process.is_alive():
                continue
            code = w.process.exitcode
            log.warning("worker %d (pid %s) died with exit code %s; starting another", slot, w.process.pid,
                        code)
            self.restarts += 1
            self.workers[slot] = self._spawn(slot)
            self._wait_ready({slot}, done)
            for seq, batch in sorted(w.outstanding.items()):
                if seq in self._retried:  # this batch killed a worker twice: give its documents up
                    message = f"a worker process died twice (exit code {code}) while processing this batch"
                    done[seq] = [Document(r.doc_id, r.source, "", url=r.meta.get("url"),
                                          error=ErrorInfo("parse", message)) for r in batch]
                    continue
                self._retried.add(seq)
                self.workers[slot].outstanding[seq] = batch
                self.workers[slot].tasks.put((seq, batch))

    def _collect(self, done: dict[int, list[Document]]) -> None:
        """Move finished batches into `done`, waiting up to POLL_S; replace workers that died."""
        for slot, (kind, payload) in self._poll():
            self._handle(slot, kind, payload, done)
        self._replace_dead(done)

    def process(self, raws: Iterable[RawDoc]) -> Iterator[Document]:
        """Yield the coded Document of every raw article, in input order."""
        limit = IN_FLIGHT_PER_WORKER * self.size
        batches = _batches(raws, self.batch_size)
        done: dict[int, list[Document]] = {}
        sent = next_out = 0
        exhausted = False
        while True:
            # back-pressure: batches sent but not yet yielded (running, queued or finished early) are capped
            while not exhausted and sent - next_out < limit:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                self._send(sent, batch)
                sent += 1
            if next_out == sent:
                return
            while next_out not in done:
                self._collect(done)
            yield from done.pop(next_out)
            next_out += 1


def process_documents(raws: Iterable[RawDoc], settings: Settings, pipeline: Pipeline | None = None,
                      workers: int | None = None,
                      pool_stats: dict[str, Any] | None = None,
                      outlets: Mapping[str, OutletArea] | None = None) -> Iterator[Document]:
    """Yield the coded Document of every raw article in order, on `workers` processes (0: one per core).

    Without `workers`, a given `pipeline` means in-process, else the `ingest.workers` setting decides.
    Inputs smaller than SMALL_INPUT_DOCS always run in-process. `pool_stats`, when given, receives
    the workers' peak memory and restarts. `outlets`: where each outlet's earlier stories are
    (`Store.outlet_areas`), the same for every document of the run.
    """
    if workers is None:
        workers = 1 if pipeline is not None else settings.ingest.workers
    n = resolve_workers(workers)
    it = iter(raws)
    head = list(islice(it, SMALL_INPUT_DOCS)) if n > 1 else []
    if n == 1 or len(head) < SMALL_INPUT_DOCS:
        yield from (pipeline or Pipeline(settings)).process(chain(head, it), outlets)
        return
    with WorkerPool(settings, n, outlets=outlets) as pool:
        yield from pool.process(chain(head, it))
        if pool_stats is not None:
            pool_stats.update(worker_peak_mb=dict(pool.worker_peak_mb), restarts=pool.restarts)
