"""End to end through the real CLI, the real spaCy pipeline and a real database file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
sys.path.insert(0, str(ROOT / "benchmarks"))

pytestmark = pytest.mark.model


def run(*args: str, stdin: bytes | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, input=stdin,
                          timeout=timeout, cwd=ROOT)


def test_extract_prints_one_contract_document_per_input(tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rebels attack army base in north\n\nMarch 3, 2024 10:12 am GMT\n\n"
                       "Rebels attacked an army base near Goma on Saturday, killing four soldiers, the army said.\n",
                       encoding="utf-8")
    out = run("extract", str(article), "--format", "jsonl")
    assert out.returncode == 0, out.stderr.decode()
    (line,) = out.stdout.decode().splitlines()
    doc = json.loads(line)
    for key in ("doc_id", "source", "url", "outlet", "title", "published", "updated", "dateline", "wire",
                "language", "text", "places", "events", "error"):
        assert key in doc
    assert doc["title"] == "Rebels attack army base in north"
    (event,) = [e for e in doc["events"] if e["plover"]["type"] == "ASSAULT"]
    assert event["date"] == "2024-03-02" and event["fatalities"] == 4
    assert event["evidence"][0]["text"] == doc["text"][event["evidence"][0]["start"]:event["evidence"][0]["end"]]


def test_extract_reads_stdin() -> None:
    out = run("extract", "-", stdin="Police arrested 12 protesters in Lagos on Monday.".encode())
    assert out.returncode == 0
    assert len(out.stdout.decode().splitlines()) == 1


def test_ingest_query_export_and_reingest(tmp_path) -> None:
    db = tmp_path / "e.db"
    first = run("ingest", str(SAMPLES), "--db", str(db))
    assert first.returncode == 0, first.stderr.decode()
    summary = first.stderr.decode().strip().splitlines()[-1]
    assert "0 failures" in summary, summary
    con = sqlite3.connect(db)
    n_docs, n_events = (con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "events"))
    assert n_docs >= 15 and n_events >= 15
    again = run("ingest", str(SAMPLES), "--db", str(db))
    assert f"{n_docs} already stored" in again.stderr.decode()
    assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] == n_events

    listed = run("events", "--db", str(db), "--type", "ASSAULT", "--format", "jsonl")
    rows = [json.loads(x) for x in listed.stdout.decode().splitlines()]
    assert rows and all(r["plover"]["type"] == "ASSAULT" for r in rows)
    assert run("events", "--db", str(db)).stdout.decode().startswith("date")

    for fmt, name in (("parquet", "e.parquet"), ("csv", "e.csv"), ("geojson", "e.geojson"), ("jsonl", "d.jsonl")):
        res = run("export", "--db", str(db), "--format", fmt, "-o", str(tmp_path / name))
        assert res.returncode == 0, res.stderr.decode()
    import pyarrow.parquet as pq

    n_clusters = con.execute("SELECT COUNT(*) FROM clusters").fetchone()[0]
    assert pq.read_table(tmp_path / "e.parquet").num_rows == n_clusters  # one row per real event by default
    assert len((tmp_path / "d.jsonl").read_text().splitlines()) == n_docs
    assert json.loads((tmp_path / "e.geojson").read_text())["features"]
    stats = json.loads(run("stats", "--db", str(db), "--format", "json").stdout)
    assert stats["events"] == n_events


def test_bad_inputs_are_recorded_and_the_batch_goes_on(tmp_path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.bin").write_bytes(os.urandom(4096))
    (bad / "cut.html").write_text("<html><head><title>Army", encoding="utf-8")
    (bad / "latin.txt").write_bytes("Soldiers clashed with rebels in Bouaké on Monday, killing six, the army "
                                    "said. Le ministre a déclaré l'état d'urgence.".encode("cp1252"))
    (bad / "good.txt").write_text("Police arrested 12 protesters in Lagos on Monday.", encoding="utf-8")
    db = tmp_path / "b.db"
    res = run("ingest", str(bad), str(tmp_path / "nope.txt"), "--db", str(db))
    err = res.stderr.decode()
    assert res.returncode == 1 and "nope.txt: no such file" in err and "Traceback" not in err
    con = sqlite3.connect(db)
    failures = dict(con.execute("SELECT source, message FROM failures").fetchall())
    assert any("junk.bin" in s and "binary" in m for s, m in failures.items())
    assert any("empty.txt" in s for s in failures)
    assert any("nope.txt" in s for s in failures)
    texts = [json.loads(r[0])["text"] for r in con.execute("SELECT record FROM documents")]
    assert any("Bouaké" in t for t in texts), "Windows-1252 decoded"
    assert any("Lagos" in t for t in texts)


def test_usage_errors_are_one_line_with_exit_2(tmp_path) -> None:
    res = run("events", "--db", str(tmp_path / "x.db"), "--since", "last week")
    assert res.returncode in (1, 2) and "Traceback" not in res.stderr.decode()
    res = run("extract")
    assert res.returncode == 2 and len(res.stderr.decode().strip().splitlines()) == 1
    res = run("config", "--set", "nlp.modle=x")
    assert res.returncode == 2 and "nlp.modle" not in res.stdout.decode() and "valid:" in res.stderr.decode()


def test_kill_and_resume_gives_the_same_database_as_a_clean_run(tmp_path) -> None:
    from corpus import generate

    src = tmp_path / "src"
    src.mkdir()
    for i, text in enumerate(generate(40, seed=11)):
        (src / f"a{i:03}.txt").write_text(text, encoding="utf-8")
    killed_db, clean_db = tmp_path / "k.db", tmp_path / "c.db"
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", str(src), "--db", str(killed_db)],
                            cwd=ROOT, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.3)
        try:
            n = sqlite3.connect(killed_db).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            continue
        if n >= 5:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert run("ingest", str(src), "--db", str(killed_db)).returncode == 0
    assert run("ingest", str(src), "--db", str(clean_db)).returncode == 0

    def content(path: Path) -> tuple:
        con = sqlite3.connect(path)
        return (sorted(con.execute("SELECT doc_id FROM documents").fetchall()),
                sorted(con.execute("SELECT event_id, record FROM events").fetchall()))

    assert content(killed_db) == content(clean_db)
