"""Event location: the place a trigger's sentence syntactically ties to the event.

The place attached to the trigger (or to its object) through a locative preposition wins ("hit in
Baghdad", "strike near Baghdad airport", "attack on Balad base"); then a place that is the trigger's
object ("shelled Aleppo"); then a locative place elsewhere in the clause. Subjects are actors, not
locations ("Israel captured ..."), and a place that only modifies a noun ("U.S. embassy") is skipped.
A place the text says the event was *near* is the event's place, with that place's own precision.
A dateline's place ("AMMAN, April 16 (Meridian) - ") is where the reporter files from, never a
candidate here; the caller may fall back to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.geo.backoff import FOCUS_FEATURE
from eventwire.geo.datelines import dateline_end
from eventwire.geo.place_words import (
    DIRECTION_WORDS,
    DISTANCE_WORDS,
    FACILITY_NOUNS,
    LOCATIVE_PREPS,
    PART_NOUNS,
    PART_OF_PLACE_NOUNS,
    PLACE_NOUNS,
)
from eventwire.models import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
# Dependencies that open a clause: a place reached through one belongs to that clause's event.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis"})
# Tiers, best first: locative link to the trigger or its arguments; the trigger's object; a
# locative link to a verb the trigger hangs from; any other locative place in the sentence.
TIER_LOCATIVE, TIER_OBJECT, TIER_GOVERNOR, TIER_SENTENCE = range(4)
MAX_PATH = 8  # dependency steps; a longer path only counts as a sentence-level locative
SURFACE_WINDOW = 8  # words scanned back from a name for the preposition that opens its phrase
TIME_ENTITIES = frozenset({"DATE", "TIME"})
PRECISION_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}  # ties: most precise
# Feature code of a name the locative words make a place though the resolver placed nothing there
# ("the village of X", "X Square"): its point is the nearest place the text gives (see
# locate_model.unlisted_places). With the document's focus (backoff.py), the names placed where
# another place is: they name a town or a quarter whatever the precision of the point they borrow.
UNLISTED_FEATURE = "UNLISTED"
GUESSED_FEATURES = frozenset({FOCUS_FEATURE, UNLISTED_FEATURE})


@dataclass(frozen=True)
class _Link:
    tier: int
    steps: int
    precision: int
    gap: int
    holds_part: bool = False  # the sentence names a part of it ("the X district of Y": Y)


def event_location(trigger: Token, places: Sequence[Place], *, fallback: Place | None = None) -> Place | None:
    """Return the place syntactically linked to `trigger` within its sentence, else `fallback`."""
    linked = linked_places(trigger, places)
    return linked[0] if linked else fallback


def linked_places(trigger: Token, places: Sequence[Place]) -> list[Place]:
    """Return the places of the trigger's sentence linked to it, best first ("in Baghdad and on Balad")."""
    return linked_among(trigger, sentence_places(trigger, places))


def linked_among(trigger: Token, found: Sequence[tuple[Place, Span]]) -> list[Place]:
    """linked_places for the (place, span) pairs sentence_places gave."""
    ranked: list[tuple[_Link, Place]] = []
    for place, span in found:
        link = _link(trigger, span, place, found)
        if link is not None:
            ranked.append((link, place))
    ranked.sort(key=_order)
    return [place for _link_, place in ranked]


def _order(pair: tuple[_Link, Place]) -> tuple[int, int, bool, int, int]:
    """Sort key: tier, then the shortest path, then a place whose named part the sentence gives
    last, then the most precise place, then the nearest word. (Putting precision before path length
    scored lower on the even half of the dev set.)"""
    link = pair[0]
    return link.tier, link.steps, link.holds_part, link.precision, link.gap


def _anchor(span: Span, precision: str = "city") -> tuple[Token | None, int]:
    """Return the token that carries the place in the tree and extra steps (a possessive is weaker),
    or (None, 0) when the name only describes a thing ("U.S. embassy", "Iraqi troops")."""
    token, extra = span.root, 0
    while token.dep_ in MODIFIER_DEPS and token.head not in span and token.head != token:
        head = token.head
        # "his Moscow home" is in Moscow; "the U.S. embassy" is not in the United States
        if head.ent_type_ in TIME_ENTITIES:
            pass  # a misparse: "the city of Antwerp Friday" hangs the place on the date
        elif token.dep_ == "poss" or (_lemma(head) in FACILITY_NOUNS and precision != "country"):
            extra += 1  # "Mogadishu's Wadajir district", "his Moscow home": where the thing is
        elif _lemma(head) not in PLACE_NOUNS:
            return None, 0
        token = head
    if token.dep_ == "pobj" and token.head.text.lower() == "of" and _lemma(token.head.head) in PLACE_NOUNS:
        token = token.head.head  # "the city of Nablus" is where "city" is
    return token, extra


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _is_actor(anchor: Token) -> bool:
    """Return True for a subject or a passive agent ("Israel captured", "shot by the U.S.")."""
    if anchor.dep_ in SUBJECT_DEPS:
        return True
    return anchor.dep_ == "pobj" and anchor.head.dep_ == "agent"


