"""A broken cache never blocks the user: a damaged catalog or index is reported in one line and
rebuilt, `tags --export` works whatever their state, and a damaged tags file is never touched."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest
from conftest import FRANCE, SPUTNIK


@pytest.fixture
def tagged(tmp_path, seed_corpus, cli):
    assert cli(seed_corpus, "tag", SPUTNIK, "+keep").exit_code == 0
    return seed_corpus, tmp_path / "data"


def checkpoint(path) -> None:
    """Move everything from the WAL into the database file itself (what damage then hits)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def backup_ok(cli, corpus, tmp_path) -> None:
    out = tmp_path / "backup.json"
    result = cli(corpus, "tags", "--export", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert [t["tag"] for t in json.loads(out.read_text())["tags"]] == ["keep"]


def search_ok(cli, corpus) -> str:
    result = cli(corpus, "search", "sputnik", "--json")
    assert result.exit_code == 0, result.output
    assert SPUTNIK in [h["id"] for h in json.loads(result.stdout)["hits"]]
    assert json.loads(result.stdout)["hits"][0]["tags"] == ["keep"]
    return result.stderr


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_catalog_is_rebuilt_and_said_once(tmp_path, tagged, cli, damage):
    corpus, data = tagged
    catalog = data / "catalog.sqlite"
    checkpoint(catalog)
    if damage == "garbage":
        catalog.write_bytes(b"not a database at all " * 500)
    else:
        raw = catalog.read_bytes()
        catalog.write_bytes(raw[: len(raw) // 2])
    backup = cli(corpus, "tags", "--export", str(tmp_path / "first.json"))  # first: needs no catalog
    assert backup.exit_code == 0, backup.output
    why = "it is not an SQLite database" if damage == "garbage" else "it is cut short"
    assert backup.stderr.count("\n") == 1 and f"the catalog {catalog} was damaged ({why}" in backup.stderr
    assert "started afresh" in backup.stderr
    assert "damaged" not in search_ok(cli, corpus)  # said once; the search rebuilt the index
    backup_ok(cli, corpus, tmp_path)
    assert cli(corpus, "index", "--rebuild").exit_code == 0


@pytest.mark.parametrize("foreign", ["CREATE TABLE articles (x)", "CREATE TABLE meta (k TEXT, v TEXT)"])
def test_a_catalog_of_another_shape_is_started_afresh(tmp_path, tagged, cli, foreign):
    # An SQLite file of another program (or an older shape) under the catalog's name: every
    # command, `index --rebuild` included, said "cannot use the data folder: no such column".
    corpus, data = tagged
    catalog = data / "catalog.sqlite"
    for extra in ("", "-wal", "-shm"):
        catalog.with_name(catalog.name + extra).unlink(missing_ok=True)
    conn = sqlite3.connect(catalog)
    conn.execute(foreign)
    conn.commit()
    conn.close()
    first = cli(corpus, "index", "--rebuild")
    assert first.exit_code == 0, first.output
    assert f"the catalog {catalog} was damaged" in first.stderr and "started afresh" in first.stderr
    assert "damaged" not in search_ok(cli, corpus)  # tags kept, said once


def test_a_catalog_damaged_inside_is_one_line_and_rebuild_recovers(tmp_path, tagged, cli):
    corpus, data = tagged
    catalog = data / "catalog.sqlite"
    assert cli(corpus, "index").exit_code == 0
    checkpoint(catalog)
    raw = bytearray(catalog.read_bytes())
    assert len(raw) > 3 * 16384
    raw[16384:] = b"\xa5" * (len(raw) - 16384)  # every page but the first overwritten
    catalog.write_bytes(bytes(raw))
    line = one_line_error(cli(corpus, "show", SPUTNIK))
    assert str(catalog) in line and "index --rebuild" in line
    backup_ok(cli, corpus, tmp_path)
    rebuilt = cli(corpus, "index", "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    search_ok(cli, corpus)


@pytest.mark.parametrize("damage", ["missing", "truncated", "whoosh-is-a-file"])
def test_a_broken_index_is_rebuilt(tmp_path, tagged, cli, damage):
    corpus, data = tagged
    whoosh = data / "whoosh"
    segment = max(whoosh.glob("*.seg"), key=lambda p: p.stat().st_size)
    if damage == "missing":
        segment.unlink()
    elif damage == "truncated":
        segment.write_bytes(segment.read_bytes()[:100])
    else:
        shutil.rmtree(whoosh)
        whoosh.write_text("not a folder")
    backup_ok(cli, corpus, tmp_path)
    said = search_ok(cli, corpus)
    assert "the old index was not used" in said
    assert cli(corpus, "index", "--rebuild").exit_code == 0


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_tags_file_is_named_and_never_touched(tmp_path, tagged, cli, damage):
    corpus, data = tagged
    tags = data / "tags.sqlite"
    assert cli(corpus, "tag", FRANCE, "+more").exit_code == 0
    checkpoint(tags)
    raw = tags.read_bytes()
    tags.write_bytes(b"garbage " * 2000 if damage == "garbage" else raw[: len(raw) // 2])
    before = hashlib.sha256(tags.read_bytes()).hexdigest()
    for args in (["search", "sputnik"], ["tags"], ["tags", "--export", str(tmp_path / "t.json")], ["index", "--rebuild"]):
        line = one_line_error(cli(corpus, *args))
        assert f"your tags file {tags} is damaged" in line and "untouched" in line, line
    assert hashlib.sha256(tags.read_bytes()).hexdigest() == before
    assert not (data / "tags.sqlite-wal").exists()


def test_a_data_folder_that_is_a_file_is_named_in_one_line(seed_corpus, tmp_path):
    # It said "cannot create the data folder: File exists", naming neither which nor why.
    from click.testing import CliRunner

    from tui.cli import main

    not_a_folder = tmp_path / "data-file"
    not_a_folder.write_text("mine\n")
    for data in (not_a_folder, not_a_folder / "sub"):
        result = CliRunner().invoke(main, ["--corpus", str(seed_corpus), "--data-dir", str(data), "search", "baghdadi"])
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
        assert str(data) in result.stderr
    assert "is a file, not a folder" in CliRunner().invoke(
        main, ["--corpus", str(seed_corpus), "--data-dir", str(not_a_folder), "tags"]).stderr
    assert not_a_folder.read_text() == "mine\n"


@pytest.mark.parametrize("shape", ["2-d", "unsorted", "text", "cut short"])
def test_a_damaged_vocabulary_cache_is_built_again(tagged, cli, shape):
    # The "did you mean" arrays in vocab/ are a cache: a 2-D array there ended the search with
    # a traceback. Whatever is there, the suggestion is right and the file is written afresh.
    import numpy as np

    corpus, data = tagged
    first = json.loads(cli(corpus, "search", "baghdadl", "--json").stdout)
    assert first["total"] == 0 and first["did_you_mean"] == "baghdadi"
    arrays = sorted((data / "vocab").glob("*.npy"))
    assert arrays
    for path in arrays:
        good = np.load(path)
        if shape == "2-d":
            np.save(path, good[: len(good) // 2 * 2].reshape(-1, 2))
        elif shape == "unsorted":
            np.save(path, good[::-1].copy())
        elif shape == "text":
            np.save(path, np.array(["baghdadi"]))
        else:
            path.write_bytes(path.read_bytes()[:70])
    again = cli(corpus, "search", "baghdadl", "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["did_you_mean"] == "baghdadi"
    assert all(np.load(path).ndim == 1 for path in arrays)  # written afresh


def test_a_lock_file_that_is_a_folder_is_named(tagged, cli):
    corpus, data = tagged
    (data / "update.lock").unlink()
    (data / "update.lock").mkdir()
    (corpus / "late.txt").write_text("A late story\n\nThe council met again on Friday to discuss the bridge repairs.\n")
    line = one_line_error(cli(corpus, "index"))
    assert "update.lock: Is a directory" in line and str(data) in line
