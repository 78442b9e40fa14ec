"""Actors: a noun phrase in a parse to a coded Actor (name, country, sector, CAMEO-style code).

`ActorResolver` reads the phrase around a head token with the actor dictionary (countries, capitals,
demonyms, organisations, agent nouns, titles) and keeps a memory of the document's actors so that
"the group", "the general", "it" or a quoted "we" resolve to the entity they refer to.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.symbols import VERB
from spacy.tokens import Doc, Span, Token

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
PRONOUN_KINDS = {"it": "it", "its": "it", "they": "plural", "them": "plural", "their": "plural"}
POSSESSIVES = {"its", "their", "his", "her"}
# Tags of relative and interrogative pronouns ("which", "who", "that"): they stand for the noun their
# clause describes, never for a remembered actor.
RELATIVE_TAGS = {"WDT", "WP"}
# Clause links through which a pronoun's clause hangs under the clause of its antecedent's verb.
COMPLEMENT_DEPS = {"ccomp", "xcomp"}
Match = tuple[int, int, ActorEntry]  # (start, end, entry) of a dictionary match over a phrase's words
# Sectors of a state and its organs.
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
# Verbs whose subject speaks for an actor of the story.
REPORTING_VERBS = {"say", "tell", "announce", "state", "report", "add"}
# Sectors of armed groups that "the rebels", "the militants" refer back to when they name no country.
ARMED_SECTORS = {"REB", "INS"}
# Heads without a sector whose "of/in/from X" names who or where they are: parts of a group
# ("thousands of Nigerians", "members of the Syrian parliament") and places or property ("the town
# of Gao", "a hotel in Mogadishu"). Other nouns name acts or ideas ("the price of Russian gas",
# "a summit in Nairobi"), which are no actors.
PARTITIVE_NOUNS = {"group", "member", "hundred", "thousand", "dozen", "score", "million", "ten", "some",
                   "many", "most", "one", "number", "majority", "contingent", "band", "crowd", "family",
                   "relative"}
PLACE_HEADS = {"town", "city", "village", "capital", "region", "province", "district", "area", "territory",
               "home", "house", "hotel", "building", "car", "vehicle", "bus", "ship", "vessel", "boat",
               "plane", "aircraft", "website", "settlement", "compound", "residence", "neighbourhood",
               "neighborhood", "street", "road", "highway", "bridge", "port", "airport"}
# Words of an institution's name that any state may have ("Foreign Office", "Defence Ministry", "Royal
# Navy", "MoD"): a country before such a name ("Pakistan's Foreign Office", "the Thai Royal Navy") is its
# owner, whatever country the dictionary gives the bare name.
INSTITUTION_WORDS = {
    "foreign", "home", "interior", "defence", "defense", "justice", "finance", "health", "information",
    "affairs", "office", "ministry", "department", "mod", "national", "supreme", "federal", "royal", "high",
    "general", "central", "security", "intelligence", "service", "services", "council", "assembly",
    "parliament", "senate", "court", "army", "navy", "air", "force", "forces", "police", "guard", "staff",
    "command", "cabinet", "commission", "agency", "of", "the", "and", "for"}
# Small words inside a name ("Liberation Tigers of Tamil Eelam", "Union for the Total Independence of").
NAME_LINKS = {"of", "for", "the", "and"}
# Right-side dependents that are still part of a name ("Kataeb Hezbollah", "Qasem Soleimani").
NAME_DEPS = {"compound", "flat", "appos", "nmod"}
# Lower-case words a name may contain besides its capitalised ones ("al-Shabaab").
NAME_WORDS = NAME_LINKS | {"al", "el", "-"}


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
    first = head.left_edge.i
    left = [t for t in head.subtree if first <= t.i < head.i]
    # keep only the contiguous left part that belongs to this head (not a relative clause's words)
    tokens = [t for t in left if t.head == head or _under(t, head, stop_deps={"relcl", "acl", "prep"})]
    tokens.append(head)
    for child in head.rights:
        if child.dep_ in NAME_DEPS and child.pos_ == "PROPN":
            tokens.extend(t for t in child.subtree)
    tokens = sorted(set(tokens), key=lambda t: t.i)
    # a quote mark opening or closing the phrase ('"terrorist groups'); never the head itself (wire copy's
    # "_ were captured" makes a dash the subject)
    while len(tokens) > 1 and tokens[0].is_punct and tokens[0] != head:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].is_punct and tokens[-1] != head:
        tokens.pop()
    return tokens


def _under(token: Token, head: Token, stop_deps: set[str]) -> bool:
    while token.head != token and token != head:
        if token.dep_ in stop_deps:
            return False
        token = token.head
        if token == head:
            return True
    return False


def reporting_subject(pronoun: Token, depth: int = 0) -> Token | None:
    """Return the subject a pronoun most likely repeats: "Russia said it would ..." → Russia,
    "the Houthis have not released the staff they detained" → the Houthis.

    A pronoun in a reported clause refers to the one who reports it, one in a relative clause to the
    subject of the clause the relative clause sits in; a pronoun found there is followed in turn.
    """
    clause = _clause_verb(pronoun.head)
    if clause.dep_ in COMPLEMENT_DEPS:
        governor = clause.head
    elif clause.dep_ == "relcl":
        governor = _clause_verb(clause.head)
    else:
        return None
    if governor == clause:
        return None
    subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
    if subject is None and governor.dep_ in ("pcomp", "advcl", "xcomp"):  # "X was quoted as saying he ..."
        outer = _clause_verb(governor.head)
        subject = next((c for c in outer.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    if subject.pos_ in ("NOUN", "PROPN"):
        return subject
    if subject.lower_ in PRONOUNS and depth < 3:
        return reporting_subject(subject, depth + 1)
    return None


def relative_antecedent(pronoun: Token) -> Token | None:
    """Return the noun a relative pronoun stands for ("the talks, which open in Doha" → talks), or None
    for one that heads no relative clause (an interrogative "who")."""
    token = pronoun
    for _ in range(6):
        if token.dep_ == "relcl":
            return token.head if token.head.tag_ not in RELATIVE_TAGS else None
        if token.head == token:
            return None
        token = token.head
    return None


def _clause_verb(token: Token) -> Token:
    """Return the verb of the clause a word stands in (the word itself when it is one)."""
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head == token:
            break
        token = token.head
    return token


def _agrees(pronoun: str, subject: Token) -> bool:
    """True when the pronoun can refer to the subject: "it" not to a plural noun, "he" not to a plural."""
    plural = subject.tag_ in ("NNS", "NNPS")
    if pronoun in ("it", "its", "he", "his", "she", "her", "him"):
        return not plural
    return True


def _with_name_of(tokens: list[Token], head: Token) -> list[Token]:
    """Return the phrase with a capitalised "of/for" part that continues a name ("Liberation Tigers of
    Tamil Eelam", "Organization of Islamic Cooperation"); other phrases unchanged."""
    if head.pos_ != "PROPN":
        return tokens
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for") and prep.i == tokens[-1].i + 1:
            tail = sorted(prep.subtree, key=lambda t: t.i)
            if all(t.text[:1].isupper() or not t.is_alpha or t.lower_ in NAME_LINKS for t in tail[1:]):
                return tokens + tail
    return tokens


def _holder(head: Token) -> bool:
    """True for a head whose "of/in/from X" says who or where it is although it names no sector."""
    lemma = head.lemma_.lower()
    return head.pos_ in ("NUM", "PROPN") or lemma in PARTITIVE_NOUNS or lemma in PLACE_HEADS


def _holder_of(head: Token) -> Token | None:
    """Return the object of a group word's "of" ("scores of refugees" → refugees), or None."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _institution_owner(matches: list[Match], tokens: list[Token]) -> str | None:
    """Return the country named before an organisation whose name any state may have ("Pakistan's
    Foreign Office" → PAK, "the Iraqi Defence Ministry" → IRQ), else None."""
    owner = None
    for start, end, entry in matches:
        if entry.kind in ("country", "capital", "demonym") and not _ethnic(tokens, start):
            owner = entry.country
        elif entry.kind == "organization":
            return owner if _generic_name(tokens[start:end]) and owner != entry.country else None
    return None


def _owned_institution(found: list[Match], i: int, tokens: list[Token]) -> bool:
    """True when match i is an institution any state may have, right after the country that owns it
    ("Pakistan's Foreign Office"): the dictionary's country of that name is not named."""
    start, end, entry = found[i]
    if i == 0 or entry.kind != "organization" or not _generic_name(tokens[start:end]):
        return False
    _, before_end, before = found[i - 1]
    return before.kind in ("country", "demonym") and start - before_end <= 1


def _generic_name(words: Span | list[Token]) -> bool:
    """True for an institution's name that any state may have ("Foreign Office", "Defence Ministry")."""
    return all(t.lower_ in INSTITUTION_WORDS for t in words if t.is_alpha)


def _ethnic(tokens: list[Token], start: int) -> bool:
    """True when the word at `start` follows "ethnic" ("ethnic Serbs")."""
    return start > 0 and tokens[start - 1].lower_ == "ethnic"


def _people_sector(matches: list[Match], tokens: list[Token], head: Token) -> str | None:
    """Return CVL when the phrase's head names a people ("Kurds", "ethnic Albanians"), else None."""
    at = tokens.index(head)
    for start, end, entry in matches:
        ethnic = entry.kind == "demonym" and _ethnic(tokens, start)
        if start <= at < end and (entry.kind == "group" or ethnic):
            return entry.sector or "CVL"
    return None


def _definite_reference(tokens: list[Token], head: Token, actor: Actor) -> bool:
    """True for a bare definite actor without a country ("the rebels", "the military"): a reference back
    to one the text has named, not a new actor."""
    bare = len(tokens) == 2 and tokens[0].lower_ in ("the", "these", "those") \
        and not any(c.dep_ == "prep" for c in head.children)  # not "the forces of President X"
    return (bare and actor.name is None and actor.country is None and actor.sector is not None
            and (head.tag_ == "NNS" or actor.sector not in ARMED_SECTORS))  # "the group" is an ANAPHOR


def _not_civil(actor: Actor) -> bool:
    """True for a state, its organs or its arms ("Russian shelling"); False for rebels, protesters, ..."""
    return actor.sector is None or actor.sector in STATE_SECTORS


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
    _countries_of: tuple[tuple | None, list[str]] = (None, [])  # (doc, start, end) of a sentence; countries
    # the document's named entities and their first token indices (a cache)
    _ents_of: tuple[Doc | None, tuple[Span, ...], list[int]] = (None, (), [])
    _phrases: dict[Token, list[Token]] = field(default_factory=dict)  # phrase_tokens of heads met (a cache)

    def phrase(self, head: Token) -> list[Token]:
        """Return phrase_tokens(head), worked out once per head: a head is read again for each event it
        takes part in and for its coordinated countries."""
        if head not in self._phrases:
            self._phrases[head] = phrase_tokens(head)
        return list(self._phrases[head])

    def resolve(self, head: Token, speaker: Actor | None = None) -> Actor | None:
        """Return the actor a noun phrase names or refers to, or None when it names no actor."""
        lower = head.lower_
        if len(head.text) > 1 and head.text.isupper():  # "US" is not "us"
            lower = ""
        if lower in ("we", "us", "i", "our") and speaker is not None:
            return speaker
        if lower in PRONOUNS or lower in POSSESSIVES:
            return self._pronoun(head)
        if head.tag_ in RELATIVE_TAGS:  # "the talks, which ...": the talks, which name no actor
            antecedent = relative_antecedent(head)
            return self.resolve(antecedent, speaker) if antecedent is not None else None
        if head.pos_ == "PRON":  # "those", "one": a person met before
            return self._recall("person", head)
        tokens = self.phrase(head)
        actor, kind = self._from_words(tokens, head)
        if actor is None and lower in ANAPHORS and any(t.lower_ in ("the", "this", "that") for t in tokens) \
                and not any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):  # "the state of"
            return self._recall(ANAPHORS[lower], head)
        if actor is None and (head.lemma_.lower() in PARTITIVE_NOUNS or head.pos_ == "NUM"):
            member = _holder_of(head)  # "a large group of Islamist rebels", "hundreds of soldiers"
            if member is not None and member.pos_ in ("NOUN", "PROPN"):
                return self.resolve(member, speaker)
        if actor is not None and _definite_reference(tokens, head, actor):
            actor = self._recall_sector(actor, head) or actor  # "the rebels" of an article on the ELN
        if actor is not None:
            self.memory.append((kind, actor, head.idx))
            self._salient.append(self.memory[-1])
        return actor

    def _from_words(self, tokens: list[Token], head: Token) -> tuple[Actor | None, str]:
        tokens = _with_name_of(tokens, head)
        words = [t.text for t in tokens]
        matches = self.dictionary.find_all(words)
        entries = [entry for _, _, entry in matches]
        text = " ".join(words).replace(" ’s", "’s").replace(" 's", "'s")
        org = next((e for e in entries if e.kind == "organization"), None)
        # "ethnic Albanians" are a people, not Albania: the country comes from where they are
        place = next((e for start, _, e in matches if e.kind in ("country", "capital", "demonym")
                      and not _ethnic(tokens, start)), None)
        titles = [e for e in entries if e.kind == "title"]
        sector = self._sector(head, matches, tokens) or _people_sector(matches, tokens, head)
        if org is not None:
            sector = org.sector or sector
            owner = _institution_owner(matches, tokens)
            if owner is not None:  # another state's office of that name, not the dictionary's
                return Actor(text, None, owner, sector, _code(owner, sector)), "agent"
            country = org.country or (place.country if place else None)
            return Actor(text, org.name, country, sector, _code(country, sector), org.affiliation), "organization"
        person = head.ent_type_ == "PERSON" or (titles and head.pos_ == "PROPN")
        country = place.country if place else None
        if country is None and (sector or person or _holder(head)):
            # "rebels in Mali", "X, Kenya's best-known activist", "thousands of Ghanaians"
            place = self._place_nearby(head) or place
            country = place.country if place else None
        if country is None and (sector or _holder(head)) and self._local_reference(head):
            country = self.focus_country
        if country is None and sector in STATE_SECTORS and tokens[0].lower_ == "the" \
                and head.dep_ in ("nsubj", "nsubjpass"):
            # "Israel's defence minister said the army would ...": the speaker's own army
            speaker = reporting_subject(head)
            reporter = self.resolve(speaker) if speaker is not None else None
            country = reporter.country if reporter is not None else None
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in POSSESSIVES), None)
        if country is None and owner is not None and (sector or head.lemma_.lower() in ("country", "nation")):
            # "their forces", "his country": the possessor's; "its plan", "their border" name no actor
            antecedent = self._pronoun(owner)
            country = antecedent.country if antecedent is not None else None
        if country is None and sector is None:
            return None, ""
        if place is not None and not person and place.kind == "capital" and sector is None:
            sector = "GOV"  # a capital standing for its government: "Tehran warned Washington"
        name = self._name(tokens, head, person, place)
        kind = "person" if person else "country" if place is not None and sector is None else "agent"
        return Actor(text, name, country, sector, _code(country, sector)), kind

    def _place_nearby(self, head: Token) -> ActorEntry | None:
        """Return the country or organisation with a country named in the phrase's 'in/of/from/for X'
        or appositive, if any."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "from", "for"):
                inner = [t for t in child.subtree if t.dep_ != "prep" or t == child]
            elif child.dep_ == "appos":
                inner = phrase_tokens(child)
            else:
                continue
            for _, _, entry in self.dictionary.find_all([t.text for t in inner]):
                if entry.kind in ("country", "capital", "demonym") or (entry.kind == "organization"
                                                                        and entry.country is not None):
                    return entry  # "rebels in Mali", "fighters of the Arakan Army"
        return None

    def coordinated(self, head: Token, actor: Actor) -> list[Actor]:
        """Return the actor once per country of coordinated modifiers ("Hungarian and Romanian officials")."""
        countries = self._coordinated_countries(self.phrase(head))
        if len(countries) < 2 and _holder_of(head) is not None:  # "ministers of Armenia and Azerbaijan"
            of = _holder_of(head)
            countries = self._coordinated_countries(sorted(of.subtree, key=lambda t: t.i))
        if len(countries) < 2 or actor.country not in countries:
            return [actor]
        return [Actor(actor.text, actor.name, c, actor.sector, _code(c, actor.sector), actor.affiliation)
                for c in countries]

    def _coordinated_countries(self, tokens: list[Token]) -> list[str]:
        """Return the countries of a phrase that coordinates them ("Hungarian and Romanian"), else []."""
        if not any(t.dep_ == "cc" or t.lower_ == "and" for t in tokens):
            return []
        found = self.dictionary.find_all([t.text for t in tokens])
        return list(dict.fromkeys(e.country for _, _, e in found
                                  if e.kind in ("country", "demonym", "organization") and e.country))

    def _sector(self, head: Token, matches: list[Match], tokens: list[Token]) -> str | None:
        """Return the sector of a phrase: its title's, else its first agent noun's ("army chief", "police
        spokesman"), else its head's. An adjective before another noun gives none ("military aid",
        "official contact")."""
        titles = [e for _, _, e in matches if e.kind == "title"]
        if titles:
            return titles[-1].sector
        for start, end, entry in matches:
            if entry.kind == "agent" and not (end - start == 1 and tokens[start].pos_ == "ADJ"
                                               and tokens[start] != head):
                return entry.sector
        at = tokens.index(head)
        named = {"country", "capital", "organization"}
        if any(start <= at < end and e.kind in named for start, end, e in matches):
            return None  # "the West Bank" is a place, not a bank
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

    def _pronoun(self, pronoun: Token) -> Actor | None:
        """Return the actor a pronoun refers to: the reporter ("X said it would"), else a recent one."""
        lower = pronoun.lower_
        kind = PRONOUN_KINDS.get(lower, "person")
        subject = reporting_subject(pronoun)
        if subject is not None and _agrees(lower, subject):
            actor = self.resolve(subject)
            if actor is not None:
                return replace(actor, text=pronoun.text)
        return self._recall(kind, pronoun)

    def _recall_sector(self, actor: Actor, head: Token) -> Actor | None:
        """Return the latest actor of the same sector with a country named before `head` ("the rebels"
        after "the ELN", "the military" after "the Israeli military said"), as `actor`'s text; armed groups
        refer back to a named group. None when the document has named none."""
        armed = actor.sector in ARMED_SECTORS
        for seen_kind, seen, offset in reversed(self.memory):
            if armed:
                fits = seen_kind == "organization" and seen.sector in ARMED_SECTORS
            else:
                fits = seen.sector == actor.sector
            if fits and offset < head.idx and seen.country is not None:
                return replace(seen, text=actor.text)
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
        bound = self._bound_in_clause(head)
        for seen_kind, actor, offset in ranked:
            if seen_kind in wanted and offset < head.idx and (actor.name, actor.code) not in bound:
                return Actor(head.text if head.pos_ == "PRON" else " ".join(t.text for t in phrase_tokens(head)),
                             actor.name, actor.country, actor.sector, actor.code, actor.affiliation)
        return None

    def _bound_in_clause(self, head: Token) -> set[tuple[str | None, str | None]]:
        """Return the actors a subject pronoun cannot stand for: those its own clause names ("It thanked
        the UAE": "it" is not the UAE), as (name, code)."""
        if head.dep_ not in ("nsubj", "nsubjpass") or head.pos_ != "PRON":
            return set()
        offsets = {t.idx for t in head.head.subtree if t != head}
        return {(actor.name, actor.code) for _, actor, offset in self.memory if offset in offsets}

    def place_in_sentence(self, sent: Span, actors: list[Actor], recipients: list[Actor],
                          domestic: bool) -> None:
        """Give actors and recipients without a country ("President Ramos Vidal", "the police") the one
        country their sentence leaves for them, in place.

        Of the sentence's countries, an actor cannot take a state on the other side ("threatened action
        against Russia"), and a recipient not that of a state or a state's weapons on the other side
        ("Russian shelling killed four civilians"): states seldom act on their own country, except in
        domestic events (bans, curfews, protests). Rebels, militants and protesters mostly do ("rebels in
        Mali rejected an offer from President Keita"). Named organisations without a
        country (the UN, Islamic State) stay without one.
        """
        sides = ((actors, recipients, self._is_state), (recipients, actors, _not_civil))
        for mine, theirs, is_other in sides:
            for i, actor in enumerate(mine):
                if actor.country or self._is_organization(actor):
                    continue
                if domestic or (mine is actors and not _not_civil(actor)):
                    excluded = set()  # rebels and protesters mostly face their own state
                else:
                    excluded = {a.country for a in theirs if is_other(a)}
                left = [c for c in self._sentence_countries(sent) if c not in excluded]
                if len(left) == 1:
                    mine[i] = replace(actor, country=left[0], code=_code(left[0], actor.sector))

    def _is_organization(self, actor: Actor) -> bool:
        """True for a named organisation (the UN, Islamic State), whose lack of a country is by design."""
        entry = self.dictionary.match(actor.name or "")
        return entry is not None and entry.kind == "organization"

    def _is_state(self, actor: Actor) -> bool:
        """True for a state or its organs: "Russia", "Tehran", "Ghanaian diplomats", "Iraqi forces"."""
        if actor.sector in STATE_SECTORS:
            return True
        entry = self.dictionary.match(actor.text)
        return entry is not None and entry.kind in ("country", "capital")

    def _sentence_countries(self, sent: Span) -> list[str]:
        """Return the distinct countries a sentence names (countries, capitals, demonyms, organisations)."""
        key = (sent.doc, sent.start, sent.end)  # the same sentence comes as a new Span object each time
        held = self._countries_of[0]
        if not (held and held[0] is key[0] and held[1:] == key[1:]):
            tokens = list(sent)
            # names of countries, capitals, peoples and organisations start with a capital ("al-Shabaab"
            # aside): other words are masked, which spares the dictionary most look-ups
            words = [t.text if t.text[:1].isupper() or t.lower_ in NAME_WORDS else "," for t in tokens]
            found = self.dictionary.find_all(words, remember=False)
            countries = list(dict.fromkeys(e.country for i, (start, _, e) in enumerate(found)
                                           if e.country and not _ethnic(tokens, start)
                                           and not _owned_institution(found, i, tokens)))
            self._countries_of = (key, countries)
        return self._countries_of[1]

    def _entities_in(self, sent: Span) -> list[Span]:
        """Return the named entities inside a sentence, as `sent.ents` does, from the document's entities
        read once (`Span.ents` builds every entity of the document again on each call)."""
        if self._ents_of[0] is not sent.doc:
            ents = tuple(sent.doc.ents)
            self._ents_of = (sent.doc, ents, [ent.start for ent in ents])
        _, ents, starts = self._ents_of
        inside = []
        for ent in ents[bisect_left(starts, sent.start):]:  # entities are in order and do not overlap
            if ent.end > sent.end:
                break
            inside.append(ent)
        return inside

    def remember_speakers(self, sent: Span) -> None:
        """Remember who speaks in a sentence ("Russia's defence ministry said ..."), for a later "it", "the
        military": a speaker is an actor of the story even when what it says is no event."""
        for token in sent:
            if token.pos == VERB and token.lemma_ in REPORTING_VERBS:
                for subject in token.children:
                    if subject.dep_ == "nsubj" and subject.pos_ in ("NOUN", "PROPN"):
                        self.resolve(subject)

    def remember_entities(self, sent: Span) -> None:
        """Remember the organisations and countries a sentence names, for later "it", "the group"."""
        for ent in self._entities_in(sent):
            if ent.label_ in ("ORG", "NORP", "GPE", "PERSON"):
                entry = self.dictionary.match(ent.text)
                if entry is None or entry.kind not in ("organization", "country", "capital"):
                    continue
                kind = "organization" if entry.kind == "organization" else "country"
                sector = entry.sector if kind == "organization" else None
                actor = Actor(ent.text, entry.name, entry.country, sector, _code(entry.country, sector),
                              entry.affiliation)
                if kind == "organization" and _generic_name(ent):  # "Pakistan's Foreign Office"
                    actor = self._from_words(self.phrase(ent.root), ent.root)[0] or actor
                self.memory.append((kind, actor, ent.start_char))
