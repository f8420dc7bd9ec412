"""A data folder that came from elsewhere (a shared corpus, an archive) runs no code.

The index and the build's runs hold pickles; only what this user's installation signed is
ever unpickled. Everything here crafts real files whose unpickling would create a marker file.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import article
from whoosh.filedb.structfile import StructFile

from index.segments import bulk_writer
from tui.cli import main


class Payload:
    """Unpickling this creates `marker` (what a crafted cache would do with os.system)."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def craft_toc(path: Path, marker: Path) -> None:
    """A Whoosh table of contents whose schema is the payload (the layout of `TOC.write`)."""
    with open(path, "wb") as fh:
        f = StructFile(fh)
        for size in (4, 8, 4):  # int, long, float sizes
            f.write_varint(size)
        f.write_int(-12345)
        f.write_int(-111)  # TOC version
        for num in (2, 7, 5):
            f.write_varint(num)
        f.write_string(pickle.dumps(Payload(marker), 2))
        f.write_int(int(path.stem.rsplit("_", 1)[1]))
        f.write_int(0)
        f.write_pickle([])
        f.flush()


def shared_corpus(tmp_path: Path, monkeypatch) -> Path:
    """A corpus indexed and tagged by another user (another key), with its data folder inside."""
    corpus = tmp_path / "shared"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article("Bridge reopens", "The bridge reopened to traffic on Monday after repairs."))
    (corpus / "b.txt").write_text(article("Talks continue", "The ministers met in Geneva for a second round of talks."))
    mine = os.environ["CORPUS_TUI_CONFIG_DIR"]
    monkeypatch.setenv("CORPUS_TUI_CONFIG_DIR", str(tmp_path / "someone-else"))
    monkeypatch.delenv("CORPUS_TUI_DATA", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["--corpus", str(corpus), "tag", "a.txt", "+shared"]).exit_code == 0
    monkeypatch.setenv("CORPUS_TUI_CONFIG_DIR", mine)
    return corpus


def test_a_crafted_toc_in_a_shared_corpus_is_never_unpickled(tmp_path, monkeypatch):
    corpus = shared_corpus(tmp_path, monkeypatch)
    marker = tmp_path / "pwned"
    whoosh = corpus / ".corpus-tui" / "whoosh"
    tocs = sorted(whoosh.glob("_articles_*.toc"))
    assert tocs
    crafted = whoosh / "_articles_99.toc"
    craft_toc(crafted, marker)
    evidence = tmp_path / "evidence"
    shutil.copytree(whoosh, evidence)

    result = CliRunner().invoke(main, ["--corpus", str(corpus), "search", "bridge", "--json"])

    assert not marker.exists()
    assert result.exit_code == 0, result.output
    assert [h["id"] for h in json.loads(result.stdout)["hits"]] == ["a.txt"]
    assert "not used" in result.stderr and "not written by this installation" in result.stderr
    # the tags the corpus carried are there, on the rebuilt index
    tags = CliRunner().invoke(main, ["--corpus", str(corpus), "tags", "--json"])
    assert json.loads(tags.stdout) == {"shared": 1}
    # and the crafted file really runs its payload when Whoosh opens it
    from whoosh.index import open_dir

    try:
        open_dir(str(evidence), indexname="articles")
    except Exception:
        pass
    assert marker.exists()


def test_an_unsigned_toc_alone_is_not_opened_by_any_command(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article("Bridge reopens", "The bridge reopened to traffic on Monday."))
    whoosh = corpus / ".corpus-tui" / "whoosh"
    whoosh.mkdir(parents=True)
    marker = tmp_path / "pwned"
    craft_toc(whoosh / "_articles_1.toc", marker)
    monkeypatch.delenv("CORPUS_TUI_DATA", raising=False)
    runner = CliRunner()
    for args in (["tags", "--export", str(tmp_path / "t.json")], ["show", "a.txt"], ["index"], ["search", "bridge"]):
        result = runner.invoke(main, ["--corpus", str(corpus), *args])
        assert result.exit_code == 0, (args, result.output)
        assert not marker.exists(), args


def test_a_copied_data_folder_stays_trusted(tmp_path, seed_corpus):
    runner = CliRunner()
    data = tmp_path / "data"
    assert runner.invoke(main, ["--corpus", str(seed_corpus), "--data-dir", str(data), "index"]).exit_code == 0
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)  # new inodes and ctimes: each file is hashed once, and matches
    result = runner.invoke(main, ["--corpus", str(seed_corpus), "--data-dir", str(copy), "index"])
    assert result.exit_code == 0
    assert "rebuilt" not in result.stderr and "2 unchanged" in result.stderr


def test_an_unsigned_run_file_is_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    run = tmp_path / "run.bin"
    import zlib

    data = zlib.compress(pickle.dumps(Payload(marker)), 1)
    run.write_bytes(len(data).to_bytes(8, "little") + b"\0" * 32 + data)
    try:
        bulk_writer._read_docs(str(run))
        raised = None
    except bulk_writer.ForeignRun as exc:
        raised = exc
    assert raised is not None and "not written by this build" in str(raised)
    assert not marker.exists()


def test_a_posting_run_not_written_by_this_process_is_refused(tmp_path):
    import marshal

    from whoosh.filedb.filestore import FileStorage

    from index.segments.posting_pool import BatchedPostingPool, ForeignPostingRun

    storage = FileStorage(str(tmp_path)).create()
    pool = BatchedPostingPool(storage, None, limitmb=1)
    name = "planted.run"
    data = marshal.dumps([("body", b"x", 0, 1.0, b"")])
    with storage.create_file(name) as f:
        f.write(len(data).to_bytes(8, "little") + b"\0" * 32 + data)
    try:
        list(pool._read_run(name))
        refused = False
    except ForeignPostingRun:
        refused = True
    assert refused
    written = "signed.run"
    pool._write_run(storage.create_file(written), [("body", b"x", 0, 1.0, b"")])
    assert list(pool._read_run(written)) == [("body", b"x", 0, 1.0, b"")]


def test_a_backup_with_timestamps_that_are_not_numbers_imports_every_entry(tmp_path, seed_corpus, cli):
    # JSON from elsewhere can say "NaN" (or NaN): SQLite keeps a NaN as NULL, the NOT NULL
    # column refused the row, and the tag and the note were dropped while the import counted
    # them "already present".
    from conftest import SPUTNIK

    backup = tmp_path / "edited.json"
    backup.write_text(
        '{"format": "corpus-tui-tags", "version": 2,'
        f' "tags": [{{"id": "{SPUTNIK}", "tag": "checked", "added_at": "NaN"}},'
        f'          {{"id": "{SPUTNIK}", "tag": "sourced", "added_at": NaN}}],'
        f' "notes": [{{"id": "{SPUTNIK}", "text": "call the agency", "updated_at": "nan"}}],'
        f' "read": [{{"id": "{SPUTNIK}", "read_at": Infinity}}]}}'
    )
    result = cli(seed_corpus, "tags", "--import", str(backup))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("imported: 2 matched by id"), result.stdout
    shown = json.loads(cli(seed_corpus, "show", SPUTNIK, "--json").stdout)
    assert sorted(shown["tags"]) == ["checked", "sourced"] and shown["note"] == "call the agency"
    assert shown["read"] is True
