"""Outlet template lines that only repetition gives away are learned from the corpus at index time."""

from __future__ import annotations

import sqlite3

from index.clean.cleaner import clean
from index.clean.templates import GROUP_MARK

TAGLINE = "The Valley Courier brings you independent reporting on the stories that matter to our region."
def stored_texts(corpus) -> set[int]:
    """The sizes of the texts the catalog keeps: {0} when every article is read from its file."""
    with sqlite3.connect(corpus.catalog.path) as conn:
        return {n for (n,) in conn.execute("SELECT length(raw) FROM articles")}


def catalog_order(corpus) -> list[str]:
    with sqlite3.connect(corpus.catalog.path) as conn:
        return [aid for (aid,) in conn.execute("SELECT id FROM articles ORDER BY rowid")]


TOPICS = ["harbour", "bridge", "school", "hospital", "council", "market", "river", "election"]


def courier_article(i: int) -> str:
    topic = TOPICS[i % len(TOPICS)]
    return (
        f"Officials discuss the future of the {topic} in round {i}\n\n"
        f"{TAGLINE}\n\n"
        f"Local officials met on Tuesday to discuss the future of the {topic}, round {i}, after months of debate in the town.\n\n"
        f"Residents said the {topic} plan number {i} would change daily life, and asked the council to publish the costs.\n\n"
        f"A final decision on the {topic} is expected before the end of the year, the mayor told reporters.\n"
    )


def write_courier(folder, numbers) -> None:
    folder.mkdir(exist_ok=True)
    for i in numbers:
        (folder / f"courier-{i}.txt").write_text(courier_article(i), encoding="utf-8")


def test_a_single_page_cannot_tell_the_tagline_from_prose():
    assert TAGLINE in clean(courier_article(1)).paragraphs


def test_tagline_repeated_across_the_outlet_is_removed_at_index_time(tmp_path, open_corpus):
    folder = tmp_path / "corpus"
    write_courier(folder, range(8))
    corpus = open_corpus(folder, update=False)
    report = corpus.update()
    assert report.added == 8 and report.recleaned == 8
    art = corpus.article("courier-3.txt")
    assert TAGLINE not in art.text
    assert art.title == "Officials discuss the future of the hospital in round 3"
    assert "Local officials met on Tuesday" in art.text
    # the raw view still has the line, marked as removed
    removed = [line for line, label in zip(art.raw_lines, art.labels) if label == "B"]
    assert TAGLINE in removed
    assert corpus.search('"independent reporting"').total == 0
    assert corpus.search("decision").total == 8


def test_cleaning_is_reproducible_across_runs(tmp_path, open_corpus):
    folder = tmp_path / "corpus"
    write_courier(folder, range(8))
    corpus = open_corpus(folder)
    before = {i: corpus.article(f"courier-{i}.txt").text for i in range(8)}
    # One more article: same templates apply to it, nobody else changes.
    write_courier(folder, [8])
    report = corpus.update()
    assert report.added == 1 and report.recleaned == 0
    assert TAGLINE not in corpus.article("courier-8.txt").text
    assert {i: corpus.article(f"courier-{i}.txt").text for i in range(8)} == before
    # A rebuild of the same corpus cleans every article the same way.
    corpus.update(rebuild=True)
    assert {i: corpus.article(f"courier-{i}.txt").text for i in range(8)} == before


def test_tags_survive_template_recleaning(tmp_path, open_corpus):
    folder = tmp_path / "corpus"
    write_courier(folder, range(2))
    corpus = open_corpus(folder)
    corpus.tag(["courier-0.txt"], add=["keep"])
    write_courier(folder, range(2, 8))
    report = corpus.update()
    assert report.recleaned >= 2
    assert corpus.tags_of("courier-0.txt") == ("keep",)
    assert [h.id for h in corpus.search("tag:keep").hits] == ["courier-0.txt"]
    # re-cleaned from their files, and still not copied into the catalog
    assert TAGLINE not in corpus.article("courier-0.txt").text
    assert stored_texts(corpus) == {0}


