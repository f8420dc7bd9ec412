"""A plain-text article is read from its own file: the data folder keeps no second copy of it.

What the catalog does keep (HTML and JSON extracts, other encodings) reads the same as before,
and a file edited, moved or deleted since it was indexed says so instead of showing text its
stored cleaning labels no longer describe.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from app_fixtures import SIZE, app_corpus, corpus_dir, make_app, search, settle  # noqa: F401
from conftest import FRANCE, SPUTNIK, article

from index import Corpus
from index.errors import SourceChanged


def stored_bytes(corpus: Corpus) -> dict[str, int]:
    """How many bytes of text the catalog holds for each article."""
    with sqlite3.connect(corpus.catalog.path) as conn:
        return dict(conn.execute("SELECT id, length(raw) FROM articles"))


def test_plain_text_is_read_from_the_corpus_and_the_rest_is_kept(tmp_path, seed_corpus, open_corpus, cli):
    (seed_corpus / "latin.txt").write_bytes(
        article("Café owners protest new rules", "Owners of cafés in the old town protested on Monday against the new façade rules.").encode("cp1252")
    )
    (seed_corpus / "feed.jsonl").write_text(
        json.dumps({"title": "Rail line reopens", "text": "The coastal rail line reopened on Sunday after engineers finished the repairs."}) + "\n",
        encoding="utf-8",
    )
    (seed_corpus / "windows.txt").write_bytes(
        article("Ferry service resumes", "The island ferry resumed service on Monday after the storm had passed.").replace("\n", "\r\n").encode("utf-8")
    )
    (seed_corpus / "escapes.txt").write_text(
        article("Council \x1b[31mvotes\x1b[0m on budget", "The council voted on the budget on Thursday evening after a long debate."), encoding="utf-8"
    )
    corpus = open_corpus(seed_corpus)
    stored = stored_bytes(corpus)
    assert stored[SPUTNIK] == stored[FRANCE] == stored["windows.txt"] == 0  # UTF-8 text files: not copied
    assert stored["latin.txt"] > 0 and stored[corpus.resolve("feed.jsonl#1")] > 0  # re-reading is not certain or cheap
    assert stored["escapes.txt"] > 0  # what it shows is not what the file holds
    assert corpus.article("escapes.txt").title == "Council votes on budget"
    assert corpus.article("windows.txt").text == "Ferry service resumes\n\nThe island ferry resumed service on Monday after the storm had passed.\n"
    assert corpus.article("latin.txt").title == "Café owners protest new rules"
    assert "façade" in corpus.article("feed.jsonl#1").text or "repairs" in corpus.article("feed.jsonl#1").text
    # The article read back from its file is exactly what cleaning the file gives.
    for name in (SPUTNIK, FRANCE):
        shown = cli(seed_corpus, "show", name)
        cleaned = cli(seed_corpus, "clean", str(seed_corpus / name))
        assert shown.exit_code == cleaned.exit_code == 0
        assert corpus.article(name).text.strip() in cleaned.stdout
    assert all("Daesh" in hit.snippet.text for hit in corpus.search("Daesh").hits)


def test_an_article_edited_since_indexing_says_so_until_the_next_update(seed_corpus, open_corpus, cli):
    corpus = open_corpus(seed_corpus)
    corpus.tag([SPUTNIK], add=["keep"])
    before = corpus.search("Daesh")
    with open(seed_corpus / SPUTNIK, "a", encoding="utf-8") as f:
        f.write("\nA paragraph added after indexing, about the Euphrates valley.\n")

    with pytest.raises(SourceChanged, match=f"{SPUTNIK} changed on disk since it was indexed; update the index"):
        corpus.article(SPUTNIK)
    # Still found (the index has it) and still tagged, but with no snippet from the wrong text.
    after = corpus.search("Daesh")
    assert [h.id for h in after.hits] == [h.id for h in before.hits]
    hits = {h.id: h for h in after.hits}
    assert hits[SPUTNIK].snippet.text == "" and hits[SPUTNIK].tags == ("keep",)
    assert "Daesh" in hits[FRANCE].snippet.text
    shown = cli(seed_corpus, "show", SPUTNIK)
    assert shown.exit_code == 1
    assert shown.stderr.strip().splitlines() == [f"Error: {SPUTNIK} changed on disk since it was indexed; update the index to read it"]

    report = corpus.update()
    assert report.updated == 1
    assert "A paragraph added after indexing, about the Euphrates valley." in corpus.article(SPUTNIK).raw_lines
    assert corpus.tags_of(SPUTNIK) == ("keep",)


def test_a_deleted_article_says_it_is_gone_until_the_next_update(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    (seed_corpus / FRANCE).unlink()
    with pytest.raises(SourceChanged, match="was moved or deleted since it was indexed"):
        corpus.article(FRANCE)
    corpus.update()
    assert corpus.catalog.all_ids() == {SPUTNIK}


def test_a_renamed_article_reads_from_its_new_name_after_the_update(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    text = corpus.article(FRANCE).text
    corpus.tag([FRANCE], add=["france"])
    (seed_corpus / FRANCE).rename(seed_corpus / "moved.txt")
    corpus.update()
    assert corpus.article("moved.txt").text == text
    assert corpus.tags_of("moved.txt") == ("france",)
    assert stored_bytes(corpus)["moved.txt"] == 0


def test_a_file_reencoded_to_the_same_text_still_reads(seed_corpus, open_corpus):
    """Same text, new bytes: the article is unchanged (nothing re-indexed) and still readable."""
    corpus = open_corpus(seed_corpus)
    text = corpus.article(FRANCE).text
    path = seed_corpus / FRANCE
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    report = corpus.update()
    assert report.updated == 0 and report.unchanged == 2
    assert corpus.article(FRANCE).text == text


async def test_opening_an_article_edited_since_indexing_warns_and_updates_the_index(app_corpus):
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        hits = [h.id for h in app.screen.query_one("HitList").hits]
        assert "election.txt" in hits
        (app_corpus.root / "election.txt").write_text("Election results\n\nRewritten after indexing.\n", encoding="utf-8")
        for _ in range(hits.index("election.txt")):
            await pilot.press("down")
        await settle(pilot, rounds=4)
        messages = [n.message for n in app._notifications]
        assert "election.txt changed on disk since it was indexed; updating the index" in messages
        await settle(pilot, rounds=6)
        assert not app_corpus.needs_update()
        assert "Rewritten after indexing." in app_corpus.article("election.txt").text
        assert not [n for n in app._notifications if n.severity == "error"]
