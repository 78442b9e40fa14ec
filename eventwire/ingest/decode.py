"""Bytes to text: encoding detection and the binary-junk test.

Order: BOM (UTF-8, UTF-16, UTF-32) → strict UTF-8 → a charset declared in HTML → Windows-1252 →
Latin-1. Windows-1252 before Latin-1 because the two differ only in 0x80–0x9F, where Latin-1 has
control characters that never appear in real text but Windows-1252 has curly quotes and dashes.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

# A file whose first 8 KB has more than this share of control bytes (other than tab/newline/CR
# and the NULs of UTF-16) is not text. 5% is far above what any article has (0%) and far below what
# compressed or image data has (~15-40%).
BINARY_CONTROL_SHARE = 0.05
SNIFF_BYTES = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)""", re.I)
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}
_CONTROL_BYTES = bytes(sorted(_CONTROL))  # for bytes.translate, which counts them at C speed


def _utf16_without_bom(head: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when every other byte of the head is NUL (ASCII-range UTF-16)."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """True when the data is not text in any encoding we read (images, archives, executables)."""
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(head):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > BINARY_CONTROL_SHARE


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding name) for the bytes of one input; raise InputError for binary data."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    utf16 = _utf16_without_bom(data[:SNIFF_BYTES])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if looks_binary(data):
        raise InputError(f"{source}: binary data, not text or HTML (is it compressed or an image?); "
                         "give eventwire plain text, HTML, JSON Lines or WARC files")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:SNIFF_BYTES])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(name)
            if name not in ("utf-8", "utf8"):
                return data.decode(name, errors="replace"), name
        except LookupError:
            pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
