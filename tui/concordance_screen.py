"""The concordance (keyword in context) of a query: every occurrence in the result set, one a row.

Occurrences stream from the engine in a worker: the first rows show as soon as the first
articles are read, the rest follow in batches while the table is already usable. Rows can be
ordered by the word left or right of the hit (what AntConc calls sorting the concordance);
Enter closes the screen with the occurrence chosen, and the main screen opens the article
at that hit.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from index import Corpus, CorpusError, Occurrence, SearchCancelled, one_line

from .article_render import HIT_STYLE

# Characters of context either side of the hit.
CONTEXT = 48
# The first rows go to the table at once; later ones in batches of this many.
FIRST_ROWS = 60
BATCH_ROWS = 2000


@dataclass(frozen=True)
class Chosen:
    """The occurrence the user opened: an article and a character offset in its text."""

    id: str
    position: int


def _word_key(text: str, last: bool) -> str:
    words = text.split()
    if not words:
        return ""
    return (words[-1] if last else words[0]).strip(".,;:!?\"'()[]«»“”‘’").lower()


SORTS = {
    "hit order": None,
    "left word": lambda o: (_word_key(o.left, True), _word_key(o.right, False)),
    "right word": lambda o: (_word_key(o.right, False), _word_key(o.left, True)),
}


class ConcordanceScreen(Screen[Chosen | None]):
    """Every occurrence of the query's hits, the hit aligned in a column."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="kwic.close", tooltip="Back to the search"),
        Binding("enter", "open", "Open", id="kwic.open", tooltip="Open the article at this occurrence"),
        Binding("less_than_sign,comma", "sort('left word')", "Sort ←", id="kwic.sort_left",
                tooltip="Order by the word left of the hit"),
        Binding("greater_than_sign,full_stop", "sort('right word')", "Sort →", id="kwic.sort_right",
                tooltip="Order by the word right of the hit"),
        Binding("o", "sort('hit order')", "Hit order", id="kwic.sort_hits", tooltip="Back to the order of the hit list"),
        Binding("j", "cursor_down", "Down", show=False, id="kwic.down"),
        Binding("k", "cursor_up", "Up", show=False, id="kwic.up"),
    ]

    def __init__(self, corpus: Corpus, query: str, *, titles: dict[str, str] | None = None):
        super().__init__()
        self.corpus = corpus
        self.query_text = query
        self.titles = dict(titles or {})
        self.rows: list[Occurrence] = []  # in the engine's (hit list) order
        self.shown: list[Occurrence] = []  # in the table's order
        self.order = "hit order"
        self.done = False
        self.error: str | None = None
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        yield Static(id="kwic-status")
        table = DataTable(id="kwic-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    @property
    def table(self) -> DataTable:
        return self.query_one("#kwic-table", DataTable)

    def on_mount(self) -> None:
        table = self.table
        table.add_column("left", width=CONTEXT, key="left")
        table.add_column("hit", key="hit")
        table.add_column("right", width=CONTEXT, key="right")
        table.add_column("article", key="article")
        table.focus()
        self._draw_status()
        self._stream(self.query_text)

    def on_unmount(self) -> None:
        self._cancel.set()

    # -- the stream ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="kwic", exit_on_error=False)
    def _stream(self, query: str) -> None:
        batch: list[Occurrence] = []
        limit = FIRST_ROWS
        try:
            for occ in self.corpus.concordance(query, width=CONTEXT, cancel=self._cancel):
                batch.append(occ)
                if len(batch) >= limit:
                    self.app.call_from_thread(self._add, batch)
                    batch, limit = [], BATCH_ROWS
        except SearchCancelled:  # the screen was closed
            return
        except CorpusError as exc:  # a malformed query
            self.app.call_from_thread(self._failed, str(exc))
            return
        if not self._cancel.is_set():
            self.app.call_from_thread(self._add, batch, True)

    def _failed(self, message: str) -> None:
        self.error = message
        self.done = True
        self._draw_status()

    def _add(self, batch: Sequence[Occurrence], done: bool = False) -> None:
        self.rows.extend(batch)
        self.done = done
        if self.order == "hit order":
            self._append_rows(batch)
        elif done:
            self._resort()
        self._draw_status()

    # -- drawing -------------------------------------------------------------------------------

    def _cells(self, occ: Occurrence) -> tuple[Text, Text, Text, Text]:
        left = Text(one_line(occ.left), justify="right", no_wrap=True, overflow="crop")
        hit = Text(one_line(occ.hit), style=HIT_STYLE, no_wrap=True)
        right = Text(one_line(occ.right), no_wrap=True, overflow="crop")
        where = Text(one_line(self.titles.get(occ.id) or occ.id, 60), style="dim", no_wrap=True)
        return left, hit, right, where

    def _append_rows(self, batch: Sequence[Occurrence]) -> None:
        self.shown.extend(batch)
        self.table.add_rows(self._cells(o) for o in batch)

    def _resort(self) -> None:
        key = SORTS[self.order]
        rows = list(self.rows) if key is None else sorted(self.rows, key=key)
        table = self.table
        table.clear()
        self.shown = []
        self._append_rows(rows)
        table.move_cursor(row=0)

    def _draw_status(self) -> None:
        line = Text()
        line.append("Concordance ", style="bold")
        line.append(one_line(self.query_text, 80))
        if self.error:
            line.append(f"  ⚠ {one_line(self.error)}", style="bold #e06c75")
        else:
            n = len(self.rows)
            line.append(f"  {n:,} occurrence{'s' if n != 1 else ''}", style="bold")
            line.append(" so far…" if not self.done else "", style="dim")
            line.append(f"  · {self.order}", style="dim")
            if not self.done and self.order != "hit order":
                line.append(" (re-sorted when every occurrence is in)", style="dim")
        self.query_one("#kwic-status", Static).update(line)

    # -- actions -------------------------------------------------------------------------------

    def action_sort(self, order: str) -> None:
        if order == self.order:
            return
        self.order = order
        self._resort()
        self._draw_status()

    def action_open(self) -> None:
        row = self.table.cursor_row
        if 0 <= row < len(self.shown):
            occ = self.shown[row]
            self.dismiss(Chosen(occ.id, occ.position))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()
