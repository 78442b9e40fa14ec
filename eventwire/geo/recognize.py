"""Place mention recognition: spaCy GPE/LOC/FAC entities plus a gazetteer matcher for missed names.

Demonyms ("Iraqi") and names inside organisation or person names are never places here, nor are
names in a dateline's agency credit or in an outlet's name ("(Meridian)", "Great Lakes Herald").
unlisted_names finds the names the words around make places whether or not the gazetteer lists
them ("the village of X", "X Road"), for the event-location model.
A mention is returned as (start, end, cue): character offsets and the precision a cue word beside
it selects ("Kirkuk province" -> admin1), see names.cue_precision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan

from eventwire.geo.datelines import dateline_at
from eventwire.geo.locate import doc_text
from eventwire.geo.names import SITE_CUES, cue_precision, name_key, skeleton_key
from eventwire.geo.place_words import (
    AREA_ADJECTIVES,
    ASSAULT_VERBS,
    BATTLE_NOUNS,
    CAPTURE_VERBS,
    FACILITY_NOUNS,
    LOCATIVE_BEFORE,
    LOCATIVE_PREPS,
    MATCHER_STOPWORDS,
    MAX_NAME_TOKENS,
    MOTION_VERBS,
    NAMED_AREA_WORDS,
    ORGANISATION_WORDS,
    OUTLET_WORDS,
    PART_OF_PLACE_NOUNS,
    PERSONAL_NOUNS,
    PLACE_LABELS,
    PLACE_NOUNS,
    PLACE_OBJECT_VERBS,
    RELABEL_LABELS,
    SETTLEMENT_NOUNS,
    SKELETON_MIN_POPULATION,
    SMALL_PLACE_NOUNS,
    STRONG_LOCATIVES,
    WEEKDAYS,
)
from eventwire.geo.resolve import cue_for
from eventwire.geo.sources import ABBREVIATION, ALTERNATE, OFFICIAL, PRIMARY, SKELETON

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventwire.geo.gazetteer import Gazetteer

_LINE_BREAK = re.compile(r"\n")


CLOCK_WORDS = frozenset({"a.m", "p.m", "am", "pm"})
# Religious and ethnic communities the small model tags NORP: before "neighbourhood" or "village" they
# say whose the place is ("the Shi'ite neighbourhood of X", "a Rohingya Muslim village").
GROUP_WORDS = frozenset(
    (
        "shiite shi'ite shia shi'a sunni alawite druze christian christians muslim muslims jewish hindu sikh "
        "buddhist catholic protestant orthodox coptic yazidi yezidi ismaili rohingya tutsi hutu fulani "
        "hausa igbo yoruba tuareg kurdish kurd kurds pashtun baloch baluch uighur uyghur berber bedouin "
        "turkmen assyrian"
    ).split()
)


POSSESSIVE_ENDINGS = frozenset({"'s", "’s", "'", "’"})
# What happens to a town that owns it ("Kafr Saghir's liberation", "Aleppo's fall"); not to a person,
# whose capture is also said so: a PERSON entity never reaches this test.
GROUND_EVENT_NOUNS = frozenset({"liberation", "capture", "fall", "recapture", "encirclement"})


def find_mentions(doc: Doc, gazetteer: Gazetteer) -> list[tuple[int, int, str | None]]:
    """Return (start, end, cue) of every place mention in `doc`, in text order, without overlaps."""
    furniture = furniture_tokens(doc)
    inside_names = _organisation_tokens(doc)
    taken = [i in furniture or i in inside_names for i in range(len(doc))]
    placed: set[int] = set()  # tokens of accepted place entities (a conjunct of one is a place too)
    mentions: list[tuple[int, int]] = []
    for ent in doc.ents:
        span = None
        if len(ent) > 1 and ent[-1].lower_ in WEEKDAYS and ent.label_ in RELABEL_LABELS:
            ent = SpacySpan(doc, ent.start, ent.end - 1, label=ent.label_)  # "Goma Thursday" tagged ORG
        owner = len(ent) > 1 and ent[-1].lower_ in POSSESSIVE_ENDINGS
        if owner:  # "Aleppo’s" tagged WORK_OF_ART: the name is "Aleppo", a place if what it owns is one
            ent = SpacySpan(doc, ent.start, ent.end - 1, label=ent.label_)
        if any(t.i in furniture for t in ent):
            pass  # "Eastern Europe" in "Eastern Europe Today", "Meridian" in "AMMAN (Meridian) -"
        elif all(t.i in inside_names for t in ent):
            pass  # "Iraq" in "the Islamic State of Iraq and al-Sham", "Colombia" in "... Forces of Colombia"
        elif ent.text.lower().rstrip(".") in CLOCK_WORDS:
            pass  # "around 10 A.M." tagged GPE: a time (the gazetteer has "A.M." for a Belgian town)
        elif ent.label_ in PLACE_LABELS:
            span = _entity_span(ent, gazetteer)
        elif owner and ent.label_ in RELABEL_LABELS and not _owns_place_thing(ent):
            pass  # "at McDonald's", "Dyer's favourite"
        elif (
            ent.label_ in RELABEL_LABELS
            and _may_be_name(ent, gazetteer)
            and (
                _named_area(ent)
                or (_in_place_context(ent, placed) and _known_place(ent, gazetteer))
                or _unmistakably_placed(ent, gazetteer)
                or _major_place_as_nationality(ent, gazetteer)
                or _country_name(ent, gazetteer)
            )
        ):
            span = _entity_span(ent, gazetteer)  # "in Hama" tagged ORG, "Harare's streets" tagged ORG
        if span is not None and _names_no_place(ent, gazetteer):
            span = None
        if span is not None:
            mentions.append(span)
            placed.update(t.i for t in ent)
        for token in ent:
            taken[token.i] = True
    mentions += _gazetteer_matches(doc, gazetteer, taken)
    text = doc_text(doc)
    return [(s, e, cue_for(text, s, e)) for s, e in _without_overlaps(_with_ayn(text, m) for m in mentions)]


# Marks of the Arabic letter ayn that begin transliterated names ("‘Arak", "ʿAyn"): the tokenizer splits
# them off as punctuation, but they are part of the name.
AYN_MARKS = "‘ʿʻ"


def _with_ayn(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Return the span with the ayn mark written right before it ("the villages of ‘Arak")."""
    start, end = span
    if start > 0 and text[start - 1] in AYN_MARKS and (start == 1 or text[start - 2].isspace()):
        return start - 1, end
    return span


