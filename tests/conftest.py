"""Shared fixtures: small real corpora on disk, and the real CLI."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

# This user's key (the one that signs caches) lives in a folder of the test session's own,
# set before anything starts a worker process, so workers and tests sign with the same key.
_CONFIG = tempfile.mkdtemp(prefix="corpus-tui-config-")
os.environ["CORPUS_TUI_CONFIG_DIR"] = _CONFIG
atexit.register(shutil.rmtree, _CONFIG, True)

from index import Corpus  # noqa: E402
from tui.cli import main  # noqa: E402

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


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path: Path, monkeypatch):
    """The app's settings file is the test's own (absent): a user's settings never leak in."""
    monkeypatch.setenv("CORPUS_TUI_SETTINGS", str(tmp_path / "settings.toml"))
    return tmp_path / "settings.toml"


@pytest.fixture
def settings_file(no_user_settings: Path) -> Path:
    """The settings file the app of this test reads and writes."""
    return no_user_settings


HUGE_REPEATS = 1_000_000  # "word harvest " a million times: 13 MB, a million hits


@pytest.fixture(scope="session")
def huge(tmp_path_factory) -> tuple[Path, Path]:
    """A corpus with a huge one-line file (under the size limit, so indexed) and an ordinary
    article, indexed once for the tests that search, read and concord it (none changes it)."""
    root = tmp_path_factory.mktemp("huge")
    folder = root / "corpus"
    folder.mkdir()
    (folder / "huge.txt").write_text("Huge single line harvest " + "word harvest " * HUGE_REPEATS)
    (folder / "small.txt").write_text("Farmers count the harvest\n\nThe harvest came in early this year, the farmers said on Monday.\n")
    with Corpus(folder, root / "data") as corpus:
        corpus.update()
    return folder, root / "data"
