"""A full disk: one line naming the data folder and the cause, no partial files left, nothing
acknowledged lost.

The disk is real: a small tmpfs mounted in a private mount namespace (`unshare -rm`, which
needs no privilege where user namespaces are allowed, and works as root on CI). Nothing in
the engine is patched; the kernel says ENOSPC.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, article


def can_mount_tmpfs(tmp_path: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {probe}"],
                          capture_output=True, timeout=30)
    return done.returncode == 0


DRIVER = textwrap.dedent('''
    import json, os, subprocess, sys
    corpus, data, report, steps = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    out = []
    for step in steps:
        if step == ["fill"]:
            fd = os.open(os.path.join(os.path.dirname(data), "filler"), os.O_WRONLY | os.O_CREAT)
            try:
                while os.write(fd, b"x" * 4096):
                    pass
            except OSError:
                pass
            os.close(fd)
            out.append(None)
            continue
        if step == ["unfill"]:
            os.unlink(os.path.join(os.path.dirname(data), "filler"))
            out.append(None)
            continue
        p = subprocess.run([sys.executable, "-m", "tui.cli", "--corpus", corpus, "--data-dir", data, *step],
                           capture_output=True, text=True, timeout=300)
        files = sorted(os.listdir(os.path.join(data, "whoosh"))) if os.path.isdir(os.path.join(data, "whoosh")) else []
        out.append({"code": p.returncode, "out": p.stdout, "err": p.stderr, "whoosh": files,
                    "runs": os.path.exists(os.path.join(data, "runs"))})
    with open(report, "w") as f:
        json.dump(out, f)
''')


def on_small_disk(tmp_path: Path, size_kb: int, corpus: Path, steps: list[list[str]]) -> tuple[Path, list]:
    mnt = tmp_path / "disk"
    mnt.mkdir()
    data = mnt / "data"
    report = tmp_path / "report.json"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    subprocess.run(
        ["unshare", "-rm", "sh", "-c", f'mount -t tmpfs -o size={size_kb}k tmpfs "$0" && exec "$@"', str(mnt),
         sys.executable, str(driver), str(corpus), str(data), str(report), json.dumps(steps)],
        cwd=ROOT, check=True, timeout=600,
    )
    return data, json.loads(report.read_text())


def write_corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:04}.txt").write_text(article(
            f"Storm {i} closes the harbour of town {i}",
            f"The storm number {i} closed the harbour of town {i} on day {i}, and crews worked to clear crane {i * 3}.",
            f"Officials in district {i % 17} said the port would reopen within {i % 9 + 2} days.",
        ))
    return folder


def unsealed_segments(files: list[str]) -> bool:
    return any(re.match(r"articles_[0-9a-z]+\.", f) for f in files)


@pytest.fixture
def small_disk(tmp_path):
    if not can_mount_tmpfs(tmp_path):
        pytest.skip("no unprivileged mount namespace here (unshare -rm) to make a small disk")
    return tmp_path


def test_index_on_a_full_disk_is_one_line_and_leaves_no_partial_files(small_disk):
    corpus = write_corpus(small_disk / "c", 400)  # a bulk build: workers, runs, segments
    data, (run,) = on_small_disk(small_disk, 1024, corpus, [["index"]])
    assert run["code"] == 1, run
    lines = run["err"].strip().splitlines()
    assert len(lines) == 1, run["err"]
    assert lines[0].startswith(f"Error: cannot use the data folder {data}: the disk is full"), lines[0]
    assert not run["runs"]
    assert not unsealed_segments(run["whoosh"]), run["whoosh"]


def test_tagging_on_a_full_disk_names_the_cause_and_loses_nothing(small_disk):
    corpus = write_corpus(small_disk / "c", 30)
    backup = small_disk / "backup.json"  # on another disk
    steps = [["index"], ["tag", "a0001.txt", "+kept"], ["fill"], ["tag", "a0002.txt", "+lost"],
             ["search", "harbour", "--json"], ["tags", "--export", str(backup)], ["unfill"], ["tags", "--json"]]
    data, (index, kept, _, full_tag, search, export, _, tags) = on_small_disk(small_disk, 4096, corpus, steps)
    assert index["code"] == 0 and kept["code"] == 0, (index, kept)
    assert full_tag["code"] == 1
    line = full_tag["err"].strip()
    assert "\n" not in line and "rollback" not in line, line
    assert line.startswith(f"Error: cannot use the data folder {data}: the disk is full"), line
    for run in (search, export):  # they work, or say in one line why not
        assert run["code"] == 0 or (run["code"] == 1 and run["err"].count("\n") == 1 and str(data) in run["err"]), run
    if export["code"] == 0:
        assert [t["tag"] for t in json.loads(backup.read_text())["tags"]] == ["kept"]
    assert json.loads(tags["out"]) == {"kept": 1}  # the acknowledged tag is there; nothing half-made
