"""Figurative senses of event verbs: "captured the title", "prices shot up", "cameras captured him".

A violence or protest verb used in another sense reports no event, so it is neither coded
(coding/mentions.match_trigger) nor placed (geo/locate_model: the trigger_figurative feature). Each
sense is told by the words the verb governs, never by the verb alone:

  prize    capturing or seizing a prize, a seat or a vote ("captured her 41st title", "captured the
           imagination of", "captured 40 percent of the vote"), not a place or a person
  record   a camera or a photographer capturing a scene ("television cameras captured him greeting
           ...", "captured harrowing footage", "captured on video")
  rise     "shot up" with no object: a quantity rising ("oil prices shot up $6"); "gunmen shot up
           a bar" has one; "shot to fame", "shot to the top"
  film     shooting a film or a scene ("the drama is shooting scenes in Lagos", "parts of the film
           were shot at the port")
  retort   "shot back that ...", "hit back that ...": a reply in words
  show     "demonstrated the effectiveness of", "demonstrated that": showing, not a protest;
           "demonstrated support" / "solidarity" is a rally
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

PRIZE_VERBS = frozenset({"capture", "seize", "grab", "snatch"})
# What is won rather than taken by force; not "territory", "share", "majority" or "percent",
# which name ground when it is land ("captured 70 percent of Bosnia's territory").
PRIZE_NOUNS = frozenset(
    (
        "title crown medal gold silver bronze championship cup trophy race seat vote nomination "
        "attention imagination heart spot prize award victory lead double single final record mood "
        "spirit essence moment sense interest pole wicket tournament open match game series league "
        "pennant stage classic marathon slam prix"
    ).split()
)
RECORDING_NOUNS = frozenset(
    "camera video footage photo photograph photographer image film lens television tv picture tape audio "
    "recording".split()
)
# What is shot when a film is made ("the drama is shooting scenes", "the film was shot in Lagos").
FILM_NOUNS = frozenset(
    "film movie scene video episode documentary series commercial drama sequel show footage picture".split()
)
# Where a thing shoots to when it rises ("shot to fame", "shot to the top of the charts").
RISE_GOALS = frozenset({"fame", "prominence", "stardom", "top", "power", "lead", "celebrity", "notoriety"})
RETORT_VERBS = frozenset({"shoot", "hit", "fire", "strike"})
# Objects of "demonstrate" that make it a rally ("backers demonstrated support for the leader").
RALLY_OBJECTS = frozenset({"support", "solidarity", "opposition", "anger", "outrage", "discontent"})


def figurative_sense(token: Token) -> str | None:
    """Return the figurative sense of an event verb (see the module's list), or None when the verb
    may report an event."""
    lemma = _lemma(token)
    children = list(token.children)
    deps = {c.dep_ for c in children}
    if lemma in PRIZE_VERBS and any(_lemma(o) in PRIZE_NOUNS for o in _objects(children)):
        return "prize"
    if lemma == "capture" and _recording(children):
        return "record"
    particles = {c.lower_ for c in children if c.dep_ in ("prt", "advmod")}
    if lemma == "shoot" and (
        ("up" in particles and "dobj" not in deps)
        or any(
            _lemma(o) in RISE_GOALS
            for c in children
            if c.dep_ == "prep" and c.lower_ == "to"
            for o in c.children
        )
    ):
        return "rise"
    shot = [*_objects(children), *(c for c in children if c.dep_ == "nsubj")]
    shot += [
        o for w in shot for p in w.children if p.lower_ == "of" for o in p.children
    ]  # "parts of the film"
    if lemma == "shoot" and any(_lemma(w) in FILM_NOUNS for w in shot):
        return "film"
    if lemma in RETORT_VERBS and "back" in particles and "ccomp" in deps:
        return "retort"
    if lemma == "demonstrate" and (
        "ccomp" in deps
        or any(
            c.dep_ == "dobj" and _lemma(c) not in RALLY_OBJECTS and c.ent_type_ != "DATE" for c in children
        )
    ):
        return "show"
    return None


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _objects(children: list[Token]) -> list[Token]:
    """Return the direct objects and passive subjects among a verb's children."""
    return [c for c in children if c.dep_ in ("dobj", "nsubjpass")]


def _recording(children: list[Token]) -> bool:
    """Return True when a camera does the capturing ("cameras captured him", "captured by AP
    Television"), a recording is what is captured ("captured harrowing footage") or holds it
    ("captured on video")."""
    doers = [c for c in children if c.dep_ == "nsubj"]
    doers += [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    words = [*doers, *_objects(children)]
    words += [o for c in children if c.dep_ == "prep" and c.lower_ in ("on", "in") for o in c.children]
    return any(
        _lemma(w) in RECORDING_NOUNS
        or any(c.dep_ == "compound" and _lemma(c) in RECORDING_NOUNS for c in w.children)
        for w in words
    )
