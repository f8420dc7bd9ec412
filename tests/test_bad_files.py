"""One bad file never stops a run: deep JSON, millions of lines, FIFOs and devices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from app_fixtures import SIZE, make_app, settle
from conftest import ROOT, article

from index import Corpus

DEEP = '{"title": "Deep", "text": "some text", "nested": ' + "[" * 200_000 + "]" * 200_000 + "}"
GOOD = article("Harbour reopens after the storm", "The harbour reopened on Monday after the storm damaged two cranes on the pier.")


def corpus_with(tmp_path: Path, bad: dict[str, str | bytes], good: int = 1) -> Path:
    folder = tmp_path / "c"
    folder.mkdir()
    for n in range(good):
        (folder / f"good{n:03}.txt").write_text(
            article(f"Harbour {n} reopens after storm number {n}", f"The harbour {n} reopened on day {n} after storm {n} damaged crane {n * 3}.")
        )
    for name, content in bad.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


def test_deeply_nested_json_is_skipped_on_the_cli(tmp_path, cli):
    folder = corpus_with(tmp_path, {"deep.json": DEEP, "deep.jsonl": DEEP + "\n" + json.dumps({"title": "J", "text": "The harbour cranes were repaired by a crew of forty workers over the long weekend, officials said on Monday."})})
    result = cli(folder, "index")
    assert result.exit_code == 0, result.output
    assert "skipped deep.json: JSON nested too deeply" in result.stderr
    assert "skipped deep.jsonl#1: JSON nested too deeply" in result.stderr
    ids = {h["id"] for h in json.loads(cli(folder, "search", "harbour", "--json").stdout)["hits"]}
    line2 = json.loads(cli(folder, "show", "deep.jsonl#2", "--json").stdout)["id"]  # the record on line 2
    assert line2.startswith("deep.jsonl#text:") and ids == {"good000.txt", line2}


def test_deeply_nested_json_is_skipped_by_the_worker_processes(tmp_path, open_corpus):
    folder = corpus_with(tmp_path, {"deep.json": DEEP}, good=210)  # a bulk build: worker processes
    corpus = open_corpus(folder, update=False)
    report = corpus.update()
    assert {s.path: s.reason for s in report.skipped} == {"deep.json": "JSON nested too deeply to read"}
    assert corpus.count() == 210


async def test_deeply_nested_json_is_skipped_in_the_app(tmp_path):
    folder = corpus_with(tmp_path, {"deep.json": DEEP})
    corpus = Corpus(folder, tmp_path / "data")
    app = make_app(corpus, initial_query="harbour")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, rounds=5)
            from tui.hit_list import HitList

            assert [h.id for h in app.screen.query_one(HitList).hits] == ["good000.txt"]
            notes = [str(n.message) for n in app._notifications]
            assert not any("failed" in n or "stopped" in n for n in notes), notes
    finally:
        corpus.close()


def test_five_million_short_lines_take_bounded_memory(tmp_path):
    folder = corpus_with(tmp_path, {"lines.txt": "Title\n\n" + "ab\n" * 5_000_000})
    script = (
        "import resource, sys\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main(['--corpus', {str(folder)!r}, '--data-dir', {str(tmp_path / 'data')!r}, 'index'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.perf_counter() - started
    assert "skipped lines.txt: too many lines (5,000,002; limit 50,000)" in done.stderr, done.stderr
    assert "1 added" in done.stderr
    rss_mb = int(done.stderr.rsplit("maxrss", 1)[1]) / 1024
    assert rss_mb < 400, rss_mb
    assert elapsed < 60


def test_a_file_replaced_by_a_fifo_during_an_update_is_skipped(tmp_path, open_corpus):
    folder = corpus_with(tmp_path, {"soon-a-fifo.txt": GOOD})
    corpus = open_corpus(folder, update=False)

    def swap(progress):
        if progress.stage == "read" and progress.done == 0:  # the walk is done, nothing read yet
            (folder / "soon-a-fifo.txt").unlink()
            os.mkfifo(folder / "soon-a-fifo.txt")

    started = time.perf_counter()
    report = corpus.update(progress=swap)
    assert time.perf_counter() - started < 30
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons["soon-a-fifo.txt"].startswith("not a regular file")
    assert corpus.count() == 1


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_tags_import_refuses_fifos_and_devices(tmp_path, seed_corpus, cli, kind):
    if kind == "fifo":
        source = tmp_path / "backup.json"
        os.mkfifo(source)
    else:
        source = Path("/dev/zero")
    started = time.perf_counter()
    result = cli(seed_corpus, "tags", "--import", str(source))
    assert time.perf_counter() - started < 30
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: cannot read {source}: not a regular file"


def test_clean_refuses_a_fifo(tmp_path, cli):
    fifo = tmp_path / "page.txt"
    os.mkfifo(fifo)
    result = cli(tmp_path, "clean", str(fifo))
    assert result.exit_code == 1 and "not a regular file" in result.stderr


def test_reimporting_a_backup_counts_each_entry_once(tmp_path, seed_corpus, cli):
    from conftest import FRANCE, SPUTNIK

    assert cli(seed_corpus, "tag", SPUTNIK, FRANCE, "+a", "+b").exit_code == 0
    backup = tmp_path / "tags.json"
    assert cli(seed_corpus, "tags", "--export", str(backup)).exit_code == 0
    payload = json.loads(backup.read_text())
    payload["tags"].append({"id": "gone.txt", "tag": "c", "hash": "", "title": None, "added_at": 1})
    payload["tags"].append({"id": "gone.txt", "tag": "c", "hash": "", "title": None, "added_at": 1})  # twice
    payload["tags"].append({"tag": "no id"})
    backup.write_text(json.dumps(payload))
    first = cli(seed_corpus, "tags", "--import", str(backup)).stdout
    assert first.startswith("imported: 0 matched by id, 0 by content, 1 kept for articles not in this corpus, 5 already present, 1 invalid"), first
    again = cli(seed_corpus, "tags", "--import", str(backup)).stdout
    assert again.startswith("imported: 0 matched by id, 0 by content, 0 kept for articles not in this corpus, 6 already present, 1 invalid"), again
