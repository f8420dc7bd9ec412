"""Deleted documents never skew ranking: no build leaves a first, uncleaned version behind, and
the statistics count live documents only, so an index with deletions ranks as a fresh one."""

from __future__ import annotations

from corpus_factory import write_corpus
from test_corpus_templates import write_courier

from index import Corpus
from index.search.ranking import rank
from index.search.query import parse


def _scores(corpus: Corpus, text: str) -> dict[str, float]:
    result = corpus.search(text, limit=10_000, snippets=False)
    return {h.id: h.score for h in result.hits}


def _index_counts(corpus: Corpus) -> tuple[int, int]:
    searcher = corpus.index.searcher()
    return searcher.doc_count_all(), searcher.doc_count()


def test_a_small_first_build_never_indexes_an_uncleaned_version(tmp_path):
    folder = tmp_path / "corpus"
    write_courier(folder, range(40))
    with Corpus(folder, tmp_path / "data") as corpus:
        report = corpus.update()
        assert report.recleaned == 40  # the tagline was learned and every article re-cleaned ...
        assert _index_counts(corpus) == (40, 40) == (corpus.count(), corpus.count())  # ... before the commit
        assert corpus.search('"independent reporting"').total == 0


def test_an_index_with_deletions_ranks_exactly_as_a_fresh_one(tmp_path):
    folder = tmp_path / "corpus"
    ids = write_corpus(folder, 120, seed=11)
    with Corpus(folder, tmp_path / "data") as corpus:
        corpus.update()
        # edits and deletions through Whoosh's writer: the old versions stay in their
        # segments, marked deleted
        for n, aid in enumerate(ids[:24]):  # (20%: under the share that gets a segment merged)
            path = folder / aid
            if n % 3 == 0:
                path.unlink()
            else:
                path.write_text(path.read_text() + f"\nA late harbour storm note number {n}.\n")
        corpus.update()
        write_corpus(folder / "more", 10, seed=12)
        corpus.update()
        total, live = _index_counts(corpus)
        assert live == corpus.count() == 120 - 8 + 10
        assert total > live  # deletions are still in the index
        queries = ["harbour", "storm", "harbour storm", "title:report", "late OR election", '"harbour storm"', "stor*"]
        with_deletions = {q: _scores(corpus, q) for q in queries}
        # the same articles, indexed from scratch
        fresh = Corpus(folder, tmp_path / "fresh")
        fresh.update()
        assert _index_counts(fresh) == (live, live)
        for q in queries:
            expected = _scores(fresh, q)
            got = with_deletions[q]
            assert got.keys() == expected.keys(), q
            for aid, score in expected.items():
                assert abs(got[aid] - score) <= 1e-9 * max(1.0, score), (q, aid, got[aid], score)
        # Whoosh's own scorer (a phrase with a slop runs through it) sees the same statistics
        for searcher, ref in ((corpus.index.searcher(), fresh.index.searcher()),):
            q = parse('"harbour storm"~3')
            ours = {searcher.stored_fields(d)["id"]: s for d, s in zip(*_ranked(searcher, q))}
            theirs = {ref.stored_fields(d)["id"]: s for d, s in zip(*_ranked(ref, q))}
            assert ours.keys() == theirs.keys() and all(abs(ours[k] - theirs[k]) < 1e-9 for k in ours)
        fresh.close()


def _ranked(searcher, q):
    r = rank(searcher, q, 10_000)
    return r.docnums, r.scores


def test_segments_with_many_deletions_are_merged_away(tmp_path):
    folder = tmp_path / "corpus"
    ids = write_corpus(folder, 60, seed=5)
    with Corpus(folder, tmp_path / "data") as corpus:
        corpus.update()
        for aid in ids[:30]:
            (folder / aid).write_text((folder / aid).read_text() + "\nAn edit.\n")
        corpus.update()  # half the first segment deleted: it is merged into the commit's segment
        total, live = _index_counts(corpus)
        assert total == live == corpus.count() == 60