@dataclass(frozen=True)
class Description:
    """How a place of the sentence relates to the trigger (the event-location model's raw input)."""

    linked: _Link | None
    anchored: bool  # False: the name only modifies a thing ("U.S. embassy")
    actor: bool
    steps: int
    gap: int
    before: bool
    modifier: bool
    prep: str  # first preposition above the place other than "of" ("" when none)
    dep: str
    surface_prep: str  # the preposition the words before the name start with ("" when none)
    in_subject: bool  # inside the phrase of an active subject ("Violence in Syria has killed ...")
    holds_part: bool  # named as what holds a part ("the Zafaraniyah district of Baghdad": Baghdad)
    reference: bool  # a point that another is measured from ("south of Grozny", "10 km from Paoua")
    clausal: bool  # reached through a clause the trigger governs or hangs from ("said ... in X")
    background: bool  # hangs from a war or a crisis, not the event ("killed in the war in Syria")
    of_person: bool  # says where a person is or works ("the group's leader in Mosul was killed")
    owns_place: bool  # owns a place it names no better ("Somalia's capital", "Hong Kong's streets")
    fronted: bool  # in a locative phrase that opens the sentence ("In Kabul, a suicide bomber killed ...")


def describe(
    trigger: Token, span: Span, place: Place, found: Sequence[tuple[Place, Span]] = ()
) -> Description:
    """Return the relation between a place span and the trigger, linked or not; `found`: the
    sentence's (place, span) pairs (sentence_places), which tell a part from what holds it."""
    anchor, extra = _anchor(span, place.precision)
    token = anchor if anchor is not None else span.root
    up = [token, *token.ancestors]
    trigger_line = [trigger, *trigger.ancestors]
    common = next((t for t in up if t in trigger_line), None)
    path = up[: up.index(common)] if common is not None else up
    trigger_side = trigger_line[: trigger_line.index(common)] if common is not None else trigger_line
    steps = len(path) + len(trigger_side)
    prep = next(
        (
            t.text.lower()
            for t in path
            if (t.dep_ in ("prep", "agent") or t.pos_ == "ADP") and t.text.lower() != "of"
        ),
        "",
    )
    return Description(
        _link(trigger, span, place, found),
        anchor is not None,
        _is_actor(token),
        steps,
        abs(token.i - trigger.i),
        token.i < trigger.i,
        extra > 0,
        prep,
        token.dep_,
        surface_preposition(span),
        any(t.dep_ in SUBJECT_DEPS for t in path[1:]),
        _holds_part(span, place, found),
        _reference_point(span),
        any(t.dep_ in CLAUSE_DEPS for t in [*path, *trigger_side]),
        any(_lemma(t) in BACKGROUND_NOUNS for t in path[1:]),
        any(_lemma(t) in ROLE_NOUNS or t.ent_type_ == "PERSON" for t in path[1:] if t.pos_ in NOUN_TAGS),
        span.root.dep_ == "poss" and _lemma(span.root.head) in PLACE_NOUNS | PART_OF_PLACE_NOUNS,
        _fronted(span, trigger),
    )


FRONTED_WINDOW = 4  # words before the locative preposition that opens a sentence ("On Tuesday in Kabul")
FRONTED_PREPS = frozenset({"in", "at", "near", "inside", "outside"})


def _fronted(span: Span, trigger: Token) -> bool:
    """Return True for a place in a locative phrase that opens the sentence and that a comma closes
    before the trigger ("In Kabul, a suicide bomber killed 12 people", "On Tuesday in Nablus, troops
    shot ..."): the scene of all the sentence tells."""
    sent = span.sent
    if span.start - sent.start > FRONTED_WINDOW + 6 or trigger.i < span.end:
        return False
    opener = [t for t in sent.doc[sent.start : span.start] if t.lower_ in FRONTED_PREPS]
    if not opener or opener[0].i - sent.start > FRONTED_WINDOW:
        return False
    return any(t.text == "," for t in sent.doc[span.end : trigger.i])


