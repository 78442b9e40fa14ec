"""Toponym resolution: rank each mention's gazetteer candidates with fitted trees over features.

Features of a candidate: its population and kind of place, how its name matched, cue words next to
the mention, and the document around it (the other places' countries, ADM1s, ADM2s and distances,
"X, Y" / "X in Y" pairs, the dateline, the currency signs and phone formats of the text, where the
outlet's other stories are), each
context feature also relative to the best namesake. A hand-set linear prior picks provisional
places, then the trees (ranker.py) re-rank every mention (twice at most) against the others' picks.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from eventwire.geo.backoff import back_off
from eventwire.geo.context import BLOCK_WIDTH, DocumentContext, pair_features, pairs_of
from eventwire.geo.cues import text_countries
from eventwire.geo.gazetteer import DEMONYM_PREFIX, Candidate, Gazetteer
from eventwire.geo.names import (
    SKELETON_PREFIX,
    cue_precision,
    has_capital,
    name_key,
    skeleton_key,
    strip_accents,
)
from eventwire.geo.outlets import OutletArea
from eventwire.geo.ranker import OUTLET_RANKER_PATH, TreeRanker

PRECISIONS = ("country", "admin1", "admin2", "city", "site")
STATIC_FEATURES = (
    "bias",
    "logpop",
    "logpop_gap",
    "most_populous",
    "kind_primary",
    "kind_official",
    "kind_alternate",
    "kind_variant",
    "kind_abbreviation",
    "kind_skeleton",
    "exact_name",
    "capital",
    "continent",
    *(f"is_{p}" for p in PRECISIONS),
    "cue_match",
    "cue_mismatch",
    "namesake_inside",
    "namesake_outside",
    "logpop_city",
    "logpop_admin2",
    "logpop_admin1",
)
CONTEXT_FEATURES = (
    "ctx_country",
    "ctx_admin1",
    "ctx_contains",
    "ctx_near",
    "ctx_closeness",
    "any_country",
    "any_admin1",
    "any_admin2",
    "any_near",
    "pair_in_parent",
    "pair_contains_child",
    "dateline_country",
    "dateline_admin1",
    "dateline_near",
    "text_country",
    "outlet_country",
    "outlet_admin1",
)
# Context relative to the best namesake (value minus the mention's maximum, so 0 for the leader): a
# pointwise classifier otherwise cannot see that another namesake sits better in the document.
RELATIVE_SOURCES = (
    "ctx_country",
    "ctx_admin1",
    "ctx_near",
    "ctx_closeness",
    "any_country",
    "any_admin1",
    "any_near",
    "text_country",
    "outlet_country",
    "outlet_admin1",
)
RELATIVE_FEATURES = tuple(f"rel_{name}" for name in RELATIVE_SOURCES)
FEATURES = STATIC_FEATURES + CONTEXT_FEATURES + RELATIVE_FEATURES
_RELATIVE_COLUMNS = [FEATURES.index(name) for name in RELATIVE_SOURCES]
PAIR_COLUMNS = slice(FEATURES.index("pair_in_parent"), FEATURES.index("pair_contains_child") + 1)
# Hand-set prior for the provisional first pass (population, trusted names, bigger units first).
PRIOR_WEIGHTS = {
    "logpop": 4.0,
    "kind_primary": 1.0,
    "kind_official": 1.0,
    "kind_alternate": -2.0,
    "kind_abbreviation": 1.0,
    "is_country": 2.0,
    "is_admin1": 1.0,
    "cue_match": 2.0,
    "cue_mismatch": -1.0,
    "namesake_inside": 0.5,
}
# Cue precisions that override the ranker when a namesake of that kind exists ("Kirkuk province").
FORCING_CUES = frozenset({"admin1"})
CONTEXT_ROUNDS = 2  # re-rank once more against the first ranking's picks: +1 point on LGL fit half
LOG_POP_SCALE = 7.0  # log10 of a 10-million city; keeps the feature near 0..1
# A near-spelling (names.skeleton_key) is kept over the document's focus only when its score reaches
# this; on the fit half of LGL + TR-News, 1.0 beat 0 and -2 (which keep more guesses) by 0.5 points.
SKELETON_MIN_SCORE = 1.0
# A governor's title after a name makes it a state or province: "New York Gov. Andrew Cuomo",
# "Kandahar Governor". Capitalised only ("the Bank of Canada governor" is no province); a title, not
# a cue word of names.py, so recognition never grows a name over it.
GOVERNOR_TITLES = frozenset({"Gov", "Governor"})
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")
_CUE_BEFORE = re.compile(r"([A-Za-z]+)\s+of\s+(?:the\s+)?$")
_DIRECTION_WORDS = re.compile(
    r"^(northern|southern|eastern|western|central|north|south|east|west|"
    r"northeastern|northwestern|southeastern|southwestern|upper|lower|"
    r"greater|downtown|rural|suburban|metro)\s+",
    re.IGNORECASE,
)


@dataclass
class Mention:
    """A place name in a text, with the cue word beside it and its gazetteer candidates."""

    text: str
    start: int
    end: int
    key: str
    cue: str | None
    candidates: tuple[Candidate, ...]
    backoff: bool = False  # unknown name, placed at the document's focus instead


class Resolver:
    """Ranks candidates with fitted trees (ranker.TreeRanker over FEATURES)."""

    def __init__(
        self, gazetteer: Gazetteer, ranker: TreeRanker | None = None, outlet_ranker: TreeRanker | None = None
    ) -> None:
        self.gazetteer = gazetteer
        self._ranker = ranker
        self._outlet_ranker = outlet_ranker
        self.prior = np.array([PRIOR_WEIGHTS.get(name, 0.0) for name in STATIC_FEATURES])
        self._static = lru_cache(maxsize=100_000)(self._static_features)
        self._lookup = lru_cache(maxsize=100_000)(self._lookup_uncached)

    @property
    def ranker(self) -> TreeRanker:
        """The fitted trees, read from data/ranker.json on first use (fitting them needs no ranker)."""
        if self._ranker is None:
            self._ranker = TreeRanker.load(FEATURES)
        return self._ranker

    @ranker.setter
    def ranker(self, ranker: TreeRanker) -> None:
        self._ranker = ranker

    @property
    def outlet_ranker(self) -> TreeRanker:
        """The trees for documents whose outlet has an area (data/ranker_outlet.json): the only ones
        that read the outlet features, which are 0 in every other document."""
        if self._outlet_ranker is None:
            self._outlet_ranker = TreeRanker.load(FEATURES, OUTLET_RANKER_PATH)
        return self._outlet_ranker

    @outlet_ranker.setter
    def outlet_ranker(self, ranker: TreeRanker) -> None:
        self._outlet_ranker = ranker

    def mention(self, text: str, start: int, end: int, cue: str | None = None) -> Mention:
        """Return a Mention for `text`, trying shorter forms when the full name is unknown."""
        key, candidates = self._lookup(text)
        return Mention(text, start, end, key, cue, candidates)

    def _lookup_uncached(self, text: str) -> tuple[str, tuple[Candidate, ...]]:
        """Return the lookup key that finds `text` in the gazetteer and its candidates."""
        if not has_capital(text):  # "the bush": a common noun, not a name; the empty key finds nothing
            return "", ()
        country = self.gazetteer.demonym_candidates(text)
        if country:  # "Iraqi" given as a place (gold spans): the country; recognition never proposes it
            return DEMONYM_PREFIX + text, country
        forms = _forms(text)
        keys = itertools.chain((name_key(f) for f in forms), (skeleton_key(f) for f in forms))
        for key in keys:
            candidates = self.gazetteer.candidates(key) if key else ()
            if candidates:  # exact forms first, then the spelling-blind key
                return key, candidates
        return name_key(text), ()

    def _static_features(self, key: str, text: str, cue: str | None) -> np.ndarray:
        """Return the candidate-by-feature matrix of what does not depend on the document."""
        cands = self.gazetteer.candidates_for(key)
        logpop = np.array([math.log10(c.population + 1) / LOG_POP_SCALE for c in cands])
        top = logpop.max() if len(cands) else 0.0
        surface = strip_accents(text).lower()
        pids = {c.pid for c in cands}
        rows = []
        for c, lp in zip(cands, logpop, strict=True):
            inside = (
                c.precision in ("city", "site", "admin2")
                and (c.a1 in pids or c.a2 in pids)
                and c.pid not in (c.a1, c.a2)
            )
            outside = c.precision in ("admin1", "admin2") and any(
                o.a1 == c.pid or o.a2 == c.pid for o in cands if o.pid != c.pid
            )
            row = [
                1.0,
                lp,
                lp - top,
                float(lp == top),
                *(float(c.kind == k) for k in range(6)),
                float(strip_accents(c.name).lower() == surface),
                float(c.feature == "PPLC"),
                float(c.feature == "CONT"),
                *(float(c.precision == p) for p in PRECISIONS),
                float(cue is not None and cue == c.precision),
                float(cue is not None and cue != c.precision),
                float(inside),
                float(outside),
                lp * (c.precision == "city"),
                lp * (c.precision == "admin2"),
                lp * (c.precision == "admin1"),
            ]
            rows.append(row)
        return np.array(rows, dtype=float).reshape(len(cands), len(STATIC_FEATURES))

    def features(
        self,
        mentions: Sequence[Mention],
        text: str,
        dateline: Candidate | None,
        picks: Sequence[Candidate | None],
        context: DocumentContext | None = None,
        outlet: OutletArea | None = None,
    ) -> list[np.ndarray]:
        """Return, per mention, its candidate-by-FEATURES matrix given the others' provisional picks."""
        pairs = pairs_of(mentions, text)
        context = context or DocumentContext(mentions, dateline, self.cue_weights(text), outlet)
        context.update(picks)
        base: dict[tuple[str, str, str | None], np.ndarray] = {}
        paired = set(pairs) | set(pairs.values())
        out = []
        for i, m in enumerate(mentions):
            group = (m.key, m.text, m.cue)
            if group not in base:
                static = self._static(*group)
                ctx = context.for_key(m.key) if m.candidates else np.zeros((0, BLOCK_WIDTH))
                absolute = np.hstack([static, ctx[:, :9], np.zeros((len(static), 2)), ctx[:, 9:]])
                base[group] = np.hstack([absolute, _relative(absolute)])
            matrix = base[group]
            if i in paired and m.candidates:
                matrix = matrix.copy()
                matrix[:, PAIR_COLUMNS] = pair_features(i, m, mentions, pairs)
            out.append(matrix)
        return out

    def cue_weights(self, text: str) -> dict[str, float]:
        """Return each country's count of the text's country cues relative to the most cued one."""
        counts = text_countries(text)
        top = max(counts.values(), default=0)
        return {cc: n / top for cc, n in counts.items()}

    def provisional(self, mentions: Sequence[Mention]) -> list[Candidate | None]:
        """Return each mention's best candidate by the context-free prior (the first pass)."""
        return [
            m.candidates[int(np.argmax(self._static(m.key, m.text, m.cue) @ self.prior))]
            if m.candidates
            else None
            for m in mentions
        ]

    def resolve(
        self,
        mentions: Sequence[Mention],
        text: str = "",
        dateline: Candidate | None = None,
        hints: Sequence[Candidate] = (),
        outlet: OutletArea | None = None,
    ) -> list[Candidate | None]:
        """Return the best candidate of each mention (None when the gazetteer has none).

        `hints` (the countries of nationality words) only place names the gazetteer lacks, when
        nothing else in the document says where it is; `outlet` is where the outlet's other stories
        are (outlets.py).
        """
        picks = self.provisional(mentions)
        weak: list[bool] = []
        context = DocumentContext(mentions, dateline, self.cue_weights(text), outlet)
        for _round in range(CONTEXT_ROUNDS):
            scores = self.scores(self.features(mentions, text, dateline, picks, context), outlet is not None)
            chosen = [self._choose(m, x) for m, x in zip(mentions, scores, strict=True)]
            settled = [c for c, _weak in chosen] == picks  # same picks, same features: a round more is idle
            picks = [c for c, _weak in chosen]
            weak = [w for _c, w in chosen]
            if settled:
                break
        return back_off(
            self.gazetteer, mentions, picks, weak, ([dateline] if dateline else []) or list(hints)
        )

    def scores(self, matrices: Sequence[np.ndarray], outlet: bool = False) -> list[np.ndarray]:
        """Return each mention's candidate scores, all mentions of a document scored in one call
        (a name repeated without an "X, Y" pair shares one matrix, scored once); `outlet`: the
        document's outlet has an area (the outlet trees score it)."""
        unique = list({id(x): x for x in matrices}.values())
        if not unique:
            return []
        flat = (self.outlet_ranker if outlet else self.ranker).score(np.vstack(unique))
        parts = np.split(flat, np.cumsum([len(x) for x in unique])[:-1])
        by_id = {id(x): part for x, part in zip(unique, parts, strict=True)}
        return [by_id[id(x)] for x in matrices]

    def _choose(self, m: Mention, scores: np.ndarray) -> tuple[Candidate | None, bool]:
        """Return the best-scoring candidate and whether it is a weak guess (an unlikely near-spelling)."""
        if not m.candidates:
            return None, True
        if m.cue in FORCING_CUES and any(c.precision == m.cue for c in m.candidates):
            # "Kirkuk province", "the town of Jenin": the cue word says which namesake is meant
            scores = np.where([c.precision == m.cue for c in m.candidates], scores, -np.inf)
        best = int(np.argmax(scores))
        return m.candidates[best], m.key.startswith(SKELETON_PREFIX) and scores[best] < SKELETON_MIN_SCORE


