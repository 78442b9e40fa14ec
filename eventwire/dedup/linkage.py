"""Group events into real events: average-linkage clustering under cannot-link constraints.

The result depends only on the set of events, never on the order they arrived in: events are put in
their canonical order (publication time, then ids) first, and ties are broken by that order. Two
groups merge when the average score over all their cross pairs reaches `SAME_EVENT` and no pair
among them is impossible (two events of one document, dates or places that cannot match). Average
linkage keeps a vague report ("violence in Baghdad on Saturday") from chaining two different
attacks together, which single linkage would do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .features import EventFeatures
from .score import BELOW_LINK, DATE_SLACK_DAYS, SAME_EVENT, WIDE_DAYS, impossible, pair_score

PairScore = Callable[[EventFeatures, EventFeatures], float | None]
# Groups of at most this many events are merged in plain Python (_merge_small), larger ones with arrays.
SMALL = 12


def score_matrix(events: Sequence[EventFeatures], score: PairScore = pair_score) -> np.ndarray:
    """Return the symmetric matrix of pair scores; NaN where the pair cannot be one event."""
    n = len(events)
    m = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(i + 1, n):
            s = score(events[i], events[j])
            if s is not None:
                m[i, j] = m[j, i] = s
    return m


def link_matrix(events: Sequence[EventFeatures], links: dict[tuple[str, str], float]) -> np.ndarray:
    """Return the matrix link_score(links) gives, computed with arrays (one connected group holds one type
    family and modality group, so only documents and dates need checking for impossible pairs)."""
    n = len(events)
    lo = np.array([f.earliest for f in events], dtype=float)
    hi = np.array([f.day_hi for f in events], dtype=float)
    docs = np.array([f.doc_id for f in events])
    m = np.full((n, n), BELOW_LINK)
    gap = np.maximum.outer(lo, lo) - np.minimum.outer(hi, hi)
    m[(gap > DATE_SLACK_DAYS) | (docs[:, None] == docs[None, :])] = np.nan
    vague = [i for i, f in enumerate(events) if f.day_hi - f.day_lo + 1 > WIDE_DAYS]
    for i in vague:  # rare: check the whole rule
        for j in range(n):
            if i != j and impossible(events[i], events[j]):
                m[i, j] = m[j, i] = np.nan
    index = {f.event_id: i for i, f in enumerate(events)}
    for (a, b), s in links.items():
        if a in index and b in index:
            m[index[a], index[b]] = m[index[b], index[a]] = s
    return m


def average_linkage(
    events: Sequence[EventFeatures],
    threshold: float = SAME_EVENT,
    score: PairScore = pair_score,
    links: dict[tuple[str, str], float] | None = None,
) -> list[list[EventFeatures]]:
    """Return the events grouped into real events, each group and the list in canonical order.

    Pair scores come from `score`, or, when `links` is given, from the stored links (link_score).
    """
    ordered = sorted(events, key=lambda f: f.sort_key)
    n = len(ordered)
    if n <= 1:
        return [list(ordered)] if ordered else []
    if n == 2:  # the common case, without arrays
        a, b = ordered
        key = (a.event_id, b.event_id) if a.event_id < b.event_id else (b.event_id, a.event_id)
        s = links.get(key) if links is not None else score(a, b)  # no link: below the bar
        return [[a, b]] if s is not None and s >= threshold else [[a], [b]]
    scores = link_matrix(ordered, links) if links is not None else score_matrix(ordered, score)
    merged = _merge_small(scores, threshold) if n <= SMALL else _merge(scores, threshold)
    return [[ordered[k] for k in g] for g in merged]


def _merge(scores: np.ndarray, threshold: float) -> list[list[int]]:
    """Return the groups (row numbers, each group and the list in order) average linkage makes of the
    score matrix (NaN: the pair can never be in one group)."""
    n = len(scores)
    forbidden = np.isnan(scores)
    np.fill_diagonal(forbidden, False)
    sums = np.nan_to_num(scores, nan=0.0)
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members: list[list[int]] = [[i] for i in range(n)]
    while True:
        avg = sums / np.outer(sizes, sizes)
        mask = np.triu(np.outer(alive, alive), 1) & ~forbidden
        if not mask.any():
            break
        candidates = np.where(mask, avg, -np.inf)
        best = int(np.argmax(candidates))  # first maximum in canonical order: deterministic ties
        i, j = divmod(best, n)
        if candidates[i, j] < threshold:
            break
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        forbidden[i, :] |= forbidden[j, :]
        forbidden[:, i] |= forbidden[:, j]
        forbidden[i, i] = False
        sizes[i] += sizes[j]
        alive[j] = False
        members[i].extend(members[j])
        members[j] = []
    return sorted((sorted(ms) for ms in members if ms), key=lambda g: g[0])


def _merge_small(scores: np.ndarray, threshold: float) -> list[list[int]]:
    """_merge in plain Python (the same floating-point operations in the same order, so the same
    groups): for a handful of events, array calls cost more than the arithmetic."""
    n = len(scores)
    rows = scores.tolist()
    forbidden = [[v != v and i != j for j, v in enumerate(row)] for i, row in enumerate(rows)]  # NaN
    sums = [[0.0 if v != v else v for v in row] for row in rows]
    sizes = [1.0] * n
    members: list[list[int]] = [[i] for i in range(n)]
    alive = list(range(n))
    while True:
        best: tuple[float, int, int] | None = None
        for x, i in enumerate(alive):
            for j in alive[x + 1 :]:
                if not forbidden[i][j]:
                    avg = sums[i][j] / (sizes[i] * sizes[j])
                    if best is None or avg > best[0]:  # first maximum in canonical order
                        best = (avg, i, j)
        if best is None or best[0] < threshold:
            break
        _, i, j = best
        for k in range(n):
            sums[i][k] += sums[j][k]
        for k in range(n):
            sums[k][i] += sums[k][j]
            forbidden[i][k] = forbidden[i][k] or forbidden[j][k]
        for k in range(n):
            forbidden[k][i] = forbidden[k][i] or forbidden[k][j]
        forbidden[i][i] = False
        sizes[i] += sizes[j]
        alive.remove(j)
        members[i].extend(members[j])
        members[j] = []
    return sorted((sorted(ms) for ms in members if ms), key=lambda g: g[0])


def link_score(links: dict[tuple[str, str], float]) -> PairScore:
    """Return a pair score read from stored links: the link's score, BELOW_LINK for a possible pair
    without a link, None for an impossible pair (what the store clusters with: no text is compared)."""

    def score(a: EventFeatures, b: EventFeatures) -> float | None:
        key = (a.event_id, b.event_id) if a.event_id < b.event_id else (b.event_id, a.event_id)
        if key in links:
            return links[key]
        return None if impossible(a, b) else BELOW_LINK

    return score


def components(edges: dict[str, set[str]], start: set[str]) -> list[set[str]]:
    """Return the connected components of the graph `edges` that contain the `start` nodes."""
    seen: set[str] = set()
    out = []
    for node in sorted(start):
        if node in seen:
            continue
        comp, stack = set(), [node]
        while stack:
            x = stack.pop()
            if x in comp:
                continue
            comp.add(x)
            stack.extend(edges.get(x, ()))
        seen |= comp
        out.append(comp)
    return out
