"""The HTTP API and the web page over one event store: `create_app(db)` returns the ASGI app.

Clusters (one record per real event, eventwire/dedup) are the default view: `/api/clusters*` and the
stats count them. `/api/events*` is the mentions view: each event as one document reports it.

Routes return the stored contract JSON (../shared/contract.md) as it is; `schema.py` describes it for
`/openapi.json`. Reading uses one read-only Store per server thread, so `eventwire ingest` can write
to the same file meanwhile (SQLite WAL). Errors all come in one envelope (`envelope.py`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Body, Depends, FastAPI, Header, Query
from fastapi import Path as PathParam
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import UsageError
from ..export import cluster_row, geojson
from ..models import PLOVER_TYPES
from ..pipeline import Pipeline
from ..settings import Settings
from ..store import Store, open_store
from ..store.query import EventFilter, make_filter
from . import envelope, paging
from .envelope import ERROR_RESPONSES, ApiError
from .intake import Intake, check_token
from .schema import (
    ArticleIn,
    ClusterDetail,
    ClusterPage,
    Document,
    Event,
    EventPage,
    FeatureCollection,
    IngestResult,
    Stats,
)
from .stats_cache import SharedCounts, StatsCache, shared_path

log = logging.getLogger("eventwire.api")

STATIC = Path(__file__).resolve().parent / "static"
BUILD = STATIC / "build"
PAGE_LIMIT = 50  # events or clusters per page by default: one screen of the list
PAGE_LIMIT_MAX = 1000
MAP_LIMIT = 5000  # markers per map request by default: the page stays fluid with this many
MAP_LIMIT_MAX = 10_000


class Readers:
    """One read-only Store per server thread (a database connection is not shared across threads)."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        """Return this thread's Store, opening it on first use."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db, readonly=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close every Store opened so far."""
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


def _dumps(data: Any) -> bytes:
    return orjson.dumps(data)


def _json(data: Any, status: int = 200) -> Response:
    # the stored records are already plain JSON: skip FastAPI's re-validation through the models
    body = data if isinstance(data, bytes) else _dumps(data)
    return Response(body, status_code=status, media_type="application/json")


# Shapes for the schema only: `make_filter` checks the values and names the field in its message,
# which reads better than a pattern mismatch, and also checks what a pattern cannot (since <= until).
# An empty value means "no filter", as an empty form field does, so every shape admits "".
DATE_SHAPE = {"pattern": r"^(\d{4}-\d{2}-\d{2})?$", "examples": ["2023-05-11"]}
NUMBER = r"-?\d+(\.\d+)?"
NEAR_SHAPE = {"pattern": rf"^({NUMBER},{NUMBER},{NUMBER})?$", "examples": ["33.3,44.4,50"]}
BBOX_SHAPE = {"pattern": rf"^({NUMBER},{NUMBER},{NUMBER},{NUMBER})?$", "examples": ["35,29,49,38"]}


def _query(description: str, **shape: Any) -> Any:
    return Query(description=description, json_schema_extra=shape or None)


class Filters:
    """The event filters shared by the list, the map and the stats (same names as the CLI; `q` is --text)."""

    def __init__(
        self,
        since: Annotated[str | None, _query("first event date, YYYY-MM-DD", **DATE_SHAPE)] = None,
        until: Annotated[str | None, _query("last event date, YYYY-MM-DD", **DATE_SHAPE)] = None,
        country: Annotated[
            str | None,
            _query(
                "ISO 3166-1 alpha-3 of the event's place or of an actor",
                pattern="^([A-Za-z]{3})?$",
                examples=["IRQ"],
            ),
        ] = None,
        type: Annotated[str | None, _query("PLOVER event type (any case)", enum=["", *PLOVER_TYPES])] = None,  # noqa: A002
        actor: Annotated[
            str | None, _query("actor name, text or code (substring)", examples=["police"])
        ] = None,
        near: Annotated[str | None, _query("LAT,LON,KM: events within KM of a point", **NEAR_SHAPE)] = None,
        q: Annotated[
            str | None,
            _query("full-text search over the evidence sentences (some words)", examples=["rocket"]),
        ] = None,
    ) -> None:
        given = {
            "since": since,
            "until": until,
            "country": country,
            "type": type,
            "actor": actor,
            "near": near,
            "text": q,
        }
        self.values = {name: value or None for name, value in given.items()}

    def make(self, **extra: Any) -> EventFilter:
        """Return the validated EventFilter (UsageError names the bad field)."""
        return make_filter(**self.values, **extra)


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """Return (west, south, east, north) from 'W,S,E,N'; UsageError names `bbox` when it is not one."""
    if not value:
        return None
    try:
        west, south, east, north = (float(p) for p in value.split(","))
    except ValueError as exc:
        raise UsageError(f"bbox: {value!r} must be WEST,SOUTH,EAST,NORTH in degrees") from exc
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise UsageError(
            f"bbox: {value!r} is out of range (west <= east in -180..180, south <= north in -90..90)"
        )
    return west, south, east, north


