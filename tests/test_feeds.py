"""Feeds and the polite fetcher against a local HTTP server (127.0.0.1, free port), and `watch`."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcfiles import article_pages

from eventwire.ingest import InputFailure, RawDoc, content_id, read_inputs
from eventwire.ingest.feeds import Fetcher, FetchError, read_feed
from eventwire.pipeline import Pipeline
from eventwire.settings import FetchSettings, Settings
from eventwire.store import open_store
from eventwire.watch import SeenState, watch

FAST = FetchSettings(delay=0.0, backoff=0.0, retries=2, timeout=5.0)
PAGES = dict(article_pages(4, site=""))  # "/7/0" ... "/7/3" -> HTML


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {p}</title><link>{base}{p}</link><guid>{p}</guid>"
                    f"<pubDate>Thu, 05 Jan 2023 10:0{i}:00 +0300</pubDate>"
                    "<description>Teaser</description></item>" for i, p in enumerate(paths))
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


class Site:
    """What the local server serves; `hits` counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.fail_first: dict[str, tuple[int, dict[str, str]]] = {}  # path -> status for the first request
        self.hits: Counter[str] = Counter()
        self.agents: set[str] = set()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.hits[self.path] += 1
                site.agents.add(self.headers.get("User-Agent", ""))
                if self.path in site.fail_first and site.hits[self.path] == 1:
                    status, headers, body = *site.fail_first[self.path], b""
                else:
                    status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for key, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture()
def site():
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), site.handler())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    robots = b"User-agent: *\nDisallow: /private/\n"
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots)
    for path, body in PAGES.items():
        site.routes[path] = (200, {}, body)
    yield site
    server.shutdown()
    server.server_close()


def test_feed_entries_become_documents_from_their_pages(site) -> None:
    paths = ["/7/0", "/7/1", "/7/2", "/private/x", "/gone"]
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss(site.base, paths))
    site.fail_first["/7/1"] = (503, {})  # a transient error: retried
    with Fetcher(FAST) as fetcher:
        items = list(read_feed(f"{site.base}/feed.xml", fetcher))
    docs = [i for i in items if isinstance(i, RawDoc)]
    failures = {i.source: i.message for i in items if isinstance(i, InputFailure)}
    assert [d.meta["url"] for d in docs] == [f"{site.base}/7/{i}" for i in range(3)]
    assert docs[0].kind == "html" and docs[0].meta["outlet"] == "Example News"
    assert docs[0].meta["title"] == "Story /7/0" and docs[0].meta["published"].endswith("+0300")
    assert docs[0].doc_id == content_id(b"", f"{site.base}/7/0"), "the link is the id, stable across polls"
    assert site.hits["/7/1"] == 2
    assert "robots.txt disallows" in failures[f"{site.base}/private/x"]
    assert "HTTP 404" in failures[f"{site.base}/gone"]
    assert site.hits["/private/x"] == 0 and site.hits["/robots.txt"] == 1
    assert site.agents == {FAST.user_agent}


def test_fetcher_waits_between_requests_to_a_host_and_honours_retry_after(site) -> None:
    site.fail_first["/7/0"] = (429, {"Retry-After": "7"})
    waits: list[float] = []
    polite = FetchSettings(delay=5.0, backoff=1.0, retries=1, respect_robots=False)
    with Fetcher(polite, sleep=waits.append) as f:
        assert f.get(f"{site.base}/7/0").content == PAGES["/7/0"]
        f.get(f"{site.base}/7/1")
    assert waits[0] == 7.0, "Retry-After decides the wait"
    assert len(waits) == 3 and all(4.0 < w <= 5.0 for w in waits[1:]), "a pause per request to the same host"


def test_fetcher_gives_up_with_a_message(site) -> None:
    site.routes["/huge"] = (200, {}, b"x" * 5000)
    with Fetcher(FetchSettings(delay=0, backoff=0, retries=1, max_bytes=1000)) as fetcher:
        with pytest.raises(FetchError, match="max_bytes"):
            fetcher.get(f"{site.base}/huge")
        with pytest.raises(FetchError, match="ConnectError"):
            fetcher.get("http://127.0.0.1:9/")  # the discard port: nothing listens


def test_feed_file_in_read_inputs_and_stored_pages_are_not_fetched_again(site, tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_bytes(rss(site.base, ["/7/0", "/7/1"]))
    stored = {content_id(b"", f"{site.base}/7/0")}
    items = list(read_inputs([str(feed)], fetch=FAST, skip=stored.__contains__))
    assert [i.meta["url"] for i in items] == [f"{site.base}/7/0", f"{site.base}/7/1"]
    assert site.hits["/7/0"] == 0 and site.hits["/7/1"] == 1


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(), errors="raise")


@pytest.mark.model
def test_watch_remembers_across_restarts(site, tmp_path: Path, pipeline: Pipeline) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.html").write_bytes(PAGES["/7/0"])
    site.routes["/feed.xml"] = (200, {}, rss(site.base, ["/7/1"]))
    feed = f"{site.base}/feed.xml"
    db, state = str(tmp_path / "w.db"), str(tmp_path / "w.state")
    settings = Settings(fetch=FAST)

    def run() -> int:
        return watch([str(inbox), feed], db, settings, once=True, state_path=state, pipeline=pipeline).added

    assert run() == 2
    assert run() == 0, "nothing new: nothing fetched or processed"
    assert site.hits["/7/1"] == 1
    (inbox / "b.html").write_bytes(PAGES["/7/2"])
    site.routes["/feed.xml"] = (200, {}, rss(site.base, ["/7/1", "/7/3"]))
    assert run() == 2
    assert site.hits["/7/1"] == 1 and site.hits["/7/3"] == 1
    with open_store(db, readonly=True) as store:
        assert store.stats()["documents"] == 4 and store.stats()["events"] > 0
    seen = SeenState(state)
    assert seen.count() == 4
    seen.close()


def test_urls_in_read_inputs_are_pages_or_feeds(site) -> None:
    site.routes["/feed.xml"] = (200, {}, rss(site.base, ["/7/1", "/7/2"]))
    base = site.base
    items = list(read_inputs([f"{base}/7/0", f"{base}/feed.xml", f"{base}/gone"], fetch=FAST))
    assert [i.source for i in items] == [f"{base}/7/{n}" for n in range(3)] + [f"{base}/gone"]
    assert items[0].kind == "html" and items[0].meta["url"] == f"{base}/7/0" and "fetched" in items[0].meta
    assert isinstance(items[-1], InputFailure) and "HTTP 404" in items[-1].message
