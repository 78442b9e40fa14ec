"""Words and regular expressions shared by the date recognisers: months, weekdays, clock times."""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "couple of": 2,
}


def _title_or_upper(words: list[str]) -> str:
    """Alternation matching each word capitalised or in capitals ("March", "MARCH", not the verb "march")."""
    forms: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        forms += [word.capitalize(), word.upper()]
    return "|".join(forms)


FULL_MONTH_NAMES = [m for m in MONTHS if len(m) > 3 and m != "sept"] + ["may"]
MONTH_ABBREVS = [m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")]
# A month as written in running text: full name, or abbreviation with optional period ("Jan.", "Sept").
# "May. 1" (sloppy AP style) keeps the period of a full name only before a number.
MONTH = (rf"(?:(?:{_title_or_upper(FULL_MONTH_NAMES)})(?:\.(?=\s*\d))?"
         rf"|(?:{_title_or_upper(MONTH_ABBREVS)})\.?)(?![A-Za-z])")
WEEKDAY = rf"(?:{_title_or_upper([w for w in WEEKDAYS if len(w) > 4])})(?![a-z])"
WEEKDAY_SHORT = rf"(?:{_title_or_upper([w for w in WEEKDAYS if len(w) <= 5])})\.?(?![a-z])"
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])"

AMPM = r"(?:[ap]\.?\s?m\.?(?![a-z])|[AP]\.?\s?M\.?(?![A-Za-z]))"
# Clock times: "5:00pm", "6:05 p.m.", "18.05" (only with a zone or am/pm), "17:00", "6pm", "noon".
CLOCK = (
    rf"(?:(?<![\d.:])(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?:\s*{AMPM})?"
    rf"|(?<![\d.:])(?:[01]?[0-9]|2[0-3])\.[0-5][0-9](?:\s*{AMPM}|(?=\s*[A-Z]{{2,5}}\b))"
    rf"|(?<![\d.:])(?:1[0-2]|0?[1-9])\s*{AMPM}"
    r"|\b(?:noon|midday|midnight)\b)"
)
# Four-digit military time, only when a zone or "hrs" follows ("1930 IST", "0300 GMT", "1400 hrs").
MILITARY = r"(?<![\d,.])(?:[01][0-9]|2[0-3])[0-5][0-9](?=\s*(?:hrs\b|hours\b|h\b|[A-Z]{2,5}\b))"

CLOCK_RE = re.compile(CLOCK)


def parse_clock(text: str) -> tuple[int, int] | None:
    """Return (hour, minute) on a 24-hour clock for a clock expression, or None if it is not one."""
    t = text.strip().lower()
    if re.search(r"[ap]\.?\s?m", t):
        t = re.sub(r"[\s.]", "", t)  # "6:05 p.m." -> "6:05pm" (the colon stays)
    if t in ("noon", "midday"):
        return 12, 0
    if t == "midnight":
        return 0, 0
    if re.fullmatch(r"\d{4}", t):
        hour, minute = int(t[:2]), int(t[2:])
    else:
        m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(?:([ap])m)?", t)
        if m is None or (m.group(2) is None and m.group(3) is None):
            return None
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if m.group(3) and hour > 12:  # "00:10 am" occurs; "13:00 pm" is no time
            return None
        if m.group(3) == "p" and hour < 12:
            hour += 12
        elif m.group(3) == "a" and hour == 12:
            hour = 0
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def month_number(word: str) -> int | None:
    """Return 1-12 for a month name or abbreviation ("Sept.", "JAN"), else None."""
    return MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    """Return 0 (Monday) to 6 (Sunday) for a weekday name or abbreviation, else None."""
    return WEEKDAYS.get(word.lower().rstrip("."))


def day_number(word: str) -> int:
    """Return the day of month from "4", "04" or "4th"."""
    return int(re.match(r"\d+", word).group(0))  # type: ignore[union-attr]
