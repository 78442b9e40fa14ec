"""Filter columns: what a page of events or clusters is filtered on, kept in the row itself.

A filtered page ("the newest 50 events in Iraq") is answered by walking one covering index in date
order and testing each entry, and stopping at the 51st match: no subquery per row, no table read
until a row matches. For that, every condition must be decidable from the index entry:

* `countries`: "|IRQ|USA|", the event's place country and its actors' countries (a cluster's: its
  place and its reports' places and actors);
* `actor_keys`: "|iraqi police|police|irqcop|", its actors' and recipients' names, texts and codes
  in lower case (a substring of one of them matches, never a string across two of them);
* `fts_id`: the rowid of the event's row in the full-text index, so the rows matching a text query
  come out of the index as a set of integers (no read of the indexed text) to test entries against.

`fts_id` is a 63-bit hash of the event id, so any process computes it without asking the database
(parallel loaders and PostgreSQL need no shared counter).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from typing import Any

from ..models import Event

BATCH = 5000  # rows per statement batch while backfilling an existing database


def fts_id(event_id: str) -> int:
    """Return the full-text row id of an event: a positive 63-bit hash of its id."""
    return int.from_bytes(hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def joined(values: Iterable[str | None]) -> str:
    """Return '|a|b|' for the distinct non-empty values in sorted order ('' when there are none)."""
    distinct = sorted({v for v in values if v})
    return "|" + "|".join(distinct) + "|" if distinct else ""


def split(keys: str | None) -> set[str]:
    """Return the values of a joined column."""
    return {k for k in (keys or "").split("|") if k}


def event_keys(ev: Event) -> tuple[int, str, str]:
    """Return (fts_id, countries, actor_keys) of an event."""
    actors = (*ev.actors, *ev.recipients)
    countries = joined([ev.location.country if ev.location else None, *(a.country for a in actors)])
    names = joined(k.lower() for a in actors for k in (a.name, a.text, a.code) if k)
    return fts_id(ev.event_id), countries, names


def like_keys(value: str) -> str:
    """Return the LIKE pattern matching a joined column that contains `value` (escape character \\)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def key_clusters(db: Any) -> int:
    """Fill the filter columns of clusters written since the last call (their `countries` is NULL).

    Deduplication rewrites a cluster row whole whenever its members change, which leaves these
    columns NULL; the store calls this in the same transaction. Returns how many were keyed.
    """
    ids = [r[0] for r in db.execute("SELECT cluster_id FROM clusters WHERE countries IS NULL")]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        countries: dict[str, set[str]] = {i: set() for i in chunk}
        actors: dict[str, set[str]] = {i: set() for i in chunk}
        for row in db.execute(
            f"SELECT cluster_id, country FROM clusters WHERE cluster_id IN ({marks})", chunk
        ):
            if row[1]:
                countries[row[0]].add(row[1])
        for row in db.execute(
            "SELECT m.cluster_id, e.countries, e.actor_keys FROM cluster_members m "
            f"JOIN events e ON e.event_id = m.event_id WHERE m.cluster_id IN ({marks})",
            chunk,
        ):
            countries[row[0]] |= split(row[1])
            actors[row[0]] |= split(row[2])
        db.executemany(
            "UPDATE clusters SET countries = ?, actor_keys = ? WHERE cluster_id = ?",
            [(joined(countries[i]), joined(actors[i]), i) for i in chunk],
        )
    return len(ids)


def backfill(db: Any, where: str, sqlite: bool) -> None:
    """Fill the filter columns of events stored before they existed, then key every cluster.

    On SQLite the full-text rows are re-inserted under their new row ids (an FTS5 row id cannot be
    updated in place); on PostgreSQL the full-text table's `rowid` column is set.
    """
    total = db.execute("SELECT COUNT(*) FROM events WHERE fts_id IS NULL").fetchone()[0]
    if total >= 10 * BATCH:
        print(
            f"eventwire: {where}: indexing the filters of {total:,} stored events (once, after an upgrade)",
            file=sys.stderr,
        )
    done = 0
    while True:
        ids = [r[0] for r in db.execute("SELECT event_id FROM events WHERE fts_id IS NULL LIMIT ?", (BATCH,))]
        if not ids:
            break
        marks = ",".join("?" * len(ids))
        countries: dict[str, set[str | None]] = {i: set() for i in ids}
        names: dict[str, set[str]] = {i: set() for i in ids}
        for row in db.execute(f"SELECT event_id, country FROM events WHERE event_id IN ({marks})", ids):
            countries[row[0]].add(row[1])
        for row in db.execute(
            f"SELECT event_id, country, name, text, code FROM actors WHERE event_id IN ({marks})", ids
        ):
            countries[row[0]].add(row[1])
            names[row[0]].update(k.lower() for k in row[2:] if k)
        db.executemany(
            "UPDATE events SET fts_id = ?, countries = ?, actor_keys = ? WHERE event_id = ?",
            [(fts_id(i), joined(countries[i]), joined(names[i]), i) for i in ids],
        )
        if not sqlite:
            db.executemany(
                "UPDATE events_fts SET rowid = ? WHERE event_id = ?", [(fts_id(i), i) for i in ids]
            )
        done += len(ids)
        if total >= 10 * BATCH and done % (20 * BATCH) < BATCH:
            print(f"  {done:,}/{total:,} events", file=sys.stderr)
    if sqlite:
        _renumber_fts(db)
    key_clusters(db)


def _renumber_fts(db: Any) -> None:
    """Move each SQLite full-text row to the row id `fts_id` of its event (rows already there stay)."""
    last = 0
    while True:
        rows = db.execute(
            "SELECT rowid, event_id, text FROM events_fts WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (last, BATCH),
        ).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        moved = [r for r in rows if r[0] != fts_id(r[1])]
        db.executemany("DELETE FROM events_fts WHERE rowid = ?", [(r[0],) for r in moved])
        db.executemany(
            "INSERT INTO events_fts(rowid, event_id, text) VALUES (?,?,?)",
            [(fts_id(r[1]), r[1], r[2]) for r in moved],
        )
