"""Small WARC files for tests, written with warcio (a second, independent implementation of the format)."""

from __future__ import annotations

import html
import io
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from corpus import generate  # noqa: E402

FETCH_DATE = "2023-01-05T08:00:00Z"


def page(text: str) -> bytes:
    """Return a generated plain-text article as a simple news HTML page."""
    headline, *paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    title = html.escape(headline)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>\n{body}"
            "</article><footer>Contact us</footer></body></html>").encode()


def article_pages(n: int, seed: int = 7, site: str = "https://news.example") -> list[tuple[str, bytes]]:
    """Return n (url, HTML) pairs of generated articles."""
    return [(f"{site}/{seed}/{i}", page(text)) for i, text in enumerate(generate(n, seed))]


def write_warc(path: Path, pages: list[tuple[str, bytes]], compress: bool = True,
               extra: list[tuple[str, str, str, bytes]] = ()) -> Path:
    """Write a WARC with one 200 text/html response per page (plus `extra` (url, status, type, body))."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "eventwire tests"}))
        records = [(url, "200 OK", "text/html; charset=utf-8", body) for url, body in pages] + list(extra)
        for url, status, content_type, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": FETCH_DATE}))
            request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            writer.write_record(writer.create_warc_record(url, "request", payload=request))
    return path