def _relative(matrix: np.ndarray) -> np.ndarray:
    """Return the RELATIVE_FEATURES of a mention's candidates: each context value minus the best."""
    columns = matrix[:, _RELATIVE_COLUMNS]
    return columns - columns.max(axis=0) if len(columns) else columns


def cue_for(text: str, start: int, end: int) -> str | None:
    """Return the precision a cue word around a mention selects ("Kirkuk province", "city of X")."""
    words = text[start:end].split()
    if len(words) > 1 and cue_precision(words[-1]):
        return cue_precision(words[-1])
    after = _WORD_AFTER.match(text, end)
    if after and (cue_precision(after.group(1)) or after.group(1) in GOVERNOR_TITLES):
        return cue_precision(after.group(1)) or "admin1"
    before = _CUE_BEFORE.search(text[max(0, start - 40) : start])
    return cue_precision(before.group(1)) if before else None


def _forms(text: str) -> list[str]:
    """Return the forms of a surface name to look up, the full one first."""
    forms = [text]
    bare = re.sub(r"(’s|'s|’|')$", "", text.strip())
    bare = re.sub(r"^(the|The)\s+", "", bare)
    forms.append(bare)
    words = bare.split()
    if len(words) > 1 and cue_precision(words[-1]):
        forms.append(" ".join(words[:-1]))  # "Kirkuk province" -> "Kirkuk"
    undirected = _DIRECTION_WORDS.sub("", bare)
    if undirected != bare:
        forms.append(undirected)  # "northern Iraq" -> "Iraq"
    return forms
