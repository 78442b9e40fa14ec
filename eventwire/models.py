"""Record types of the JSON contract (../shared/contract.md, version 1).

Frozen dataclasses, one per contract object. `to_dict()` gives exactly the contract's JSON shape;
`from_dict()` reads it back (used by the store and by tests). Fields may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

CONTRACT_VERSION = 1

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES = ("asserted", "negated", "future", "hypothetical", "claimed")
DATE_PRECISIONS = ("day", "week", "month", "year", "publication")
PLACE_PRECISIONS = ("site", "city", "admin2", "admin1", "country")


@dataclass(frozen=True)
class Span:
    """A piece of the document's clean text, with character offsets into it."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Actor:
    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    affiliation: str | None = None  # umbrella organisation, e.g. a militia inside a network


@dataclass(frozen=True)
class Place:
    text: str
    name: str
    country: str | None
    lat: float
    lon: float
    precision: str
    admin1: str | None = None
    admin2: str | None = None
    geonames_id: int | None = None
    feature: str | None = None  # GeoNames-style feature code or our own (AIRB, MILB, EMB, ...)
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Plover:
    type: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cameo:
    code: str
    root: str
    quad_class: int
    goldstein: float


@dataclass(frozen=True)
class Event:
    event_id: str
    plover: Plover
    cameo: Cameo
    date: str | None = None
    date_precision: str = "publication"
    date_text: str | None = None
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    location: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    modality: str = "asserted"
    attribution: str | None = None
    evidence: tuple[Span, ...] = ()
    confidence: float = 0.5
    trigger: str | None = None  # extension: the word(s) the event was read from


@dataclass(frozen=True)
class ErrorInfo:
    stage: str
    message: str


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    dateline: str | None = None
    wire: tuple[str, ...] = ()
    language: str = "en"
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    error: ErrorInfo | None = None
    fetched: str | None = None  # extension: when the page was fetched (WARC date, feed time)

    def with_(self, **changes: Any) -> Document:
        """Return a copy with the given fields changed."""
        return replace(self, **changes)


def to_dict(record: Any) -> dict[str, Any]:
    """Return the contract JSON object for a record (tuples become lists)."""
    return _jsonable(asdict(record))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _build(cls: type, data: dict[str, Any] | None) -> Any:
    if data is None:
        return None
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in known})


def actor_from_dict(d: dict[str, Any]) -> Actor:
    return _build(Actor, d)


def place_from_dict(d: dict[str, Any] | None) -> Place | None:
    return _build(Place, d)


def event_from_dict(d: dict[str, Any]) -> Event:
    """Rebuild an Event from its contract JSON object."""
    plover = d.get("plover") or {}
    return _build(Event, {
        **d,
        "plover": Plover(plover.get("type"), plover.get("mode"), tuple(plover.get("context") or ())),
        "cameo": _build(Cameo, d.get("cameo")),
        "actors": tuple(actor_from_dict(a) for a in d.get("actors") or ()),
        "recipients": tuple(actor_from_dict(a) for a in d.get("recipients") or ()),
        "location": place_from_dict(d.get("location")),
        "evidence": tuple(_build(Span, s) for s in d.get("evidence") or ()),
    })


def document_from_dict(d: dict[str, Any]) -> Document:
    """Rebuild a Document from its contract JSON object."""
    return _build(Document, {
        **d,
        "wire": tuple(d.get("wire") or ()),
        "places": tuple(place_from_dict(p) for p in d.get("places") or ()),
        "events": tuple(event_from_dict(e) for e in d.get("events") or ()),
        "error": _build(ErrorInfo, d.get("error")),
    })


__all__ = [
    "Actor", "Cameo", "Document", "ErrorInfo", "Event", "Place", "Plover", "Span",
    "CONTRACT_VERSION", "PLOVER_TYPES", "MODALITIES", "DATE_PRECISIONS", "PLACE_PRECISIONS",
    "to_dict", "document_from_dict", "event_from_dict", "field",
]
