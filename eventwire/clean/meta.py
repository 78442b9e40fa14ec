"""Article metadata read from the text itself: wire credits and the dateline."""

from __future__ import annotations

import re

# Agency names as credited in copy, with the canonical short name. Case-sensitive: "AP" and "PTI"
# are only credits in capitals, and "AP" only in credit positions (see _AP).
WIRE_AGENCIES = {
    "AFP": r"AFP|Agence France[- ]Presse",
    "Reuters": r"Reuters",
    "AP": r"Associated Press",
    "ANI": r"ANI",
    "PTI": r"PTI|Press Trust of India",
    "IANS": r"IANS",
    "Xinhua": r"Xinhua",
    "dpa": r"dpa|Deutsche Presse-Agentur",
    "EFE": r"EFE",
    "Anadolu": r"Anadolu(?: Agency)?",
    "Kyodo": r"Kyodo",
    "Yonhap": r"Yonhap",
    "TASS": r"TASS",
    "UNI": r"UNI",
    "Bernama": r"Bernama",
    "ANSA": r"ANSA",
    "NAN": r"News Agency of Nigeria",
}
_WIRE = {name: re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])") for name, pattern in WIRE_AGENCIES.items()}
# "AP" alone is a credit only in "(AP)", "told AP", "AP reported", "— AP" or on a line by itself.
_AP = re.compile(r"\(AP\)|\b(?:told|to|by|via|said|according to) (?:the )?AP\b|\bAP (?:reported|said)\b|^\s*[-—–]?\s*AP\s*$",
                 re.M)

# Dateline at the start of the body: "BAGHDAD (Reuters) -", "KANO, Nigeria (AP) —", "KYIV, Ukraine —".
_LEAD_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z .'-]{2,40}?)(?:,\s*([A-Z][\w .'-]{1,40}?))?\s*(?:\(([^)]{1,40})\))?\s*[-—–:]\s+\S"
)
# Dateline after a time stamp: "... 02:36 am IST - Baghdad", "... GMT | Kyiv".
_STAMP_DATELINE = re.compile(r"(?:\s[-—–|]\s*)([A-Z][A-Za-z .'-]{1,40}?)\s*$")


def find_wire(text: str) -> list[str]:
    """Return the credited news agencies, in canonical short form, in order of first mention."""
    found: list[tuple[int, str]] = []
    for name, pattern in _WIRE.items():
        match = pattern.search(text)
        if match:
            found.append((match.start(), name))
    ap = _AP.search(text)
    if ap and "AP" not in {n for _, n in found}:
        found.append((ap.start(), "AP"))
    return [name for _, name in sorted(found)]


def dateline_from_stamp(line: str) -> str | None:
    """Return the place written after a time stamp line ('... IST - Baghdad' gives 'Baghdad')."""
    match = _STAMP_DATELINE.search(line)
    if not match:
        return None
    place = match.group(1).strip()
    if re.fullmatch(r"(?:[AP]\.?M\.?|[A-Z]{2,4}|Updated|Published)", place, re.I):
        return None
    return place


# How a time stamp line names its publication: at its head before a dash ("Great Lakes Echo —
# Saturday, October 21, 2023 — 4:10 PM CAT"), at its end after a bar ("Updated: 05 Sep 2023 11:42
# GMT+3 | Gulf Ledger") or in a staff byline ("By Lakeside Herald staff with AP | February 14, ...").
# Names are in title case: a dateline in a stamp is a place in capitals ("BAGHDAD, Jan 5"), and a
# place after a dash at the end is the dateline (dateline_from_stamp), so only a bar counts there.
_OUTLET_NAME = r"((?:The )?[A-Z][a-z][\w&'.-]*(?: (?:of |the |& )?[A-Z][\w&'.-]*){0,4})"
_STAMP_OUTLETS = (
    re.compile(r"^" + _OUTLET_NAME + r"\s+[—–|-]\s+\S"),
    re.compile(r"\|\s*" + _OUTLET_NAME + r"\s*$"),
)
_STAFF_BYLINE = re.compile(
    r"^By (?:the )?" + _OUTLET_NAME + r" (?:staff|desk|news desk|bureau|correspondents?)\b"
)
# A name at the head or end of a stamp is taken for an outlet only with a word publications use: a
# reporter's name stands there too ("Amina Yusuf — March 3, 2024").
_PRESS_WORDS = frozenset(
    "times herald echo post news daily ledger monitor tribune gazette journal dispatch chronicle observer "
    "wire report reporter express star mail telegraph guardian courier today review press standard sun "
    "mirror bulletin voice insider weekly briefing media agency tv radio online digital independent "
    "sentinel record register examiner inquirer globe nation leader messenger advocate"
    .split()
)
_NOT_OUTLET_WORDS = frozenset(
    "Published Updated Posted Last By Monday Tuesday Wednesday Thursday Friday Saturday Sunday January "
    "February March April May June July August September October November December".split()
)


def _press_name(name: str) -> bool:
    words = name.split()
    return bool(words) and words[0] not in _NOT_OUTLET_WORDS and any(w.lower() in _PRESS_WORDS for w in words)


def outlet_from_masthead(lines: list[str]) -> str | None:
    """Return the publication named on a line of its own among these head lines ('Mekong Monitor')."""
    for line in lines:
        match = re.fullmatch(_OUTLET_NAME, line.strip())
        if match and _press_name(match.group(1)):
            return match.group(1)
    return None


def outlet_from_stamp(line: str) -> str | None:
    """Return the publication a time stamp line names ('Great Lakes Echo — Saturday, ...'), if any."""
    staff = _STAFF_BYLINE.search(line)
    if staff:
        return staff.group(1)
    for pattern in _STAMP_OUTLETS:
        match = pattern.search(line)
        if match and _press_name(match.group(1)):
            return match.group(1)
    return None


def dateline_from_lead(paragraph: str) -> tuple[str | None, str | None]:
    """Return (place, wire credit) from a lead like 'KANO, Nigeria (AP) — ...', else (None, None)."""
    match = _LEAD_DATELINE.match(paragraph)
    if not match:
        return None, None
    place = match.group(1).strip().title()
    if len(place.split()) > 4:
        return None, None
    return place, match.group(3)
