"""The recognition rules: one regular expression and one resolver per kind of date expression.

Each resolver turns a match into a `Found` (span, date, precision) seen from the publication day, or
None when the match is not a date after all ("April" alone may be a name, "1930 IST" is a time).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.dates import resolve
from eventwire.dates.lexicon import (
    CLOCK,
    DAY,
    MILITARY,
    MONTH,
    NUMBER_WORDS,
    WEEKDAY,
    YEAR,
    day_number,
    month_number,
    parse_clock,
    weekday_number,
)
from eventwire.dates.tense import FUTURE, PAST, tense_at

# A clock time this close to a date (in characters between them) belongs to it: "Sunday at 5:00pm".
TIME_ATTACH_CHARS = 16


@dataclass(frozen=True)
class Context:
    """The sentence and the publication day and time (in the event place's zone) it is read against."""

    sentence: str
    today: date
    minute_of_day: int
    hint: str | None
    month_first: bool | None  # None: unknown, choose the reading nearest to publication

    def tense(self, start: int, end: int) -> str | None:
        return tense_at(self.sentence, start, end, self.hint)


@dataclass(frozen=True)
class Found:
    """A recognised date: its span in the sentence, value and precision."""

    start: int
    end: int
    date: str
    precision: str


Resolver = Callable[[re.Match[str], Context], "Found | None"]


def _day(d: date | None, start: int, end: int) -> Found | None:
    return Found(start, end, d.isoformat(), "day") if d else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _core(m: re.Match[str], first: str, default: str, last: str | None = None) -> tuple[int, int]:
    """Return the span from the first present group named in `first` (else `default`) to the end of
    `last` (else of `default`): the words of a date without its preposition."""
    starts = [m.start(g) for g in first.split() if m.group(g) is not None]
    return (min(starts) if starts else m.start(default)), m.end(last or default)


# --- explicit dates ------------------------------------------------------------------------------------

def _iso(m: re.Match[str], ctx: Context) -> Found | None:
    return _day(_safe_date(int(m["y"]), int(m["m"]), int(m["d"])), *m.span())


def _numeric(m: re.Match[str], ctx: Context) -> Found | None:
    a, b = int(m["a"]), int(m["b"])
    year = int(m["y"]) if len(m["y"]) == 4 else resolve.two_digit_year(int(m["y"]), ctx.today)
    month_first, day_first = _safe_date(year, a, b), _safe_date(year, b, a)
    if m["sep"] == "." or ctx.month_first is False:
        chosen = day_first or month_first
    elif ctx.month_first:
        chosen = month_first or day_first
    elif month_first and day_first:
        chosen = min((month_first, day_first), key=lambda d: abs((d - ctx.today).days))
    else:
        chosen = month_first or day_first
    return _day(chosen, *m.span())


def _month_day(m: re.Match[str], ctx: Context) -> Found | None:
    month = month_number(m["mon"]) or 0
    day = day_number(m["d"])
    start = m.start("wd") if m["wd"] else min(m.start("mon"), m.start("d"))
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["rel"]:
        year = ctx.today.year + {"next": 1, "last": -1, "this": 0}[m["rel"].lower()]
    else:
        weekday = weekday_number(m["wd"]) if m["wd"] else None
        year = resolve.year_for_day(ctx.today, month, day, ctx.tense(start, m.end()), weekday)
    return _day(_safe_date(year, month, day) if year else None, start, m.end())


def _month_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = month_number(m["mon"]) or 0
    start, end = _core(m, "mod", "mon", "y")
    return Found(start, end, f"{int(m['y']):04d}-{month:02d}", "month")


def _month_of_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = month_number(m["mon"]) or 0
    year = ctx.today.year + {"next": 1, "last": -1, "this": 0}[m["rel"].lower()]
    start, _ = _core(m, "mod", "mon")
    return Found(start, m.end(), f"{year:04d}-{month:02d}", "month")


def _month_only(m: re.Match[str], ctx: Context) -> Found | None:
    if not (m["pre"] or m["mod"] or m["poss"]):
        return None  # "April" alone may be a name; a month needs "in", "last", "early" or "'s"
    month = month_number(m["mon"]) or 0
    start, end = _core(m, "mod", "mon")
    modifier = (m["mod"] or "").lower()
    year = resolve.year_for_month(ctx.today, month, ctx.tense(start, end),
                                  modifier if modifier in ("last", "next", "this") else None)
    return Found(start, end, f"{year:04d}-{month:02d}", "month")


_YEAR_NOUNS = (
    "election|elections|vote|polls|census|budget|season|olympics|games|world cup|campaign|war|crisis|"
    "uprising|revolution|coup|attack|attacks|agreement|accord|deal|law|report|protests?|referendum|"
    "summit|earthquake|floods?|invasion|ceasefire|truce|massacre|bombings?|riots?|financial|global|"
    "presidential|general|parliamentary|midterm|local|fiscal|annual|level|levels|figures?|model"
)


def _year(m: re.Match[str], ctx: Context) -> Found | None:
    before = ctx.sentence[: m.start("y")]
    after = ctx.sentence[m.end("y"):]
    if m["y"].endswith("0") and re.match(r"['’]?s\b", after):
        return None  # a decade ("the 1990s") is no year
    pre = (m["pre"] or "").strip().lower()
    if pre in ("and", "or", "to") and not re.search(rf"{YEAR}\S*\s*$", before[: m.start()]):
        pre = ""  # "1500 and 2000 troops": a conjunction counts only after another year
    if re.match(r"\s*(?:[A-Z]{2,5}\b|hrs\b|hours\b|h\b)", after):
        return None  # "1930 IST" is a time
    determiner = re.search(r"\b(?:the|a|an|its|their|his|her|this|that|our)\s+$", before, re.IGNORECASE)
    attributive = determiner is not None and (
        re.match(rf"\s+(?:{_YEAR_NOUNS})\b", after, re.IGNORECASE) is not None
        or re.match(r"\s+(?:[A-Z]|[a-z]+(?<!s)\b)", after) is not None  # "the 2008 Olympics", "the 1991 deal"
    )
    named = re.search(r"(?<=[\w,]\s)[A-Z][A-Za-z]+\s+$", before) is not None and \
        re.match(r"\s*(?:$|[,.;:)!?])", after) is not None  # "Expo 2020", "WWDC 2005"
    plausible = bool(pre or m["mod"] or m["poss"]) or attributive or named or \
        re.search(rf"{MONTH}\s*,?\s*$", before) is not None
    if not plausible:
        return None
    start, end = _core(m, "mod", "y")
    return Found(start, end, m["y"], "year")


def _short_year(m: re.Match[str], ctx: Context) -> Found | None:
    year = resolve.two_digit_year(int(m["yy"]), ctx.today)
    return Found(m.start("q"), m.end("yy"), f"{year:04d}", "year")


_HOLIDAYS = {"christmas day": (12, 25), "christmas": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31), "boxing day": (12, 26),
             "halloween": (10, 31), "valentine's day": (2, 14)}


