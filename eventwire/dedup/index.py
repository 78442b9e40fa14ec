"""Keeping fingerprints and event clusters up to date in the store, one document at a time.

`Dedup(connection)` is created by the Store. `Store.put` calls `before_delete` and `after_insert`
inside the document's transaction, so a killed ingest never leaves clusters half updated. Ingest
(`stream.py`) calls `is_copy` on each raw article before it is parsed and `take_copy` when a copy's
turn to be stored comes.

Clusters are kept as a pure function of the stored events: each new event is compared with the
stored events of its type family whose dates can match (`candidates`); pairs scoring at least
`SAME_EVENT` are kept as links; the connected group of events the document touches is then
clustered again from scratch (`linkage.average_linkage`). A cluster's id is derived from its
earliest report, so adding later reports never changes it; when an earlier report arrives later
(a backfill), the cluster takes that report's id and the old id is kept as an alias.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..ingest import RawDoc
from ..models import Document
from ..store.keys import joined, split
from . import cluster_id_for
from .copies import copy_document
from .features import EventFeatures, document_features
from .fingerprint import (
    COPY_COVERAGE,
    MIN_JACCARD,
    RAW_COVERAGE,
    align,
    band_keys,
    from_blob,
    jaccard,
    shingle_coverage,
    signature,
    to_blob,
)
from .linkage import average_linkage, components
from .record import Member, cluster_record
from .score import DATE_SLACK_DAYS, MAX_LINK_DAYS, SAME_EVENT, pair_score

# Connected groups of at most this many events are clustered exactly (all pairs scored: ~1 ms per
# 100 pairs); real news rarely links more reports than this around one event.
MAX_EXACT = 40
# Events whose features stay in memory between documents (about 2 KB each).
CACHE_SIZE = 20_000

_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S | re.I)
# SQLite's default limit on host parameters is 999 in old builds: query ids in chunks.
CHUNK = 500


def _countries(f: EventFeatures) -> str:
    return "".join(f"|{c}|" for c in f.countries)


def _days_to_search(f: EventFeatures) -> tuple[int, int]:
    """Return the first and last day a stored event's dates must reach to be a candidate for f."""
    return (f.earliest or f.day_lo or 0) - DATE_SLACK_DAYS, (f.day_hi or 0) + DATE_SLACK_DAYS


def _may_share_country(f: EventFeatures, countries: str) -> bool:
    """True unless every place of both is in another country (score.impossible); an event without
    places can match any, and is found by any: links must not depend on the order of arrival."""
    return not f.countries or not countries or any(f"|{c}|" in countries for c in f.countries)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


@dataclass
class Touched:
    """What deleting a document's old version disturbed: neighbours to re-cluster, clusters to rebuild."""

    neighbours: set[str] = field(default_factory=set)
    clusters: set[str] = field(default_factory=set)


@dataclass
class _Pending:
    """A document seen in this run but not stored yet (a later copy of it can still be recognised)."""

    signature: Any
    text: str
    source: str
    keys: list[int] = field(default_factory=list)  # its band keys


