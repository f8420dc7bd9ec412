"""The ranked hit list: one two-line row per hit, rendered by `OptionList` (virtualised).

Only a page of hits is ever held (the screen fetches more when the cursor nears the end), and
rows are never separate widgets, so a query matching tens of thousands of articles costs the
same to show as one matching ten. Rows are `Text` built from plain strings: titles and tags
from scraped data are never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import Hit, Span, one_line

from .article_render import HIT_STYLE, copies_text, tag_text
from .keyboard import Hold, NoHold, hold_keys

# When the cursor comes this close to the last loaded row, ask for the next page.
PREFETCH_MARGIN = 25


# A row's snippet line starts after this indent (under the title, right of the rank).
INDENT = "    "
# Before "+3 copies": the group is folded (→ lists its copies under it) or unfolded (← folds
# it); in place of the rank, a copy listed under its group's row.
FOLDED_MARK = "▸ "
UNFOLDED_MARK = "▾ "
COPY_MARK = "↳"


def fit_snippet(text: str, spans: Sequence[Span], width: int) -> tuple[str, tuple[Span, ...]]:
    """Cut a snippet to `width` cells around its first hit, so the hit is always visible.

    The window starts a little before the hit (a quarter of the width, at a word boundary when
    one is near) and is marked with "…" where text was cut; spans are moved into the window
    and dropped or clipped where they fall outside it.
    """
    width = max(8, width)
    if cell_len(text) <= width:
        return text, tuple(spans)
    first = spans[0] if spans else Span(0, 0)
    start = 0
    if cell_len(text[: first.end]) > width - 1:  # the hit does not fit after the beginning
        start = max(0, first.start - max(0, width - (first.end - first.start)) // 4)
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        if space >= 0 and start - space < 12:
            start = space + 1
    start = min(start, first.start)
    # (a hit wider than the row less its two "…" widens the window: the hit is shown whole)
    width = max(width, cell_len(text[first.start:first.end]) + 2)
    # (the step back to a word boundary must not push the hit's end out of the window: the "…"
    # on either side take a cell each)
    after = 1 if first.end < len(text) else 0
    while start < first.start and (start > 0) + cell_len(text[start:first.end]) + after > width:
        start += 1
    lead = "…" if start > 0 else ""
    room = width - len(lead)
    if cell_len(text[start:]) <= room:
        end = len(text)  # (the rest fits: no "…" at the end)
    else:
        end = start
        while end < len(text) and room - cell_len(text[end]) >= 1:  # (a cell kept for the "…")
            room -= cell_len(text[end])
            end += 1
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    inner = tuple(
        Span(max(a.start, start) + shift, min(a.end, end) + shift) for a in spans if a.end > start and a.start < end
    )
    return lead + text[start:end] + tail, inner


def hit_row(hit: Hit, tags: Sequence[str], width: int | None = None, *, read: bool = False, noted: bool = False) -> Text:
    """Title on the first line; source · date, tags and score on the second; snippet third.

    `width` is the row's width in cells: the snippet is cut to it around its first hit. A
    read article's title is not bold (what is left to read stands out); ✎: it has a note.
    """
    row = Text(no_wrap=True, overflow="ellipsis")
    if hit.copy_of is not None:  # a copy listed under its unfolded group's row
        row.append(f"{COPY_MARK:>3} ", style="#98c379")
    else:
        row.append(f"{hit.rank:>3} ", style="dim")
    if noted:
        row.append("✎ ", style="bold")
    row.append(one_line(hit.title) or hit.id, style="" if read else "bold")
    row.append("\n" + INDENT)
    meta = [one_line(p) for p in (hit.source, hit.date) if p]
    if meta:
        row.append(" · ".join(meta), style="#56b6c2")
        row.append("  ")
    tagline = tag_text(tags)
    if tagline:
        row.append_text(tagline)
        row.append("  ")
    if hit.score is not None:
        row.append(f"{hit.score:.2f}", style="dim")
    if hit.copies:
        row.append("  ")
        row.append(UNFOLDED_MARK if hit.unfolded else FOLDED_MARK, style="#98c379")
        row.append_text(copies_text(hit))
    if hit.snippet.text:
        row.append("\n" + INDENT)
        base = len(row.plain)
        snippet = one_line(hit.snippet.text)
        spans = hit.snippet.spans if snippet == hit.snippet.text else ()  # offsets hold only if sanitising changed nothing
        if width is not None:
            snippet, spans = fit_snippet(snippet, spans, width - len(INDENT))
        row.append(snippet, style="dim")
        for span in spans:
            row.stylize(HIT_STYLE, base + span.start, base + span.end)
    return row


class HitList(OptionList):
    """Rows of hits; the screen sets them, the list reports the cursor and asks for more."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("enter", "screen.read", "Read", tooltip="Move into the article to scroll it"),
        Binding("right,l", "screen.unfold_copies", "Unfold copies", id="hits.unfold", show=False,
                tooltip="On a folded row (C): list its near-copies under it, each a row of its own (again: fold them)"),
        Binding("left,h", "screen.fold_copies", "Fold copies", id="hits.fold", show=False,
                tooltip="Fold the copies listed under a row back into it (on a copy: back to its row)"),
    ]

    class NeedMore(Message):
        """The cursor is near the last loaded hit and more exist (`to_end`: G, load them all)."""

        def __init__(self, to_end: bool = False, hold: Hold | NoHold | None = None) -> None:
            super().__init__()
            self.to_end = to_end
            self.hold = hold or NoHold()  # (G) the keys typed after it wait for the last hit

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, markup=False)
        self.hits: list[Hit] = []
        self.tags_by_id: dict[str, tuple[str, ...]] = {}
        self._index: dict[str, int] = {}
        self.has_more = False
        self.read_ids: set[str] = set()
        self.noted_ids: set[str] = set()
        self.border_title = "Hits"
        self._row_width: int | None = None

    def set_hits(self, hits: Iterable[Hit], tags_of: dict[str, tuple[str, ...]] | None = None, *, has_more: bool = False) -> None:
        """Replace every row (a new query); the cursor goes to the first hit."""
        self.hits = []
        self.tags_by_id = {}
        self._index = {}
        self.read_ids = set()
        self.noted_ids = set()
        self.clear_options()
        self.append_hits(hits, tags_of, has_more=has_more)
        if self.hits:
            self.highlighted = 0
        self.scroll_to(0, 0, animate=False, immediate=True)

    def append_hits(self, hits: Iterable[Hit], tags_of: dict[str, tuple[str, ...]] | None = None, *, has_more: bool = False) -> None:
        """Add a further page of hits below the loaded ones (skipping any already shown)."""
        tags_of = tags_of or {}
        options = []
        for hit in hits:
            if hit.id in self._index:
                continue
            self._index[hit.id] = len(self.hits)
            self.hits.append(hit)
            tags = self.tags_by_id[hit.id] = tuple(tags_of.get(hit.id, hit.tags))
            if hit.read:
                self.read_ids.add(hit.id)
            if hit.noted:
                self.noted_ids.add(hit.id)
            options.append(Option(self._row(hit, tags)))
        self.has_more = has_more
        if options:
            self.add_options(options)

    def refresh_tags(self, tags_of: dict[str, tuple[str, ...]]) -> None:
        """Redraw the rows of these ids with their new tags."""
        for aid, tags in tags_of.items():
            index = self._index.get(aid)
            if index is not None:
                self.tags_by_id[aid] = tuple(tags)
                self.replace_option_prompt_at_index(index, self._row(self.hits[index], tags))

    def _row(self, hit: Hit, tags: Sequence[str]) -> Text:
        return hit_row(hit, tags, self._row_width, read=hit.id in self.read_ids, noted=hit.id in self.noted_ids)

    def _redraw_row(self, article_id: str) -> None:
        index = self._index.get(article_id)
        if index is not None:
            self.replace_option_prompt_at_index(index, self._row(self.hits[index], self.tags_by_id[article_id]))

    def set_read(self, article_id: str, read: bool) -> None:
        """The article was opened (or marked unread again): redraw its row."""
        if (article_id in self.read_ids) != read:
            (self.read_ids.add if read else self.read_ids.discard)(article_id)
            self._redraw_row(article_id)

    def set_noted(self, article_id: str, noted: bool) -> None:
        if (article_id in self.noted_ids) != noted:
            (self.noted_ids.add if noted else self.noted_ids.discard)(article_id)
            self._redraw_row(article_id)

    def is_read(self, article_id: str, default: bool = False) -> bool:
        return article_id in self.read_ids if article_id in self._index else default

    def select_id(self, article_id: str) -> bool:
        """Put the cursor on this article's row, if it is loaded."""
        index = self._index.get(article_id)
        if index is not None:
            self.highlighted = index
        return index is not None

    def on_resize(self) -> None:
        """Rows are cut to the width they have (the snippet around its hit): redo them."""
        width = self.scrollable_content_region.width - 1  # the option's right padding
        if width <= 0 or width == self._row_width:
            return
        self._row_width = width
        for index, hit in enumerate(self.hits):
            self.replace_option_prompt_at_index(index, self._row(hit, self.tags_by_id[hit.id]))

    def action_last(self) -> None:
        """The last hit of the result, not only of the rows loaded so far."""
        if self.has_more:  # the keys typed after G move from the last hit, once it is loaded
            self.post_message(self.NeedMore(to_end=True, hold=hold_keys(self.app, "last-hit")))
        else:
            super().action_last()

    @property
    def current_hit(self) -> Hit | None:
        if self.highlighted is None or not self.hits:
            return None
        return self.hits[self.highlighted]

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self.has_more and highlighted >= len(self.hits) - PREFETCH_MARGIN:
            self.post_message(self.NeedMore())
