"""A batch inverted with numpy holds exactly the postings built document by document."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from index.segments.codec import CompactPositions
from index.segments.inversion import WordStreams
from index.segments.term_columns import TermColumns


def per_term(cols: TermColumns):
    """(term, doc numbers, weights, values) of each term of `cols`."""
    at, byte_at = cols.offsets()
    for i, term in enumerate(cols.terms):
        s, e = at[i], at[i + 1]
        yield (term, cols.ids[s:e].tolist(), list(array("f", cols.weights[s:e].tobytes())),
               [cols.blob[byte_at[j]:byte_at[j + 1]] for j in range(s, e)])


# A toy analysis: "the" and "x" are dropped (a stopword, a word too short), the rest stem to
# their first two letters, so distinct words share terms as stems do.
def toy_stems(words):
    return [None if w in ("the", "x") else w[:2] for w in words]


documents = st.lists(
    st.tuples(
        # stopwords before the first kept word: its position is where it stands
        st.integers(0, 3),
        st.lists(st.sampled_from(["the", "x", "a", "b", "é", "zz", "ab", "abc", "ba"]), max_size=30),
        st.integers(0, 300),  # a gap before the next document
    ),
    min_size=1, max_size=20,
)


def one_by_one(docs, boost):
    """term -> (ids, weights, values), the way the writer encodes one document at a time
    (Whoosh's stop filter renumbering: the first kept word keeps its position)."""
    fmt = CompactPositions(field_boost=boost)
    out: dict[bytes, tuple[list, list, list]] = {}
    for docnum, words in docs:
        stems = toy_stems(words)
        kept = [s for s in stems if s is not None]
        if not kept:
            continue
        first = next(i for i, s in enumerate(stems) if s is not None)
        positions: dict[str, list[int]] = {}
        for pos, stem in enumerate(kept, first):
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
    streams = WordStreams(toy_stems)
    docs, docnum = [], 0
    for stops, words, gap in spec:
        words = ["the"] * stops + words
        streams.add(docnum, words)
        docs.append((docnum, words))
        docnum += 1 + gap
    got = {tbytes: (ids, weights, values) for tbytes, ids, weights, values in per_term(streams.columns(boost))}
    expected = one_by_one(docs, boost)
    assert list(got) == list(expected)  # every term, in byte order
    for term, (ids, weights, values) in expected.items():
        assert got[term] == (ids, list(array("f", weights)), values)
    kept = {d: sum(s is not None for s in toy_stems(words)) for d, words in docs if words}
    assert streams.lengths() == kept


def test_positions_past_one_and_two_bytes():
    """Positions past 255 and 65,535 (many words before the first kept one) need 2- and
    4-byte deltas."""
    streams = WordStreams(toy_stems)
    streams.add(0, ["the"] * 300 + ["ab", "x", "ab", "ba"])
    streams.add(1, ["the"] * 70_000 + ["ba"])
    got = {t: (ids, values) for t, ids, _w, values in per_term(streams.columns(1.0))}
    fmt = CompactPositions(field_boost=1.0)
    # renumbered: the first kept word keeps its place, the kept words after it follow it
    assert got == {b"ab": ([0], [fmt.encode([300, 301])]), b"ba": ([0, 1], [fmt.encode([302]), fmt.encode([70_000])])}
    assert streams.lengths() == {0: 3, 1: 1}