class Dedup:
    """Fingerprints and clusters of one store."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._copies: dict[str, str] = {}  # copy doc_id -> original doc_id
        self._copy_of: dict[str, str] = {}
        self._pending: dict[str, _Pending] = {}
        self._pending_bands: dict[int, set[str]] = {}
        self.copies_taken = 0
        # An event's features never change: kept between documents, they spare re-reading JSON each
        # time a document touches the same neighbours.
        self._feature_cache: dict[str, EventFeatures] = {}
        self._members: dict[str, Member] = {}  # the events of the document being stored

    # ---- wire copies ------------------------------------------------------------------------------
    def is_copy(self, raw: RawDoc, clean: Callable[[RawDoc], Document]) -> Document | None:
        """Return the cleaned document when the raw article repeats the text of a stored document or of
        one read earlier in this run (remembering which, for take_copy); else None.

        The raw text is fingerprinted first (tags stripped): only a document with a candidate original
        is cleaned here, so an article that is no copy costs one fingerprint.
        """
        if raw.error or not raw.text:
            return None
        sig = signature(
            _TAGS.sub(" ", raw.text) if raw.kind == "html" else raw.text
        )  # cheap, before cleaning
        if sig is None:
            return None
        keys = band_keys(sig)
        candidates = sorted(self._band_matches(keys) - {raw.doc_id})
        found = [
            (c, p)
            for c in candidates
            if jaccard(sig, self._signature_of(c)) >= MIN_JACCARD
            and (p := self._candidate(c)) is not None
            and p.source != raw.source
        ]
        text = _TAGS.sub(" ", raw.text) if raw.kind == "html" else raw.text
        found = [(c, p) for c, p in found if shingle_coverage(p.text, text) >= RAW_COVERAGE]
        if found:
            doc = clean(raw)
            best: tuple[float, str] | None = None
            for cand, pending in found:
                coverage = align(pending.text, doc.text).coverage if not doc.error and doc.text else 0.0
                if coverage >= COPY_COVERAGE and (best is None or coverage > best[0]):
                    best = (coverage, cand)
            if best is not None:
                self._copies[doc.doc_id] = best[1]
                return doc
        self._pending[raw.doc_id] = _Pending(sig, raw.text, raw.source, keys)
        for k in keys:
            self._pending_bands.setdefault(k, set()).add(raw.doc_id)
        return None

    def _band_matches(self, keys: list[int]) -> set[str]:
        found = {d for k in keys for d in self._pending_bands.get(k, ())}
        marks = ",".join("?" * len(keys))
        found.update(
            r[0]
            for r in self.db.execute(
                f"SELECT DISTINCT doc_id FROM fingerprint_bands WHERE band IN ({marks})", keys
            )
        )
        return found

    def _signature_of(self, doc_id: str) -> Any:
        if doc_id in self._pending:
            return self._pending[doc_id].signature
        row = self.db.execute("SELECT signature FROM fingerprints WHERE doc_id = ?", (doc_id,)).fetchone()
        return from_blob(row[0]) if row else None

    def _candidate(self, doc_id: str) -> _Pending | None:
        if doc_id in self._pending:
            return self._pending[doc_id]
        row = self.db.execute(
            "SELECT f.signature, d.record, d.source FROM fingerprints f JOIN documents d "
            "USING(doc_id) WHERE doc_id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        return _Pending(from_blob(row[0]), orjson.loads(row[1])["text"], row[2])

    def take_copy(self, doc: Document) -> Document | None:
        """Return a copy recognised by is_copy with its original's events moved onto it; None when the
        original is not stored, failed, or its clean text does not cover the copy after all (the caller
        then parses the copy itself)."""
        source_id = self._copies.pop(doc.doc_id, None)
        row = (
            self.db.execute("SELECT record FROM documents WHERE doc_id = ?", (source_id,)).fetchone()
            if source_id
            else None
        )
        source = orjson.loads(row[0]) if row else None
        if source is None or source.get("error"):
            return None
        alignment = align(source["text"], doc.text)
        if alignment.coverage < COPY_COVERAGE:
            return None
        self._copy_of[doc.doc_id] = source_id
        self.copies_taken += 1
        return copy_document(doc, source, alignment)

    # ---- store hooks (inside Store.put's transaction) ---------------------------------------------
    def before_delete(self, doc_ids: Sequence[str]) -> Touched:
        """Return the neighbours and clusters of the events of documents about to be deleted."""
        touched = Touched()
        for doc_id in doc_ids:
            ids = [r[0] for r in self.db.execute("SELECT event_id FROM events WHERE doc_id = ?", (doc_id,))]
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                touched.neighbours.update(
                    r[0]
                    for r in self.db.execute(
                        f"SELECT b FROM event_links WHERE a IN ({marks}) UNION SELECT a FROM event_links "
                        f"WHERE b IN ({marks})",
                        [*chunk, *chunk],
                    )
                )
                touched.clusters.update(
                    r[0]
                    for r in self.db.execute(
                        f"SELECT cluster_id FROM cluster_members WHERE event_id IN ({marks})", chunk
                    )
                )
            touched.neighbours.difference_update(ids)
        return touched

    def after_insert(self, doc: Document, record: dict[str, Any], touched: Touched | None = None) -> None:
        """Fingerprint the stored document, link its events to other reports and re-cluster what changed."""
        self._fingerprint(doc)
        published_utc = self.db.execute(
            "SELECT published_utc FROM documents WHERE doc_id = ?", (doc.doc_id,)
        ).fetchone()[0]
        feats = document_features(record, published_utc)
        self._link(feats)
        touched = touched or Touched()
        # the document's own events are in memory: its clusters' records need not read them back
        self._members = {
            ev["event_id"]: Member(ev, doc.doc_id, doc.outlet, doc.title, doc.published, published_utc)
            for ev in record.get("events") or []
        }
        try:
            self.recluster({f.event_id for f in feats} | touched.neighbours, touched.clusters)
        finally:
            self._members = {}

    def _fingerprint(self, doc: Document) -> None:
        pending = self._pending.pop(doc.doc_id, None)
        if pending is not None:
            for k in pending.keys:
                self._pending_bands.get(k, set()).discard(doc.doc_id)
        if doc.error or not doc.text:
            return
        # the fingerprint taken before parsing serves (raw and clean text share nearly all shingles)
        sig = pending.signature if pending is not None else signature(doc.text)
        if sig is None:
            return
        keys = pending.keys if pending is not None else band_keys(sig)
        self.db.execute(
            "INSERT OR REPLACE INTO fingerprints(doc_id, signature, words, copy_of) VALUES (?,?,?,?)",
            (doc.doc_id, to_blob(sig), len(doc.text.split()), self._copy_of.pop(doc.doc_id, None)),
        )
        self.db.executemany(
            "INSERT INTO fingerprint_bands(band, doc_id) VALUES (?,?)", [(k, doc.doc_id) for k in keys]
        )

    def candidates(self, feats: Sequence[EventFeatures]) -> dict[str, list[EventFeatures]]:
        """Return, per event, the stored events of its type family whose dates can match (other
        documents), with one query per type family for all the events of a document."""
        linkable = [
            f
            for f in feats
            if f.family is not None
            and f.day_lo is not None
            and f.day_hi is not None
            and f.day_hi - f.day_lo + 1 <= MAX_LINK_DAYS
        ]
        found: dict[str, list[EventFeatures]] = {f.event_id: [] for f in feats}
        for family in sorted({f.family for f in linkable if f.family}):
            mine = [f for f in linkable if f.family == family]
            bounds = {f.event_id: _days_to_search(f) for f in mine}
            lo, hi = min(b[0] for b in bounds.values()), max(b[1] for b in bounds.values())
            # events whose places are all in other countries cannot match: skip them in SQL too
            countries = (
                sorted({c for f in mine for c in f.countries}) if all(f.countries for f in mine) else []
            )
            rows = self._stored_in(family, lo - MAX_LINK_DAYS, hi, lo, countries)
            stored = self._features([r[0] for r in rows])
            for f in mine:
                f_lo, f_hi = bounds[f.event_id]
                found[f.event_id] = [
                    stored[r[0]]
                    for r in rows
                    if r[1] <= f_hi
                    and r[2] >= f_lo
                    and r[0] in stored
                    and stored[r[0]].doc_id != f.doc_id
                    and _may_share_country(f, r[3])
                ]
        return found

    def _stored_in(
        self, family: str, lo_from: int, lo_to: int, hi_from: int, countries: list[str]
    ) -> list[tuple[str, int, int, str]]:
        """Return (event_id, day_lo, day_hi, countries) of stored events of the family in the date range
        whose places include one of `countries` or are unknown (any country when `countries` is empty).

        Most events are in one country ('|IRQ|'): those are read from the (family, countries, day_lo)
        index by equality, and the few in several countries from their own partial index, so the query
        reads no other country's events however many the store holds."""
        dates = "family = ? AND day_lo BETWEEN ? AND ? AND day_hi >= ?"
        columns = "SELECT event_id, day_lo, day_hi, countries FROM event_features WHERE "
        if not countries:
            return self.db.execute(columns + dates, (family, lo_from, lo_to, hi_from)).fetchall()
        singles = ["", *(f"|{c}|" for c in countries)]
        several = " OR ".join(["countries LIKE ?"] * len(countries))
        return self.db.execute(
            f"{columns}{dates} AND countries IN ({','.join('?' * len(singles))}) UNION ALL "
            f"{columns}{dates} AND countries LIKE '|%|%|' AND ({several})",
            (
                family,
                lo_from,
                lo_to,
                hi_from,
                *singles,
                family,
                lo_from,
                lo_to,
                hi_from,
                *(f"%|{c}|%" for c in countries),
            ),
        ).fetchall()

    # ---- clusters ---------------------------------------------------------------------------------
    def _neighbours(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT b FROM event_links WHERE a IN ({marks}) UNION SELECT a FROM event_links "
                    f"WHERE b IN ({marks})",
                    [*chunk, *chunk],
                )
            )
        return found

    def component(self, seeds: set[str], limit: int | None = None) -> set[str] | None:
        """Return the events linked, directly or not, to the seed events (the seeds included); None when
        there are more than `limit`."""
        seen: set[str] = set()
        frontier = sorted(seeds)
        while frontier:
            seen.update(frontier)
            if limit is not None and len(seen) > limit:
                return None
            frontier = sorted(self._neighbours(frontier) - seen)
        return seen

    def region(self, seeds: set[str]) -> set[str]:
        """Return the seeds, their linked neighbours and every member of those events' clusters."""
        near = set(seeds) | self._neighbours(sorted(seeds))
        clusters: set[str] = set()
        for chunk in _chunks(sorted(near)):
            marks = ",".join("?" * len(chunk))
            clusters.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT cluster_id FROM cluster_members WHERE event_id IN ({marks})", chunk
                )
            )
        for chunk in _chunks(sorted(clusters)):
            marks = ",".join("?" * len(chunk))
            near.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT event_id FROM cluster_members WHERE cluster_id IN ({marks})", chunk
                )
            )
        return near

    def _features(self, ids: Sequence[str]) -> dict[str, EventFeatures]:
        cache = self._feature_cache
        out = {i: cache[i] for i in ids if i in cache}
        for chunk in _chunks([i for i in ids if i not in cache]):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                f"SELECT event_id, features FROM event_features WHERE event_id IN ({marks})", chunk
            ):
                out[r[0]] = cache[r[0]] = EventFeatures.from_json(r[1])
        if len(cache) > CACHE_SIZE:
            for key in list(cache)[: len(cache) // 2]:
                del cache[key]
        return out

    def recluster(self, seeds: set[str], old_clusters: Iterable[str] = ()) -> None:
        """Cluster the connected events around the seeds again and rewrite the clusters that changed.

        Up to MAX_EXACT connected events are clustered all together, which makes the result the same
        whatever order the reports came in. A larger connected group (a long chain of near-identical
        daily reports) is clustered again only around the seeds, so one document never costs more than
        its neighbourhood; there the order can, rarely, matter.
        """
        events = self.component(seeds, MAX_EXACT)
        feats = self._features(sorted(events if events is not None else self.region(seeds)))
        if not feats and not old_clusters:
            return
        self._assign(self._grouped(feats), old_clusters)

    def _assign(self, groups: list[list[EventFeatures]], old_clusters: Iterable[str]) -> None:
        """Store the groups as clusters (rewriting those whose members changed); retire ids no longer used."""
        touched_clusters = set(old_clusters)
        assignment = {f.event_id: cluster_id_for(g[0].event_id) for g in groups for f in g}
        old: dict[str, str] = {}
        for chunk in _chunks(sorted(assignment)):
            marks = ",".join("?" * len(chunk))
            old.update(
                self.db.execute(
                    f"SELECT event_id, cluster_id FROM cluster_members WHERE event_id IN ({marks})", chunk
                ).fetchall()
            )
        self.db.executemany(  # only what changed: unchanged rows would still dirty their pages
            "INSERT OR REPLACE INTO cluster_members(event_id, cluster_id) VALUES (?,?)",
            sorted((e, c) for e, c in assignment.items() if old.get(e) != c),
        )
        new_ids = set(assignment.values())
        before: dict[str, set[str]] = {}
        for e, c in old.items():
            before.setdefault(c, set()).add(e)
        after: dict[str, list[str]] = {}
        for e, c in sorted(assignment.items()):
            after.setdefault(c, []).append(e)
        self._write_clusters(
            {
                c: members
                for c, members in sorted(after.items())
                if before.get(c) != set(members) or c in touched_clusters
            }
        )
        for gone in sorted((set(old.values()) | set(old_clusters)) - new_ids):
            self._retire(gone, old, assignment)

    def _grouped(self, feats: dict[str, EventFeatures]) -> list[list[EventFeatures]]:
        # the component can hold several connected groups when old links were deleted with a document
        edges: dict[str, set[str]] = {}
        links: dict[tuple[str, str], float] = {}
        for chunk in _chunks(sorted(feats)):
            marks = ",".join("?" * len(chunk))
            for a, b, score in self.db.execute(
                f"SELECT a, b, score FROM event_links WHERE a IN ({marks})", chunk
            ):
                if b in feats:
                    edges.setdefault(a, set()).add(b)
                    edges.setdefault(b, set()).add(a)
                    links[(a, b)] = score
        groups: list[list[EventFeatures]] = []
        for comp in components(edges, set(feats)):
            groups.extend(average_linkage([feats[e] for e in comp], links=links))
        return groups

    def _member_records(self, event_ids: list[str]) -> dict[str, Member]:
        """Return the members' events with what the cluster record needs from their documents."""
        out = {e: self._members[e] for e in event_ids if e in self._members}
        for chunk in _chunks([e for e in event_ids if e not in out]):
            marks = ",".join("?" * len(chunk))
            out.update(
                (r[0], Member(orjson.loads(r[1]), r[2], r[3], r[4], r[5], r[6]))
                for r in self.db.execute(
                    f"SELECT e.event_id, e.record, e.doc_id, d.outlet, d.title, d.published, "
                    f"d.published_utc FROM events e JOIN documents d USING(doc_id) "
                    f"WHERE e.event_id IN ({marks})",
                    chunk,
                )
            )
        return out

    def _filter_keys(self, event_ids: list[str]) -> dict[str, tuple[str, str]]:
        """Return the (countries, actor_keys) filter columns the store gave these events (keys.py)."""
        out: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(event_ids):
            marks = ",".join("?" * len(chunk))
            out.update(
                (r[0], (r[1], r[2]))
                for r in self.db.execute(
                    f"SELECT event_id, countries, actor_keys FROM events WHERE event_id IN ({marks})", chunk
                )
            )
        return out

    def _write_clusters(self, clusters: dict[str, list[str]]) -> None:
        """Write the records of these clusters (cluster id -> member event ids), all in one go, with the
        filter columns keys.key_clusters would give them (so the rows are written once)."""
        if not clusters:
            return
        ids = sorted({e for ids in clusters.values() for e in ids})
        members = self._member_records(ids)
        filters = self._filter_keys(ids)
        rows = []
        for cluster_id, event_ids in clusters.items():
            mine = [members[e] for e in event_ids if e in members]
            rec = cluster_record(cluster_id, mine)
            loc = rec["location"] or {}
            stamps = [m.published_utc for m in mine if m.published_utc]
            keyed = [filters[e] for e in event_ids if e in filters]
            rows.append(
                (
                    cluster_id,
                    rec["date"],
                    rec["date_precision"],
                    rec["plover"]["type"],
                    loc.get("country"),
                    loc.get("admin1"),
                    loc.get("lat"),
                    loc.get("lon"),
                    rec["fatalities"],
                    rec["mentions"],
                    rec["documents"],
                    len(rec["outlets"]),
                    min(stamps, default=None),
                    max(stamps, default=None),
                    orjson.dumps(rec).decode(),
                    joined([loc.get("country"), *(c for k in keyed for c in split(k[0]))]),
                    joined(a for k in keyed for a in split(k[1])),
                )
            )
        self.db.executemany(
            "INSERT OR REPLACE INTO clusters(cluster_id, date, date_precision, plover_type, country, admin1, "
            "lat, lon, fatalities, mentions, documents, outlets, first_seen, last_seen, record, countries, "
            "actor_keys) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        self.db.executemany(
            "DELETE FROM cluster_aliases WHERE old_id = ?", [(cluster_id,) for cluster_id in clusters]
        )

    def _retire(self, gone: str, old: dict[str, str], assignment: dict[str, str]) -> None:
        """Delete a cluster id no longer used; point it (and aliases to it) at where its reports went."""
        self.db.execute("DELETE FROM clusters WHERE cluster_id = ?", (gone,))
        members = sorted(e for e, c in old.items() if c == gone and e in assignment)
        if not members:
            self.db.execute("DELETE FROM cluster_aliases WHERE cluster_id = ?", (gone,))
            return
        targets = [assignment[e] for e in members]
        target = max(sorted(set(targets)), key=targets.count)
        self.db.execute(
            "INSERT OR REPLACE INTO cluster_aliases(old_id, cluster_id) VALUES (?,?)", (gone, target)
        )
        self.db.execute("UPDATE cluster_aliases SET cluster_id = ? WHERE cluster_id = ?", (target, gone))

    def rebuild(self) -> int:
        """Recompute every event's features, links and clusters from the stored events, document by
        document in publication order (as an ingest in that order would); return the cluster count."""
        for table in ("event_links", "event_features", "cluster_members", "clusters", "cluster_aliases"):
            self.db.execute(f"DELETE FROM {table}")
        docs = self.db.execute("SELECT record, published_utc FROM documents ORDER BY published_utc, doc_id")
        for text, published_utc in docs.fetchall():
            feats = document_features(orjson.loads(text), published_utc)
            self._link(feats)
            self.recluster({f.event_id for f in feats})
        return self.db.execute("SELECT COUNT(*) FROM clusters").fetchone()[0]

    def _link(self, feats: list[EventFeatures]) -> None:
        """Store the events' features and their links to stored reports that may tell the same event."""
        self.db.executemany(  # the day_lo column is the first day it may have happened on (f.earliest)
            "INSERT OR REPLACE INTO event_features(event_id, family, day_lo, day_hi, countries, "
            "features) VALUES (?,?,?,?,?,?)",
            [(f.event_id, f.family, f.earliest, f.day_hi, _countries(f), f.to_json()) for f in feats],
        )
        self._feature_cache.update((f.event_id, f) for f in feats)
        links = {}
        found = self.candidates(feats)
        for f in feats:
            for other in found[f.event_id]:
                score = pair_score(f, other)
                if score is not None and score >= SAME_EVENT:
                    links[tuple(sorted((f.event_id, other.event_id)))] = score
        self.db.executemany(
            "INSERT OR REPLACE INTO event_links(a, b, score) VALUES (?,?,?)",
            [(a, b, score) for (a, b), score in sorted(links.items())],
        )


__all__ = ["Dedup", "Touched"]
