"""Library functions behind the CLI commands: extract and ingest.

`extract(paths)` yields coded Documents and stores nothing; `ingest(paths, db)` stores them,
skipping documents already stored, and returns a summary.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .geo.outlets import OutletArea
from .ingest import InputFailure, RawDoc, read_inputs
from .models import Document
from .parallel import process_documents
from .pipeline import Pipeline
from .settings import Settings
from .store import Store, open_store


@dataclass
class Summary:
    """What an ingest did."""

    documents: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    failures: int = 0
    copies: int = 0  # wire copies that took their original's events instead of being parsed
    unreadable: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        """Return the one-line summary printed after an ingest."""
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (f"{self.documents} documents ({self.added} added, {self.replaced} replaced, {self.unchanged} "
                f"already stored), {self.events} events, {self.failures} failures, {self.seconds:.1f} s "
                f"({rate:.1f} docs/s)" + (f"; {self.copies} wire copies not parsed" if self.copies else ""))


Progress = Callable[[int, float], None]


def _split_failures(items: Iterable[RawDoc | InputFailure], failures: list[InputFailure]) -> Iterator[RawDoc]:
    for item in items:
        if isinstance(item, InputFailure):
            print(f"eventwire: {item.message}", file=sys.stderr)
            failures.append(item)
        else:
            yield item


def extract(paths: list[str], settings: Settings | None = None, failures: list[InputFailure] | None = None,
            pipeline: Pipeline | None = None) -> Iterator[Document]:
    """Yield the coded Document of every article in the inputs; unreadable inputs go to `failures`."""
    settings = settings or Settings()
    pipeline = pipeline or Pipeline(settings)
    sink = failures if failures is not None else []
    raws = read_inputs(paths, settings.ingest.max_bytes, settings.fetch)
    yield from pipeline.process(_split_failures(raws, sink))


def ingest(paths: list[str], db: str, settings: Settings | None = None, progress: Progress | None = None,
           pipeline: Pipeline | None = None, workers: int | None = None) -> Summary:
    """Process the inputs and store them in the database; return what was done.

    `workers` processes (0: one per core; default: the ingest.workers setting, or 1 with a `pipeline`).
    """
    settings = settings or Settings()
    summary = Summary()
    started = time.monotonic()
    failures: list[InputFailure] = []
    with open_store(db) as store:
        # where each outlet's stories already stored are: read once, so the run's places do not
        # depend on the order of its own documents or on its workers (eventwire/geo/outlets.py)
        outlets = store.outlet_areas() if settings.geo.outlet_areas else {}

        def fresh(raws: Iterator[RawDoc]) -> Iterator[RawDoc]:
            for raw in raws:
                if store.has(raw.doc_id):  # already stored: skip before the expensive stages
                    summary.documents += 1
                    summary.unchanged += 1
                    continue
                yield raw

        raws = fresh(_split_failures(read_inputs(paths, settings.ingest.max_bytes, settings.fetch, store.has),
                                     failures))
        if settings.ingest.dedup:
            docs = _without_copies(raws, store, settings, pipeline, workers, outlets)
        else:
            store.cluster_on_put = False
            docs = process_documents(raws, settings, pipeline, workers, outlets=outlets)
        for doc in docs:
            status = store.put(doc)
            summary.documents += 1
            setattr(summary, status, getattr(summary, status) + 1)
            summary.events += len(doc.events)
            summary.failures += doc.error is not None
            if progress:
                progress(summary.documents, time.monotonic() - started)
        for failure in failures:
            store.record_failure(failure.source, "read", failure.message)
        store.finish_run()
        summary.copies = store.dedup.copies_taken if settings.ingest.dedup else 0
    summary.failures += len(failures)
    summary.unreadable = [f.source for f in failures]
    summary.seconds = time.monotonic() - started
    return summary


def _without_copies(raws: Iterable[RawDoc], store: Store, settings: Settings, pipeline: Pipeline | None,
                    workers: int | None,
                    outlets: Mapping[str, OutletArea] | None = None) -> Iterator[Document]:
    """Yield the coded documents in order; wire copies of earlier ones are not parsed (eventwire/dedup)."""
    from .clean import clean_document
    from .dedup.stream import with_copies

    fallback: list[Pipeline] = []

    def parse_one(raw: RawDoc) -> Document:  # a copy whose original failed: parse it after all
        if not fallback:
            fallback.append(pipeline or Pipeline(settings))
        return fallback[0].process_one(raw, outlets)

    clean = pipeline.clean if pipeline is not None else clean_document
    return with_copies(raws, store.dedup,
                       lambda rs: process_documents(rs, settings, pipeline, workers, outlets=outlets),
                       clean, parse_one)
