"""The Textual app: `CorpusApp(corpus).run()` opens a corpus for searching, reading and tagging.

The engine is handed in already constructed (the CLI and the tests build it the same way), so
the app never decides where data lives. The app itself only holds what is global: the
stylesheet, quit/help keys and the command palette; the main screen owns the rest.
"""

from __future__ import annotations

import gc

from textual.app import App
from textual.binding import Binding

from index import Corpus

from .commands import CorpusCommands
from .main_screen import MainScreen


class CorpusApp(App[None]):
    """Search, read and tag one corpus."""

    CSS_PATH = "app.tcss"
    TITLE = "corpus-tui"
    COMMANDS = App.COMMANDS | {CorpusCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Quit (every tag change is already saved)"),
        Binding("question_mark", "help", "Help", tooltip="List every key"),
    ]

    def __init__(self, corpus: Corpus, *, initial_query: str = "", timings: bool = True, **kwargs):
        """`timings=False` hides the search time (for deterministic snapshots)."""
        super().__init__(**kwargs)
        self.corpus = corpus
        self.initial_query = initial_query
        self.timings = timings
        self.sub_title = str(corpus.root)

    def on_mount(self) -> None:
        """Keep the garbage collector out of the way of keystrokes.

        The objects alive at start (Textual, Whoosh, the schema) never become garbage, so
        they are frozen out of the collector's scans, and young collections run less often:
        full collections of them were the pauses seen when moving through hits on a large
        corpus (bench/README.md, app_terminal.py).
        """
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.corpus, initial_query=self.initial_query, timings=self.timings)

    def action_help(self) -> None:
        show = getattr(self.screen, "action_help", None)
        if show is not None and isinstance(self.screen, MainScreen):
            show()
