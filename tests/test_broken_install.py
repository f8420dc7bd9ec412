"""A broken install fails loudly: without the lxml HTML cleaner (which trafilatura and jusText
import, and which an old pip leaves out) an update stops with one line naming it, instead of
a traceback or an index of text cleaned without stopword lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = "import sys; sys.modules['{}'] = None; from tui.cli import main; main()"


def run_without(module: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", BLOCK.format(module), *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_without_the_lxml_html_cleaner_an_update_stops_with_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plain.txt").write_text("A title\n\nThe minister said that the report would be published soon.\n")
    (corpus / "page.html").write_text("<html><body><h1>Storm</h1><p>The storm reached the coast at night, "
                                      "and the towns along it lost power for hours.</p></body></html>")
    run = run_without("lxml_html_clean", "--corpus", str(corpus), "--data-dir", str(tmp_path / "data"),
                      "index", "--quiet")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "lxml_html_clean" in lines[0] and lines[0].endswith("reinstall corpus-tui")
    assert "no stopword lists" in lines[0] or "HTML files cannot be read" in lines[0]
