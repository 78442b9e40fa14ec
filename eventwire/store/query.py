"""Event filters shared by the CLI (`eventwire events`), exports and the HTTP API."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from ..errors import UsageError
from ..geo.centres import haversine_km
from ..models import PLOVER_TYPES
from .keys import UNDATED_IDS, fts_range, like_keys

MAX_LIMIT = 10_000


@dataclass(frozen=True)
class EventFilter:
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    country: str | None = None  # ISO3 of the event's place or of any actor
    type: str | None = None  # PLOVER type
    actor: str | None = None  # substring of an actor's or recipient's name/text, or its code
    near: tuple[float, float, float] | None = None  # lat, lon, km
    text: str | None = None  # full-text query over evidence
    limit: int = 100
    sort: str = "-date"
    box: tuple[float, float, float, float] | None = None  # west, south, east, north (a map view)
    # (date, id) of the last record of the previous page: only records after it in `sort` order
    after: tuple[str | None, str] | None = None


def _check_date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise UsageError(f"{name}: {value!r} is not a date; use YYYY-MM-DD") from exc


def parse_near(value: str | None) -> tuple[float, float, float] | None:
    """Return (lat, lon, km) from 'LAT,LON,KM', with a clear error naming the field."""
    if not value:
        return None
    parts = value.split(",")
    try:
        lat, lon, radius = (float(p) for p in parts)
    except ValueError as exc:
        raise UsageError(f"near: {value!r} must be LAT,LON,KM, e.g. 33.3,44.4,50") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < radius <= 20_000):
        raise UsageError(f"near: {value!r} is out of range (lat -90..90, lon -180..180, 0 < km <= 20000)")
    return lat, lon, radius


def make_filter(since: str | None = None, until: str | None = None, country: str | None = None,
                type: str | None = None, actor: str | None = None, near: str | None = None,  # noqa: A002
                text: str | None = None, limit: int = 100, sort: str = "-date") -> EventFilter:
    """Return a validated EventFilter from user strings; UsageError names the bad field."""
    if country and not re.fullmatch(r"[A-Za-z]{3}", country):
        raise UsageError(f"country: {country!r} must be an ISO 3166-1 alpha-3 code such as IRQ")
    if type and type.upper() not in PLOVER_TYPES:
        raise UsageError(f"type: unknown PLOVER type {type!r}; valid: {', '.join(PLOVER_TYPES)}")
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"limit: {limit} must be between 1 and {MAX_LIMIT}")
    if sort not in ("-date", "date"):
        raise UsageError(f"sort: {sort!r} must be 'date' or '-date'")
    flt = EventFilter(_check_date("since", since), _check_date("until", until), country.upper() if country else None,
                      type.upper() if type else None, actor or None, parse_near(near), text or None, limit, sort)
    if flt.since and flt.until and flt.since > flt.until:
        raise UsageError(f"since: {flt.since} is after until: {flt.until}")
    return flt


def km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km (infinite when a point is missing)."""
    if lat1 is None or lon1 is None:
        return math.inf
    return haversine_km(lat1, lon1, lat2, lon2)


def _fts_query(text: str) -> str:
    words = re.findall(r"\w+", text)
    if not words:
        raise UsageError(f"text: {text!r} has no words to search for")
    return " ".join(f'"{w}"' for w in words)


def build_where(flt: EventFilter, table: str = "events") -> tuple[str, list]:
    """Return (WHERE clause, parameters) for events aliased e, or for clusters aliased c.

    Every condition but the text query reads only columns of the walk index (keys.py), so a page is
    one index walk in date order. A cluster matches on its own date, type and place, on its reports'
    places and actors (its filter columns), and on its reports' evidence for the text query.
    """
    alias = "e" if table == "events" else "c"
    clauses, params = [], []
    if flt.since:
        clauses.append(f"{alias}.date >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append(f"{alias}.date <= ?")
        params.append(flt.until)
    if flt.type:
        clauses.append(f"+{alias}.plover_type = ?")  # + : tested on the walk index (see `near`)
        params.append(flt.type)
    if flt.country:
        clauses.append(f"{alias}.countries LIKE ?")
        params.append(f"%|{flt.country}|%")
    if flt.actor:
        clauses.append(f"{alias}.actor_keys LIKE ? ESCAPE '\\'")
        params.append(like_keys(flt.actor.lower()))
    if flt.near:
        lat, lon, radius = flt.near
        dlat = radius / 111.0
        dlon = radius / max(1e-6, 111.0 * math.cos(math.radians(lat)))
        # the box is tested on the walk index's entries (the unary + keeps SQLite from sorting all of a
        # large box's rows from the lat/lon index instead); km() (registered by Store) trims its corners
        clauses.append(f"+{alias}.lat BETWEEN ? AND ? AND +{alias}.lon BETWEEN ? AND ? "
                       f"AND km({alias}.lat, {alias}.lon, ?, ?) <= ?")
        params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon, lat, lon, radius]
    if flt.box:
        west, south, east, north = flt.box
        clauses.append(f"+{alias}.lat BETWEEN ? AND ? AND +{alias}.lon BETWEEN ? AND ?")
        params += [south, north, west, east]
    if flt.after:
        id_column = "event_id" if table == "events" else "cluster_id"
        clause, values = _after(flt.after, alias, flt.sort == "-date", id_column)
        clauses.append(clause)
        params += values
    if flt.text:
        # the matching rows' ids come out of the full-text index as integers, tested against fts_id
        matching = "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
        if table == "events":
            # ... only those of the days the filter allows, as full-text row ids run in date order
            matching += " AND rowid BETWEEN ? AND ?"
            clauses.append(f"e.fts_id IN ({matching})")
            params += [_fts_query(flt.text), *_fts_bounds(flt)]
        else:  # a cluster's date is its reports' consensus: any report's words count
            clauses.append("c.cluster_id IN (SELECT m.cluster_id FROM cluster_members m JOIN events x "
                           f"ON x.event_id = m.event_id WHERE x.fts_id IN ({matching}))")
            params.append(_fts_query(flt.text))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _fts_bounds(flt: EventFilter) -> tuple[int, int]:
    """Return the full-text row ids an event matching the filter's dates (and cursor) can have."""
    since, until = flt.since, flt.until
    if flt.after and flt.after[0]:
        if flt.sort == "-date":
            until = min(until or flt.after[0], flt.after[0])
        else:
            since = max(since or flt.after[0], flt.after[0])
    low, high = fts_range(since, until)
    if flt.after and flt.after[0] is None and flt.sort == "-date":
        high = min(high, UNDATED_IDS - 1)  # only undated events remain
    return low, high


def _after(key: tuple[str | None, str], alias: str, newest_first: bool, id_column: str) -> tuple[str, list]:
    """Return the condition "after (date, id) in the sort order", with undated records lowest (as SQL
    orders NULL): last when newest first, first when oldest first."""
    date, ident = key
    ident_col, date_col = f"{alias}.{id_column}", f"{alias}.date"
    if newest_first:
        if date is None:
            return f"({date_col} IS NULL AND {ident_col} < ?)", [ident]
        return (f"({date_col} < ? OR ({date_col} = ? AND {ident_col} < ?) OR {date_col} IS NULL)",
                [date, date, ident])
    if date is None:
        return f"({date_col} IS NOT NULL OR {ident_col} > ?)", [ident]
    return f"({date_col} > ? OR ({date_col} = ? AND {ident_col} > ?))", [date, date, ident]
