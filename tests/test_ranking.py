"""Ranking with numpy (index.search.ranking) gives Whoosh's matches, scores and order, and exact counts.

The reference is Whoosh scoring every match (`search(limit=None)`): its limited top-k
collector can drop a document from the top on an index of several segments, which is the
reason to compare against the full list.
"""

from __future__ import annotations

import math

import pytest
from corpus_factory import WORDS, write_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import Corpus
from index.search.query import expand_fuzzy
from index.search.ranking import count_matches, rank

QUERIES = [
    "government", "report AND police", "report OR police", "report AND NOT police", "NOT river",
    '"minister said"', "elect*", "harvst~", "title:report", "source:wire", "date:[2019 to 2021]",
    "(court OR council) AND (army OR forces) AND NOT storm", "tag:keep", "tag:keep OR bridge",
    "government AND tag:keep", "nosuchword", "NOT nosuchword", "report AND \"police city\"",
    "report^3 OR police", "(storm OR bridge)^0.5 AND city", "p*", "title:rep*", "id:batch000/a00003.txt",
    "report ANDMAYBE police", "report ANDNOT police", "bridge~1", "pol?ce", "*e", "s*e", "*", "title:*",
    '"storm hit the bridge"', '"police police"', '"report police city"^2', '"police report"~3', 'title:"report 7"',
    '"bridge storm" OR "storm bridge"',
]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """A corpus whose index has several segments and deletions, and some tagged articles."""
    tmp = tmp_path_factory.mktemp("ranking")
    corpus = tmp / "corpus"
    ids = write_corpus(corpus, 160, seed=31)
    c = Corpus(corpus, tmp / "data")
    c.update()
    c.tag(ids[:15], add=["keep"])
    for rel in ids[20:40]:  # edits: a second segment, deletions in the first
        path = corpus / rel
        path.write_text(path.read_text(encoding="utf-8") + "\nThe storm hit the bridge.\n", encoding="utf-8")
    for rel in ids[40:45]:
        (corpus / rel).unlink()
    c.update()
    searcher = c.index.searcher()
    assert len(list(searcher.leaf_searchers())) >= 2 and searcher.reader().has_deletions()
    yield c
    c.close()


def whoosh_ranking(searcher, q) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}


def assert_same_ranking(searcher, q, label: str) -> None:
    expected = whoosh_ranking(searcher, q)
    ranked = rank(searcher, q, len(expected) + 5)
    assert ranked.total == len(expected) == count_matches(searcher, q), label
    assert set(ranked.docnums) == set(expected), label
    for docnum, score in zip(ranked.docnums, ranked.scores):
        assert math.isclose(score, expected[docnum], rel_tol=1e-9, abs_tol=1e-12), (label, docnum)
    # best first by Whoosh's scores; equal scores in index order (unless the last bits differ)
    ours = dict(zip(ranked.docnums, ranked.scores))
    for d1, d2 in zip(ranked.docnums, ranked.docnums[1:]):
        w1, w2 = expected[d1], expected[d2]
        assert w1 > w2 or math.isclose(w1, w2, rel_tol=1e-9), (label, d1, d2)
        if w1 == w2 and d1 > d2:
            assert ours[d1] != ours[d2], (label, d1, d2)


@pytest.mark.parametrize("text", QUERIES)
def test_ranking_equals_whooshs_full_scoring(segmented, text):
    searcher = segmented.index.searcher()
    q = expand_fuzzy(segmented.compile(text), searcher.reader())
    assert_same_ranking(searcher, q, text)


def test_search_pages_through_the_ranking_with_an_exact_total(segmented):
    searcher = segmented.index.searcher()
    q = segmented.compile("report OR police")
    expected = sorted(whoosh_ranking(searcher, q).items(), key=lambda item: (-item[1], item[0]))
    ids = [searcher.stored_fields(d)["id"] for d, _ in expected]
    first = segmented.search("report OR police", limit=10)
    second = segmented.search("report OR police", limit=10, offset=10)
    assert first.total == second.total == len(expected)
    assert [h.id for h in first.hits + second.hits] == ids[:20]
    assert [h.rank for h in second.hits] == list(range(11, 21))
    assert segmented.matching_ids("report OR police") == ids


words = st.sampled_from(WORDS + ["nosuchword"])
leaf = st.one_of(
    words,
    words.map(lambda w: w[:2] + "*"),
    words.map(lambda w: f"title:{w}"),
    words.map(lambda w: f"{w}~"),
    st.lists(words, min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
)
query = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["AND", "OR", "AND NOT", "ANDMAYBE"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda q: f"NOT {q}"),
        st.tuples(inner, st.sampled_from(["2", "0.5"])).map(lambda t: f"({t[0]})^{t[1]}"),
    ),
    max_leaves=5,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=query)
def test_any_query_ranks_as_whoosh_scores_it(segmented, text):
    searcher = segmented.index.searcher()
    try:
        q = expand_fuzzy(segmented.compile(text), searcher.reader())
    except Exception:  # a query the parser refuses is not this test's business
        return
    assert_same_ranking(searcher, q, text)


def test_phrases_match_words_at_consecutive_positions_only(segmented):
    searcher = segmented.index.searcher()
    body = segmented.article(segmented.search("government", limit=1).hits[0].id).body
    three = " ".join(body.split()[3:6]).strip(".").lower()
    found = segmented.search(f'"{three}"', limit=100)
    assert found.total >= 1
    assert_same_ranking(searcher, segmented.compile(f'"{three}"'), three)
    words = segmented.compile(" AND ".join(three.split()))
    assert count_matches(searcher, words) > found.total  # the words appear apart far more often


class CancelledAfter:
    """A cancel flag that reads as set from its `n`-th look on, as if a newer query came then."""

    def __init__(self, n: int):
        self.n = n
        self.looks = 0

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks >= self.n


@pytest.mark.parametrize("text", ["report OR police", "p*", "*e", "storm AND bridge"])
def test_a_cancelled_search_stops_at_its_next_check(segmented, text):
    from index import SearchCancelled

    assert segmented.search(text, cancel=CancelledAfter(10**9)).total > 0  # never set: runs
    for n in (1, 2, 3):  # set before it starts, after the query is parsed, between segments
        flag = CancelledAfter(n)
        with pytest.raises(SearchCancelled):
            segmented.search(text, cancel=flag)
        assert flag.looks == n  # it stopped at the first check that saw the flag set


@pytest.mark.parametrize("text", ["p*", "*e", "pol?ce", "report AND s*", "title:rep*", "zzz*"])
def test_highlight_terms_reuse_the_rankings_expansion_unchanged(segmented, text):
    from index.search.highlight import hit_terms

    q = segmented.compile(text)
    fresh = hit_terms(q, segmented.index.searcher().reader())
    assert segmented.search(text).terms == fresh
