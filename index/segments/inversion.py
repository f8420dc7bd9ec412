"""Inverting a batch's word streams into postings with numpy, in the bulk workers.

Building postings document by document costs a dict of positions per article and a Python
call per distinct word (its list extended, its positions encoded): at ~750 words an article
that was 40% of a bulk worker's time. Here a field keeps each document's words, stopwords
included, as word numbers in one flat array: one C-level dict lookup a word. The analyzer's
stop filter and stemmer then run once per distinct word of the batch, not once per word, and
the renumbered positions, the stems' term numbers and every posting are computed with numpy at
the end: one stable sort by term gives every posting in term, document, position order, and
frequencies, weights and the encoded positions (`CompactPositions`: a type byte, then the
position deltas, 1, 2 or 4 bytes each) follow for the whole batch at once. The result is
exactly what `CompactPositions.encode` gives per posting; the bulk writer's tests compare the
segments with those of Whoosh's own writer.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable
from itertools import count

import numpy as np

from index.segments.codec import packed_groups
from index.segments.term_columns import TermColumns


def _numbering() -> defaultdict:
    """key -> its number, the next free one on first sight. (A defaultdict of a counter: a
    new key is numbered in C too, where a dict subclass's `__missing__` was a Python call for
    each of a batch's tens of thousands of distinct words.)"""
    return defaultdict(count().__next__)


class WordStreams:
    """One field's words of a batch of documents, in document order, as word numbers.

    `stems(words)` is the field's analysis of distinct words: each word's stem, or None for a
    word the stop filter drops.
    """

    def __init__(self, stems: Callable[[list[str]], list[str | None]]) -> None:
        self.stems = stems
        self.numbers = _numbering()  # word -> its number
        self.tokens = array("I")  # word number of each word
        self.docs = array("I")  # per document with words: its doc number,
        self.counts = array("I")  # and how many words it has
        self._terms: tuple | None = None

    def add(self, docnum: int, words: list[str]) -> None:
        if not words:
            return
        self.tokens.extend(map(self.numbers.__getitem__, words))
        self.docs.append(docnum)
        self.counts.append(len(words))
        self._terms = None

    def _analysed(self) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
        """(term number of every word, -1 for a dropped one; whether each word is kept; the
        terms' UTF-8 bytes in number order)."""
        if self._terms is None:
            term_numbers = _numbering()
            of_word = np.fromiter(
                (-1 if s is None else term_numbers[s] for s in self.stems(list(self.numbers))),
                dtype=np.int64, count=len(self.numbers))
            term = of_word[np.frombuffer(self.tokens, dtype=np.uint32)]
            self._terms = (term, term >= 0, [t.encode("utf-8") for t in term_numbers])
        return self._terms

    def _kept(self) -> tuple[np.ndarray, np.ndarray]:
        """(each document's first word in `tokens`, how many of its words are kept)."""
        _term, keep, _encoded = self._analysed()
        counts = np.frombuffer(self.counts, dtype=np.uint32).astype(np.int64)
        begins = np.cumsum(counts) - counts
        return begins, np.add.reduceat(keep, begins, dtype=np.int64)

    def lengths(self) -> dict[int, int]:
        """doc number -> how many of its words are kept (the field length the index records)."""
        if not self.tokens:
            return {}
        return dict(zip(self.docs.tolist(), self._kept()[1].tolist()))

    def columns(self, boost: float) -> TermColumns:
        """The batch's postings, by term in byte order, doc numbers as given to `add`."""
        if not self.tokens:
            return TermColumns.empty()
        term, keep, encoded = self._analysed()
        # The stop filter renumbers: a document's first kept word keeps its position, the
        # kept words after it follow one by one.
        index = np.flatnonzero(keep)  # the kept words
        n = len(index)
        if not n:
            return TermColumns.empty()
        begins, kept = self._kept()
        doc_of = np.repeat(np.frombuffer(self.docs, dtype=np.uint32), kept)
        kept_begins = np.cumsum(kept) - kept  # each document's first kept word in `index`
        has = kept > 0
        first = np.zeros(len(kept), dtype=np.int64)
        first[has] = index[kept_begins[has]] - begins[has]
        position = np.arange(n) - np.repeat(kept_begins - first, kept)

        by_bytes = sorted(range(len(encoded)), key=encoded.__getitem__)
        rank = np.empty(len(encoded), dtype=np.int64)
        rank[by_bytes] = np.arange(len(encoded))
        key = rank[term[index]]
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
        _codes, byte_bounds, blob = packed_groups(delta, starts, freq, code_byte=True)

        counts = np.bincount(key[starts], minlength=len(encoded))
        present = np.flatnonzero(counts)  # (every term has a posting; to be safe)
        return TermColumns([encoded[by_bytes[r]] for r in present.tolist()], counts[present],
                           doc_of[starts].astype(np.int64), (freq * boost).astype(np.float32),
                           np.diff(byte_bounds), blob)
