"""Tags are user data: they survive rebuilds, edits and renames, and tag: queries see them at once."""

from __future__ import annotations

import json

import pytest
from conftest import FRANCE, SPUTNIK, article, search_ids


def test_tag_and_query_without_reindex(seed_corpus, cli):
    result = cli(seed_corpus, "tag", SPUTNIK, "+FollowUp", "+iran")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1 article changed (2 tags added)"
    assert search_ids(cli(seed_corpus, "search", "baghdadi AND tag:followup", "--json")) == [SPUTNIK]
    assert search_ids(cli(seed_corpus, "search", "baghdadi AND NOT tag:followup", "--json")) == [FRANCE]
    assert search_ids(cli(seed_corpus, "search", "NOT tag:followup", "--json")) == [FRANCE]
    assert sorted(search_ids(cli(seed_corpus, "search", "NOT tag:unused", "--json"))) == sorted([SPUTNIK, FRANCE])
    assert search_ids(cli(seed_corpus, "search", "tag:foll*", "--json")) == [SPUTNIK]
    assert search_ids(cli(seed_corpus, "search", "TAG:FOLLOWUP", "--json")) == [SPUTNIK]
    payload = json.loads(cli(seed_corpus, "search", "tumor", "--json").stdout)
    assert payload["hits"][0]["tags"] == ["followup", "iran"]
    result = cli(seed_corpus, "tag", SPUTNIK, "-followup")
    assert result.stdout.strip() == "1 article changed (1 removed)"
    assert search_ids(cli(seed_corpus, "search", "tag:followup", "--json")) == []


def test_tag_names_are_trimmed_and_case_insensitive(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    corpus.tag([SPUTNIK], add=["  To Read ", "IRAN"])
    corpus.tag([SPUTNIK], add=["to-read", "iran"])
    assert corpus.tags_of(SPUTNIK) == ("iran", "to-read")


def test_bulk_tag_by_query_and_counts(seed_corpus, cli):
    result = cli(seed_corpus, "tag", "--query", "baghdadi", "+daesh")
    assert result.stdout.strip() == "2 articles changed (2 tags added)"
    assert cli(seed_corpus, "tag", "--query", "title:tumor", "+sputnik").stdout.strip().startswith("1 article changed")
    again = cli(seed_corpus, "tag", "--query", "baghdadi", "+daesh")
    assert again.stdout.strip() == "0 articles changed"
    out = cli(seed_corpus, "tags").stdout.splitlines()
    assert out == ["daesh    2", "sputnik  1"]
    assert json.loads(cli(seed_corpus, "tags", "--json").stdout) == {"daesh": 2, "sputnik": 1}


@pytest.mark.parametrize(
    "args, message",
    [
        (["+"], "empty tag name"),
        (["+" + "x" * 65], "tag too long"),
        (["+!!!"], "invalid tag"),
        ([], "say which tags to change"),
    ],
)
def test_bad_tags_are_refused_with_a_clear_line(seed_corpus, cli, args, message):
    result = cli(seed_corpus, "tag", SPUTNIK, *args)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_tagging_an_unknown_article_changes_nothing(seed_corpus, cli, open_corpus):
    result = cli(seed_corpus, "tag", SPUTNIK, "nope.txt", "+x")
    assert result.exit_code == 1 and "no article with id 'nope.txt'" in result.stderr
    assert open_corpus(seed_corpus, update=False).tag_counts() == []


def test_tags_survive_rebuild_edit_and_rename(seed_corpus, cli, open_corpus):
    cli(seed_corpus, "tag", SPUTNIK, "+followup")
    cli(seed_corpus, "tag", FRANCE, "+france")

    assert "rebuilt" in cli(seed_corpus, "index", "--rebuild").stderr
    assert search_ids(cli(seed_corpus, "search", "tag:followup", "--json")) == [SPUTNIK]

    # Edit the Sputnik article in place: same id, new content hash.
    path = seed_corpus / SPUTNIK
    path.write_text(path.read_text(encoding="utf-8") + "\nA new paragraph about the aftermath, added by the editors later on.\n", encoding="utf-8")
    assert "1 updated" in cli(seed_corpus, "index").stderr
    assert search_ids(cli(seed_corpus, "search", "tag:followup", "--json")) == [SPUTNIK]

    # Rename the French article: same content, new id.
    (seed_corpus / FRANCE).rename(seed_corpus / "le-monde-idlib.txt")
    err = cli(seed_corpus, "index").stderr
    assert "1 renamed" in err
    assert search_ids(cli(seed_corpus, "search", "tag:france", "--json")) == ["le-monde-idlib.txt"]

    # Delete it: the tag waits; restore it under yet another name: the tag is back.
    moved = (seed_corpus / "le-monde-idlib.txt").read_bytes()
    (seed_corpus / "le-monde-idlib.txt").unlink()
    assert "1 removed" in cli(seed_corpus, "index").stderr
    assert json.loads(cli(seed_corpus, "tags", "--json").stdout) == {"followup": 1}
    (seed_corpus / "sub").mkdir()
    (seed_corpus / "sub" / "restored.txt").write_bytes(moved)
    cli(seed_corpus, "index")
    assert search_ids(cli(seed_corpus, "search", "tag:france", "--json")) == ["sub/restored.txt"]


def test_duplicate_article_does_not_steal_tags(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    corpus.tag([SPUTNIK], add=["mine"])
    (seed_corpus / "copy.txt").write_bytes((seed_corpus / SPUTNIK).read_bytes())
    corpus.update()
    assert corpus.tags_of(SPUTNIK) == ("mine",)
    assert corpus.tags_of("copy.txt") == ()


def test_undo_restores_exactly(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    corpus.tag([SPUTNIK], add=["a"])
    change = corpus.tag([SPUTNIK, FRANCE], add=["b"], remove=["a"])
    assert corpus.tags_of(SPUTNIK) == ("b",)
    corpus.undo(change)
    assert corpus.tags_of(SPUTNIK) == ("a",) and corpus.tags_of(FRANCE) == ()
    flag = corpus.toggle_followup(FRANCE)
    assert corpus.tags_of(FRANCE) == ("followup",)
    corpus.undo(flag)
    assert corpus.tags_of(FRANCE) == ()


def test_tag_store_is_separate_from_the_rebuildable_cache(seed_corpus, open_corpus, tmp_path):
    corpus = open_corpus(seed_corpus)
    corpus.tag([SPUTNIK], add=["keep"])
    assert (tmp_path / "data" / "tags.sqlite").exists()
    corpus.update(rebuild=True)
    assert corpus.tags_of(SPUTNIK) == ("keep",)


def test_new_article_with_tags_in_new_file(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    (seed_corpus / "x.txt").write_text(article("Port reopens after storm", "The port reopened to shipping on Wednesday after the storm passed and the cranes were checked."))
    corpus.update()
    corpus.tag(["x.txt"], add=["port"])
    assert [h.id for h in corpus.search("tag:port").hits] == ["x.txt"]


def test_bulk_selection_is_the_ranked_hit_list(seed_corpus, open_corpus):
    corpus = open_corpus(seed_corpus)
    ranked = [h.id for h in corpus.search("baghdadi", limit=10).hits]
    assert len(ranked) == 2
    assert corpus.matching_ids("baghdadi") == ranked
    assert corpus.matching_ids("baghdadi", limit=1) == ranked[:1]
