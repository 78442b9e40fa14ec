"""Actors: a noun phrase in a parse to a coded Actor (name, country, sector, CAMEO-style code).

`ActorResolver` reads the phrase around a head token with the actor dictionary (countries, capitals,
demonyms, organisations, agent nouns, titles) and keeps a memory of the document's actors so that
"the group", "the general", "it" or a quoted "we" resolve to the entity they refer to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from ..models import Actor
from .dictionary import ActorDictionary, ActorEntry
from .lexicon import DATA

# Definite descriptions that refer back to an actor of this kind: "the group" → last organisation.
ANAPHORS = {
    "group": "organization", "militia": "organization", "faction": "organization", "movement": "organization",
    "organisation": "organization", "organization": "organization", "network": "organization",
    "general": "person", "commander": "person", "minister": "person", "president": "person",
    "official": "person", "leader": "person", "spokesman": "person", "spokeswoman": "person",
    "country": "country", "nation": "country", "government": "government", "state": "country",
}
PRONOUNS = {"it", "they", "he", "she", "we", "them", "him", "her", "us", "i"}
# Right-side dependents that are still part of a name ("Kataeb Hezbollah", "Qasem Soleimani").
NAME_DEPS = {"compound", "flat", "appos", "nmod"}


@lru_cache(maxsize=1)
def target_sectors() -> dict[str, str]:
    """Return {facility lemma: sector} from targets.tsv."""
    out = {}
    for line in (DATA / "targets.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, _, sector = line.partition("\t")
            out[lemma.strip()] = sector.strip()
    return out


def phrase_tokens(head: Token) -> list[Token]:
    """Return the tokens of the noun phrase headed by `head`: left modifiers, head, name parts."""
    left = [t for t in head.subtree if t.i < head.i and t.i >= head.left_edge.i]
    # keep only the contiguous left part that belongs to this head (not a relative clause's words)
    tokens = [t for t in left if t.head == head or _under(t, head, stop_deps={"relcl", "acl", "prep"})]
    tokens.append(head)
    for child in head.rights:
        if child.dep_ in NAME_DEPS and child.pos_ == "PROPN":
            tokens.extend(t for t in child.subtree)
    return sorted(set(tokens), key=lambda t: t.i)


def _under(token: Token, head: Token, stop_deps: set[str]) -> bool:
    while token.head != token and token != head:
        if token.dep_ in stop_deps:
            return False
        token = token.head
        if token == head:
            return True
    return False


def _code(country: str | None, sector: str | None) -> str | None:
    if country and sector:
        return country + sector
    return country or sector


@dataclass
class ActorResolver:
    """Resolves noun phrases of one document to actors, remembering them for later references."""

    dictionary: ActorDictionary
    focus_country: str | None = None
    # (kind, actor, character offset of its mention), in the order met; recall takes the latest one
    # mentioned before the referring word
    memory: list[tuple[str, Actor, int]] = field(default_factory=list)
    _salient: list[tuple[str, Actor, int]] = field(default_factory=list)  # entries resolved as event arguments

    def resolve(self, head: Token, speaker: Actor | None = None) -> Actor | None:
        """Return the actor a noun phrase names or refers to, or None when it names no actor."""
        lower = head.lower_
        if lower in ("we", "us", "i", "our") and speaker is not None:
            return speaker
        if head.pos_ == "PRON" or lower in PRONOUNS:
            kind = {"it": "it", "they": "plural", "them": "plural", "its": "it", "their": "plural"}.get(lower, "person")
            return self._recall(kind, head)
        tokens = phrase_tokens(head)
        actor, kind = self._from_words(tokens, head)
        if actor is None and lower in ANAPHORS and any(t.lower_ in ("the", "this", "that") for t in tokens):
            return self._recall(ANAPHORS[lower], head)
        if actor is not None:
            self.memory.append((kind, actor, head.idx))
            self._salient.append(self.memory[-1])
        return actor

    def _from_words(self, tokens: list[Token], head: Token) -> tuple[Actor | None, str]:
        words = [t.text for t in tokens]
        matches = self.dictionary.find_all(words)
        entries = [entry for _, _, entry in matches]
        text = " ".join(words).replace(" ’s", "’s").replace(" 's", "'s")
        org = next((e for e in entries if e.kind == "organization"), None)
        place = next((e for e in entries if e.kind in ("country", "capital", "demonym")), None)
        titles = [e for e in entries if e.kind == "title"]
        sector = self._sector(head, entries, titles)
        if org is not None:
            sector = org.sector or sector
            country = org.country or (place.country if place else None)
            return Actor(text, org.name, country, sector, _code(country, sector), org.affiliation), "organization"
        person = head.ent_type_ == "PERSON" or (titles and head.pos_ == "PROPN")
        country = place.country if place else None
        if country is None:  # "rebels in the Ivory Coast", "X, Algeria's leading activist"
            place = self._place_nearby(head) or place
            country = place.country if place else None
        if country is None and self._local_reference(head):
            country = self.focus_country
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if country is None and owner is not None:  # "their forces": the forces of the group named before
            antecedent = self._recall("plural", owner)
            country = antecedent.country if antecedent is not None else None
        if country is None and sector is None:
            return None, ""
        if place is not None and not person and place.kind == "capital" and sector is None:
            sector = "GOV"  # a capital standing for its government: "Tehran warned Washington"
        name = self._name(tokens, head, person, place)
        kind = "person" if person else "country" if place is not None and sector is None else "agent"
        return Actor(text, name, country, sector, _code(country, sector)), kind

    def _place_nearby(self, head: Token) -> ActorEntry | None:
        """Return the country named in the phrase's 'in/of/from X' or appositive, if any."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "from"):
                inner = [t for t in child.subtree if t.dep_ != "prep" or t == child]
            elif child.dep_ == "appos":
                inner = phrase_tokens(child)
            else:
                continue
            for _, _, entry in self.dictionary.find_all([t.text for t in inner]):
                if entry.kind in ("country", "capital", "demonym"):
                    return entry
        return None

    def coordinated(self, head: Token, actor: Actor) -> list[Actor]:
        """Return the actor once per country of coordinated modifiers ("Hungarian and Romanian officials")."""
        words = [t.text for t in phrase_tokens(head)]
        countries = []
        for _, _, entry in self.dictionary.find_all(words):
            if entry.kind in ("country", "demonym") and entry.country and entry.country not in countries:
                countries.append(entry.country)
        if len(countries) < 2 or not any(t.dep_ == "cc" or t.lower_ == "and" for t in phrase_tokens(head)):
            return [actor]
        return [Actor(actor.text, actor.name, c, actor.sector, _code(c, actor.sector), actor.affiliation)
                for c in countries]

    def _sector(self, head: Token, entries: list[ActorEntry], titles: list[ActorEntry]) -> str | None:
        if titles:
            return titles[-1].sector
        agent = next((e for e in entries if e.kind == "agent"), None)
        if agent is not None:
            return agent.sector
        return (self.dictionary.agent_sector(head.lemma_.lower()) or self.dictionary.agent_sector(head.lower_)
                or target_sectors().get(head.lemma_.lower()))

    @staticmethod
    def _local_reference(head: Token) -> bool:
        """True for "forces in the country", "the country's army": the document's own country."""
        for tok in head.subtree:
            if tok.lower_ in ("country", "nation") and any(c.lower_ == "the" for c in tok.children):
                return True
        return False

    @staticmethod
    def _name(tokens: list[Token], head: Token, person: bool, place: ActorEntry | None) -> str | None:
        if person:
            names = [t.text for t in tokens if t.pos_ == "PROPN" and t.ent_type_ == "PERSON"]
            return " ".join(names) or head.text
        if place is not None and place.kind in ("country", "capital"):
            return place.name
        return None

    def _recall(self, kind: str, head: Token) -> Actor | None:
        """Return the most recent remembered actor of a kind (the antecedent of 'the group', 'it')."""
        wanted = {"organization": ("organization",), "person": ("person",), "it": ("organization", "country"),
                  "plural": ("organization", "agent", "country"), "country": ("country",),
                  "government": ("country",)}.get(kind, (kind,))
        # an actor of an event (the subject who warned) is a likelier antecedent than a name met in passing
        # ("Kataeb Hezbollah, a faction in Iraq's Hashed al-Shaabi network, warned ... 'said the group'")
        ranked = sorted(self.memory, key=lambda x: (x[0] in wanted and x[2] < head.idx, x[1].code is not None
                                                     and x in self._salient, x[2]), reverse=True)
        for seen_kind, actor, offset in ranked:
            if seen_kind in wanted and offset < head.idx:
                return Actor(head.text if head.pos_ == "PRON" else " ".join(t.text for t in phrase_tokens(head)),
                             actor.name, actor.country, actor.sector, actor.code, actor.affiliation)
        return None

    def remember_entities(self, sent: Span) -> None:
        """Remember the organisations and countries a sentence names, for later "it", "the group"."""
        for ent in sent.ents:
            if ent.label_ in ("ORG", "NORP", "GPE", "PERSON"):
                entry = self.dictionary.match(ent.text)
                if entry is None or entry.kind not in ("organization", "country", "capital"):
                    continue
                kind = "organization" if entry.kind == "organization" else "country"
                sector = entry.sector if kind == "organization" else None
                self.memory.append((kind, Actor(ent.text, entry.name, entry.country, sector,
                                                _code(entry.country, sector), entry.affiliation), ent.start_char))
