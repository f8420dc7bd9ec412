"""The concordance's rows: a list of occurrences drawn only where they are on screen.

Why not a `DataTable`: a concordance of 100,000 occurrences is an ordinary request, and a table
keeps a renderable per cell; re-sorting it means clearing and re-adding every row on the event
loop (tens of seconds at that size, the app frozen meanwhile). Here the rows are a plain list
the screen replaces (a re-sort is a new list, built off the event loop) and a line is turned
into a strip only when it scrolls into view: the cost of drawing does not grow with the rows.

The hit is aligned in a column: left context right-aligned against it, cut at its far end to
the cells there are (double-width characters counted as two), the right context after it and
the article's title last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index import Occurrence, one_line

from .article_render import HIT_STYLE
from .keyboard import Hold, NoHold, hold_keys

# Widest hit column and context either side (the engine is asked for this much context).
MAX_HIT = 24
CONTEXT = 48
MIN_CONTEXT = 10
GAP = 2


@dataclass(frozen=True)
class Widths:
    """Cells of each column: left context, hit, right context, article."""

    left: int
    hit: int
    right: int
    article: int


def column_widths(total: int, hit: int) -> Widths:
    """Split `total` cells between the columns, the contexts first (up to CONTEXT each), the
    article's title getting what is left (at least a little of it when there is room)."""
    hit = max(3, min(MAX_HIT, hit))
    room = max(0, total - hit - 3 * GAP)
    article = min(40, max(0, room - 2 * CONTEXT))
    if article < 16 and room >= 2 * MIN_CONTEXT + 16:
        article = min(16, room - 2 * MIN_CONTEXT)
    side = max(MIN_CONTEXT, min(CONTEXT, (room - article) // 2))
    return Widths(side, hit, side, max(0, total - 2 * side - hit - 3 * GAP))


def tail_cells(text: str, width: int) -> str:
    """The end of `text` that fits in `width` cells (the left context: its end touches the hit)."""
    if cell_len(text) <= width:
        return text
    used, cut = 0, len(text)
    while cut > 0 and used + cell_len(text[cut - 1]) <= width:
        cut -= 1
        used += cell_len(text[cut])
    return text[cut:]


def head_cells(text: str, width: int) -> str:
    """The start of `text` that fits in `width` cells."""
    if cell_len(text) <= width:
        return text
    used, cut = 0, 0
    while cut < len(text) and used + cell_len(text[cut]) <= width:
        used += cell_len(text[cut])
        cut += 1
    return text[:cut]


def kwic_row(occ: Occurrence, widths: Widths) -> Text:
    """One concordance line, every column padded to its width (plain strings only, no markup)."""
    left = tail_cells(one_line(occ.left, 10_000), widths.left)
    hit = head_cells(one_line(occ.hit, 10_000), widths.hit)
    right = head_cells(one_line(occ.right, 10_000), widths.right)
    row = Text(no_wrap=True, end="")
    row.append(" " * (widths.left - cell_len(left)) + left)
    row.append(" " * GAP)
    row.append(hit, style=HIT_STYLE)
    row.append(" " * (widths.hit - cell_len(hit) + GAP))
    row.append(right + " " * (widths.right - cell_len(right) + GAP))
    if widths.article:
        row.append(head_cells(one_line(occ.title or occ.id, 10_000), widths.article), style="dim")
    return row


class KwicLines(ScrollView, can_focus=True):
    """Occurrences one a line with a cursor; Enter posts `Chosen` for the row under it."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="kwic.down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="kwic.up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("enter", "choose", "Open", id="kwic.open", tooltip="Open the article at this occurrence"),
    ]
    COMPONENT_CLASSES = {"kwic-lines--cursor"}

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Chosen(Message):
        """Enter (or a click) on a row: open this occurrence."""

        def __init__(self, occurrence: Occurrence, hold: Hold | NoHold) -> None:
            super().__init__()
            self.occurrence = occurrence
            self.hold = hold  # the keys typed after Enter, waiting for the article

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.rows: Sequence[Occurrence] = []
        self.hit_width = 3

    # -- content -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Occurrence], cursor: int = 0) -> None:
        """Show `rows` (kept, not copied: the owner may append to it and call `grew`)."""
        self.rows = rows
        self.hit_width = max((cell_len(o.hit) for o in rows[:5000]), default=3)
        self._resize()
        self.cursor = min(cursor, max(0, len(rows) - 1))
        self.refresh()

    def grew(self, batch: Sequence[Occurrence]) -> None:
        """`batch` was appended to the list shown (the screen's, streaming in hit order)."""
        widest = max((cell_len(o.hit) for o in batch), default=0)
        if widest > self.hit_width:
            self.hit_width = widest
            self.refresh()
        self._resize()
        if len(self.rows) - len(batch) < self.scroll_offset.y + self.size.height:
            self.refresh()  # (the new rows may be on screen)

    @property
    def current(self) -> Occurrence | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    def on_resize(self) -> None:
        self._resize()

    # -- cursor --------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        if new < self.scroll_y:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= self.scroll_y + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, step: int) -> None:
        self.action_cursor(step * max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(0, len(self.rows) - 1)

    def action_choose(self) -> None:
        occ = self.current
        if occ is not None:
            # (held here, while Enter is handled: the screen closes and the article is opened
            # only after this key counts as done, and `n` typed next must reach that article)
            self.post_message(self.Chosen(occ, hold_keys(self.app, "kwic-open")))

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y
        if 0 <= row < len(self.rows):
            if row == self.cursor and event.chain >= 2:
                self.action_choose()
            self.cursor = row

    # -- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        style = self.rich_style
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, style)
        row = kwic_row(self.rows[index], column_widths(width, self.hit_width))
        if index == self.cursor:  # (under the hit's own style, which stays visible)
            row.stylize_before(self.get_component_rich_style("kwic-lines--cursor") if self.has_focus else "reverse")
        segments = list(Segment.apply_style(row.render(self.app.console, end=""), style))
        return Strip(segments).crop_extend(0, width, style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
