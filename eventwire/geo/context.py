"""Document-context features of candidates: what the other place mentions of a document say."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from eventwire.geo.centres import EARTH_RADIUS_KM
from eventwire.geo.gazetteer import Candidate

if TYPE_CHECKING:
    from eventwire.geo.outlets import OutletArea
    from eventwire.geo.resolve import Mention

NEAR_KM = 200.0  # "near" another place of the document: a day's drive, a region's span
ANY_NEAR_KM = 50.0  # a namesake is "beside" another mention's candidate: same town or county
ANY_TOP = 15  # candidates of the other mentions considered for coherence (most populous first)
DATELINE_NEAR_KM = 100.0
# Columns of a context block: 5 against the provisional picks, 4 against any leading candidate, 3 dateline,
# 1 the text's country cues (cues.py), 2 the outlet's area (outlets.py).
BLOCK_WIDTH = 15
_PAIR_GAP = re.compile(r"^\s*(,|,?\s*in(\s+the)?|\(|,\s*the)\s*$", re.IGNORECASE)


class DocumentContext:
    """Context features of every candidate of a document, computed at once (vectorised).

    For each candidate: the share of the other names' provisional picks in its country, in its ADM1,
    inside it, within NEAR_KM, and how close the nearest is (ctx_*); the share of other names having
    any leading candidate in its country, its ADM1, its ADM2, within ANY_NEAR_KM (any_*); its relation to
    the dateline place; the weight of the text's country cues for its country (`cues`, ISO
    alpha-3 -> 0..1); and the share of the outlet's other articles' places in its country and its
    ADM1 (`outlet`). Repeated mentions of the same name are never evidence for that name.
    """

    def __init__(
        self,
        mentions: Sequence[Mention],
        dateline: Candidate | None,
        cues: Mapping[str, float] | None = None,
        outlet: OutletArea | None = None,
    ) -> None:
        groups: dict[str, tuple[Candidate, ...]] = {}
        for m in mentions:
            if m.candidates:
                groups.setdefault(m.key, m.candidates)
        self.mentions = mentions
        self.keys = list(groups)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.codes: dict[str, int] = {}
        cands = [c for k in self.keys for c in groups[k]]
        self.key_of = np.repeat(np.arange(len(self.keys)), [len(groups[k]) for k in self.keys])
        self.offsets = np.concatenate([[0], np.cumsum([len(groups[k]) for k in self.keys])]).astype(int)
        self.c = _Arrays(cands, self.codes)
        self.t = _Arrays([c for k in self.keys for c in groups[k][:ANY_TOP]], self.codes)
        starts = np.concatenate([[0], np.cumsum([min(len(groups[k]), ANY_TOP) for k in self.keys])])[:-1]
        self.block = np.zeros((len(cands), BLOCK_WIDTH))
        if cands:  # what does not depend on the picks is computed once per document
            self.block[:, 5:9] = self._any_block(self.key_of, starts.astype(int))
            self.block[:, 9:12] = dateline_features(cands, dateline)
            self.block[:, 12] = [(cues or {}).get(c.country or "", 0.0) for c in cands]
            if outlet is not None:
                self.block[:, 13] = [outlet.country_share(c.country) for c in cands]
                self.block[:, 14] = [
                    outlet.admin1_share(c.country, c.admin1) if c.precision != "country" else 0.0
                    for c in cands
                ]

    def update(self, picks: Sequence[Candidate | None]) -> None:
        """Recompute the ctx_* columns against new provisional picks."""
        kept = [
            (self.index[m.key], p)
            for m, p in zip(self.mentions, picks, strict=True)
            if p is not None and m.key in self.index
        ]
        self.p = _Arrays([p for _, p in kept], self.codes)
        if len(self.block):
            self.block[:, :5] = self._pick_block(self.key_of, np.array([k for k, _ in kept], dtype=int))

    def for_key(self, key: str) -> np.ndarray:
        """Return the context rows of one name's candidates."""
        i = self.index[key]
        return self.block[self.offsets[i] : self.offsets[i + 1]]

    def _pick_block(self, key_of: np.ndarray, pick_key: np.ndarray) -> np.ndarray:
        c, p = self.c, self.p
        if len(pick_key) == 0:
            return np.zeros((len(key_of), 5))
        mask = key_of[:, None] != pick_key[None, :]
        count = np.maximum(mask.sum(axis=1), 1)
        same_country = (c.country[:, None] == p.country[None, :]) & (c.country[:, None] != 0)
        same_a1 = (c.a1[:, None] == p.a1[None, :]) & (c.a1[:, None] != 0)
        contains = (
            (c.is_country[:, None] & same_country & ~p.is_country[None, :])
            | (c.is_admin1[:, None] & (p.a1[None, :] == c.pid[:, None]))
            | (c.is_admin2[:, None] & (p.a2[None, :] == c.pid[:, None]))
        )
        dist = distance_matrix(c.lat, c.lon, p.lat, p.lon)
        nearest = np.where(mask, dist, np.inf).min(axis=1)
        closeness = np.where(np.isfinite(nearest), np.clip(1 - np.log10(1 + nearest) / 4, 0, 1), 0)
        shares = [((x & mask).sum(axis=1) / count) for x in (same_country, same_a1, contains, dist < NEAR_KM)]
        return np.column_stack([*shares, closeness])

    def _any_block(self, key_of: np.ndarray, starts: np.ndarray) -> np.ndarray:
        c, t = self.c, self.t
        others = key_of[:, None] != np.arange(len(self.keys))[None, :]
        count = np.maximum(others.sum(axis=1), 1)
        near = distance_matrix(c.lat, c.lon, t.lat, t.lon) < ANY_NEAR_KM
        out = []
        for match in (
            (c.country[:, None] == t.country[None, :]) & (c.country[:, None] != 0),
            (c.a1[:, None] == t.a1[None, :]) & (c.a1[:, None] != 0),
            (c.a2[:, None] == t.a2[None, :]) & (c.a2[:, None] != 0),  # "Richmond" beside "Madison County"
            near,
        ):
            per_name = np.maximum.reduceat(match, starts, axis=1) & others
            out.append(per_name.sum(axis=1) / count)
        return np.column_stack(out)


