"""Reading a messy corpus folder: encodings, formats, bad files reported, never fatal."""

from __future__ import annotations

import json

from conftest import article

NEWS = "Officials in Kyiv confirmed on Tuesday that the delegation would travel to Brussels for talks."


def make_messy_corpus(folder):
    folder.mkdir()
    (folder / "cyrillic.txt").write_bytes(
        article("Новости дня: переговоры в Брюсселе", "Официальные лица в Киеве подтвердили во вторник, что делегация отправится в Брюссель для переговоров.").encode("cp1251")
    )
    (folder / "wide.txt").write_bytes(article("Harbour strike ends after ten days", "Dock workers in the harbour voted on Monday to end the strike that had lasted for ten days.").encode("utf-16"))
    (folder / "page.html").write_text(
        "<html><head><title>Flood warnings issued across the valley</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Flood warnings issued across the valley</h1>"
        "<p>Forecasters issued flood warnings for the whole valley on Friday after three days of heavy rain swelled the river.</p>"
        "<p>Residents living near the embankment were told to prepare sandbags and to move valuables upstairs before the weekend.</p>"
        "</article><footer>Copyright 2024 Valley News. Subscribe to our newsletter.</footer></body></html>",
        encoding="utf-8",
    )
    records = [
        {"title": "Wheat prices climb again", "maintext": "Wheat prices climbed for the third week in a row as dry weather hurt the harvest in several regions.", "date_publish": "2023-05-02 10:00:00", "source_domain": "agri.example.com", "url": "https://agri.example.com/w"},
        {"title": "Rail line reopens", "text": "The coastal rail line reopened on Sunday after engineers finished repairing the storm damage near the tunnel.", "date": "2023-06-11"},
        {"headline": "Museum returns artefacts", "body": "The national museum returned twelve artefacts to their country of origin in a ceremony attended by both ministers."},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "broken.json").write_text('{"title": "Half an object", "text": "cut off', encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article type we read")
    hidden = folder / ".git"
    hidden.mkdir()
    (hidden / "config.txt").write_text("not an article\n")


def test_messy_corpus_indexes_good_files_and_reports_bad_ones(tmp_path, open_corpus, cli):
    folder = tmp_path / "corpus"
    make_messy_corpus(folder)
    result = cli(folder, "index")
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "6 added" in err and "3 skipped" in err
    assert "skipped empty.txt: empty file" in err
    assert "skipped image.txt: binary or undecodable content" in err
    assert "skipped broken.json: malformed JSON" in err
    assert "config" not in err and "notes.pdf" not in err

    corpus = open_corpus(folder, update=False)
    ids = corpus.catalog.all_ids()
    # records are known by their own key (the first one's url), else by their content
    feed = {corpus.resolve(f"feed.jsonl#{n}") for n in (1, 2, 3)}
    assert ids == {"cyrillic.txt", "wide.txt", "page.html"} | feed
    assert corpus.resolve("feed.jsonl#1").startswith("feed.jsonl#url:")
    assert corpus.article("cyrillic.txt").title == "Новости дня: переговоры в Брюсселе"
    assert "Брюссель" in corpus.article("cyrillic.txt").text
    assert corpus.article("wide.txt").title == "Harbour strike ends after ten days"
    page = corpus.article("page.html")
    assert "sandbags" in page.text and "Subscribe" not in page.text
    wheat = corpus.article("feed.jsonl#1")
    assert (wheat.title, wheat.source, wheat.date, wheat.url) == (
        "Wheat prices climb again", "agri.example.com", "2023-05-02", "https://agri.example.com/w"
    )
    assert corpus.article("feed.jsonl#3").title == "Museum returns artefacts"
    hits = corpus.search("переговоров OR harbour OR sandbags OR wheat OR tunnel OR artefacts", limit=20)
    assert hits.total == 6
    assert [h.id for h in corpus.search("date:2023-06").hits] == [corpus.resolve("feed.jsonl#2")]


def test_jsonl_with_broken_lines_keeps_the_good_ones(tmp_path, open_corpus):
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = [
        json.dumps({"title": "Good one", "text": "A perfectly fine article body with enough words in it to count."}),
        "{not json at all",
        json.dumps(["a", "list"]),
        json.dumps({"title": "No text"}),
        json.dumps({"title": "Good two", "text": "Another perfectly fine article body with enough words in it."}),
    ]
    (folder / "mixed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    corpus = open_corpus(folder, update=False)
    report = corpus.update()
    assert report.added == 2
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons["mixed.jsonl#2"].startswith("malformed JSON")
    assert reasons["mixed.jsonl#3"] == "not a JSON object"
    assert reasons["mixed.jsonl#4"].startswith("no article text")


def test_unchanged_corpus_rereads_nothing(tmp_path, seed_corpus, open_corpus, cli):
    first = cli(seed_corpus, "index")
    assert "2 added" in first.stderr
    again = cli(seed_corpus, "index")
    assert "0 added, 0 updated, 0 removed, 2 unchanged, 0 skipped" in again.stderr
    corpus = open_corpus(seed_corpus, update=False)
    # Proof it read nothing: make the files unreadable-by-content (same size/mtime is what counts).
    report = corpus.update()
    assert report.read == 0 and report.unchanged == 2 and not report.changed


def test_incremental_add_change_delete(tmp_path, seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    (seed_corpus / "new.txt").write_text(article("Ceasefire talks resume", "Negotiators met again on Monday to resume ceasefire talks in Doha after a pause of two weeks."))
    report = corpus.update()
    assert (report.added, report.updated, report.removed, report.unchanged, report.read) == (1, 0, 0, 2, 1)
    (seed_corpus / "new.txt").write_text(article("Ceasefire talks collapse", "Negotiators walked out of the ceasefire talks in Doha on Tuesday after a dispute over prisoner lists."))
    report = corpus.update()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 2)
    assert [h.id for h in corpus.search("collapse").hits] == ["new.txt"]
    assert corpus.search("resume").total == 0
    (seed_corpus / "new.txt").unlink()
    report = corpus.update()
    assert (report.added, report.updated, report.removed) == (0, 0, 1)
    assert corpus.search("ceasefire").total == 0
    assert corpus.index.doc_count() == 2


def test_touched_but_identical_file_is_not_reindexed(seed_corpus, open_corpus):
    import os

    corpus = open_corpus(seed_corpus)
    path = seed_corpus / "000_d8b705d179e7c3a0.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000_000))
    report = corpus.update()
    assert (report.added, report.updated, report.read, report.unchanged) == (0, 0, 0, 2)
    assert not corpus.needs_update()


def test_old_schema_index_is_rebuilt_automatically(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    corpus.catalog.set_meta("schema_version", "0")
    assert corpus.needs_update()
    report = corpus.update()
    assert report.rebuilt and report.added == 2
    assert corpus.search("baghdadi").total == 2


def test_data_folder_defaults_inside_the_corpus_and_is_not_indexed(seed_corpus, monkeypatch):
    from index import Corpus

    monkeypatch.delenv("CORPUS_TUI_DATA", raising=False)
    corpus = Corpus(seed_corpus)
    try:
        assert corpus.data_dir == seed_corpus.resolve() / ".corpus-tui"
        corpus.update()
        assert corpus.count() == 2
    finally:
        corpus.close()


def test_data_folder_falls_back_to_user_dir_when_corpus_is_read_only(tmp_path, monkeypatch):
    from index.store import datadir

    monkeypatch.delenv("CORPUS_TUI_DATA", raising=False)
    monkeypatch.setattr(datadir, "_writable", lambda folder: False)
    monkeypatch.setattr(datadir, "user_data_root", lambda: tmp_path / "user-data")
    folder = tmp_path / "shared-corpus"
    folder.mkdir()
    chosen = datadir.resolve_data_dir(folder)
    assert chosen.parent == tmp_path / "user-data" / "corpora"
    assert chosen.name.startswith("shared-corpus-")
    assert datadir.resolve_data_dir(folder) == chosen  # stable: keyed by the corpus path


def test_hit_counts_are_exact_across_segments(tmp_path, open_corpus):
    """Each update writes a segment; a count must add up over all of them."""
    from corpus_factory import write_corpus

    folder = tmp_path / "corpus"
    write_corpus(folder, 300, seed=11)
    corpus = open_corpus(folder)
    for batch, seed in ((folder / "more1", 12), (folder / "more2", 13)):
        write_corpus(batch, 40, seed=seed)
        corpus.update()
    searcher = corpus.index.searcher()
    assert len(list(searcher.leaf_searchers())) > 1
    expected = len(list(searcher.docs_for_query(corpus.compile("government"))))
    assert expected > 100
    assert corpus.search("government", limit=10).total == expected
    assert corpus.search("report", limit=5).total == 380




def test_a_source_field_written_like_a_found_outlet_group_is_the_outlet_it_names(tmp_path, open_corpus):
    """"≈" marks the outlet groups the engine finds from shared page furniture; a record's
    source field or a page's site name that starts with it names a real outlet."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    record = {"title": "Harbour strike ends", "source": "≈ Harbour Gazette",
              "text": "Dock workers in the harbour voted on Monday to end the strike that had lasted ten days."}
    (folder / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (folder / "page.html").write_text(
        '<html><head><meta property="og:site_name" content="≈ Valley News"><title>Levee holds</title></head>'
        "<body><article><h1>Levee holds</h1><p>The levee held through the night as the river crested two "
        "metres above its usual level, engineers said on Friday.</p><p>Residents were allowed back to their "
        "homes by the afternoon, after the water had begun to fall.</p></article></body></html>", encoding="utf-8")
    corpus = open_corpus(folder, update=False)
    assert corpus.update().added == 2
    for outlet, query in (("Harbour Gazette", 'source:"harbour gazette"'), ("Valley News", 'source:"valley news"')):
        result = corpus.search(query)
        assert result.total == 1
        assert corpus.article(result.hits[0].id).source == outlet
