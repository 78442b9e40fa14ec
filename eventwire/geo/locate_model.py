"""A linear model over the syntactic relation of each sentence place to the trigger (event location).

The rules of locate.py give the relation (tier, path, preposition, ...); the weights, fitted by
`scripts/eval_places.py fit-location` on the even records of event_location_dev.jsonl (scores are
reported on the odd ones), choose one of the places or none: "none" is an option with its own score,
so a place is chosen when it beats both the others and none. Besides the
resolved places, the candidates include the sentence's names that locative words make places but
that the gazetteer lacks (villages, roads, squares: unlisted_places).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from eventwire.geo.backoff import FOCUS_FEATURE
from eventwire.geo.centres import haversine_km
from eventwire.geo.locate import (
    GUESSED_FEATURES,
    LOCATIVE_PREPS,
    PRECISION_RANK,
    UNLISTED_FEATURE,
    Description,
    describe,
    linked_among,
    sentence_places,
    trigger_mood,
    trigger_tally,
)
from eventwire.geo.unlisted import UNLISTED_SITE_WORDS, UNLISTED_WATER_WORDS, unlisted_names
from eventwire.models import Place
from eventwire.senses import figurative_sense

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

WEIGHTS_PATH = Path(__file__).parent / "data" / "location_weights.json"
PREPS = ("in", "near", "at", "on", "over", "into", "outside", "around", "across", "from", "by", "to")
DEPS = ("pobj", "dobj", "nsubjpass", "conj", "appos", "compound", "nsubj", "npadvmod")
FEATURES = (
    "bias",
    "tier_locative",
    "tier_object",
    "tier_governor",
    "tier_sentence",
    "unlinked",
    "not_anchored",
    "actor",
    "steps",
    "gap",
    "before",
    "modifier",
    "rule_first",
    "share",
    "inner",
    "outer",
    "at_focus",
    "unlisted",
    "surface_locative",
    "surface_other",
    "in_subject",
    "holds_part",
    "reference",
    "clausal",
    "trigger_perfect",
    "trigger_modal",
    "trigger_negated",
    "trigger_tally",
    "trigger_figurative",
    "background",
    "of_person",
    "owns_place",
    "fronted",
    *(f"precision_{p}" for p in PRECISION_RANK),
    *(f"prep_{p}" for p in PREPS),
    "prep_other",
    "prep_none",
    *(f"dep_{d}" for d in DEPS),
    "dep_other",
)
STEPS_SCALE, GAP_SCALE = 10.0, 20.0  # keep the two distances near 0..1
# A site or town this close to a town named in the same sentence lies in it ("a market in Baghdad").
NESTED_KM = 25.0


def contains(outer: Place, inner: Place) -> bool:
    """Return True when `outer` is an area (or a city) that holds the finer place `inner`.

    A name the gazetteer lacks (placed at the document's focus) is taken as a small place of its
    country: a village or a neighbourhood far more often than a province.
    """
    if outer.feature in GUESSED_FEATURES:
        return False
    if inner.feature in GUESSED_FEATURES:
        return inner.country is not None and inner.country == outer.country
    if PRECISION_RANK.get(outer.precision, 0) <= PRECISION_RANK.get(inner.precision, 0):
        return False
    if outer.precision == "country":
        return outer.country is not None and inner.country == outer.country
    if outer.precision == "admin1":
        return outer.admin1 is not None and inner.admin1 == outer.admin1
    if outer.precision == "admin2":
        return outer.admin2 is not None and inner.admin2 == outer.admin2
    return haversine_km(outer.lat, outer.lon, inner.lat, inner.lon) <= NESTED_KM


def features(
    d: Description,
    place: Place,
    rule_first: bool,
    n_places: int,
    nesting: tuple[bool, bool] = (False, False),
    mood: tuple[bool, ...] = (False, False, False, False, False),
) -> np.ndarray:
    """Return the feature vector of one sentence place (FEATURES order); `nesting` says whether
    another place of the sentence holds it and whether it holds another, `mood` is the trigger's
    (locate.trigger_mood, locate.trigger_tally, senses.figurative_sense)."""
    precision = place.precision
    tier = d.linked.tier if d.linked is not None else None
    row = [
        1.0,
        *(float(tier == t) for t in range(4)),
        float(tier is None),
        float(not d.anchored),
        float(d.actor),
        min(d.steps, 20) / STEPS_SCALE,
        min(d.gap, 40) / GAP_SCALE,
        float(d.before),
        float(d.modifier),
        float(rule_first),
        1.0 / max(n_places, 1),
        float(nesting[0]),
        float(nesting[1]),
        float(place.feature == FOCUS_FEATURE),
        float(place.feature == UNLISTED_FEATURE),
        float(d.surface_prep in LOCATIVE_PREPS),
        float(bool(d.surface_prep) and d.surface_prep not in LOCATIVE_PREPS),
        float(d.in_subject),
        float(d.holds_part),
        float(d.reference),
        float(d.clausal),
        *(float(m) for m in mood),
        float(d.background),
        float(d.of_person),
        float(d.owns_place),
        float(d.fronted),
        *(float(precision == p) for p in PRECISION_RANK),
        *(float(d.prep == p) for p in PREPS),
        float(bool(d.prep) and d.prep not in PREPS),
        float(not d.prep),
        *(float(d.dep == dep) for dep in DEPS),
        float(d.dep not in DEPS),
    ]
    return np.array(row)


# Looks a name up in the gazetteer without context: (name, major_only) -> Place or None; with major_only
# only a capital, a province's seat, a country, a province or a city of MAJOR_POPULATION people.
NameLookup = Callable[[str, bool], "Place | None"]


def unlisted_places(
    trigger: Token, places: Sequence[Place], area: Place | None = None, lookup: NameLookup | None = None
) -> list[Place]:
    """Return a Place for each name of the trigger's sentence that locative words make a place
    ("the village of X", "X Road") but that no resolved place covers.

    The gazetteer lacks most villages, roads and squares; such a name takes the point, country and
    admin areas of the nearest place the text names (the containing place, as a rule: "X in Y", "X
    near Y", "Y's X district"), has no GeoNames id, feature UNLISTED, and the precision of what it
    names (site for a road or a square, else city). When the text names no place at all it takes
    `area` (the country of the text's nationality words: "the Syrian Army's positions along the
    Jandoul Road") with that area's precision, the point being no finer. In a text naming no place,
    `lookup` first tries the gazetteer: the name may be a known place the recogniser missed ("in
    Abuja's International Conference Centre"), or begin with a major one ("the Maputo International
    Conference Center", "Baghdad al-Jadida"), whose point it takes. Without any, it is left out.
    """
    out = []
    for name in unlisted_names(trigger.sent):
        start, end = name.start_char, name.end_char
        overlapping = [
            p for p in places if p.start is not None and p.start < end and start < (p.end or p.start)
        ]
        if any(p.start < start or (p.end or p.start) > end for p in overlapping) or (
            overlapping and (overlapping[0].start, overlapping[0].end) == (start, end)
        ):
            continue  # a resolved place covers the name (or part of it and more)
        # "Tal Al-'Eiss" where only "Tal" resolved: the longer name is the place, at the part's point
        container = overlapping[0] if overlapping else _nearest(places, start, trigger.sent)
        if container is None and lookup is not None:
            known = lookup(name.text, False)
            if known is not None:
                out.append(replace(known, text=name.text, start=start, end=end))
                continue
            prefixes = (name[:k].text for k in range(len(name) - 1, 0, -1))  # "Maputo International ..."
            container = next((c for text in prefixes if (c := lookup(text, True)) is not None), None)
        if container is None and area is None:
            continue
        last = name[-1].lower_  # a road or a square is a site; a river or a sea spans a region
        precision = (
            "site" if last in UNLISTED_SITE_WORDS else "admin1" if last in UNLISTED_WATER_WORDS else "city"
        )
        if container is None:
            container, precision = area, area.precision
        out.append(
            replace(
                container,
                text=name.text,
                name=name.text,
                precision=precision,
                geonames_id=None,
                feature=UNLISTED_FEATURE,
                start=start,
                end=end,
            )
        )
    return out


def _nearest(places: Sequence[Place], at: int, sent: Span) -> Place | None:
    """Return the place nearest to character `at`, one of the same sentence first."""
    placed = [p for p in places if p.start is not None]
    if not placed:
        return None
    return min(placed, key=lambda p: (not (sent.start_char <= p.start < sent.end_char), abs(p.start - at)))


def _covers(outer: Place, inner: Place) -> bool:
    """Return True when `inner`'s text lies inside `outer`'s ("Tal" in "Tal Al-'Eiss")."""
    return (
        outer.start is not None
        and inner.start is not None
        and (outer.start <= inner.start and (inner.end or inner.start) <= (outer.end or outer.start))
    )


def candidate_matrix(
    trigger: Token, places: Sequence[Place], area: Place | None = None, lookup: NameLookup | None = None
) -> tuple[list[Place], np.ndarray]:
    """Return the sentence's places (and its unlisted names, see unlisted_places, which `area` and
    `lookup` place when the text names no place) and their rows."""
    unlisted = unlisted_places(trigger, places, area, lookup)
    covered = [p for p in places if any(_covers(u, p) for u in unlisted)]
    found = sentence_places(trigger, [*(p for p in places if p not in covered), *unlisted])
    first = linked_among(trigger, found)[:1]
    places_found = [p for p, _ in found]
    mood = (*trigger_mood(trigger), trigger_tally(trigger), figurative_sense(trigger) is not None)
    rows = [
        features(
            describe(trigger, span, place, found),
            place,
            place in first,
            len(found),
            (
                any(contains(o, place) for o in places_found if o is not place),
                any(contains(place, o) for o in places_found if o is not place),
            ),
            mood,
        )
        for place, span in found
    ]
    return [p for p, _ in found], np.array(rows).reshape(len(rows), len(FEATURES))


def none_row(n_candidates: int) -> np.ndarray:
    """Return the features of "no sentence place is the event's place" (NONE_FEATURES order): the
    more places a sentence names, the likelier one of them is the event's."""
    return np.array([1.0, math.log(max(n_candidates, 1))])


NONE_FEATURES = ("bias", "log_places")


class LocationModel:
    """A choice among the sentence's places and "none" (a conditional logit): each place scores
    `weights . features`, none scores `none_weights . none_row`; the highest score wins."""

    def __init__(self, weights: np.ndarray, none_weights: np.ndarray) -> None:
        self.weights, self.none_weights = weights, none_weights

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> LocationModel | None:
        """Return the model in `path`, or None when it has not been fitted."""
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            np.array([float(data["weights"].get(f, 0.0)) for f in FEATURES]),
            np.array([float(data.get("none", {}).get(f, 0.0)) for f in NONE_FEATURES]),
        )

    def choose(
        self,
        trigger: Token,
        places: Sequence[Place],
        area: Place | None = None,
        lookup: NameLookup | None = None,
    ) -> tuple[Place | None, float]:
        """Return the best sentence place (None when "none" scores higher) and the probability of
        the choice made; `area`, `lookup`: see unlisted_places."""
        found, matrix = candidate_matrix(trigger, places, area, lookup)
        if not found:
            return None, 1.0
        scores = np.concatenate([[none_row(len(found)) @ self.none_weights], matrix @ self.weights])
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        best = int(np.argmax(scores))
        return (found[best - 1] if best else None), float(probabilities[best])


def fit_choice(
    rows: Sequence[tuple[np.ndarray, np.ndarray]], l2: float, iterations: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    """Fit a LocationModel's weights by penalised maximum likelihood (Newton's method; the loss is
    convex). `rows`: per record, its candidates' feature matrix and labels (1 = the gold place;
    no 1: "none" is right, including when the gold place is none of the candidates)."""
    width = len(FEATURES) + len(NONE_FEATURES)
    options = []
    for matrix, labels in rows:
        if not len(matrix):
            continue  # nothing to choose: the record teaches nothing
        design = np.zeros((len(matrix) + 1, width))
        design[0, len(FEATURES) :] = none_row(len(matrix))
        design[1:, : len(FEATURES)] = matrix
        positive = np.flatnonzero(labels)
        options.append((design, 1 + int(positive[0]) if len(positive) else 0))
    theta = np.zeros(width)

    def loss(t: np.ndarray) -> float:
        total = l2 * float(t @ t) / 2
        for design, target in options:
            scores = design @ t
            top = scores.max()
            total += top + math.log(float(np.exp(scores - top).sum())) - scores[target]
        return total

    current = loss(theta)
    for _ in range(iterations):
        gradient, hessian = l2 * theta, l2 * np.eye(width)
        for design, target in options:
            scores = design @ theta
            p = np.exp(scores - scores.max())
            p /= p.sum()
            residual = p.copy()
            residual[target] -= 1
            gradient += design.T @ residual
            weighted = design * p[:, None]
            hessian += design.T @ weighted - np.outer(weighted.sum(0), weighted.sum(0))
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while scale > 1e-4 and (new := loss(theta - scale * step)) > current:
            scale /= 2
        if scale <= 1e-4:
            break
        theta, improvement, current = theta - scale * step, current - new, new
        if improvement < 1e-7 * max(abs(current), 1.0):
            break
    return theta[: len(FEATURES)], theta[len(FEATURES) :]