_EASTER_DAYS = {"easter": 0, "easter sunday": 0, "easter day": 0, "easter monday": 1, "good friday": -2,
                "holy saturday": -1, "maundy thursday": -3, "palm sunday": -7, "ash wednesday": -46}


def _holiday(m: re.Match[str], ctx: Context) -> Found | None:
    name = re.sub(r"\s+", " ", m["name"].lower().replace("’", "'"))
    years = [int(m["y"])] if m["y"] else [ctx.today.year - 1, ctx.today.year, ctx.today.year + 1]
    if name in _EASTER_DAYS:
        candidates = [resolve.easter(y) + timedelta(days=_EASTER_DAYS[name]) for y in years]
    else:
        month, day = _HOLIDAYS[name]
        candidates = [date(y, month, day) for y in years]
    return _day(resolve.nearest_fitting(candidates, ctx.today, ctx.tense(*m.span())), *m.span())


def _ordinal_day(m: re.Match[str], ctx: Context) -> Found | None:
    day = int(m["d"])
    tense = ctx.tense(*m.span())
    for months in ((0, -1) if tense != FUTURE else (0, 1)):
        year, month = resolve.add_months(ctx.today.year, ctx.today.month, months)
        found = _safe_date(year, month, day)
        if found and ((tense == FUTURE and found >= ctx.today) or (tense != FUTURE and found <= ctx.today)):
            return _day(found, m.start("the"), m.end())
    return None


