"""Calendar arithmetic: a weekday, a day of a month, a month, seen from the publication day."""

from __future__ import annotations

from datetime import date, timedelta

from eventwire.dates.tense import FUTURE, PAST

# A future weekday equal to today's is today when the article was published before this hour (or before
# the time the text gives): "will meet on Monday" in a Monday story means that day; a week ahead would
# be written "next Monday". Late-evening stories are the exception.
SAME_DAY_FUTURE_BEFORE_HOUR = 18
# Slack when placing a day of the year before or after publication: stories written late in the evening
# are often stamped after midnight, so "on January 5" in a past-tense story stamped January 4 is fine.
YEAR_SLACK_DAYS = 2
# A date written without its year lies within about a year of publication: the tense picks the side
# within these limits ("formed in May" in December is this May); beyond them the nearest date wins
# (a past-tense "strike on March 26" written on March 15 is this March 26, not one 354 days ago).
NEAREST_DAYS = 320
NEAREST_MONTHS = 10


def monday(day: date) -> date:
    """Return the Monday of the ISO week containing day."""
    return day - timedelta(days=day.weekday())


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """Return (year, month) a number of months later (earlier when negative)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def weekday_date(today: date, weekday: int, *, modifier: str | None, tense: str | None,
                 minute_of_day: int, at_minute: int | None = None) -> date:
    """Return the date of a weekday named in a story published on `today` at `minute_of_day`.

    "last X" is the latest X before today; "next X" the first after it; otherwise a past (or tenseless)
    X is within the seven days ending today and a future X within the seven days starting today.
    """
    back = (today.weekday() - weekday) % 7  # days since the latest X on or before today
    ahead = (weekday - today.weekday()) % 7  # days until the first X on or after today
    if modifier == "last":
        return today - timedelta(days=back or 7)
    if modifier == "next":
        return today + timedelta(days=ahead or 7)
    if modifier == "this" and tense is None:
        tense = FUTURE if ahead <= back else PAST
    if tense == FUTURE:
        if ahead == 0:
            cutoff = at_minute if at_minute is not None else SAME_DAY_FUTURE_BEFORE_HOUR * 60
            return today if minute_of_day < cutoff else today + timedelta(days=7)
        return today + timedelta(days=ahead)
    return today - timedelta(days=back)


def year_for_day(today: date, month: int, day: int, tense: str | None,
                 weekday: int | None = None) -> int | None:
    """Return the year of "<month> <day>" written without one.

    Writers leave the year out for dates within some months of publication, so the nearest date that
    fits the tense within `NEAREST_DAYS` is taken; if none fits, the nearest date at all (the tense cue
    was probably wrong: "called for a strike on March 26"). A weekday written with it ("Friday,
    Feb. 18") picks the year where it matches.
    """
    candidates: list[date] = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if weekday is not None and (matching := [c for c in candidates if c.weekday() == weekday]):
        candidates = matching
    chosen = nearest_fitting(candidates, today, tense)
    return chosen.year if chosen else None


def nearest_fitting(candidates: list[date], today: date, tense: str | None) -> date | None:
    """Return the candidate nearest to today that fits the tense within `NEAREST_DAYS`, else the nearest."""
    if not candidates:
        return None
    slack = timedelta(days=YEAR_SLACK_DAYS)
    fitting = [c for c in candidates if abs((c - today).days) <= NEAREST_DAYS and (
        (tense == PAST and c <= today + slack) or (tense == FUTURE and c >= today - slack) or tense is None)]
    return min(fitting or candidates, key=lambda c: (abs((c - today).days), c > today))


def easter(year: int) -> date:
    """Return Western Easter Sunday of a year (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def year_for_month(today: date, month: int, tense: str | None, modifier: str | None = None) -> int:
    """Return the year of a month named without one ("in March", "last September").

    As for days: the nearest month fitting the tense within `NEAREST_MONTHS`, else the nearest.
    """
    if modifier == "this":
        return today.year
    if modifier == "last":
        return today.year if month < today.month else today.year - 1
    if modifier == "next":
        return today.year if month > today.month else today.year + 1
    here = today.year * 12 + today.month - 1
    options = [(year * 12 + month - 1 - here, year) for year in (today.year - 1, today.year, today.year + 1)]
    fitting = [(d, y) for d, y in options if abs(d) <= NEAREST_MONTHS and (
        (tense == PAST and d <= 0) or (tense == FUTURE and d >= 0) or tense is None)]
    return min(fitting or options, key=lambda o: (abs(o[0]), o[0] > 0))[1]


def two_digit_year(yy: int, today: date) -> int:
    """Return the full year of "'82" or "7/8/07": the century that puts it at most 10 years ahead."""
    year = today.year // 100 * 100 + yy
    return year - 100 if year > today.year + 10 else year