def furniture_tokens(doc: Doc) -> frozenset[int]:
    """Return the indexes of tokens in agency credits and outlet names ("(Meridian)" after a
    dateline, "Great Lakes Herald" in a byline): names there say who reports, not where.

    Kept in the doc's user_data: event location asks for every mention of a document."""
    cached = doc.user_data.get(_FURNITURE_KEY)
    if cached is None:
        cached = doc.user_data[_FURNITURE_KEY] = frozenset(_furniture_tokens(doc))
    return cached


_FURNITURE_KEY = "eventwire.furniture_tokens"


def _furniture_tokens(doc: Doc) -> set[int]:
    out: set[int] = set()
    text = doc_text(doc)
    for line_start in (0, *(m.end() for m in _LINE_BREAK.finditer(text))):
        match = dateline_at(text, line_start)
        if match is not None and match.group("credit"):
            span = doc.char_span(*match.span("credit"), alignment_mode="expand")
            out.update(t.i for t in span or ())
    for match in _OUTLET_WORD.finditer(text):  # a search of the text, not a walk over every token
        word = doc.char_span(*match.span())
        if word is not None and len(word) == 1:
            out.update(_outlet_name(word[0]))
    return out


_OUTLET_WORD = re.compile(r"\b(?:" + "|".join(sorted(OUTLET_WORDS)) + r")\b")


