"""How alike two texts are, from a small sketch of each: what lets a tag find its article again
after a re-scrape changed its text a little (a typo fixed, a paragraph added, a caption lost).

A sketch is the MinHash "bottom-k" of the text's word 4-shingles: the SKETCH_SIZE smallest
32-bit hashes of its runs of four words. Two sketches estimate the Jaccard likeness of the two
texts' shingle sets; a small sketch (256 bytes) is enough to tell a lightly edited copy from
another article of the same outlet (see `NEAR_IDENTICAL`, and bench/likeness_bench.py for how
it was measured).
"""

from __future__ import annotations

import heapq
import zlib
from array import array

from index.text.words import words

SHINGLE = 4
SKETCH_SIZE = 64
# Estimated shingle likeness at or above which two texts are one article, edited. Measured on
# the cleaning benchmark's 578 pages (bench/likeness_bench.py): with 3% of its words replaced a
# page keeps 0.58 or more (median 0.80), with a paragraph dropped 0.73 for all but 1% of pages,
# with its last fifth cut 0.45 (1st percentile); two different pages of one site score 0 at the
# median. A tag only takes an article this alike when no other candidate is.
NEAR_IDENTICAL = 0.5
# Texts shorter than this many words are too small for their sketch to tell them apart.
MIN_WORDS = 30


def sketch(text: str) -> bytes | None:
    """The sketch of a text, or None when it is too short to be told apart by one."""
    ws = words(text.lower())
    if len(ws) < MIN_WORDS:
        return None
    hashes = {
        zlib.crc32(" ".join(ws[i : i + SHINGLE]).encode("utf-8", "surrogatepass"))
        for i in range(len(ws) - SHINGLE + 1)
    }
    return array("I", sorted(heapq.nsmallest(SKETCH_SIZE, hashes))).tobytes()


def likeness(a: bytes, b: bytes) -> float:
    """The estimated Jaccard likeness (0..1) of the two texts two sketches were made from."""
    sa, sb = set(array("I", a)), set(array("I", b))
    union = heapq.nsmallest(SKETCH_SIZE, sa | sb)
    if not union:
        return 0.0
    return sum(1 for h in union if h in sa and h in sb) / len(union)
