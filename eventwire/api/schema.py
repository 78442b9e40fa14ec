"""Response and request shapes of the HTTP API, for its OpenAPI schema (`/openapi.json`).

They describe the record contract (../shared/contract.md); routes return the stored JSON as it is,
so these models document and test the shape, they do not rebuild each record. Extra fields are
allowed everywhere: the contract lets fields be added.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..models import PLOVER_TYPES


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Span(_Open):
    text: str
    start: int
    end: int


class Actor(_Open):
    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None


class Place(_Open):
    text: str
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float
    lon: float
    geonames_id: int | None = None
    precision: str


class Plover(_Open):
    type: str | None = Field(None, description=f"one of {', '.join(PLOVER_TYPES)}")
    mode: str | None = None
    context: list[str] = []


class Cameo(_Open):
    code: str
    root: str
    quad_class: int
    goldstein: float


class Event(_Open):
    event_id: str
    doc_id: str = Field(description="the document the event was read from")
    date: str | None = None
    date_precision: str
    date_text: str | None = None
    plover: Plover
    cameo: Cameo
    actors: list[Actor]
    recipients: list[Actor]
    location: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    modality: str
    attribution: str | None = None
    evidence: list[Span]
    confidence: float


class ErrorInfo(_Open):
    stage: str
    message: str


class Document(_Open):
    doc_id: str
    source: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    dateline: str | None = None
    wire: list[str]
    language: str
    text: str = Field(description="clean article body; every `start`/`end` offset points into it")
    places: list[Place]
    events: list[Event | dict[str, Any]]
    error: ErrorInfo | None = None


class EventPage(BaseModel):
    events: list[Event]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
    limit: int


class ClusterMember(_Open):
    event_id: str
    doc_id: str


class Cluster(_Open):
    """One real event: the consensus over every report of it (contract: Cluster)."""

    cluster_id: str = Field(description="stable id; a former id still finds the cluster")
    plover: Plover
    cameo: Cameo
    date: str | None = None
    date_precision: str
    location: Place | None = None
    actors: list[Actor]
    recipients: list[Actor]
    modality: str
    fatalities: int | None = None
    injured: int | None = None
    fatalities_range: list[int] | None = Field(None, description="[min, max] across reports")
    injured_range: list[int] | None = Field(None, description="[min, max] across reports")
    mentions: int = Field(description="member events (reports of this event)")
    documents: int = Field(description="distinct documents (a wire copy counts as one)")
    outlets: list[str] = Field(description="distinct outlets that reported it")
    first_seen: str | None = None
    last_seen: str | None = None
    events: list[ClusterMember]


class Report(Event):
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None


class ClusterDetail(Cluster):
    reports: list[Report] = Field(description="every member event with its document's outlet, title, time")


class ClusterPage(BaseModel):
    clusters: list[Cluster]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
    limit: int


class Stats(_Open):
    counted: Literal["clusters", "mentions"] = Field(
        description="what `events` and the by_* counts count: clusters (real events, the default) or "
        "mentions (one per event as each document reports it, `?count=mentions`)"
    )
    events: int = Field(description="clusters (or mentions) matching the filters")
    documents: int = Field(description="documents stored")
    failures: int = Field(description="inputs that failed")
    by_day: dict[str, int] = Field(description="event date (or 'unknown') -> count, oldest first")
    by_country: dict[str, int]
    by_type: dict[str, int]


class PointGeometry(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[lon, lat]")


class Feature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: dict[str, Any] = Field(description="the record as a flat row (see `eventwire export`)")


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[Feature]
    truncated: bool = Field(description="true when more records match than `limit`; zoom in or filter")


class ErrorBody(BaseModel):
    status: int = Field(description="the HTTP status, repeated")
    code: str = Field(
        description="bad_request, unauthorized, forbidden, not_found, method_not_allowed, "
        "payload_too_large, unavailable or server_error"
    )
    message: str = Field(description="what went wrong and what to do")
    field: str | None = Field(None, description="the request parameter at fault, when there is one")


class ErrorEnvelope(BaseModel):
    """Every error response of the API has this shape."""

    error: ErrorBody


class ArticleIn(BaseModel):
    """One article to ingest, as in a JSON Lines input: `text` (or `html`) and optional metadata."""

    model_config = ConfigDict(extra="ignore")
    text: str | None = Field(None, description="the article text (scraped text with leftovers is fine)")
    html: str | None = Field(None, description="the article page, when there is no `text`")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601, ideally with its UTC offset")
    updated: str | None = None
    outlet: str | None = None


class IngestedDocument(BaseModel):
    doc_id: str
    status: Literal["added", "replaced", "unchanged"]
    events: int
    error: ErrorInfo | None = None


class IngestResult(BaseModel):
    documents: list[IngestedDocument]
