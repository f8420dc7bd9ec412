"""Exporting a selection as CSV, JSONL or a Markdown digest."""

from __future__ import annotations

import csv
import io
import json

from conftest import FRANCE, SPUTNIK
from corpus_factory import write_dated


def test_csv_has_one_boolean_column_per_tag(seed_corpus, cli, tmp_path):
    cli(seed_corpus, "tag", SPUTNIK, "+followup", "+iran")
    cli(seed_corpus, "tag", FRANCE, "+france")
    out = tmp_path / "all.csv"
    result = cli(seed_corpus, "export", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "exported 2 articles" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["id", "title", "source", "date", "url", "group", "tags", "tag:followup", "tag:france", "tag:iran", "note", "text"]
    by_id = {r["id"]: r for r in rows}
    assert by_id[SPUTNIK]["tags"] == "followup iran"
    assert by_id[SPUTNIK]["tag:followup"] == "true" and by_id[FRANCE]["tag:followup"] == "false"
    assert by_id[FRANCE]["tag:france"] == "true"
    assert by_id[SPUTNIK]["source"] == "Sputnik International"
    assert "cancerous tumor" in by_id[SPUTNIK]["text"] and "Subscribe" not in by_id[SPUTNIK]["text"]


def test_jsonl_by_tag_and_by_query(seed_corpus, cli):
    cli(seed_corpus, "tag", SPUTNIK, "+followup")
    result = cli(seed_corpus, "export", "--tag", "followup", "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["id"] == SPUTNIK and record["tags"] == ["followup"] and record["date"] is None
    by_query = cli(seed_corpus, "export", "--query", "idlib", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(x)["id"] for x in by_query] == [FRANCE]


def test_markdown_digest(seed_corpus, cli):
    md = cli(seed_corpus, "export", "--format", "md", "--query", "baghdadi", "--digest").stdout
    assert md.startswith("# corpus-tui export: baghdadi")
    assert "*A digest: the first two paragraphs of each article.*" in md
    assert "## 'Cancerous Tumor': This is What Keeps Daesh Afloat" in md
    assert f"`{FRANCE}`" in md and "Sputnik International" in md
    assert "more paragraphs*" in md


def test_markdown_exports_whole_articles_with_notes(seed_corpus, cli):
    cli(seed_corpus, "note", SPUTNIK, "# not a heading\nask the ministry")
    md = cli(seed_corpus, "export", "--format", "md").stdout
    assert "digest" not in md and "more paragraph" not in md
    body = json.loads(cli(seed_corpus, "show", SPUTNIK, "--json").stdout)["text"]
    last_paragraph = [p for p in body.split("\n\n") if p.strip()][-1].strip()
    assert last_paragraph in md  # the whole article, down to its last paragraph
    assert "**Note:** \\# not a heading  \nask the ministry" in md


def test_exports_follow_the_hit_list_order(tmp_path, cli):
    folder = tmp_path / "c"
    ids = write_dated(folder, [("Storm one", "2019-05-01"), ("Storm two", "2021-05-01"), ("Storm three", "2020-05-01"), ("Storm four", None)])
    for sort, expected in (("newest", [1, 2, 0, 3]), ("oldest", [0, 2, 1, 3])):
        exported = cli(folder, "export", "--query", "storm", "--sort", sort, "--format", "jsonl").stdout.splitlines()
        assert [json.loads(x)["id"] for x in exported] == [ids[i] for i in expected]
        everything = cli(folder, "export", "--sort", sort, "--format", "jsonl").stdout.splitlines()
        assert [json.loads(x)["id"] for x in everything] == [ids[i] for i in expected]
    ranked = [h["id"] for h in json.loads(cli(folder, "search", "storm one", "--json").stdout)["hits"]]
    exported = cli(folder, "export", "--query", "storm one", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(x)["id"] for x in exported] == ranked


def test_an_export_of_star_follows_the_hit_list_not_the_ids(tmp_path, cli):
    folder = tmp_path / "c"
    write_dated(folder, [("Storm one", "2019-05-01"), ("Storm two", "2021-05-01")])
    cli(folder, "index", "--quiet")
    (folder / "0-first-by-id.txt").write_text("A later storm\n\nIt came after the others were indexed.\n")
    cli(folder, "index", "--quiet")
    listed = [h["id"] for h in json.loads(cli(folder, "search", "*", "--json", "--limit", "10").stdout)["hits"]]
    assert listed[-1] == "0-first-by-id.txt" and listed != sorted(listed)  # index order, as the app lists it
    exported = cli(folder, "export", "--query", "*", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(x)["id"] for x in exported] == listed


def test_csv_and_jsonl_carry_url_and_note(tmp_path, cli):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"title": "Storm", "text": "A storm hit the coast.", "url": "https://example.org/storm"}))
    cli(folder, "note", "a.json", "check the\ndamage")
    out = tmp_path / "x.csv"
    result = cli(folder, "export", "--format", "csv", "-o", str(out), "--json")
    assert json.loads(result.stdout) == {"exported": 1, "path": str(out), "format": "csv", "sort": "relevance", "query": None, "tag": None}
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert row["url"] == "https://example.org/storm" and row["note"] == "check the\ndamage"
    (line,) = cli(folder, "export", "--format", "jsonl").stdout.splitlines()
    assert json.loads(line)["url"] == "https://example.org/storm" and json.loads(line)["note"] == "check the\ndamage"


def test_refuses_to_overwrite_without_force(seed_corpus, cli, tmp_path):
    out = tmp_path / "x.jsonl"
    out.write_text("precious\n")
    result = cli(seed_corpus, "export", "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 1 and "exists; use --force" in result.stderr
    assert out.read_text() == "precious\n"
    assert cli(seed_corpus, "export", "--format", "jsonl", "-o", str(out), "--force").exit_code == 0
    assert len(out.read_text().splitlines()) == 2


def test_bad_query_in_export_is_exit_2(seed_corpus, cli):
    result = cli(seed_corpus, "export", "--format", "csv", "--query", '"oops')
    assert result.exit_code == 2 and "bad query" in result.stderr


def test_export_after_editing_a_file_updates_the_index_first(seed_corpus, cli):
    """The catalog reads a text file's article from the file: an export after an edit must
    see the new text (and the new file), not stop at the changed article."""
    assert cli(seed_corpus, "index").exit_code == 0
    path = seed_corpus / SPUTNIK
    path.write_text(path.read_text(encoding="utf-8").replace("Sputnik Persian", "Sputnik Farsi"), encoding="utf-8")
    (seed_corpus / "added.txt").write_text(
        "Harbour strike ends\n\nDock workers in the harbour voted on Monday to end the strike that had lasted ten days.\n",
        encoding="utf-8",
    )
    result = cli(seed_corpus, "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert "index updated: 1 added, 1 updated" in result.stderr
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(records) == {SPUTNIK, FRANCE, "added.txt"}
    assert "Sputnik Farsi" in records[SPUTNIK]["text"] and "Sputnik Persian" not in records[SPUTNIK]["text"]
