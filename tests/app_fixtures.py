"""Fixtures for the app tests: a small fixed corpus on disk, indexed by the real engine.

The corpus is fixed (same files, same names) so ids are stable and snapshots repeat; the app
is built with `timings=False` so "12 ms" never appears in a snapshot.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.worker import WorkerCancelled

from index import Corpus, SearchCancelled
from tui.app import CorpusApp

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "003_f117253ed6a2cc58.txt"  # has lines the cleaner drops (labels 'B')
SIZE = (120, 36)

HOSTILE_TITLE = "Police say [bold]protesters[/bold] broke [link=https://evil.example]windows[/link] in the city"
HOSTILE_BODY = (
    "Witnesses said markup such as [/] and [red]colour[/red] and \x1b[31mescape\x1b[0m codes "
    "appeared in the statement, which was published during the storm on Sunday evening."
)

ARTICLES = {
    "storm.txt": (
        "Storm kills three in coastal town",
        "A violent storm killed three people in a coastal town on Monday, officials said.",
        "Rescue teams searched the coastal town overnight. The storm damaged roads and power lines.",
        "Residents said the storm was the worst in decades; one man was killed by a falling tree.",
    ),
    "election.txt": (
        "Election results delayed in northern province",
        "Counting of votes in the northern province was delayed after a storm cut power to polling stations.",
        "Officials expect final results by Friday.",
    ),
    "markets.txt": (
        "Markets rally as inflation cools",
        "Stock markets rallied on Tuesday as new figures showed inflation cooling for a third month.",
        "Analysts warned the rally could fade if energy prices rise again.",
    ),
    "harvest.txt": (
        "Farmers report record harvest",
        "Farmers in the valley reported a record wheat harvest this year despite a dry spring.",
    ),
    "hostile.txt": (HOSTILE_TITLE, HOSTILE_BODY, "A second paragraph says [bold]this is still not bold[/bold] and the police will report again on Monday."),
}


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, *paragraphs) in ARTICLES.items():
        (folder / name).write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def app_corpus(corpus_dir: Path, tmp_path: Path):
    """A real, indexed Corpus over the fixed articles (data under tmp_path/data)."""
    corpus = Corpus(corpus_dir, tmp_path / "data")
    corpus.update()
    yield corpus
    corpus.close()


class SlowCorpus(Corpus):
    """The real engine, with every search as slow as on a huge index (and as cancellable:
    the wait ends when the app gives the search up, as the engine's own checks do)."""

    def __init__(self, *args, delay: float = 0.3, **kwargs):
        super().__init__(*args, **kwargs)
        self.delay = delay
        self.finished: list[str] = []  # queries whose search ran to the end

    def search(self, text, *, cancel=None, **kwargs):
        if cancel is not None and cancel.wait(self.delay):
            raise SearchCancelled()
        if cancel is None:
            time.sleep(self.delay)
        result = super().search(text, cancel=cancel, **kwargs)
        self.finished.append(text)
        return result

    def facets(self, text, *, cancel=None, **kwargs):
        if cancel is not None and cancel.wait(self.delay):
            raise SearchCancelled()
        if cancel is None:
            time.sleep(self.delay)
        return super().facets(text, cancel=cancel, **kwargs)


def make_app(corpus: Corpus, **kwargs) -> CorpusApp:
    return CorpusApp(corpus, timings=False, **kwargs)


@contextlib.asynccontextmanager
async def app_on(folder: Path, data_dir: Path):
    """Index `folder` for real, then run the app on it: yields (app, pilot)."""
    corpus = Corpus(folder, data_dir)
    corpus.update()
    app = make_app(corpus)
    try:
        async with app.run_test(size=SIZE) as pilot:
            yield app, pilot
    finally:
        corpus.close()


async def settle(pilot, rounds: int = 3, timeout: float = 15.0) -> None:
    """Let the keys sent so far be delivered, the workers finish and their results be applied.

    A worker replaced by a newer one of its exclusive group ends cancelled: that is no error.
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    for _ in range(rounds):
        while True:
            try:
                await app.workers.wait_for_complete()
            except WorkerCancelled:
                continue
            await pilot.pause()
            keys = getattr(app, "keys", None)
            idle = keys is None or not (keys.waiting or keys.busy)
            if (idle and all(w.is_finished for w in app.workers)) or time.monotonic() > deadline:
                break
            await pilot.pause(0.01)


async def search(pilot, text: str, *, enter: bool = True, typed: bool = False) -> None:
    """Enter a query (replacing the old one) and wait for the results.

    `typed=True` presses every key like a user (slower); otherwise the input's value is set,
    which sends the same `Input.Changed` the keys would.
    """
    query_input = pilot.app.screen.query_input
    if not query_input.has_focus:
        await pilot.press("slash")
    if typed:
        query_input.value = ""
        await pilot.press(*text)
    else:
        query_input.value = text
        query_input.cursor_position = len(text)
    if enter:
        await pilot.press("enter")
    else:
        await pilot.pause(0.3)
    await settle(pilot)


def burst(pilot, *keys: str) -> None:
    """Deliver keys the way a terminal does when they arrive together: every key event is
    queued at once, with no pause for the app to catch up (unlike `pilot.press`, which waits
    for the app to be idle after each key)."""
    app = pilot.app
    for key in keys:
        char = key if len(key) == 1 else {"space": " ", "enter": "\r", "tab": "\t"}.get(key)
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)  # (a printable key keeps its character: ':' types ':')
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


def typed(text: str) -> list[str]:
    """The keys that type `text`."""
    return ["space" if c == " " else c for c in text]
