"""A wire copy takes its original's events, moved onto its own text, instead of being parsed.

The copy keeps everything of its own (id, source, outlet, headline, publication time, wire credits);
its places and events are the original's, with every evidence span and place offset moved to where
the same words stand in the copy. An event whose evidence was cut from the copy is left out.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from ..models import Document, Event, Place, Span, document_from_dict
from .fingerprint import Alignment


def copy_event_id(copy_doc_id: str, source_event_id: str) -> str:
    """Return the id of the copy's event taken from the original's event (stable)."""
    return hashlib.sha1(f"{copy_doc_id}|copy|{source_event_id}".encode()).hexdigest()[:16]


def _move_place(place: Place | None, alignment: Alignment, text: str) -> Place | None:
    if place is None or place.start is None or place.end is None:
        return place
    span = alignment.map_span(place.start, place.end, min_share=1.0)
    if span is None:
        return replace(place, start=None, end=None)
    return replace(place, text=text[span[0] : span[1]], start=span[0], end=span[1])


def _move_event(event: Event, copy: Document, alignment: Alignment) -> Event | None:
    evidence = []
    for s in event.evidence:
        span = alignment.map_span(s.start, s.end)
        if span is not None:
            evidence.append(Span(copy.text[span[0] : span[1]], span[0], span[1]))
    if not evidence:
        return None
    return replace(
        event,
        event_id=copy_event_id(copy.doc_id, event.event_id),
        evidence=tuple(evidence),
        location=_move_place(event.location, alignment, copy.text),
    )


def copy_document(copy: Document, source: dict[str, Any], alignment: Alignment) -> Document:
    """Return the cleaned copy with the original's places and events moved onto its text."""
    original = document_from_dict(source)
    places = []
    for p in original.places:
        moved = _move_place(p, alignment, copy.text)
        if moved is not None and moved.start is not None:
            places.append(moved)
    events = [e for e in (_move_event(ev, copy, alignment) for ev in original.events) if e is not None]
    return copy.with_(places=tuple(places), events=tuple(events))