def test_templates_never_empty_an_article(tmp_path, open_corpus):
    """Near-identical articles (digits aside) must not be cleaned away as one big template."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(12):
        (folder / f"a{i}.txt").write_text(
            f"Story number {i} about harbours\n\nThe harbour authority number {i} reported unusual tides and closures this week along the coast.\n"
        )
    corpus = open_corpus(folder)
    assert corpus.search("harbour").total == 12
    assert "unusual tides" in corpus.article("a5.txt").text


def test_a_big_first_build_learns_templates_before_its_one_commit(tmp_path, open_corpus):
    """From scratch, the bulk build re-cleans inside the build: one set of new segments, no
    deleted first versions, and the tagline is not searchable."""
    import index.update.indexer as indexer

    folder = tmp_path / "corpus"
    n = indexer.BULK_MIN_FILES + 20
    write_courier(folder, range(n))
    corpus = open_corpus(folder, update=False)
    report = corpus.update()
    assert report.rebuilt and report.added == n and report.recleaned == n
    searcher = corpus.index.searcher()
    assert searcher.doc_count_all() == searcher.doc_count() == n  # nothing deleted, nothing twice
    assert corpus.search('"independent reporting"').total == 0
    assert corpus.search("decision").total == n
    assert TAGLINE not in corpus.article("courier-7.txt").text
    assert stored_texts(corpus) == {0}
    assert not corpus.needs_update()


def test_a_first_build_learns_from_worker_hashes_what_the_catalog_scan_learns(tmp_path, monkeypatch):
    """A first build counts line hashes the workers send; an update relearns by reading the
    catalog back. Both must give the same templates, re-clean the same articles, and leave
    the same text."""
    import sys
    from pathlib import Path

    import index.update.indexer as indexer
    from index import Corpus

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        import generate_corpus
    finally:
        sys.path.pop(0)
    folder = tmp_path / "corpus"
    generate_corpus.generate(folder, 400, seed=3, jobs=1)
    def no_scan(cls, articles, **kw):
        raise AssertionError("a first build read the catalog back to learn")

    with Corpus(folder, tmp_path / "from-hashes") as fast:
        with monkeypatch.context() as m:
            m.setattr(indexer.Templates, "learn", classmethod(no_scan))
            quick = fast.update()
        assert quick.rebuilt and quick.recleaned > 0
        monkeypatch.setattr(indexer, "TemplateCounts", lambda: None)  # the catalog-scan path
        with Corpus(folder, tmp_path / "from-catalog") as slow:
            scanned = slow.update()
            assert quick.recleaned == scanned.recleaned
            assert fast.catalog.get_meta("templates") == slow.catalog.get_meta("templates")
            # articles of no source were grouped into outlets from the workers' hashes too
            assert any(src.startswith(GROUP_MARK) for src in fast.catalog.source_counts())
            ids = sorted(fast.catalog.all_ids())
            assert ids == sorted(slow.catalog.all_ids())
            # the catalog in the same order too: a later relearning groups in that order
            assert catalog_order(fast) == catalog_order(slow)
            assert all(fast.article(i).text == slow.article(i).text for i in ids)


def test_a_later_bulk_recleaning_cleans_as_a_first_build(tmp_path, open_corpus):
    """A re-cleaning in a later update, many articles at once (through the worker processes),
    looks for each article's source again and cleans as a build from scratch, which hands
    the re-cleaning the source its first cleaning found."""
    import index.update.indexer as indexer
    from index import Corpus

    folder = tmp_path / "corpus"
    n = indexer.BULK_MIN_FILES + 20
    write_courier(folder, range(2))
    corpus = open_corpus(folder)
    write_courier(folder, range(2, n))
    report = corpus.update()
    assert report.recleaned >= indexer.BULK_MIN_FILES
    with Corpus(folder, tmp_path / "fresh") as fresh:
        fresh.update()
        for aid in ("courier-0.txt", "courier-7.txt", f"courier-{n - 1}.txt"):
            later, first = corpus.article(aid), fresh.article(aid)
            assert (later.text, later.source) == (first.text, first.source)
            assert TAGLINE not in later.text
