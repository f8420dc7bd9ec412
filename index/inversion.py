"""Inverting a batch's word streams into postings with numpy, in the bulk workers.

Building postings document by document costs a dict of positions per article and a Python
call per distinct word (its list extended, its positions encoded): at ~750 words an article
that was 40% of a bulk worker's time. Here a field keeps only each document's kept words, as
term numbers in one flat array. At the end of the batch one stable sort by term gives every
posting in term, document, position order, and frequencies, weights and the encoded positions
(`CompactPositions`: a type byte, then the position deltas, 1, 2 or 4 bytes each) are computed
for the whole batch at once. The result is exactly what `CompactPositions.encode` gives per
posting; the bulk writer's tests compare the segments with those of Whoosh's own writer.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

import numpy as np

_CODES = np.array([ord("B"), ord("H"), ord("I")], dtype=np.uint8)


class _TermNumbers(dict):
    """term -> its number, the next free one on first sight (a dict subclass: hits stay in C)."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


class WordStreams:
    """One field's kept words of a batch of documents, in document order, as term numbers."""

    def __init__(self) -> None:
        self.numbers = _TermNumbers()
        self.tokens = array("I")  # term number of each kept word
        self.docs = array("I")  # per document with words: its doc number,
        self.firsts = array("I")  # the position of its first kept word,
        self.counts = array("I")  # and how many kept words it has

    def add(self, docnum: int, first: int, stems: list[str]) -> None:
        if not stems:
            return
        self.tokens.extend(map(self.numbers.__getitem__, stems))
        self.docs.append(docnum)
        self.firsts.append(first)
        self.counts.append(len(stems))

    def postings(self, boost: float) -> Iterator[tuple[bytes, bytes, bytes, bytes, bytes]]:
        """(term bytes, doc numbers, weights, values blob, value lengths) per term, in term
        order; the numbers are native uint32/float32 arrays' bytes, as the run format keeps them."""
        n = len(self.tokens)
        if not n:
            return
        encoded = [term.encode("utf-8") for term in self.numbers]  # in number order
        by_bytes = sorted(range(len(encoded)), key=encoded.__getitem__)
        rank = np.empty(len(encoded), dtype=np.int64)
        rank[by_bytes] = np.arange(len(encoded))

        counts = np.frombuffer(self.counts, dtype=np.uint32).astype(np.int64)
        begins = np.cumsum(counts) - counts  # each document's first word in `tokens`
        doc_of = np.repeat(np.frombuffer(self.docs, dtype=np.uint32), counts)
        position = np.arange(n) - np.repeat(begins - np.frombuffer(self.firsts, dtype=np.uint32), counts)

        key = rank[np.frombuffer(self.tokens, dtype=np.uint32)]
        order = np.argsort(key, kind="stable")  # stable: documents and positions stay in order
        key, doc_of, position = key[order], doc_of[order], position[order]

        new = np.empty(n, dtype=bool)
        new[0] = True
        np.not_equal(key[1:], key[:-1], out=new[1:])
        new[1:] |= doc_of[1:] != doc_of[:-1]
        starts = np.flatnonzero(new)  # each posting's first word
        freq = np.diff(np.append(starts, n))

        # CompactPositions: the first position, then deltas; the width fits the largest.
        delta = position.copy()
        delta[1:] -= position[:-1]
        delta[starts] = position[starts]
        top = np.maximum.reduceat(delta, starts)
        kind = (top >= 256).astype(np.int64) + (top >= 65536)
        width = np.array([1, 2, 4], dtype=np.int64)[kind]
        lengths = 1 + freq * width
        ends = np.cumsum(lengths)
        offsets = ends - lengths
        blob = np.zeros(int(ends[-1]), dtype=np.uint8)
        blob[offsets] = _CODES[kind]
        posting_of = np.repeat(np.arange(len(starts)), freq)
        word_width = width[posting_of]
        at = offsets[posting_of] + 1 + (np.arange(n) - starts[posting_of]) * word_width
        for byte in range(4):  # little-endian, as array's native layout is here
            wide = word_width > byte
            blob[at[wide] + byte] = (delta[wide] >> (8 * byte)) & 0xFF

        posting_keys = key[starts]
        term_starts = np.flatnonzero(np.r_[True, posting_keys[1:] != posting_keys[:-1]])
        ids = doc_of[starts].astype(np.uint32).tobytes()
        weights = (freq * boost).astype(np.float32).tobytes()
        value_lengths = lengths.astype(np.uint32).tobytes()
        blob_bytes = blob.tobytes()
        bounds = term_starts.tolist() + [len(starts)]
        byte_bounds = [0] + ends.tolist()
        for i, term_rank in enumerate(posting_keys[term_starts].tolist()):
            s, e = bounds[i], bounds[i + 1]
            yield (encoded[by_bytes[term_rank]], ids[4 * s:4 * e], weights[4 * s:4 * e],
                   blob_bytes[byte_bounds[s]:byte_bounds[e]], value_lengths[4 * s:4 * e])
