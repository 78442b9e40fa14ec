"""One event per real event in a document: merge the mentions that report the same event.

The most specific mentions (date, place, weapon, actors) found events; the others join the event
they agree with best, or found a new one when none is compatible. Two mentions are incompatible
when their type, modality, weapon family, day, place or actor countries disagree, or when the later
one is marked as a further event ("Moments later, ...").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geo.centres import haversine_km
from .mentions import COMMUNICATION_TYPES, Mention

# Two places further apart than this are two events (a city's size; Baghdad to Balad is ~70 km).
SAME_PLACE_KM = 40.0
# Statements by one actor in sentences this close are one communication ("X warned ...", then the quote).
COMMUNICATION_WINDOW = 2
PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}


@dataclass
class Group:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def founder(self) -> Mention:
        return self.mentions[0]

    def first_sentence(self) -> int:
        return min(m.sent_index for m in self.mentions)

    def location(self):  # noqa: ANN201 - Place | None
        places = [m.location for m in self.mentions if m.location is not None]
        return min(places, key=lambda p: PRECISION_RANK.get(p.precision, 5)) if places else None

    def date(self) -> str | None:
        return next((m.date for m in self.mentions if m.date), None)

    def weapons(self) -> set[str]:
        return set().union(*(m.weapons for m in self.mentions))

    def countries(self, role: str) -> set[str]:
        return {a.country for m in self.mentions for a in getattr(m, role) if a.country}


def km(a, b) -> float:  # noqa: ANN001 - Places
    """Return the great-circle distance between two places in km."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _places_agree(a, b) -> bool | None:  # noqa: ANN001
    """True (same place), False (different places) or None (cannot tell)."""
    if a is None or b is None:
        return None
    if a.country and b.country and a.country != b.country:
        return False
    if "country" in (a.precision, b.precision) or "admin1" in (a.precision, b.precision):
        return None
    return km(a, b) <= SAME_PLACE_KM


def _communication(m: Mention, g: Group) -> bool:
    f = g.founder
    if m.plover.type not in COMMUNICATION_TYPES or f.plover.type not in COMMUNICATION_TYPES:
        return False
    same_actor = {a.name or a.code for a in m.actors} & {a.name or a.code for a in f.actors}
    return bool(same_actor) and abs(m.sent_index - f.sent_index) <= COMMUNICATION_WINDOW


def _contrasted(m: Mention, g: Group, previous: dict[int, int | None]) -> bool:
    """True when a 'Moments later'/'another' mention meets the event of the sentence it contrasts with."""
    if m.new_event and any(x.sent_index == previous[id(m)] for x in g.mentions):
        return True
    return any(x.new_event and previous[id(x)] == m.sent_index for x in g.mentions)


def score(m: Mention, g: Group, previous: dict[int, int | None]) -> int | None:
    """Return how well mention m agrees with event g, or None when they cannot be one event."""
    f = g.founder
    if m.plover.type != f.plover.type and not _communication(m, g):
        return None
    if m.modality != f.modality and {m.modality, f.modality} != {"asserted", "claimed"}:
        return None
    if _contrasted(m, g, previous):
        return None
    if m.weapons and g.weapons() and not m.weapons & g.weapons():
        return None
    modes = {x.weapon_mode for x in g.mentions if x.weapon_mode}
    if m.weapon_mode and modes and m.weapon_mode not in modes:
        return None
    gdate = g.date()
    if m.date and gdate and m.date != gdate:
        return None
    places = _places_agree(m.location, g.location())
    if places is False:
        return None
    actors, gactors = {a.country for a in m.actors if a.country}, g.countries("actors")
    if actors and gactors and not actors & gactors:
        return None
    points = 2 * bool(places) + 2 * bool(m.date and m.date == gdate) + len(actors & gactors)
    points += len({r.country for r in m.recipients if r.country} & g.countries("recipients"))
    points += len(m.weapons & g.weapons()) + bool(m.target_words & set().union(*(x.target_words for x in g.mentions)))
    points += int(m.trigger.lemma_ == f.trigger.lemma_) + int(_communication(m, g)) * 2
    return points


def _previous_sentences(mentions: list[Mention]) -> dict[int, int | None]:
    """Return, per mention, the nearest earlier sentence holding a mention of the same type."""
    out: dict[int, int | None] = {}
    for m in mentions:
        earlier = [x.sent_index for x in mentions if x.plover.type == m.plover.type and x.sent_index < m.sent_index]
        out[id(m)] = max(earlier) if earlier else None
    return out


def _depth(m: Mention) -> int:
    depth, tok = 0, m.trigger
    while tok.head != tok and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def _anaphoric(m: Mention) -> bool:
    """True for a definite reference back to an event ("the attacks", "this strike", "the killing")."""
    return m.rule.pos == "N" and any(c.lower_ in ("the", "this", "these", "that", "those", "its", "their")
                                     for c in m.trigger.children if c.dep_ in ("det", "poss"))


def merge_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Return mentions grouped into events, each group's founder first, groups in text order."""
    order = sorted(range(len(mentions)), key=lambda i: (-mentions[i].specificity, i))
    previous = _previous_sentences(mentions)
    groups: list[Group] = []
    for i in order:
        m = mentions[i]
        scored = [(s, g) for g in groups if (s := score(m, g, previous)) is not None]
        if not scored:
            groups.append(Group([m]))
            continue
        best = max(s for s, _ in scored)
        if best < 1 and not _anaphoric(m):
            groups.append(Group([m]))  # nothing in common but the type: two events ("planes circled"; "surveillance was redirected")
            continue
        target = next(g for s, g in scored if s == best)
        target.mentions.append(m)
    # in text order; within a sentence the main clause's event first (the trigger nearest the root)
    groups.sort(key=lambda g: (g.first_sentence(), _depth(g.founder), g.founder.trigger.i))
    return [g.mentions for g in groups]
