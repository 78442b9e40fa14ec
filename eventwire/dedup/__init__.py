"""Dedup stage: one real event, one record.

- Near-duplicate documents (a wire story republished with other boilerplate, headline or trimming)
  are recognised at ingest by a MinHash fingerprint of the clean text (`fingerprint.py`); the copy
  reuses the original's events, remapped onto its own text, and is not parsed (`copies.py`).
- Events from different documents that report the same real event are linked into one cluster by a
  scored comparison (`features.py`, `score.py`) and average-linkage clustering (`linkage.py`).
- The store keeps clusters up to date as each document is stored, in the same transaction
  (`index.py`), and `record.py` builds the contract's Cluster record.

`cluster_events(features)` is the whole grouping on events held in memory; the store runs the same
function on the connected group of events each new document touches, so the clusters are the same
whatever order the documents arrive in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .features import EventFeatures, document_features
from .linkage import average_linkage, components
from .score import SAME_EVENT, pair_score

__all__ = ["EventFeatures", "cluster_events", "cluster_id_for", "document_features", "linked"]


def cluster_id_for(founder_event_id: str) -> str:
    """Return the cluster id a cluster founded by this event gets (its earliest report's event)."""
    return "c" + hashlib.sha1(founder_event_id.encode()).hexdigest()[:15]


def linked(a: EventFeatures, b: EventFeatures) -> float | None:
    """Return the pair's score when it is high enough to put them in one connected group, else None."""
    s = pair_score(a, b)
    return s if s is not None and s >= SAME_EVENT else None


def cluster_events(features: Iterable[EventFeatures]) -> list[list[EventFeatures]]:
    """Return events grouped into real events (each group in canonical order, founder first)."""
    items = {f.event_id: f for f in features}
    ordered = sorted(items.values(), key=lambda f: f.sort_key)
    edges: dict[str, set[str]] = {}
    links: dict[tuple[str, str], float] = {}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            s = linked(a, b)
            if s is not None:
                edges.setdefault(a.event_id, set()).add(b.event_id)
                edges.setdefault(b.event_id, set()).add(a.event_id)
                links[(a.event_id, b.event_id) if a.event_id < b.event_id else (b.event_id, a.event_id)] = s
    groups: list[list[EventFeatures]] = []
    for comp in components(edges, set(items)):
        groups.extend(average_linkage([items[e] for e in comp], links=links))
    groups.sort(key=lambda g: g[0].sort_key)
    return groups
