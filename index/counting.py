"""Exact hit counts by set algebra over posting lists.

Whoosh counts a query's matches by walking its matcher tree once more after ranking, a few
Python calls per posting (10 ms for a common word on a 20,000-article index, 35 ms for "said").
Here each term's posting list becomes a set of document numbers, read block by block, and
AND/OR/NOT become C-level set operations. Query parts this does not know (phrases, spans) are
counted by their own Whoosh matcher, so the count is always the one Whoosh gives.
"""

from __future__ import annotations

from whoosh import query as wq

from .query import DocListQuery


def count_matches(searcher, q: wq.Query) -> int:
    """How many live documents of `searcher`'s index match `q`."""
    total = 0
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        docs = _docs(sub, reader, q)
        if reader.has_deletions():
            docs -= reader.deleted_docs_set
        total += len(docs)
    return total


def _docs(searcher, reader, q: wq.Query) -> set[int]:
    """The document numbers of one segment matching `q` (deleted ones may be included)."""
    if type(q) is wq.Term:
        return _term_docs(reader, q.fieldname, q.text)
    if type(q) is wq.Or and not getattr(q, "minmatch", 0):
        out: set[int] = set()
        for child in q.subqueries:
            out |= _docs(searcher, reader, child)
        return out
    if type(q) is wq.And:
        parts = sorted((_docs(searcher, reader, child) for child in q.subqueries), key=len)
        out = parts[0] if parts else set()
        for part in parts[1:]:
            out &= part
        return out
    if type(q) is wq.AndNot:
        return _docs(searcher, reader, q.a) - _docs(searcher, reader, q.b)
    if type(q) is wq.Require:
        return _docs(searcher, reader, q.a) & _docs(searcher, reader, q.b)
    if type(q) is wq.AndMaybe:
        return _docs(searcher, reader, q.a)
    if type(q) is wq.Not:
        return set(range(reader.doc_count_all())) - _docs(searcher, reader, q.query)
    if type(q) is wq.Every and not q.fieldname:
        return set(range(reader.doc_count_all()))
    if q is wq.NullQuery:
        return set()
    if isinstance(q, DocListQuery):  # tag: and date: clauses
        return set(q._docnums(reader))
    # Anything else (phrases, spans, ranges of words): Whoosh's own matcher for this part.
    return set(q.matcher(searcher).all_ids())


def _term_docs(reader, fieldname: str, text) -> set[int]:
    if fieldname not in reader.schema:
        return set()
    field = reader.schema[fieldname]
    tbytes = field.to_bytes(text)
    terms = getattr(reader, "_terms", None)
    if terms is None or (fieldname, tbytes) not in reader:
        return set()
    matcher = terms.matcher(fieldname, tbytes, field.format)
    id_list = getattr(matcher, "id_list", None)
    return set(id_list() if id_list is not None else matcher.all_ids())
