"""Read stage for RSS and Atom feeds: entries to RawDocs, each from the page it links to.

`read_feed(location)` reads a feed from a file or URL (feedparser), fetches every entry's page with
the polite `Fetcher` (user agent, timeouts, retries with backoff, a pause between requests to the
same host, robots.txt) and yields one RawDoc per entry. The entry's link gives the document id, so
a page already stored is not fetched again (`skip`). When a page cannot be fetched, the entry's own
content is used if it holds a whole article, else the entry is a RawDoc with the error recorded.
"""

from __future__ import annotations

import logging
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..errors import InputError
from ..settings import FetchSettings
from . import InputFailure, RawDoc, content_id, read_bytes

log = logging.getLogger("eventwire")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A Retry-After longer than this is not waited for: the fetch fails and the next run tries again.
MAX_RETRY_AFTER_S = 120.0
# An entry whose own content has at least this many words is an article (full-text feeds); shorter
# ones are teasers, not worth coding without the page.
FULL_ENTRY_MIN_WORDS = 150
FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


class FetchError(InputError):
    """A URL could not be fetched (after the retries)."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str
    fetched: str  # ISO 8601 UTC time of the response


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Fetcher:
    """A polite HTTP client for feeds and the pages they link to."""

    def __init__(self, settings: FetchSettings | None = None, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings or FetchSettings()
        self.sleep = sleep
        self.client = httpx.Client(headers={"User-Agent": self.settings.user_agent}, follow_redirects=True,
                                   timeout=self.settings.timeout, transport=transport)
        self._last: dict[str, float] = {}  # host -> monotonic time of the last request
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pause(self, host: str) -> None:
        wait = self._last.get(host, -1e9) + self.settings.delay - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """True when the site's robots.txt lets our user agent fetch the URL (or there is none)."""
        if not self.settings.respect_robots:
            return True
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            robots = urllib.robotparser.RobotFileParser(site + "/robots.txt")
            try:
                self._pause(parts.netloc)
                response = self.client.get(site + "/robots.txt")
            except httpx.HTTPError:
                return True  # host unreachable: the page request will fail and say why; ask again later
            if response.status_code >= 500:
                robots.disallow_all = True  # RFC 9309: a failing robots.txt means "do not crawl"
            elif response.status_code >= 400:
                robots.allow_all = True  # RFC 9309: no robots.txt means everything is allowed
            else:
                robots.parse(response.text.splitlines())
            self._robots[site] = robots
        return self._robots[site].can_fetch(self.settings.user_agent, url)

    def get(self, url: str) -> Fetched:
        """Return the response body of a URL; raise FetchError naming the URL and why."""
        if not self.allowed(url):
            raise FetchError(f"{url}: the site's robots.txt disallows it for our user agent; set "
                             "fetch.respect_robots=false only if you have permission")
        host = urlsplit(url).netloc
        delay = self.settings.backoff
        for attempt in range(self.settings.retries + 1):
            last = attempt == self.settings.retries
            self._pause(host)
            try:
                result = self._get_once(url)
            except httpx.HTTPError as exc:
                if last:
                    raise FetchError(f"{url}: {exc.__class__.__name__} ({exc}) after {attempt + 1} attempts; "
                                     "check the address or raise fetch.timeout") from exc
            else:
                if isinstance(result, Fetched):
                    return result
                status, retry_after = result
                if status not in RETRY_STATUSES or last:
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise FetchError(f"{url}: HTTP {status}{tries}")
                if retry_after is not None:
                    if retry_after > MAX_RETRY_AFTER_S:
                        raise FetchError(f"{url}: HTTP {status}, the server asks to retry after "
                                         f"{retry_after:.0f} s; run again later")
                    delay = retry_after
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(self, url: str) -> Fetched | tuple[int, float | None]:
        with self.client.stream("GET", url) as response:
            if response.status_code != 200:
                return response.status_code, _retry_after(response.headers.get("Retry-After"))
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.settings.max_bytes:
                    raise FetchError(f"{url}: larger than fetch.max_bytes ({self.settings.max_bytes} bytes)")
            return Fetched(str(response.url), bytes(body), response.headers.get("Content-Type", ""), _now())


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: use our own backoff


def is_url(location: str) -> bool:
    """True for an http:// or https:// address."""
    return location.startswith(("http://", "https://"))


def looks_like_feed(data: bytes) -> bool:
    """True when the bytes are an RSS, RDF or Atom document (by its root element)."""
    head = data[:2048].lstrip().lower()
    return not head.startswith((b"<!doctype html", b"<html")) and any(root in head for root in FEED_ROOTS)


