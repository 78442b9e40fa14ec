"""The date of one event, from the date mentions of the sentences it was read from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from eventwire.dates.mentions import PRECISIONS, DateMention

# A date in another clause than the event's word counts as this many characters farther away.
CLAUSE_BREAK_CHARS = 60
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:which|who|after|before|while|when|but)\b")


@dataclass(frozen=True)
class EventDate:
    """An event's date as the contract records it: `date`, `date_precision`, `date_text`."""

    date: str | None  # "YYYY-MM-DD" (week: its Monday), "YYYY-MM", "YYYY"; publication date on fallback
    precision: str  # "day" | "week" | "month" | "year" | "publication"
    text: str | None  # the words it was resolved from; None on fallback
    time: str | None = None  # "HH:MM" local when the text gives one


def pick_mention(mentions: Sequence[DateMention], near: int | None = None,
                 sentence: str = "") -> DateMention | None:
    """Return the mention that dates an event in one sentence: the nearest to the event's word
    (character offset `near`, counting a clause break in `sentence` between them as far) when given,
    else the most precise, earliest first."""
    if not mentions:
        return None
    if near is not None:
        return min(mentions, key=lambda m: (_distance(m, near, sentence), PRECISIONS.index(m.precision)))
    return min(mentions, key=lambda m: (PRECISIONS.index(m.precision), m.start))


def _distance(mention: DateMention, offset: int, sentence: str) -> int:
    if mention.start <= offset < mention.end:
        return 0
    start, end = (offset, mention.start) if mention.start > offset else (mention.end, offset)
    between = sentence[start:end]
    return (end - start) + (CLAUSE_BREAK_CHARS if _CLAUSE_BREAK.search(between) else 0)


def event_date(chosen: Sequence[DateMention | None], published_local: datetime | None) -> EventDate:
    """Return an event's date from the mention picked in each of its evidence sentences.

    `chosen` is in evidence order, the sentence the event was coded from first. The most precise mention
    wins, an earlier sentence on ties, so a date carried by another sentence of a merged event is used
    when the event's own sentence has none or a coarser one. A mention spanning days ("from Friday to
    Sunday") already carries its start date. With no mention the publication date (in the event place's
    zone) is used and the precision says "publication".
    """
    found = [m for m in chosen if m is not None]
    if found:
        best = min(found, key=lambda m: PRECISIONS.index(m.precision))
        return EventDate(best.date, best.precision, best.text, best.time)
    if published_local is None:
        return EventDate(None, "publication", None)
    return EventDate(published_local.date().isoformat(), "publication", None)
