"""Dask: shards of WARC files on a 2-worker LocalCluster give the same store as a plain ingest; a worker
killed mid-run changes nothing; a re-run does nothing; `load` is idempotent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcfiles import article_pages, write_warc

from eventwire.distributed import load, plan_shards, process_shard, run_shards, shard_path
from eventwire.jobs import ingest
from eventwire.pipeline import Pipeline
from eventwire.settings import Settings, load_settings
from eventwire.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = load_settings(["ingest.shard_files=2"], env={})


def stored(db: str) -> dict[str, dict]:
    with open_store(db, readonly=True) as store:
        return {doc["doc_id"]: doc for doc in store.documents()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    root = tmp_path_factory.mktemp("inputs")
    write_warc(root / "crawl-a.warc.gz", article_pages(3, seed=1))
    write_warc(root / "crawl-b.warc.gz", article_pages(3, seed=2))
    loose = root / "loose"
    loose.mkdir()
    for url, body in article_pages(3, seed=3):
        (loose / f"{url.rsplit('/', 1)[1]}.html").write_bytes(body)
    (loose / "empty.txt").write_text("")
    return [str(root)]


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory) -> dict[str, dict]:
    db = str(tmp_path_factory.mktemp("plain") / "plain.db")
    ingest(inputs, db, SETTINGS, pipeline=Pipeline(SETTINGS))
    return stored(db)


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0")
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_shards_are_deterministic(inputs) -> None:
    shards = plan_shards(inputs, 2)
    assert shards == plan_shards(inputs, 2)
    assert [len(s.paths) for s in shards] == [1, 1, 2, 2], "a shard per WARC file, loose files in pairs"
    assert shards[0].name.startswith("crawl-a-")


@pytest.mark.model
def test_local_cluster_gives_the_same_store_as_a_plain_ingest(inputs, reference, client, tmp_path) -> None:
    shards = plan_shards(inputs, 2)
    summary = run_shards(shards, tmp_path / "shards", client, SETTINGS)
    assert (summary.done, summary.skipped, summary.failed) == (4, 0, {})
    db = str(tmp_path / "dask.db")
    loaded = load(tmp_path / "shards", db)
    assert stored(db) == reference
    assert loaded.added == len(reference)
    assert loaded.unreadable == [], "an empty file is a document with an error, not an unreadable input"
    again = run_shards(shards, tmp_path / "shards", client, SETTINGS)
    assert (again.done, again.skipped) == (0, 4), "a re-run does nothing"
    assert load(tmp_path / "shards", db).added == 0
    assert stored(db) == reference


@pytest.mark.model
def test_a_worker_killed_mid_run_changes_nothing(inputs, reference, client, tmp_path) -> None:
    pids = client.run(os.getpid)  # worker address -> pid
    shards = plan_shards(inputs, 2)
    result = {}
    runner = threading.Thread(target=lambda: result.update(s=run_shards(shards, tmp_path / "s", client,
                                                                        SETTINGS)))
    runner.start()
    deadline = time.monotonic() + 60
    victim = None
    while victim is None and time.monotonic() < deadline:
        busy = [addr for addr, tasks in client.processing().items() if tasks]
        victim = busy[0] if busy else None
        time.sleep(0.02)
    assert victim is not None
    os.kill(pids[victim], signal.SIGKILL)
    runner.join(180)
    assert result["s"].failed == {} and result["s"].done == 4
    assert victim not in client.run(os.getpid), "the killed worker was replaced"
    assert not list((tmp_path / "s").glob(".*")), "the killed worker's partial file is removed"
    db = str(tmp_path / "k.db")
    load(tmp_path / "s", db)
    assert stored(db) == reference


def test_shard_files_hold_whole_documents_and_input_failures(tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (shard,) = plan_shards([str(tmp_path / "in"), str(tmp_path / "missing.txt")], 10)
    settings = Settings()
    result = process_shard(shard, str(tmp_path / "out"), settings)
    assert result.status == "done" and result.failures == 2
    table = pq.read_table(shard_path(tmp_path / "out", shard)).to_pylist()
    assert {r["source"] for r in table} == {str(tmp_path / "in" / "bad.txt"), str(tmp_path / "missing.txt")}
    doc = next(r for r in table if r["record"])
    assert json.loads(doc["record"])["error"]["stage"] == "read"
    assert process_shard(shard, str(tmp_path / "out"), settings).status == "skipped"
    summary = load(tmp_path / "out", str(tmp_path / "f.db"))
    assert (summary.added, summary.unreadable) == (1, [str(tmp_path / "missing.txt")])


@pytest.mark.model
@pytest.mark.slow
def test_cli_dask_local_then_rerun_does_nothing(inputs, reference, tmp_path) -> None:
    db = str(tmp_path / "cli.db")
    cmd = [sys.executable, "-m", "eventwire", "ingest", *inputs, "--dask", "local", "--workers", "2",
           "--db", db, "--set", "ingest.shard_files=2"]
    first = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert first.returncode == 0, first.stderr
    assert stored(db) == reference
    second = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert "0 processed, 4 already done" in second.stderr and "(0 added" in second.stderr, second.stderr
    assert "distributed" not in second.stderr, "Dask's INFO logs stay quiet without -v"
