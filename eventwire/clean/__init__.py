"""Clean stage: a raw article (text, HTML or JSON record) to a Document with clean text and metadata.

Plain text: headline, standfirst, time stamp and dateline, body, then scraped leftovers, which are
dropped by paragraph features (see boilerplate.py). HTML: trafilatura finds the main text and
metadata, and the same boilerplate filter then runs over its output.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .. import dates
from ..ingest import RawDoc
from ..models import Document, ErrorInfo
from . import html as html_clean
from .boilerplate import article_paragraphs, describe, outlet_from_boilerplate, split_paragraphs
from .meta import dateline_from_lead, dateline_from_stamp, find_wire, outlet_from_masthead, outlet_from_stamp

# A first line longer than this is body text, not a headline.
HEADLINE_MAX_WORDS = 30

PlaceCountry = Callable[[str], "str | None"]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _meta_time(value: object) -> datetime | None:
    if isinstance(value, str) and value.strip():
        return dates.parse_timestamp(value)
    return None


def _split_head(paragraphs: list[str], kind: str, title: str | None) -> tuple[str | None, list[str]]:
    """Return (headline, remaining paragraphs): a plain-text page starts with its headline."""
    if kind != "text" or not paragraphs:
        return title, paragraphs
    first = paragraphs[0]
    if title and first.strip() == title.strip():
        return title, paragraphs[1:]
    looks_like_headline = (len(first.split()) <= HEADLINE_MAX_WORDS and not first.rstrip().endswith(".")
                           and not describe(first).boilerplate)
    if not title and looks_like_headline and len(paragraphs) > 1:
        return first, paragraphs[1:]
    return title, paragraphs


def clean_document(raw: RawDoc, place_country: PlaceCountry | None = None) -> Document:
    """Return the Document for a raw article: clean text, title, times, dateline, wire, outlet."""
    meta = dict(raw.meta)
    doc = Document(doc_id=raw.doc_id, source=raw.source, text="", url=meta.get("url"))
    if raw.error:
        return doc.with_(error=ErrorInfo("read", raw.error))
    body_text = raw.text
    if raw.kind == "html":
        page = html_clean.extract(raw.text, meta.get("url"))
        if page is None:
            return doc.with_(error=ErrorInfo("clean", f"{raw.source}: no article text found in the HTML "
                                              "(truncated page, or only navigation?)"))
        body_text = page.text
        meta = {**page.meta, **{k: v for k, v in meta.items() if v}}
    paragraphs = split_paragraphs(body_text)
    title, rest = _split_head(paragraphs, raw.kind, meta.get("title"))
    # Time stamp: read from the first lines; the line it came from is metadata, not body.
    pending_dateline = stamp_outlet = None
    stamp = dates.find_publication_times(rest[:15], outlet=meta.get("outlet"), body="\n".join(rest),
                                         fetched=_meta_time(meta.get("fetched")))
    if stamp.line_index is not None:
        pending_dateline = dateline_from_stamp(rest[stamp.line_index])
        if pending_dateline and place_country:
            country = place_country(pending_dateline)
            if country:  # the dateline's country is evidence for an ambiguous zone (IST, CST, BST)
                stamp = dates.find_publication_times(rest[:15], outlet=meta.get("outlet"), body="\n".join(rest),
                                                     dateline_country=country,
                                                     fetched=_meta_time(meta.get("fetched")))
        line = rest[stamp.line_index]
        stamp_outlet = outlet_from_stamp(line) or outlet_from_masthead(rest[: stamp.line_index])
        rest = rest[: stamp.line_index] + rest[stamp.line_index + 1:]
    body = article_paragraphs(rest)
    text = "\n\n".join(body)
    lead_place, _credit = dateline_from_lead(body[0]) if body else (None, None)
    published = _meta_time(meta.get("published")) or stamp.published
    updated = _meta_time(meta.get("updated")) or stamp.updated
    outlet = meta.get("outlet") or stamp_outlet or outlet_from_boilerplate(rest)
    doc = doc.with_(
        text=text, title=title, published=_iso(published), updated=_iso(updated),
        dateline=pending_dateline or lead_place or meta.get("dateline"), wire=tuple(find_wire(text)),
        outlet=outlet, fetched=meta.get("fetched"), url=doc.url or meta.get("url"),  # the page's canonical URL
    )
    if not text.strip():
        return doc.with_(error=ErrorInfo("clean", f"{raw.source}: no article text left after removing "
                                          "page furniture; is this a news article?"))
    return doc
