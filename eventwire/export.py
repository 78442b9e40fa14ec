"""Exports and printed views of stored events: JSON Lines, CSV, Parquet, GeoJSON, tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from .errors import UsageError
from .store import Store, open_store
from .store.query import EventFilter, build_where

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "geojson")
FLAT_COLUMNS = (
    "event_id", "doc_id", "date", "date_precision", "date_text", "plover_type", "plover_mode", "cameo_code",
    "cameo_root", "quad_class", "goldstein", "actors", "actor_countries", "actor_codes", "recipients",
    "recipient_countries", "recipient_codes", "place", "country", "admin1", "lat", "lon", "precision",
    "fatalities", "injured", "modality", "attribution", "confidence", "evidence", "outlet", "title",
)


def _names(actors: list[dict]) -> str:
    return "; ".join(a.get("name") or a.get("text") or "" for a in actors)


def flat_row(ev: dict[str, Any]) -> dict[str, Any]:
    """Return one event as a flat row (CSV, Parquet, tables)."""
    loc = ev.get("location") or {}
    actors, recipients = ev.get("actors") or [], ev.get("recipients") or []
    return {
        "event_id": ev["event_id"], "doc_id": ev.get("doc_id"), "date": ev.get("date"),
        "date_precision": ev.get("date_precision"), "date_text": ev.get("date_text"),
        "plover_type": ev["plover"].get("type"), "plover_mode": ev["plover"].get("mode"),
        "cameo_code": ev["cameo"]["code"], "cameo_root": ev["cameo"]["root"],
        "quad_class": ev["cameo"]["quad_class"], "goldstein": ev["cameo"]["goldstein"],
        "actors": _names(actors), "actor_countries": "; ".join(a.get("country") or "" for a in actors),
        "actor_codes": "; ".join(a.get("code") or "" for a in actors),
        "recipients": _names(recipients), "recipient_countries": "; ".join(a.get("country") or "" for a in recipients),
        "recipient_codes": "; ".join(a.get("code") or "" for a in recipients),
        "place": loc.get("name"), "country": loc.get("country"), "admin1": loc.get("admin1"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "precision": loc.get("precision"),
        "fatalities": ev.get("fatalities"), "injured": ev.get("injured"), "modality": ev.get("modality"),
        "attribution": ev.get("attribution"), "confidence": ev.get("confidence"),
        "evidence": " | ".join(s["text"] for s in ev.get("evidence") or []),
        "outlet": ev.get("outlet"), "title": ev.get("title"),
    }


def write_csv(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write events as CSV rows; return how many."""
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(flat_row(ev))
        n += 1
    return n


def geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection of the events that have coordinates."""
    features = []
    for ev in events:
        loc = ev.get("location") or {}
        if loc.get("lat") is None:
            continue
        props = {k: v for k, v in flat_row(ev).items() if k not in ("lat", "lon", "evidence")}
        features.append({"type": "Feature", "id": ev["event_id"],
                         "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def iter_events(store: Store, flt: EventFilter) -> Iterable[dict[str, Any]]:
    """Yield every event matching the filter (no page limit), oldest first."""
    where, params = build_where(flt)
    sql = (f"SELECT e.record, e.doc_id, d.outlet, d.title FROM events e JOIN documents d USING(doc_id) "
           f"{where} ORDER BY e.date, e.event_id")
    for row in store.db.execute(sql, params):
        yield {**json.loads(row["record"]), "doc_id": row["doc_id"], "outlet": row["outlet"], "title": row["title"]}


def export_unit(fmt: str, unit: str | None) -> str:
    """Return what an export writes: `unit` when given, else documents for jsonl and clusters otherwise."""
    unit = unit or ("documents" if fmt == "jsonl" else "clusters")
    if unit not in EXPORT_UNITS:
        raise UsageError(f"unknown export unit {unit!r}; valid: {', '.join(EXPORT_UNITS)}")
    if unit == "documents" and fmt != "jsonl":
        raise UsageError(f"--format {fmt} writes events: use --clusters (one row per real event) or --mentions")
    return unit


def export(db: str, fmt: str, output: str | None = None, flt: EventFilter | None = None,
           unit: str | None = None) -> int:
    """Write the store's documents (jsonl), clusters (one per real event) or event mentions to a file or
    stdout; return the count. `unit` defaults to documents for jsonl (the contract) and clusters otherwise."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format: unknown export format {fmt!r}; valid: {', '.join(EXPORT_FORMATS)}")
    if fmt == "parquet" and not output:
        raise UsageError("--format parquet writes a binary file: give -o FILE.parquet")
    unit = export_unit(fmt, unit)
    with open_store(db, readonly=True) as store:
        if fmt == "jsonl" and unit == "documents":
            return _write_text(output, lambda out: _jsonl(store, out))
        if unit == "clusters":
            return _export_clusters(store.iter_clusters(flt or EventFilter(sort="date")), fmt, output)
        events = list(iter_events(store, flt or EventFilter()))
        if fmt == "jsonl":
            return _write_text(output, lambda out: _lines(events, out))
        if fmt == "csv":
            return _write_text(output, lambda out: write_csv(events, out))
        if fmt == "geojson":
            data = geojson(events)
            _write_text(output, lambda out: out.write(json.dumps(data, ensure_ascii=False) + "\n"))
            return len(data["features"])
        _parquet(events, Path(output or "events.parquet"))
        return len(events)


