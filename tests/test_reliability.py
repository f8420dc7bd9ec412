"""Faults inflicted for real: killed processes, concurrent writers, backups and restores."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FRANCE, SPUTNIK
from corpus_factory import write_corpus

from index import Corpus
from index.update import workers as build_workers

ROOT = Path(__file__).resolve().parent.parent


def cli_proc(corpus: Path, data: Path, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--corpus", str(corpus), "--data-dir", str(data), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw,
    )


def alive(pid: str) -> bool:
    """True while a process runs (a zombie waiting to be reaped has already exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cleaning_workers(indexer_pid: int) -> list[str]:
    """Pids of processes whose command line says they are multiprocessing children of ours."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ_ok = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.forkserver" in environ_ok and entry.name != str(indexer_pid):
            try:
                ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                continue
            # workers are children of a forkserver that is itself a child of the indexer
            try:
                grand = (Path("/proc") / ppid / "stat").read_text().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                continue
            if grand == str(indexer_pid):
                found.append(entry.name)
    return found


def workers_gone(workers: list[str], within: float = 15.0) -> bool:
    """Whether the workers exit within `within` seconds (they poll for their parent's death;
    on a loaded machine that takes more than a second or two)."""
    deadline = time.monotonic() + within
    while [pid for pid in workers if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    return not [pid for pid in workers if alive(pid)]


def run_cli(corpus: Path, data: Path, *args: str) -> subprocess.CompletedProcess:
    p = cli_proc(corpus, data, *args)
    out, err = p.communicate(timeout=300)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


@pytest.mark.parametrize("kill_after", [0.3, 1.0, 2.0])
def test_killed_index_run_leaves_previous_index_usable(tmp_path, kill_after):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, 300, seed=1)
    assert run_cli(corpus, data, "index", "--quiet").returncode == 0
    with Corpus(corpus, data) as c:
        before = c.search("government", limit=5).total
        tagged = c.tag(["batch000/a00001.txt"], add=["keep"])
    assert before > 0 and tagged.added

    # A second batch of articles, and an update killed while it works on them (enough of them
    # that the update still runs at the last kill time: 2,000 were done in under 2 s here).
    more = tmp_path / "more"
    write_corpus(more, 3500, seed=2)
    os.rename(more, corpus / "more")
    proc = cli_proc(corpus, data, "index", "--quiet")
    time.sleep(kill_after)
    workers = cleaning_workers(proc.pid)  # empty once reading is done and only writing is left
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL  # it was still working when killed
    assert workers_gone(workers)  # its cleaning workers went with it

    with Corpus(corpus, data) as c:  # the old index answers, consistently
        result = c.search("government", limit=5)
        assert result.total >= before
        for hit in result.hits:
            assert c.article(hit.id).id == hit.id
        assert c.tags_of("batch000/a00001.txt") == ("keep",)

    done = run_cli(corpus, data, "index")
    assert done.returncode == 0, done.stderr
    with Corpus(corpus, data) as c:
        assert c.count() == 3800
        assert c.index.doc_count() == 3800
        assert not c.needs_update()
        assert c.search("tag:keep").hits[0].id == "batch000/a00001.txt"
        ids = [h.id for h in c.search("report", limit=5000).hits]
        assert len(ids) == len(set(ids)) == 3800  # nothing duplicated, nothing missing


def test_acknowledged_tag_survives_sigkill(tmp_path, seed_corpus):
    data = tmp_path / "data"
    with Corpus(seed_corpus, data) as c:
        c.update()
    script = (
        "import sys, time\n"
        "from index import Corpus\n"
        f"c = Corpus({str(seed_corpus)!r}, {str(data)!r})\n"
        f"c.tag([{SPUTNIK!r}], add=['followup'])\n"
        "print('ok', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ok"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Corpus(seed_corpus, data) as c:
        assert c.tags_of(SPUTNIK) == ("followup",)


def test_two_processes_tagging_at_once_lose_nothing(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    ids = write_corpus(corpus, 120, seed=3)
    with Corpus(corpus, data) as c:
        c.update()
    script = (
        "import sys\n"
        "from index import Corpus\n"
        f"c = Corpus({str(corpus)!r}, {str(data)!r})\n"
        f"ids = {ids!r}\n"
        "for i in ids:\n"
        "    c.tag([i], add=[sys.argv[1]])\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, tag], cwd=ROOT) for tag in ("alpha", "beta")]
    # ...while a third process re-indexes the same corpus.
    (corpus / "batch000" / "a00000.txt").write_text("Changed title\n\nA changed body with enough words to count as an article here.\n")
    indexer = cli_proc(corpus, data, "index", "--quiet")
    for p in procs:
        assert p.wait(timeout=120) == 0
    assert indexer.wait(timeout=120) in (0, 1)
    with Corpus(corpus, data) as c:
        counts = {t.name: t.count for t in c.tag_counts()}
        assert counts == {"alpha": 120, "beta": 120}
        assert c.tags.path.exists()


def test_second_index_run_says_the_index_is_busy(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, 600, seed=4)
    first = cli_proc(corpus, data, "index", "--quiet")
    deadline = time.monotonic() + 60  # the second starts once the first holds the lock
    while not (data / "update.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = run_cli(corpus, data, "index")
    first_code = first.wait(timeout=300)
    assert first_code == 0
    if second.returncode != 0:  # it overlapped the first run
        assert "being updated by another corpus-tui process" in second.stderr
        assert second.stderr.count("\n") == 1
    with Corpus(corpus, data) as c:
        assert c.index.doc_count() == c.count() == 600


def test_stale_lock_from_a_killed_writer_is_recovered(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, 1200, seed=5)
    proc = cli_proc(corpus, data, "index", "--quiet")
    deadline = time.monotonic() + 60  # (start-up takes seconds on a loaded machine)
    while not (data / "update.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    assert (data / "update.lock").exists()
    done = run_cli(corpus, data, "index")
    assert done.returncode == 0, done.stderr
    with Corpus(corpus, data) as c:
        assert c.index.doc_count() == 1200


def test_tags_backup_and_restore_into_a_rescraped_copy(tmp_path, seed_corpus, cli):
    cli(seed_corpus, "tag", SPUTNIK, "+followup", "+iran")
    cli(seed_corpus, "tag", FRANCE, "+france")
    backup = tmp_path / "tags.json"
    result = cli(seed_corpus, "tags", "--export", str(backup))
    assert result.stdout.strip() == "saved 3 tags to " + str(backup)
    payload = json.loads(backup.read_text())
    assert payload["format"] == "corpus-tui-tags" and payload["version"] == 2
    assert {(t["id"], t["tag"]) for t in payload["tags"]} == {(SPUTNIK, "followup"), (SPUTNIK, "iran"), (FRANCE, "france")}
    assert cli(seed_corpus, "tags", "--export", str(backup)).exit_code == 1  # no silent overwrite

    # A re-scraped copy: the Sputnik file renamed, the French one gone, its own data folder.
    copy = tmp_path / "rescrape"
    copy.mkdir()
    (copy / "sputnik-2019.txt").write_bytes((seed_corpus / SPUTNIK).read_bytes())
    from click.testing import CliRunner

    from tui.cli import main

    run = lambda *a: CliRunner().invoke(main, ["--corpus", str(copy), "--data-dir", str(tmp_path / "data2"), *a])
    out = run("tags", "--import", str(backup))
    assert out.exit_code == 0, out.output
    assert "2 by content" in out.stdout and "1 kept for articles not in this corpus" in out.stdout
    assert json.loads(run("tags", "--json").stdout) == {"followup": 1, "iran": 1}
    assert json.loads(run("search", "tag:followup", "--json").stdout)["hits"][0]["id"] == "sputnik-2019.txt"
    # The French article appears later: its waiting tag attaches.
    (copy / FRANCE).write_bytes((seed_corpus / FRANCE).read_bytes())
    run("index")
    assert json.loads(run("tags", "--json").stdout) == {"followup": 1, "france": 1, "iran": 1}
    again = run("tags", "--import", str(backup))
    assert "3 already present" in again.stdout


@pytest.mark.parametrize("content, message", [
    ("not json", "not a corpus-tui tag file"),
    ('{"format": "other"}', "not a corpus-tui tag file"),
    ('{"format": "corpus-tui-tags", "version": 99, "tags": []}', "unsupported tag file version"),
])
def test_bad_backup_file_is_a_clear_error(tmp_path, seed_corpus, cli, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = cli(seed_corpus, "tags", "--import", str(bad))
    assert result.exit_code == 1 and message in result.stderr


@pytest.mark.parametrize("files", ["pool", "bulk"])
def test_cleaning_falls_back_to_one_process_when_the_pool_cannot_start(tmp_path, monkeypatch, files):
    """Inside a Textual app stdio has no file descriptors and the forkserver fails to launch."""
    import index.update.indexer as indexer
    import index.update.workers as workers

    def broken_context():
        raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr(workers, "worker_context", broken_context)
    n = (workers.POOL_MIN_FILES if files == "pool" else indexer.BULK_MIN_FILES) + 10
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, n, seed=6)
    with Corpus(corpus, data) as c:
        report = c.update()
        assert report.added == n
        assert c.index.doc_count() == report.added
        assert c.search("government").total > 0


def test_killed_bulk_build_leaves_no_workers_and_no_runs(tmp_path):
    """A big build from scratch goes through the bulk writer's workers; killing it mid-way
    leaves no worker running, no run files, and a data folder the next run completes."""
    import index.update.indexer as indexer

    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, indexer.BULK_MIN_FILES * 4, seed=8)
    proc = cli_proc(corpus, data, "index", "--quiet")
    deadline = time.monotonic() + 20
    workers: list[str] = []
    while not workers and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = cleaning_workers(proc.pid)
    assert workers  # the bulk workers were running
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    assert workers_gone(workers)

    done = run_cli(corpus, data, "index")
    assert done.returncode == 0, done.stderr
    assert not (data / "runs").exists()
    with Corpus(corpus, data) as c:
        assert c.count() == c.index.doc_count() == indexer.BULK_MIN_FILES * 4
        assert not c.needs_update()

def test_a_cancelled_run_stops_its_workers_and_leaves_no_pool_thread_behind():
    # A run that fails (a full disk) or is cancelled drops the batches its workers are on. Its
    # pool must be gone before the command exits: a manager thread still running races the
    # interpreter's exit, which can print a traceback under the one-line error.
    pool = build_workers.start_pool()
    if pool is None:
        pytest.skip("one core: no worker pool")
    busy = pool.submit(time.sleep, 120)
    manager = pool._executor_manager_thread
    processes = list(pool._processes.values())
    started = time.monotonic()
    build_workers.stop_pool(pool)
    assert time.monotonic() - started < 30  # (not the two minutes the worker was busy for)
    assert not manager.is_alive()
    assert not any(p.is_alive() for p in processes)
    assert busy.done()
