"""One event per real event in a document: merge the mentions that report the same event.

The most specific mentions (date, place, weapon, actors) found events; the others join the event
they agree with best, or found a new one when none is compatible. Two mentions are incompatible
when their type, modality, weapon family, day, place or actor countries disagree, or when the later
one is marked as a further event ("Moments later, ...").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..geo.centres import haversine_km
from .mentions import CIRCUMSTANCE_PREPS, COMMUNICATION_TYPES, Mention

# Two places further apart than this are two events (a city's size; Baghdad to Balad is ~70 km).
SAME_PLACE_KM = 40.0
# Statements by one actor in sentences this close are one communication ("X warned ...", then the quote).
COMMUNICATION_WINDOW = 2
PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}
# How many sentences back "killed in the fighting" may look for the fighting it refers to.
REFERENCE_WINDOW = 3
DEFINITE = {"the", "this", "these", "that", "those"}
# Weapons that do not kill: an event of tear gas is not one that killed people.
NON_LETHAL_MODES = {"crowd-control"}


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

    def fatalities(self) -> set[int]:
        return {m.fatalities for m in self.mentions if m.fatalities is not None}


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
    if m.sent_index == f.sent_index:  # "prepared to meet to continue talks", not "condemned X and urged Y"
        return bool(same_actor) and (_purpose_of(m.trigger, f.trigger) or _purpose_of(f.trigger, m.trigger))
    return bool(same_actor) and abs(m.sent_index - f.sent_index) <= COMMUNICATION_WINDOW


def _purpose_of(inner: Token, outer: Token) -> bool:
    """True when `inner` hangs under `outer` through words without a subject of their own ("meet to
    continue talks"); a clause with its own subject ("after the rebels accused ...") or a coordinated
    verb ("condemned X and urged Y") tells another act."""
    token = inner
    for _ in range(6):
        if token.dep_ == "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            return False
        token = token.head
        if token == outer:
            return True
        if token.head == token:
            return False
    return False


def _contrasted(m: Mention, g: Group, previous: dict[int, int | None]) -> bool:
    """True when a 'Moments later'/'another' mention meets the event of the sentence it contrasts with."""
    if m.new_event and any(x.sent_index == previous[id(m)] for x in g.mentions):
        return True
    return any(x.new_event and previous[id(x)] == m.sent_index for x in g.mentions)


def score(m: Mention, g: Group, previous: dict[int, int | None]) -> int | None:
    """Return how well mention m agrees with event g, or None when they cannot be one event."""
    f = g.founder
    communication = _communication(m, g)
    if m.plover.type != f.plover.type and not communication:
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
    places = places or (m.location is None and (_names_place(m, g.location()) or _sentence_place(m, g)))
    actors, gactors = {a.country for a in m.actors if a.country}, g.countries("actors")
    if actors and gactors and not actors & gactors:
        return None
    # shared actor countries count unless both name their actors' kinds and none is shared ("the
    # government spokesman" and "the protesters" of one country are two actors)
    other_actors = _other_actors(m, g)
    shared = 0 if other_actors else len(actors & gactors)
    points = 2 * bool(places) + 2 * bool(m.date and m.date == gdate) + shared
    points += len({r.country for r in m.recipients if r.country} & g.countries("recipients"))
    points += len(m.weapons & g.weapons()) + bool(m.target_words & set().union(*(x.target_words for x in g.mentions)))
    points += int(m.trigger.lemma_ == f.trigger.lemma_) + int(communication) * 2
    return points - _discord(m, g, other_actors)


def _names_place(m: Mention, place) -> bool:  # noqa: ANN001 - Place | None
    """True when the mention's phrase names the event's place although it has none of its own ("condemned
    the attack on Ariha" after "shelled the town of Ariha": the place is the attack's target, not a venue)."""
    if place is None or not place.text or place.precision == "country":
        return False
    return any(t.text == place.text for t in m.trigger.subtree if t.pos_ == "PROPN")


def _sentence_place(m: Mention, g: Group) -> bool:
    """True when a mention without a place of its own shares its sentence with a mention of the event
    placed by a name of that sentence ("claimed the attack on Sunday near Djibo, saying it had killed
    23 soldiers": the killing is the attack's)."""
    if _after_another(m.trigger):
        return False
    return any(
        x.sent_index == m.sent_index
        and x.location is not None
        and x.location.precision != "country"
        and x.location.start is not None
        and x.sent.start_char <= x.location.start < x.sent.end_char
        for x in g.mentions
    )


# Words that set one event in time against another ("a week after a car bombing ... killed 18").
TIME_RELATIONS = {"after", "before", "since", "following", "until", "prior", "ahead"}


def _after_another(trigger: Token) -> bool:
    """True when the trigger's phrase is dated by another event ("... less than a week after a car
    bombing in the district"): it tells an earlier or a later event, not this one."""
    token = trigger
    for _ in range(4):
        if token.dep_ in ("prep", "mark") and token.lower_ in TIME_RELATIONS:
            return True
        if any(c.dep_ == "mark" and c.lower_ in TIME_RELATIONS for c in token.children):
            return True
        if token.head == token:
            return False
        token = token.head
    return False


def _other_actors(m: Mention, g: Group) -> bool:
    """True when both name their actors' kinds and none is shared ("the government spokesman called
    on ...", "the protesters called for ...")."""
    mine = [a for a in m.actors if a.sector]
    theirs = [a for x in g.mentions for a in x.actors if a.sector]
    return bool(mine and theirs) and not any(_may_be_one(a, b) for a in mine for b in theirs)


def _may_be_one(a, b) -> bool:  # noqa: ANN001 - Actors
    """True when two actors may be one: the same sector, and no two different countries."""
    return a.sector == b.sector and not (a.country and b.country and a.country != b.country)


def _discord(m: Mention, g: Group, other_actors: bool) -> int:
    """Return the points against one event: other actors, other explicit death tolls ("four killed" is
    not "14 killed"), or weapons that do not kill against deaths (tear gas fired, civilians killed)."""
    tolls = g.fatalities()
    against = 2 * other_actors
    against += int(m.fatalities is not None and bool(tolls) and m.fatalities not in tolls)
    deaths_without_weapon = (m.fatalities or 0) > 0 and any(_non_lethal(x) for x in g.mentions)
    if (_non_lethal(m) and any(tolls)) or deaths_without_weapon:
        against += 2
    return against


def _non_lethal(m: Mention) -> bool:
    """True for a mention of tear gas, rubber bullets or water cannon."""
    return m.plover.mode in NON_LETHAL_MODES or m.weapon_mode in NON_LETHAL_MODES


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


def _referred_nouns(m: Mention) -> list[Token]:
    """Return the definite event nouns that set the mention's event in one told before ("were killed in
    the fighting", "died during the clashes")."""
    out = []
    for trigger in (m.trigger, *m.extra_triggers):
        for prep in trigger.children:
            if prep.dep_ == "prep" and prep.lower_ in CIRCUMSTANCE_PREPS:
                out += [n for n in prep.children if n.dep_ == "pobj" and n.pos_ == "NOUN"
                        and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in n.children)]
    return out


def _referents(mentions: list[Mention]) -> dict[int, int]:
    """Return {mention index: index of the earlier mention its definite event noun refers to}: "at least
    four civilians were killed in the fighting" belongs to the fighting reported just before, whatever
    else the sentence shares with other events."""
    out = {}
    for i, m in enumerate(mentions):
        words = {w for n in _referred_nouns(m) for w in (n.lemma_.lower(), n.lower_)}
        if not words:
            continue
        earlier = [j for j, x in enumerate(mentions)
                   if m.sent_index - REFERENCE_WINDOW <= x.sent_index < m.sent_index
                   and x.plover.type == m.plover.type and _names_event(x, words)]
        if earlier:
            out[i] = max(earlier, key=lambda j: (mentions[j].sent_index, mentions[j].trigger.i))
    return out


def _names_event(m: Mention, words: set[str]) -> bool:
    """True when one of the mention's triggers is one of these words ("fighting", "clash")."""
    return any(t.lemma_.lower() in words or t.lower_ in words for t in (m.trigger, *m.extra_triggers))


def merge_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Return mentions grouped into events, each group's founder first, groups in text order.

    A mention that refers to an earlier one's event ("killed in the fighting") is placed right after
    that mention, in its event when they can be one.
    """
    order = sorted(range(len(mentions)), key=lambda i: (-mentions[i].specificity, i))
    previous = _previous_sentences(mentions)
    referents = _referents(mentions)  # each refers to a mention of an earlier sentence: no cycles
    waiting: dict[int, list[int]] = {}  # referent → the mentions placed as soon as it is
    for i in order:
        if i in referents:
            waiting.setdefault(referents[i], []).append(i)
    queue = [i for i in order if i not in referents]
    placed: dict[int, Group] = {}
    groups: list[Group] = []
    while queue:
        i = queue.pop(0)
        m = mentions[i]
        home = placed.get(referents.get(i, -1))
        if home is not None and score(m, home, previous) is not None:
            home.mentions.append(m)
            placed[i] = home
        else:
            placed[i] = _place(m, groups, previous)
        queue[0:0] = waiting.pop(i, [])
    # in text order; within a sentence the main clause's event first (the trigger nearest the root)
    groups.sort(key=lambda g: (g.first_sentence(), _depth(g.founder), g.founder.trigger.i))
    return [g.mentions for g in groups]


def _place(m: Mention, groups: list[Group], previous: dict[int, int | None]) -> Group:
    """Add the mention to the event it agrees with best, or to a new one; return that event."""
    scored = [(s, g) for g in groups if (s := score(m, g, previous)) is not None]
    best = max((s for s, _ in scored), default=None)
    # nothing in common but the type: two events ("planes circled"; "surveillance was redirected")
    if best is None or best < 0 or (best < 1 and not _anaphoric(m)):
        groups.append(Group([m]))
        return groups[-1]
    target = next(g for s, g in scored if s == best)
    target.mentions.append(m)
    return target