def _lines(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


# ---- clusters: one row per real event (eventwire/dedup) ----------------------------------------------
EXPORT_UNITS = ("documents", "clusters", "mentions")
CLUSTER_COLUMNS = (
    "cluster_id", "date", "date_precision", "plover_type", "plover_mode", "cameo_code", "cameo_root",
    "quad_class", "goldstein", "actors", "actor_countries", "actor_codes", "recipients",
    "recipient_countries",
    "recipient_codes",
    "place", "country", "admin1", "lat", "lon", "precision", "fatalities", "fatalities_min", "fatalities_max",
    "injured", "modality", "mentions", "documents", "outlets", "first_seen", "last_seen", "event_ids",
    "evidence",
)


def cluster_row(cluster: dict[str, Any]) -> dict[str, Any]:
    """Return one cluster as a flat row (CSV, Parquet, tables); evidence is its first report's."""
    first = cluster["events"][0] if cluster.get("events") else {}
    row = flat_row({**cluster, "event_id": cluster["cluster_id"], "evidence": first.get("evidence") or []})
    low, high = cluster.get("fatalities_range") or (None, None)
    row.update(cluster_id=cluster["cluster_id"], fatalities_min=low, fatalities_max=high,
               mentions=cluster["mentions"], documents=cluster["documents"],
               outlets="; ".join(cluster["outlets"]),
               first_seen=cluster.get("first_seen"), last_seen=cluster.get("last_seen"),
               event_ids="; ".join(e["event_id"] for e in cluster.get("events") or []))
    return {k: row.get(k) for k in CLUSTER_COLUMNS}


def _export_clusters(clusters: list[dict[str, Any]], fmt: str, output: str | None) -> int:
    if fmt == "jsonl":
        return _write_text(output, lambda out: _lines(clusters, out))
    rows = [cluster_row(c) for c in clusters]
    if fmt == "csv":
        def write(out: IO[str]) -> int:
            writer = csv.DictWriter(out, fieldnames=CLUSTER_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
            return len(rows)
        return _write_text(output, write)
    if fmt == "geojson":
        features = [{"type": "Feature", "id": r["cluster_id"],
                     "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                     "properties": {k: v for k, v in r.items() if k not in ("lat", "lon", "evidence")}}
                    for r in rows if r["lat"] is not None]
        data = {"type": "FeatureCollection", "features": features}
        _write_text(output, lambda out: out.write(json.dumps(data, ensure_ascii=False) + "\n"))
        return len(features)
    _parquet_rows(rows, Path(output or "clusters.parquet"), CLUSTER_COLUMNS)
    return len(rows)


def _parquet_rows(rows: list[dict[str, Any]], path: Path, names: tuple[str, ...]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    floats = ("lat", "lon", "goldstein", "confidence")
    ints = ("quad_class", "fatalities", "injured", "fatalities_min", "fatalities_max", "mentions",
            "documents")
    schema = pa.schema([(n, pa.float64() if n in floats else pa.int64() if n in ints else pa.string())
                        for n in names])
    pq.write_table(pa.table({n: [r[n] for r in rows] for n in names}, schema=schema), path)


def cluster_table(clusters: Iterable[dict[str, Any]], width: int = 160) -> str:
    """Return clusters as an aligned text table: one line per real event with its report counts."""
    rows = []
    for c in clusters:
        r = cluster_row(c)
        killed = "" if r["fatalities"] is None else str(r["fatalities"])
        if r["fatalities_min"] is not None and r["fatalities_min"] != r["fatalities_max"]:
            killed += f" ({r['fatalities_min']}-{r['fatalities_max']})"
        kind = (r["plover_type"] or "") + (f"/{r['plover_mode']}" if r["plover_mode"] else "")
        rows.append([r["date"] or "", kind, r["actors"][:24], r["recipients"][:24],
                     f"{r['place'] or ''}{', ' + r['country'] if r['country'] else ''}"[:24], killed,
                     str(r["mentions"]), str(len(c["outlets"])), r["cluster_id"]])
    head = ["date", "type", "actor", "recipient", "place", "killed", "reports", "outlets", "cluster"]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(head)]
    buf = io.StringIO()
    for row in [head, *rows]:
        buf.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()[:width] + "\n")
    return buf.getvalue()


def _jsonl(store: Store, out: IO[str]) -> int:
    n = 0
    for doc in store.documents():
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_text(output: str | None, write) -> int:  # noqa: ANN001 - callable(out) -> int
    if output and output != "-":
        with open(output, "w", encoding="utf-8", newline="") as fh:
            return write(fh)
    import sys

    return write(sys.stdout)


def _parquet(events: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [flat_row(ev) for ev in events]
    columns = {name: [r[name] for r in rows] for name in FLAT_COLUMNS}
    schema = pa.schema([(name, pa.float64() if name in ("lat", "lon", "goldstein", "confidence") else
                         pa.int64() if name in ("quad_class", "fatalities", "injured") else pa.string())
                        for name in FLAT_COLUMNS])
    pq.write_table(pa.table(columns, schema=schema), path)


def table(events: Iterable[dict[str, Any]], width: int = 160) -> str:
    """Return events as an aligned text table for a terminal."""
    rows = []
    for ev in events:
        r = flat_row(ev)
        rows.append([r["date"] or "", (r["plover_type"] or "") + (f"/{r['plover_mode']}" if r["plover_mode"] else ""),
                     r["cameo_code"], r["actors"][:28], r["recipients"][:28],
                     f"{r['place'] or ''}{', ' + r['country'] if r['country'] else ''}"[:26],
                     "" if r["fatalities"] is None else str(r["fatalities"]), r["modality"]])
    head = ["date", "type", "cameo", "actor", "recipient", "place", "killed", "modality"]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(head)]
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]  # no line breaks inside a cell
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(head)]
    buf = io.StringIO()
    for row in [head, *rows]:
        buf.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()[:width] + "\n")
    return buf.getvalue()
