"""The Textual app: `CorpusApp(corpus).run()` opens a corpus for searching, reading and tagging.

The engine is handed in already constructed (the CLI and the tests build it the same way), so
the app never decides where data lives. The app itself only holds what is global: the
stylesheet, quit/help keys and the command palette; the main screen owns the rest.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
import gc

from textual import events, work
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.widget import Widget

from index import Corpus

from .commands import CorpusCommands
from .keyboard import KeyDone, KeyQueue
from .main_screen import MainScreen
from .settings import Settings, load_settings, save_theme, unknown_binding_ids


class CorpusApp(App[None]):
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
        self.keys = KeyQueue(self._route_key, self.call_later)
        self._gc_threshold = gc.get_threshold()

    # -- keys in turn (see `keyboard`) -------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.keys.key(event)
        else:
            await super().on_event(event)

    async def _route_key(self, event: events.Key) -> Widget | None:
        """Textual's own routing of a key read from the terminal; returns where it went."""
        try:
            target = self.focused or self.screen
        except ScreenStackError:  # closing: no screen left to take keys
            return None
        await super().on_event(event)
        return target if event.is_forwarded else None

    async def on_key_done(self, message: KeyDone) -> None:
        await self.keys.done(message)

    def push_screen(self, screen, callback=None, wait_for_dismiss: bool = False, *args, **kwargs):
        """Keys typed right after opening a screen wait for it to be mounted and focused."""
        result = super().push_screen(screen, callback, wait_for_dismiss, *args, **kwargs)
        if not wait_for_dismiss:
            hold = self.keys.hold("screen")

            async def when_mounted() -> None:
                try:
                    await result
                finally:
                    hold.release()

            asyncio.get_running_loop().create_task(when_mounted())
        return result

    def on_mount(self) -> None:
        """Keep the garbage collector out of the way of keystrokes.

        The objects alive at start (Textual, Whoosh, the schema) never become garbage, so
        they are frozen out of the collector's scans, and young collections run less often:
        full collections of them were the pauses seen when moving through hits on a large
        corpus (bench/README.md, app_terminal.py).
        """
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        self.set_interval(0.25, self.keys.check)
        self.apply_settings()

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

    def get_default_screen(self) -> MainScreen:
        screen = MainScreen(self.corpus, initial_query=self.initial_query, timings=self.timings)
        screen.settings = self.settings
        return screen

    def action_help(self) -> None:
        show = getattr(self.screen, "action_help", None)
        if show is not None and isinstance(self.screen, MainScreen):
            show()
