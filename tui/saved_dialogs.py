"""Saving a search in the app: the dialog that names the current query (`S`).

The saved searches themselves, with their live counts, are a pane (`saved_pane.py`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from index import CorpusError, normalize_search_name, one_line


class NameInput(Input):
    """The name box: Enter saves while its key is handled (see `keyboard`), so the keys typed
    right after it reach the main screen rather than the name."""

    BINDINGS = [Binding("enter", "screen.save", "Save", show=False)]


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
            yield NameInput(placeholder="a name: letters, digits, - _ .", id="save-search-name")
            yield Static(Text("Enter saves · Esc cancels · run it later as @name", style="dim"), id="save-search-error")

    def on_mount(self) -> None:
        self.query_one("#save-search-name", Input).focus()

    def action_save(self) -> None:
        try:
            name = normalize_search_name(self.query_one("#save-search-name", Input).value)
        except CorpusError as exc:
            self.query_one("#save-search-error", Static).update(Text(str(exc), style="bold red"))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