def _reference_point(span: Span) -> bool:
    """Return True for a place named as the point another is measured from: "south of Grozny",
    "two kilometres away from Cali", "50 km from Paoua". The event is elsewhere, at a place the
    sentence rarely names; annotators mostly give such records no location."""
    doc = span.doc
    i = span.start - 1
    while i >= span.sent.start and doc[i].text.lower() in ("the", "a"):
        i -= 1
    if i <= span.sent.start:
        return False
    word, before = doc[i].text.lower(), doc[i - 1].text.lower()
    if word == "of":
        return before in DIRECTION_WORDS
    return word == "from" and (before in DISTANCE_WORDS or doc[i - 1].like_num)


def _holds_part(span: Span, place: Place | None = None, found: Sequence[tuple[Place, Span]] = ()) -> bool:
    """Return True for the place that holds a part the sentence names, where the event is: Y of "the
    X district of Y" ("the Zafaraniyah neighbourhood of Baghdad"). "The Kurdish district of Y" and
    "the eastern neighbourhoods of Y" name no part: Y is the district, or the place. When X is
    itself a place of `found` and the larger of the two, X holds the part and Y is it ("the Colombo
    suburb of Nugegoda", "the Baghdad neighbourhood of Zafaraniya"): a place the gazetteer lacks is
    the smaller, then the coarser precision (see _larger)."""
    root = span.root
    of = root.head
    if root.dep_ == "pobj" and of.lower_ == "of" and of.head != of and _lemma(of.head) in PART_NOUNS:
        modifiers = [c for c in of.head.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        return bool(modifiers) and not any(
            other is not place and place is not None and _larger(other, place)
            for other, other_span in found
            if any(m in other_span for m in modifiers)
        )
    modifier = root.dep_ == "compound" and root.pos_ == "PROPN" and _lemma(root.head) in PART_NOUNS
    if place is None or not modifier:
        return False
    return any(  # the X of "the X suburb of Y", Y being a lesser place
        other is not place and _larger(place, other)
        for other, other_span in found
        if other_span.root.dep_ == "pobj"
        and other_span.root.head.lower_ == "of"
        and other_span.root.head.head == root.head
    )


SEAT_RANK = {"PPLC": 3, "PPLA": 2, "PPLA2": 1}  # a capital, a province's seat, a district's seat


def _larger(a: Place, b: Place) -> bool:
    """Return True when place `a` surely holds place `b` (see _holds_part): a name the gazetteer
    lacks is the smaller; an area holds what its admin chain says lies in it; of two towns, a
    capital or a seat holds a lesser one. A district the gazetteer ranks admin2 need not hold the
    city it is part of ("the Karrada district of Baghdad")."""
    if a.feature in GUESSED_FEATURES:
        return False
    if b.feature in GUESSED_FEATURES:
        return True
    rank_a, rank_b = PRECISION_RANK.get(a.precision, 0), PRECISION_RANK.get(b.precision, 0)
    if rank_a > rank_b and a.precision in ("country", "admin1", "admin2"):
        area = getattr(a, a.precision)
        return area is not None and area == getattr(b, a.precision)
    return (
        rank_a == rank_b == PRECISION_RANK["city"]
        and SEAT_RANK.get(a.feature or "", 0) > SEAT_RANK.get(b.feature or "", 0)
    )


# Nouns of a whole conflict: a place hanging from one is the conflict's, not the event's.
BACKGROUND_NOUNS = frozenset(
    "war conflict crisis revolution uprising insurgency occupation invasion campaign struggle".split()
)
# Nouns of people by their role: a place hanging from one says where they lead, live or work.
ROLE_NOUNS = frozenset(
    (
        "leader commander chief head emir member official spokesman spokeswoman spokesperson governor "
        "mayor minister ambassador envoy representative resident native businessman journalist "
        "correspondent activist director president"
    ).split()
)
NOUN_TAGS = ("NOUN", "PROPN")
TALLY_MIN = 1000  # casualties of a whole war, not of one event ("more than 250,000 people")


def trigger_tally(trigger: Token) -> bool:
    """Return True when the trigger's subject or object counts thousands ("more than 250,000 people
    have been killed"): a tally of a war, which annotators do not place."""
    for child in trigger.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        for t in child.subtree:
            if t.lower_ in ("thousands", "millions"):
                return True
            if t.like_num:
                try:
                    if float(t.text.replace(",", "")) >= TALLY_MIN:
                        return True
                except ValueError:
                    continue
    return False


def trigger_mood(trigger: Token) -> tuple[bool, bool, bool]:
    """Return whether the trigger is in a perfect tense ("has killed"), under a modal ("could
    strike") and negated ("did not attack"), its own or that of the verb it is coordinated with.

    Summaries ("the war has killed 100,000 people in Syria") and what may or did not happen name
    places that annotators rarely mark as the event's location.
    """
    verbs = [trigger, trigger.head] if trigger.dep_ == "conj" else [trigger]
    children = [c for v in verbs for c in v.children]
    perfect = any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() == "have" for c in children)
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in children)
    return perfect, modal, any(c.dep_ == "neg" for c in children)


