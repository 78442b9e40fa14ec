"""Code stage: a parsed document to events in PLOVER and CAMEO, placed and dated.

`Coder.code(document, parsed)` finds event mentions sentence by sentence (mentions.py), places and
dates each, merges mentions of one real event (merge.py) and returns the Document with its places
and events filled in.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .. import dates
from ..geo import place_words as geo_words
from ..geo.datelines import dateline_end
from ..geo.locate_model import GUESSED_FEATURES, NESTED_KM, contains
from ..geo.outlets import OutletArea, outlet_key
from ..geo.unlisted import unlisted_names
from ..models import Actor, Document, Event, Place, Span
from .actors import POSSESSIVES, PRONOUNS, ActorResolver
from .dictionary import ActorDictionary
from .lexicon import cameo_table, triggers
from .mentions import COMMUNICATION_TYPES, Mention, find_mentions
from .merge import PRECISION_RANK, SAME_PLACE_KM, km, merge_mentions

CODER_VERSION = "0.1"
# Cues that a sentence continues the time of the one before ("Moments later, ...").
CARRY_DATE_WORDS = {"later", "moments", "minutes", "hours", "then", "afterwards", "shortly"}
# Events that happen somewhere (an attack, an arrest, a march), as against statements and decisions,
# which are made where the speaker is: often the dateline's city ("WASHINGTON - The United States
# imposed sanctions ..."). Only a happening is kept from a dateline that its story does not name.
HAPPENINGS = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "AID"})
# Place names (datelines, focus countries) whose resolution the coder keeps: few distinct names recur
# across the documents of a batch, and each resolution scores the gazetteer's candidates afresh.
NAME_CACHE_SIZE = 4096
_UNRESOLVED = object()  # a name not resolved yet (None is a result: no such place)


@dataclass
class Coder:
    dictionary: ActorDictionary
    geocoder: object | None = None  # eventwire.geo.Geocoder; None codes without places
    _named: dict[str, Place | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    def code(
        self, document: Document, parsed: Doc, outlets: Mapping[str, OutletArea] | None = None
    ) -> Document:
        """Return the document with its place mentions and coded events (`outlets`: where each
        outlet's stories are, by outlet key, eventwire/geo/outlets.py)."""
        area = outlets.get(outlet_key(document.url, document.outlet) or "") if outlets else None
        places = self._places(document, parsed, area)
        dateline_place = self._dateline_place(document)
        focus = _focus_country(places, dateline_place)
        resolver = ActorResolver(self.dictionary, focus)
        published = dates.parse_timestamp(document.published) if document.published else None
        mentions: list[Mention] = []
        for index, sent in enumerate(parsed.sents):
            text = document.text[sent.start_char:sent.end_char]  # = sent.text, without joining its tokens
            for mention in find_mentions(sent, index, resolver, text):
                mentions.extend(self._split(mention, places))
        dated = _DatedSentences(document.text)
        for m in mentions:
            m.location = self._locate(m, places)
            _date_mention(m, published, focus, dated)
        _carry_dates(mentions)
        mentions = [m for m in mentions if not _unanchored(m)]
        fallbacks = {
            True: self._fallback_place(document.text, places, dateline_place, focus),  # something happened
            False: dateline_place or self._focus_place(focus),  # something was said: where the reporter is
        }
        events = [
            self._event(document, group, published, focus, fallbacks[group[0].plover.type in HAPPENINGS])
            for group in merge_mentions(mentions)
        ]
        return document.with_(places=tuple(places), events=tuple(events))

    def _places(self, document: Document, parsed: Doc, area: OutletArea | None) -> list[Place]:
        if self.geocoder is None:
            return []
        return list(
            self.geocoder.find_places(parsed, dateline=document.dateline, title=document.title, outlet=area)
        )

    def _dateline_place(self, document: Document) -> Place | None:
        if self.geocoder is None or not document.dateline:
            return None
        return self._place_named(document.dateline)

    def _fallback_place(self, text: str, places: Sequence[Place], dateline: Place | None,
                        focus: str | None) -> Place | None:
        """Return where a happening (HAPPENINGS) goes when none of its sentences names a place: the
        dateline's city when the story is local (its body names that city or a place within
        SAME_PLACE_KM of it), else the document's country when the body names it, else the country the
        body names most. A dateline says where the reporter files from: "BEIRUT - ..." in a story on
        Idlib did not happen in Beirut, nor in Lebanon."""
        # the body's places: not the dateline's own ("BEIRUT (Frontline Wire) -")
        body = [p for p in places if p.start is None or p.start >= dateline_end(text, p.start)]
        if dateline is not None and any(km(p, dateline) <= SAME_PLACE_KM for p in body):
            return dateline
        countries = Counter(p.country for p in body if p.country)
        country = focus if focus in countries or not countries else countries.most_common(1)[0][0]
        return self._focus_place(country) or dateline

    def _focus_place(self, focus: str | None) -> Place | None:
        if self.geocoder is None or not focus:
            return None
        name = self.dictionary.country_name(focus)
        place = self._place_named(name) if name else None
        return place if place is not None and place.country == focus else None

    def _place_named(self, name: str) -> Place | None:
        """Return the geocoder's place for a name, resolved once per coder (a name resolves alike in every
        document: resolve_name reads no context)."""
        place = self._named.get(name, _UNRESOLVED)
        if place is _UNRESOLVED:
            place = self.geocoder.resolve_name(name)
            if len(self._named) >= NAME_CACHE_SIZE:
                self._named.clear()
            self._named[name] = place
        return place

    def _locate(self, m: Mention, places: list[Place]) -> Place | None:
        """Return the place the mention's own sentence gives its event (no fallback: merging needs to know)."""
        if self.geocoder is None:
            return None
        if m.location is not None:  # set by a split on coordinated places
            return m.location
        sent = m.sent
        if not any(p.start is not None and sent.start_char <= p.start < sent.end_char for p in places) and (
            not unlisted_names(sent)
        ):
            return None  # the geocoder chooses among the sentence's places and unlisted names: none here
        place = self._checked(m, self.geocoder.event_location(m.trigger, places, fallback=None))
        if place is not None and m.extra_triggers:
            # "launched an offensive in rural Aleppo, targeting the village of X": the folded trigger's
            # finer place inside the first one is where it happened
            for extra in m.extra_triggers:
                inner = self._checked(m, self.geocoder.event_location(extra, places, fallback=None))
                if inner is not None and _finer_within(place, inner):
                    place = _within(place, inner)
        return place

    def _checked(self, m: Mention, place: Place | None) -> Place | None:
        """Return the geocoder's place for a mention unless the coder's reading rules it out."""
        if place is None or place.start is None:
            return place
        if not self._target_place(m, place) and any(
            a <= place.start and place.end <= b for a, b in m.argument_chars
        ):
            # "Iran's general was killed", "accused Kyiv": a place inside an actor's phrase is not where
            # it happened
            return None
        span = m.sent.doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and m.plover.type in COMMUNICATION_TYPES and _in_content(span.root, m.trigger):
            # "called on the Council to impose sanctions on Kigali": the demand's content, not where
            # it was made
            return None
        if span is not None and place.precision == "country" and _modifier_of_non_place(span.root):
            # "near the U.S. embassy": the embassy is in Baghdad, not in the United States ("his Moscow
            # home", "the Baghdad headquarters" are in the city)
            return None
        return place

    @staticmethod
    def _target_place(m: Mention, place: Place) -> bool:
        """True when the place is what an act was done to, or a town in its phrase: "patrolled Harare",
        "captured Jaffna", "raided the Lagos headquarters of a party" happened there."""
        if m.plover.type not in MATERIAL_TYPES or place.start is None or place.end is None:
            return False
        span = (place.start, place.end)
        return span in m.target_chars or (
            place.precision != "country" and any(a <= span[0] and span[1] <= b for a, b in m.target_chars)
        )

    def _split(self, m: Mention, places: list[Place]) -> list[Mention]:
        """Split a mention that reports several events at once ("attacks in Baghdad and on Balad")."""
        families = [w for w in m.weapon_heads if w]
        if len(families) > 1 and m.rule.pos == "V" and not set.intersection(*families):
            # "mortars and rockets hit ...": one event per weapon (not "mortar shells": one noun, one weapon)
            return [replace(m, weapons=w) for w in families]
        linked = _prep_places(m.trigger, places)
        distinct: list[Place] = []
        for p in linked:
            if all(km(p, q) > SAME_PLACE_KM for q in distinct):
                distinct.append(p)
        if len(distinct) > 1 and m.trigger.tag_ in ("NNS", "NNPS"):
            return [replace(m, location=p) for p in distinct]
        return [m]

    def _event(self, document: Document, group: list[Mention], published: datetime | None,
               focus: str | None, fallback: Place | None) -> Event:
        f = group[0]
        entry = cameo_table()[f.code or f.rule.code]
        location = _best_location(group) or fallback
        local = location.country if location is not None else None
        actors = _without_repeats(_unique(_localise(a, local) for m in group for a in m.actors))
        recipients = _unique(_localise(r, local) for m in group for r in m.recipients)
        recipients = _without_repeats([r for r in recipients if r not in actors])
        dated = next((m for m in group if m.date), None)
        date, precision, date_text = (dated.date, dated.date_precision, dated.date_text) if dated else \
            _publication_date(published, location.country if location else focus)
        fatalities = _figure([m.fatalities for m in group])
        injured = _figure([m.injured for m in group])
        evidence = _evidence(document, group)
        key = f"{document.doc_id}|{CODER_VERSION}|{evidence[0].start}|{f.trigger.i}"
        return Event(
            event_id=hashlib.sha1(key.encode()).hexdigest()[:16],
            plover=f.plover, cameo=entry.cameo(), date=date, date_precision=precision, date_text=date_text,
            actors=tuple(actors), recipients=tuple(recipients), location=location,
            fatalities=fatalities, injured=injured, modality=f.modality,
            attribution=next((m.attribution for m in group if m.attribution), None),
            evidence=tuple(evidence), confidence=_confidence(group, actors, recipients, location, dated),
            trigger=f.trigger.text,
        )


# Nouns that make "X <noun>" a place in X ("Baghdad airport", "Kirkuk province", "Balad base").
PLACE_NOUNS = {"airport", "province", "governorate", "district", "city", "town", "village", "base", "region",
               "state", "county", "camp", "port", "border", "area", "valley", "airbase", "crossing", "prison"}
# Parts of a country's ground: "Bosnia's territory", "Venezuela's capital", "Brazil's coastline" are in it.
COUNTRY_PARTS = (geo_words.PLACE_NOUNS | geo_words.PART_OF_PLACE_NOUNS | geo_words.PART_NOUNS | {
    "territory", "coast", "coastline", "soil", "airspace", "waters", "mainland", "interior", "belt", "side"})


# Acts done to a place itself: their object may be the place ("bombed Yugoslavia", "captured Jaffna").
MATERIAL_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"}


def _in_content(token: Token, trigger: Token) -> bool:
    """True when a word hangs from the trigger through the verb of what a statement says ("urged X to
    impose sanctions on Kigali", "accused the army of bombing a market in Omdurman"); not through a
    verb of saying ("told reporters in Bogota") or a clause describing a noun ("talks, which open in
    Mexico City")."""
    verbs = []
    for ancestor in token.ancestors:
        if ancestor == trigger:
            return any(_content_verb(v) for v in verbs) and not any(
                v.dep_ in ("relcl", "acl") or v.lemma_.lower() in SPEECH_VERBS for v in verbs
            )
        if ancestor.pos_ in ("VERB", "AUX"):
            verbs.append(ancestor)
    return False


def _content_verb(verb: Token) -> bool:
    """True for the verb of a complement ("urged X to impose", "said that", "accused X of bombing"),
    an infinitive the parser hung as an adverbial clause included."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return verb.dep_ in CONTENT_DEPS or (verb.dep_ == "advcl" and infinitive)


CONTENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp"})
SPEECH_VERBS = frozenset({"say", "tell"})


def _modifier_of_non_place(token: Token) -> bool:
    """True when a place name only modifies a noun that is not a place ("U.S. embassy", "Iran's general")."""
    return token.dep_ in ("compound", "poss", "amod", "nmod") and token.head.lemma_.lower() not in (
        PLACE_NOUNS | COUNTRY_PARTS)


# Sectors of generic actors ("police", "protesters", "authorities") who belong to the country where
# they act, when the text names no other: ICEWS and PLOVER code them so.
LOCAL_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "CVL", "OPP", "LAB", "EDU", "MED", "BUS", "REF", "REL", "PTY",
                 "AGR", "CRM", "UAF", "REB", "INS", "SPY", "ELI", "HLH"}


def _localise(actor: Actor, country: str | None) -> Actor:
    """Give a generic actor without a country the country where the event took place."""
    if actor.country or not country or actor.name or actor.sector not in LOCAL_SECTORS:
        return actor
    return replace(actor, country=country, code=country + actor.sector)


def _unanchored(m: Mention) -> bool:
    """True for a merely possible event with nothing to pin it down ("to focus on possible new attacks"):
    no one doing it, no target, no place and no date. Such a phrase names a kind of event, not one."""
    return m.modality == "hypothetical" and not (m.actors or m.recipients or m.location or m.date)


def _unique(actors) -> list[Actor]:  # noqa: ANN001 - iterable of Actor
    out: list[Actor] = []
    seen: set[tuple] = set()
    for a in actors:
        key = (a.name, a.country, a.sector) if a.name or a.country else (a.text.lower(), None, a.sector)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _without_repeats(actors: list[Actor]) -> list[Actor]:
    """Drop the actors that repeat another one of the list: a pronoun standing for an actor already
    there ("a suicide bomber" of al-Shabaab, then "it said it had carried out the attack"), and a bare
    country beside an actor phrase of that country ("BELEDWEYNE, Somalia — A suicide bomber ...")."""
    phrases = [a for a in actors if not _pronoun(a) and a.sector is not None]

    def repeats(a: Actor) -> bool:
        if _pronoun(a):
            return any(p.code == a.code or (p.name and p.name == a.name) for p in phrases)
        bare_country = a.sector is None and a.name is not None and a.country is not None
        return bare_country and any(p.country == a.country for p in phrases)

    return [a for a in actors if not repeats(a)]


def _pronoun(actor: Actor) -> bool:
    """True for an actor named by a pronoun ("it", "they", "its")."""
    return actor.text.lower() in PRONOUNS or actor.text.lower() in POSSESSIVES


def _figure(values: list[int | None]) -> int | None:
    """Return the largest figure reported; 0 only when a report says none and none reports more."""
    given = [v for v in values if v is not None]
    return max(given) if given else None


def _best_location(group: list[Mention]) -> Place | None:
    """Return the founder's own place, else the most precise place another mention gives. A finer
    place inside the founder's that a mention of its sentence gives is the event's ("launched an
    offensive in the countryside of Aleppo, targeting the village of Tal Al-'Eiss": Tal Al-'Eiss)."""
    founder = group[0]
    if founder.location is not None and founder.location.precision != "country":
        finer = [
            _within(founder.location, m.location)
            for m in group[1:]
            if m.sent_index == founder.sent_index
            and m.location is not None
            and _finer_within(founder.location, m.location)
        ]
        return min(finer, key=lambda p: PRECISION_RANK.get(p.precision, 5)) if finer else founder.location
    places = [m.location for m in group if m.location is not None]
    return min(places, key=lambda p: PRECISION_RANK.get(p.precision, 5)) if places else None


def _finer_within(outer: Place, inner: Place) -> bool:
    """True when `inner` is a more precise place inside `outer` (a village of the province named). A
    name the gazetteer lacks names a town or a quarter whatever the precision of the point it
    borrowed, and counts when that point's province is the outer place's ("an offensive in the Deir
    Ezzor Governorate, targeting the army's defenses at the Al-Sina'a District")."""
    guessed = inner.feature in GUESSED_FEATURES
    if guessed and outer.precision == "city":  # "an assault in Deir Ezzor, targeting the X District": a
        return contains(outer, inner) and km(outer, inner) <= NESTED_KM  # quarter at (or near) the city's point
    named = "city" if guessed else inner.precision
    if PRECISION_RANK.get(named, 5) >= PRECISION_RANK.get(outer.precision, 5) or not contains(outer, inner):
        return False
    same_province = inner.admin1 is not None and inner.admin1 == outer.admin1
    return not guessed or outer.precision == "country" or same_province


def _within(outer: Place, inner: Place) -> Place:
    """Return the finer place `inner` as it lies in `outer`: a name the gazetteer lacks takes the outer
    place's point, areas and precision (its own point was borrowed, often from a coarser place: the
    Al-Rashidiyah District of Deir Ezzor is at Deir Ezzor's point, not its province's); a known
    place keeps its own."""
    if inner.feature not in GUESSED_FEATURES:
        return inner
    return replace(
        inner,
        country=outer.country,
        lat=outer.lat,
        lon=outer.lon,
        precision=outer.precision,
        admin1=outer.admin1,
        admin2=outer.admin2,
    )


def _evidence(document: Document, group: list[Mention]) -> list[Span]:
    spans = {}
    for m in group:
        start, end = m.sent.start_char, m.sent.end_char
        raw = document.text[start:end]
        start, end = start + len(raw) - len(raw.lstrip()), end - (len(raw) - len(raw.rstrip()))
        spans[start] = Span(document.text[start:end], start, end)
    return [spans[k] for k in sorted(spans)]


def _confidence(group: list[Mention], actors: list, recipients: list, location: Place | None,
                dated: Mention | None) -> float:
    score = 0.4 + 0.1 * bool(actors) + 0.1 * bool(recipients) + 0.1 * bool(dated)
    score += 0.1 * bool(location and location.precision != "country") + 0.1 * (len(group) > 1)
    score -= 0.1 * (group[0].modality == "claimed")
    return round(min(score, 0.95), 2)


def _focus_country(places: Sequence[Place], dateline: Place | None) -> str | None:
    """Return the document's own country: the dateline's, else the most mentioned one."""
    if dateline is not None and dateline.country:
        return dateline.country
    counts = Counter(p.country for p in places if p.country)
    return counts.most_common(1)[0][0] if counts else None


def _prep_places(trigger: Token, places: list[Place]) -> list[Place]:
    """Return the places in prepositional phrases attached to the trigger ('in X and on Y')."""
    preps = [c for c in trigger.children if c.dep_ == "prep"]
    for prep in list(preps):
        preps.extend(c for c in prep.conjuncts if c.dep_ in ("prep", "conj"))
    found = []
    for prep in preps:
        start, end = prep.idx, prep.right_edge.idx + len(prep.right_edge)
        found.extend(p for p in places if p.start is not None and start <= p.start and p.end <= end)
    return found


def _tense(m: Mention) -> str | None:
    if m.modality == "future":
        return "future"
    verb = m.trigger if m.trigger.pos_ == "VERB" else m.sent.root
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    if any(c.lower_ in ("will", "'ll") for c in verb.children):
        return "future"
    return None


def _attached_trigger(token: Token, triggers: set[int], communication_heads: set[int]) -> int | None:
    """Return the index of the trigger a date word hangs under; None when under none, -1 when quoted.

    Under a communication trigger, a date inside its complement ("asked them to leave on Sunday") is the
    date of the thing asked for, not of the asking: it belongs to no trigger (-1).
    """
    cur = token
    for _ in range(12):
        if cur.i in triggers:
            return cur.i
        if cur.head == cur:
            return None
        if cur.dep_ in ("xcomp", "ccomp") and cur.head.i in communication_heads:
            return -1
        cur = cur.head
    return None


class _DatedSentences:
    """What dating needs of each sentence of one document, worked out once however many mentions it holds."""

    def __init__(self, doc_text: str) -> None:
        self.doc_text = doc_text  # the text that was parsed (sentence offsets index it), as a string
        self._texts: dict[int, str | None] = {}
        self._triggers: dict[int, frozenset[int]] = {}

    def text(self, m: Mention) -> str | None:
        """Return the text of the mention's sentence, or None when it holds no word a date is made of."""
        if m.sent_index not in self._texts:
            text = self.doc_text[m.sent.start_char:m.sent.end_char]  # = sent.text, without joining its tokens
            self._texts[m.sent_index] = text if _has_date_words(text) else None
        return self._texts[m.sent_index]

    def triggers(self, m: Mention) -> frozenset[int]:
        """Return the indices of the words in the mention's sentence that could be triggers."""
        if m.sent_index not in self._triggers:
            lemmas = _trigger_lemmas()
            self._triggers[m.sent_index] = frozenset(t.i for t in m.sent if t.pos_ in ("VERB", "NOUN")
                                                     and t.lemma_.lower() in lemmas)
        return self._triggers[m.sent_index]


def _date_mention(m: Mention, published: datetime | None, focus: str | None,
                  sentences: _DatedSentences) -> None:
    """Set the mention's date from the date expression attached to its trigger, if any."""
    if published is None:
        return
    text = sentences.text(m)
    if text is None:
        return
    country = m.location.country if m.location else focus
    found = _dates_in(text, dates.local_anchor(published, country), _tense(m))
    if not found:
        return
    sent = m.sent
    mine = {m.trigger.i, *(t.i for t in m.extra_triggers)}
    triggers = mine | sentences.triggers(m)
    communication = set(mine) if m.plover.type in COMMUNICATION_TYPES else set()
    free, chosen = [], None
    for d in found:
        span = sent.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            continue
        owner = _attached_trigger(span.root, triggers, communication)
        if owner in mine:
            chosen = d
            break
        nearest = min(triggers, key=lambda i: min(abs(i - span.start), abs(i - span.end + 1)))
        if owner is None and nearest in mine:
            free.append(d)
    if chosen is None and len(free) == 1 and not communication:
        # "..., officials said on Saturday": a date under no trigger dates the nearest trigger's event
        chosen = free[0]
    if chosen is not None:
        m.date, m.date_precision, m.date_text = chosen.date, chosen.precision, chosen.text


@lru_cache(maxsize=1)
def _trigger_lemmas() -> frozenset[str]:
    return frozenset(lemma for lemma, _ in triggers())


# Words without which a sentence holds no date expression, in any case: sentences lacking all of them
# skip the date recogniser (most sentences of an article; see _has_date_words).
DATE_HINT = re.compile(
    r"\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b(?:yesterday|today|tonight|tomorrow|ago|last|next|this|week|weekend|month|year|morning|afternoon|evening|"
    r"night|overnight|earlier|later|dawn|noon|midnight|christmas|easter|eid|ramadan|new year)\b")
# The letters that ignoring case matches with an ASCII letter besides its capital: "İ" and "ı" (i), "ſ" (s);
# the Kelvin sign (k) is lowered to "k" anyway.
_CASE_FOLDS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _has_date_words(text: str) -> bool:
    """True when DATE_HINT matches the text in any case. Searching a lower-cased copy finds what searching
    with re.IGNORECASE finds, in half the time."""
    folded = text if text.isascii() else text.translate(_CASE_FOLDS)
    return DATE_HINT.search(folded.lower()) is not None


@lru_cache(maxsize=256)
def _dates_in(text: str, anchor: datetime, tense: str | None) -> tuple:
    return tuple(dates.find_dates(text, anchor, tense=tense))


def _carry_dates(mentions: list[Mention]) -> None:
    """Give an undated 'Moments later, ...' mention the date of the mention just before it."""
    previous = None
    for m in sorted(mentions, key=lambda x: (x.sent_index, x.trigger.i)):
        if m.date is None and previous is not None and _continues_time(m.sent):
            m.date, m.date_precision, m.date_text = previous.date, previous.date_precision, previous.date_text
        if m.date:
            previous = m


def _continues_time(sent: SpacySpan) -> bool:
    """True when a sentence opens as continuing the time of the one before ("Moments later, ...")."""
    opening = {t.lower_ for t in sent[:4]}
    return bool(opening & CARRY_DATE_WORDS) and "later" in opening | {t.lower_ for t in sent[:6]}


def _publication_date(published: datetime | None, country: str | None) -> tuple[str | None, str, str | None]:
    if published is None:
        return None, "publication", None
    local = dates.local_anchor(published, country)
    return local.date().isoformat(), "publication", None
