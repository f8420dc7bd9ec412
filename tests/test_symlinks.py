"""Symbolic links are not followed unless asked for: files and folders alike."""

from __future__ import annotations

import os

from conftest import article

from index.ingest.readers import FileEntry, read_bytes

SECRET = "Private notes about the password of the server room, kept outside the corpus."


def linked_corpus(tmp_path):
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "secret.txt").write_text(article("Secret", SECRET))
    (outside / "sub" / "inner.txt").write_text(article("Inner", "The inner folder article about harbour cranes and their repair."))
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "real.txt").write_text(article("Bridge reopens", "The bridge reopened to traffic on Monday after the repairs."))
    os.symlink(outside / "secret.txt", corpus / "passwd.txt")
    os.symlink(outside / "sub", corpus / "linked")
    os.symlink(corpus, corpus / "loop")  # a loop, for when links are followed
    return corpus


def test_links_are_skipped_and_reported_by_default(tmp_path, cli):
    corpus = linked_corpus(tmp_path)
    result = cli(corpus, "index")
    assert result.exit_code == 0
    assert "skipped passwd.txt: symbolic link, not followed" in result.stderr
    assert "skipped linked: symbolic link, not followed" in result.stderr
    shown = cli(corpus, "show", "passwd.txt", "--raw")
    assert shown.exit_code == 1 and SECRET not in shown.output
    assert cli(corpus, "search", "password", "--json").stdout.count('"id"') == 0
    assert cli(corpus, "search", "cranes", "--json").stdout.count('"id"') == 0


def test_follow_links_reads_linked_files_and_folders_once(tmp_path, cli, monkeypatch):
    corpus = linked_corpus(tmp_path)
    from click.testing import CliRunner

    from tui.cli import main

    data = tmp_path / "data"
    runner = CliRunner()
    result = runner.invoke(main, ["--corpus", str(corpus), "--data-dir", str(data), "--follow-links", "index"])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.stderr  # real.txt, passwd.txt, linked/inner.txt; the loop read once
    shown = runner.invoke(main, ["--corpus", str(corpus), "--data-dir", str(data), "--follow-links", "show", "passwd.txt"])
    assert SECRET in shown.stdout
    monkeypatch.setenv("CORPUS_TUI_FOLLOW_LINKS", "1")
    found = runner.invoke(main, ["--corpus", str(corpus), "--data-dir", str(data), "search", "cranes", "--json"])
    assert '"linked/inner.txt"' in found.stdout


def test_a_file_that_became_a_link_since_the_walk_is_not_read(tmp_path):
    target = tmp_path / "secret.txt"
    target.write_text(SECRET)
    link = tmp_path / "a.txt"
    os.symlink(target, link)
    got = read_bytes(FileEntry("a.txt", str(link), 10, 0))
    assert got.__class__.__name__ == "Skipped" and "symbolic link" in got.reason
    assert read_bytes(FileEntry("a.txt", str(link), 10, 0, follow=True)) == SECRET.encode()
