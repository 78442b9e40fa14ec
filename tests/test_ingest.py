"""Read stage: encodings, format detection, directories, and bad inputs."""

from __future__ import annotations

import codecs
import json

import pytest

from eventwire.errors import InputError
from eventwire.ingest import InputFailure, RawDoc, content_id, detect_format, read_bytes, read_inputs
from eventwire.ingest.decode import decode, looks_binary

TEXT = "Protesters marched through Lagos on Monday, the city’s police said — “peacefully”, café owners added."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_decodes_common_encodings(encoding: str) -> None:
    data = TEXT.encode(encoding)
    text, _ = decode(data, "x.txt")
    assert text == TEXT


def test_latin1_without_windows_characters() -> None:
    plain = "Le ministre a déclaré à Bamako que l'armée était prête."
    text, name = decode(plain.encode("latin-1"), "x.txt")
    assert text == plain and name in ("cp1252", "latin-1")


def test_utf16_without_bom_is_detected() -> None:
    data = "Troops withdrew from the town.".encode("utf-16-le")
    assert decode(data, "x")[0] == "Troops withdrew from the town."


def test_html_declared_charset_is_used() -> None:
    html = '<html><head><meta charset="iso-8859-15"></head><body><p>Prix: 5 €</p></body></html>'
    text, name = decode(html.encode("iso-8859-15"), "page.html")
    assert "5 €" in text and name == "iso-8859-15"


def test_binary_junk_is_refused_with_the_input_named() -> None:
    junk = bytes(range(256)) * 40
    assert looks_binary(junk)
    with pytest.raises(InputError, match="junk.bin: binary data"):
        decode(junk, "junk.bin")


def test_format_detection_from_content() -> None:
    assert detect_format("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert detect_format('{"text": "Rebels seized the town."}\n{"text": "x"}') == "record"
    assert detect_format("Rebels seized the town\n\nThe army said...") == "text"
    assert detect_format("<div><p>a</p><p>b</p><p>c</p><span>d</span><a href=x>e</a></div>") == "html"


def test_jsonl_lines_become_documents_and_bad_lines_are_recorded() -> None:
    lines = [json.dumps({"text": "Police arrested 12 people.", "url": "https://example.org/a", "outlet": "Daily"}),
             "{not json", json.dumps({"title": "no text here"})]
    docs = list(read_bytes("\n".join(lines).encode(), "feed.jsonl"))
    assert [d.source for d in docs] == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3"]
    assert docs[0].error is None and docs[0].meta["outlet"] == "Daily"
    assert docs[0].doc_id == content_id(b"", "https://example.org/a")
    assert "bad JSON line" in docs[1].error
    assert "no 'text'" in docs[2].error


def test_empty_input_is_a_document_with_an_error() -> None:
    (doc,) = read_bytes(b"  \n", "empty.txt")
    assert doc.error and "empty" in doc.error


def test_same_bytes_same_id() -> None:
    a = list(read_bytes(TEXT.encode(), "a.txt"))[0]
    b = list(read_bytes(TEXT.encode(), "b.txt"))[0]
    assert a.doc_id == b.doc_id


def test_directories_are_read_recursively_and_missing_paths_fail(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Headline\n\nBody one.", encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text("<html><body><p>Body two.</p></body></html>", encoding="utf-8")
    (tmp_path / ".hidden").write_text("skip me", encoding="utf-8")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    docs = [i for i in items if isinstance(i, RawDoc)]
    fails = [i for i in items if isinstance(i, InputFailure)]
    assert [d.kind for d in docs] == ["text", "html"]
    assert len(fails) == 1 and "missing.txt: no such file" in fails[0].message


def test_huge_file_is_refused_with_advice(tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (11 * 1024 * 1024))  # 55 MB
    (item,) = list(read_inputs([str(big)], max_bytes=50_000_000))
    assert isinstance(item, InputFailure)
    assert "big.txt" in item.message and "ingest.max_bytes" in item.message


def test_bom_sniffing_covers_utf32() -> None:
    data = codecs.BOM_UTF32_LE + "Strike".encode("utf-32-le")
    assert decode(data, "x")[0] == "Strike"


def test_a_windows_1252_page_keeps_its_accents_in_the_head_metadata(tmp_path) -> None:
    from eventwire.clean import clean_document

    page = (
        '<html><head><meta charset="windows-1252"><title>Floods near Ségou</title>'
        '<meta property="og:title" content="Floods cut the road to Ségou"></head><body><article>'
        "<p>Heavy rain flooded the road between Bamako and Ségou on Tuesday, cutting off dozens of villages "
        "along the river, regional officials said, and the water was still rising in the evening.</p>"
        "<p>The regional governor said boats had been sent to reach families stranded on the roofs of their "
        "houses, and that schools would stay closed for the rest of the week.</p></article></body></html>"
    ).encode("cp1252")
    path = tmp_path / "segou.html"
    path.write_bytes(page)
    raw = next(r for r in read_inputs([str(path)]) if isinstance(r, RawDoc))
    doc = clean_document(raw)
    assert doc.title == "Floods cut the road to Ségou" and "Ségou" in doc.text
