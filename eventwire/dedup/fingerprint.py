"""Content fingerprints (MinHash over word shingles) of article text, and word alignment of a copy
onto its original.

A wire story republished by another outlet keeps its sentences but changes the headline, the
boilerplate around it, the dateline or credit line, and often cuts the last paragraphs. Its clean
text shares most five-word shingles with the original, so their MinHash signatures agree in most
positions. Signatures are cut into bands (locality-sensitive hashing): two documents that agree on
one whole band are candidates, checked by the estimated Jaccard similarity and then by aligning
their words.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = (
    32  # 32 bands of 4 rows: documents with Jaccard 0.5 become candidates with p ~ 0.87, 0.7 with p > 0.999
)
ROWS = NUM_PERM // BANDS
SEED = 20240101
# Universal hashing h(x) = (a x + b) mod p over 32-bit shingle hashes: p is the smallest prime above
# 2**32, and a, b < 2**32 keep a x + b below 2**64 (no overflow in uint64).
_PRIME = np.uint64(4294967311)
_MASK = np.uint64(0xFFFFFFFF)
# Candidates whose estimated Jaccard similarity is below this are not checked word by word. Copies
# (raw text with its boilerplate against the original's clean text) measured 0.55-0.95 on
# benchmarks/dedup_speed.py; different articles built from shared stock sentences reach 0.58, so a few
# are still checked, by alignment.
MIN_JACCARD = 0.5
# Before cleaning a candidate copy, its raw text (boilerplate included) must align this well with the
# original; copies measured >= 0.83, different articles <= 0.64.
RAW_COVERAGE = 0.75
# A document is a copy when at least this share of its words align, in order, with an original:
# it adds nothing the original's events do not already hold (a copy trimmed at the end qualifies; a
# longer version with new paragraphs is parsed on its own).
COPY_COVERAGE = 0.9
# Texts shorter than this many words are not fingerprinted: short notices repeat by chance.
MIN_WORDS = 25
_WORD = re.compile(r"\S+")
_NORM = re.compile(r"[^\w]+", re.UNICODE)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """Return the NUM_PERM hash functions' (a, b), the same on every machine (seeded)."""
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, 2**32, size=NUM_PERM, dtype=np.uint64)
    b = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64)
    return a, b


def normal_words(text: str) -> list[str]:
    """Return the text's words lower-cased without punctuation (what fingerprints and alignment compare)."""
    return [w for w in (_NORM.sub("", t).lower() for t in text.split()) if w]


def signature(text: str) -> np.ndarray | None:
    """Return the MinHash signature (NUM_PERM uint32) of a text's word shingles; None when it is too short."""
    words = normal_words(text)
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    hashes = np.fromiter(
        (int.from_bytes(hashlib.sha1(x.encode()).digest()[:4], "little") for x in shingles),
        dtype=np.uint64,
        count=len(shingles),
    )
    a, b = _permutations()
    permuted = ((hashes[:, None] * a[None, :] + b[None, :]) % _PRIME) & _MASK
    return permuted.min(axis=0).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """Return one signed 64-bit key per band (band number and its values hashed together)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def jaccard(a: np.ndarray, b: np.ndarray | None) -> float:
    """Return the Jaccard similarity of two shingle sets estimated from their signatures (0 without one)."""
    return 0.0 if b is None else float(np.mean(a == b))


def to_blob(sig: np.ndarray) -> bytes:
    """Return the signature as bytes for the store."""
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """Return a signature stored by to_blob."""
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


@dataclass(frozen=True)
class Alignment:
    """Which words of an original line up with which words of a copy."""

    source_spans: tuple[tuple[int, int], ...]  # character span of each word of the original
    copy_spans: tuple[tuple[int, int], ...]  # same for the copy
    mapping: dict[int, int]  # original word index -> copy word index
    coverage: float  # share of the copy's words that line up with the original

    def map_span(self, start: int, end: int, min_share: float = 0.8) -> tuple[int, int] | None:
        """Return the copy's span for the original's [start, end), or None when most of it is gone."""
        inside = [i for i, (s, e) in enumerate(self.source_spans) if s >= start and e <= end]
        if not inside:
            return None
        mapped = [self.mapping[i] for i in inside if i in self.mapping]
        if len(mapped) < min_share * len(inside):
            return None
        return self.copy_spans[min(mapped)][0], self.copy_spans[max(mapped)][1]


def align(source: str, copy: str) -> Alignment:
    """Return the word alignment of `copy` onto `source` (longest matching runs, in order)."""
    src_spans = tuple((m.start(), m.end()) for m in _WORD.finditer(source))
    cpy_spans = tuple((m.start(), m.end()) for m in _WORD.finditer(copy))
    src_words = [_NORM.sub("", source[s:e]).lower() for s, e in src_spans]
    cpy_words = [_NORM.sub("", copy[s:e]).lower() for s, e in cpy_spans]
    matcher = SequenceMatcher(None, src_words, cpy_words, autojunk=False)
    mapping: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    coverage = len(mapping) / len(cpy_words) if cpy_words else 0.0
    return Alignment(src_spans, cpy_spans, mapping, coverage)