@dataclass(frozen=True)
class Entry:
    """One feed item: what is known before its page is fetched."""

    key: str  # stable id within the feed (guid, else link)
    link: str
    meta: dict[str, Any]  # title, published, updated, outlet
    content: str  # the entry's own HTML or text (often a teaser)

    @property
    def doc_id(self) -> str:
        return content_id(b"", self.link)


def parse_feed(data: bytes, location: str) -> list[Entry]:
    """Return the entries of a feed with a link; raise InputError when the bytes are not a feed."""
    import feedparser  # imported here: only feeds need it

    # bytes in, so feedparser never goes to the network itself; the location resolves relative links
    parsed = feedparser.parse(data, response_headers={"content-location": location})
    if not parsed.entries and (parsed.bozo and not parsed.feed):
        why = parsed.get("bozo_exception", "no entries")
        raise InputError(f"{location}: not an RSS or Atom feed ({why})")
    outlet = parsed.feed.get("title")
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        content = item.get("content", [{}])[0].get("value") or item.get("summary") or ""
        keys = item.keys()  # not item.get("updated"): feedparser would warn and map it to "published"
        meta = {"title": item.get("title"), "outlet": outlet,
                "published": item.get("published") if "published" in keys else None,
                "updated": item.get("updated") if "updated" in keys else None}
        entries.append(Entry(item.get("id") or link, link, {k: v for k, v in meta.items() if v}, content))
    return entries


def read_location(location: str, fetcher: Fetcher | None) -> bytes:
    """Return the bytes of a feed file or URL."""
    if is_url(location):
        if fetcher is None:
            raise InputError(f"{location}: reading a URL needs a fetcher")
        return fetcher.get(location).content
    try:
        return Path(location).read_bytes()
    except OSError as exc:
        raise InputError(f"{location}: cannot read ({exc.strerror or exc})") from exc


def entry_docs(entry: Entry, fetcher: Fetcher,
               max_bytes: int = 20_000_000) -> Iterator[RawDoc | InputFailure]:
    """Yield the RawDoc of one entry: its fetched page, else its own content, else an InputFailure.

    A page that cannot be fetched is a failure of the input, not a document, so the next run tries again.
    """
    meta = dict(entry.meta)
    try:
        page = fetcher.get(entry.link)
    except FetchError as exc:
        if len(entry.content.split()) >= FULL_ENTRY_MIN_WORDS:
            yield from read_bytes(entry.content.encode("utf-8"), entry.link, {**meta, "url": entry.link,
                                                                             "fetched": _now()})
            return
        yield InputFailure(entry.link, str(exc))
        return
    data = page.content[:max_bytes]
    for raw in read_bytes(data, entry.link, {**meta, "url": page.url, "fetched": page.fetched}):
        # the feed's link, not the redirect target, is the id: the same entry gives the same id every poll
        yield RawDoc(raw.source, raw.kind, raw.text, entry.doc_id, raw.meta, raw.error)


def read_feed(location: str, fetcher: Fetcher, skip: Callable[[str], bool] | None = None,
              max_bytes: int = 20_000_000, data: bytes | None = None) -> Iterator[RawDoc | InputFailure]:
    """Yield a RawDoc per feed entry (pages fetched), or an InputFailure when the feed cannot be read.

    An entry whose document id `skip` accepts (already stored) is yielded without its page fetched.
    """
    try:
        entries = parse_feed(data if data is not None else read_location(location, fetcher), location)
    except InputError as exc:
        yield InputFailure(location, str(exc))
        return
    for entry in entries:
        if skip is not None and skip(entry.doc_id):
            yield RawDoc(entry.link, "html", "", entry.doc_id, {"url": entry.link})
            continue
        yield from entry_docs(entry, fetcher, max_bytes)


def read_url(url: str, fetcher: Fetcher, skip: Callable[[str], bool] | None = None,
             max_bytes: int = 20_000_000) -> Iterator[RawDoc | InputFailure]:
    """Yield the RawDocs of a URL: a feed's entries, or the page itself."""
    if skip is not None and skip(content_id(b"", url)):
        yield RawDoc(url, "html", "", content_id(b"", url), {"url": url})
        return
    try:
        page = fetcher.get(url)
    except FetchError as exc:
        yield InputFailure(url, str(exc))
        return
    if looks_like_feed(page.content):
        yield from read_feed(url, fetcher, skip, max_bytes, data=page.content)
        return
    for raw in read_bytes(page.content[:max_bytes], url, {"url": page.url, "fetched": page.fetched}):
        yield RawDoc(raw.source, raw.kind, raw.text, content_id(b"", url), raw.meta, raw.error)
