"""`word~` finds the index terms one edit away (a transposition is one edit) on any index."""

from __future__ import annotations

import random

import pytest
from corpus_factory import write_corpus
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.reading import IndexReader

from index import Corpus
from index.search.fuzzy import terms_within

ALPHABET = "abcdé"


@pytest.fixture(scope="module")
def close_words(tmp_path_factory):
    """An index whose terms are many short words over a small alphabet, in two segments:
    most words have several terms one edit away."""
    tmp = tmp_path_factory.mktemp("fuzzy")
    corpus = tmp / "corpus"
    corpus.mkdir()
    rng = random.Random(4)

    def article(i: int) -> str:
        words = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 6))) for _ in range(120)]
        return f"Words {i}\n\n" + " ".join(words) + ".\n"

    for i in range(30):
        (corpus / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    c = Corpus(corpus, tmp / "data")
    c.update()
    for i in range(30, 45):
        (corpus / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    c.update()
    assert not c.index.searcher().reader().is_atomic()
    yield c
    c.close()


@settings(max_examples=150, deadline=None)
@given(word=st.text(ALPHABET + "x", min_size=1, max_size=7), prefix=st.integers(0, 2))
def test_one_edit_finds_exactly_the_terms_whooshs_damerau_scan_finds(close_words, word, prefix):
    reader = close_words.index.searcher().reader()
    expected = set(IndexReader.terms_within(reader, "body", word, 1, prefix=prefix))
    assert terms_within(reader, "body", word, 1, prefix) == expected


def test_fuzzy_terms_match_whooshs_damerau_scan_on_a_segmented_index(tmp_path):
    corpus = tmp_path / "corpus"
    ids = write_corpus(corpus, 60, seed=5)
    with Corpus(corpus, tmp_path / "data") as c:
        c.update()
        write_corpus(tmp_path / "more", 30, seed=6)
        for path in (tmp_path / "more").rglob("*.txt"):
            target = corpus / "more" / path.name
            target.parent.mkdir(exist_ok=True)
            target.write_text(path.read_text(encoding="utf-8").replace("police", "polcie"), encoding="utf-8")
        c.update()
        reader = c.index.searcher().reader()
        assert not reader.is_atomic()
        for word in ("polcie", "plice", "goverment", "rpeort", "hsopital", "brdige", "x"):
            for field in ("title", "body"):
                expected = set(IndexReader.terms_within(reader, field, word, 1, prefix=1))
                assert terms_within(reader, field, word, 1, 1) == expected, (word, field)
        assert {"polic", "polci"} <= terms_within(reader, "body", "polci", 1, 1)  # a transposition is one edit
    assert ids


def test_opening_an_article_from_a_fuzzy_query_highlights_the_matched_words(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 20, seed=8)
    with Corpus(corpus, tmp_path / "data") as c:
        c.update()
        assert c.index.searcher().reader().is_atomic()
        # a transposed typo is one edit on a one-segment index too (Whoosh's automaton said two)
        assert c.search("rpeort~").total >= c.search("report").total > 0
        hit = c.search("goverment~").hits[0]
        article = c.article(hit.id)
        marked = {article.text[s.start:s.end].lower() for s in c.spans(article.text, c.hit_terms("goverment~"))}
        assert "government" in marked
