"""The concordance (keyword in context) of a query: every occurrence in the result set, one a row.

Occurrences stream from the engine in a worker: the first rows show as soon as the first
articles are read, the rest follow in batches while the list is already usable. Rows can be
ordered by the words left or right of the hit (what AntConc calls sorting the concordance:
the nearest word first, then the next one out), sorted off the event loop so a
concordance of 100,000 lines stays responsive; the occurrence under the cursor stays under
it. Enter closes the screen with the occurrence chosen, and the main screen opens the
article at that hit.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from index import Corpus, CorpusError, Occurrence, SearchCancelled, one_line

from .keyboard import Hold, NoHold, hold_keys
from .kwic_lines import CONTEXT, KwicLines

# The first rows go to the list at once; later ones in batches of this many.
FIRST_ROWS = 60
BATCH_ROWS = 2000
_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W+")
# In a sort key: between words (below any letter, so "ab" comes before "abc"), between the
# two sides, and what a side with no word at all reads as (after every word).
_SEP, _SIDE, _NONE = "\x01", "\x00", "\uffff"


@dataclass(frozen=True)
class Chosen:
    """The occurrence the user opened: an article and a character offset in its text."""

    id: str
    position: int
    hold: Hold | NoHold = field(default_factory=NoHold, compare=False)  # keys waiting for it


def _right_words(occ: Occurrence) -> str:
    return _NOT_WORD.sub(_SEP, occ.right.casefold()).strip(_SEP) or _NONE


def _left_words(occ: Occurrence) -> str:
    return _SEP.join(_WORD.findall(occ.left.casefold())[::-1]) or _NONE


def left_key(occ: Occurrence) -> str:
    """By the word left of the hit, then the one before it, and so on (then the right side);
    case and punctuation aside. One string per row: sorting 100,000 of them is quick."""
    return _left_words(occ) + _SIDE + _right_words(occ)


def right_key(occ: Occurrence) -> str:
    """By the word right of the hit, then the one after it, and so on (then the left side)."""
    return _right_words(occ) + _SIDE + _left_words(occ)


SORTS = {"hit order": None, "left word": left_key, "right word": right_key}


def place_of(rows: Sequence[Occurrence], current: Occurrence | None) -> int:
    """Where `current` (the occurrence under the cursor) is in `rows` (0 if it is not there)."""
    if current is None:
        return 0
    return next((i for i, occ in enumerate(rows) if occ is current), 0)


class ConcordanceScreen(Screen[Chosen | None]):
    """Every occurrence of the query's hits, the hit aligned in a column."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="kwic.close", tooltip="Back to the search"),
        Binding("less_than_sign,comma", "sort('left word')", "Sort ←", id="kwic.sort_left",
                tooltip="Order by the words left of the hit"),
        Binding("greater_than_sign,full_stop", "sort('right word')", "Sort →", id="kwic.sort_right",
                tooltip="Order by the words right of the hit"),
        Binding("o", "sort('hit order')", "Hit order", id="kwic.sort_hits", tooltip="Back to the order of the hit list"),
    ]

    def __init__(self, corpus: Corpus, query: str, *, sort: str = "relevance"):
        """`sort`: the hit list's order (relevance, newest, oldest), the rows' first order."""
        super().__init__()
        self.corpus = corpus
        self.query_text = query
        self.hit_sort = sort
        self.rows: list[Occurrence] = []  # in the engine's (hit list) order
        self.order = "hit order"
        self.sorting = False
        self.done = False
        self.error: str | None = None
        self._cancel = threading.Event()
        self._sort_hold: Hold | NoHold = NoHold()  # keys typed after a sort key wait for its rows
        self._first_hold: Hold | NoHold = NoHold()  # keys typed after `c` wait for the first rows
        self.lines = KwicLines(id="kwic-lines")

    def compose(self) -> ComposeResult:
        yield Static(id="kwic-status")
        yield self.lines
        yield Footer()

    @property
    def shown(self) -> Sequence[Occurrence]:
        """The rows in the order shown."""
        return self.lines.rows

    def on_mount(self) -> None:
        self.lines.set_rows(self.rows)
        self.lines.focus()
        self._draw_status()
        # `c j j Enter` typed at once: the keys after `c` wait for the first rows
        self._first_hold = hold_keys(self.app, "kwic-first")
        self._stream(self.query_text)

    def on_unmount(self) -> None:
        self._cancel.set()
        self._sort_hold.release()
        self._first_hold.release()

    # -- the stream ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="kwic", exit_on_error=False)
    def _stream(self, query: str) -> None:
        batch: list[Occurrence] = []
        limit = FIRST_ROWS
        try:
            for occ in self.corpus.concordance(query, width=CONTEXT, sort=self.hit_sort, cancel=self._cancel):
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
        if self._cancel.is_set():
            return
        self.error = message
        self.done = True
        self._draw_status()
        self._first_hold.release()

    def _add(self, batch: Sequence[Occurrence], done: bool = False) -> None:
        if self._cancel.is_set():
            return  # closed: a batch sent before the stream saw it
        if done and not self.rows and not batch:
            # hits, but no words in them to show (`tag:x`, `date:2019`): said, and closed (the
            # keys typed after `c` wait for that: `on_unmount` lets them go)
            self.app.notify(f"No occurrences to list: {one_line(self.query_text, 60)} has no words to find in the text",
                            timeout=4, markup=False)
            self.dismiss(None)
            return
        self.rows.extend(batch)
        self.done = done
        self._first_hold.release()  # (the keys go on once this call is over: the rows below are in)
        if self.order == "hit order":
            self.lines.grew(batch)
        elif done:
            self.sorting = True
            self._sort(self.order, self.lines.current)
        self._draw_status()

    # -- sorting -------------------------------------------------------------------------------

    def action_sort(self, order: str) -> None:
        if order == self.order and not self.sorting:
            return
        self.order = order
        if SORTS[order] is None:
            self._show(order, self.rows, place_of(self.rows, self.lines.current))
        else:
            self.sorting = True
            # `> j Enter` typed at once opens the row under the cursor in the new order
            self._sort_hold.release()
            self._sort_hold = hold_keys(self.app, "kwic-sort")
            self._sort(order, self.lines.current)
        self._draw_status()

    @work(thread=True, exclusive=True, group="kwic-sort", exit_on_error=False)
    def _sort(self, order: str, current: Occurrence | None) -> None:
        rows = sorted(self.rows[: len(self.rows)], key=SORTS[order])
        place = place_of(rows, current)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, order, rows, place)

    def _show(self, order: str, rows: Sequence[Occurrence], place: int) -> None:
        if order != self.order or self._cancel.is_set():
            return  # another order was asked for since, or the screen closed
        self._sort_hold.release()
        self.sorting = False
        self.lines.set_rows(rows, cursor=place)
        self._draw_status()

    # -- drawing -------------------------------------------------------------------------------

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
            if self.sorting:
                line.append(" (sorting…)", style="dim")
            elif not self.done and self.order != "hit order":
                line.append(" (sorted again when every occurrence is in)", style="dim")
        self.query_one("#kwic-status", Static).update(line)

    # -- actions -------------------------------------------------------------------------------

    @on(KwicLines.Chosen)
    def _chosen(self, event: KwicLines.Chosen) -> None:
        event.stop()
        self.dismiss(Chosen(event.occurrence.id, event.occurrence.position, event.hold))

    def action_close(self) -> None:
        self.dismiss(None)
