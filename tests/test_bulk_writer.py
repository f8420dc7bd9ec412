"""The bulk writer must build the index Whoosh's own writer builds, only faster."""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from corpus_factory import WORDS, write_corpus
from whoosh.filedb.filestore import FileStorage

from index import Corpus
from index.segments.bulk_writer import BulkWriter, RunBuilder, split_runs
from index.segments.codec import CompactCodec, CompactPositions
from index.segments.search_index import INDEX_NAME, make_schema


def documents(n: int, seed: int = 3) -> list[dict]:
    """Articles with repeated and single words, some without source or date, one huge one."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        body = " ".join(rng.choice(WORDS) + ("" if rng.random() < 0.8 else f"{rng.randint(0, 99)}")
                        for _ in range(rng.randint(0, 400)))
        doc = {"id": f"a{i:04d}", "title": f"Report {i} " + rng.choice(WORDS).title(), "body": body}
        if i % 3:
            doc["source"] = rng.choice(["The Daily Example", "Example Times", "Νέα"])
        if i % 4:
            doc["date"] = datetime(2016 + i % 9, 1 + i % 12, 1 + i % 28)
        docs.append(doc)
    docs[7]["body"] = "government " * 3000  # long posting lists span many blocks
    return docs


def postings(reader):
    """Everything a reader can tell about the index, doc by doc and term by term."""
    out = {}
    for field in reader.indexed_field_names():
        for term in reader.lexicon(field):
            info = reader.term_info(field, term)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                     info.max_weight(), info.min_id(), info.max_id())
            m = reader.postings(field, term)
            items = []
            while m.is_active():
                items.append((m.id(), m.weight(), m.value()))
                m.next()
            out[field, term] = (stats, items)
    return out


def per_doc(reader, n):
    return [
        (reader.stored_fields(i), [reader.doc_field_length(i, f) for f in ("title", "body", "source", "id")])
        for i in range(n)
    ] + [list(reader.column_reader("date", translate=False))]


def open_index(folder):
    folder.mkdir()
    return FileStorage(str(folder), supports_mmap=False).create_index(make_schema(), indexname=INDEX_NAME)


def build_plain(ix, docs, codec):
    writer = ix.writer(codec=codec)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()


def build_bulk(ix, docs, codec, runs, drop=()):
    writer = BulkWriter(ix, codec=codec)
    runs.mkdir(exist_ok=True)
    for start in range(0, len(docs), 128):  # runs of uneven size
        builder = RunBuilder(ix.schema)
        for doc in docs[start:start + 128]:
            builder.add(doc)
        position = writer.add_run(builder.save(runs))
        for i in range(start, min(start + 128, len(docs))):
            if i in drop:
                writer.drop(position, i - start)
    writer.commit()


@pytest.mark.parametrize("terms_per_record", [2000, 5])
def test_bulk_segment_holds_exactly_what_whoosh_writes(tmp_path, monkeypatch, terms_per_record):
    """Also with runs of many small records, which the merge takes a round at a time."""
    import index.segments.bulk_writer as bulk_writer

    monkeypatch.setattr(bulk_writer, "_TERMS_PER_RECORD", terms_per_record)
    docs = documents(300)
    plain = open_index(tmp_path / "plain")
    build_plain(plain, docs, CompactCodec())
    bulk = open_index(tmp_path / "bulk")
    build_bulk(bulk, docs, CompactCodec(), tmp_path / "runs")

    with plain.reader() as a, bulk.reader() as b:
        assert b.doc_count() == a.doc_count() == 300
        assert postings(b) == postings(a)
        assert per_doc(b, 300) == per_doc(a, 300)
    assert list((tmp_path / "runs").iterdir()) == []  # the runs are gone once written


def test_dropped_articles_leave_no_trace(tmp_path):
    """Articles replaced before the commit (re-cleaned) are left out, doc numbers closing up."""
    docs = documents(300)
    drop = {0, 7, 127, 128, 200, 299}
    plain = open_index(tmp_path / "plain")
    build_plain(plain, [d for i, d in enumerate(docs) if i not in drop], CompactCodec())
    bulk = open_index(tmp_path / "bulk")
    build_bulk(bulk, docs, CompactCodec(), tmp_path / "runs", drop=drop)
    with plain.reader() as a, bulk.reader() as b:
        assert b.doc_count_all() == a.doc_count_all() == 294
        assert postings(b) == postings(a)
        assert per_doc(b, 294) == per_doc(a, 294)


@pytest.mark.parametrize("positions", [[0], [3, 4, 9], [255, 256, 70000, 70001], list(range(0, 5000, 7))])
def test_compact_positions_round_trip(positions):
    fmt = CompactPositions(field_boost=2.0)
    value = fmt.encode(positions)
    assert fmt.decode_positions(value) == positions
    assert fmt.decode_frequency(value) == len(positions)
    assert fmt.decode_weight(value) == 2.0 * len(positions)
    assert len(value) <= 1 + 4 * len(positions)


def test_runs_split_into_segments_of_about_equal_size():
    from index.segments.bulk_writer import Run

    runs = [Run(str(i), n) for i, n in enumerate([500, 500, 480, 500, 20, 500])]
    groups = split_runs(runs, 2)
    assert [sum(r.doc_count for r in g) for g in groups] == [1480, 1020]
    assert [r for g in groups for r in g] == runs  # in order, nothing lost
    assert split_runs(runs, 1) == [runs]
    assert len(split_runs(runs[:1], 4)) == 1


@pytest.mark.parametrize("parallel", [False, True])
def test_bulk_build_answers_like_article_by_article_indexing(tmp_path, monkeypatch, parallel):
    import index.update.indexer as indexer
    import index.update.workers as workers

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 260, seed=11)
    if parallel:  # one segment per worker, written at the same time
        monkeypatch.setattr(indexer, "BULK_SPLIT_MIN", 100)
        monkeypatch.setattr(workers, "BULK_BATCH_FILES", 60)
        monkeypatch.setattr(workers, "BULK_MIN_BATCH", 20)
    with Corpus(corpus, tmp_path / "bulk") as bulk:
        bulk.update()
        segments = len(list(bulk.index.searcher().leaf_searchers()))
    monkeypatch.setattr(indexer, "BULK_MIN_FILES", 10**9)
    with Corpus(corpus, tmp_path / "single") as single:
        single.update()
    if parallel:
        assert segments >= 2
    with Corpus(corpus, tmp_path / "bulk") as bulk, Corpus(corpus, tmp_path / "single") as single:
        assert bulk.index.doc_count() == single.index.doc_count() == 260
        for q in ["government", "report AND police", '"minister said"', "elect*", "title:report",
                  "date:[2019 to 2021]", "tag:none OR river", "harvst~"]:
            a, b = bulk.search(q, limit=5000), single.search(q, limit=5000)
            assert a.total == b.total, q
            assert sorted(h.id for h in a.hits) == sorted(h.id for h in b.hits), q
            if not parallel:  # same segment statistics, so the same ranking
                assert [round(h.score, 4) for h in a.hits] == [round(h.score, 4) for h in b.hits], q


def test_a_big_update_of_an_existing_index_goes_through_the_bulk_writer(tmp_path, monkeypatch):
    """Many changed files on top of an index: new, edited, renamed and half-changed multi-article
    files land exactly as article-by-article indexing would put them, and tags stay put."""
    import json

    import index.update.indexer as indexer

    corpus = tmp_path / "corpus"
    write_corpus(corpus / "old", 60, seed=21)
    feed = corpus / "feed.jsonl"
    items = [{"title": f"Feed item {i}", "text": f"The river council met about the harvest, item {i}."} for i in range(6)]
    feed.write_text("\n".join(json.dumps(x) for x in items) + "\n", encoding="utf-8")

    def build(data):
        with Corpus(corpus, data) as c:
            c.update()
            c.tag(["old/batch000/a00003.txt", "old/batch000/a00004.txt", "feed.jsonl#2"], add=["keep"])

    build(tmp_path / "bulk")
    monkeypatch.setattr(indexer, "BULK_MIN_FILES", 10**9)
    build(tmp_path / "single")
    monkeypatch.undo()

    # the big change: 250 new files, two edited, one renamed, one feed item edited
    write_corpus(corpus / "new", indexer.BULK_MIN_FILES + 50, seed=22)
    a3 = corpus / "old/batch000/a00003.txt"
    a3.write_text(a3.read_text(encoding="utf-8") + "\nA late paragraph about the flood.\n", encoding="utf-8")
    (corpus / "old/batch000/a00004.txt").rename(corpus / "old/batch000/renamed.txt")
    items[3]["text"] += " Updated."
    feed.write_text("\n".join(json.dumps(x) for x in items) + "\n", encoding="utf-8")

    with Corpus(corpus, tmp_path / "bulk") as bulk:
        before = len(list(bulk.index.searcher().leaf_searchers()))
        report = bulk.update()
        assert len(list(bulk.index.searcher().leaf_searchers())) > before  # new bulk segments
    # (the feed item has no key of its own: edited, it is a new record, and the old one goes)
    assert (report.added, report.updated, report.renamed, report.removed) == (indexer.BULK_MIN_FILES + 51, 1, 1, 1)
    monkeypatch.setattr(indexer, "BULK_MIN_FILES", 10**9)
    with Corpus(corpus, tmp_path / "single") as single:
        single.update()
    with Corpus(corpus, tmp_path / "bulk") as bulk, Corpus(corpus, tmp_path / "single") as single:
        assert bulk.index.doc_count() == single.index.doc_count() == bulk.count()
        for q in ["government", "flood", "harvest AND river", '"feed item"', "updated", "tag:keep", "title:report"]:
            a, b = bulk.search(q, limit=5000), single.search(q, limit=5000)
            assert sorted(h.id for h in a.hits) == sorted(h.id for h in b.hits), q
            assert len({h.id for h in a.hits}) == len(a.hits), q  # nothing twice
        assert {h.id for h in bulk.search("tag:keep").hits} == {
            "old/batch000/a00003.txt", "old/batch000/renamed.txt", bulk.resolve("feed.jsonl#2")}
        assert not bulk.needs_update()


def one_term_at_a_time(chunk, fw, field_lengths):
    """The reference for `TermChunk.write`: every term through `write_term`, the one-term path."""
    from array import array
    from itertools import accumulate

    from index.segments.term_writer import write_term

    value_at = [0, *accumulate(chunk.value_lengths.tolist())]
    start = 0
    for tbytes, n in zip(chunk.terms, chunk.counts.tolist()):
        if n:
            end = start + n
            write_term(fw, tbytes, array("I", chunk.ids[start:end].tolist()),
                       array("f", chunk.weights[start:end].tobytes()), chunk.blob[value_at[start]:value_at[end]],
                       array("I", chunk.value_lengths[start:end].tolist()), field_lengths)
            start = end


def segment_files(ix) -> dict[str, bytes]:
    """Each file of the index's one segment, by name with the segment's id taken out."""
    (segment,) = ix._segments()
    storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
    names = [name for name in storage.list() if segment.segid in name]
    return {name.replace(segment.segid, "*"): storage.open_file(name).read() for name in names}


@pytest.mark.parametrize("chunk_terms, chunk_postings", [(7, 10**6), (4096, 10**6), (4096, 200)])
def test_terms_written_in_chunks_are_byte_for_byte_those_written_one_by_one(tmp_path, monkeypatch, chunk_terms,
                                                                            chunk_postings):
    """Rare and common terms (one block and many), dropped articles, chunks of any size: the
    chunked writer's segment files equal the one-term path's."""
    import index.segments.bulk_writer as bulk_writer
    from index.segments.term_writer import TermChunk

    monkeypatch.setattr(bulk_writer, "CHUNK_TERMS", chunk_terms)
    monkeypatch.setattr(bulk_writer, "CHUNK_POSTINGS", chunk_postings)
    chunks = []
    merged = bulk_writer.merged_chunks
    monkeypatch.setattr(bulk_writer, "merged_chunks", lambda *args: (chunks.append(c) or c for c in merged(*args)))
    docs = documents(300, seed=5)
    drop = {3, 64, 128, 129, 250}
    chunked = open_index(tmp_path / "chunked")
    build_bulk(chunked, docs, CompactCodec(), tmp_path / "runs", drop=drop)
    monkeypatch.setattr(TermChunk, "write", one_term_at_a_time)
    single = open_index(tmp_path / "single")
    build_bulk(single, docs, CompactCodec(), tmp_path / "runs", drop=drop)

    got, expected = segment_files(chunked), segment_files(single)
    assert max(len(cols.terms) for _, cols in chunks) <= chunk_terms
    # (the chunks of both builds: 5 fields each, split further when chunks are small)
    assert (len(chunks) > 10) == (chunk_terms < 4096 or chunk_postings < 10**6)
    assert set(got) == set(expected)
    assert {"articles_*.pst", "articles_*.trm"} <= set(got)  # postings, terms table
    for ext in expected:
        assert got[ext] == expected[ext], ext