def _outlet_name(word: Token) -> list[int]:
    """Return the tokens of the outlet name that `word` ends ("Great Lakes" + "Herald", "Times" + "of
    India"), or [] when no capitalised name runs into it or a capitalised word follows it ("Times Square")."""
    doc = word.doc
    start = word.i
    while start > 0 and (doc[start - 1].text[:1].isupper() or doc[start - 1].text == "-"):
        start -= 1
    end = word.i + 1
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].text[:1].isupper():
        end += 1  # "Times of India"
        while end < len(doc) and doc[end].text[:1].isupper():
            end += 1
    elif end < len(doc) and doc[end].text[:1].isupper():
        return []
    return list(range(start, end)) if start < word.i or end > word.i + 1 else []


def _organisation_tokens(doc: Doc) -> set[int]:
    """Return the indexes of tokens inside the organisations' names the actor dictionary finds in
    `doc` when the name is longer than one word ("the Revolutionary Armed Forces of Colombia", "the
    Islamic State of Iraq and al-Sham"): a place named there names the group, not where it is; one
    after "in" says where it serves and stays a place ("the UN Interim Force in Lebanon")."""
    from eventwire.coding.dictionary import ActorDictionary  # the bundled dictionary, cached by load()

    out: set[int] = set()
    for start, end, _entry in ActorDictionary.load().find_long_names([t.text for t in doc], "organization"):
        where = next((i for i in range(start, end) if doc[i].lower_ == "in"), end)
        out.update(range(start, where))  # "the Interim Force in Lebanon" says where it serves
    return out


def _owns_place_thing(ent: Span) -> bool:
    """Return True when what a name owns is ground, a building or what befalls a town ("Aleppo's
    residential areas", "Butte's airport", "Kafr Saghir's liberation")."""
    return _lemma(ent.root.head) in (
        PLACE_NOUNS | FACILITY_NOUNS | BATTLE_NOUNS | GROUND_EVENT_NOUNS | PART_OF_PLACE_NOUNS
    ) - {"part", "parts"}


def _names_no_place(name: Span, gazetteer: Gazetteer) -> bool:
    """Return True for a name the actor dictionary knows as an armed group, a party or a force
    ("Hamas", "Islamic State") unless it is also a major place's ("Duma", "Morena"), or that an
    apposition calls a person ("Park, an army soldier, was captured"): never an organisation or a
    person as a place, whatever the gazetteer spells alike. Organisations named by their seat
    ("White House", "Brussels", "the Duma") keep their place reading."""
    from eventwire.coding.dictionary import ActorDictionary  # the bundled dictionary, cached by load()

    dictionary = ActorDictionary.load()
    text = " ".join(t.text for t in name if t.lower_ != "the")
    entry = dictionary.match(text)
    if entry is not None and entry.kind == "organization" and entry.sector in GROUP_SECTORS:
        return not any(
            c.kind in (PRIMARY, OFFICIAL)
            and (c.precision in ("country", "admin1") or c.population >= MAJOR_PLACE_POPULATION)
            for c in gazetteer.candidates(name_key(text))
        )
    return any(  # "a" or "an": one person ("Vancouver, the doctors and nurses" and "Oakland, police" are not)
        c.dep_ == "appos"
        and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.children)
        and (_lemma(c) in PERSON_NOUNS or dictionary.agent_sector(_lemma(c)) is not None)
        for c in name.root.children
    )


# Sectors of organisations that are no seat of power: armed groups, parties, forces, services.
GROUP_SECTORS = frozenset({"REB", "INS", "PTY", "MIL", "SPY", "CRM", "UAF", "SEP", "RAD"})
MAJOR_PLACE_POPULATION = 100_000  # a town this big keeps its name when a group shares it ("Duma")
# Nouns of people an apposition may give a name ("Park, an army soldier"), besides the actor
# dictionary's agent nouns (soldier, policeman, rebel, ...).
PERSON_NOUNS = frozenset(
    "man woman boy girl father mother son daughter brother sister husband wife resident student teacher "
    "farmer driver doctor nurse journalist reporter priest cleric imam lawyer businessman".split()
)


