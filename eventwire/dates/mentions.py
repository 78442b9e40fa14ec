"""Date expressions in a sentence, resolved against the publication time in the event place's zone.

`find_dates` runs a list of rules (a regular expression and a resolver each) over the sentence, keeps
the longest non-overlapping matches, joins ranges ("from Friday to Sunday" keeps the start), and
attaches a clock time written next to a date ("on Sunday at 5:00pm"). It is rule-based on purpose:
general date parsers read the verb "march" as a month and "1930 IST" as a year.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from eventwire.dates.lexicon import parse_clock
from eventwire.dates.rules import (
    CLOCK_RE,
    COMPILED,
    GATES,
    TIME_ATTACH_CHARS,
    Context,
    Found,
    Resolver,
    clock_after,
)
from eventwire.dates.tense import FUTURE, PAST

log = logging.getLogger(__name__)

PRECISIONS = ("day", "week", "month", "year")
# Sentences whose rule matches are kept: an article's sentences are dated once per event mention in
# them, each time against a possibly different anchor and tense, and the matching depends on neither.
MATCH_CACHE_SENTENCES = 512
# Zones whose countries write numeric dates month first (7/8/07 is July 8).
MONTH_FIRST_ZONE_PREFIXES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
                             "America/Phoenix", "America/Anchorage", "America/Detroit", "America/Indiana",
                             "America/Kentucky", "America/Boise", "Pacific/Honolulu", "Asia/Manila")


@dataclass(frozen=True)
class DateMention:
    """A date expression in a sentence and the calendar date it refers to."""

    text: str
    start: int  # offsets into the sentence passed to find_dates
    end: int
    date: str  # "YYYY-MM-DD" (day; for week precision the Monday of that week), "YYYY-MM", or "YYYY"
    precision: str  # "day" | "week" | "month" | "year"
    time: str | None = None  # "HH:MM" local, when the text gives one


_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*")
# What may stand between a clock time and the date after it: "5pm local time (1400 GMT) on Sunday".
_CLOCK_BEFORE_GAP = re.compile(r"\s*(?:local\s+time|[A-Z]{2,5})?\s*(?:\([^)]*\))?[\s,]*(?:on)?\s*")


def _clock_near(sentence: str, start: int, end: int) -> str | None:
    """Return "HH:MM" of a clock time written next to a date, before or after it."""
    clock = clock_after(sentence, end)
    if clock is None:
        window = sentence[max(0, start - TIME_ATTACH_CHARS - 12): start]
        last = list(CLOCK_RE.finditer(window))[-1:]
        if last and _CLOCK_BEFORE_GAP.fullmatch(window[last[0].end():]):
            clock = parse_clock(last[0].group(0))
    return f"{clock[0]:02d}:{clock[1]:02d}" if clock else None


def _select(found: list[Found]) -> list[Found]:
    """Keep the longest matches that do not overlap, in sentence order."""
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def _join_ranges(found: list[Found], sentence: str) -> list[Found]:
    """Join "Friday to Sunday" into one mention that keeps the start date and the whole text.

    Only days: an event spanning days is dated by its first; "between April and June" stays two
    mentions (the caller takes the first).
    """
    joined: list[Found] = []
    for item in found:
        last = joined[-1] if joined else None
        if last and last.precision == item.precision == "day" and \
                _RANGE_GAP.fullmatch(sentence[last.end: item.start]):
            joined[-1] = Found(last.start, item.end, last.date, last.precision)
        else:
            joined.append(item)
    return joined


def _month_first(anchor: datetime) -> bool | None:
    key = getattr(anchor.tzinfo, "key", None)
    if not isinstance(anchor.tzinfo, ZoneInfo) or not key or key.startswith("Etc/") or key == "UTC":
        return None
    return key.startswith(MONTH_FIRST_ZONE_PREFIXES)


@lru_cache(maxsize=MATCH_CACHE_SENTENCES)
def _matches(sentence: str) -> tuple[tuple[re.Match[str], Resolver], ...]:
    """Return every rule's matches in the sentence with their resolvers, in rule order (rules whose gate
    the sentence fails cannot match and are skipped)."""
    passed = {name for name, gate in GATES.items() if gate.search(sentence)}
    return tuple((m, resolver) for pattern, resolver, gate in COMPILED if gate is None or gate in passed
                 for m in pattern.finditer(sentence))


def _find_dates(sentence: str, anchor: datetime, tense: str | None = None) -> list[DateMention]:
    if anchor.tzinfo is None:
        anchor = anchor.replace(tzinfo=UTC)
    ctx = Context(sentence, anchor.date(), anchor.hour * 60 + anchor.minute,
                   tense if tense in (PAST, FUTURE) else None, _month_first(anchor))
    found: list[Found] = []
    for m, resolver in _matches(sentence):
        item = resolver(m, ctx)
        if item is not None:
            found.append(item)
    mentions = []
    for item in _join_ranges(_select(found), sentence):
        time = _clock_near(sentence, item.start, item.end) if item.precision == "day" else None
        mentions.append(DateMention(sentence[item.start: item.end], item.start, item.end, item.date,
                                    item.precision, time))
    return mentions


def find_dates(sentence: str, anchor: datetime, *, tense: str | None = None) -> list[DateMention]:
    """Return the date expressions of a sentence resolved against `anchor` (publication, local time).

    `tense` ("past" or "future") is the tense of the event the caller is dating; without it the tense is
    read from cues in the sentence. Never raises: a failure is logged and gives no mentions.
    """
    try:
        return _find_dates(sentence, anchor, tense)
    except Exception:  # noqa: BLE001 - a date is never worth losing the document for; logged for fixing
        log.exception("find_dates failed on %r (anchor %s)", sentence[:200], anchor)
        return []
