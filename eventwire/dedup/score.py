"""How alike two events from different reports are: one score, or None when they cannot be one event.

Hard limits first (different type family or modality, days too far apart for the dates' precision,
different countries, two events of one document). Then a weighted sum of agreements: the evidence
text (informative words in common), the day, the place (within a distance that depends on each
place's precision), casualty figures (reports grow, so only a large gap counts against), actors and
the exact PLOVER type and mode.

The weights were set by hand on what each signal is worth, then adjusted on tests/data/dedup (see
docs/dedup.md): the text decides between look-alikes, because a second attack in the same city on
the same day agrees on everything else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ..geo.centres import haversine_km
from .features import MODALITY_GROUP, EventFeatures, PlaceKey, cosine

# Two days within this many days of each other (after each date's own uncertainty) can be one
# event: "late Thursday" and "overnight" straddle midnight, time zones shift a day.
DATE_SLACK_DAYS = 1
# Agreement of two dates by the days between them (0, then 1): a day apart happens (midnight, time
# zones, a report dated by the day officials spoke).
DAY_GAP_AGREEMENT = (1.0, 0.5)
# A date interval wider than this (a month) says little; such an event only meets events in its own
# country. Wider than MAX_LINK_DAYS (a year): the event is left on its own.
WIDE_DAYS = 10
MAX_LINK_DAYS = 31
# Distance (km) within which two places of a precision can be the same place: a site, a city and its
# suburbs, a district, a province.
PLACE_RADIUS_KM = {"site": 15.0, "city": 40.0, "admin2": 100.0, "admin1": 300.0}
PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}
# How much agreeing places of a precision say: a city is specific, a province much less.
PLACE_SPECIFICITY = {"site": 1.0, "city": 1.0, "admin2": 0.6, "admin1": 0.35}
COUNTRY_ONLY = 0.2
# Weights of the agreements. W_TEXT (the scale), W_PLACE, PLACE_CONFLICT, TYPE_MISMATCH and
# MODE_MISMATCH are set by hand; W_NAMES, W_DATE, W_ACTORS, W_FATALITIES, W_TARGETS and SAME_EVENT
# were fitted by grid search on one half of tests/data/dedup (incidents split by look-alike group)
# and checked on the other (docs/dedup.md, "Measured"). What the fit says: the evidence text and
# the kind of target decide; names, actors and dates are shared by look-alikes (two attacks in one
# city the same week name the same city, governor, police and army) and weigh little.
W_TEXT = 1.0
W_NAMES = 0.2
W_TARGETS = 0.3
W_DATE = 0.1
W_PLACE = 0.1
W_FATALITIES = 0.1
W_ACTORS = 0.0
# Subtracted when the two events' places are all too far apart (other countries rule a pair out). Not
# a hard limit: the geocoder sometimes picks a wrong place in the right country (a dateline city).
PLACE_CONFLICT: float | None = 0.5
TYPE_MISMATCH = 0.3  # same family, different PLOVER type
MODE_MISMATCH = 0.05  # both give a mode (weapon), and they differ
# Average score at and above which two groups of reports are one real event.
SAME_EVENT = 0.15
# What a possible pair scoring below SAME_EVENT counts for in a group's average. Only pairs at or
# above SAME_EVENT are stored (as links); the others count as this much, half the bar, so a vague
# report joins a group when its links to the group's members outweigh its misses.
BELOW_LINK = SAME_EVENT / 2


@dataclass(frozen=True)
class Parts:
    """The pieces of a score, for explanations and tuning."""

    text: float
    names: float
    date: float
    place: float
    fatalities: float
    actors: float
    targets: float
    type: float

    @property
    def total(self) -> float:
        place = W_PLACE * self.place if self.place >= 0 else -(PLACE_CONFLICT or 0.0)
        return (
            W_TEXT * self.text
            + W_NAMES * self.names
            + W_DATE * self.date
            + place
            + W_FATALITIES * self.fatalities
            + W_ACTORS * self.actors
            + W_TARGETS * self.targets
            - self.type
        )


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km."""
    return haversine_km(lat1, lon1, lat2, lon2)


def date_agreement(a: EventFeatures, b: EventFeatures) -> float | None:
    """Return how well the dates agree (1 = same day), None when too far apart or unknown.

    Dates that meet only when a reporting day is read as the event's (features._earliest) agree as
    much as the vaguer dates they then are.
    """
    if a.day_lo is None or b.day_lo is None or a.day_hi is None or b.day_hi is None:
        return None
    stated = _agreement((a.day_lo, a.day_hi), (b.day_lo, b.day_hi))
    if stated is not None:
        return stated
    return _agreement((a.earliest or a.day_lo, a.day_hi), (b.earliest or b.day_lo, b.day_hi))


def _agreement(a: tuple[int, int], b: tuple[int, int]) -> float | None:
    gap = max(a[0], b[0]) - min(a[1], b[1])
    if gap > DATE_SLACK_DAYS:
        return None
    width = (a[1] - a[0] + 1) + (b[1] - b[0] + 1)
    return math.sqrt(2 / width) * DAY_GAP_AGREEMENT[max(gap, 0)]


def days(f: EventFeatures) -> int | None:
    """Return how many days the event's date leaves open (None when unknown)."""
    return None if f.day_lo is None or f.day_hi is None else f.day_hi - f.day_lo + 1