def _may_be_name(ent: Span, gazetteer: Gazetteer) -> bool:
    """Return False for a mislabelled entity no place name looks like: one with a number in it ("the
    1967 Mideast war"), an adjective ("the Kurdish district", "the Arab town of Taiba": the town is
    the place) or an organisation's acronym ("the ISIS-led offensive"; "US" and "DRC" are aliases)."""
    if any(t.like_num for t in ent) or ent.root.pos_ == "ADJ":
        return False
    if all(t.lower_.replace("’", "'").rstrip("-") in GROUP_WORDS for t in ent):
        return False  # "the Shi'ite neighbourhood of Kadhimiya": a community, not the place's name
    acronym = ent.label_ == "ORG" and ent.text.replace(".", "").isupper()
    return not acronym or any(c.kind == ABBREVIATION for c in gazetteer.lookup(ent.text))


def _in_place_context(ent: Span, placed: set[int]) -> bool:
    """Return True when the text around a mislabelled entity says it is a place.

    The small model tags many towns ORG, PERSON or NORP; these contexts make the place reading
    safe enough to accept a gazetteer name (measured on the fit half of the event-location set):
    a locative word before it ("in northern Hama"), the object of a locative preposition ("attacks
    on Aleppo"), a conjunct or apposition of a place ("Saraqib, Binnish and Taftanaz", "the capital
    Colombo"), a place noun after it ("Nineveh province") or a possessive of a place noun or a
    building ("Harare's streets"), the object of a verb that takes places ("patrolled Goma"). A
    PERSON entity needs a place word: "Anderson's apartment", "protests against Assad" and
    "captured Kennedy" are about people.
    """
    root, doc = ent.root, ent.doc
    person = ent.label_ == "PERSON"
    after = doc[ent.end] if ent.end < len(doc) else None
    possessive = after is not None and after.lower_ in ("'s", "’s")
    if person and possessive:  # "at Anderson's apartment": whose, not where
        return _lemma(root.head) in PLACE_NOUNS | (FACILITY_NOUNS - PERSONAL_NOUNS)
    if _after_locative(ent, verbs=not person):
        return True
    if any(c.dep_ == "appos" and _lemma(c) in PLACE_NOUNS for c in root.children):
        return True  # "Jaffna, the capital of ...", "control of Azaz, a strategic city"
    dep, head = root.dep_, root.head
    if dep == "pobj" and head.lower_ in ("for", "of") and _lemma(head.head) in BATTLE_NOUNS:
        return True  # "the battle for Manbij", "the siege of Vukovar"
    if dep == "pobj" and head.lower_ in ("to", "towards", "toward") and _lemma(head.head) in MOTION_VERBS:
        return True  # "retreated towards Jarablus", "returned to Hurlburt"
    if dep == "compound" and head.lower_ in WEEKDAYS:  # "patrolled Harare Saturday": the day took its place
        dep, head = "dobj", head.head
    if dep == "pobj" and head.lower_ in (STRONG_LOCATIVES if person else LOCATIVE_PREPS):
        return True
    if dep == "dobj" and _lemma(head) in PLACE_OBJECT_VERBS | (set() if person else CAPTURE_VERBS):
        return True
    if root.dep_ in ("conj", "appos") and (root.head.i in placed or _lemma(root.head) in PLACE_NOUNS):
        return True
    if possessive:  # "Harare's streets", "Kafr Saghir's liberation"
        return _lemma(root.head) in PLACE_NOUNS | FACILITY_NOUNS | BATTLE_NOUNS | GROUND_EVENT_NOUNS
    return after is not None and after.is_lower and _lemma(after) in PLACE_NOUNS and root.dep_ == "compound"


