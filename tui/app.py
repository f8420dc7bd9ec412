"""The Textual app: `CorpusApp(corpus).run()` opens a corpus for searching, reading and tagging.

The engine is handed in already constructed (the CLI and the tests build it the same way), so
the app never decides where data lives. The app itself only holds what is global: the
stylesheet, quit/help keys and the command palette; the main screen owns the rest.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
import gc
import signal

from textual import work
from textual.app import App
from textual.binding import Binding

from index import Corpus

from .commands import CorpusCommands
from .keyboard import KeysInTurn
from .main_screen import MainScreen
from .settings import Settings, load_settings, save_theme, unknown_binding_ids


class CorpusApp(KeysInTurn):
    """Search, read and tag one corpus."""

    CSS_PATH = "app.tcss"
    TITLE = "corpus-tui"
    COMMANDS = App.COMMANDS | {CorpusCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Quit (every tag change is already saved)"),
        Binding("question_mark", "help", "Help", tooltip="List every key"),
    ]

    def __init__(self, corpus: Corpus, *, initial_query: str = "", timings: bool = True,
                 settings: Settings | None = None, **kwargs):
        """`timings=False` hides the search time (for deterministic snapshots); `settings`
        default to the user's settings file (tui/settings.py)."""
        super().__init__(**kwargs)
        self.corpus = corpus
        self.settings = settings if settings is not None else load_settings(themes=set(self.available_themes))
        corpus.snippet_width = self.settings.snippet_width
        self.initial_query = initial_query
        self.timings = timings
        self.sub_title = str(corpus.root)
        self._gc_threshold = gc.get_threshold()

    def on_mount(self) -> None:
        """Keep the garbage collector out of the way of keystrokes.

        The objects alive at start (Textual, Whoosh, the schema) never become garbage, so
        they are frozen out of the collector's scans, and young collections run less often:
        full collections of them were the pauses seen when moving through hits on a large
        corpus (bench/README.md, app_terminal.py).
        """
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._exit_on_sigterm()
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        self.apply_settings()

    def _exit_on_sigterm(self) -> None:
        """`kill` (SIGTERM) quits as `q` does: Python's default ends the process at once, leaving
        the terminal in the app's modes (alternate screen, mouse reports, no cursor)."""
        if self.is_headless:
            return
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.exit)
        except (NotImplementedError, RuntimeError, ValueError):  # (no such signal, not the main thread)
            pass

    def apply_settings(self) -> None:
        """Theme and keymap from the settings; each problem with them said once, in one line."""
        settings = self.settings
        if settings.theme:
            self.theme = settings.theme
        problems = list(settings.problems)
        if settings.keymap:
            from .help_screen import binding_sections

            bindings = [b for cls in MainScreen.__mro__ for b in getattr(cls, "BINDINGS", [])]
            known = {
                b.id for _title, part in binding_sections(self, bindings) for b in Binding.make_bindings(part) if b.id
            }
            problems += unknown_binding_ids(settings, known)
            self.set_keymap({k: v for k, v in settings.keymap.items() if k in known})
        for problem in problems:
            self.notify(problem, title="Settings", severity="warning", timeout=10, markup=False)

    def _theme_changed(self, theme) -> None:
        """A theme chosen in the palette is kept for the next start."""
        if theme.name != self.settings.theme:
            self.settings = replace(self.settings, theme=theme.name)
            self._save_theme(theme.name, self.settings.path)

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def _save_theme(self, theme: str, path) -> None:
        problem = save_theme(theme, path)
        if problem:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)

    def on_unmount(self) -> None:
        """Give the frozen objects back to the collector (an app run in-process, as the
        tests do many times, must not leave every one of its objects behind)."""
        gc.unfreeze()
        gc.set_threshold(*self._gc_threshold)
        if not self.is_headless:
            try:
                asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    def get_default_screen(self) -> MainScreen:
        screen = MainScreen(self.corpus, initial_query=self.initial_query, timings=self.timings)
        screen.settings = self.settings
        return screen

    def action_help(self) -> None:
        show = getattr(self.screen, "action_help", None)
        if show is not None and isinstance(self.screen, MainScreen):
            show()
