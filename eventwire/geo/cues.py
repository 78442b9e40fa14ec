"""Where the writer is, from an article's words other than place names: currency signs and
phone-number formats. A local paper rarely names its own country; its prices and phone numbers do
("Mansfield" with "$10.3 million" is the Texas or Ohio town, not the English one).

Nationality words are not cues here: they name what a story is about more than where it was
written ("British officials said" in a Washington story); counting them lowered accuracy in
cross-validation on the fit half (LGL within 161 km 0.900 against 0.905 without).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from eventwire.errors import DataFileError

CUES_PATH = Path(__file__).parent / "data" / "country_cues.tsv"
PHONE_CUE = "phone:nanp"
_CURRENCY_SIGN = re.compile(r"([$£€])\s?\d")
# A North American phone number: the tail is searched first (fast), then the area code before it.
_PHONE_TAIL = re.compile(r"\d{3}-\d{4}\b")
_PHONE_AREA = re.compile(r"(?:\(\d{3}\)\s?|(?<!\d)\d{3}-)$")


@lru_cache(maxsize=1)
def read_cues(path: Path = CUES_PATH) -> dict[str, tuple[str, ...]]:
    """Return cue -> the ISO alpha-3 countries it points at, from data/country_cues.tsv."""
    cues = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\r\n").split("\t")
            codes = tuple(cols[1].split()) if len(cols) == 2 else ()
            if not codes or not all(len(c) == 3 and c.isupper() for c in codes):
                raise DataFileError(str(path), number, "expected a cue, a tab and ISO alpha-3 codes")
            cues[cols[0]] = codes
    return cues


def text_countries(text: str) -> Counter[str]:
    """Return how many cues of the text point at each country (ISO alpha-3)."""
    cues = read_cues()
    out: Counter[str] = Counter()
    for sign in _CURRENCY_SIGN.findall(text):
        out.update(cues.get(sign, ()))
    if any(_PHONE_AREA.search(text[max(0, m.start() - 6) : m.start()]) for m in _PHONE_TAIL.finditer(text)):
        out.update(cues.get(PHONE_CUE, ()))
    return out
