"""Many machines: the pipeline on a Dask cluster, one Parquet file per input shard, then `load`.

`plan_shards(paths)` cuts the inputs into shards: each WARC file is one, other files go in sorted
groups of `ingest.shard_files`. A shard's name is derived from its inputs' paths, so the same inputs
give the same names on every run. `run_shards(...)` sends one task per shard that is not done yet;
the task writes `SHARDS_DIR/<name>.parquet` (a hidden temporary file renamed into place, so a killed
worker never leaves half a shard). Dask re-runs the tasks of a worker that dies, and retries a task
that raises; a shard that still fails is reported and done by the next run. `load(SHARDS_DIR, db)`
puts every shard's documents into the store, skipping those already stored, so it can run again.

Each Parquet row is one contract Document as JSON (`record`) with its `doc_id` and `source`, or an
input that could not be read (`failure_stage`, `failure_message`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .geo.outlets import OutletArea
from .ingest import InputFailure, RawDoc, expand_paths, read_inputs
from .ingest.feeds import is_url
from .ingest.warc import is_warc
from .jobs import Summary
from .models import document_from_dict, to_dict
from .parallel import available_cores
from .pipeline import Pipeline
from .settings import Settings
from .store import open_store

SHARD_SUFFIX = ".parquet"
# Documents per Parquet row group: a WARC shard of 30,000 pages is written 1,000 at a time, so a
# worker holds one group (~20 MB of JSON) however big the shard.
ROW_GROUP_DOCS = 1000
TASK_RETRIES = 2  # a shard task that raises is tried this many more times before it is reported
LOCAL_DASHBOARD = "127.0.0.1:0"


@dataclass(frozen=True)
class Shard:
    """One unit of work: a WARC file, or a group of other input files."""

    name: str
    paths: tuple[str, ...]


@dataclass
class ShardResult:
    name: str
    status: str  # "done" or "skipped" (its file already existed)
    documents: int = 0
    events: int = 0
    failures: int = 0
    seconds: float = 0.0
    worker: str = ""  # host:pid that did it


@dataclass
class DaskSummary:
    """What a Dask run did, shard by shard."""

    shards: int = 0
    done: int = 0
    skipped: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # shard name -> error
    documents: int = 0
    events: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        """Return the one-line summary printed after a run."""
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (f"{self.shards} shards ({self.done} processed, {self.skipped} already done, "
                f"{len(self.failed)} failed), {self.documents} documents, {self.events} events, "
                f"{self.seconds:.1f} s ({rate:.1f} docs/s)")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)[:60].strip("._") or "shard"


def _digest(paths: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(paths).encode("utf-8")).hexdigest()[:16]


def plan_shards(paths: list[str], shard_files: int = 200) -> list[Shard]:
    """Return the shards of the inputs: one per WARC file, other files in sorted groups of `shard_files`."""
    if shard_files < 1:
        raise UsageError(f"ingest.shard_files: {shard_files} must be at least 1")
    warcs, others = [], []
    for source, path in expand_paths(paths):
        if path is None or is_url(source):
            raise UsageError(f"{source}: standard input and URLs cannot be sharded; use `eventwire ingest` "
                             "without --dask, or `eventwire watch` for feeds")
        resolved = str(path.resolve())
        (warcs if is_warc(path) else others).append(resolved)
    shards = []
    for warc in sorted(set(warcs)):
        stem = re.sub(r"\.warc(\.gz)?$", "", Path(warc).name, flags=re.I)
        shards.append(Shard(f"{_slug(stem)}-{_digest([warc])}", (warc,)))
    others = sorted(set(others))
    for start in range(0, len(others), shard_files):
        group = others[start:start + shard_files]
        shards.append(Shard(f"files-{_slug(Path(group[0]).stem)}-{_digest(group)}", tuple(group)))
    return shards


def default_shards_dir(db: str) -> str:
    """Return the shards directory used when none is given: beside a database file, else here."""
    from .store.postgres import is_postgres_url

    return "eventwire-shards" if is_postgres_url(db) else f"{db}.shards"


def shard_path(out_dir: str | Path, shard: Shard) -> Path:
    """Return where a shard's Parquet file goes."""
    return Path(out_dir) / f"{shard.name}{SHARD_SUFFIX}"


