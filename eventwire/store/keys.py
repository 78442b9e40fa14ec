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

`fts_id` is the event's day number above a 40-bit hash of its id, so full-text row ids run in date
order: a text query restricted to some days reads only those days' part of each word's list
(`fts_range`), and the store answers "the newest 50 events saying X" from the newest days first. A
clash with an existing row moves the new one up by one (`free_fts_id`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Iterable
from typing import Any

from ..models import Event

BATCH = 5000  # rows per statement batch while backfilling an existing database


HASH_BITS = 40  # below the day number (23 bits reach year 9999's ordinal 3.65 million)
HASH_MASK = (1 << HASH_BITS) - 1
UNDATED_IDS = 1 << HASH_BITS  # an undated event (day number 0) has a row id below this


def day_number(date: str | None) -> int:
    """Return the proleptic ordinal of a YYYY[-MM[-DD]] date (its first day), 0 for none or junk."""
    parts = (date or "")[:10].split("-")
    parts += ["1"] * (3 - len(parts))  # a month or a year: its first day
    try:
        return dt.date(*(int(p) for p in parts[:3])).toordinal()
    except (ValueError, TypeError):
        return 0


def fts_id(event_id: str, date: str | None) -> int:
    """Return the wanted full-text row id of an event: its day number, then a hash of its id."""
    digest = int.from_bytes(hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest(), "big")
    return (day_number(date) << HASH_BITS) | (digest & HASH_MASK)


def free_fts_id(db: Any, wanted: int) -> int:
    """Return `wanted`, or the next row id up when another event's full-text row has it."""
    while db.execute("SELECT 1 FROM events_fts WHERE rowid = ?", (wanted,)).fetchone():
        wanted += 1
    return wanted


def fts_range(since: str | None, until: str | None) -> tuple[int, int]:
    """Return the full-text row ids of events dated from `since` to `until` (inclusive; None: open)."""
    low = day_number(since) << HASH_BITS if since else 0
    high = ((day_number(until) + 1) << HASH_BITS) - 1 if until else (1 << 63) - 1
    return low, high


def joined(values: Iterable[str | None]) -> str:
    """Return '|a|b|' for the distinct non-empty values in sorted order ('' when there are none)."""
    distinct = sorted({v for v in values if v})
    return "|" + "|".join(distinct) + "|" if distinct else ""


def split(keys: str | None) -> set[str]:
    """Return the values of a joined column."""
    return {k for k in (keys or "").split("|") if k}


def event_keys(ev: Event) -> tuple[int, str, str]:
    """Return (wanted fts_id, countries, actor_keys) of an event."""
    actors = (*ev.actors, *ev.recipients)
    countries = joined([ev.location.country if ev.location else None, *(a.country for a in actors)])
    names = joined(k.lower() for a in actors for k in (a.name, a.text, a.code) if k)
    return fts_id(ev.event_id, ev.date), countries, names


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

    On SQLite each full-text row is re-inserted under its event's new row id (an FTS5 row id cannot
    be updated in place); on PostgreSQL the full-text table's `rowid` column is set.
    """
    total = db.execute("SELECT COUNT(*) FROM events WHERE fts_id IS NULL").fetchone()[0]
    if total >= 10 * BATCH:
        print(
            f"eventwire: {where}: indexing the filters of {total:,} stored events (once, after an upgrade)",
            file=sys.stderr,
        )
    if sqlite:  # where each event's full-text row is now (the table cannot be searched by event id)
        db.execute("CREATE TEMP TABLE fts_old AS SELECT rowid AS old, event_id FROM events_fts")
        db.execute("CREATE INDEX temp.fts_old_event ON fts_old(event_id)")
    done = 0
    while True:
        rows = db.execute("SELECT event_id, date FROM events WHERE fts_id IS NULL LIMIT ?", (BATCH,)).fetchall()
        if not rows:
            break
        ids = [r[0] for r in rows]
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
        keyed = []
        for event_id, date in rows:
            if sqlite:
                new = _move_fts_row(db, event_id, date)
            else:
                new = free_fts_id(db, fts_id(event_id, date))
                db.execute("UPDATE events_fts SET rowid = ? WHERE event_id = ?", (new, event_id))
            keyed.append((new, joined(countries[event_id]), joined(names[event_id]), event_id))
        db.executemany("UPDATE events SET fts_id = ?, countries = ?, actor_keys = ? WHERE event_id = ?", keyed)
        done += len(ids)
        if total >= 10 * BATCH and done % (20 * BATCH) < BATCH:
            print(f"  {done:,}/{total:,} events", file=sys.stderr)
    if sqlite:
        db.execute("DROP TABLE temp.fts_old")
    key_clusters(db)


def _move_fts_row(db: Any, event_id: str, date: str | None) -> int:
    """Move an event's SQLite full-text row to its new row id (one row, if the event had several)."""
    olds = [r[0] for r in db.execute("SELECT old FROM fts_old WHERE event_id = ?", (event_id,))]
    texts = [r[0] for old in olds for r in db.execute("SELECT text FROM events_fts WHERE rowid = ?", (old,))]
    db.executemany("DELETE FROM events_fts WHERE rowid = ?", [(old,) for old in olds])
    new = free_fts_id(db, fts_id(event_id, date))
    if texts:
        db.execute("INSERT INTO events_fts(rowid, event_id, text) VALUES (?,?,?)", (new, event_id, texts[0]))
    return new
