"""Ranking statistics of live documents only, and merges that keep field lengths exact.

Whoosh deletes a document by marking it; until its segment is merged away, the document still
counts in BM25F's statistics: the document count, each term's document frequency and the
average field length. An index that had many articles replaced (a re-cleaning, edits) then
weighed a word as if it were in every deleted version too: a tagline word left in 5 live
articles was scored as if in 116. `LiveSearcher` computes the statistics over live documents
only, so an index with deletions ranks exactly as a fresh index of the same articles:

- documents: the live count;
- a term's document frequency: its postings, less those of deleted documents (read only in
  segments that have deletions, once per term and searcher);
- a field's total length: each segment's total, less the exact lengths of its deleted
  documents (the codec keeps every document's exact length: `codec.ExactLengthsWriter`).

Whoosh's merges copy each document's rounded one-byte length into the new segment's totals;
`merge_policy` merges through readers that give the exact lengths instead, and also merges a
segment whose deleted share passes EXPUNGE_SHARE, so deletions do not pile up on disk. Merges
happen in the commit of an update, which runs in a worker, never in a query.
"""

from __future__ import annotations

from math import log

import numpy as np
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.util import fib

from index.segments.whoosh_private import segment_perdoc, segment_terms

# A segment with more than this share of its documents deleted is merged at the next commit.
EXPUNGE_SHARE = 0.25


class LiveSearcher(Searcher):
    """A Whoosh searcher whose BM25F statistics count live documents only (module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._live_df: dict = {}
        self._live_lengths: dict[str, float] = {}

    def _top(self) -> "LiveSearcher":
        top = self.get_parent()
        return top if isinstance(top, LiveSearcher) else self

    def idf(self, fieldname, text):
        top = self._top()
        if top is not self:
            return top.idf(fieldname, text)
        cache = self._idf_cache
        key = (fieldname, text)
        if key not in cache:
            n = self.live_doc_frequency(fieldname, text)
            # BM25F's idf (WeightingModel.idf) with the live document count
            cache[key] = log(self.doc_count() / (n + 1)) + 1
        return cache[key]

    def avg_field_length(self, fieldname, default=None):
        top = self._top()
        if top is not self:
            return top.avg_field_length(fieldname, default)
        if not self.schema[fieldname].scorable:
            return default
        return self.live_field_length(fieldname) / (self.doc_count() or 1)

    def live_doc_frequency(self, fieldname, text) -> int:
        key = (fieldname, text)
        found = self._live_df.get(key)
        if found is None:
            found = 0
            for reader, _ in self.ixreader.leaf_readers():
                n = reader.doc_frequency(fieldname, text)
                if n and reader.has_deletions():
                    n -= int(np.count_nonzero(_deleted_mask(reader)[_posting_docs(reader, fieldname, text)]))
                found += n
            self._live_df[key] = found
        return found

    def live_field_length(self, fieldname: str) -> float:
        found = self._live_lengths.get(fieldname)
        if found is None:
            found = 0.0
            for reader, _ in self.ixreader.leaf_readers():
                total = reader.field_length(fieldname)
                if total and reader.has_deletions():
                    exact = segment_perdoc(reader).exact_length_array(fieldname)
                    total -= float(exact[_deleted_mask(reader)[: len(exact)]].sum())
                found += total
            self._live_lengths[fieldname] = found
        return found


def _deleted_mask(reader) -> np.ndarray:
    mask = np.zeros(reader.doc_count_all(), bool)
    deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int64)
    mask[deleted[deleted < len(mask)]] = True
    return mask


def _posting_docs(reader, fieldname, text) -> np.ndarray:
    """Every document number of a term's postings in one segment, deleted ones included."""
    field = reader.schema[fieldname]
    tbytes = text if isinstance(text, bytes) else field.to_bytes(text)
    matcher = segment_terms(reader).matcher(fieldname, tbytes, field.format)  # (unfiltered by deletions)
    arrays = getattr(matcher, "arrays", None)
    if arrays is not None:
        return arrays()[0]
    return np.fromiter(matcher.all_ids(), dtype=np.int64)


def merge_policy(writer, segments):
    """Whoosh's MERGE_SMALL choice of segments (its fibonacci rule, as it applies it), plus
    every segment whose deleted share passes EXPUNGE_SHARE, merged through readers that give
    exact lengths."""
    to_merge = []
    total = 0
    for i, seg in enumerate(sorted(segments, key=lambda s: s.doc_count_all())):
        total += seg.doc_count_all()
        to_merge.append(seg)
        if i > 3 and total < fib(i + 5):
            break
    else:
        to_merge = []
    if len(to_merge) < 2:
        to_merge = []
    chosen = {s.segment_id() for s in to_merge}
    for seg in segments:
        count = seg.doc_count_all()
        if seg.segment_id() not in chosen and count and seg.deleted_count() > EXPUNGE_SHARE * count:
            to_merge.append(seg)
            chosen.add(seg.segment_id())
    for seg in to_merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        try:
            segment_perdoc(reader).exact = True
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for s in segments if s.segment_id() not in chosen]
