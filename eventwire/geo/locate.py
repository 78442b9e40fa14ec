"""Event location: the place a trigger's sentence syntactically ties to the event.

The place attached to the trigger (or to its object) through a locative preposition wins ("hit in
Baghdad", "strike near Baghdad airport", "attack on Balad base"); then a place that is the trigger's
object ("shelled Aleppo"); then a locative place elsewhere in the clause. Subjects are actors, not
locations ("Israel captured ..."), and a place that only modifies a noun ("U.S. embassy") is skipped.
A place the text says the event was *near* is the event's place, with that place's own precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.models import Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

LOCATIVE_PREPS = frozenset({
    "in", "near", "at", "on", "outside", "around", "over", "across", "into", "inside", "within",
    "throughout", "along", "off", "onto", "towards", "toward", "through", "between", "beside",
    "nearby", "outside of", "upon", "against",
})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
# Nouns a place name may modify and still be the place ("Kayamla village", "the city of Nablus").
PLACE_NOUNS = frozenset({
    "city", "town", "village", "province", "region", "area", "district", "state", "county",
    "governorate", "neighbourhood", "neighborhood", "suburb", "capital", "camp", "border", "outskirts",
    "part", "parts", "centre", "center", "north", "south", "east", "west", "port", "island", "enclave",
    "countryside", "outskirts", "suburbs", "lga", "municipality", "neighbourhood", "quarter", "valley",
})
# Tiers, best first: locative link to the trigger or its arguments; the trigger's object; a
# locative link to a verb the trigger hangs from; any other locative place in the sentence.
TIER_LOCATIVE, TIER_OBJECT, TIER_GOVERNOR, TIER_SENTENCE = range(4)
MAX_PATH = 8  # dependency steps; a longer path only counts as a sentence-level locative
PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}  # ties: most precise


@dataclass(frozen=True)
class _Link:
    tier: int
    steps: int
    precision: int
    gap: int


def event_location(trigger: Token, places: Sequence[Place], *, fallback: Place | None = None) -> Place | None:
    """Return the place syntactically linked to `trigger` within its sentence, else `fallback`."""
    linked = linked_places(trigger, places)
    return linked[0] if linked else fallback


def linked_places(trigger: Token, places: Sequence[Place]) -> list[Place]:
    """Return the places of the trigger's sentence linked to it, best first ("in Baghdad and on Balad")."""
    sent = trigger.sent
    ranked: list[tuple[_Link, Place]] = []
    for place in places:
        if place.start is None or not (sent.start_char <= place.start < sent.end_char):
            continue
        span = trigger.doc.char_span(place.start, place.end or place.start, alignment_mode="expand")
        link = _link(trigger, span, place) if span is not None and len(span) else None
        if link is not None:
            ranked.append((link, place))
    ranked.sort(key=lambda pair: (pair[0].tier, pair[0].steps, pair[0].precision, pair[0].gap))
    return [place for _link_, place in ranked]


def _anchor(span: Span) -> tuple[Token | None, int]:
    """Return the token that carries the place in the tree and extra steps (a possessive is weaker),
    or (None, 0) when the name only describes a thing ("U.S. embassy", "Iraqi troops")."""
    token, extra = span.root, 0
    while token.dep_ in MODIFIER_DEPS and token.head not in span and token.head != token:
        head = token.head
        if token.dep_ == "poss":
            extra += 1  # "Mogadishu's Wadajir district": the district is more precise
        elif head.lemma_.lower() not in PLACE_NOUNS:
            return None, 0
        token = head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in PLACE_NOUNS:
        token = token.head.head  # "the city of Nablus" is where "city" is
    return token, extra


def _is_actor(anchor: Token) -> bool:
    """Return True for a subject or a passive agent ("Israel captured", "shot by the U.S.")."""
    if anchor.dep_ in SUBJECT_DEPS:
        return True
    return anchor.dep_ == "pobj" and anchor.head.dep_ == "agent"


def _link(trigger: Token, span: Span, place: Place) -> _Link | None:
    """Return how the place span hangs from the trigger, or None if it does not."""
    anchor, extra = _anchor(span)
    if anchor is None or trigger in span or _is_actor(anchor):
        return None
    up = [anchor, *anchor.ancestors]
    trigger_line = [trigger, *trigger.ancestors]
    common = next((t for t in up if t in trigger_line), None)
    if common is None:
        return None
    path = up[:up.index(common)]
    steps = len(path) + trigger_line.index(common) + extra
    rank = PRECISION_RANK.get(place.precision, len(PRECISION_RANK))
    gap = abs(anchor.i - trigger.i)
    tier = _tier(path, common == trigger)
    return None if tier is None else _Link(tier, steps, rank, gap)


def _tier(path: Sequence[Token], under_trigger: bool) -> int | None:
    """Return the tier of a dependency path from the place up to the trigger (or a shared governor)."""
    locative = _locative(path)
    if _clause_between(path) or len(path) > MAX_PATH:
        return TIER_SENTENCE if locative else None
    if under_trigger and locative:
        return TIER_LOCATIVE
    if under_trigger and path and path[-1].dep_ in OBJECT_DEPS | {"conj", "appos"}:
        return TIER_OBJECT
    return TIER_GOVERNOR if locative else None


def _locative(path: Sequence[Token]) -> bool:
    """Return True when the path from the place goes up through a locative preposition first
    ("of" is skipped: "the streets of Cairo" is where "streets" is)."""
    for token in path:
        if token.dep_ in ("prep", "agent") or token.pos_ == "ADP":
            if token.lower_ == "of":
                continue
            return token.lower_ in LOCATIVE_PREPS
    return False


def _clause_between(path: Sequence[Token]) -> bool:
    """Return True when another verb stands between the place and the trigger (a relative clause)."""
    return any(t.pos_ in ("VERB", "AUX") for t in path[1:])
