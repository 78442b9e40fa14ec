"""Cursor pagination of events over `Store.events` (one page in (date, event_id) order), and of clusters
over `Store.clusters` (one page in (date, cluster_id) order) the same way.

A cursor is the opaque, URL-safe encoding of the (date, id) of the last record of a page. The next
page narrows the filter to dates on the far side of that date (`until` for newest first, `since` for
oldest first) and drops the events of that same date already shown, asking the store for more rows
when many share the date. Events without a date sort as the lowest value (SQL NULL): last when newest
first, first when oldest first.

Only Store's public methods are used, so any store backend works. Their cost: an event without a date
is reached after the dated events only while the filter matches at most MAX_LIMIT events in all; a
store-side `after` key would lift that (see docs/api.md).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import replace
from typing import Any

from ..errors import UsageError
from ..store import Store
from ..store.query import MAX_LIMIT, EventFilter

Key = tuple[int, str, str]
# what can be paged: the Store method that returns one page, and the id that breaks ties between dates
ID_FIELDS = {"events": "event_id", "clusters": "cluster_id"}


def key(record: dict[str, Any], id_field: str = "event_id") -> Key:
    """Return the sort key of a record, with a missing date below every date (as SQL orders NULL)."""
    date = record.get("date")
    return (0, "", record[id_field]) if date is None else (1, date, record[id_field])


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


def _collect(fetch_page: Any, flt: EventFilter, keep: Any, want: int) -> tuple[list[dict[str, Any]], bool]:
    """Return up to `want` records passing `keep`, asking for more rows while too few pass; and
    whether the store had no more rows to give."""
    fetch = want
    while True:
        rows = fetch_page(replace(flt, limit=fetch))
        kept = [r for r in rows if keep(r)]
        exhausted = len(rows) < fetch
        if len(kept) >= want or exhausted or fetch >= MAX_LIMIT:
            return kept[:want], exhausted
        fetch = min(MAX_LIMIT, fetch * 4)


def page(
    store: Store, flt: EventFilter, cursor: str | None, unit: str = "events"
) -> tuple[list[dict[str, Any]], str | None]:
    """Return one page of `unit` (events or clusters; flt.limit of them) after the cursor, and the
    cursor of the next page."""
    id_field = ID_FIELDS[unit]
    fetch_page = getattr(store, unit)
    want = flt.limit + 1  # one more than the page tells whether a next page exists
    newest_first = flt.sort == "-date"
    if cursor is None:
        rows, _ = _collect(fetch_page, flt, lambda r: True, want)
    else:
        after = decode(cursor)

        def beyond(r: dict[str, Any]) -> bool:
            return key(r, id_field) < after if newest_first else key(r, id_field) > after

        has_date = after[0] == 1
        if has_date and newest_first:
            narrowed = replace(flt, until=min(flt.until or after[1], after[1]))
        elif has_date:
            narrowed = replace(flt, since=max(flt.since or after[1], after[1]))
        else:
            narrowed = flt
        rows, exhausted = _collect(fetch_page, narrowed, beyond, want)
        if newest_first and has_date and exhausted and len(rows) < want:
            # the dated events are done; the undated ones come last in the full order
            tail, _ = _collect(fetch_page, flt, lambda r: r.get("date") is None, want - len(rows))
            rows += tail
    records = rows[: flt.limit]
    next_cursor = encode(records[-1], id_field) if len(rows) > flt.limit else None
    return records, next_cursor