class _Arrays:
    """Columns of a list of candidates as numpy arrays (countries coded as small integers)."""

    def __init__(self, cands: Sequence[Candidate], codes: dict[str, int]) -> None:
        self.lat = np.radians(np.array([c.lat for c in cands], dtype=float))
        self.lon = np.radians(np.array([c.lon for c in cands], dtype=float))
        self.country = np.array(
            [codes.setdefault(c.country, len(codes) + 1) if c.country else 0 for c in cands], dtype=int
        )  # 0: no country (seas, regions)
        self.a1 = np.array([c.a1 or 0 for c in cands], dtype=np.int64)
        self.a2 = np.array([c.a2 or 0 for c in cands], dtype=np.int64)
        self.pid = np.array([c.pid for c in cands], dtype=np.int64)
        self.is_country = np.array(
            [c.precision == "country" and c.feature != "CONT" for c in cands], dtype=bool
        )
        self.is_admin1 = np.array([c.precision == "admin1" for c in cands], dtype=bool)
        self.is_admin2 = np.array([c.precision == "admin2" for c in cands], dtype=bool)


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
        gap = text[mentions[a].end : mentions[b].start] if text else ""
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
    dist = distance_matrix(
        np.radians([c.lat for c in cands]),
        np.radians([c.lon for c in cands]),
        np.radians([dateline.lat]),
        np.radians([dateline.lon]),
    )[:, 0]
    return np.column_stack(
        [
            [c.country == dateline.country for c in cands],
            [c.a1 is not None and c.a1 == dateline.a1 for c in cands],
            dist < DATELINE_NEAR_KM,
        ]
    ).astype(float)
