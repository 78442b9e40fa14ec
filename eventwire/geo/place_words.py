"""Word lists of places (recognize.py, unlisted.py, locate.py): entity labels, the words around a
mislabelled name that make it a place, organisation and outlet words, area adjectives, locative
prepositions, and the nouns of places, their parts and the buildings in them.

Each list says what it is for; the rules that read them live in recognize.py.
"""

from __future__ import annotations

from eventwire.geo.names import ADMIN1_CUES, ADMIN2_CUES

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# The small model often tags a town as ORG or PERSON; after a locative preposition ("in Hama",
# "near Palmyra") a known place name is taken as the place. Measured on the event-location dev set.
# EVENT entities are left alone: "the 1967 Mideast war" and "Wimbledon" name occurrences, not places.
RELABEL_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "LANGUAGE", "WORK_OF_ART"})
# Days the small model glues to a name or hangs a name on ("Goma Thursday", "patrolled Harare Saturday").
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
LOCATIVE_BEFORE = frozenset(
    {
        "in",
        "near",
        "at",
        "outside",
        "around",
        "into",
        "inside",
        "from",
        "towards",
        "toward",
        "across",
    }
)
# Verbs whose object is a place more often than not ("shelled Hama", "captured Palmyra"); not for a
# PERSON entity, whom they take as often ("captured Saddam", "a camera captured Prince Charles").
ASSAULT_VERBS = frozenset({"besieged", "shelled", "stormed", "captured", "seized"})
# Lemmas of verbs whose direct object is a place ("patrolled Harare", "entering Palmyra"); the
# capturing ones not for a PERSON entity (people are captured and seized too).
PLACE_OBJECT_VERBS = frozenset(
    {"patrol", "shell", "storm", "besiege", "bomb", "enter", "overrun", "recapture", "liberate", "encircle"}
)
CAPTURE_VERBS = frozenset({"capture", "seize", "occupy", "raid"})
# Nouns of a fight for ground: the name after "for" or "of" is the place fought over ("the battle for
# Manbij", "the siege of Vukovar"), whatever label the model gave it.
BATTLE_NOUNS = frozenset({"battle", "fight", "struggle", "siege", "offensive"})
# Verbs of going somewhere: the name after "to" or "towards" is where the mover went ("retreated
# towards Jarablus", "returned to Hurlburt"); not "send" or "write", whose "to" is often a person.
MOTION_VERBS = frozenset(
    "move flee return deploy travel retreat withdraw head march drive fly go come relocate evacuate advance "
    "redeploy escape".split()
)
# Things a person's name may own that are not in a place of that name ("Anderson's apartment").
PERSONAL_NOUNS = frozenset({"home", "house", "apartment", "flat", "hotel", "office", "offices", "residence"})
# Nouns whose "of" phrase names the place they are part of ("the streets of Freetown").
PART_OF_PLACE_NOUNS = frozenset({"street", "streets", "heart", "outskirt", "outskirts", "entrance", "edge"})
ORGANISATION_WORDS = frozenset(
    {
        "ministry",
        "army",
        "council",
        "party",
        "front",
        "brigade",
        "brigades",
        "forces",
        "force",
        "police",
        "committee",
        "movement",
        "group",
        "agency",
        "company",
        "bank",
        "university",
        "school",
        "hospital",
        "church",
        "mosque",
        "news",
        "times",
        "post",
        "court",
        "government",
        "office",
        "department",
        "union",
    }
)
# Words before a name that narrow it to part of the place ("Northeast Georgia"); dropped when the
# whole phrase is not itself a gazetteer name (as "North Carolina" is).
AREA_ADJECTIVES = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "greater",
        "historic",
        "downtown",
        "metro",
        "rural",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    }
)
# Words that put an unknown name as a place whatever the NER says ("inside X", "the village of X",
# "X neighbourhood"); measured on the fit half of the event-location set.
STRONG_LOCATIVES = frozenset(
    {"in", "near", "inside", "outside", "around", "into", "towards", "toward", "through"}
)
# Kinds of settlement that, in lower case right before a name, make it one ("including capital Dhaka",
# "the border town Kismayo"); not "state" or "county", which precede bodies ("the state House").
SETTLEMENT_NOUNS = frozenset(
    "capital city town village province district governorate port island enclave camp suburb "
    "municipality commune settlement hamlet stronghold hometown".split()
)
SMALL_PLACE_NOUNS = frozenset(
    {
        "village",
        "town",
        "city",
        "district",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "quarter",
        "area",
        "camp",
    }
)
# Capitalised words that make a name an area's name ("Homs Governorate", "Jobar District"); "State",
# "City" and "Department" are left out: "Ohio State", "Bristol City" and "Kentucky Department of
# Transportation" are teams and agencies more often than places.
NAMED_AREA_WORDS = (ADMIN1_CUES | ADMIN2_CUES | {"town", "village"}) - {
    "state",
    "republic",
    "territory",
    "department",
}
# A mislabelled entity is taken as a place via a spelling-blind match only for towns this big
# (or areas and sites): smaller namesakes matched too many surnames.
SKELETON_MIN_POPULATION = 1_000
MAX_NAME_TOKENS = 5  # longest gazetteer name tried by the matcher ("Bosnia and Herzegovina" is 3)
# Capitalised words that are gazetteer names somewhere but in news copy are nearly always something
# else; the matcher (not the NER) must not propose them alone.
MATCHER_STOPWORDS = frozenset(
    {
        "a",
        "i",
        "we",
        "he",
        "she",
        "it",
        "they",
        "the",
        "this",
        "that",
        "police",
        "army",
        "president",
        "minister",
        "mayor",
        "governor",
        "general",
        "state",
        "city",
        "county",
        "district",
        "province",
        "north",
        "south",
        "east",
        "west",
        "central",
        "national",
        "international",
        "university",
        "church",
        "street",
        "road",
        "hospital",
        "news",
        "reuters",
        "court",
        "center",
        "centre",
        "union",
        "march",
        "may",
        "june",
        "july",
        "august",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "christmas",
        "easter",
        "god",
        "mobile",
        "reading",
        "independence",
        "liberty",
        "victoria",
        "jackson",
        "lincoln",
        "clinton",
        "obama",
        "bush",
        "trump",
        "biden",
        "washington post",
        "al",
        "el",
        "tal",
        "abu",
        "ibn",
        "bin",
        "western",
        "eastern",
        "northern",
        "southern",
        "town",
        "major",
        "colonel",
        "captain",
        "lieutenant",
        "sergeant",
        "private",
        "commander",
        "chief",
        "king",
        "prince",
        "queen",
        "sheikh",
        "imam",
        "saint",
        "mount",
        "lake",
        "river",
        "new",
        "old",
        "great",
    }
)


