"""Ranking and counting with numpy over whole posting lists.

Whoosh ranks by walking a tree of matchers one posting at a time, several Python calls per
posting and node, slow on a large corpus (a broad prefix most of all), and an exact count
walked the tree again. Here each term's posting list is read block by block
into arrays (document numbers, weights), BM25F is computed for the whole list in one numpy
expression from the statistics Whoosh's scorer uses (its idf, average field length and
one-byte field lengths), and AND/OR/NOT become operations on per-segment score and match
vectors. Every match gets its score, so the exact count comes free and the top hits are a
partial sort.

Scores are Whoosh's: the same formula in the same order of operations, over the same float32
weights. Only the order in which a document's per-term scores are added can differ from
Whoosh's matcher tree, a difference in the last bits. Phrases are checked on the positions of
the documents that hold every word; the parts this does not model (phrases with a slop, spans,
ranges of words) are run by Whoosh's own matcher for that part alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import takewhile

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F

from index.errors import no_check
from index.search.query import DocListQuery
from index.segments.codec import PostingValues, extent_length, posting_list_arrays
from index.segments.whoosh_private import bm25_field_b, expanded_terms, postings_file, segment_perdoc, segment_terms

# Whoosh's Or preloads an unscored union in segments up to this size (`Or._matcher`).
_PRELOAD_MAX_DOCS = 5000
# Posting lists of an expansion closer than this in the file are read in one go (the bytes
# between are read and dropped: cheaper than another seek and read up to about this much).
_COALESCE = 64 * 1024
# Loops over terms or documents call the cancel check this often.
_CHECK_EVERY = 1024


class NotModelled(Exception):
    """The searcher's weighting is not the BM25F this module reproduces."""


@dataclass(frozen=True)
class Ranked:
    """The best `k` matches (global document numbers, best first) and how many match."""

    docnums: list[int]
    scores: list[float]
    total: int


