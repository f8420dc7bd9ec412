"""Posting blocks round-trip through the compact layout, whatever their weights and values."""

from __future__ import annotations

from array import array
from itertools import accumulate

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.segments.codec import PackedValues, _packed, decode_block, encode_block, packed_groups

weights = st.one_of(
    st.lists(st.just(1.0), min_size=1, max_size=40),
    st.integers(1, 6).flatmap(lambda n: st.lists(st.just(2.0), min_size=n, max_size=n)),
    st.lists(st.integers(0, 255).map(float), min_size=1, max_size=40),
    st.lists(st.floats(0.0, 1000.0, width=32), min_size=1, max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(
    block_weights=weights,
    gaps=st.lists(st.integers(1, 70_000), min_size=40, max_size=40),
    value_lengths=st.lists(st.integers(0, 30), min_size=40, max_size=40),
    fixedsize=st.sampled_from([None, 0, 4]),
    level=st.sampled_from([0, 3]),
)
def test_a_block_decodes_to_what_was_encoded(block_weights, gaps, value_lengths, fixedsize, level):
    n = len(block_weights)
    ids = list(accumulate(gaps[:n]))
    deltas = [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]
    code, id_bytes = _packed(deltas)
    if fixedsize is None:
        values = [bytes([i % 251]) * value_lengths[i] for i in range(n)]
    else:
        values = [bytes([i % 251]) * fixedsize for i in range(n)]
    data = encode_block(code, id_bytes, array("f", block_weights), PackedValues.of(values), fixedsize, level)

    (got_code, got_ids), got_weights, got_values = decode_block(data, n, fixedsize)
    assert list(accumulate(array(got_code, got_ids))) == ids
    expected_weights = list(array("f", block_weights))
    if got_weights is None:
        assert expected_weights == [1.0] * n
    elif isinstance(got_weights, float):
        assert expected_weights == [got_weights] * n
    else:
        assert list(got_weights) == expected_weights
    if fixedsize is None:
        blob, vcode, lengths = got_values
        assert list(array(vcode, lengths)) == [len(v) for v in values] and blob == b"".join(values)
    elif fixedsize == 0:
        assert got_values is None
    else:
        assert got_values == b"".join(values)


def test_a_block_in_another_layout_is_refused_with_the_remedy():
    import pickle

    import pytest

    from index.segments.codec import _check_layout

    _check_layout(encode_block("B", b"\x01", array("f", [1.0]), PackedValues.of([b"B\x00"]), None, 0))
    with pytest.raises(ValueError, match="corpus-tui index --rebuild"):
        _check_layout(pickle.dumps((("B", b"\x01"), None, ()), 2))  # a schema-6 block


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 300), min_size=1, max_size=12), min_size=1,
                max_size=12), st.booleans())
def test_groups_packed_at_once_are_each_packed_as_alone(groups, code_byte):
    """The numpy packing of many groups (blocks' deltas, postings' positions) gives each group
    the bytes `_packed` gives it, led by its code when asked."""
    counts = np.array([len(g) for g in groups])
    codes, bounds, data = packed_groups(np.array([v for g in groups for v in g], dtype=np.int64),
                                        np.cumsum(counts) - counts, counts, code_byte)
    for i, group in enumerate(groups):
        code, packed = _packed(group)
        assert codes[i] == ord(code)
        assert data[bounds[i]:bounds[i + 1]] == (code.encode("ascii") if code_byte else b"") + packed
