"""Cursor pagination of events over `Store.events` (one page in (date, event_id) order), and of clusters
over `Store.clusters` (one page in (date, cluster_id) order) the same way.

A cursor is the opaque, URL-safe encoding of the (date, id) of the last record of a page; the next page
is the store's first `limit` records after that key (`EventFilter.after`), one query on its walk index.
Records without a date sort as the lowest value (SQL NULL): last when newest first, first when oldest
first. Only Store's public methods are used, so any store backend works.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import replace
from typing import Any

from ..errors import UsageError
from ..store import Store
from ..store.query import EventFilter

Key = tuple[int, str, str]
# what can be paged: the Store method that returns one page, and the id that breaks ties between dates
ID_FIELDS = {"events": "event_id", "clusters": "cluster_id"}


def encode(record: dict[str, Any], id_field: str = "event_id") -> str:
    """Return the cursor that points after this record."""
    raw = json.dumps([record.get("date"), record[id_field]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> Key:
    """Return the key a cursor points after; UsageError names the `cursor` field when it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        date, event_id = json.loads(raw)
        if not isinstance(event_id, str) or not (date is None or isinstance(date, str)):
            raise ValueError("wrong types")
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise UsageError(
            f"cursor: {cursor!r} is not a cursor from this API; pass `next_cursor` as it came"
        ) from exc
    return (0, "", event_id) if date is None else (1, date, event_id)


def page(
    store: Store, flt: EventFilter, cursor: str | None, unit: str = "events"
) -> tuple[list[dict[str, Any]], str | None]:
    """Return one page of `unit` (events or clusters; flt.limit of them) after the cursor, and the
    cursor of the next page."""
    id_field = ID_FIELDS[unit]
    after = None
    if cursor is not None:
        flag, date, ident = decode(cursor)
        after = (date if flag else None, ident)
    # one more than the page tells whether a next page exists
    rows = getattr(store, unit)(replace(flt, limit=flt.limit + 1, after=after))
    records = rows[: flt.limit]
    next_cursor = encode(records[-1], id_field) if len(rows) > flt.limit else None
    return records, next_cursor
