"""The note dialog: a multi-line note on the open article, edited in place.

It only collects the text and dismisses with it (None when cancelled); the screen writes it
through the engine, so a note is saved exactly like a tag change.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from index import one_line, terminal_safe


class NoteScreen(ModalScreen[str | None]):
    """Write or change the note on an article; an empty note removes it."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save", tooltip="Save the note (an empty note removes it)"),
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, title: str, text: str = ""):
        super().__init__()
        self.article_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(Text("Note on: " + one_line(self.article_title, 60), style="bold"), classes="dialog-title")
            yield TextArea(terminal_safe(self.text), id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("Ctrl+S saves · Esc cancels · an empty note removes it", style="dim"))

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
