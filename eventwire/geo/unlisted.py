"""Names the gazetteer lacks that the words around make places: "the village of X", "X district",
"near X", "the X Road", "X Square", "targeting X", "the assault on X".

Villages, roads and squares are where events happen and where annotators put them; the event-location
model (locate_model.py) weighs these names against the places the gazetteer resolved
(recognize.py). They are found per sentence, without a gazetteer look-up.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from eventwire.geo.names import name_key
from eventwire.geo.place_words import (
    AREA_ADJECTIVES,
    MATCHER_STOPWORDS,
    ORGANISATION_WORDS,
    PART_OF_PLACE_NOUNS,
    PLACE_NOUNS,
    PLACE_OBJECT_VERBS,
    SMALL_PLACE_NOUNS,
    STRONG_LOCATIVES,
)
from eventwire.geo.recognize import AYN_MARKS, _lemma, furniture_tokens

# Last words of an unlisted name that make it a body of water or a coast ("the Litani River", "Hongze
# Lake"): a long or wide place, whose borrowed point is good to a region at best (precision admin1).
UNLISTED_WATER_WORDS = frozenset("river lake sea gulf bay canal strait coast".split())
# Capitalised last words that make a run of names a place the gazetteer need not list ("Jandoul
# Road", "Nusour Square", "T-4 Military Airport", "Wadi Barada Valley").
UNLISTED_PLACE_WORDS = UNLISTED_WATER_WORDS | frozenset(
    (
        "square road street avenue highway bridge airport airbase base camp checkpoint crossing valley "
        "mountain mountains hill hills gorge plain plains farms complex dam district quarter village town "
        "island zone orchards springs prospect neighbourhood neighborhood roundabout junction intersection "
        "crossroads"
    ).split()
)
# First words that make a run of names a place in itself: generic words for kinds of place that
# begin toponyms, in English and in the Arabic, Hebrew and Persian place names of conflict news
# ("Tal Bizam" hill, "Kafr Hamra" village, "Jabal Al-Akrad" mountain, "Wadi Barada" valley, "Deir",
# "Beit", "Ain", "Khirbet", "Qaryat", "Bir", "Marj", "Hay", "Souq"; "Camp Johnson", "Mount Vlasic").
PLACE_NAME_HEADS = frozenset(
    (
        "tal tall tell tel talat kafr kfar jabal jebel jibal wadi deir dayr beit bayt ain ayn khirbet "
        "khirbat qaryat bir marj hay hayy souq suq nahr madinat mazraat camp fort mount lake cape"
    ).split()
)
# Lower-case nouns after or before ("the settlement of X") a name that make it a small place.
UNLISTED_PLACE_NOUNS = SMALL_PLACE_NOUNS | frozenset(
    "settlement hamlet region road suburb villages towns".split()
)
# Lower-case buildings after a name that is where they stand ("Bayrampasa prison", "Sadr hospital").
UNLISTED_SITE_NOUNS = frozenset(
    {"prison", "hospital", "mosque", "market", "camp", "checkpoint", "airport", "base"}
)
# Last words of an unlisted name that make it a site rather than a town ("Nusour Square").
UNLISTED_SITE_WORDS = frozenset(
    (
        "square road street avenue highway bridge airport airbase base camp checkpoint crossing farms "
        "complex dam orchards springs prospect roundabout junction intersection crossroads"
    ).split()
)
# Verbs whose object names a place more often than anything else ("entered Rityan", "targeting X");
# not "capture" or "seize": people, titles and medals are captured too.
UNLISTED_OBJECT_VERBS = PLACE_OBJECT_VERBS | {"target"}
NOT_NAME_LABELS = frozenset(
    "DATE TIME NORP MONEY PERCENT QUANTITY CARDINAL ORDINAL EVENT WORK_OF_ART LAW".split()
)
# Nouns whose "on" phrase names the place attacked ("an assault on X", "airstrikes on X").
ATTACK_NOUNS = frozenset("attack assault offensive raid strike airstrike bombardment shelling ambush".split())
# Words that make a run of names a person's ("President Obama", "Prime Minister Netanyahu").
TITLE_WORDS = frozenset(
    (
        "president minister prime king queen prince general gen. colonel col. captain sheikh imam mr. "
        "mrs. ms. dr. sen. gov. secretary pope judge officer commander emir sultan caliph mayor governor "
        "bishop archbishop ayatollah mullah patriarch"
    ).split()
)
NAME_JOINERS = frozenset({"-", "'", "’", "‘"})
ACRONYM_LETTERS = 6  # longest all-capitals word taken for an acronym rather than a place name


def unlisted_names(sent: Span) -> list[Span]:
    """Return the capitalised names of a sentence that the words around make places, whether or not
    the gazetteer lists them: "the village of X", "X district", "near X", "the X Road", "X Square".

    Villages, roads and squares are where events happen and where annotators put them; the
    event-location model weighs these names against the places the gazetteer resolved. Kept per
    sentence in the doc's user_data (token bounds): every event of the sentence asks.
    """
    doc = sent.doc
    found = doc.user_data.setdefault(_UNLISTED_KEY, {})
    key = (sent.start, sent.end)
    if key not in found:
        found[key] = [(n.start, n.end) for n in _unlisted_names(sent)]
    return [doc[start:end] for start, end in found[key]]


_UNLISTED_KEY = "eventwire.unlisted_names"


def _unlisted_names(sent: Span) -> list[Span]:
    furniture = furniture_tokens(sent.doc)
    out: list[Span] = []
    accepted: set[int] = set()
    for run in _name_runs(sent):
        if any(t.i in furniture or t.ent_type_ in NOT_NAME_LABELS for t in run) or _owner(run):
            continue
        if (
            any(t.lower_ in ORGANISATION_WORDS | TITLE_WORDS for t in run)
            or name_key(run.text) in MATCHER_STOPWORDS
            or _acronym(run)
        ):
            continue
        # "the villages of Arak, Bardeh and Sukhanah": a conjunct of a place name is one too
        conjunct = run.root.dep_ in ("conj", "appos") and run.root.head.i in accepted
        if conjunct or _placed_by_frame(run):
            out.append(run)
            accepted.update(t.i for t in run)
    return out


def _acronym(run: Span) -> bool:
    """Return True for a lone all-capitals word ("in the PRI", "FARC", "YPG"): an organisation's
    acronym. Places written so ("DRC", "UAE") are aliases the gazetteer has, never unlisted names."""
    return len(run) == 1 and run.text.isupper() and run.text.isalpha() and len(run.text) <= ACRONYM_LETTERS


def _name_runs(sent: Span) -> Iterable[Span]:
    """Yield the maximal runs of capitalised words in a sentence, joined by hyphens and apostrophes
    ("Tal Al-‘Eiss", "al-Qasa"); a lone sentence-initial word is left out unless a proper noun."""
    tokens = list(sent)  # one Token object each: doc[i] would make a new one on every look
    n, i = len(tokens), 0
    while i < n:
        if not _starts_name(tokens, i):
            i += 1
            continue
        if tokens[i].lower_ in ("the", "a", "an"):
            i += 1  # "The Kljuc region": the article is no part of the name
            continue
        j = i + 1
        while j < n and (_starts_name(tokens, j) or tokens[j].like_num or _joined(tokens, j)):
            j += 1
        while j > i + 1 and tokens[j - 1].text in NAME_JOINERS:
            j -= 1
        if not (j == i + 1 and tokens[i].is_sent_start and tokens[i].pos_ != "PROPN"):
            yield sent[i:j]
        i = j


def _joined(tokens: list[Token], j: int) -> bool:
    """Return True when token j continues a name across a hyphen or an apostrophe ("Al-" + "Haba")."""
    if tokens[j].text in NAME_JOINERS:
        return not tokens[j - 1].whitespace_ and j + 1 < len(tokens) and tokens[j + 1].is_alpha
    return tokens[j - 1].text in NAME_JOINERS and not tokens[j - 1].whitespace_ and tokens[j].is_alpha


def _owner(run: Span) -> bool:
    """Return True for a name that owns a thing other than a part of a place ("President Obama's
    parade", "Netanyahu's offices"); "Aleppo's eastern districts" stays a place."""
    doc = run.doc
    if run.end >= len(doc) or doc[run.end].lower_ not in ("'s", "’s"):
        return False
    return _lemma(run.root.head) not in PLACE_NOUNS | PART_OF_PLACE_NOUNS


def _starts_name(tokens: list[Token], i: int) -> bool:
    """Return True when token i may start a name: a capitalised word or a joined article."""
    token = tokens[i]
    if token.text[:1].isupper() and not token.like_num:
        return True
    if token.text in AYN_MARKS and not token.whitespace_:  # "the village of ‘Ayishah"
        return i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper()
    # "al-Qasa", "el-Helweh": a lower-case article joined to a capitalised name
    return (
        token.lower_ in ("al", "el")
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "-"
        and tokens[i + 2].text[:1].isupper()
    )


def _placed_by_frame(run: Span) -> bool:
    """Return True when a locative frame makes a run of names a place, or its first word is a kind
    of place (PLACE_NAME_HEADS)."""
    doc = run.doc
    if len(run) > 1 and (run[-1].lower_ in UNLISTED_PLACE_WORDS or run[0].lower_ in PLACE_NAME_HEADS):
        return True
    k = run.end
    while k < len(doc) and doc[k].is_space:  # "the Findik  region": wire copy doubles its spaces
        k += 1
    after = doc[k] if k < len(doc) else None
    if after is not None and after.is_lower and _lemma(after) in UNLISTED_PLACE_NOUNS | UNLISTED_SITE_NOUNS:
        return True
    i = run.start - 1
    while i >= 0 and (
        doc[i].lower_ in ("the", "a") or doc[i].lower_ in AREA_ADJECTIVES or doc[i].pos_ == "ADJ"
    ):
        i -= 1
    if i < 0:
        return False
    if doc[i].lower_ == "of":
        return i > 0 and doc[i - 1].lower_ in UNLISTED_PLACE_NOUNS
    proper = all(t.pos_ == "PROPN" or not t.is_alpha for t in run)
    if run.root.dep_ == "dobj" and _lemma(run.root.head) in UNLISTED_OBJECT_VERBS:
        return proper and run.root.ent_type_ != "PERSON"  # "targeting Kabbani", not "besieged Jones"
    if doc[i].lower_ == "on" and i > 0 and _lemma(doc[i - 1]) in ATTACK_NOUNS:
        return proper  # "the assault on Kulbus"
    return doc[i].lower_ in STRONG_LOCATIVES and proper
