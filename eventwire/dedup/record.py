"""The contract's Cluster record: the consensus of a real event's reports.

Type, date, place, actors and modality are what most reports say (the most precise date and place
win over vaguer ones); casualty figures are the latest report's (tolls grow as bodies are found and
the wounded die), with the range across reports beside them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "publication": 4}
PLACE_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}
MAX_ACTORS = 8


@dataclass(frozen=True)
class Member:
    """One member event with what the record needs from its document."""

    event: dict[str, Any]  # contract Event JSON
    doc_id: str
    outlet: str | None
    title: str | None
    published: str | None  # as the document gives it
    published_utc: str | None  # for ordering


def _most_common(values: list, tie_order: list) -> Any:
    """Return the most frequent value; ties go to the one that comes first in tie_order."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in tie_order if counts[v] == best)


def _consensus_date(events: list[dict[str, Any]]) -> tuple[str | None, str]:
    dated = [e for e in events if e.get("date")]
    if not dated:
        return None, "publication"
    finest = min(DATE_RANK.get(e.get("date_precision") or "publication", 5) for e in dated)
    best = [e for e in dated if DATE_RANK.get(e.get("date_precision") or "publication", 5) == finest]
    value = _most_common([e["date"] for e in best], [e["date"] for e in best])
    return value, best[0].get("date_precision") or "publication"


def _consensus_place(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    places = [e["location"] for e in events if e.get("location")]
    if not places:
        return None
    finest = min(PLACE_RANK.get(p.get("precision") or "country", 5) for p in places)
    best = [p for p in places if PLACE_RANK.get(p.get("precision") or "country", 5) == finest]
    keys = [(p.get("name"), p.get("country")) for p in best]
    key = _most_common(keys, keys)
    place = dict(next(p for p in best if (p.get("name"), p.get("country")) == key))
    place.pop("start", None)  # offsets belong to one document's text
    place.pop("end", None)
    return place


def _consensus_actors(
    events: list[dict[str, Any]], role: str, exclude: set[tuple] | None = None
) -> list[dict]:
    counts: Counter[tuple] = Counter()
    first: dict[tuple, dict] = {}
    for e in events:
        seen = set()
        for a in e.get(role) or []:
            key = (a.get("name") or (a.get("text") or "").lower(), a.get("country"), a.get("code"))
            if key in seen or (exclude and key in exclude):
                continue
            seen.add(key)
            counts[key] += 1
            first.setdefault(key, a)
    order = sorted(counts, key=lambda k: (-counts[k], list(first).index(k)))
    return [first[k] for k in order[:MAX_ACTORS]]


def _figure(members: list[Member], name: str) -> tuple[int | None, list[int] | None]:
    given = [(m.published_utc or "", m.event[name]) for m in members if m.event.get(name) is not None]
    if not given:
        return None, None
    latest = max(stamp for stamp, _ in given)
    value = max(v for stamp, v in given if stamp == latest)
    figures = [v for _, v in given]
    return value, [min(figures), max(figures)]


def cluster_record(cluster_id: str, members: list[Member]) -> dict[str, Any]:
    """Return the contract Cluster JSON of the members (given in canonical order, founder first)."""
    members = sorted(members, key=lambda m: (m.published_utc or "9999", m.doc_id, m.event["event_id"]))
    events = [m.event for m in members]
    types = [e["plover"].get("type") for e in events]
    ptype = _most_common(types, types)
    typed = [e for e in events if e["plover"].get("type") == ptype]
    modes = [e["plover"].get("mode") for e in typed if e["plover"].get("mode")]
    codes = [e["cameo"]["code"] for e in typed]
    code = _most_common(codes, codes)
    date, precision = _consensus_date(events)
    actors = _consensus_actors(events, "actors")
    actor_keys = {
        (a.get("name") or (a.get("text") or "").lower(), a.get("country"), a.get("code")) for a in actors
    }
    modalities = [e.get("modality") or "asserted" for e in events]
    fatalities, fatalities_range = _figure(members, "fatalities")
    injured, injured_range = _figure(members, "injured")
    stamps = [m for m in members if m.published]
    return {
        "cluster_id": cluster_id,
        "plover": {
            "type": ptype,
            "mode": _most_common(modes, modes) if modes else None,
            "context": sorted({c for e in typed for c in e["plover"].get("context") or []}),
        },
        "cameo": next(e["cameo"] for e in typed if e["cameo"]["code"] == code),
        "date": date,
        "date_precision": precision,
        "location": _consensus_place(events),
        "actors": actors,
        "recipients": _consensus_actors(events, "recipients", exclude=actor_keys),
        "modality": _most_common(modalities, ["asserted", *modalities]),
        "fatalities": fatalities,
        "fatalities_range": fatalities_range,
        "injured": injured,
        "injured_range": injured_range,
        "mentions": len(members),
        "documents": len({m.doc_id for m in members}),
        "outlets": sorted({m.outlet for m in members if m.outlet}),
        "first_seen": stamps[0].published if stamps else None,
        "last_seen": stamps[-1].published if stamps else None,
        "events": [
            {
                "event_id": m.event["event_id"],
                "doc_id": m.doc_id,
                "outlet": m.outlet,
                "title": m.title,
                "published": m.published,
                "date": m.event.get("date"),
                "fatalities": m.event.get("fatalities"),
                "evidence": m.event.get("evidence") or [],
            }
            for m in members
        ],
    }
