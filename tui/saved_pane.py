"""The saved-searches pane: every saved search with its live count and how many of its hits are
new since it was last opened; choosing one runs it.

It loads its rows itself, in a thread worker (each count is a search), and is told to count
again (`reload`) when what the counts depend on changed: the index, tags, notes, read marks or
the saved searches themselves. Reloads asked for in quick succession are counted once; read
marks change on every article opened, so they only recount saved searches whose queries can
depend on them (`is:`, or another saved search). It reports the user's choice
(`SavedPane.Run`); the screen decides what running means (the query `@name`, visibly).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from index import Corpus, CorpusError, NotFound, SavedSearch, one_line

from .keyboard import Hold, NoHold, hold_keys
from .tag_dialogs import ConfirmScreen

# Reloads asked for within this long of each other are one count.
RELOAD_DELAY_S = 0.25


def saved_row(found: SavedSearch | None, name: str = "", query: str = "") -> Text:
    """One row: @name, its count and what is new (or "counting…" before the first count), its
    query dimmed."""
    if found is not None:
        name, query = found.name, found.query
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"@{one_line(name)}", style="bold")
    if found is None:
        row.append("  counting…", style="dim")
    elif found.error:
        row.append(f"  error: {one_line(found.error, 50)}", style="red")
    else:
        row.append(f"  {found.count:,} hit{'' if found.count == 1 else 's'}", style="cyan")
        if found.new:
            row.append(f"  {found.new:,} new", style="bold yellow")
    row.append(f"  {one_line(query, 80)}", style="dim")
    return row


def uses_read_marks(query: str) -> bool:
    """Whether a saved query's count can change when an article is marked read."""
    lowered = query.lower()
    return "is:" in lowered or "@" in lowered


class SavedPane(OptionList):
    """Saved searches with live counts; Enter runs one, d deletes it (after asking)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "select", "Run", id="saved.run", tooltip="Run this saved search (its hits are then no longer new)"),
        Binding("d,delete", "delete", "Delete", id="saved.delete", tooltip="Delete this saved search (asks first)"),
    ]

    class Run(Message):
        """Run the saved search of this name; keys typed since wait on `hold` (the screen
        releases it once the run holds them itself)."""

        def __init__(self, name: str, hold: Hold | NoHold | None = None) -> None:
            super().__init__()
            self.name = name
            self.hold = hold or NoHold()

    def __init__(self, corpus: Corpus, *, id: str | None = None):
        super().__init__(id=id, markup=False)
        self.corpus = corpus
        self.found: list[SavedSearch] = []  # the last counts, by name
        self.queries: list[tuple[str, str]] = []  # (name, query), known before they are counted
        self.loaded = False
        self._timer: Timer | None = None
        self._empty()

    def on_mount(self) -> None:
        self._load()

    # -- loading -------------------------------------------------------------------------------

    def reload(self, read_marks_only: bool = False) -> None:
        """Count again, soon (`read_marks_only`: only read marks changed)."""
        if read_marks_only and self.loaded and not any(uses_read_marks(q) for _, q in self.queries):
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(RELOAD_DELAY_S, self._load)

    @work(thread=True, exclusive=True, group="saved-counts", exit_on_error=False)
    def _load(self) -> None:
        cancelled = get_current_worker().cancelled_event
        try:
            queries = self.corpus.saved_queries()
            if not self.loaded:
                self.app.call_from_thread(self._show_names, queries)
            found = []
            for name, _query in queries:
                if cancelled.is_set():
                    return
                found.append(self.corpus.saved_search(name))
        except NotFound:  # removed meanwhile (another window): count again
            self.app.call_from_thread(self.reload)
            return
        except CorpusError:  # a damaged or vanished tag file is reported where it is written
            return
        if not cancelled.is_set():
            self.app.call_from_thread(self._show, found)

    def _show_names(self, queries: list[tuple[str, str]]) -> None:
        if self.loaded:
            return
        self.queries = list(queries)
        if queries:
            self._fill([(None, name, query) for name, query in queries])

    def _show(self, found: list[SavedSearch]) -> None:
        """Show these counts, keeping the cursor on the same saved search when it is there."""
        self.loaded = True
        self.found = found
        self.queries = [(s.name, s.query) for s in found]
        if not found:
            self._empty()
            return
        self._fill([(s, s.name, s.query) for s in found])
        new = sum(s.new for s in found)
        self.border_subtitle = f"{len(found)}" + (f" · {new:,} new" if new else "")

    def _fill(self, rows: list[tuple[SavedSearch | None, str, str]]) -> None:
        current = self.highlighted_option.id if self.highlighted_option is not None else None
        names = [name for _, name, _ in rows]
        self.clear_options()
        self.add_options(Option(saved_row(found, name, query), id=name) for found, name, query in rows)
        self.highlighted = names.index(current) if current in names else 0

    def _empty(self) -> None:
        self.clear_options()
        self.add_option(Option(Text("no saved searches yet — S saves the query", style="dim"), disabled=True))
        self.border_subtitle = ""

    def counted(self, name: str) -> SavedSearch | None:
        """The last count of a saved search (None: not counted yet)."""
        return next((s for s in self.found if s.name == name), None)

    # -- choosing, deleting --------------------------------------------------------------------

    def action_select(self) -> None:
        """Enter: run the highlighted saved search; the keys typed after Enter wait for the
        screen to take the run (they are meant for its hits, not for this list)."""
        option = self.highlighted_option
        if option is not None and option.id:
            self.post_message(self.Run(option.id, hold_keys(self.app, "saved-run")))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # (a click)
        if event.option.id:
            self.post_message(self.Run(event.option.id))

    def action_delete(self) -> None:
        option = self.highlighted_option
        if option is None or not option.id:
            return
        name = option.id

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(name)

        question = Text.assemble("Delete the saved search ", (f"@{one_line(name)}", "bold"), "?")
        self.app.push_screen(ConfirmScreen(question), answered)

    @work(thread=True, group="saved-delete", exit_on_error=False)
    def _delete(self, name: str) -> None:
        try:
            self.corpus.remove_saved(name)
        except CorpusError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Deleted @{name}", timeout=2, markup=False)
        self.app.call_from_thread(self.reload)