def _major_place_as_nationality(ent: Span, gazetteer: Gazetteer) -> bool:
    """Return True for a NORP entity that is a major place's name and no nationality word: the small
    model tags towns it does not know as groups of people ("the corridor of Aleppo", "Kisangani was
    captured"); a real NORP ("Kurdish", "Shiite") is a demonym or no major place's name."""
    if (
        ent.label_ != "NORP"
        or any(t.lower_ in ORGANISATION_WORDS for t in ent)
        or gazetteer.is_demonym(ent.text)
    ):
        return False
    return all(t.pos_ == "PROPN" for t in ent) and gazetteer.matchable(name_key(ent.text))


def _country_name(ent: Span, gazetteer: Gazetteer) -> bool:
    """Return True for an entity tagged as an organisation or a work that is a country's own name ("a
    trip to Sierra Leone" tagged ORG). A PERSON entity is left to the place contexts ("Chad", "Jordan")."""
    if ent.label_ == "PERSON" or any(t.lower_ in ORGANISATION_WORDS for t in ent):
        return False
    words = [t for t in ent if t.lower_ != "the"]
    if not words or not all(t.pos_ == "PROPN" for t in words):
        return False
    text = " ".join(t.text for t in words)
    return any(
        c.precision == "country" and c.kind not in (ALTERNATE, SKELETON) for c in gazetteer.lookup(text)
    )


def _unmistakably_placed(ent: Span, gazetteer: Gazetteer) -> bool:
    """Return True for a name the gazetteer may lack that the words around make a place: "inside
    X", "the village of X", "X neighbourhood". The resolver places it at the document's focus.

    Looser words ("from", "at") are left out: "a call from Smith", "looked at Jones".
    """
    if any(t.lower_ in ORGANISATION_WORDS for t in ent) or gazetteer.is_demonym(ent.text):
        return False
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is not None and after.is_lower and _lemma(after) in SMALL_PLACE_NOUNS:
        return True
    if after is not None and after.lower_ in POSSESSIVE_ENDINGS and _lemma(ent.root.head) not in PLACE_NOUNS:
        return False  # "broke into Mohammed's house": "into" is said of the house, the name is whose
    root = ent.root
    if root.dep_ == "compound" and root.head.pos_ == "PROPN" and root.head not in ent:
        return False  # "in the Islamic State": the first word of a longer name
    i = ent.start - 1
    while i >= 0 and (doc[i].lower_ in ("the", "a") or doc[i].lower_ in AREA_ADJECTIVES):
        i -= 1
    if i < 0:
        return False
    if doc[i].lower_ == "of":
        return i > 0 and _lemma(doc[i - 1]) in SMALL_PLACE_NOUNS
    return doc[i].lower_ in STRONG_LOCATIVES


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _after_locative(ent: Span, *, verbs: bool = True) -> bool:
    """Return True when the entity follows a locative word ("in", "near", "town of"), maybe across
    an article or a direction word ("in the north of", "near eastern"), or (`verbs`) an assault verb."""
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and (doc[i].is_space or doc[i].lower_ in ("the", "a") or doc[i].lower_ in AREA_ADJECTIVES):
        i -= 1  # a wire copy's doubled space is a token of its own ("in  Dhuluiya")
    if i < 0:
        return False
    before = doc[i]
    if before.lower_ in ("of", "like") and i > 0:  # "the town of X", "villages like X and Y"
        return _lemma(doc[i - 1]) in PLACE_NOUNS | (PART_OF_PLACE_NOUNS if before.lower_ == "of" else set())
    if before.is_lower and before.pos_ == "NOUN" and _lemma(before) in SETTLEMENT_NOUNS:
        return True  # "including capital Dhaka", "the border town Kismayo"
    if before.text == "," and i > 0 and doc[i - 1].is_lower and _lemma(doc[i - 1]) in SETTLEMENT_NOUNS:
        return _closes_apposition(ent)  # "in the heart of the capital, Sana, while ..."
    return before.lower_ in LOCATIVE_BEFORE or (verbs and before.lower_ in ASSAULT_VERBS)


