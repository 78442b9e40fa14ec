"""Names the gazetteer lacks (or only nearly spells): placed in the document's focus.

The focus is the ADM1 holding at least half of the document's sub-national places resolved for sure,
else their most named country, else the dateline or the nationality words' countries. A near-spelling
that lies where the document is is kept (`_agrees`); otherwise the name takes its local area
(`_local_area`) at the point of the nearest town named there (`placement`). Such a pick has feature
FOCUS_FEATURE in its Place (geocoder.to_place): the focus is not the place named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from eventwire.geo.centres import haversine_km
from eventwire.geo.context import NEAR_KM
from eventwire.geo.gazetteer import Candidate, Gazetteer

if TYPE_CHECKING:
    from eventwire.geo.resolve import Mention

# An ADM1 is the document's focus when at least half of its sub-national places lie in it;
# otherwise the focus is the most named country (a local story stays local, a world story not).
FOCUS_SHARE = 0.5
# Feature code of a name the gazetteer lacks, placed at the document's focus: its Place has the
# focus's name, point, chain and precision, but no GeoNames id (the focus is not the place named).
FOCUS_FEATURE = "FOCUS"
# In a story whose focus is a country, a name the gazetteer lacks is placed at the focus of the
# places named within this many characters of it (a sentence or two) when they have one: on the fit
# half of TR-News 0.887 -> 0.898 within 161 km (100: 0.896, 300: 0.899, 500: 0.898, 1000: 0.896);
# LGL unchanged.
LOCAL_WINDOW = 200


def back_off(
    gazetteer: Gazetteer,
    mentions: Sequence[Mention],
    picks: list[Candidate | None],
    weak: list[bool],
    fallback: Sequence[Candidate],
) -> list[Candidate | None]:
    """Place names the gazetteer lacks (or only nearly spells, unless the guess agrees with the
    document) in the document's focus, if any: that of the places resolved for sure, else of
    `fallback` (the dateline, nationality words); see `placement` for the area and point."""
    if not any(weak):
        return picks
    sure = [p for p, w in zip(picks, weak, strict=True) if p is not None and not w]
    focus = document_focus(gazetteer, sure or fallback)
    if focus is None:
        return picks  # nothing better known: keep the near-spelling guesses
    weak = [w and not _agrees(p, focus, sure) for p, w in zip(picks, weak, strict=True)]
    for m, w in zip(mentions, weak, strict=True):
        m.backoff = w
    placed = [(m.start, p) for m, p, w in zip(mentions, picks, weak, strict=True) if p is not None and not w]
    return [
        placement(gazetteer, m.start, placed, focus) if w else p
        for m, p, w in zip(mentions, picks, weak, strict=True)
    ]


def placement(
    gazetteer: Gazetteer, start: int, placed: Sequence[tuple[int, Candidate]], focus: Candidate
) -> Candidate:
    """Return where a name the gazetteer lacks goes: its area (`_local_area`), at the point of
    the town resolved for sure that the text names nearest to it inside that area, if any
    ("Freeborn Lake" in a story on Albert Lea: Minnesota, at Albert Lea). The area keeps its
    name, chain and precision (the name is only known to lie in it); the town's point is a better
    guess than the area's centre: on the fit half, within 161 km LGL 0.920 -> 0.931, TR-News
    0.898 -> 0.905 (the nearest town within 100 / 400 / 800 characters only: 0.925 / 0.928 / 0.930
    and 0.900 / 0.903 / 0.905)."""
    sure = [(abs(at - start), p) for at, p in placed]
    area = _local_area(gazetteer, [p for gap, p in sure if gap <= LOCAL_WINDOW], focus)
    towns = [
        (gap, p)
        for gap, p in sure
        if p.precision in ("city", "admin2")
        and p.country == area.country
        and (area.a1 is None or p.a1 == area.a1)
    ]
    if not towns:
        return area
    town = min(towns, key=lambda pair: pair[0])[1]
    return replace(area, lat=town.lat, lon=town.lon)


def document_focus(gazetteer: Gazetteer, picks: Sequence[Candidate]) -> Candidate | None:
    """Return the ADM1 most places of the document lie in, else their most named country."""
    local = Counter(p.a1 for p in picks if p.a1 and p.precision != "country")
    if local:
        a1, count = local.most_common(1)[0]
        if count / sum(local.values()) >= FOCUS_SHARE and gazetteer.place(a1):
            return gazetteer.place(a1)
    countries = Counter(p.country for p in picks if p.country)
    return gazetteer.country(countries.most_common(1)[0][0]) if countries else None


def _local_area(gazetteer: Gazetteer, near: Sequence[Candidate], focus: Candidate) -> Candidate:
    """Return the area a name the gazetteer lacks lies in: when the document's focus is a country,
    the focus of the sub-national places named within LOCAL_WINDOW characters (`near`) if it lies in
    that country ("Foua and Kfraya" beside "Idlib": the province, not Syria); else the document focus
    (a local story's ADM1 is kept: one wrong pick nearby would move it)."""
    if focus.precision != "country":
        return focus
    local = document_focus(gazetteer, [p for p in near if p.precision != "country"])
    return local if local is not None and local.country == focus.country else focus


def _agrees(guess: Candidate | None, focus: Candidate, sure: Sequence[Candidate]) -> bool:
    """Return True when a near-spelling guess lies where the document is: in the focus ADM1 or within
    NEAR_KM of a town resolved for sure inside the focus ("Tajoura" for Tājūrā' beside "Misrata"),
    or in the focus country when no place is sure (the focus then comes from the dateline or
    nationality words). Such a guess is finer than the focus and kept. The focus country alone is
    too coarse when places are known: on the fit half of LGL it kept five US near-spellings in
    other states."""
    if guess is None or guess.country != focus.country:
        return False
    if not sure or (guess.a1 is not None and guess.a1 == focus.a1):
        return True
    return any(
        haversine_km(guess.lat, guess.lon, p.lat, p.lon) <= NEAR_KM
        for p in sure
        if p.precision not in ("country", "admin1")  # an area's centre says little about nearness
        and p.country == focus.country
        and (focus.a1 is None or p.a1 == focus.a1)
    )
