"""`POST /api/documents`: ingest articles sent to the server (only when it runs with an ingest token).

Each article is what a JSON Lines input line holds (`text` or `html`, optional `url`, `title`,
`published`, `updated`, `outlet`). Its id comes from the URL when given, else from the record, so
posting it again adds nothing. One ingest runs at a time; the spaCy pipeline loads on the first request.
"""

from __future__ import annotations

import hmac
import json
import threading
from typing import Any

from ..geo.outlets import OutletArea
from ..ingest import RawDoc, content_id
from ..pipeline import Pipeline
from ..settings import Settings
from ..store import Store, open_store
from .envelope import ApiError
from .schema import ArticleIn

# Articles per request: one request holds the (single) ingest lock while spaCy reads them all, about a
# second per article on one core, so larger batches would starve other writers for minutes.
MAX_ARTICLES = 100
META_FIELDS = ("url", "title", "published", "updated", "outlet")


def check_token(expected: str, authorization: str | None) -> None:
    """Raise a 401 ApiError unless the header is `Bearer <expected>`."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(
            401,
            "ingesting needs the server's ingest token: send `Authorization: Bearer TOKEN` "
            "(the TOKEN given to `eventwire serve --ingest-token`)",
        )


def raw_doc(article: ArticleIn, number: int) -> RawDoc:
    """Return the RawDoc for one posted article; a 400 ApiError when it has no text."""
    record = article.model_dump(exclude_none=True)
    body = article.text or article.html or ""
    if not body.strip():
        raise ApiError(400, f"documents[{number}]: has no `text` (or `html`) to read", "text")
    meta = {k: record[k] for k in META_FIELDS if record.get(k)}
    doc_id = content_id(json.dumps(record, ensure_ascii=False), meta.get("url"))
    kind = "html" if article.html and not article.text else "record"
    return RawDoc(meta.get("url") or f"api:{doc_id}", kind, body, doc_id, meta)


class Intake:
    """Writes posted articles to the database through the full pipeline."""

    def __init__(self, db: str, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.db = db
        self.settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()
        self._areas: tuple[int, dict[str, OutletArea]] | None = None  # (finished_upto, areas)

    def ingest(self, articles: list[ArticleIn]) -> list[dict[str, Any]]:
        """Process and store the articles; return per document its id, status, event count and error."""
        if len(articles) > MAX_ARTICLES:
            raise ApiError(413, f"{len(articles)} documents in one request; send at most {MAX_ARTICLES}")
        raws = [raw_doc(article, n) for n, article in enumerate(articles)]
        results = []
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.settings)
            with open_store(self.db) as store:
                outlets = self._outlet_areas(store) if self.settings.geo.outlet_areas else None
                for doc in self._pipeline.process(raws, outlets):
                    status = store.put(doc)
                    error = {"stage": doc.error.stage, "message": doc.error.message} if doc.error else None
                    results.append(
                        {"doc_id": doc.doc_id, "status": status, "events": len(doc.events), "error": error}
                    )
                store.finish_run()  # a request is a finished ingest: the next one learns from it
        return results

    def _outlet_areas(self, store: Store) -> dict[str, OutletArea]:
        """Return the store's outlet areas (eventwire/geo/outlets.py), recomputed only when a request
        stored documents since (each request finishes a run)."""
        upto = store.finished_upto()
        if self._areas is None or self._areas[0] != upto:
            self._areas = (upto, store.outlet_areas())
        return self._areas[1]
