"""Store stage: documents, events, actors, places, evidence and failures in SQLite (WAL mode).

`open_store(url)` opens a SQLite file, or PostgreSQL for a postgresql:// URL (`postgres.py`).

One transaction per document, so a killed ingest loses at most the document in flight and a
re-run continues where it stopped. Ingest is idempotent: a document already stored with the same
id is skipped; a changed input (same source, new content) replaces its old version.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import StoreError
from ..geo.outlets import AreaCounter, OutletArea, outlet_key
from ..models import Document, to_dict
from . import keys
from .clusters import cluster_rows, cluster_stats, resolve_id
from .migrations import MIGRATIONS
from .query import EventFilter, build_where, km

if TYPE_CHECKING:
    from ..dedup.index import Dedup

# Text queries read the newest days first (Store._newest_days_first): a week, then 4x wider, until a
# page is full; beyond about 30 years the whole range is read at once.
FIRST_WINDOW_DAYS = 7
MAX_WINDOW_DAYS = 12_000

# How long a writer or reader waits for the other before giving up (WAL makes this rare).
BUSY_TIMEOUT_MS = 30_000


def _utc(stamp: str | None) -> str | None:
    if not stamp:
        return None
    try:
        t = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if t.tzinfo else None


class Store:
    """An eventwire database file."""

    # Link each stored document's events to other reports of the same real events (eventwire/dedup),
    # in the document's transaction. Off only to measure what deduplication costs.
    cluster_on_put = True

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"database {self.path} does not exist; run `eventwire ingest` first")
                self._upgrade_first()
                self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.create_function("km", 4, km, deterministic=True)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"database {self.path}: {exc}; is it an eventwire database?") from exc

    def _upgrade_first(self) -> None:
        """Apply pending migrations before opening read-only (a reader of an older database, such as
        `eventwire serve` after an upgrade, needs its new columns)."""
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as probe:
            version = probe.execute("PRAGMA user_version").fetchone()[0]
        probe.close()
        if 0 < version < len(MIGRATIONS):
            try:
                Store(self.path).close()
            except StoreError as exc:
                raise StoreError(f"database {self.path} has schema {version}, older than this eventwire "
                                 f"({len(MIGRATIONS)}), and cannot be upgraded ({exc}); run any eventwire "
                                 "command on it once as a user who may write the file") from exc

    def migrate(self) -> int:
        """Apply pending migrations; return the schema version."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"database {self.path} has schema {version}, newer than this eventwire "
                             f"({len(MIGRATIONS)}); upgrade eventwire")
        for number in range(version, len(MIGRATIONS)):
            # the migration and the backfill of what it adds commit together
            self.db.executescript(f"BEGIN; {MIGRATIONS[number]}; PRAGMA user_version = {number + 1};")
            if version > 0:
                self._backfill(number)
            self.db.commit()
        if 0 < version < 2 <= len(MIGRATIONS):  # events stored before clusters existed: cluster them now
            self.rebuild_clusters()
        return len(MIGRATIONS)

    def _backfill(self, number: int) -> None:
        """Fill in what migration `number` (0-based) added to a database that already held data."""
        if number == 2:
            keys.backfill(self.db, self.path, sqlite=True)

    def change_token(self) -> tuple[int, ...] | None:
        """Return a token that changes whenever the database does (None when it cannot be known).

        SQLite in WAL mode appends every commit to the -wal file and checkpoints into the main file,
        so their sizes and modification times change with every write, whichever process made it.
        """
        token: list[int] = []
        for name in (self.path, self.path + "-wal"):
            try:
                st = os.stat(name)
            except OSError:
                token += [-1, -1]
            else:
                token += [st.st_mtime_ns, st.st_size]
        return tuple(token)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing
    def has(self, doc_id: str) -> bool:
        """True when a document with this id is stored."""
        return self.db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def put(self, doc: Document) -> str:
        """Store one document with its events; return 'added', 'replaced' or 'unchanged'."""
        with self.db:
            if self.has(doc.doc_id):
                return "unchanged"
            old = self.db.execute("SELECT doc_id FROM documents WHERE source = ?", (doc.source,)).fetchall()
            gone = [row["doc_id"] for row in old]
            touched = self.dedup.before_delete(gone) if self.cluster_on_put else None
            for row in old:
                self._delete(row["doc_id"])
            record = self._insert(doc)
            if self.cluster_on_put:
                self.dedup.after_insert(doc, record, touched)
                keys.key_clusters(self.db)
            self.db.execute("DELETE FROM failures WHERE source = ?", (doc.source,))
            if doc.error:
                self._failure(doc.source, doc.doc_id, doc.error.stage, doc.error.message)
        return "replaced" if old else "added"

    def record_failure(self, source: str, stage: str, message: str, doc_id: str | None = None) -> None:
        """Record an input that failed (kept once per source and stage)."""
        with self.db:
            self._failure(source, doc_id, stage, message)

    def _failure(self, source: str, doc_id: str | None, stage: str, message: str) -> None:
        self.db.execute(
            "INSERT INTO failures(source, doc_id, stage, message, at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(source, stage) DO UPDATE SET message = excluded.message, at = excluded.at, "
            "doc_id = excluded.doc_id",
            (source, doc_id, stage, message, datetime.now(UTC).isoformat(timespec="seconds")))

    def _delete(self, doc_id: str) -> None:
        ids = [r[0] for r in self.db.execute("SELECT fts_id FROM events WHERE doc_id = ?", (doc_id,))]
        self.db.executemany("DELETE FROM events_fts WHERE rowid = ?", [(i,) for i in ids])
        self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    @cached_property
    def dedup(self) -> Dedup:
        """Return the store's fingerprints and clusters keeper (eventwire/dedup/index.py)."""
        from ..dedup.index import Dedup  # imported on first write: reading needs none of it

        return Dedup(self.db)

    def rebuild_clusters(self) -> int:
        """Recompute every event's links and clusters from the stored events; return the cluster count."""
        with self.db:
            count = self.dedup.rebuild()
            keys.key_clusters(self.db)
            return count

    def _insert(self, doc: Document) -> dict[str, Any]:
        record = to_dict(doc)
        self.db.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.doc_id, doc.source, doc.url, doc.outlet, doc.title, doc.published, _utc(doc.published),
             doc.dateline, doc.language, doc.error.stage if doc.error else None,
             doc.error.message if doc.error else None, len(doc.events),
             datetime.now(UTC).isoformat(timespec="seconds"), json.dumps(record, ensure_ascii=False)))
        self.db.executemany(
            'INSERT INTO places(doc_id, start, "end", text, name, country, admin1, lat, lon, precision, geonames_id) '
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(doc.doc_id, p.start, p.end, p.text, p.name, p.country, p.admin1, p.lat, p.lon, p.precision,
              p.geonames_id) for p in doc.places])
        for ev, ev_record in zip(doc.events, record["events"], strict=True):
            loc = ev.location
            wanted, countries, actor_keys = keys.event_keys(ev)
            # an event id repeated within a document replaces its row (INSERT OR REPLACE below)
            self.db.execute(
                "DELETE FROM events_fts WHERE rowid IN (SELECT fts_id FROM events WHERE event_id = ?)",
                (ev.event_id,))
            fts_id = keys.free_fts_id(self.db, wanted)
            self.db.execute(
                "INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (ev.event_id, doc.doc_id, ev.date, ev.date_precision, ev.plover.type, ev.plover.mode,
                 ev.cameo.code, ev.cameo.root, ev.cameo.quad_class, ev.cameo.goldstein, ev.modality,
                 ev.fatalities, ev.injured, loc.name if loc else None, loc.country if loc else None,
                 loc.admin1 if loc else None, loc.lat if loc else None, loc.lon if loc else None,
                 loc.precision if loc else None, ev.confidence, json.dumps(ev_record, ensure_ascii=False),
                 fts_id, countries, actor_keys))
            self.db.executemany(
                "INSERT INTO actors VALUES (?,?,?,?,?,?,?)",
                [(ev.event_id, role, a.text, a.name, a.country, a.sector, a.code)
                 for role, group in (("actor", ev.actors), ("recipient", ev.recipients)) for a in group])
            self.db.executemany('INSERT INTO evidence VALUES (?,?,?,?)',
                                [(ev.event_id, s.start, s.end, s.text) for s in ev.evidence])
            self.db.execute("INSERT INTO events_fts(rowid, event_id, text) VALUES (?, ?, ?)",
                            (fts_id, ev.event_id, " ".join(s.text for s in ev.evidence) + " " + (doc.title or "")))
        return record

    # ---- reading
    def events(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        """Return events (contract JSON plus doc_id) matching the filter, in `sort` order, one page."""
        flt = flt or EventFilter()
        if flt.text and flt.sort == "-date":
            return self._newest_days_first(flt)
        return self._events(flt)

    def _newest_days_first(self, flt: EventFilter) -> list[dict[str, Any]]:
        """Return a page of a text query from the newest days back, widening the window of days until
        it holds a page: a frequent word's rows of the last days make the page without the rest of its
        list being read. Rows before a window all sort after every row in it, so the page is exact."""
        top = flt.until
        if flt.after and flt.after[0]:
            top = min(top or flt.after[0], flt.after[0])
        if flt.after and flt.after[0] is None:
            return self._events(flt)  # only undated events remain
        top = top or self.db.execute("SELECT MAX(date) FROM events").fetchone()[0]
        if top is None:
            return self._events(flt)
        end = date.fromordinal(keys.day_number(top))
        days = FIRST_WINDOW_DAYS
        while True:
            start = (end - timedelta(days=days - 1)).isoformat()
            if flt.since and start <= flt.since:
                return self._events(flt)
            rows = self._events(replace(flt, since=start))
            if len(rows) >= flt.limit or days > MAX_WINDOW_DAYS:
                return rows if len(rows) >= flt.limit else self._events(flt)
            days *= 4

    def _events(self, flt: EventFilter) -> list[dict[str, Any]]:
        where, params = build_where(flt)
        order = "e.date DESC, e.event_id DESC" if flt.sort == "-date" else "e.date ASC, e.event_id ASC"
        sql = (f"SELECT e.record, e.doc_id, d.outlet, d.title, d.published FROM events e "
               f"JOIN documents d USING(doc_id) {where} ORDER BY {order} LIMIT ?")
        rows = self.db.execute(sql, [*params, flt.limit]).fetchall()
        return [{**orjson.loads(r["record"]), "doc_id": r["doc_id"], "outlet": r["outlet"], "title": r["title"],
                 "published": r["published"]} for r in rows]

    def event(self, event_id: str) -> dict[str, Any] | None:
        """Return one event with its doc_id, or None."""
        row = self.db.execute("SELECT record, doc_id FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return {**orjson.loads(row["record"]), "doc_id": row["doc_id"]} if row else None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """Return one stored document (contract JSON), or None."""
        row = self.db.execute("SELECT record FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return orjson.loads(row["record"]) if row else None

    def documents(self) -> Iterator[dict[str, Any]]:
        """Yield every stored document (contract JSON) in ingest order."""
        for row in self.db.execute("SELECT record FROM documents ORDER BY rowid"):
            yield orjson.loads(row["record"])

    def outlet_areas(self) -> dict[str, OutletArea]:
        """Return where each outlet's stored stories are (eventwire/geo/outlets.py), by outlet key,
        for outlets with at least outlets.MIN_ARTICLES documents that name places. Only documents
        stored by ingests that finished count (`finish_run`); places without a GeoNames id (a name
        the gazetteer lacks, placed at the story's focus) are no evidence."""
        counters: dict[str, AreaCounter] = {}
        rows = self.db.execute(
            "SELECT d.doc_id, d.url, d.outlet, p.country, p.admin1, p.precision FROM documents d "
            "JOIN places p ON p.doc_id = d.doc_id WHERE p.geonames_id IS NOT NULL AND d.rowid <= ? "
            "ORDER BY d.doc_id",
            (self.finished_upto(),),
        )
        # one document's rows at a time: memory holds the areas, not every stored place
        for _doc_id, doc_rows in groupby(rows, key=lambda row: row["doc_id"]):
            places = list(doc_rows)
            key = outlet_key(places[0]["url"], places[0]["outlet"])
            if key:
                counters.setdefault(key, AreaCounter()).add(
                    [(p["country"], p["admin1"], p["precision"]) for p in places]
                )
        areas = {key: counter.area() for key, counter in counters.items()}
        return {key: area for key, area in areas.items() if area is not None}

    def finished_upto(self) -> int:
        """Return the last document (rowid) stored by an ingest that finished (0: none)."""
        row = self.db.execute("SELECT value FROM store_state WHERE key = 'outlet_areas_upto'").fetchone()
        return int(row["value"]) if row else 0

    def finish_run(self) -> None:
        """Record that an ingest finished: the documents stored so far teach later runs where their
        outlets are (`outlet_areas`)."""
        with self.db:
            self.db.execute(
                "UPDATE store_state SET value = "
                "(SELECT CAST(COALESCE(MAX(rowid), 0) AS TEXT) FROM documents) WHERE key = 'outlet_areas_upto'"
            )

    def failures(self) -> list[dict[str, Any]]:
        """Return recorded failures, oldest first."""
        return [dict(r) for r in self.db.execute("SELECT source, doc_id, stage, message, at FROM failures ORDER BY id")]

    def stats(self, flt: EventFilter | None = None) -> dict[str, Any]:
        """Return event counts by day, country and type under a filter, and totals."""
        flt = flt or EventFilter()
        where, params = build_where(flt)
        base = f"FROM events e {where}"  # the filters read only events (and actors, FTS): no join needed
        out: dict[str, Any] = {
            "events": self.db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0],
            "documents": self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "failures": self.db.execute("SELECT COUNT(*) FROM failures").fetchone()[0],
        }
        for key, column in (("by_day", "e.date"), ("by_country", "e.country"), ("by_type", "e.plover_type")):
            rows = self.db.execute(f"SELECT {column} AS k, COUNT(*) AS n {base} GROUP BY k ORDER BY "
                                   f"{'k' if key == 'by_day' else 'n DESC'}", params).fetchall()
            out[key] = {(r["k"] or "unknown"): r["n"] for r in rows}
        return out


    # ---- reading clusters (one row per real event)
    def clusters(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        """Return clusters (contract Cluster JSON) matching the filter in date order, one page (flt.limit)."""
        flt = flt or EventFilter()
        return cluster_rows(self.db, flt, flt.limit)

    def iter_clusters(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        """Return every cluster matching the filter (no page limit), in date order."""
        return cluster_rows(self.db, flt or EventFilter(sort="date"), None)

    def cluster(self, cluster_id: str) -> dict[str, Any] | None:
        """Return one cluster with the full records of its member events (`reports`), or None.

        A former id of the cluster (before a backfilled earlier report renamed it) finds it too.
        """
        current = resolve_id(self.db, cluster_id)
        if current is None:
            return None
        row = self.db.execute("SELECT record FROM clusters WHERE cluster_id = ?", (current,)).fetchone()
        record = orjson.loads(row[0])
        ids = [m["event_id"] for m in record["events"]]
        reports = {e["event_id"]: e for e in (self._event_with_doc(i) for i in ids) if e}
        return {**record, "reports": [reports[i] for i in ids if i in reports]}

    def cluster_of(self, event_id: str) -> str | None:
        """Return the id of the cluster an event belongs to, or None."""
        row = self.db.execute("SELECT cluster_id FROM cluster_members WHERE event_id = ?",
                              (event_id,)).fetchone()
        return row[0] if row else None

    def cluster_stats(self, flt: EventFilter | None = None) -> dict[str, Any]:
        """Return cluster counts by day, country and type under a filter, with event and document totals."""
        out = cluster_stats(self.db, flt or EventFilter())
        out["events"] = out["mentions"]
        out["documents"] = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        out["copies"] = self.db.execute(
            "SELECT COUNT(*) FROM fingerprints WHERE copy_of IS NOT NULL").fetchone()[0]
        out["failures"] = self.db.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
        return out

    def _event_with_doc(self, event_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT e.record, e.doc_id, d.outlet, d.title, d.published, d.url "
                              "FROM events e "
                              "JOIN documents d USING(doc_id) WHERE e.event_id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        return {**orjson.loads(row[0]), "doc_id": row[1], "outlet": row[2], "title": row[3],
                "published": row[4],
                "url": row[5]}

def open_store(url: str | Path, readonly: bool = False) -> Store:
    """Return the store at `url`: PostgreSQL for a postgresql:// URL, else a SQLite database file."""
    if str(url).startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # psycopg is imported only when a server is used

        return PostgresStore(str(url), readonly)
    return Store(url, readonly)