def evaluate(searcher, q: wq.Query, check: Callable[[], None] = no_check,
             expansions: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A match flag and a score for every document of the index (deleted ones never match).

    `check` is called every so often in long loops; it may raise to abandon the search (see
    `errors.cancel_check`). Given a dict, `expansions` receives each prefix or wildcard node's
    expanded terms (bytes) over all segments, so highlighting need not expand them again."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F or bm25_field_b(weighting):
        raise NotModelled(f"weighting {weighting!r}")
    masks, scores = [], []
    for sub, _offset in searcher.leaf_searchers():  # in offset order: results concatenate
        check()
        segment = _Segment(searcher, sub, weighting, check, expansions)
        mask, score = segment.eval(q)
        live = segment.live()
        if live is not None:
            mask &= live
        masks.append(mask)
        scores.append(score)
    if not masks:
        return np.zeros(0, bool), np.zeros(0)
    if len(masks) == 1:
        return masks[0], scores[0]
    return np.concatenate(masks), np.concatenate(scores)


def rank(searcher, q: wq.Query, k: int, check: Callable[[], None] = no_check,
         expansions: dict | None = None) -> Ranked:
    """The `k` best matches of `q`, ordered as Whoosh orders them: score, then document number."""
    mask, scores = evaluate(searcher, q, check, expansions)
    docs = np.flatnonzero(mask)
    total = len(docs)
    if k <= 0 or total == 0:
        return Ranked([], [], total)
    s = scores[docs]
    if total > k:
        kth = np.partition(s, total - k)[total - k]
        keep = s >= kth
        docs, s = docs[keep], s[keep]
    order = np.lexsort((docs, -s))[:k]
    return Ranked(docs[order].tolist(), s[order].tolist(), total)


def matching_docnums(searcher, q: wq.Query) -> np.ndarray:
    """Every matching global document number, ascending."""
    mask, _ = evaluate(searcher, q)
    return np.flatnonzero(mask)


def count_matches(searcher, q: wq.Query) -> int:
    """How many live documents of `searcher`'s index match `q`."""
    mask, _ = evaluate(searcher, q)
    return int(np.count_nonzero(mask))


class _Segment:
    """Evaluates query trees over one segment: (match flags, scores), scores 0 where no match."""

    def __init__(self, parent, searcher, weighting: BM25F, check: Callable[[], None] = no_check,
                 expansions: dict | None = None):
        self.parent = parent
        self.check = check
        self.expansions = expansions
        self.searcher = searcher
        self.reader = searcher.reader()
        self.n = self.reader.doc_count_all()
        self.B, self.K1 = weighting.B, weighting.K1

    def live(self) -> np.ndarray | None:
        reader = self.reader
        if not reader.has_deletions():
            return None
        live = np.ones(self.n, bool)
        deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int64)
        live[deleted[deleted < self.n]] = False
        return live

    def empty(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(self.n, bool), np.zeros(self.n)

    def constant(self, docs, value: float) -> tuple[np.ndarray, np.ndarray]:
        mask, score = self.empty()
        mask[docs] = True
        score[mask] = value
        return mask, score

    def eval(self, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        kind = type(q)
        if kind is wq.Term:
            return self.dense(self.term(q.fieldname, q.text, q.boost))
        if kind is wq.Or and not q.minmatch and not q.scale:
            mask, score = self.empty()
            for child in q.subqueries:
                if type(child) is wq.Term:
                    docs, s = self.term(child.fieldname, child.text, child.boost)
                    mask[docs] = True
                    score[docs] += s  # a term's documents are distinct
                else:
                    m, s = self.eval(child)
                    mask |= m
                    score += s
            return mask, self.boosted(score, q.boost)
        if kind is wq.And:
            if not q.subqueries:
                return self.empty()
            mask, score = self.eval(q.subqueries[0])
            for child in q.subqueries[1:]:
                m, s = self.eval(child)
                mask &= m
                score += s
            score[~mask] = 0.0
            return mask, self.boosted(score, q.boost)
        if kind is wq.AndNot:
            mask, score = self.eval(q.a)
            mask &= ~self.eval(q.b)[0]
            score[~mask] = 0.0
            return mask, score
        if kind is wq.Require:
            mask, score = self.eval(q.a)
            mask &= self.eval(q.b)[0]
            score[~mask] = 0.0
            return mask, score
        if kind is wq.AndMaybe:
            mask, score = self.eval(q.a)
            _, extra = self.eval(q.b)
            score += extra
            score[~mask] = 0.0
            return mask, score
        if kind is wq.Not:
            # Whoosh's InverseMatcher: every other document, each scoring 1.
            inner, _ = self.eval(q.query)
            return self.constant(~inner, 1.0)
        if kind is wq.Every and q.fieldname in (None, "", "*"):
            return self.constant(slice(None), q.boost or 1.0)  # a ListMatcher's weight
        if q is wq.NullQuery:
            return self.empty()
        if isinstance(q, DocListQuery):
            docs = q.docnums(self.reader)
            return self.constant(np.asarray(docs, dtype=np.int64), q.weight or 1.0)
        if kind in (wq.Prefix, wq.Wildcard) and q.text:
            return self.multiterm(q)
        if kind is wq.Phrase and q.slop == 1 and len(q.words) > 1 and self.has_positions(q.fieldname):
            return self.phrase(q)
        return self.by_matcher(q)

    def has_positions(self, fieldname: str) -> bool:
        schema = self.reader.schema
        return fieldname in schema and bool(schema[fieldname].format) and schema[fieldname].format.supports("positions")

    def boosted(self, score: np.ndarray, boost: float) -> np.ndarray:
        if boost != 1.0:
            score *= boost
        return score

    def dense(self, sparse: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        docs, s = sparse
        mask, score = self.empty()
        mask[docs] = True
        score[docs] = s
        return mask, score

    def multiterm(self, q) -> tuple[np.ndarray, np.ndarray]:
        """A prefix or wildcard as Whoosh's MultiTerm runs it in this segment.

        Despite "constantscore", Whoosh scores the Or of the expanded terms with the searcher's
        BM25F, boost applied only when there are several terms, except where its Or preloads
        the union unscored (as many terms as TOO_MANY_CLAUSES, or other than two terms in a
        segment of at most 5,000 documents): there every match scores 1.
        """
        words = []
        for word in expanded_terms(q, self.reader):
            if word:
                words.append(word)
                if not len(words) % _CHECK_EVERY:
                    self.check()
        if self.expansions is not None:
            self.expansions.setdefault(q, set()).update(words)
        if not words:
            return self.empty()
        if len(words) == 1:
            return self.dense(self.term(q.fieldname, words[0], 1.0))
        unscored = len(words) >= wq.Or.TOO_MANY_CLAUSES or (len(words) != 2 and self.n <= _PRELOAD_MAX_DOCS)
        mask, score = self.empty()
        for docs, weights, tbytes in self.many_postings(q.fieldname, words, isinstance(q, wq.Prefix)):
            mask[docs] = True
            if not unscored:
                score[docs] += self.scores(q.fieldname, tbytes, docs, weights)
        if unscored:
            return mask, mask.astype(np.float64)
        return mask, self.boosted(score, q.boost)

    def by_matcher(self, q) -> tuple[np.ndarray, np.ndarray]:
        """Whoosh's own matcher for a part this module does not model (phrases, spans...)."""
        mask, score = self.empty()
        m = q.matcher(self.searcher, self.parent.context())
        docs, scores = [], []
        while m.is_active():
            docs.append(m.id())
            scores.append(m.score())
            m.next()
            if not len(docs) % _CHECK_EVERY:
                self.check()
        if docs:
            idx = np.asarray(docs, dtype=np.int64)
            mask[idx] = True
            score[idx] = scores
        return mask, score

    def postings(self, fieldname: str, text, values: list | None = None):
        """(document numbers, weights, term bytes) of a term in this segment, or None."""
        reader = self.reader
        schema = reader.schema
        if fieldname not in schema:
            return None
        field = schema[fieldname]
        try:
            tbytes = field.to_bytes(text)
        except ValueError:
            return None
        if (fieldname, tbytes) not in reader:
            return None
        docs, weights = posting_arrays(segment_terms(reader).matcher(fieldname, tbytes, field.format), values)
        return docs, weights, tbytes

    def many_postings(self, fieldname: str, words: list[bytes], contiguous: bool = False):
        """(document numbers, weights, term bytes) of each of many terms of a field (a prefix's
        or a wildcard's expansion, in term order), for the terms present.

        Looking terms up one by one cost two hash-table probes and a matcher each, every one
        a seek and a read in the compound file: seconds for a broad prefix. Here the
        term infos of `contiguous` words (a prefix's: no other term sorts between them) come
        from one ordered walk of the terms table, those of others from one probe each, and
        the posting lists, which sit in term order in the postings file, from a few large
        reads (neighbours closer than `_COALESCE` bytes are read together).
        """
        if fieldname not in self.reader.schema:
            return
        terms = segment_terms(self.reader)  # (as `postings` reads it)
        field = self.reader.schema[fieldname]
        if contiguous:
            wanted, last = set(words), max(words)
            walk = takewhile(lambda item: item[0][0] == fieldname and item[0][1] <= last,
                             terms.items_from(fieldname, min(words)))
            infos = ((tbytes, info) for (_, tbytes), info in walk if tbytes in wanted)
        else:
            infos = _present(terms, fieldname, words)
        extents = []  # (offset, length, term bytes), in term (and so in file) order
        for n, (tbytes, info) in enumerate(infos, 1):
            if not n % _CHECK_EVERY:
                self.check()
            if info.is_inlined():  # (our writers never inline; Whoosh's matcher reads those)
                yield posting_arrays(terms.matcher(fieldname, tbytes, field.format)) + (tbytes,)
                continue
            offset, length = info.extent()
            extents.append((offset, extent_length(length), tbytes))
        extents.sort()  # (term order is file order; this only makes sure)
        fixedsize = field.format.fixed_value_size()
        postfile = postings_file(terms)
        i = 0
        while i < len(extents):
            j = i + 1
            while j < len(extents) and extents[j][0] - (extents[j - 1][0] + extents[j - 1][1]) < _COALESCE:
                j += 1
            start = extents[i][0]
            buf = postfile.get(start, extents[j - 1][0] + extents[j - 1][1] - start)
            for n, (offset, length, tbytes) in enumerate(extents[i:j]):
                if not n % _CHECK_EVERY:
                    self.check()
                at = offset - start
                yield (*posting_list_arrays(buf[at:at + length], fixedsize), tbytes)
            i = j

    def scores(self, fieldname: str, tbytes: bytes, docs: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """BM25F of a term's postings (or the weights, for an unscored field), as Whoosh's
        term scorer computes them: its idf and average length, the same operation order."""
        if not self.reader.schema[fieldname].scorable:
            return weights
        parent = self.parent
        idf = parent.idf(fieldname, tbytes)
        avgfl = parent.avg_field_length(fieldname) or 1
        fl = field_lengths(self.reader, fieldname)[docs]
        B, K1 = self.B, self.K1
        return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))

    def term(self, fieldname: str, text, boost: float, scored: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """One term's documents in this segment and their scores."""
        found = self.postings(fieldname, text)
        if found is None:
            return np.zeros(0, np.int64), np.zeros(0)
        docs, weights, tbytes = found
        if not scored:
            return docs, weights
        s = self.scores(fieldname, tbytes, docs, weights)
        if boost != 1.0:
            s = s * boost
        return docs, s

    def phrase(self, q: wq.Phrase) -> tuple[np.ndarray, np.ndarray]:
        """Words at consecutive positions, as Whoosh's SpanNear2 (slop 1) finds them.

        The documents holding every word come from intersecting the posting arrays; only
        their positions are decoded. A match scores the sum of its words' term scores (what
        Whoosh's intersection under the span matcher gives), times the phrase's boost.
        """
        field = self.reader.schema[q.fieldname]
        lists = []
        for word in q.words:
            blocks: list = []
            found = self.postings(q.fieldname, word, blocks)
            if found is None:
                return self.empty()  # as Whoosh: a word missing from the segment matches nothing
            lists.append((*found, PostingValues(blocks)))
        candidates = lists[0][0]
        for docs, *_ in lists[1:]:
            candidates = np.intersect1d(candidates, docs, assume_unique=True)
        if not len(candidates):
            return self.empty()
        at = [np.searchsorted(docs, candidates) for docs, *_ in lists]
        decode = field.format.decode_positions
        hits = []
        for j in range(len(candidates)):
            if not (j + 1) % _CHECK_EVERY:
                self.check()
            starts = decode(lists[0][3].get(int(at[0][j])))
            later = [set(decode(values.get(int(at[i][j])))) for i, (*_, values) in enumerate(lists) if i]
            if any(all(p + i in positions for i, positions in enumerate(later, start=1)) for p in starts):
                hits.append(j)
        if not hits:
            return self.empty()
        found_docs = candidates[hits]
        mask, score = self.empty()
        mask[found_docs] = True
        for (docs, weights, tbytes, _values), idx in zip(lists, at):
            score[found_docs] += self.scores(q.fieldname, tbytes, found_docs, weights[idx[hits]])
        return mask, self.boosted(score, q.boost)


def _present(terms, fieldname: str, words: list[bytes]):
    """(term bytes, term info) of each of `words` the terms table holds: one probe each."""
    for word in words:
        try:
            yield word, terms.term_info(fieldname, word)
        except TermNotFound:
            continue


def posting_arrays(matcher, values: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights as float64) of a fresh leaf matcher's whole posting list.
    With a list, its values go there too (as `arrays` puts them; see `PostingValues`)."""
    arrays = getattr(matcher, "arrays", None)
    if arrays is not None:
        return arrays(values)
    docs, weights = [], []
    while matcher.is_active():
        docs.append(matcher.id())
        weights.append(matcher.weight())
        if values is not None:
            values.append((len(docs) - 1, [matcher.value()]))
        matcher.next()
    return np.asarray(docs, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """Every document's length in a field, as Whoosh's scorer sees it (float64)."""
    perdoc = segment_perdoc(reader)
    table = getattr(perdoc, "length_array", None)
    if table is not None:
        return table(fieldname)
    return np.asarray(
        [reader.doc_field_length(d, fieldname, 1) or 0 for d in range(reader.doc_count_all())], dtype=np.float64
    )
