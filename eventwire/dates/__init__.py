"""The dates stage: publication times and the dates events happened.

`find_publication_times` reads the time stamp of a page (resolving ambiguous zone abbreviations from
the document's evidence), `parse_timestamp` reads metadata times, `local_anchor` expresses the
publication time in the event place's zone, and `find_dates` finds and resolves the date expressions
of a sentence against it; `pick_mention` and `event_date` turn them into an event's date, falling
back to the publication date. See docs/dates.md.
"""

from eventwire.dates.choose import EventDate, event_date, pick_mention
from eventwire.dates.mentions import DateMention, find_dates
from eventwire.dates.publication import PublicationTimes, find_publication_times, parse_timestamp
from eventwire.dates.zones import local_anchor

__all__ = [
    "DateMention",
    "EventDate",
    "PublicationTimes",
    "event_date",
    "find_dates",
    "find_publication_times",
    "local_anchor",
    "parse_timestamp",
    "pick_mention",
]