# ---- on the workers
_PIPELINES: dict[str, Pipeline] = {}
_PIPELINE_LOCK = threading.Lock()  # a worker with several threads runs one shard at a time


def _worker_pipeline(settings: Settings) -> Pipeline:
    """Return this process's pipeline for these settings, loading it on first use."""
    key = json.dumps(settings.as_dict(), sort_keys=True, default=str)
    if key not in _PIPELINES:
        pipeline = Pipeline(settings)
        pipeline.coder  # noqa: B018 - load dictionary and gazetteer once per worker
        _PIPELINES[key] = pipeline
    return _PIPELINES[key]


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema([("doc_id", pa.string()), ("source", pa.string()), ("record", pa.string()),
                      ("failure_stage", pa.string()), ("failure_message", pa.string())])


def _write_rows(writer: Any, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa

    if rows:
        writer.write_table(pa.Table.from_pylist(rows, schema=_schema()))


def process_shard(shard: Shard, out_dir: str, settings: Settings,
                  outlets: Mapping[str, OutletArea] | None = None) -> ShardResult:
    """Run the pipeline over one shard and write its Parquet file; skip a shard already written.
    `outlets`: where each outlet's stored stories are (`Store.outlet_areas` of the target store)."""
    import socket

    import pyarrow.parquet as pq

    target = shard_path(out_dir, shard)
    if target.exists():
        return ShardResult(shard.name, "skipped")
    started = time.monotonic()
    target.parent.mkdir(parents=True, exist_ok=True)
    result = ShardResult(shard.name, "done", worker=f"{socket.gethostname()}:{os.getpid()}")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    failures: list[InputFailure] = []

    def raws() -> Iterator[RawDoc]:
        for item in read_inputs(shard.paths, settings.ingest.max_bytes, settings.fetch):
            if isinstance(item, InputFailure):
                failures.append(item)
            else:
                yield item

    with _PIPELINE_LOCK:
        pipeline = _worker_pipeline(settings)
        try:
            with pq.ParquetWriter(tmp, _schema(), compression="zstd") as writer:
                rows: list[dict[str, Any]] = []
                for doc in pipeline.process(raws(), outlets):
                    rows.append({"doc_id": doc.doc_id, "source": doc.source,
                                 "record": json.dumps(to_dict(doc), ensure_ascii=False)})
                    result.documents += 1
                    result.events += len(doc.events)
                    result.failures += doc.error is not None
                    if len(rows) >= ROW_GROUP_DOCS:
                        _write_rows(writer, rows)
                        rows = []
                rows += [{"source": f.source, "failure_stage": "read", "failure_message": f.message}
                         for f in failures]
                result.failures += len(failures)
                _write_rows(writer, rows)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    result.seconds = time.monotonic() - started
    return result


# ---- on the client
def connect(address: str, workers: int = 0) -> tuple[Any, Any]:
    """Return (client, cluster) for a scheduler address, or a new LocalCluster for 'local'."""
    from dask.distributed import Client, LocalCluster

    if address == "local":
        # one single-threaded process per core: spaCy holds the GIL, so threads would not add speed
        # the dashboard on a free loopback port: the default 8787 may be taken by another cluster
        cluster = LocalCluster(n_workers=workers or available_cores(), threads_per_worker=1, processes=True,
                               dashboard_address=LOCAL_DASHBOARD)
        return Client(cluster), cluster
    try:
        return Client(address, timeout="30s"), None
    except OSError as exc:
        raise UsageError(f"--dask {address}: cannot reach the scheduler ({exc}); give its address as "
                         "tcp://HOST:8786, or 'local' for a cluster on this machine") from exc


ShardProgress = Callable[[ShardResult], None]


def run_shards(shards: list[Shard], out_dir: str | Path, client: Any, settings: Settings,
               progress: ShardProgress | None = None, task: Callable[..., ShardResult] = process_shard,
               retries: int = TASK_RETRIES, outlets: Mapping[str, OutletArea] | None = None) -> DaskSummary:
    """Process every shard not yet written on the cluster; return what was done (`outlets`: passed to
    every task, see process_shard)."""
    from dask.distributed import as_completed

    started = time.monotonic()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _remove_partial(out)
    summary = DaskSummary(shards=len(shards))
    todo = [s for s in shards if not shard_path(out, s).exists()]
    summary.skipped = len(shards) - len(todo)
    futures = {client.submit(task, shard, str(out), settings, outlets, key=f"eventwire-shard-{shard.name}",
                             retries=retries, pure=False): shard for shard in todo}
    for future in as_completed(futures):
        shard = futures[future]
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a failed shard is reported; the next run does it again
            summary.failed[shard.name] = f"{exc.__class__.__name__}: {exc}"
            continue
        if result.status == "skipped":
            summary.skipped += 1
        else:
            summary.done += 1
            summary.documents += result.documents
            summary.events += result.events
        if progress:
            progress(result)
    _remove_partial(out)
    summary.seconds = time.monotonic() - started
    return summary


def _remove_partial(out: Path) -> None:
    """Delete the temporary files of workers that were killed while writing a shard."""
    for partial in out.glob(f".*{SHARD_SUFFIX}.*.tmp"):
        partial.unlink(missing_ok=True)


def run_dask(paths: list[str], out_dir: str | Path, address: str, settings: Settings | None = None,
             progress: ShardProgress | None = None, db: str | None = None) -> DaskSummary:
    """Shard the inputs, process them on the Dask cluster at `address` ('local': this machine); with
    `db`, an existing store the shards will be loaded into, its outlet areas place the documents of
    outlets it has seen (as `ingest` does)."""
    from .store.postgres import is_postgres_url

    settings = settings or Settings()
    outlets = None
    if settings.geo.outlet_areas and db and (is_postgres_url(db) or Path(db).exists()):
        with open_store(db, readonly=True) as store:
            outlets = store.outlet_areas()
    shards = plan_shards(paths, settings.ingest.shard_files)
    if all(shard_path(Path(out_dir), s).exists() for s in shards):
        # a rerun with every shard written: nothing for a cluster to do (starting one only to close it
        # again raced its workers' start-up and printed their connection errors)
        return DaskSummary(shards=len(shards), skipped=len(shards))
    client, cluster = connect(address, settings.ingest.workers)
    try:
        return run_shards(shards, out_dir, client, settings, progress, outlets=outlets)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def shard_files(shards_dir: str | Path) -> list[Path]:
    """Return the finished shard files in a directory, sorted by name."""
    directory = Path(shards_dir)
    if not directory.is_dir():
        raise UsageError(f"{shards_dir}: no such directory of shards; run `eventwire ingest --dask` first")
    return sorted(p for p in directory.glob(f"*{SHARD_SUFFIX}") if not p.name.startswith("."))


def load(shards_dir: str | Path, db: str, progress: Callable[[int, float], None] | None = None,
         dedup: bool = True) -> Summary:
    """Put every document of the shards into the store, skipping those already stored; return counts.

    Without `dedup`, events are not linked into clusters as they are stored (several times faster);
    `Store.rebuild_clusters()` can link them all later.
    """
    import pyarrow.parquet as pq

    summary = Summary()
    started = time.monotonic()
    with open_store(db) as store:
        store.cluster_on_put = dedup
        for path in shard_files(shards_dir):
            for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP_DOCS):
                for row in batch.to_pylist():
                    if row["failure_message"] is not None:
                        stage = row["failure_stage"] or "read"
                        store.record_failure(row["source"], stage, row["failure_message"])
                        summary.failures += 1
                        summary.unreadable.append(row["source"])
                        continue
                    summary.documents += 1
                    if store.has(row["doc_id"]):
                        summary.unchanged += 1
                        continue
                    doc = document_from_dict(json.loads(row["record"]))
                    status = store.put(doc)
                    setattr(summary, status, getattr(summary, status) + 1)
                    summary.events += len(doc.events)
                    summary.failures += doc.error is not None
                    if progress:
                        progress(summary.documents, time.monotonic() - started)
        store.finish_run()
    summary.seconds = time.monotonic() - started
    return summary
