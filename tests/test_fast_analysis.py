"""The fast indexing path must produce exactly what Whoosh's own analysis would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT

from index.segments.fast_analysis import StemmedText

SAMPLES = [
    "The leaders were killed; the killing of the Islamic State group's leader, al-Baghdadi, in 2019.",
    "a an the A. B. C. U.S. e.g. 3.14 v2.0 co-operation naïve Überall İstanbul ǅemal ﬁnance",
    "",
    "   \n\n  ",
    "word " * 50,
    "Заголовок открываемого материала — 中文 テスト العربية",
    "it is what it is and to be or not to be",
]


def slow(field, text):
    return sorted(TEXT.index(field, text))


def fast(field, text):
    return sorted(field.index(text))


def test_fast_path_matches_whoosh_on_samples():
    for boost in (1.0, 2.0):
        field = StemmedText(field_boost=boost)
        assert field._fast_ok()
        for text in SAMPLES:
            assert fast(field, text) == slow(field, text), text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_fast_path_matches_whoosh_on_any_text(text):
    field = StemmedText()
    assert fast(field, text) == slow(field, text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_highlight_tokens_match_the_analyzer(text):
    from index.segments.fast_analysis import stemmed_tokens
    from index.segments.search_index import BODY_ANALYZER

    expected = [(t.text, t.startchar, t.endchar) for t in BODY_ANALYZER(text, chars=True)]
    assert stemmed_tokens(text, BODY_ANALYZER) == expected


SNIPPET_TEXTS = [
    "The securities regulator said security was tight; secure areas were closed. Happy, happier, happiness. The security regulators met.",
    "Killing, killed and kills: the killer was caught. U.S. officials and e.g. acronyms, co-operation.",
]


def test_quick_spans_match_full_spans():
    from index.search.highlight import HitTerms, quick_spans, spans

    for text in SNIPPET_TEXTS:
        for words in ({"secur"}, {"kill", "happi"}, {"offici", "cooper", "oper"}, {"u.s"}):
            terms = HitTerms(frozenset(words), ())
            assert quick_spans(text, terms) == spans(text, terms), (text, words)
        for phrases in ((("secur", "regul"),), (("killer", "caught"), ("kill", "kill"))):
            terms = HitTerms(frozenset({"kill"}), phrases)
            assert quick_spans(text, terms) == spans(text, terms), (text, phrases)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Security", "secure", "securities", "KILLED", "kill", "x", "İstanbul",
                                 "ǅemal", "ﬁnance", "co-operation", "U.S.", "_secur", "*kill", ".kill",
                                 "regulators", "—", "\n\n", "2019", "ΣΕΚ"]), max_size=40),
       st.sampled_from([" ", "", ", ", "\n"]))
def test_quick_spans_match_full_spans_on_any_mix(words, sep):
    """The lowercased-text scan finds the same hits as tokenising everything, Unicode included."""
    from index.search.highlight import HitTerms, quick_spans, spans

    text = sep.join(words)
    for terms in (HitTerms(frozenset({"secur", "kill"}), ()), HitTerms(frozenset({"istanbul", "financ"}), ()),
                  HitTerms(frozenset({"kill"}), (("secur", "regul"),))):
        assert quick_spans(text, terms) == spans(text, terms), text


def test_batched_posting_pool_writes_the_same_index(tmp_path):
    """Spilled runs written in marshal'd batches give exactly the postings pickled runs give."""
    import random

    from whoosh.filedb.filestore import FileStorage

    from index.segments.posting_pool import use_batched_pool
    from index.segments.search_index import make_schema

    rng = random.Random(3)
    words = [f"w{i}" for i in range(3000)]
    docs = [(f"d{i}", " ".join(rng.choice(words) for _ in range(300))) for i in range(300)]

    def build(folder, batched):
        ix = FileStorage(str(folder)).create_index(make_schema(), indexname="t")
        writer = ix.writer(limitmb=1)  # tiny: forces many runs to disk
        if batched:
            use_batched_pool(writer)
            assert type(writer.pool).__name__ == "BatchedPostingPool"
        for aid, body in docs:
            writer.add_document(id=aid, title=body[:40], body=body)
        writer.commit()
        with ix.searcher() as s:
            reader = s.reader()
            return [(f, t, list(reader.postings(f, t).items_as("positions"))) for f, t in reader.all_terms() if f in ("title", "body")]

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert build(tmp_path / "a", False) == build(tmp_path / "b", True)
