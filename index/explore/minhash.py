"""MinHash sketches of an article's cleaned body, and the LSH bands that find near-copies.

A sketch is NUM_PERM minimum hashes over the set of the body's word shingles (SHINGLE words
in a row, lowercased): two sketches agree at a position with probability equal to the Jaccard
similarity of the two shingle sets. LSH splits a sketch into BANDS bands of ROWS values; two
articles sharing any whole band are candidates, checked against the sketches.

Written with numpy rather than datasketch: datasketch pulls in scipy for its LSH parameter
search, and hashing an article's shingles is one (NUM_PERM x shingles) array expression here.
Hashes must be the same in every process (workers compute sketches, the indexing process
compares them), so words are hashed with crc32, never Python's salted `hash`.

Each minimum is kept as 16 bits of a remix of the full 32-bit minimum ("b-bit minwise
hashing"): two different minima agree by chance one time in 65,536, which shifts a
similarity estimate by less than a thousandth, for a quarter of the storage.

A sketch also holds a second one of the text's *opening*: the shingles that start in its first
half (`copies.is_copy` asks a copy to agree there too, so that two texts sharing only a long
ending, such as an outlet's disclaimer, are not taken for copies). Both come from one pass:
the whole text's minima are the element-wise minimum of its two halves' minima.
"""

from __future__ import annotations

import zlib

import numpy as np

from index.text.words import WORD_BYTES, ascii_text, words

SHINGLE = 4
ROWS = 3
BANDS = 40
NUM_PERM = ROWS * BANDS

_rng = np.random.default_rng(0x5EED_C0DE)
# (a x + b) mod 2**32 with odd a: a permutation of 32-bit shingle hashes per position. Not a
# strictly min-wise family, but unbiased on hashed input (the tests check the estimates), and
# 32-bit products vectorise where 64-bit ones do not.
_A = _rng.integers(0, 2**32, NUM_PERM, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
_B = _rng.integers(0, 2**32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
# Odd multipliers combining a shingle's word hashes into one, and remixing a minimum.
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F], dtype=np.uint32)
_REMIX = np.uint32(0x2C1B3C6D)

SIG_BYTES = NUM_PERM * 2
# The stored sketch: the whole text's values, the opening's, the opening's shingle count (uint32).
SKETCH_BYTES = 2 * SIG_BYTES + 4
# Shingles are hashed this many at a time into one reused buffer (bounded memory whatever the
# text's length; a fresh (NUM_PERM x shingles) array per article cost three times the
# arithmetic in page faults).
CHUNK = 2048
_buffer = np.empty((NUM_PERM, CHUNK), np.uint32)
# Only the start of a text this long is sketched: far longer than any news article, and a
# pathological file (millions of words) costs no more than this.
MAX_CHARS = 300_000


def word_hashes(text: str) -> np.ndarray:
    """crc32 of each lowercased word (`words.words`), in order."""
    plain = ascii_text(text)
    if plain is not None:  # the common case: split and hash bytes, no str per word
        toks = plain.encode("ascii").translate(WORD_BYTES).lower().split()
    else:
        toks = [w.encode("utf-8", "surrogatepass") for w in words(text.lower())]
    return np.fromiter(map(zlib.crc32, toks), dtype=np.uint32, count=len(toks))


def _positional(text: str) -> np.ndarray:
    """The 32-bit hashes of the text's SHINGLE-word shingles in text order, repeats kept (one
    shingle of all its words when it has fewer)."""
    h = word_hashes(text[:MAX_CHARS])
    if not len(h):
        return np.zeros(0, np.uint32)
    k = min(SHINGLE, len(h))
    n = len(h) - k + 1
    x = h[:n] * _MIX[0]
    for i in range(1, k):
        x ^= h[i:i + n] * _MIX[i]
    return x


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the text's SHINGLE-word shingles."""
    return np.unique(_positional(text))


def opening_hashes(text: str) -> np.ndarray:
    """The distinct hashes of the shingles starting in the first half of the text (its first
    shingle at least)."""
    x = _positional(text)
    return np.unique(x[:(len(x) + 1) // 2])


def _minima(x: np.ndarray) -> np.ndarray:
    mins = np.full(NUM_PERM, np.iinfo(np.uint32).max, np.uint32)
    for start in range(0, len(x), CHUNK):
        part = x[start:start + CHUNK]
        out = _buffer[:, :len(part)]
        np.multiply(_A[:, None], part[None, :], out=out)
        np.add(out, _B[:, None], out=out)
        np.minimum(mins, out.min(axis=1), out=mins)
    return mins


def _small(mins: np.ndarray) -> bytes:
    return ((mins * _REMIX) >> np.uint32(16)).astype(np.uint16).tobytes()


def sketch(text: str) -> tuple[bytes, int]:
    """(sketch bytes, number of distinct shingles) of a text; an empty text has no shingles
    and a sketch of zeros that nothing is compared against. The bytes hold the whole text's
    values, then its opening's, then the opening's number of distinct shingles."""
    x = _positional(text)
    if not len(x):
        return bytes(SKETCH_BYTES), 0
    distinct, first = np.unique(x, return_index=True)
    in_head = first < (len(x) + 1) // 2  # a shingle is in the opening if it first occurs there
    head = distinct[in_head]
    head_mins = _minima(head)
    rest = distinct[~in_head]
    mins = np.minimum(head_mins, _minima(rest)) if len(rest) else head_mins
    return _small(mins) + _small(head_mins) + np.uint32(len(head)).tobytes(), len(distinct)


def as_matrix(blobs: list[bytes]) -> np.ndarray:
    """The whole texts' sketch values of many articles as one (articles, NUM_PERM) uint16 matrix."""
    if not blobs:
        return np.zeros((0, NUM_PERM), np.uint16)
    return np.frombuffer(b"".join(b[:SIG_BYTES] for b in blobs), dtype=np.uint16).reshape(len(blobs), NUM_PERM)


def openings(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The openings' sketch values (articles, NUM_PERM) and shingle counts of many articles."""
    if not blobs:
        return np.zeros((0, NUM_PERM), np.uint16), np.zeros(0, np.int64)
    sigs = np.frombuffer(b"".join(b[SIG_BYTES:2 * SIG_BYTES] for b in blobs), dtype=np.uint16)
    counts = np.frombuffer(b"".join(b[2 * SIG_BYTES:SKETCH_BYTES] for b in blobs), dtype=np.uint32)
    return sigs.reshape(len(blobs), NUM_PERM), counts.astype(np.int64)


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(articles, BANDS) uint64: each band's ROWS 16-bit values packed into one number."""
    bands = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    key = bands[:, :, 0]
    for r in range(1, ROWS):
        key = (key << np.uint64(16)) | bands[:, :, r]
    return key


def jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of sketch rows a[i] and b[i]."""
    return (a == b).mean(axis=-1)


def overlap(j: np.ndarray, na: np.ndarray, nb: np.ndarray) -> np.ndarray:
    """The share of the smaller shingle set found in the larger, from the Jaccard estimate:
    |A & B| = J (|A| + |B|) / (1 + J). A copy truncated to its first half has a Jaccard of
    about 0.5 with the whole article but an overlap near 1."""
    na = na.astype(np.float64)
    nb = nb.astype(np.float64)
    inter = j * (na + nb) / (1.0 + j)
    return np.minimum(1.0, inter / np.maximum(1.0, np.minimum(na, nb)))
