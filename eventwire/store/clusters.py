"""Reading clusters (one row per real event, eventwire/dedup) under the same filters as events.

A cluster matches a filter on its consensus date, type and place (`since`, `until`, `type`, `near`,
and `country` for its place), or on any of its reports (`actor`, `text`, and `country` for an actor's
country): one real event is counted once, on the date and at the place its reports agree on.
"""

from __future__ import annotations

from typing import Any

import orjson

from .query import EventFilter, build_where


def build_cluster_where(flt: EventFilter) -> tuple[str, list]:
    """Return (WHERE clause, parameters) for the clusters table aliased c."""
    return build_where(flt, table="clusters")


def cluster_rows(db: Any, flt: EventFilter, limit: int | None) -> list[dict[str, Any]]:
    """Return cluster records matching the filter in date order (flt.sort), at most `limit` (None: all)."""
    where, params = build_cluster_where(flt)
    order = "c.date DESC, c.cluster_id DESC" if flt.sort == "-date" else "c.date ASC, c.cluster_id ASC"
    sql = f"SELECT c.record FROM clusters c {where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, limit]
    return [orjson.loads(r[0]) for r in db.execute(sql, params)]


def resolve_id(db: Any, cluster_id: str) -> str | None:
    """Return the current id of a cluster given its id or a former id (None when unknown)."""
    if db.execute("SELECT 1 FROM clusters WHERE cluster_id = ?", (cluster_id,)).fetchone():
        return cluster_id
    row = db.execute("SELECT cluster_id FROM cluster_aliases WHERE old_id = ?", (cluster_id,)).fetchone()
    return row[0] if row else None


def cluster_stats(db: Any, flt: EventFilter) -> dict[str, Any]:
    """Return cluster counts by day, country and type under a filter, and the total of mentions."""
    where, params = build_cluster_where(flt)
    base = f"FROM clusters c {where}"
    row = db.execute(f"SELECT COUNT(*), COALESCE(SUM(c.mentions), 0) {base}", params).fetchone()
    out: dict[str, Any] = {"clusters": row[0], "mentions": row[1]}
    for key, column in (("by_day", "c.date"), ("by_country", "c.country"), ("by_type", "c.plover_type")):
        rows = db.execute(
            f"SELECT {column} AS k, COUNT(*) AS n {base} GROUP BY {column} ORDER BY "
            f"{'k' if key == 'by_day' else 'n DESC, k'}",
            params,
        ).fetchall()
        out[key] = {(r[0] or "unknown"): r[1] for r in rows}
    return out
