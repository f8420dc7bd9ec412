"""A batch inverted with numpy holds exactly the postings built document by document."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from index.codec import CompactPositions, PackedValues
from index.inversion import WordStreams

documents = st.lists(
    st.tuples(
        # where the first kept word sits: past 255 and 65,535 the deltas need 2 and 4 bytes
        st.sampled_from([0, 3, 255, 256, 65_535, 65_536, 70_000]),
        st.lists(st.sampled_from(["a", "b", "é", "zz", "ab", "ba"]), max_size=30),
        st.integers(0, 300),  # a gap before the next document
    ),
    min_size=1, max_size=20,
)


def one_by_one(docs, boost):
    """term -> (ids, weights, values), the way the writer encodes one document at a time."""
    fmt = CompactPositions(field_boost=boost)
    out: dict[bytes, tuple[list, list, list]] = {}
    for docnum, first, stems in docs:
        positions: dict[str, list[int]] = {}
        for pos, stem in enumerate(stems, first):
            positions.setdefault(stem, []).append(pos)
        for stem, poses in positions.items():
            ids, weights, values = out.setdefault(stem.encode("utf-8"), ([], [], []))
            ids.append(docnum)
            weights.append(len(poses) * boost)
            values.append(fmt.encode(poses))
    return dict(sorted(out.items()))


@settings(max_examples=200, deadline=None)
@given(documents, st.sampled_from([1.0, 2.0, 1.5]))
def test_numpy_inversion_matches_encoding_each_document(spec, boost):
    streams = WordStreams()
    docs, docnum = [], 0
    for first, stems, gap in spec:
        streams.add(docnum, first, stems)
        docs.append((docnum, first, stems))
        docnum += 1 + gap
    got = {}
    for tbytes, ids, weights, blob, lengths in streams.postings(boost):
        got[tbytes] = (list(array("I", ids)), list(array("f", weights)),
                       PackedValues(array("I", lengths), blob).split())
    expected = one_by_one(docs, boost)
    assert list(got) == list(expected)  # every term, in byte order
    for term, (ids, weights, values) in expected.items():
        assert got[term] == (ids, list(array("f", weights)), values)