@lru_cache(maxsize=65536)
def _one_place(a: PlaceKey, b: PlaceKey) -> float | None:
    """Return how well two places agree (1 = same spot), None when they are different places."""
    (lat1, lon1, prec1, country1, admin1_1), (lat2, lon2, prec2, country2, admin1_2) = a, b
    if country1 and country2 and country1 != country2:
        return None
    coarser = max(prec1, prec2, key=lambda p: PRECISION_RANK.get(p, len(PRECISION_RANK)))
    if coarser not in PLACE_RADIUS_KM:
        return COUNTRY_ONLY  # same country, nothing finer known
    radius = PLACE_RADIUS_KM[coarser]
    distance = (
        0.0 if coarser == "admin1" and admin1_1 and admin1_1 == admin1_2 else km(lat1, lon1, lat2, lon2)
    )
    if distance > 2 * radius:
        return None
    if distance > radius:
        return 0.0
    return PLACE_SPECIFICITY[coarser] * (1.0 - 0.5 * distance / radius)


def place_agreement(a: EventFeatures, b: EventFeatures) -> float:
    """Return how well the places agree: the best agreement between any place of one event (its own
    place or one named in its evidence) and any of the other; 0 when unknown; -1 when all differ.

    Reading every place of the evidence, not only the one chosen as the event's place, makes the
    comparison robust to a wrongly chosen place (a dateline city, a place in an actor's name).
    """
    if not a.places or not b.places:
        return 0.0
    best: float | None = None
    for p in a.places:
        for q in b.places:
            s = _one_place(p, q)
            if s is not None and (best is None or s > best):
                best = s
    return -1.0 if best is None else best


def fatality_agreement(a: EventFeatures, b: EventFeatures) -> float:
    """Return +1 for close casualty figures, -1 for far ones (tolls grow: 12, then 18, is close), else 0."""
    x, y = a.fatalities, b.fatalities
    if x is None or y is None:
        return 0.0
    low, high = sorted((x, y))
    if high == 0:
        return 0.5
    if low == 0:
        return -1.0 if high >= 3 else 0.0
    ratio = high / low
    return 1.0 if ratio <= 1.6 else 0.0 if ratio <= 2.5 else -1.0


def actor_agreement(a: EventFeatures, b: EventFeatures) -> float:
    """Return +1 when the reports name a common actor, -0.5 when their actors' countries are disjoint."""
    if set(a.actors) & set(b.actors):
        return 1.0
    if a.countries and b.countries and not set(a.countries) & set(b.countries):
        return -0.5
    return 0.0


def target_agreement(a: EventFeatures, b: EventFeatures) -> float:
    """Return +1 when the reports name a common kind of target, -1 when both name kinds and none is
    common (a market and an army patrol), else 0."""
    if not a.targets or not b.targets:
        return 0.0
    return 1.0 if set(a.targets) & set(b.targets) else -1.0


def impossible(a: EventFeatures, b: EventFeatures) -> bool:
    """True when the two can never be in one cluster: one document, other type family or modality, dates
    too far apart (or too vague), a vague date and no common country."""
    return _date_if_possible(a, b, countries=False) is None


def _date_if_possible(a: EventFeatures, b: EventFeatures, countries: bool = True) -> float | None:
    """Return the date agreement of a pair that may be linked, else None (see impossible). With
    `countries`, a pair whose places are all in different countries is not linked either (it may still
    join one cluster through others: a report's only place can be a wrongly resolved one)."""
    if a.doc_id == b.doc_id or a.family is None or a.family != b.family:
        return None
    if a.modality != b.modality and MODALITY_GROUP.get(a.modality) != MODALITY_GROUP.get(b.modality):
        return None
    width_a, width_b = days(a), days(b)
    if width_a is None or width_b is None or max(width_a, width_b) > MAX_LINK_DAYS:
        return None
    shared = bool(set(a.countries) & set(b.countries))
    if max(width_a, width_b) > WIDE_DAYS and not shared:
        return None
    if countries and a.countries and b.countries and not shared:
        return None  # every place of one is in another country than every place of the other
    return date_agreement(a, b)


def compare(a: EventFeatures, b: EventFeatures) -> Parts | None:
    """Return the parts of the pair's score, or None when the two cannot be the same real event."""
    date = _date_if_possible(a, b)
    if date is None:
        return None
    place = place_agreement(a, b)
    if place < 0 and PLACE_CONFLICT is None:
        return None
    type_penalty = 0.0 if a.type == b.type else TYPE_MISMATCH
    if a.mode and b.mode and a.mode != b.mode:
        type_penalty += MODE_MISMATCH
    return Parts(
        text=cosine(a.words, b.words),
        names=cosine(a.names, b.names),
        date=date,
        place=place,
        fatalities=fatality_agreement(a, b),
        actors=actor_agreement(a, b),
        targets=target_agreement(a, b),
        type=type_penalty,
    )


def pair_score(a: EventFeatures, b: EventFeatures) -> float | None:
    """Return the pair's score (symmetric), or None when the two cannot be the same real event."""
    if b.event_id < a.event_id:  # the same float whichever way round
        a, b = b, a
    parts = compare(a, b)
    return None if parts is None else round(parts.total, 6)
