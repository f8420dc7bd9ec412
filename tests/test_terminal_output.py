"""Whatever reaches a terminal carries no control sequence; files written with -o keep the data."""

from __future__ import annotations

import json

import pytest
from conftest import article

RETITLE = "\x1b]0;TITLE\x07"
CSI8 = "\x9b31m"


def hostile_corpus(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / f"name_{RETITLE}.txt").write_text(article("Bridge reopens", "The bridge reopened on Monday after repairs."))
    (corpus / f"c1_{CSI8}.json").write_text(json.dumps({
        "title": "Talks continue", "text": "The ministers met in Geneva for a second round of talks.",
        "url": f"http://example.com/{CSI8}x",
    }))
    return corpus


def assert_clean(out: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\x9d"):
        assert bad not in out, repr(out)


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
def test_export_to_stdout_is_terminal_safe_and_to_a_file_keeps_the_data(tmp_path, cli, fmt):
    corpus = hostile_corpus(tmp_path)
    result = cli(corpus, "export", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert_clean(result.stdout)
    assert "bridge reopened" in result.stdout and "Talks continue" in result.stdout
    if fmt == "jsonl":  # escaped, not dropped: the data decodes exactly
        ids = {json.loads(line)["id"] for line in result.stdout.splitlines()}
        assert f"name_{RETITLE}.txt" in ids
    out = tmp_path / f"out.{fmt}"
    assert cli(corpus, "export", "--format", fmt, "-o", str(out)).exit_code == 0
    written = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert f"c1_{CSI8}.json" in written  # raw: only JSON's own C0 escapes
        assert f"name_{RETITLE}.txt" in {json.loads(line)["id"] for line in written.splitlines()}
    else:
        assert RETITLE in written and CSI8 in written


def test_json_output_escapes_c1_controls(tmp_path, cli):
    corpus = hostile_corpus(tmp_path)
    result = cli(corpus, "search", "talks", "--json")
    assert result.exit_code == 0
    assert_clean(result.stdout)
    hit = json.loads(result.stdout)["hits"][0]
    assert hit["id"] == f"c1_{CSI8}.json"
    shown = cli(corpus, "show", f"c1_{CSI8}.json", "--json")
    assert_clean(shown.stdout)
    assert json.loads(shown.stdout)["url"] == f"http://example.com/{CSI8}x"


def test_clean_command_prints_no_escape_sequences(tmp_path, cli):
    raw = tmp_path / "page.txt"
    raw.write_text(f"Bridge {RETITLE}reopens\n\nThe bridge reopened {CSI8}on Monday after the repairs were done.\n")
    result = cli(tmp_path, "clean", str(raw))
    assert result.exit_code == 0
    assert_clean(result.stdout)
    assert "reopens" in result.stdout
