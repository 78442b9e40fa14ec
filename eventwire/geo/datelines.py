"""Datelines: "AMMAN, April 16 (Meridian) - " opens a wire story with where the reporter files from.

A dateline's place is no event's place (locate.sentence_places), its agency credit no place at all
(recognize.py), and a story's body starts after it (coding: the body's places).
"""

from __future__ import annotations

import re

# A dateline at the start of a line: "AMMAN, April 16 (Meridian) - ", "KABUL - ", "PORT-AU-PRINCE, May 2 - ".
# Its place is where the reporter files from, its bracket the agency; dateline_at checks the rest
# (capitals or a date) so that "Kobane - the town ..." is no dateline.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_IN_DATELINE = re.compile(rf"\b(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}|\d{{4}}-\d\d-\d\d)\b")
_DATELINE = re.compile(
    r"[ \t]*(?P<place>[A-Z](?:[^\n()\-\u2013\u2014]|-(?=\S)){0,50}?)[ \t]*"
    r"(?:\((?P<credit>[^()\n]{1,40})\)[ \t]*)?(?:--|-|\u2013|\u2014)[ \t]"
)


def dateline_at(text: str, start: int) -> re.Match[str] | None:
    """Return the dateline opening the line at `start` ("AMMAN, April 16 (Meridian) - "), or None.

    A dateline's place is written in capitals, or is a capitalised name followed by a date ("Kirkuk,
    Iraq, Jan. 5 -"); its bracket, if any, credits the agency. A clause before a dash is none ("Some
    6,000 people demonstrated in Istanbul -- 3,000 on both sides").
    """
    match = _DATELINE.match(text, start)
    if match is None:
        return None
    place = match.group("place")
    head = place.split(",")[0].strip()
    if head.isupper():
        return match
    named = all(word[:1].isupper() for word in head.split())
    return match if named and _DATE_IN_DATELINE.search(place) else None


def dateline_end(text: str, position: int) -> int:
    """Return where the dateline of the line holding `position` ends, or -1 when it has none."""
    match = dateline_at(text, text.rfind("\n", 0, position) + 1)
    return match.end() if match else -1
