"""Time zones: the country → zone table, zone abbreviations, and reading an ambiguous one from evidence.

"IST" is India, Israel or Ireland; "CST" is Chicago, Beijing or Havana; "BST" is London or Dhaka.
`resolve_abbrev` keeps the readings that fit the date's season, then narrows them with the evidence the
document gives, strongest first: a conversion the text itself states ("5:00pm (1930 IST)" from a
+03:00 dateline can only be +05:30), the outlet's country, the dateline's country, and an outlet named
in the text. What is left undecided is reported as ambiguous, never silently guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventwire.dates.lexicon import CLOCK, MILITARY, parse_clock
from eventwire.errors import DataFileError

DATA_PACKAGE = "eventwire.dates"

# Offset differences are compared to the minute; conversions in text are rounded to whole minutes.
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class ZoneReading:
    """One reading of a zone abbreviation: a fixed offset (or a zone's own offset) and its countries."""

    abbrev: str
    offset: timedelta | None  # None: whatever the IANA zone uses on the date (ET, PT)
    zone: str
    countries: tuple[str, ...]
    name: str

    def offset_on(self, local: datetime) -> timedelta:
        """Return the UTC offset of this reading for a naive local time."""
        if self.offset is not None:
            return self.offset
        return ZoneInfo(self.zone).utcoffset(local) or timedelta(0)

    def fits_season(self, local: datetime) -> bool:
        """Return whether the reading's zone really uses this offset on that date."""
        return self.offset is None or ZoneInfo(self.zone).utcoffset(local) == self.offset

    def tzinfo_on(self, local: datetime) -> tzinfo:
        """Return a tzinfo for this reading: the IANA zone when it follows one, else a fixed offset."""
        if self.offset is None:
            return ZoneInfo(self.zone)
        return timezone(self.offset, self.abbrev)

    def describe(self) -> str:
        """Return "+05:30 (IND, India Standard Time)" for notes."""
        sign = "+" if (self.offset or timedelta(0)) >= timedelta(0) else "-"
        hours, rest = divmod(abs(self.offset or timedelta(0)), timedelta(hours=1))
        offset = f"{sign}{hours:02d}:{rest // MINUTE:02d}" if self.offset is not None else self.zone
        return f"{offset} ({','.join(self.countries[:3]) or 'no country'}, {self.name})"


def _data_lines(name: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, tab-separated fields) of a data file, skipping comments and blank lines."""
    text = resources.files(DATA_PACKAGE).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield number, line.split("\t")


def _parse_offset(value: str, name: str, line: int) -> timedelta | None:
    if value == "*":
        return None
    m = re.fullmatch(r"([+-])(\d{2}):(\d{2})", value)
    if m is None:
        raise DataFileError(name, line, f"offset {value!r} is not +HH:MM, -HH:MM or *")
    delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
    return -delta if m.group(1) == "-" else delta


@cache
def _zone_table() -> dict[str, tuple[ZoneReading, ...]]:
    table: dict[str, list[ZoneReading]] = {}
    for line, fields in _data_lines("zones.tsv"):
        if len(fields) != 5:
            raise DataFileError("zones.tsv", line, f"expected 5 tab-separated columns, got {len(fields)}")
        abbrev, offset, zone, countries, label = fields
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise DataFileError("zones.tsv", line, f"unknown IANA zone {zone!r}") from err
        reading = ZoneReading(abbrev, _parse_offset(offset, "zones.tsv", line), zone,
                              tuple(c for c in countries.split(",") if c != "-"), label)
        table.setdefault(abbrev, []).append(reading)
    return {abbrev: tuple(readings) for abbrev, readings in table.items()}


@cache
def _country_zones() -> dict[str, str]:
    table: dict[str, str] = {}
    for line, fields in _data_lines("country_tz.tsv"):
        if len(fields) < 2 or not re.fullmatch(r"[A-Z]{3}", fields[0]):
            raise DataFileError("country_tz.tsv", line, "expected ISO3 <TAB> IANA zone <TAB> note")
        table[fields[0]] = fields[1]
    return table


@cache
def _outlet_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line, fields in _data_lines("outlets.tsv"):
        if len(fields) != 2 or not re.fullmatch(r"[A-Z]{3}", fields[1]):
            raise DataFileError("outlets.tsv", line, "expected outlet name or domain <TAB> ISO3")
        table[fields[0].lower()] = fields[1]
    return table


def zone_abbreviations() -> tuple[str, ...]:
    """Return every zone abbreviation we know, longest first (for building regexes)."""
    return tuple(sorted(_zone_table(), key=len, reverse=True))


def zone_readings(abbrev: str) -> tuple[ZoneReading, ...]:
    """Return the readings of an abbreviation ("IST" has three), or () when unknown."""
    return _zone_table().get(abbrev.upper(), ())


def country_zone(country_iso3: str | None) -> ZoneInfo | None:
    """Return the main IANA zone of a country, or None when the country is unknown."""
    name = _country_zones().get((country_iso3 or "").upper())
    return ZoneInfo(name) if name else None


def local_anchor(published: datetime, country_iso3: str | None) -> datetime:
    """Return the publication time converted to the main time zone of that country (unchanged if unknown)."""
    zone = country_zone(country_iso3)
    if zone is None or published.tzinfo is None:
        return published
    return published.astimezone(zone)


def outlet_country(outlet: str | None) -> str | None:
    """Return the ISO3 country of an outlet given by name or web domain, else None."""
    if not outlet:
        return None
    key = outlet.strip().lower()
    table = _outlet_table()
    if key in table:
        return table[key]
    host = re.sub(r"^[a-z]+://", "", key).split("/")[0].removeprefix("www.")
    if host in table:
        return table[host]
    if "." in host and " " not in host:
        return _tld_country(host.rsplit(".", 1)[1])
    return None


def _tld_country(tld: str) -> str | None:
    if tld == "uk":
        return "GBR"
    if len(tld) != 2:
        return None
    import pycountry  # imported lazily: only needed for unknown outlets given as a domain

    country = pycountry.countries.get(alpha_2=tld.upper())
    return country.alpha_3 if country else None


@cache
def _outlet_names() -> tuple[re.Pattern[str], dict[str, int]]:
    """One pattern for every multi-word outlet name, and each name's rank in the table."""
    names = [n for n in _outlet_table() if " " in n and "." not in n]
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?!\w)", re.IGNORECASE)
    return pattern, {n.lower(): i for i, n in enumerate(names)}