def _closes_apposition(ent: Span) -> bool:
    """Return True when punctuation or the sentence's end follows the name, as after an apposition
    ("the capital, Sana, while ..."); "in the capital, Jackson said" goes on with the clause."""
    doc = ent.doc
    return ent.end >= len(doc) or doc[ent.end].is_punct or doc[ent.end].is_sent_start


def _known_place(ent: Span, gazetteer: Gazetteer) -> bool:
    """Return True when a mis-labelled entity names a known place and nothing organisational."""
    if any(t.lower_ in ORGANISATION_WORDS for t in ent) or gazetteer.is_demonym(ent.text):
        return False
    words = [t for t in ent if t.lower_ not in ("the", "a")]
    if len(words) > 1 and cue_precision(words[-1].text):
        words = words[:-1]  # "Jobar District": the name is "Jobar"
    text = " ".join(t.text for t in words)
    return any(
        c.kind != ALTERNATE
        and (c.kind != SKELETON or c.population >= SKELETON_MIN_POPULATION or c.precision != "city")
        for c in gazetteer.candidates(name_key(text)) + gazetteer.candidates(skeleton_key(text))
    )


def _named_area(ent: Span) -> bool:
    """Return True for a name that carries its own area word ("Al-Sina'a District", "Homs Governorate").

    Such a name is a place whatever label the model gave it, unless it names an organisation.
    """
    last = ent[-1]
    return (
        len(ent) > 1
        and last.text[:1].isupper()
        and last.lower_ in NAMED_AREA_WORDS
        and not any(t.lower_ in ORGANISATION_WORDS for t in ent)
    )


def _char_span(tokens: Span) -> tuple[int, int]:
    return tokens.start_char, tokens.end_char


# Small words inside hyphened place names ("Croix-des-Bouquets", "Port-au-Prince", "Saint-Jean-de-Luz").
NAME_PARTICLES = frozenset(
    {"de", "des", "du", "la", "le", "les", "en", "sur", "au", "aux", "el", "al", "di", "da", "do"}
)


