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


# A stamp line that opens with a name in title case and a dash: "Great Lakes Echo — Saturday, October 21,
# 2023 — 4:10 PM CAT". A dateline opening a stamp is a place in capitals ("BAGHDAD, Jan 5") instead.
_STAMP_OUTLET = re.compile(
    r"^((?:The )?[A-Z][a-z][\w&'.-]*(?: (?:of |the |& )?[A-Z][\w&'.-]*){0,4})\s+[—–|-]\s+\S"
)
_NOT_OUTLET_WORDS = frozenset(
    "Published Updated Posted Last By Monday Tuesday Wednesday Thursday Friday Saturday Sunday January "
    "February March April May June July August September October November December".split()
)


def outlet_from_stamp(line: str) -> str | None:
    """Return the publication a time stamp line opens with ('Great Lakes Echo — Saturday, ...'), if any."""
    match = _STAMP_OUTLET.match(line)
    if not match or match.group(1).split()[0] in _NOT_OUTLET_WORDS:
        return None
    return match.group(1)


def dateline_from_lead(paragraph: str) -> tuple[str | None, str | None]:
    """Return (place, wire credit) from a lead like 'KANO, Nigeria (AP) — ...', else (None, None)."""
    match = _LEAD_DATELINE.match(paragraph)
    if not match:
        return None, None
    place = match.group(1).strip().title()
    if len(place.split()) > 4:
        return None, None
    return place, match.group(3)
