"""HTML pages: main text and metadata with trafilatura, plus the article's own time stamps.

trafilatura gives publication dates to the day; the page's `article:published_time`,
`article:modified_time` and JSON-LD `datePublished` carry the time and zone, so they are read too.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import html as lxml_html

# trafilatura logs every page it finds hard to parse; eventwire reports failures itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_META_TIMES = {
    "published": ("article:published_time", "og:published_time", "datePublished", "pubdate",
                  "publishdate", "date", "dc.date.issued", "sailthru.date", "parsely-pub-date"),
    "updated": ("article:modified_time", "og:updated_time", "dateModified", "lastmod"),
}


@dataclass(frozen=True)
class Page:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def _meta_tags(tree: Any) -> dict[str, str]:
    """Return {name or property (lowercase): content} of the page's <meta> tags."""
    tags = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        if key and node.get("content") and key not in tags:
            tags[key] = node.get("content").strip()
    return tags


def _json_ld_times(tree: Any) -> dict[str, str]:
    """Return datePublished/dateModified from the page's JSON-LD blocks."""
    found: dict[str, str] = {}
    for node in tree.iter("script"):
        if (node.get("type") or "").lower() != "application/ld+json" or not node.text:
            continue
        try:
            data = json.loads(node.text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                for key in ("datePublished", "dateModified"):
                    if isinstance(item.get(key), str):
                        found.setdefault(key.lower(), item[key])
    return found


def _page_meta(markup: str) -> dict[str, Any]:
    """Return times, canonical URL and site name from the page head."""
    try:
        # the text is decoded already: the page's own <meta charset> must not decode it a second time
        utf8 = lxml_html.HTMLParser(encoding="utf-8")
        tree = lxml_html.fromstring(markup.encode("utf-8", "replace"), parser=utf8)
    except (ValueError, lxml_html.etree.ParserError):
        return {}
    tags = {**_json_ld_times(tree), **_meta_tags(tree)}
    meta: dict[str, Any] = {}
    for field_name, keys in _META_TIMES.items():
        for key in keys:
            if tags.get(key.lower()) and re.search(r"\d{4}", tags[key.lower()]):
                meta[field_name] = tags[key.lower()]
                break
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    meta["url"] = (canonical[0] if canonical else None) or tags.get("og:url")
    meta["outlet"] = tags.get("og:site_name") or tags.get("application-name")
    meta["title"] = tags.get("og:title")
    return {k: v for k, v in meta.items() if v}


def extract(markup: str, url: str | None = None) -> Page | None:
    """Return the page's main text and metadata, or None when it holds no article text."""
    extracted = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
    )
    result = extracted.as_dict() if hasattr(extracted, "as_dict") else extracted
    if not result or not (result.get("text") or "").strip():
        return None
    meta = {
        "title": result.get("title"), "outlet": result.get("sitename"), "url": result.get("url"),
        "published": result.get("date"),
    }
    meta = {k: v for k, v in meta.items() if v}
    meta.update(_page_meta(markup))  # the head's own values are more exact (times with zones)
    return Page(result["text"], meta)
