"""Document-context features of candidates: what the other place mentions of a document say."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from eventwire.geo.centres import EARTH_RADIUS_KM
from eventwire.geo.gazetteer import Candidate

if TYPE_CHECKING:
    from eventwire.geo.resolve import Mention

NEAR_KM = 200.0  # "near" another place of the document: a day's drive, a region's span
ANY_NEAR_KM = 50.0  # a namesake is "beside" another mention's candidate: same town or county
ANY_TOP = 15  # candidates of the other mentions considered for coherence (most populous first)
DATELINE_NEAR_KM = 100.0
_PAIR_GAP = re.compile(r"^\s*(,|,?\s*in(\s+the)?|\(|,\s*the)\s*$", re.IGNORECASE)


class PickTable:
    """The document's provisional picks as arrays, for vectorised context features."""

    def __init__(self, mentions: Sequence[Mention], picks: Sequence[Candidate | None]) -> None:
        kept = [(m.key, p) for m, p in zip(mentions, picks, strict=True) if p is not None]
        self.keys = np.array([k for k, _ in kept], dtype=object)
        self.lat = np.radians([p.lat for _, p in kept])
        self.lon = np.radians([p.lon for _, p in kept])
        self.country = np.array([p.country or "" for _, p in kept], dtype=object)
        self.a1 = np.array([p.a1 or 0 for _, p in kept])
        self.a2 = np.array([p.a2 or 0 for _, p in kept])
        self.is_country = np.array([p.precision == "country" for _, p in kept], dtype=bool)

    def context(self, m: Mention) -> np.ndarray:
        """Return ctx_country, ctx_admin1, ctx_contains, ctx_near, ctx_closeness for m's candidates."""
        mask = self.keys != m.key  # repeated mentions of the same name are not evidence for it
        n = int(mask.sum())
        if n == 0:
            return np.zeros((len(m.candidates), 5))
        country, a1, a2 = self.country[mask], self.a1[mask], self.a2[mask]
        cands = m.candidates
        c_country = np.array([c.country or "-" for c in cands], dtype=object)
        c_a1 = np.array([c.a1 or -1 for c in cands])
        same_country = (c_country[:, None] == country[None, :])
        same_a1 = (c_a1[:, None] == a1[None, :])
        contains = np.array([_contains_row(c, country, a1, a2, self.is_country[mask]) for c in cands])
        dist = distance_matrix(np.radians([c.lat for c in cands]), np.radians([c.lon for c in cands]),
                                self.lat[mask], self.lon[mask])
        closeness = np.clip(1 - np.log10(1 + dist.min(axis=1)) / 4, 0, 1)
        return np.column_stack([same_country.mean(1), same_a1.mean(1), contains.mean(1),
                                (dist < NEAR_KM).mean(1), closeness])


def _contains_row(c: Candidate, country: np.ndarray, a1: np.ndarray, a2: np.ndarray,
                  is_country: np.ndarray) -> np.ndarray:
    """Return, per other pick, whether area candidate `c` contains it."""
    if c.precision == "country" and c.feature != "CONT":
        return (country == c.country) & ~is_country
    if c.precision == "admin1":
        return a1 == c.pid
    if c.precision == "admin2":
        return a2 == c.pid
    return np.zeros(len(country), dtype=bool)


def distance_matrix(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Return great-circle distances (km) between every point of set 1 and set 2 (radians)."""
    dlat = lat2[None, :] - lat1[:, None]
    dlon = lon2[None, :] - lon1[:, None]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat1)[:, None] * np.cos(lat2)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def pairs_of(mentions: Sequence[Mention], text: str) -> dict[int, int]:
    """Return child -> parent mention indexes for "X, Y", "X in Y" and "X (Y)" patterns."""
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    pairs = {}
    for a, b in zip(order, order[1:], strict=False):
        gap = text[mentions[a].end:mentions[b].start] if text else ""
        if mentions[a].end <= mentions[b].start and _PAIR_GAP.match(gap):
            pairs[a] = b
    return pairs


def _inside(child: Candidate, parent: Candidate) -> bool:
    """Return True when `parent` is an area that contains `child`."""
    if parent.pid == child.pid or parent.precision not in ("country", "admin1", "admin2"):
        return False
    if parent.precision == "country":
        return parent.feature != "CONT" and parent.country == child.country
    return parent.pid in (child.a1, child.a2)


def pair_features(i: int, m: Mention, mentions: Sequence[Mention], pairs: dict[int, int]) -> np.ndarray:
    """Return pair_in_parent and pair_contains_child for mention i's candidates."""
    out = np.zeros((len(m.candidates), 2))
    if i in pairs:
        parents = mentions[pairs[i]].candidates
        out[:, 0] = [any(_inside(c, p) for p in parents) for c in m.candidates]
    for child, parent in pairs.items():
        if parent == i:
            kids = mentions[child].candidates
            out[:, 1] = np.maximum(out[:, 1], [any(_inside(k, c) for k in kids) for c in m.candidates])
    return out


def dateline_features(cands: Sequence[Candidate], dateline: Candidate | None) -> np.ndarray:
    """Return dateline_country, dateline_admin1, dateline_near for candidates."""
    if dateline is None:
        return np.zeros((len(cands), 3))
    dist = distance_matrix(np.radians([c.lat for c in cands]), np.radians([c.lon for c in cands]),
                            np.radians([dateline.lat]), np.radians([dateline.lon]))[:, 0]
    return np.column_stack([[c.country == dateline.country for c in cands],
                            [c.a1 is not None and c.a1 == dateline.a1 for c in cands],
                            dist < DATELINE_NEAR_KM]).astype(float)


class AnyTable:
    """Every distinct other mention's leading candidates, for coherence without committing to a pick."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        groups: dict[str, tuple[Candidate, ...]] = {}
        for m in mentions:
            if m.candidates and m.key not in groups:
                groups[m.key] = m.candidates[:ANY_TOP]
        self.keys = list(groups)
        flat = [c for k in self.keys for c in groups[k]]
        self.starts = np.cumsum([0] + [len(groups[k]) for k in self.keys])[:-1]
        self.country = np.array([c.country or "" for c in flat], dtype=object)
        self.a1 = np.array([c.a1 or 0 for c in flat])
        self.lat = np.radians([c.lat for c in flat])
        self.lon = np.radians([c.lon for c in flat])

    def context(self, m: Mention) -> np.ndarray:
        """Return any_country, any_admin1, any_near: shares of other mentions with a fitting candidate."""
        others = [g for g, k in enumerate(self.keys) if k != m.key]
        if not others:
            return np.zeros((len(m.candidates), 3))
        cands = m.candidates
        c_country = np.array([c.country or "-" for c in cands], dtype=object)
        c_a1 = np.array([c.a1 or -1 for c in cands])
        near = distance_matrix(np.radians([c.lat for c in cands]), np.radians([c.lon for c in cands]),
                               self.lat, self.lon) < ANY_NEAR_KM
        out = []
        for matrix in (c_country[:, None] == self.country[None, :], c_a1[:, None] == self.a1[None, :], near):
            per_group = np.maximum.reduceat(matrix, self.starts, axis=1)[:, others]
            out.append(per_group.mean(axis=1))
        return np.column_stack(out)