def cluster_geojson(clusters: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a FeatureCollection of the clusters that have a place, as flat rows (`eventwire export`)."""
    features = []
    for c in clusters:
        row = cluster_row(c)
        if row["lat"] is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("lat", "lon", "evidence")}
        props["outlet_count"] = len(c.get("outlets") or [])
        features.append(
            {
                "type": "Feature",
                "id": c["cluster_id"],
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


SortParam = Annotated[str, Query(pattern="^-?date$", description="-date (newest first) or date")]
BboxParam = Annotated[
    str | None, _query("WEST,SOUTH,EAST,NORTH in degrees: only records inside this box", **BBOX_SHAPE)
]
MapLimitParam = Annotated[int, Query(ge=1, le=MAP_LIMIT_MAX, description="at most this many (newest first)")]
CursorParam = Annotated[str | None, Query(description="`next_cursor` of the previous page")]


def _map_view(
    fetch: Any, filters: Filters, bbox: str | None, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """Return the newest `limit` records (events or clusters) of a map view, and whether there were more."""
    flt = replace(filters.make(limit=limit), box=parse_bbox(bbox))
    records = fetch(flt)
    return records, len(records) >= limit


def api_router(readers: Readers, stats_cache: StatsCache) -> APIRouter:
    """Return the read-only routes under /api."""
    router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

    @router.get(
        "/clusters",
        response_model=ClusterPage,
        summary="List real events (clusters of reports), filtered, one page at a time",
    )
    def list_clusters(
        filters: Annotated[Filters, Depends()],
        sort: SortParam = "-date",
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX, description="clusters per page")] = PAGE_LIMIT,
        cursor: CursorParam = None,
    ) -> Response:
        flt = filters.make(limit=limit, sort=sort)
        clusters, next_cursor = paging.page(readers.get(), flt, cursor, unit="clusters")
        return _json({"clusters": clusters, "next_cursor": next_cursor, "limit": limit})

    @router.get(
        "/clusters.geojson",
        response_model=FeatureCollection,
        summary="Real events (clusters) with a place as GeoJSON points, for a map view",
    )
    def clusters_geojson(
        filters: Annotated[Filters, Depends()], bbox: BboxParam = None, limit: MapLimitParam = MAP_LIMIT
    ) -> Response:
        clusters, truncated = _map_view(readers.get().clusters, filters, bbox, limit)
        return _json({**cluster_geojson(clusters), "truncated": truncated})

    @router.get(
        "/clusters/{cluster_id}",
        response_model=ClusterDetail,
        summary="One real event: the consensus record and every report of it",
    )
    def get_cluster(
        cluster_id: Annotated[str, PathParam(description="`cluster_id` (a former id too)")],
    ) -> Response:
        cluster = readers.get().cluster(cluster_id)
        if cluster is None:
            raise ApiError(404, f"no cluster with id {cluster_id!r}")
        return _json(cluster)

    @router.get(
        "/events",
        response_model=EventPage,
        summary="List events as each document reports them (mentions), filtered, one page at a time",
    )
    def list_events(
        filters: Annotated[Filters, Depends()],
        sort: SortParam = "-date",
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX, description="events per page")] = PAGE_LIMIT,
        cursor: CursorParam = None,
    ) -> Response:
        events, next_cursor = paging.page(readers.get(), filters.make(limit=limit, sort=sort), cursor)
        return _json({"events": events, "next_cursor": next_cursor, "limit": limit})

    @router.get(
        "/events.geojson",
        response_model=FeatureCollection,
        summary="Events (mentions) with a place as GeoJSON points, for a map view",
    )
    def events_geojson(
        filters: Annotated[Filters, Depends()], bbox: BboxParam = None, limit: MapLimitParam = MAP_LIMIT
    ) -> Response:
        events, truncated = _map_view(readers.get().events, filters, bbox, limit)
        return _json({**geojson(events), "truncated": truncated})

    @router.get("/events/{event_id}", response_model=Event, summary="One event")
    def get_event(event_id: Annotated[str, PathParam(description="the event's `event_id`")]) -> Response:
        event = readers.get().event(event_id)
        if event is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return _json(event)

    @router.get(
        "/documents/{doc_id}",
        response_model=Document,
        summary="One document: clean text, places and events with evidence offsets into the text",
    )
    def get_document(doc_id: Annotated[str, PathParam(description="the document's `doc_id`")]) -> Response:
        document = readers.get().document(doc_id)
        if document is None:
            raise ApiError(404, f"no document with id {doc_id!r}")
        return _json(document)

    @router.get(
        "/stats", response_model=Stats, summary="Real-event (or mention) counts per day, country and type"
    )
    def get_stats(
        filters: Annotated[Filters, Depends()],
        count: Annotated[
            Literal["clusters", "mentions"],
            Query(description="clusters (real events) or mentions (events as each document tells them)"),
        ] = "clusters",
    ) -> Response:
        flt = filters.make()
        # cached as the response body: a year of days is ~10 KB of JSON to encode
        return _json(stats_cache.get((count, flt), lambda: _dumps(_stats(readers.get(), flt, count))))

    return router


def _stats(store: Store, flt: EventFilter, count: str) -> dict[str, Any]:
    """Return the stats in one shape for both units: `events` counts what `counted` names."""
    if count == "mentions":
        return {"counted": "mentions", **store.stats(flt)}
    stats = store.cluster_stats(flt)
    # `events` keeps its meaning for clients of the old shape: how many events match (real ones here)
    return {"counted": "clusters", **stats, "events": stats["clusters"]}


def ingest_router(intake: Intake, token: str) -> APIRouter:
    """Return the route that ingests posted articles (mounted only with an ingest token)."""
    router = APIRouter(
        prefix="/api",
        responses={
            **ERROR_RESPONSES,
            401: ERROR_RESPONSES[400] | {"description": "missing or wrong ingest token"},
        },
    )

    @router.post("/documents", response_model=IngestResult, summary="Ingest one or many articles")
    def post_documents(
        articles: Annotated[ArticleIn | list[ArticleIn], Body(description="an article or a list of them")],
        authorization: Annotated[str | None, Header(description="Bearer TOKEN")] = None,
    ) -> Response:
        check_token(token, authorization)
        batch = articles if isinstance(articles, list) else [articles]
        return _json({"documents": intake.ingest(batch)})

    return router


def page_router() -> APIRouter:
    """Return the web page, its assets and an offline API docs page."""
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @router.get("/docs")
    def docs() -> HTMLResponse:
        # Swagger UI from our own build (npm swagger-ui-dist), not from a CDN: this works offline
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="eventwire API",
            swagger_js_url="/static/build/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/build/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    return router


def create_app(
    db: str,
    ingest_token: str | None = None,
    settings: Settings | None = None,
    pipeline: Pipeline | None = None,
) -> FastAPI:
    """Return the ASGI app serving the API and the page over the database; POST ingest only with a token."""
    readers = Readers(str(db))
    shared = shared_path(str(db))
    stats_cache = StatsCache(
        version=lambda: readers.get().change_token(), shared=SharedCounts(shared) if shared else None
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stats_cache.close()
        readers.close()

    app = FastAPI(
        lifespan=lifespan,
        title="eventwire",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Events read from news (who did what to whom, where, when; PLOVER and CAMEO) "
        "with the sentences they were read from. Records follow the eventwire record "
        "contract, version 1. Every error has the shape of `ErrorEnvelope`.",
    )
    envelope.install(app)
    # level 5: a third of the CPU of the default 9 for the same size on JSON (measured on GeoJSON)
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    app.include_router(api_router(readers, stats_cache))
    if ingest_token:
        app.include_router(ingest_router(Intake(str(db), settings or Settings(), pipeline), ingest_token))
    app.include_router(page_router())
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    if not (BUILD / "world.json").exists():
        log.warning("the page's map assets are not built (%s); run `make setup`", BUILD)
    return app