def surface_preposition(span: Span) -> str:
    """Return the preposition that opens the phrase of a place name, read from the words alone
    ("marched through the Belgian city of Antwerp" -> "through"), or "".

    The small parser often hangs a name on the wrong word ("Antwerp" on "Friday"); the words before
    the name still say where it stands. Articles, adjectives, numbers, proper names, place nouns and
    "of" are skipped.
    """
    doc = span.doc
    i = span.start - 1
    while i >= max(span.sent.start, span.start - SURFACE_WINDOW):
        token, word = doc[i], doc[i].text.lower()
        if token.pos_ == "ADP" and word != "of":
            return word
        if not (
            token.pos_ in ("DET", "ADJ", "NUM", "PROPN", "PUNCT")
            or word == "of"
            or _lemma(token) in PLACE_NOUNS
        ) or token.text in (",", ";", ":"):
            return ""
        i -= 1
    return ""


_TEXT_KEY = "eventwire.text"


def doc_text(doc: Doc) -> str:
    """Return doc.text, kept in the doc's user_data: spaCy joins every token's text on each access,
    and place finding asks for it once per mention."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def sentence_places(trigger: Token, places: Sequence[Place]) -> list[tuple[Place, Span]]:
    """Return the places inside the trigger's sentence with their token spans.

    A dateline's place is left out: it says where the reporter files from, not where the event of
    the sentence after it happened (the caller may fall back to it when the text names nothing).
    """
    sent, out = trigger.sent, []
    opening = dateline_end(doc_text(trigger.doc), sent.start_char)
    for place in places:
        if place.start is None or not (sent.start_char <= place.start < sent.end_char):
            continue
        if place.start < opening:
            continue
        span = trigger.doc.char_span(place.start, place.end or place.start, alignment_mode="expand")
        if span is not None and len(span) and trigger not in span:
            out.append((place, span))
    return out


def _link(
    trigger: Token, span: Span, place: Place, found: Sequence[tuple[Place, Span]] = ()
) -> _Link | None:
    """Return how the place span hangs from the trigger, or None if it does not (`found`: see describe)."""
    anchor, extra = _anchor(span, place.precision)
    if anchor is None or trigger in span or _is_actor(anchor):
        return None
    up = [anchor, *anchor.ancestors]
    trigger_line = [trigger, *trigger.ancestors]
    common = next((t for t in up if t in trigger_line), None)
    if common is None:
        return None
    path = up[: up.index(common)]
    steps = len(path) + trigger_line.index(common) + extra
    # a name the gazetteer lacks, placed at the text's focus area, names a town or a quarter far
    # more often than an area: its point is coarse, not the place it names
    named = "city" if place.feature in GUESSED_FEATURES else place.precision
    rank = PRECISION_RANK.get(named, len(PRECISION_RANK))
    gap = abs(anchor.i - trigger.i)
    # "was shot ... and killed in X": coordinated verbs share their place whichever is the trigger
    tier = _tier(path, common == trigger or (trigger.dep_ == "conj" and common == trigger.head))
    return None if tier is None else _Link(tier, steps, rank, gap, _holds_part(span, place, found))


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
            if token.text.lower() == "of":
                continue
            return token.text.lower() in LOCATIVE_PREPS
    return False


def _clause_between(path: Sequence[Token]) -> bool:
    """Return True when another verb stands between the place and the trigger (a relative clause);
    a verb coordinated with the trigger does not count ("shot and killed in X")."""
    inner = path[1:]
    if inner and inner[-1].dep_ == "conj":
        inner = inner[:-1]
    return any(t.pos_ in ("VERB", "AUX") for t in inner)
