"""Runs' term columns merge into exactly the postings merged term by term."""

from __future__ import annotations

import marshal

from hypothesis import given, settings
from hypothesis import strategies as st
from test_inversion import per_term

from index.segments.term_columns import TermColumns, concat, merge

# A part: term -> its postings (doc number, weight, value), terms in byte order as a run has them.
parts = st.lists(
    st.dictionaries(
        st.binary(min_size=1, max_size=3),
        st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from([1.0, 2.0, 0.5]), st.binary(max_size=5)),
                 min_size=1, max_size=6),
        max_size=12,
    ),
    max_size=6,
)


def columns(part: dict) -> TermColumns:
    return TermColumns.of_terms({t: [x for p in postings for x in p] for t, postings in part.items()})


def as_dict(cols: TermColumns) -> dict:
    return {t: list(zip(ids, weights, values)) for t, ids, weights, values in per_term(cols)}


@settings(max_examples=200, deadline=None)
@given(parts)
def test_merge_keeps_each_terms_postings_in_part_order(spec):
    expected: dict[bytes, list] = {}
    for part in spec:
        for term, postings in part.items():
            expected.setdefault(term, []).extend(postings)
    merged = merge([columns(p) for p in spec])
    assert merged.terms == sorted(expected)
    assert as_dict(merged) == {t: expected[t] for t in sorted(expected)}


@settings(max_examples=100, deadline=None)
@given(parts.filter(bool), st.integers(1, 5))
def test_records_and_splits_give_back_the_columns(spec, max_terms):
    cols = merge([columns(p) for p in spec])
    records = [TermColumns.from_record(marshal.loads(marshal.dumps(r))) for r in cols.records("body", max_terms)]
    assert all(field == "body" and len(r.terms) <= max_terms for field, r in records)
    assert as_dict(concat([r for _, r in records])) == as_dict(cols)
    bounds = list(range(max_terms, len(cols.terms), max_terms))
    assert as_dict(concat(cols.split(bounds))) == as_dict(cols)