def _entity_span(ent: Span, gazetteer: Gazetteer) -> tuple[int, int] | None:
    """Return the character span of a GPE/LOC/FAC entity as a place mention, or None."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and (doc[start].lower_ in ("the", "a") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    if start >= end or gazetteer.is_demonym(doc[start:end].text):
        return None
    span = _with_hyphened_parts(doc[start:end], gazetteer)
    extended = _with_site_word(span, gazetteer)
    if extended is not None:
        return extended
    if ent.label_ == "FAC" and not _known(span.text, gazetteer) and not _named_area(span):
        return None  # a road, bridge or building the gazetteer cannot place
    last = span[-1]
    if len(span) > 1 and cue_precision(last.text) and last.is_lower:
        span = doc[start : end - 1]  # "Kirkuk province": the name is "Kirkuk", the cue stays beside it
    span = _with_area_word(span)
    first = span[0]
    described = first.is_lower or not _known(span.text, gazetteer)
    if len(span) > 1 and first.lower_ in AREA_ADJECTIVES and described:
        span = span[1:]  # "Northeast Georgia", "Historic Dublin", "east Jerusalem": the name after it
    start_char, end_char = _char_span(span)
    if "." in span.text and doc_text(doc)[end_char : end_char + 1] == ".":
        end_char += 1  # "W.Va." at a sentence end: the tokenizer gave its period to the sentence
    return start_char, end_char


def _with_hyphened_parts(span: Span, gazetteer: Gazetteer) -> Span:
    """Return the span grown over the hyphened parts of its name that the model left out: "Croix" of
    "Croix-des-Bouquets", "Aix" of "Aix-en-Provence" (the tokenizer splits at hyphens). Only into a
    name the gazetteer knows or one joined by a particle, not "the Kyiv-Moscow talks"."""
    doc, end = span.doc, span.end
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        end += 2
    if end == span.end or not doc[end - 1].text[:1].isupper():
        return span
    grown = doc[span.start : end]
    parts = {t.lower_ for t in grown[len(span) :]}
    return grown if _known(grown.text, gazetteer) or parts & NAME_PARTICLES else span


def _with_area_word(span: Span) -> Span:
    """Return the span grown over a capitalised area word that is part of the name ("Homs" +
    "Governorate", "Jobar" + "District"), unless a capitalised word follows it ("Aleppo City Council").

    Annotators (and the names themselves) count a capitalised area word in the name, a lower-case one
    ("Kirkuk province") not; the resolver reads the word as a cue either way.
    """
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is None or not after.text[:1].isupper() or after.lower_ not in NAMED_AREA_WORDS:
        return span
    if span.end + 1 < len(doc) and doc[span.end + 1].text[:1].isupper():
        return span
    return doc[span.start : span.end + 1]


def _known(text: str, gazetteer: Gazetteer) -> bool:
    return bool(gazetteer.candidates(name_key(text)))


def _with_site_word(span: Span, gazetteer: Gazetteer) -> tuple[int, int] | None:
    """Return the span grown over a site word ("Baghdad" + "airport", "Camp" + "Taji") naming a site."""
    doc = span.doc
    for size in (2, 1):  # "air base" before "base"
        after = doc[span.end : span.end + size]
        if (
            len(after) == size
            and after[-1].lower_ in SITE_CUES
            and _known(doc[span.start : span.end + size].text, gazetteer)
        ):
            return span.start_char, after.end_char
    if span.start > 0 and doc[span.start - 1].lower_ in SITE_CUES:
        wider = doc[span.start - 1 : span.end]
        if _known(wider.text, gazetteer):
            return _char_span(wider)
    return None


def _gazetteer_matches(doc: Doc, gazetteer: Gazetteer, taken: list[bool]) -> Iterable[tuple[int, int]]:
    """Yield spans of capitalised, untagged token runs that name a major place in the gazetteer."""
    tokens = list(doc)  # one Token object each: doc[i] makes a new one on every look
    i = 0
    while i < len(tokens):
        if taken[i] or not tokens[i].text[:1].isupper():
            i += 1
            continue
        match = _longest_match(doc, tokens, i, gazetteer, taken)
        if match is None:
            i += 1
            continue
        if not _names_no_place(doc[i:match], gazetteer):
            yield _char_span(doc[i:match])
        i = match


def _longest_match(
    doc: Doc, tokens: list[Token], i: int, gazetteer: Gazetteer, taken: list[bool]
) -> int | None:
    """Return the end token index of the longest gazetteer name starting at token i, or None."""
    if tokens[i].lower_ in ("the", "a", "an"):
        return None
    for size in range(min(MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
        last = tokens[i + size - 1]
        if any(taken[i : i + size]) or not (last.text[:1].isupper() or last.lower_ in SITE_CUES):
            continue
        words = tokens[i : i + size]
        if any(t.is_punct and t.text not in ("-", "'") for t in words) or last.lower_ in ("of", "and"):
            continue
        span = doc[i : i + size]
        key = name_key(span.text)
        if key in MATCHER_STOPWORDS or gazetteer.is_demonym(span.text):
            continue
        if size == 1 and words[0].text.endswith("."):
            if any(c.kind == ABBREVIATION for c in gazetteer.candidates(key)):
                return i + size  # "Ky.", "W.Va.": an abbreviation aliases.tsv lists ("Sen." is not one)
            continue
        if size == 1 and not _plausible_single(words[0]):
            continue
        if gazetteer.matchable(key) or (_after_locative(span) and _known_place(span, gazetteer)):
            return i + size
    return None


def _plausible_single(token: Token) -> bool:
    """Return True when a lone capitalised token may be a place name (a proper noun, not a sentence start)."""
    if token.text.isupper() and len(token.text) <= 3 and not token.text.endswith("."):
        return token.text in ("US", "UK", "UAE", "DRC", "EU")
    if token.is_sent_start and token.pos_ != "PROPN":
        return False
    return token.pos_ == "PROPN" and not token.text.endswith(".")


def _without_overlaps(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return spans in text order, keeping the longer of two overlapping spans."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0]:
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return kept