def outlet_named_in(text: str) -> str | None:
    """Return the country of a multi-word outlet name found in text ("a registered user of The Hindu")."""
    pattern, rank = _outlet_names()
    found = {m.group(1).lower() for m in pattern.finditer(text)}
    if not found:
        return None
    first = min(found, key=lambda n: rank.get(n, len(rank)))  # the table's order decides, as one regex per name did
    table = {n.lower(): c for n, c in _outlet_table().items()}
    return table.get(first)


@dataclass(frozen=True)
class Conversion:
    """A conversion the text gives, "5:00pm (1930 IST)": the abbreviated time minus the other one."""

    abbrev: str
    difference: timedelta  # time in `abbrev` minus the other time, folded into (-12h, +12h]
    other_abbrev: str | None  # zone of the other time when written ("1400 GMT (1930 IST)")
    text: str


def find_conversions(text: str) -> list[Conversion]:
    """Return the time conversions a text states: "<time> [ZONE] (<time> ZONE)" and the reverse."""
    abbrevs = "|".join(zone_abbreviations())
    time = rf"({CLOCK}|{MILITARY})"
    zone = rf"(?:({abbrevs})\b|local(?: time)?)?"
    pattern = re.compile(rf"{time}\s*{zone}\s*[(\[,/]\s*{time}\s*{zone}\s*[)\]]?")
    found: list[Conversion] = []
    for m in pattern.finditer(text):
        first, first_zone, second, second_zone = m.group(1), m.group(2), m.group(3), m.group(4)
        a, b = parse_clock(first), parse_clock(second)
        if a is None or b is None:
            continue
        if second_zone:
            found.append(Conversion(second_zone, _clock_difference(b, a), first_zone, m.group(0)))
        if first_zone:
            found.append(Conversion(first_zone, _clock_difference(a, b), second_zone, m.group(0)))
    return found


