"""A field's terms with their postings as flat columns: what a bulk run stores, what the
commit's merge combines and what `term_writer.TermChunk` writes.

Runs used to hold one (term, doc numbers, weights, values, value lengths) tuple per term, and
the commit joined them back into arrays: tens of thousands of tuples a batch built, marshalled
and unpacked again, for numpy arrays at both ends. Columns go from the workers' numpy inversion
to the segment writer as arrays; the merge of many runs' records is a sort of their terms and
one gather of their postings, with no Python step per term or posting.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class TermColumns(NamedTuple):
    """Terms in byte order, each with `counts[i]` postings; the postings of one term after
    another, each term's in doc order."""

    terms: list[bytes]
    counts: np.ndarray  # int64: postings per term
    ids: np.ndarray  # doc number of each posting (in a merged chunk -1: left out)
    weights: np.ndarray  # float32
    value_lengths: np.ndarray  # int64: bytes of each posting's value in `blob`
    blob: bytes

    @classmethod
    def empty(cls) -> TermColumns:
        none = np.zeros(0, dtype=np.int64)
        return cls([], none, none, np.zeros(0, dtype=np.float32), none, b"")

    @classmethod
    def of_terms(cls, postings: dict[bytes, list]) -> TermColumns:
        """From term -> [doc number, weight, value, doc number, weight, value, ...] (the run
        builder's postings of fields Whoosh analyses)."""
        terms = sorted(postings)
        flats = [postings[t] for t in terms]
        counts = np.fromiter((len(f) // 3 for f in flats), dtype=np.int64, count=len(terms))
        ids = [x for f in flats for x in f[0::3]]
        weights = [x for f in flats for x in f[1::3]]
        values = [x for f in flats for x in f[2::3]]
        return cls(terms, counts, np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32),
                   np.fromiter(map(len, values), dtype=np.int64, count=len(values)), b"".join(values))

    def offsets(self) -> tuple[list[int], list[int]]:
        """(where each term's postings start, where each posting's value starts in `blob`),
        each with its end appended: what `between` slices by."""
        return np.r_[0, np.cumsum(self.counts)].tolist(), np.r_[0, np.cumsum(self.value_lengths)].tolist()

    def between(self, start: int, end: int, offsets: tuple[list[int], list[int]]) -> TermColumns:
        """Terms `start` to `end` (not included) with their postings, `offsets` being `offsets()`."""
        at, byte_at = offsets
        p, q = at[start], at[end]
        return TermColumns(self.terms[start:end], self.counts[start:end], self.ids[p:q], self.weights[p:q],
                           self.value_lengths[p:q], self.blob[byte_at[p]:byte_at[q]])

    def split(self, bounds: list[int]) -> list[TermColumns]:
        """The columns cut before each term number in `bounds` (increasing, each > 0)."""
        offsets = self.offsets()
        return [self.between(s, e, offsets) for s, e in zip([0, *bounds], [*bounds, len(self.terms)])]

    def records(self, field: str, max_terms: int):
        """Marshal-ready records of at most `max_terms` terms each (a run's unit of reading)."""
        if not self.terms:
            return
        for piece in self.split(list(range(max_terms, len(self.terms), max_terms))):
            yield (field, piece.terms, piece.counts.astype(np.uint32).tobytes(), piece.ids.astype(np.uint32).tobytes(),
                   piece.weights.tobytes(), piece.value_lengths.astype(np.uint32).tobytes(), piece.blob)

    @classmethod
    def from_record(cls, record: tuple) -> tuple[str, TermColumns]:
        field, terms, counts, ids, weights, lengths, blob = record
        return field, cls(terms, np.frombuffer(counts, dtype=np.uint32).astype(np.int64),
                          np.frombuffer(ids, dtype=np.uint32).astype(np.int64),
                          np.frombuffer(weights, dtype=np.float32),
                          np.frombuffer(lengths, dtype=np.uint32).astype(np.int64), blob)


def concat(parts: list[TermColumns]) -> TermColumns:
    """Columns whose terms follow one another (each part's after the previous part's)."""
    if len(parts) <= 1:
        return parts[0] if parts else TermColumns.empty()
    return TermColumns(
        [t for p in parts for t in p.terms], np.concatenate([p.counts for p in parts]),
        np.concatenate([p.ids for p in parts]), np.concatenate([p.weights for p in parts]),
        np.concatenate([p.value_lengths for p in parts]), b"".join(p.blob for p in parts))


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start, start + 1, ... of each range, one range after another."""
    total = int(lengths.sum())
    before = np.cumsum(lengths) - lengths
    return np.repeat(starts - before, lengths) + np.arange(total)


def merge(parts: list[TermColumns]) -> TermColumns:
    """One column set of the parts' terms: each term once, its postings those of the parts
    that have it in part order (the runs' doc order)."""
    parts = [p for p in parts if p.terms]
    if len(parts) <= 1:
        return parts[0] if parts else TermColumns.empty()
    joined = concat(parts)
    distinct = sorted(set(joined.terms))
    rank = {term: i for i, term in enumerate(distinct)}
    term_rank = np.fromiter(map(rank.__getitem__, joined.terms), dtype=np.int64, count=len(joined.terms))
    order = np.argsort(term_rank, kind="stable")  # stable: the parts' order within a term
    counts = joined.counts
    starts = np.cumsum(counts) - counts
    take = _ranges(starts[order], counts[order])
    byte_at = np.r_[0, np.cumsum(joined.value_lengths)]
    byte_starts, byte_ends = byte_at[starts[order]], byte_at[(starts + counts)[order]]
    blob = joined.blob
    return TermColumns(
        distinct, np.bincount(term_rank, weights=counts, minlength=len(distinct)).astype(np.int64),
        joined.ids[take], joined.weights[take], joined.value_lengths[take],
        b"".join([blob[s:e] for s, e in zip(byte_starts.tolist(), byte_ends.tolist())]))
