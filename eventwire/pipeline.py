"""The pipeline: read → clean → parse → code (with places and dates) → documents.

`Pipeline(settings).process(raw_docs)` yields one contract Document per raw article, in input
order. A document that fails at a stage comes out with `error` set (policy "record") or raises
(policy "raise", for tests); either way the batch goes on in "record".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .clean import clean_document
from .coding import Coder
from .coding.dictionary import ActorDictionary
from .errors import EventwireError
from .geo.outlets import OutletArea
from .ingest import RawDoc
from .models import Document, ErrorInfo
from .nlp import load_pipeline
from .settings import Settings

log = logging.getLogger("eventwire")
ERROR_POLICIES = ("record", "raise")


@dataclass
class Pipeline:
    settings: Settings = field(default_factory=Settings)
    errors: str = "record"
    use_geo: bool = True

    def __post_init__(self) -> None:
        if self.errors not in ERROR_POLICIES:
            raise EventwireError(f"unknown error policy {self.errors!r}; valid: {', '.join(ERROR_POLICIES)}")

    @cached_property
    def nlp(self):  # noqa: ANN201 - spacy Language
        return load_pipeline(self.settings.nlp.model)

    @cached_property
    def geocoder(self):  # noqa: ANN201 - Geocoder | None
        if not self.use_geo:
            return None
        from .geo import Geocoder  # imported here: the gazetteer is opened (or built) on first use

        path = self.settings.geo.gazetteer or None
        return Geocoder.load(path)

    @cached_property
    def coder(self) -> Coder:
        extra = self.settings.coding.actor_files
        return Coder(ActorDictionary.load(extra), self.geocoder)

    def _fail(self, doc: Document, stage: str, exc: Exception) -> Document:
        if self.errors == "raise":
            raise exc
        message = str(exc) if isinstance(exc, EventwireError) else f"{exc.__class__.__name__}: {exc}"
        log.warning("%s: %s failed: %s", doc.source, stage, message)
        return doc.with_(error=ErrorInfo(stage, message))

    def clean(self, raw: RawDoc) -> Document:
        """Return the cleaned Document for one raw article (stage 'clean')."""
        try:
            place_country = None
            if self.geocoder is not None:
                def place_country(name: str) -> str | None:
                    place = self.geocoder.resolve_name(name)
                    return place.country if place else None
            return clean_document(raw, place_country)
        except Exception as exc:  # noqa: BLE001 - any failure of one document is recorded, batch goes on
            return self._fail(Document(raw.doc_id, raw.source, ""), "clean", exc)

    def process(
        self, raws: Iterable[RawDoc], outlets: Mapping[str, OutletArea] | None = None
    ) -> Iterator[Document]:
        """Yield the coded Document of every raw article, in input order (`outlets`: where each
        outlet's earlier stories are, `Store.outlet_areas`)."""
        max_chars = self.settings.nlp.max_chars
        cleaned = (self.clean(raw) for raw in raws)

        def parse_inputs() -> Iterator[tuple[str, Document]]:
            for doc in cleaned:
                yield ("" if doc.error else doc.text[:max_chars]), doc

        for parsed, doc in self.nlp.pipe(parse_inputs(), as_tuples=True, batch_size=self.settings.nlp.batch_size):
            if doc.error:
                yield doc
                continue
            try:
                yield self.coder.code(doc, parsed, outlets)
            except Exception as exc:  # noqa: BLE001 - recorded per document
                yield self._fail(doc, "code", exc)

    def process_one(self, raw: RawDoc, outlets: Mapping[str, OutletArea] | None = None) -> Document:
        """Return the coded Document for a single raw article (`outlets`: see `process`)."""
        return next(iter(self.process([raw], outlets)))
