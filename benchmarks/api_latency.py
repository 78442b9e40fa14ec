#!/usr/bin/env python3
"""Latency of the HTTP API on a large database, under concurrent clients on loopback.

    python benchmarks/api_latency.py [--db /tmp/eventwire-1m.db] [--events 1000000] [--clients 20]
                                     [--seconds 20]

1. Fills the database with synthetic events (through `Store.put`, like an ingest) and one cluster per
   event, unless it already holds that many; 1,000,000 events take about 20 minutes and the file is
   kept for the next run (an older file is upgraded when opened).
2. Starts `eventwire serve` on 127.0.0.1 (a free port) in its own process(es).
3. For each scenario, N clients (asyncio connections with keep-alive and gzip, and as little parsing
   as possible, since they share the cores with the server) send requests back to back for a fixed
   time (bounded in count too); p50/p99 latency, throughput and errors are printed, and a JSON
   summary at the end.

Targets (from the issue): filtered page p99 < 200 ms, stats p99 < 500 ms, no errors. The machine is
shared (2 cores, the load generator runs on the same cores as the server), so compare runs made here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from eventwire.models import PLOVER_TYPES, Actor, Cameo, Document, Event, Place, Plover, Span  # noqa: E402
from eventwire.store import Store  # noqa: E402

# A few hot countries carry most events, as in real conflict data; each has cities to jitter around.
COUNTRIES = {
    "IRQ": (0.14, [("Baghdad", 33.34, 44.40), ("Mosul", 36.34, 43.13), ("Basra", 30.51, 47.78)]),
    "SYR": (0.12, [("Idlib", 35.93, 36.63), ("Aleppo", 36.20, 37.16), ("Damascus", 33.51, 36.29)]),
    "UKR": (0.12, [("Kharkiv", 49.99, 36.23), ("Kyiv", 50.45, 30.52), ("Odesa", 46.48, 30.73)]),
    "NGA": (0.08, [("Maiduguri", 11.85, 13.16), ("Kano", 12.00, 8.52)]),
    "SOM": (0.07, [("Mogadishu", 2.04, 45.34), ("Beledweyne", 4.74, 45.20)]),
    "COD": (0.07, [("Goma", -1.68, 29.22), ("Bunia", 1.56, 30.25)]),
    "YEM": (0.06, [("Marib", 15.46, 45.33), ("Aden", 12.78, 45.04)]),
    "MMR": (0.06, [("Sagaing", 21.88, 95.98), ("Yangon", 16.87, 96.20)]),
    "AFG": (0.05, [("Kabul", 34.53, 69.17), ("Kandahar", 31.61, 65.71)]),
    "MLI": (0.04, [("Menaka", 15.92, 2.40), ("Bamako", 12.65, -8.00)]),
    "SDN": (0.04, [("Khartoum", 15.50, 32.56), ("El Fasher", 13.63, 25.35)]),
    "PAK": (0.04, [("Poonch", 33.77, 74.09), ("Peshawar", 34.01, 71.58)]),
    "COL": (0.03, [("Cucuta", 7.89, -72.51), ("Arauca", 7.08, -70.76)]),
    "HTI": (0.03, [("Port-au-Prince", 18.54, -72.34)]),
    "ISR": (0.03, [("Gaza", 31.50, 34.47), ("Sderot", 31.52, 34.60)]),
    "LBN": (0.02, [("Beirut", 33.89, 35.50)]),
}
ACTORS = [
    ("police", "COP"),
    ("army", "MIL"),
    ("government", "GOV"),
    ("rebels", "REB"),
    ("protesters", "CVL"),
    ("militants", "INS"),
    ("opposition", "OPP"),
    ("civilians", "CVL"),
]
TYPE_WEIGHTS = {
    t: (8 if t == "ASSAULT" else 3 if t in ("PROTEST", "COERCE", "ACCUSE") else 1) for t in PLOVER_TYPES
}
DAYS = 730  # two years, 2022-01-01 .. 2023-12-31
EVENTS_PER_DOC = 5


def _day(n: int) -> str:
    import datetime as dt

    return (dt.date(2022, 1, 1) + dt.timedelta(days=n)).isoformat()


def synthetic_docs(n_events: int, seed: int = 7) -> Iterator[Document]:
    """Yield documents holding n_events synthetic events in all (deterministic for a seed)."""
    rng = random.Random(seed)
    codes, weights = list(COUNTRIES), [w for w, _ in COUNTRIES.values()]
    types, type_w = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    made = 0
    doc_no = 0
    while made < n_events:
        doc_no += 1
        country = rng.choices(codes, weights)[0]
        city, lat, lon = rng.choice(COUNTRIES[country][1])
        day = _day(rng.randrange(DAYS))
        sentences, events = [], []
        for i in range(min(EVENTS_PER_DOC, n_events - made)):
            kind = rng.choices(types, type_w)[0]
            who, sector = rng.choice(ACTORS)
            whom, sector2 = rng.choice(ACTORS)
            killed = rng.choice([None, None, 0, 1, 2, 3, 5, 8, 13, 40]) if kind == "ASSAULT" else None
            sentence = (
                f"In {city}, {who} acted against {whom} on {day} ({kind.lower()} report {doc_no}-{i}"
                f"{f', {killed} killed' if killed else ''}). "
            )
            start = sum(len(s) for s in sentences)
            sentences.append(sentence)
            place = Place(
                city,
                city,
                country,
                round(lat + rng.gauss(0, 0.3), 4),
                round(lon + rng.gauss(0, 0.3), 4),
                "city",
            )
            events.append(
                Event(
                    event_id=f"syn{doc_no:07d}-{i}",
                    plover=Plover(kind),
                    cameo=Cameo("190", "19", 4, -10.0),
                    date=day,
                    date_precision="day",
                    actors=(Actor(who, who.title(), country, sector, country + sector),),
                    recipients=(Actor(whom, whom.title(), country, sector2, country + sector2),),
                    location=place,
                    fatalities=killed,
                    evidence=(Span(sentence.strip(), start, start + len(sentence.strip())),),
                    confidence=0.8,
                )
            )
        made += len(events)
        yield Document(
            doc_id=f"syn{doc_no:07d}",
            source=f"synthetic/{doc_no}",
            text="".join(sentences),
            title=f"Report {doc_no} from {city}",
            outlet="Synthetic Wire",
            published=f"{day}T12:00:00+00:00",
            events=tuple(events),
        )


def fill(db: str, n_events: int) -> None:
    """Fill the database with n_events synthetic events and their clusters, unless it holds them already.

    The synthetic reports are all different events, so each is its own cluster: the clusters are
    written by the deduplication's record builder without running its comparisons (which this
    benchmark does not measure, and which would take hours for a million events here).
    """
    last_doc = f"syn{-(-n_events // EVENTS_PER_DOC):07d}"  # documents are numbered from 1, in order
    with Store(db) as store:
        store.cluster_on_put = False
        if not store.has(last_doc):
            started = time.monotonic()
            for k, doc in enumerate(synthetic_docs(n_events)):
                store.put(doc)  # unchanged when already stored: an interrupted fill continues
                if k % 20_000 == 0:
                    done = k * EVENTS_PER_DOC
                    print(f"  filling: {done} events, {time.monotonic() - started:.0f} s", file=sys.stderr)
        singleton_clusters(store)


def singleton_clusters(store: Store, batch: int = 5000) -> None:
    """Give every event without a cluster a cluster of its own."""
    from eventwire.store import keys

    started = time.monotonic()
    while True:
        ids = [r[0] for r in store.db.execute(
            "SELECT e.event_id FROM events e LEFT JOIN cluster_members m USING(event_id) "
            "WHERE m.event_id IS NULL LIMIT ?", (batch,))]
        if not ids:
            return
        with store.db:
            store.db.executemany("INSERT INTO cluster_members(event_id, cluster_id) VALUES (?,?)",
                                 [(i, "c" + i) for i in ids])
            for i in ids:
                store.dedup._write_cluster("c" + i, [i])
            keys.key_clusters(store.db)
        print(f"  clusters: {store.db.execute('SELECT COUNT(*) FROM clusters').fetchone()[0]}, "
              f"{time.monotonic() - started:.0f} s", file=sys.stderr)


# ---- load
# The page's requests: a list page under common filters, the counts, and the map of a bounded view.
# The list is measured in two groups: filters the store answers from an index (date, type), and
# filters it answers by scanning (country, which also matches actors; actor substring; near; text).
SCENARIOS: dict[str, tuple[str, list[dict[str, str]]]] = {
    "events: indexed filters": (
        "/api/events",
        [
            {},
            {"type": "ASSAULT"},
            {"since": "2023-06-01", "until": "2023-06-30"},
            {"type": "PROTEST", "since": "2023-01-01", "until": "2023-03-31"},
        ],
    ),
    "events: scanning filters": (
        "/api/events",
        [
            {"country": "IRQ"},
            {"near": "33.34,44.40,50"},
            {"q": "Kharkiv"},
            {"actor": "police"},
        ],
    ),
    "clusters: common filters (the page's list)": (
        "/api/clusters",
        [
            {},
            {"country": "SYR"},
            {"type": "ASSAULT", "since": "2023-01-01", "until": "2023-03-31"},
            {"actor": "rebels"},
        ],
    ),
    "stats": (
        "/api/stats",
        [
            {},
            {"type": "ASSAULT"},
            {"country": "SYR"},
            {"since": "2023-06-01", "until": "2023-06-30"},
        ],
    ),
    "map of a bounded view": (
        "/api/events.geojson",
        [
            {"bbox": "38,30,48,38"},
            {"bbox": "38,30,48,38", "type": "ASSAULT"},
            {"bbox": "28,44,40,52", "since": "2023-01-01", "until": "2023-06-30"},
        ],
    ),
}
# p99, from the issue: a filtered page (of events or of clusters) and the stats
TARGETS_MS = {"/api/events": 200, "/api/clusters": 200, "/api/stats": 500}
MAX_REQUESTS = 20_000  # per scenario: the loop is bounded in count as well as in time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, workers: int | None = None) -> subprocess.Popen:
    """Start `eventwire serve` on 127.0.0.1 and wait until it answers."""
    import httpx

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "eventwire",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            *(["--workers", str(workers)] if workers else []),
        ],
        cwd=HERE.parent,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2)
            return proc
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise SystemExit("eventwire serve exited; see its message above") from None
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("eventwire serve did not answer within 60 s")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Connection:
    """One keep-alive HTTP/1.1 connection with the least client-side work: the load generator shares
    the machine's cores with the server, so every millisecond it spends parsing is one the server
    does not get (httpx costs several per request, more than a cached response costs the server)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        """Send one GET (accepting gzip, as a browser does) and return (status, raw body)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = (f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                   "Accept-Encoding: gzip\r\n\r\n")
        self.writer.write(request.encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if "content-length" not in headers:
            raise ConnectionError(f"no Content-Length in the answer to {target}")
        body = await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection") == "close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _load(base: str, path: str, variants: list[dict[str, str]], clients: int, seconds: float) -> dict:
    from urllib.parse import urlencode, urlsplit

    host, port = urlsplit(base).hostname, urlsplit(base).port
    targets = [f"{path}?{urlencode(v)}" if v else path for v in variants]
    timings: dict[int, list[float]] = {i: [] for i in range(len(variants))}
    errors: list[str] = []
    sent = 0
    stop = time.monotonic() + seconds

    async def client(worker: int) -> None:
        nonlocal sent
        conn = Connection(host, port)
        turn = worker
        while time.monotonic() < stop and sent < MAX_REQUESTS:
            sent += 1
            index = turn % len(variants)
            turn += 1
            started = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(conn.get(targets[index]), 120)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(f"{type(exc).__name__} {variants[index]}")
                await conn.close()
                continue
            if status != 200:
                errors.append(f"{status} {variants[index]}")
                continue
            timings[index].append((time.perf_counter() - started) * 1000)
        await conn.close()

    started = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.monotonic() - started
    everything = [t for ts in timings.values() for t in ts]
    return {
        "requests": len(everything) + len(errors),
        "errors": len(errors),
        "error_samples": errors[:5],
        "rps": round(len(everything) / elapsed, 1),
        "p50_ms": round(pct(everything, 0.50), 1),
        "p99_ms": round(pct(everything, 0.99), 1),
        "variants": [
            {
                "params": variants[i],
                "n": len(ts),
                "p50_ms": round(pct(ts, 0.50), 1),
                "p99_ms": round(pct(ts, 0.99), 1),
            }
            for i, ts in timings.items()
        ],
    }


def first_requests(base: str, path: str, variants: list[dict[str, str]]) -> list[float]:
    """Return the latency of each variant's first request, alone (a count not yet cached, cold caches)."""
    import httpx

    out = []
    with httpx.Client(base_url=base, timeout=300) as http:
        for params in variants:
            started = time.perf_counter()
            http.get(path, params=params).raise_for_status()
            out.append(round((time.perf_counter() - started) * 1000, 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/eventwire-1m.db", help="database file (filled if short)")
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events to fill it with")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=20.0, help="load time per endpoint")
    parser.add_argument("--workers", type=int, help="server processes (eventwire serve --workers; default: "
                        "its default, one per core)")
    parser.add_argument("--only", action="append", metavar="WORD", help="only scenarios named with WORD")
    args = parser.parse_args()

    print(f"database {args.db}: filling to {args.events:,} events if needed", file=sys.stderr)
    fill(args.db, args.events)
    port = free_port()
    server = start_server(args.db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    report = {
        "events_in_db": args.events,
        "clients": args.clients,
        "server_workers": args.workers or "default (one per core, at most 4)",
        "seconds_per_endpoint": args.seconds,
        "endpoints": {},
    }
    try:
        for name, (path, variants) in SCENARIOS.items():
            if args.only and not any(word in name for word in args.only):
                continue
            cold = first_requests(base, path, variants)
            result = asyncio.run(_load(base, path, variants, args.clients, args.seconds))
            result["first_request_ms"] = cold
            report["endpoints"][name] = {"path": path, **result}
            target = TARGETS_MS.get(path)
            verdict = (
                ""
                if target is None
                else (
                    " ok"
                    if result["p99_ms"] < target and not result["errors"]
                    else f" MISSES p99 < {target} ms"
                )
            )
            print(
                f"{name} ({path})\n  all  p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
                f"{result['rps']:6.1f} req/s  {result['requests']} requests, "
                f"{result['errors']} errors{verdict}"
            )
            for v in result["variants"]:
                print(
                    f"    {json.dumps(v['params']):58} p50 {v['p50_ms']:7.1f}  "
                    f"p99 {v['p99_ms']:7.1f}  n={v['n']}"
                )
            print(f"    first request of each (cold): {cold} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
