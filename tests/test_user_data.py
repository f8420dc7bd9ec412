"""The researcher's own data beyond tags: notes, read marks, history and saved searches, on the
real CLI and real indexes; kept with the tags, through rebuilds, renames and backups."""

from __future__ import annotations

import json
import shutil

from conftest import FRANCE, SPUTNIK, article, search_ids
from corpus_factory import write_corpus

from index import Corpus


def j(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_note_written_shown_listed_and_removed(seed_corpus, cli):
    assert cli(seed_corpus, "note", SPUTNIK, "Ask the ministry\nabout the caliph").exit_code == 0
    shown = cli(seed_corpus, "note", SPUTNIK, "--show")
    assert shown.stdout == "Ask the ministry\nabout the caliph\n"
    assert j(cli(seed_corpus, "note", SPUTNIK, "--show", "--json")) == {"id": SPUTNIK, "note": "Ask the ministry\nabout the caliph"}
    notes = j(cli(seed_corpus, "notes", "--json"))["notes"]
    assert [(n["id"], n["text"]) for n in notes] == [(SPUTNIK, "Ask the ministry\nabout the caliph")]
    assert notes[0]["title"].startswith("'Cancerous Tumor'")
    assert j(cli(seed_corpus, "show", SPUTNIK, "--json"))["note"] == "Ask the ministry\nabout the caliph"
    assert "Ask the ministry" in cli(seed_corpus, "notes").stdout
    assert j(cli(seed_corpus, "note", SPUTNIK, "--delete", "--json")) == {"id": SPUTNIK, "note": ""}
    assert cli(seed_corpus, "note", SPUTNIK, "--show").stderr.strip() == "no note on this article"
    assert "no notes yet" in cli(seed_corpus, "notes").stdout


def test_note_on_unknown_article_and_without_text_fail_in_one_line(seed_corpus, cli):
    bad = cli(seed_corpus, "note", "nope.txt", "text")
    assert bad.exit_code == 1 and bad.stderr.strip() == "Error: no article with id 'nope.txt'"
    assert cli(seed_corpus, "note", "nope.txt", "--show").exit_code == 1
    none = cli(seed_corpus, "note", SPUTNIK)
    assert none.exit_code == 1 and "give the note's TEXT" in none.stderr


def test_note_has_and_is_clauses(seed_corpus, cli):
    cli(seed_corpus, "note", FRANCE, "The killing was confirmed by two officials")
    assert search_ids(cli(seed_corpus, "search", "note:killed", "--json")) == [FRANCE]  # stemmed
    assert search_ids(cli(seed_corpus, "search", "note:offic*", "--json")) == [FRANCE]
    assert search_ids(cli(seed_corpus, "search", 'note:"two officials"', "--json")) == [FRANCE]
    assert search_ids(cli(seed_corpus, "search", 'note:"officials two"', "--json")) == []
    assert search_ids(cli(seed_corpus, "search", "has:note", "--json")) == [FRANCE]
    assert search_ids(cli(seed_corpus, "search", "baghdadi AND NOT has:note", "--json")) == [SPUTNIK]
    assert j(cli(seed_corpus, "search", "is:read", "--json"))["total"] == 0
    assert j(cli(seed_corpus, "search", "baghdadi AND is:unread", "--json"))["total"] == 2
    assert j(cli(seed_corpus, "read", SPUTNIK, "--json")) == {"changed": 1, "read": True}
    assert search_ids(cli(seed_corpus, "search", "is:read", "--json")) == [SPUTNIK]
    assert search_ids(cli(seed_corpus, "search", "baghdadi AND is:unread", "--json")) == [FRANCE]
    assert sorted(search_ids(cli(seed_corpus, "search", "is:read OR has:note", "--json"))) == [SPUTNIK, FRANCE]
    hits = j(cli(seed_corpus, "search", "baghdadi", "--json"))["hits"]
    assert {h["id"]: (h["read"], h["note"]) for h in hits} == {SPUTNIK: (True, False), FRANCE: (False, True)}
    cli(seed_corpus, "read", SPUTNIK, "--unread")
    assert j(cli(seed_corpus, "search", "is:read", "--json"))["total"] == 0


def test_no_notes_means_not_has_note_is_everything(seed_corpus, cli):
    """An empty clause must not turn an AND into 'everything' or 'nothing'."""
    assert j(cli(seed_corpus, "search", "tumor AND NOT has:note", "--json"))["total"] == 1
    assert j(cli(seed_corpus, "search", "tumor AND has:note", "--json"))["total"] == 0
    assert j(cli(seed_corpus, "search", "tumor OR has:note", "--json"))["total"] == 1
    assert j(cli(seed_corpus, "search", "NOT is:read", "--json"))["total"] == 2


def test_bad_has_and_is_values_are_exit_2(seed_corpus, cli):
    for query, words in (("has:picture", "has: takes note or tag"), ("is:starred", "is: takes read or unread")):
        result = cli(seed_corpus, "search", query)
        assert result.exit_code == 2 and words in result.stderr and "Traceback" not in result.stderr


def test_saved_searches_count_new_articles_until_run(tmp_path, cli):
    folder = tmp_path / "c"
    write_corpus(folder, 6, paragraphs=2)
    total = j(cli(folder, "search", "storm", "--json"))["total"]
    saved = j(cli(folder, "saved", "add", "Storms", "storm", "--json"))
    assert (saved["name"], saved["query"], saved["count"], saved["new"]) == ("storms", "storm", total, 0)
    (folder / "new1.txt").write_text(article("Storm over the river", "A storm flooded the river bank."))
    (folder / "new2.txt").write_text(article("Another storm", "The storm reached the capital."))
    cli(folder, "index", "--quiet")
    (listed,) = j(cli(folder, "saved", "list", "--json"))["saved"]
    assert (listed["count"], listed["new"]) == (total + 2, 2)
    assert "2 new" in cli(folder, "saved").stdout
    ran = j(cli(folder, "search", "@storms", "--json"))
    assert ran["total"] == total + 2
    (listed,) = j(cli(folder, "saved", "list", "--json"))["saved"]
    assert listed["new"] == 0
    # @NAME inside a larger query
    assert j(cli(folder, "search", "@storms AND river", "--json"))["total"] >= 1
    exists = cli(folder, "saved", "add", "storms", "river")
    assert exists.exit_code == 1 and "a saved search named 'storms' exists" in exists.stderr
    assert j(cli(folder, "saved", "rm", "storms", "--json")) == {"removed": "storms"}
    missing = cli(folder, "search", "@storms")
    assert missing.exit_code == 2 and "no saved search named 'storms'" in missing.stderr
    assert cli(folder, "saved", "add", "bad", '"oops').exit_code == 2


def test_user_data_survives_rebuild_and_follows_a_rename(seed_corpus, cli):
    cli(seed_corpus, "note", SPUTNIK, "keep this")
    cli(seed_corpus, "read", SPUTNIK)
    cli(seed_corpus, "saved", "add", "tumors", "tumor")
    cli(seed_corpus, "tag", SPUTNIK, "+kept")
    with Corpus(seed_corpus, seed_corpus.parent / "data") as corpus:
        corpus.remember("tumor AND caliph")
    cli(seed_corpus, "index", "--rebuild", "--quiet")
    assert search_ids(cli(seed_corpus, "search", "has:note AND is:read AND tag:kept", "--json")) == [SPUTNIK]
    assert [(s["name"], s["count"], s["new"]) for s in j(cli(seed_corpus, "saved", "list", "--json"))["saved"]] == [("tumors", 1, 0)]
    assert j(cli(seed_corpus, "history", "--json"))["history"] == ["tumor AND caliph"]
    shutil.move(seed_corpus / SPUTNIK, seed_corpus / "renamed.txt")
    assert j(cli(seed_corpus, "index", "--json"))["renamed"] == 1
    assert search_ids(cli(seed_corpus, "search", "has:note", "--json")) == ["renamed.txt"]
    assert search_ids(cli(seed_corpus, "search", "is:read", "--json")) == ["renamed.txt"]
    assert cli(seed_corpus, "note", "renamed.txt", "--show").stdout == "keep this\n"


def test_backup_round_trips_all_user_data_and_reads_version_1(seed_corpus, cli, tmp_path):
    cli(seed_corpus, "tag", SPUTNIK, "+followup")
    cli(seed_corpus, "note", FRANCE, "two\nlines")
    cli(seed_corpus, "read", FRANCE)
    cli(seed_corpus, "saved", "add", "idlib", "idlib")
    backup = tmp_path / "backup.json"
    assert cli(seed_corpus, "tags", "--export", str(backup)).exit_code == 0
    payload = json.loads(backup.read_text())
    assert payload["version"] == 2
    assert [n["text"] for n in payload["notes"]] == ["two\nlines"] and [r["id"] for r in payload["read"]] == [FRANCE]
    assert payload["saved"][0]["name"] == "idlib" and payload["saved"][0]["seen"] == [FRANCE]

    from click.testing import CliRunner

    from tui.cli import main

    def fresh(*args):
        return CliRunner().invoke(main, ["--corpus", str(seed_corpus), "--data-dir", str(tmp_path / "fresh"), *args])

    imported = fresh("tags", "--import", str(backup))
    assert imported.exit_code == 0 and "1 notes, 1 read marks, 0 past queries, 1 saved searches" in imported.stdout
    assert search_ids(fresh("search", "has:note AND is:read", "--json")) == [FRANCE]
    assert fresh("note", FRANCE, "--show").stdout == "two\nlines\n"
    assert json.loads(fresh("saved", "list", "--json").stdout)["saved"][0]["new"] == 0
    assert search_ids(fresh("search", "tag:followup", "--json")) == [SPUTNIK]
    again = fresh("tags", "--import", str(backup))  # merging twice changes nothing
    assert "0 notes, 0 read marks" in again.stdout and "0 saved searches" in again.stdout

    old = tmp_path / "v1.json"
    old.write_text(json.dumps({"format": "corpus-tui-tags", "version": 1, "tags": [{"id": FRANCE, "tag": "old-style"}]}))
    assert fresh("tags", "--import", str(old)).exit_code == 0
    assert search_ids(fresh("search", "tag:old-style", "--json")) == [FRANCE]
    future = tmp_path / "v9.json"
    future.write_text(json.dumps({"format": "corpus-tui-tags", "version": 9, "tags": []}))
    result = fresh("tags", "--import", str(future))
    assert result.exit_code == 1 and "reads versions 1, 2" in result.output


def test_tag_and_index_print_one_json_object(seed_corpus, cli):
    change = j(cli(seed_corpus, "tag", SPUTNIK, FRANCE, "+iran", "--json"))
    assert change == {"articles": 2, "added": [{"id": SPUTNIK, "tag": "iran"}, {"id": FRANCE, "tag": "iran"}], "removed": []}
    report = j(cli(seed_corpus, "index", "--json"))
    assert (report["added"], report["unchanged"], report["skipped"]) == (0, 2, [])


def test_did_you_mean_on_zero_hits(seed_corpus, cli):
    result = j(cli(seed_corpus, "search", "cancerous tumr", "--json"))
    assert result["total"] == 0 and result["did_you_mean"] == "cancerous tumor"
    assert j(cli(seed_corpus, "search", result["did_you_mean"], "--json"))["total"] == 1
    assert "did you mean: baghdadi" in cli(seed_corpus, "search", "bagdadi").stdout
    assert j(cli(seed_corpus, "search", "tumor", "--json"))["did_you_mean"] is None


def test_more_like_this_is_a_visible_query_without_the_article(seed_corpus, cli):
    result = j(cli(seed_corpus, "search", "--like", SPUTNIK, "--json"))
    assert " OR " in result["query"] and "baghdadi" in result["query"]
    assert SPUTNIK not in [h["id"] for h in result["hits"]] and FRANCE in [h["id"] for h in result["hits"]]
    again = j(cli(seed_corpus, "search", result["query"], "--json"))  # the query runs as printed
    assert again["total"] == result["total"]


def test_history_is_kept_newest_first_without_duplicates(seed_corpus, cli, open_corpus):
    corpus = open_corpus(seed_corpus)
    for q in ("tumor", "idlib", "tumor"):
        corpus.remember(q)
    assert corpus.history() == ["tumor", "idlib"]
    assert j(cli(seed_corpus, "history", "--json")) == {"history": ["tumor", "idlib"]}


def test_triage_marks_count_and_undo(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    corpus.triage(SPUTNIK, "relevant")
    change = corpus.triage(SPUTNIK, "not-relevant")
    assert corpus.tags_of(SPUTNIK) == ("not-relevant",)
    corpus.triage(SPUTNIK, "followup")
    corpus.triage(FRANCE, "relevant")
    assert corpus.count_tagged("baghdadi", ("relevant", "not-relevant", "followup")) == {"relevant": 1, "not-relevant": 1, "followup": 1}
    assert corpus.count_tagged("tumor", ("relevant",)) == {"relevant": 0}
    corpus.mark_read([FRANCE])
    assert (corpus.count_read("baghdadi"), corpus.count_read("tumor"), corpus.count_read("*")) == (1, 0, 1)
    corpus.undo(change)
    assert corpus.tags_of(SPUTNIK) == ("followup", "relevant")


def test_next_unread_follows_the_hit_lists_order_over_the_whole_result(tmp_path, open_corpus):
    folder = tmp_path / "many"
    write_corpus(folder, 120, seed=5)
    corpus = open_corpus(folder)
    for sort in ("relevance", "newest", "oldest"):
        for collapse in (False, True):
            order = [h.id for h in corpus.search("storm OR river", limit=500, sort=sort, collapse=collapse, snippets=False).hits]
            assert len(order) > 60
            corpus.mark_read(order, False)
            corpus.mark_read(order[:50] + order[51:55])
            assert corpus.next_unread("storm OR river", sort=sort, collapse=collapse) == 50
            assert corpus.next_unread("storm OR river", 50, sort=sort, collapse=collapse) == 55
            corpus.mark_read(order[50:])
            assert corpus.next_unread("storm OR river", 10, sort=sort, collapse=collapse, wrap=True) is None
            corpus.mark_read([order[3]], False)
            assert corpus.next_unread("storm OR river", 10, sort=sort, collapse=collapse) is None
            assert corpus.next_unread("storm OR river", 10, sort=sort, collapse=collapse, wrap=True) == 3
    everything = [h.id for h in corpus.search("*", limit=500, snippets=False).hits]
    read = set(corpus.user.read_ids())
    assert corpus.next_unread("*") == next(n for n, aid in enumerate(everything) if aid not in read)


def test_a_renamed_or_rescraped_article_is_not_new_to_a_saved_search(seed_corpus, cli):
    cli(seed_corpus, "saved", "add", "tumors", "tumor OR baghdadi")
    before = j(cli(seed_corpus, "saved", "list", "--json"))["saved"][0]
    assert before["count"] >= 1 and before["new"] == 0
    shutil.move(seed_corpus / SPUTNIK, seed_corpus / "renamed.txt")
    assert j(cli(seed_corpus, "index", "--json"))["renamed"] == 1
    after = j(cli(seed_corpus, "saved", "list", "--json"))["saved"][0]
    assert (after["count"], after["new"]) == (before["count"], 0)
    (seed_corpus / "fresh.txt").write_text(article("Tumor found", "A tumor was found."))
    cli(seed_corpus, "index", "--quiet")
    assert j(cli(seed_corpus, "saved", "list", "--json"))["saved"][0]["new"] == 1


def test_backup_and_saved_list_print_one_json_object(seed_corpus, cli, tmp_path):
    cli(seed_corpus, "tag", SPUTNIK, "+followup")
    cli(seed_corpus, "note", FRANCE, "a note")
    cli(seed_corpus, "saved", "add", "idlib", "idlib")
    backup = tmp_path / "b.json"
    written = j(cli(seed_corpus, "tags", "--export", str(backup), "--json"))
    assert written == {"exported": str(backup), "tags": 1, "notes": 1, "read": 0, "history": 0, "saved": 1}
    merged = j(cli(seed_corpus, "tags", "--import", str(backup), "--json"))
    assert (merged["imported"], merged["already"], merged["notes"], merged["saved"]) == (str(backup), 1, 0, 0)
    assert j(cli(seed_corpus, "saved", "--json")) == j(cli(seed_corpus, "saved", "list", "--json"))
    assert [s["name"] for s in j(cli(seed_corpus, "saved", "--json"))["saved"]] == ["idlib"]
