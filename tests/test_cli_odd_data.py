"""The CLI on data of odd shapes, as a user meets it: articles without a title, and the like."""

from __future__ import annotations

import json


def test_a_note_on_an_untitled_article_is_not_said_to_be_missing(tmp_path, cli):
    """A JSON record without a title is an article with an empty title: `notes` listed its note
    under "(article not in the corpus)", the heading of a note whose article is gone."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "untitled.json").write_text(json.dumps({"text": "The harbour authority said on Monday that ships would sail again soon."}))
    (folder / "gone.json").write_text(json.dumps({"title": "Record harvest", "text": "Farmers reported a record wheat harvest this year."}))
    assert cli(folder, "note", "untitled.json", "ask the harbour master").exit_code == 0
    assert cli(folder, "note", "gone.json", "call the farmers").exit_code == 0
    (folder / "gone.json").unlink()
    assert cli(folder, "index").exit_code == 0

    listing = cli(folder, "notes").stdout.splitlines()
    untitled, gone = listing.index("  untitled.json"), listing.index("  gone.json")
    assert listing[untitled - 1] == "(no title)"
    assert listing[gone - 1] == "(article not in the corpus)"


def test_every_command_answers_on_an_empty_corpus(tmp_path, cli):
    """A corpus folder with no article yet (a scrape not run): the index has no segment, and
    facets, timeline, kwic, export and `saved add` failed on it as internal errors (kwic with
    a traceback) instead of answering that nothing matches."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    assert cli(folder, "index").exit_code == 0
    for args in (["facets", "storm"], ["timeline", "*"], ["kwic", "storm"], ["dupes", "--help"],
                 ["export", "--query", "*", "--format", "csv"], ["saved", "add", "storms", "storm"],
                 ["search", "@storms"], ["search", "*", "--collapse"]):
        result = cli(folder, *args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "internal error" not in result.stderr
    assert json.loads(cli(folder, "facets", "storm", "--json").stdout)["total"] == 0
    assert json.loads(cli(folder, "timeline", "*", "--json").stdout)["buckets"] == []
    assert "0 hits" in cli(folder, "saved", "list").stdout


def test_a_tag_typed_with_a_combining_accent_is_the_same_tag(seed_corpus, cli):
    """"café" typed as e + U+0301 (macOS file names, some input methods) was refused as an
    invalid tag name, and `tag:` with it found nothing: tag names are composed (NFC)."""
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    article = sorted(p.name for p in seed_corpus.glob("*.txt"))[0]
    assert cli(seed_corpus, "tag", article, "+" + decomposed).exit_code == 0
    assert json.loads(cli(seed_corpus, "tags", "--json").stdout) == {composed: 1}
    for spelled in (composed, decomposed, "CAFE\u0301", "cafe\u0301*"):
        found = json.loads(cli(seed_corpus, "search", f"tag:{spelled}", "--json").stdout)
        assert [h["id"] for h in found["hits"]] == [article], spelled
    assert cli(seed_corpus, "tag", article, "-" + decomposed).exit_code == 0
    assert json.loads(cli(seed_corpus, "tags", "--json").stdout) == {}


def test_a_saved_search_named_with_a_combining_accent(seed_corpus, cli):
    """`saved add` refused "café" typed as e + U+0301; `@café` typed so runs it too."""
    decomposed = "cafe\u0301"
    assert cli(seed_corpus, "saved", "add", decomposed, "*").exit_code == 0
    assert [s["name"] for s in json.loads(cli(seed_corpus, "saved", "list", "--json").stdout)["saved"]] == ["caf\u00e9"]
    for spelled in (decomposed, "caf\u00e9"):
        result = cli(seed_corpus, "search", f"@{spelled}", "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["total"] == 2


def test_arguments_with_bytes_the_terminal_could_not_decode(seed_corpus, cli):
    """A byte that is not UTF-8 on the command line (a Latin-1 é typed in a UTF-8 terminal)
    reaches Python as a lone surrogate: `note`, `saved add` and a `tag:` query failed with a
    UnicodeEncodeError traceback (or an internal error) where SQLite refused it. The byte is
    read as U+FFFD, the rest of the text kept."""
    article = sorted(p.name for p in seed_corpus.glob("*.txt"))[0]
    note = cli(seed_corpus, "note", article, "ask the caf\udce9 owner")
    assert note.exit_code == 0, note.stderr
    assert cli(seed_corpus, "note", article, "--show").stdout == "ask the caf\ufffd owner\n"
    saved = cli(seed_corpus, "saved", "add", "cafe", "daesh OR caf\udce9")
    assert saved.exit_code == 0, saved.stderr
    assert [s["query"] for s in json.loads(cli(seed_corpus, "saved", "list", "--json").stdout)["saved"]] == ["daesh OR caf\ufffd"]
    assert cli(seed_corpus, "search", "@cafe", "--json").exit_code == 0
    tagged = cli(seed_corpus, "search", "tag:caf\udce9", "--json")
    assert tagged.exit_code == 0 and "internal error" not in tagged.stderr
    assert json.loads(tagged.stdout)["total"] == 0


def test_a_backup_or_export_is_never_written_over_the_data_folders_own_files(seed_corpus, cli, tmp_path):
    """`tags --export DATA/tags.sqlite --force` wrote the JSON backup over the tags database
    itself (every later command: "your tags file is damaged"); `export -o DATA/catalog.sqlite
    --force` likewise. Refused in one line, the tags kept; a backup beside them is fine."""
    data = tmp_path / "data"
    article = sorted(p.name for p in seed_corpus.glob("*.txt"))[0]
    assert cli(seed_corpus, "tag", article, "+keep").exit_code == 0
    for args in (["tags", "--export", str(data / "tags.sqlite"), "--force"],
                 ["export", "--query", "*", "--format", "csv", "-o", str(data / "tags.sqlite"), "--force"],
                 ["export", "--query", "*", "--format", "jsonl", "-o", str(data / "catalog.sqlite"), "--force"],
                 ["tags", "--export", str(data / "whoosh" / "backup.json")]):
        result = cli(seed_corpus, *args)
        assert result.exit_code == 1 and "data folder's own file" in result.stderr, args
    assert json.loads(cli(seed_corpus, "tags", "--json").stdout) == {"keep": 1}
    assert cli(seed_corpus, "tags", "--export", str(data / "backup.json")).exit_code == 0