# --- dates relative to publication ---------------------------------------------------------------------

def _relative_day(m: re.Match[str], ctx: Context) -> Found | None:
    word = re.sub(r"\s+", " ", m["word"].lower())
    offsets = {"the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1, "today": 0,
               "tonight": 0, "tomorrow": 1, "last night": -1, "this morning": 0, "this afternoon": 0,
               "this evening": 0}
    if word == "overnight":
        # the night before publication, or the coming one; a night keeps the date it started on
        offset = 0 if ctx.tense(*m.span()) == FUTURE else -1
    else:
        offset = offsets[word]
    start, end = _core(m, "mod", "word", "part" if m["part"] else "word")
    return _day(ctx.today + timedelta(days=offset), start, end)


_NOT_A_DAY_BEFORE = re.compile(r"\b(?:Black|Good|Holy|Ash|Easter|Palm|Super|Cyber|Bloody|Manic|Blue)\s+$")
_NOT_A_DAY_AFTER = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Independent|Post|Mail|World|"
                              r"Tribune|Star|Observer|People|Sport|Night\s+Live)\b")


def _weekday(m: re.Match[str], ctx: Context) -> Found | None:
    if _NOT_A_DAY_BEFORE.search(ctx.sentence[: m.start()]) or _NOT_A_DAY_AFTER.match(ctx.sentence, m.end()):
        return None
    modifier = re.sub(r"\s+", " ", (m["mod"] or "").lower())
    tense = {"this past": PAST, "past": PAST, "this coming": FUTURE, "coming": FUTURE}.get(modifier)
    start, end = _core(m, "mod part1", "wd", "part2" if m["part2"] else "wd")
    if tense is None:
        tense = ctx.tense(start, end)
    clock = clock_after(ctx.sentence, end)
    found = resolve.weekday_date(
        ctx.today, weekday_number(m["wd"]) or 0, modifier=modifier if modifier in ("last", "next", "this")
        else None, tense=tense, minute_of_day=ctx.minute_of_day,
        at_minute=clock[0] * 60 + clock[1] if clock else None,
    )
    return _day(found, start, end)


def _relative_unit(m: re.Match[str], ctx: Context) -> Found | None:
    raw = re.sub(r"\s+", " ", m["n"].lower())
    count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    if count is None or count > 1000:
        return None
    sign = -1 if m["dir"].lower() == "ago" else 1
    unit = m["unit"].lower().rstrip("s")
    start, end = m.span()
    if unit == "day" or (unit in ("week", "fortnight") and count == 1):
        days = count * {"day": 1, "week": 7, "fortnight": 14}[unit]
        return _day(ctx.today + timedelta(days=sign * days), start, end)
    if unit in ("week", "fortnight"):
        days = count * (7 if unit == "week" else 14)
        return Found(start, end, resolve.monday(ctx.today + timedelta(days=sign * days)).isoformat(), "week")
    if unit == "month":
        year, month = resolve.add_months(ctx.today.year, ctx.today.month, sign * count)
        return Found(start, end, f"{year:04d}-{month:02d}", "month")
    return Found(start, end, f"{ctx.today.year + sign * count:04d}", "year")


def _relative_period(m: re.Match[str], ctx: Context) -> Found | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower()).removeprefix("the ")
    unit = m["unit"].lower()
    step = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[rel]
    start, end = _core(m, "mod", "rel", "unit")
    if unit == "weekend":
        return _weekend(ctx, start, end, step)
    if unit == "week":
        return Found(start, end, resolve.monday(ctx.today + timedelta(weeks=step)).isoformat(), "week")
    if unit == "month":
        year, month = resolve.add_months(ctx.today.year, ctx.today.month, step)
        return Found(start, end, f"{year:04d}-{month:02d}", "month")
    return Found(start, end, f"{ctx.today.year + step:04d}", "year")


