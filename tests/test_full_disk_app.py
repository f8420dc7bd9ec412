"""A full disk under the app: a tag that cannot be written is reported in words naming the
data folder and the cause (not "Something went wrong: OperationalError"), and is not shown.

The disk is real, as in test_full_disk.py: a small tmpfs in a private mount namespace; the app
runs headless (Pilot) inside it, typing the keys a person would.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT
from test_full_disk import small_disk, write_corpus  # noqa: F401 (small_disk: a fixture, shared)

DRIVER = textwrap.dedent('''
    import asyncio, json, os, sys
    sys.path[:0] = [sys.argv[4], os.path.join(sys.argv[4], "tests")]
    from app_fixtures import SIZE, burst, make_app, search, settle
    from index import Corpus

    corpus_dir, data, report = sys.argv[1], sys.argv[2], sys.argv[3]

    def fill():
        fd = os.open(os.path.join(os.path.dirname(data), "filler"), os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"x" * 4096):
                pass
        except OSError:
            pass
        os.close(fd)

    async def main():
        corpus = Corpus(corpus_dir, data)
        corpus.update()
        app = make_app(corpus)
        async with app.run_test(size=SIZE) as pilot:
            await search(pilot, "harbour")
            await settle(pilot)
            fill()
            burst(pilot, "t", *"lost", "enter")
            await settle(pilot)
            await pilot.pause(0.3)
            out = {"notes": [[n.title, str(n.message)] for n in app._notifications],
                   "shown_tags": list(app.screen.reading.article.tags)}
        corpus.close()
        with open(report, "w") as f:
            json.dump(out, f)

    asyncio.run(main())
''')


def test_a_tag_typed_on_a_full_disk_says_why_it_was_not_saved(small_disk):
    corpus = write_corpus(small_disk / "c", 30)
    mnt = small_disk / "disk"
    mnt.mkdir()
    data, report, driver = mnt / "data", small_disk / "report.json", small_disk / "driver.py"
    driver.write_text(DRIVER)
    subprocess.run(
        ["unshare", "-rm", "sh", "-c", f'mount -t tmpfs -o size=4096k tmpfs "$0" && exec "$@"', str(mnt),
         sys.executable, str(driver), str(corpus), str(data), str(report), str(ROOT)],
        cwd=ROOT, check=True, timeout=300,
    )
    out = json.loads(report.read_text())
    assert "lost" not in out["shown_tags"]
    messages = [message for _title, message in out["notes"]]
    assert any(m.startswith(f"cannot use the data folder {data}: the disk is full") for m in messages), out["notes"]
    assert not any("OperationalError" in m or "Something went wrong" in title for title, m in out["notes"]), out["notes"]