# Capitalised words that end the name of a newspaper or wire ("Great Lakes Herald", "Eastern Europe
# Today", "Times of India"): a place named inside an outlet's name is no place of the story.
OUTLET_WORDS = frozenset(
    (
        "Herald Times Post News Tribune Journal Gazette Chronicle Daily Monitor Observer Telegraph "
        "Courier Dispatch Bulletin Today Inquirer Examiner Sentinel Star Sun Mail Express Guardian Press "
        "Review Wire"
    ).split()
)

# ---- event location (locate.py) and the recognition rules that share its nouns
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "near",
        "at",
        "on",
        "outside",
        "around",
        "over",
        "across",
        "into",
        "inside",
        "within",
        "throughout",
        "along",
        "off",
        "onto",
        "towards",
        "toward",
        "through",
        "between",
        "beside",
        "nearby",
        "outside of",
        "upon",
        "against",
    }
)
# Nouns a place name may modify and still be the place ("Kayamla village", "the city of Nablus").
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "area",
        "district",
        "state",
        "county",
        "governorate",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "capital",
        "camp",
        "border",
        "outskirts",
        "part",
        "parts",
        "centre",
        "center",
        "north",
        "south",
        "east",
        "west",
        "port",
        "island",
        "enclave",
        "countryside",
        "suburbs",
        "lga",
        "municipality",
        "quarter",
        "valley",
        "stronghold",
        "hometown",
        "bastion",
        "commune",
        "settlement",
        "hamlet",
    }
)
# Parts of a place: in "the X district of Y" the event is in X, a part of Y.
PART_NOUNS = frozenset(
    {
        "district",
        "neighbourhood",
        "neighborhood",
        "area",
        "quarter",
        "suburb",
        "sector",
        "part",
        "outskirt",
        "outskirts",
    }
)
# Buildings and sites a place name may modify: "his Moscow home", "an eastern Caracas hotel".
FACILITY_NOUNS = frozenset(
    {
        "home",
        "house",
        "apartment",
        "flat",
        "hotel",
        "headquarters",
        "office",
        "offices",
        "embassy",
        "consulate",
        "market",
        "hospital",
        "mosque",
        "church",
        "school",
        "prison",
        "jail",
        "airport",
        "base",
        "station",
        "bridge",
        "square",
        "street",
        "checkpoint",
        "restaurant",
        "cafe",
        "shop",
        "mall",
        "stadium",
        "university",
        "campus",
        "compound",
        "palace",
        "residence",
        "building",
        "port",
    }
)
DIRECTION_WORDS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outside"}
)
DISTANCE_WORDS = frozenset({"away", "km", "kms", "kilometers", "kilometres", "miles", "meters", "metres"})
