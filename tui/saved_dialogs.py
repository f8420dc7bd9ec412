"""Saved searches in the app: name the current query, and the list of saved searches with each
one's live count and how many of its hits are new since it was last opened.

The list computes its counts in a thread worker (each is a search); choosing one dismisses with
its name and the screen runs it (which makes its hits no longer new).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index import Corpus, CorpusError, SavedSearch, normalize_search_name, one_line


class SaveSearchScreen(ModalScreen[str | None]):
    """Ask for a name under which to save the current query."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save-search.cancel", tooltip="Close without saving")]

    def __init__(self, query: str, taken: list[str] = ()):
        super().__init__()
        self.query_text = query
        self.taken = set(taken)

    def compose(self) -> ComposeResult:
        with Vertical(id="save-search-dialog", classes="dialog"):
            yield Static(Text("Save this search as", style="bold"), classes="dialog-title")
            yield Static(Text(one_line(self.query_text, 66), style="italic"))
            yield Input(placeholder="a name: letters, digits, - _ .", id="save-search-name")
            yield Static(Text("Enter saves · Esc cancels · run it later as @name", style="dim"), id="save-search-error")

    def on_mount(self) -> None:
        self.query_one("#save-search-name", Input).focus()

    @on(Input.Submitted, "#save-search-name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = normalize_search_name(event.value)
        except CorpusError as exc:
            self.query_one("#save-search-error", Static).update(Text(str(exc), style="bold red"))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


def saved_row(found: SavedSearch) -> Text:
    """One line of the saved-search list: @name, its count, what is new, its query."""
    line = Text()
    line.append(f"@{one_line(found.name)}", style="bold")
    if found.error:
        line.append(f"  error: {one_line(found.error, 50)}", style="red")
    else:
        line.append(f"  {found.count} hit{'s' if found.count != 1 else ''}", style="cyan")
        if found.new:
            line.append(f"  {found.new} new", style="bold yellow")
    line.append(f"  {one_line(found.query, 50)}", style="dim")
    return line


class SavedSearchesScreen(ModalScreen[str | None]):
    """Every saved search with its live count; Enter runs one, d deletes it."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="saved.close", tooltip="Close the list"),
        Binding("d,delete", "delete", "Delete", id="saved.delete", tooltip="Delete the highlighted saved search"),
    ]

    def __init__(self, corpus: Corpus):
        super().__init__()
        self.corpus = corpus
        self.found: list[SavedSearch] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-dialog", classes="dialog"):
            yield Static(Text("Saved searches", style="bold"), classes="dialog-title")
            yield OptionList(id="saved-list", markup=False)
            yield Static(Text("counting…", style="dim"), id="saved-status")

    def on_mount(self) -> None:
        self.query_one("#saved-list", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="saved-list", exit_on_error=False)
    def load(self) -> None:
        found = self.corpus.saved_searches()
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[SavedSearch]) -> None:
        self.found = found
        options = self.query_one("#saved-list", OptionList)
        options.clear_options()
        options.add_options([Option(saved_row(s), id=s.name) for s in found])
        if found:
            options.highlighted = 0
        status = "Enter runs · d deletes · Esc closes" if found else "No saved searches yet: S saves the current query."
        self.query_one("#saved-status", Static).update(Text(status, style="dim"))

    @on(OptionList.OptionSelected, "#saved-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_delete(self) -> None:
        options = self.query_one("#saved-list", OptionList)
        if options.highlighted is None or not self.found:
            return
        name = options.get_option_at_index(options.highlighted).id
        self._delete(name)

    @work(thread=True, group="saved-delete", exit_on_error=False)
    def _delete(self, name: str) -> None:
        self.corpus.remove_saved(name)
        self.app.call_from_thread(self.notify, f"removed @{name}")
        self.load()

    def action_cancel(self) -> None:
        self.dismiss(None)
