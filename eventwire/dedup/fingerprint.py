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
from bisect import bisect_left
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
# Before cleaning a candidate copy, this share of its raw words (boilerplate included) must stand in
# shingles of the original, in order (shingle_coverage): copies measured >= 0.81 on
# benchmarks/dedup_speed.py and >= 0.73 for short test articles with a boilerplate paragraph added;
# different articles sharing stock sentences <= 0.70. Passing costs only the exact check below.
RAW_COVERAGE = 0.7
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


def _shingles(words: list[str]) -> set[str]:
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> np.ndarray | None:
    """Return the MinHash signature (NUM_PERM uint32) of a text's word shingles; None when it is too short."""
    words = normal_words(text)
    if len(words) < MIN_WORDS:
        return None
    shingles = _shingles(words)
    # each shingle's hash: the first 4 bytes of its SHA-1, little-endian (read in one go)
    digests = b"".join([hashlib.sha1(x.encode()).digest()[:4] for x in shingles])
    hashes = np.frombuffer(digests, dtype="<u4").astype(np.uint64)
    a, b = _permutations()
    permuted = ((hashes[:, None] * a[None, :] + b[None, :]) % _PRIME) & _MASK
    return permuted.min(axis=0).astype(np.uint32)


def shingle_coverage(source: str, copy: str) -> float:
    """Return the share of the copy's words that stand in word shingles the source has in the same order.

    A quick estimate of align(source, copy).coverage that ignores runs shorter than a shingle: a copy
    keeps the original's sentences whole and in order, so nearly all its words are covered; another
    article that shares some stock sentences, or has them in another order, is turned away here
    without the word-by-word alignment.
    """
    words = normal_words(copy)
    if len(words) < SHINGLE_WORDS:
        return 0.0
    source_words = normal_words(source)
    where: dict[str, int] = {}
    for i in range(len(source_words) - SHINGLE_WORDS + 1):
        where.setdefault(" ".join(source_words[i : i + SHINGLE_WORDS]), i)
    # the longest chain of matching shingles in increasing source order (patience sorting)
    tails: list[int] = []  # smallest source position ending a chain of each length
    ends: list[int] = []  # the copy position where that chain ends
    before: dict[int, int] = {}  # copy position -> the previous copy position of its chain
    for i in range(len(words) - SHINGLE_WORDS + 1):
        at = where.get(" ".join(words[i : i + SHINGLE_WORDS]))
        if at is None:
            continue
        k = bisect_left(tails, at)
        if k:
            before[i] = ends[k - 1]
        if k == len(tails):
            tails.append(at)
            ends.append(i)
        else:
            tails[k], ends[k] = at, i
    covered: set[int] = set()
    i = ends[-1] if ends else None
    while i is not None:
        covered.update(range(i, i + SHINGLE_WORDS))
        i = before.get(i)
    return len(covered) / len(words)


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