def _clock_difference(zoned: tuple[int, int], other: tuple[int, int]) -> timedelta:
    """Return zoned minus other, folded into (-12h, +12h] (the two clocks may straddle midnight)."""
    minutes = (zoned[0] * 60 + zoned[1]) - (other[0] * 60 + other[1])
    minutes = (minutes + 12 * 60) % (24 * 60) - 12 * 60
    return timedelta(minutes=12 * 60 if minutes == -12 * 60 else minutes)


@cache
def _offsets_in_use(year: int, month: int) -> frozenset[timedelta]:
    """Return every UTC offset some country's main zone uses in that month (plausible local offsets)."""
    probe = datetime(year, month, 15, 12)
    return frozenset(o for name in set(_country_zones().values())
                     if (o := ZoneInfo(name).utcoffset(probe)) is not None)


@dataclass(frozen=True)
class Evidence:
    """What the document says about where its clock is: outlet, dateline, stated conversions, text."""

    outlet_country: str | None = None
    dateline_country: str | None = None
    conversions: tuple[Conversion, ...] = ()
    named_outlet_country: str | None = None


def resolve_abbrev(abbrev: str, local: datetime, evidence: Evidence) -> tuple[tzinfo | None, str | None]:
    """Return (tzinfo, note) for an abbreviation at a naive local time; note explains any ambiguity."""
    readings = zone_readings(abbrev)
    if not readings:
        return None, None
    if len(readings) == 1:
        return readings[0].tzinfo_on(local), None
    in_season = [r for r in readings if r.fits_season(local)] or list(readings)
    steps: list[tuple[str, list[ZoneReading]]] = [
        ("conversion in text", _by_conversion(in_season, local, evidence, abbrev)),
        ("outlet country", _by_country(in_season, evidence.outlet_country)),
        ("dateline country", _by_country(in_season, evidence.dateline_country)),
        ("outlet named in text", _by_country(in_season, evidence.named_outlet_country)),
    ]
    candidates = in_season
    reasons: list[str] = []
    if len(in_season) < len(readings):
        reasons.append(f"season of {local:%Y-%m-%d}")
    for reason, kept in steps:
        if len(candidates) == 1:
            break
        narrowed = [r for r in candidates if r in kept]
        if narrowed and len(narrowed) < len(candidates):
            candidates = narrowed
            reasons.append(reason)
    chosen = candidates[0]
    if len(candidates) == 1:
        return chosen.tzinfo_on(local), f"{abbrev} read as {chosen.describe()} from {', '.join(reasons)}"
    others = "; ".join(r.describe() for r in candidates[1:])
    return chosen.tzinfo_on(local), f"ambiguous: {abbrev} read as {chosen.describe()}; could be {others}"


def _by_country(readings: Sequence[ZoneReading], country: str | None) -> list[ZoneReading]:
    return [r for r in readings if country and country in r.countries]


def _by_conversion(readings: Sequence[ZoneReading], local: datetime, evidence: Evidence,
                   abbrev: str) -> list[ZoneReading]:
    """Keep readings for which a stated conversion implies a real local offset for the other time."""
    home = country_zone(evidence.dateline_country)
    home_offset = home.utcoffset(local) if home else None
    kept: list[ZoneReading] = []
    for conversion in evidence.conversions:
        if conversion.abbrev != abbrev:
            continue
        for reading in readings:
            implied = reading.offset_on(local) - conversion.difference
            if conversion.other_abbrev:
                others = zone_readings(conversion.other_abbrev)
                fits = any(o.offset_on(local) == implied for o in others)
            elif home_offset is not None:
                fits = implied == home_offset
            else:
                fits = implied in _offsets_in_use(local.year, local.month)
            if fits and reading not in kept:
                kept.append(reading)
    return kept
