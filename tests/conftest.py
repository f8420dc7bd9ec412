"""Shared fixtures: small real corpora on disk, and the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from index import Corpus
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPUTNIK = "000_d8b705d179e7c3a0.txt"
FRANCE = "003_f117253ed6a2cc58.txt"


def article(title: str, *paragraphs: str) -> str:
    """A clean article in the seed format."""
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A copy of the bundled sample corpus (the two seed articles)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture
def cli(tmp_path: Path):
    """Run `corpus-tui --corpus DIR --data-dir DATA ARGS...` in-process; returns the click Result."""
    runner = CliRunner()
    data = tmp_path / "data"

    def run(corpus: Path, *args: str, input: str | bytes | None = None):
        return runner.invoke(main, ["--corpus", str(corpus), "--data-dir", str(data), *args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def open_corpus(tmp_path: Path):
    """Open (and index) a real Corpus on a folder, data under tmp_path/data."""
    opened = []

    def make(folder: Path, update: bool = True) -> Corpus:
        c = Corpus(folder, tmp_path / "data")
        opened.append(c)
        if update:
            c.update()
        return c

    yield make
    for c in opened:
        c.close()


def search_ids(result) -> list[str]:
    payload = json.loads(result.stdout)
    return [h["id"] for h in payload["hits"]]
