"""The search pane: the query input, a status line (hit count and time) and the hit list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from .hit_list import HitList


class QueryInput(Input):
    """The query; letters type here, Escape/Enter/Down leave it for the hit list."""

    BINDINGS = [
        Binding("escape", "leave", "To hits", tooltip="Leave the query for the hit list"),
        Binding("down", "leave", "To hits", show=False),
    ]

    def action_leave(self) -> None:
        self.screen.query_one(HitList).focus()


class SearchPane(Vertical):
    """Holds the widgets; the screen owns the query state and writes the status line."""

    def compose(self) -> ComposeResult:
        yield QueryInput(
            placeholder='search: words, "a phrase", title:x, source:y, date:2019-10, tag:z, AND/OR/NOT',
            id="query",
            select_on_focus=False,
        )
        yield Static(Text("type to search", style="dim"), id="search-status")
        yield HitList(id="hits")

    def set_status(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)
