"""Publication and update times: from metadata strings and from the time-stamp line of an article.

A stamp line is one of the first lines of a page that is mostly a date and time, in the forms news sites
use: "January 05, 2020 02:33 am | Updated 02:36 am IST", "Sat 4 Jan 2020 18.05 GMT",
"2020-01-04T18:05:00Z", "Jan. 4, 2020, 6:05 p.m. ET", "Updated 4 hours ago". Its zone abbreviation is
read with the document's evidence (`zones.resolve_abbrev`); a missing zone falls back to the outlet's
country, then the dateline's, then UTC, and the fallback is written in `zone_note`.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache

from eventwire.dates import zones
from eventwire.dates.lexicon import (
    CLOCK,
    DAY,
    MILITARY,
    MONTH,
    WEEKDAY,
    WEEKDAY_SHORT,
    YEAR,
    day_number,
    month_number,
    parse_clock,
)

# How many lines from the top a stamp may be on: headline, standfirst, byline and stamp fit in 15.
STAMP_SEARCH_LINES = 15
# A stamp line is short; a line longer than this is body text even if it holds a date.
STAMP_MAX_CHARS = 220
# Words a stamp line may carry besides the stamp itself ("By Jane Smith, Reuters", a dateline place)
# when no keyword ("Published", "Updated") or clock time marks it as a stamp.
STAMP_MAX_OTHER_WORDS = 4
# A stamp with a date but no clock time is placed at midday, so that converting it to any zone
# within ±12 h keeps its calendar date.
DATE_ONLY_HOUR = 12
# Outlets that write numeric dates month first.
MONTH_FIRST_COUNTRIES = frozenset({"USA", "PHL", "CAN", "FSM", "PLW", "MHL"})


@dataclass(frozen=True)
class PublicationTimes:
    """When an article was published and last updated, and the line of the page it was read from."""

    published: datetime | None  # timezone-aware
    updated: datetime | None
    line_index: int | None
    zone: str | None  # abbreviation as written, e.g. "IST"
    zone_note: str | None  # how an ambiguous or missing zone was resolved, or "ambiguous: ..."


NO_TIMES = PublicationTimes(None, None, None, None, None)

_ISO = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}))?)?(?![\d:])"
)
_ANY_WEEKDAY = rf"(?:{WEEKDAY}|{WEEKDAY_SHORT})"
_MONTH_DAY_YEAR = re.compile(rf"(?:{_ANY_WEEKDAY},?\s+)?({MONTH})\s+({DAY}),?\s+({YEAR})")
_DAY_MONTH_YEAR = re.compile(rf"(?:{_ANY_WEEKDAY},?\s+)?({DAY})\s+(?:of\s+)?({MONTH}),?\s+({YEAR})")
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,4})([/.-])(\d{1,2})\2(\d{2,4})(?![\d/])")
_MONTH_DAY = re.compile(rf"(?:{_ANY_WEEKDAY},?\s+)?({MONTH})\s+({DAY})(?!\d|,?\s+\d)")
_TIME = re.compile(rf"{CLOCK}|{MILITARY}")
_OFFSET = re.compile(r"\s*([+-])\s?(\d{1,2})(?::?(\d{2}))?(?!\d)")  # "+05:30", "+0530", "-4" after a time
_RELATIVE = re.compile(
    r"\b(\d+|an?|one)\s+(min(?:ute)?s?|hours?|hrs?|days?)\s+ago\b|\bjust now\b", re.IGNORECASE
)
_UPDATE_WORD = re.compile(r"\b(?:last\s+)?(?:updated|modified|edited)\b(?:\s+on)?:?", re.IGNORECASE)
_PUBLISH_WORD = re.compile(r"\b(?:first\s+)?(?:published|posted|date)\b(?:\s+on)?:?", re.IGNORECASE)


@dataclass(frozen=True)
class _Stamp:
    """The parts of a stamp found in one segment of a line."""

    day: date | None = None
    clock: tuple[int, int] | None = None
    abbrev: str | None = None
    offset: timedelta | None = None
    ago: timedelta | None = None
    iso: datetime | None = None
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def found(self) -> bool:
        return self.day is not None or self.ago is not None or self.iso is not None


@cache
def _zone_regex() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])({'|'.join(zones.zone_abbreviations())})(?![\w-])")


def _numeric_date(m: re.Match[str], month_first: bool) -> date | None:
    a, sep, b, c = m.group(1), m.group(2), int(m.group(3)), m.group(4)
    if len(a) == 4:  # 2020/01/04
        return _safe_date(int(a), b, int(c))
    if sep == "-" and len(c) != 4:
        return None
    year = int(c) + (2000 if len(c) == 2 else 0)
    first = int(a)
    if first > 12 or (not month_first and b <= 12) or sep == ".":
        return _safe_date(year, b, first)
    return _safe_date(year, first, b)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read_stamp(text: str, *, month_first: bool = False, fetched: datetime | None = None) -> _Stamp:
    """Return the date, time, zone and relative age written in a piece of a stamp line."""
    iso = _ISO.search(text)
    if iso and len(iso.group(0)) > len("2020-01-04"):  # a full ISO time stamp
        raw = iso.group(0)
        try:
            parsed = datetime.fromisoformat(raw[:10] + "T" + raw[11:].replace(" ", ""))
            return _Stamp(iso=parsed, spans=(iso.span(),))
        except ValueError:
            pass
    spans: list[tuple[int, int]] = []
    day, span = _read_day(text, month_first, fetched)
    spans += [span] if span else []
    clock = None
    for m in _TIME.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            clock = parse_clock(m.group(0))
            spans.append(m.span())
            break
    abbrev, offset, zone_spans = _read_zone(text, spans[-1][1] if clock is not None else None)
    ago = None
    if (m := _RELATIVE.search(text)) is not None:
        ago = _relative_age(m)
        spans.append(m.span())
    return _Stamp(day, clock, abbrev, offset, ago, None, tuple(spans + zone_spans))


Span = tuple[int, int]


def _read_day(text: str, month_first: bool, fetched: datetime | None) -> tuple[date | None, Span | None]:
    """Return the calendar date written in a stamp and its span."""
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        if m := pattern.search(text):
            month, dd = (m.group(1), m.group(2)) if order == "mdy" else (m.group(2), m.group(1))
            return _safe_date(int(m.group(3)), month_number(month) or 0, day_number(dd)), m.span()
    if m := _ISO.search(text):
        return _safe_date(*map(int, m.group(0)[:10].split("-"))), m.span()
    if m := _NUMERIC.search(text):
        return _numeric_date(m, month_first), m.span()
    if fetched is not None and (m := _MONTH_DAY.search(text)):  # "Jan 4" without a year: the latest one
        day = _safe_date(fetched.year, month_number(m.group(1)) or 0, day_number(m.group(2)))
        if day is not None and day > fetched.date() + timedelta(days=1):
            day = _safe_date(fetched.year - 1, day.month, day.day)
        return day, m.span()
    return None, None


def _read_zone(text: str, clock_end: int | None) -> tuple[str | None, timedelta | None, list[Span]]:
    """Return (abbreviation, numeric offset, spans) of the zone in a stamp: "IST", "GMT+3", "+05:30"."""
    abbrev_match = _zone_regex().search(text)
    spans = [abbrev_match.span()] if abbrev_match else []
    if abbrev_match and abbrev_match.group(1) in ("GMT", "UTC", "UT", "Z"):
        after: int | None = abbrev_match.end()
    else:
        after = clock_end
    offset = None
    if after is not None and (m := _OFFSET.match(text, after)):
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        offset = timedelta(minutes=-minutes if m.group(1) == "-" else minutes)
        spans.append(m.span())
        if abbrev_match and abbrev_match.end() == after:
            abbrev_match = None  # "GMT+3" is an offset, not the abbreviation GMT
    return (abbrev_match.group(1) if abbrev_match else None), offset, spans


def _relative_age(m: re.Match[str]) -> timedelta:
    if m.group(1) is None:
        return timedelta(0)
    count = int(m.group(1)) if m.group(1).isdigit() else 1
    unit = m.group(2).lower()
    if unit.startswith("min"):
        return timedelta(minutes=count)
    if unit.startswith("h"):
        return timedelta(hours=count)
    return timedelta(days=count)


def _other_words(line: str, spans: Sequence[tuple[int, int]]) -> int:
    """Return how many words of the line are not part of the stamp or its keywords."""
    rest = list(line)
    for start, end in spans:
        rest[start:end] = [" "] * (end - start)
    text = _PUBLISH_WORD.sub(" ", _UPDATE_WORD.sub(" ", "".join(rest)))
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return sum(1 for w in words if w.lower() not in ("at", "on", "by", "and", "local", "time", "am", "pm"))


def _looks_like_stamp(line: str, stamp: _Stamp) -> bool:
    if not stamp.found or len(line) > STAMP_MAX_CHARS:
        return False
    keyword = bool(_UPDATE_WORD.search(line) or _PUBLISH_WORD.search(line))
    others = _other_words(line, stamp.spans)
    if re.search(r"[.!?]\s*$", line) and others > 8:
        return False
    if stamp.iso is not None or keyword or stamp.clock is not None:
        return others <= 3 * STAMP_MAX_OTHER_WORDS
    return others <= STAMP_MAX_OTHER_WORDS and (stamp.day is not None or stamp.ago is not None)


def _split_update(line: str) -> tuple[str, str, int]:
    """Return (published part, updated part, offset of the updated part) of a stamp line."""
    m = _UPDATE_WORD.search(line)
    if m is None:
        return line, "", len(line)
    return line[: m.start()], line[m.end():], m.end()


def _as_aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Context:
    evidence: zones.Evidence
    fetched: datetime | None
    month_first: bool


def _fallback_zone(context: _Context) -> tuple[tzinfo, str]:
    for country, source in ((context.evidence.outlet_country, "outlet"),
                            (context.evidence.dateline_country, "dateline")):
        zone = zones.country_zone(country)
        if zone is not None:
            return zone, f"no zone written; read in the {source}'s zone {zone.key} ({country})"
    return UTC, "no zone written and no outlet or dateline country; UTC assumed"


def _build(stamp: _Stamp, shared: _Stamp, base_day: date | None,
           context: _Context) -> tuple[datetime | None, str | None, str | None]:
    """Return (aware datetime, zone abbreviation as written, zone note) for one stamp."""
    notes: list[str] = []
    if stamp.iso is not None:
        if stamp.iso.tzinfo is not None:
            return stamp.iso, None, None
        zone, note = _fallback_zone(context)
        return stamp.iso.replace(tzinfo=zone), None, note
    day = stamp.day or base_day
    if stamp.ago is not None and stamp.day is None:
        if context.fetched is None:
            return None, None, None
        return _as_aware(context.fetched) - stamp.ago, None, "relative to the fetch time"
    if day is None:
        return None, None, None
    clock = stamp.clock
    if clock is None:
        clock = (DATE_ONLY_HOUR, 0)
        notes.append(f"no time given; {DATE_ONLY_HOUR}:00 assumed")
    naive = datetime(day.year, day.month, day.day, *clock)
    abbrev = stamp.abbrev or shared.abbrev
    offset = stamp.offset if stamp.offset is not None else shared.offset
    zone: tzinfo | None = None
    if offset is not None:
        zone = timezone(offset)
    elif abbrev:
        zone, note = zones.resolve_abbrev(abbrev, naive, context.evidence)
        notes.append(note or "")
    if zone is None:
        zone, note = _fallback_zone(context)
        notes.append(note)
    return naive.replace(tzinfo=zone), abbrev, "; ".join(n for n in notes if n) or None


def _line_times(line: str, context: _Context) -> tuple[bool, datetime | None, datetime | None, str | None,
                                                       str | None]:
    """Return (is a stamp line, published, updated, zone as written, zone note) for one line."""
    head, tail, shift = _split_update(line)
    read = {"fetched": context.fetched, "month_first": context.month_first}
    pub = _read_stamp(head, **read) if head.strip() else _Stamp()
    upd = _read_stamp(tail, **read) if tail.strip() else _Stamp()
    spans = pub.spans + tuple((s + shift, e + shift) for s, e in upd.spans)
    merged = _Stamp(pub.day or upd.day, pub.clock or upd.clock, pub.abbrev or upd.abbrev,
                    pub.offset, pub.ago or upd.ago, pub.iso or upd.iso, spans)
    if not _looks_like_stamp(line, merged):
        return False, None, None, None, None
    shared = _Stamp(abbrev=pub.abbrev or upd.abbrev,
                    offset=pub.offset if pub.offset is not None else upd.offset)
    published, zone, note = _build(pub, shared, None, context) if pub.found else (None, None, None)
    updated = None
    if upd.found or upd.clock is not None:
        base = published.date() if published and pub.iso is None else pub.day
        updated, upd_zone, upd_note = _build(upd, shared, base, context)
        if published and updated and updated < published and upd.day is None and upd.ago is None:
            updated += timedelta(days=1)  # "11:50 pm | Updated 00:10 am": the update is the next day
        zone, note = zone or upd_zone, note or upd_note
    return True, published, updated, zone, note


def find_publication_times(lines: Sequence[str], *, outlet: str | None = None,
                           dateline_country: str | None = None, fetched: datetime | None = None,
                           body: str = "") -> PublicationTimes:
    """Return the publication and update times read from a stamp line among the first lines of a page."""
    out_country = zones.outlet_country(outlet)
    evidence = zones.Evidence(
        outlet_country=out_country,
        dateline_country=dateline_country,
        conversions=tuple(zones.find_conversions(body)) if body else (),
        named_outlet_country=zones.outlet_named_in(body) if body and not out_country else None,
    )
    context = _Context(evidence, fetched, out_country in MONTH_FIRST_COUNTRIES)
    found: PublicationTimes | None = None
    for index, line in enumerate(lines[:STAMP_SEARCH_LINES]):
        is_stamp, published, updated, zone, note = _line_times(line, context)
        if not is_stamp:
            continue
        if found is None:
            found = PublicationTimes(published, updated, index, zone, note)
            if published is not None and updated is not None:
                break
        elif found.published is None and published is not None:
            found = PublicationTimes(published, found.updated or updated, index, zone, note)
        elif found.updated is None and published is None and updated is not None:
            found = PublicationTimes(found.published, updated, found.line_index, found.zone, found.zone_note)
        if index - (found.line_index or 0) >= 3:
            break
    return found or NO_TIMES


def parse_timestamp(value: str, *, default_tz: tzinfo | None = None) -> datetime | None:
    """Return an aware datetime for an ISO 8601, RFC 2822 or written-out metadata time, else None.

    A value without a zone is read in `default_tz`, or UTC when none is given.
    """
    text = (value or "").strip()
    if not text:
        return None
    zone = default_tz or UTC
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d ", text)
                                        else text)
        if len(text) <= 10 and re.fullmatch(r"\d{4}-?\d\d-?\d\d", text):
            parsed = parsed.replace(hour=DATE_ONLY_HOUR)
    except ValueError:
        parsed = None
    if parsed is None and re.fullmatch(r"\d{10}(\d{3})?", text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC)
    if parsed is None and re.search(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        stamp = _read_stamp(text)
        context = _Context(zones.Evidence(), None, False)
        if stamp.found:
            built, _, _ = _build(stamp, stamp, None, context)
            if built is not None and stamp.abbrev is None and stamp.offset is None and stamp.iso is None:
                built = built.replace(tzinfo=zone)
            parsed = built
    if parsed is None:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)
