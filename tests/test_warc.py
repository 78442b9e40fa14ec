"""WARC input: HTML responses only, with URL and fetch date, gzip or plain, found by name or content."""

from __future__ import annotations

from pathlib import Path

from warcfiles import FETCH_DATE, article_pages, write_warc

from eventwire.ingest import InputFailure, RawDoc, read_inputs
from eventwire.ingest.warc import is_warc, read_warc

NOISE = [
    ("https://news.example/moved", "301 Moved Permanently", "text/html", b""),
    ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    ("https://news.example/missing", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
    ("https://news.example/cafe", "200 OK", "text/html; charset=iso-8859-1",
     "<html><body><p>Caf\xe9 owners protested in Lyon.</p></body></html>".encode("latin-1")),
]


def test_only_html_responses_become_documents_with_url_and_fetch_date(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", article_pages(3), extra=NOISE)
    docs = list(read_warc(path))
    assert all(isinstance(d, RawDoc) and d.kind == "html" and d.error is None for d in docs)
    assert [d.meta["url"] for d in docs] == [*(f"https://news.example/7/{i}" for i in range(3)),
                                             "https://news.example/cafe"]
    assert {d.meta["fetched"] for d in docs} == {FETCH_DATE}
    assert all(d.source.startswith(f"warc://{path}#urn:uuid:") for d in docs)
    assert "Café owners" in docs[-1].text, "the HTTP charset is honoured"
    assert len({d.doc_id for d in docs}) == 4


def test_plain_warc_and_detection_by_content(tmp_path: Path) -> None:
    plain = write_warc(tmp_path / "crawl.warc", article_pages(2), compress=False)
    unnamed = write_warc(tmp_path / "download.bin", article_pages(2))
    text = tmp_path / "article.txt"
    text.write_text("Police arrested 12 protesters in Lagos on Monday.\n", encoding="utf-8")
    assert is_warc(plain) and is_warc(unnamed) and not is_warc(text)
    assert [d.meta["url"] for d in read_warc(plain)] == [d.meta["url"] for d in read_warc(unnamed)]


def test_read_inputs_streams_warc_files_past_the_single_file_limit(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "big.warc.gz", article_pages(4))
    items = list(read_inputs([str(tmp_path)], max_bytes=path.stat().st_size // 2))
    assert len(items) == 4 and all(isinstance(i, RawDoc) for i in items)


def test_missing_and_corrupt_archives_are_input_failures(tmp_path: Path) -> None:
    (missing,) = read_warc(tmp_path / "none.warc.gz")
    assert isinstance(missing, InputFailure) and "no such file" in missing.message
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"WARC/1.0\r\nthis is not a record at all\r\n" * 3)
    items = list(read_warc(junk))
    assert not any(isinstance(i, RawDoc) for i in items)