def _this_period(m: re.Match[str], ctx: Context) -> Found | None:
    if m["unit"].lower() == "month":
        return Found(*m.span(), f"{ctx.today.year:04d}-{ctx.today.month:02d}", "month")
    return Found(*m.span(), f"{ctx.today.year:04d}", "year")


def _weekend(ctx: Context, start: int, end: int, step: int | None) -> Found:
    """Return the week of the weekend meant: last (-1), this (0) or next (1); None reads the tense."""
    weekday = ctx.today.weekday()
    if weekday >= 5:  # published at a weekend: "the weekend" and "this weekend" are this one
        saturday = ctx.today - timedelta(days=weekday - 5)
        saturday += timedelta(days=7 * (step or 0))
    else:
        previous = ctx.today - timedelta(days=weekday + 2)
        if step is None:
            step = 1 if ctx.tense(start, end) == FUTURE else -1
        saturday = previous if step == -1 else previous + timedelta(days=7)
    return Found(start, end, resolve.monday(saturday).isoformat(), "week")


def _the_weekend(m: re.Match[str], ctx: Context) -> Found | None:
    return _weekend(ctx, m.start("core"), m.end("core"), None)


# --- the rules -----------------------------------------------------------------------------------------

_WD_PREFIX = rf"(?:(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?)?"
_RANGE = r"\s*(?:-|–|—|to|and|until|till|through|or)\s*"
_PREPOSITION = (r"(?i:in|on|since|by|from|until|till|through|during|before|after|of|for|to|and|or|between|"
                r"around)")
_PART_OF = r"(?i:early|mid|late|the\s+(?:end|start|beginning|middle|first\s+half|second\s+half)\s+of)"
# What may follow "Christmas"/"Easter" when it names the day: not "Christmas Island", "Easter Rising",
# "Eastern" or an attributive use ("Christmas sales", "Easter eggs"), but "Christmas and New Year".
_NOT_A_HOLIDAY = (r"(?:[a-z]|\s+(?:Island|Rising)\b|"
                  r"\s+(?!(?:and|or|in|on|at|when|this|last|next|of|to|for|with|as|but|the)\b)[a-z])")
_REL_YEAR = r"(?:,?\s+(?:of\s+)?(?P<rel>(?i:next|last|this))\s+year)"
_COUNT = r"\d+|a\s+couple\s+of|couple\s+of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"

# A part that every match of a rule contains, searched once per sentence: a sentence without a month name
# skips the five month rules, one without a digit the numeric ones (most sentences have neither). A rule
# without a gate (None) is always run.
GATES = {"digit": re.compile(r"\d"), "month": re.compile(MONTH), "weekday": re.compile(WEEKDAY)}

