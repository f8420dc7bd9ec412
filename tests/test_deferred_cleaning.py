"""A first build cleans the articles of no source once, after learning outlet templates, and
builds the same catalog and index as cleaning them before learning and again after."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import index.update.indexer as indexer
from index import Corpus
from index.clean.templates import GROUP_MARK


def generated(folder: Path, n: int, seed: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        import generate_corpus
    finally:
        sys.path.pop(0)
    generate_corpus.generate(folder, n, seed=seed, jobs=1)


def catalog_rows(corpus) -> dict[str, list[tuple]]:
    """Every table row for row, in the order the rows were written (the cleaner's own
    fingerprint aside)."""
    with sqlite3.connect(corpus.catalog.path) as conn:
        return {table: [row for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
                        if not (table == "meta" and row[0] == "cleaner")]
                for table in ("files", "articles", "skipped", "sketches", "copies", "meta")}


def index_docs(corpus) -> tuple[list, list]:
    """The index's documents in document order, and every term's postings in order."""
    with corpus.index.open().searcher() as s:
        r = s.reader()
        docs = [(n, sorted(fields.items())) for n, fields in r.iter_docs()]
        terms = []
        for field in sorted(r.indexed_field_names()):
            for term in r.lexicon(field):
                m = r.postings(field, term)
                postings = []
                while m.is_active():
                    postings.append((m.id(), m.weight()))
                    m.next()
                terms.append((field, term, postings))
    return docs, terms


def test_deferred_articles_of_no_source_build_the_same_catalog_and_index(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    generated(folder, 400, seed=5)
    finished = []
    inner = indexer.Indexer._finish_deferred

    def counting(self, batch, *args, **kwargs):
        if batch is not None:
            finished.extend(aid for _, infos in batch.held for info in infos if info[0] == "clean" for aid in info[1:2])
        return inner(self, batch, *args, **kwargs)

    monkeypatch.setattr(indexer.Indexer, "_finish_deferred", counting)
    with Corpus(folder, tmp_path / "deferred") as deferred:
        report = deferred.update()
        monkeypatch.setattr(indexer, "DEFER_UNSOURCED", False)
        with Corpus(folder, tmp_path / "twice") as twice:
            assert twice.update().recleaned == report.recleaned > 0
            assert finished, "no article was deferred"
            # some of them joined an outlet group, and were cleaned once, with its templates
            grouped = {aid for aid, src in twice.catalog._conn().execute("SELECT id, source FROM articles")
                       if src and src.startswith(GROUP_MARK)}
            assert grouped and grouped <= set(finished)
            assert catalog_rows(deferred) == catalog_rows(twice)
            assert index_docs(deferred) == index_docs(twice)


def test_a_deferred_article_whose_file_changed_is_read_again_by_the_next_update(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    generated(folder, indexer.BULK_MIN_FILES + 50, seed=7)
    changed = []
    inner = indexer.Indexer._finish_deferred

    def editing(self, batch, *args, **kwargs):
        if batch is not None and batch.held and not changed:
            aid = next(info[1] for _, infos in batch.held for info in infos if info[0] == "clean")
            path = folder / aid
            path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added while the build ran.\n",
                            encoding="utf-8")
            changed.append(aid)
        return inner(self, batch, *args, **kwargs)

    monkeypatch.setattr(indexer.Indexer, "_finish_deferred", editing)
    with Corpus(folder, tmp_path / "data") as corpus:
        corpus.update()
        assert changed
        aid = changed[0]
        assert aid not in corpus.catalog.all_ids()  # left out of this build, not half-cleaned
        assert corpus.index.searcher().doc_count() == corpus.catalog.count()
        assert corpus.needs_update()
        report = corpus.update()
        assert aid in corpus.catalog.all_ids() and report.read >= 1
        assert "A sentence added while the build ran." in corpus.article(aid).raw_lines