RULES: tuple[tuple[str, Resolver, str | None], ...] = (
    (r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", _iso, "digit"),
    (r"\b(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b", _iso, "digit"),
    (r"(?<![\d/.,])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)",
     _numeric, "digit"),
    (rf"{_WD_PREFIX}(?P<mon>{MONTH})\s+(?P<d>{DAY})(?:{_RANGE}(?P<d2>{DAY})(?!\s*{MONTH}))?"
     rf"(?:,?\s+(?P<y>{YEAR})|{_REL_YEAR})?", _month_day, "month"),
    (rf"{_WD_PREFIX}(?:the\s+)?(?<![\d,.$£€])(?P<d>{DAY})(?:{_RANGE}(?P<d2>{DAY}))?\s+(?:of\s+)?"
     rf"(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR})|{_REL_YEAR})?", _month_day, "month"),
    (rf"(?:(?P<mod>{_PART_OF})[\s-]+)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR})", _month_year, "month"),
    (rf"(?:(?P<mod>{_PART_OF})[\s-]+)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<rel>(?i:next|last|this))\s+year",
     _month_of_year, "month"),
    (rf"(?P<pre>\b(?:{_PREPOSITION})\s+)?(?:(?P<mod>(?i:last|next|this|earlier\s+in|later\s+in)|{_PART_OF})"
     rf"[\s-]+)?(?P<mon>{MONTH})(?!\s*\d)(?P<poss>['’]s)?", _month_only, "month"),
    (rf"(?P<pre>\b(?:{_PREPOSITION}|year|season)\s+)?(?:(?P<mod>{_PART_OF})[\s-]+)?(?<![\d$£€,.#/-])"
     rf"(?P<y>{YEAR})(?P<poss>['’]s)?(?![\d,]\d|\s*(?:%|percent|per\s+cent))", _year, "digit"),
    (r"(?P<pre>\b(?i:in|since|of|from|until|by)\s+)(?P<q>['’])(?P<yy>\d{2})(?![\d\w])", _short_year, "digit"),
    (r"(?i:\b(?:(?P<mod>late|early|earlier|later)\s+)?(?P<word>the\s+day\s+before\s+yesterday|"
     r"the\s+day\s+after\s+tomorrow|yesterday|today|tonight|tomorrow|last\s+night|"
     r"this\s+(?:morning|afternoon|evening)|overnight)(?:\s+(?P<part>morning|afternoon|evening|night))?\b)",
     _relative_day, None),
    (rf"(?:(?P<mod>(?i:last|next|this\s+past|this\s+coming|this|coming|past))\s+)?"
     rf"(?:(?P<part1>(?i:late|early|earlier|later))\s+(?:(?i:on|in\s+the\s+day\s+on)\s+)?)?(?P<wd>{WEEKDAY})"
     r"(?:\s+(?P<part2>morning|afternoon|evening|night|noon|overnight))?", _weekday, "weekday"),
    (rf"(?i:\b(?P<n>{_COUNT})\s+(?P<unit>days?|weeks?|fortnights?|months?|years?)\s+(?P<dir>ago|from\s+now|"
     r"hence))\b", _relative_unit, None),
    (rf"(?i:\b(?:(?P<mod>earlier|later|{_PART_OF})[\s-]+)?(?P<rel>last|this|next|the\s+previous|the\s+coming|"
     r"the\s+current)\s+(?P<unit>weekend|week|month|year))\b", _relative_period, None),
    (r"(?i:\b(?:over|at|during|on)\s+(?P<core>the\s+weekend))\b", _the_weekend, None),
    (r"(?i:\bthe\s+(?:end|start|beginning|middle|first\s+half|second\s+half)\s+of\s+the\s+(?P<unit>year|month))\b",
     _this_period, None),
    (rf"\b(?P<name>Christmas\s+(?:Day|Eve)|Christmas(?!{_NOT_A_HOLIDAY})|New\s+Year['’]s\s+(?:Day|Eve)|"
     rf"Boxing\s+Day|Halloween|Easter\s+(?:Sunday|Monday|Day)|Easter(?!{_NOT_A_HOLIDAY})|Good\s+Friday|"
     r"Holy\s+Saturday|Maundy\s+Thursday|Palm\s+Sunday|Ash\s+Wednesday|"
     rf"Valentine['’]s\s+Day)(?:,?\s+(?P<y>{YEAR}))?", _holiday, None),
    (r"(?<=\bon\s)(?P<the>the\s+)(?P<d>[12]?[0-9]|3[01])(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?[A-Za-z])",
     _ordinal_day, "digit"),
)
COMPILED = tuple((re.compile(pattern), resolver, gate) for pattern, resolver, gate in RULES)
CLOCK_RE = re.compile(rf"{CLOCK}|{MILITARY}")


def clock_after(sentence: str, end: int) -> tuple[int, int] | None:
    """Return the clock time written right after a date ("Sunday at 5:00pm"), if any."""
    m = CLOCK_RE.search(sentence, end, end + TIME_ATTACH_CHARS + 12)
    if m is None or not re.fullmatch(r"[\s,]*(?:at|from|around|about|by|after|before)?\s*",
                                     sentence[end: m.start()]):
        return None
    return parse_clock(m.group(0))
