"""The ranked hit list: one two-line row per hit, rendered by `OptionList` (virtualised).

Only a page of hits is ever held (the screen fetches more when the cursor nears the end), and
rows are never separate widgets, so a query matching tens of thousands of articles costs the
same to show as one matching ten. Rows are `Text` built from plain strings: titles and tags
from scraped data are never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import Hit, one_line

from .article_render import HIT_STYLE, tag_text

# When the cursor comes this close to the last loaded row, ask for the next page.
PREFETCH_MARGIN = 25


def hit_row(hit: Hit, tags: Sequence[str]) -> Text:
    """Title on the first line; source · date, tags and score on the second; snippet third."""
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"{hit.rank:>3} ", style="dim")
    row.append(one_line(hit.title) or hit.id, style="bold")
    row.append("\n    ")
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
    if hit.snippet.text:
        row.append("\n    ")
        base = len(row.plain)
        snippet = one_line(hit.snippet.text)
        row.append(snippet, style="dim")
        if snippet == hit.snippet.text:  # offsets hold only if sanitising changed nothing
            for span in hit.snippet.spans:
                row.stylize(HIT_STYLE, base + span.start, base + span.end)
    return row


class HitList(OptionList):
    """Rows of hits; the screen sets them, the list reports the cursor and asks for more."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("enter", "select", "Read", tooltip="Move into the article to scroll it"),
    ]

    class NeedMore(Message):
        """The cursor is near the last loaded hit and more exist."""

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, markup=False)
        self.hits: list[Hit] = []
        self.tags_by_id: dict[str, tuple[str, ...]] = {}
        self._index: dict[str, int] = {}
        self.has_more = False
        self.border_title = "Hits"

    def set_hits(self, hits: Iterable[Hit], tags_of: dict[str, tuple[str, ...]] | None = None, *, has_more: bool = False) -> None:
        """Replace every row (a new query); the cursor goes to the first hit."""
        self.hits = []
        self.tags_by_id = {}
        self._index = {}
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
            options.append(Option(hit_row(hit, tags)))
        self.has_more = has_more
        if options:
            self.add_options(options)

    def refresh_tags(self, tags_of: dict[str, tuple[str, ...]]) -> None:
        """Redraw the rows of these ids with their new tags."""
        for aid, tags in tags_of.items():
            index = self._index.get(aid)
            if index is not None:
                self.tags_by_id[aid] = tuple(tags)
                self.replace_option_prompt_at_index(index, hit_row(self.hits[index], tags))

    @property
    def current_hit(self) -> Hit | None:
        if self.highlighted is None or not self.hits:
            return None
        return self.hits[self.highlighted]

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self.has_more and highlighted >= len(self.hits) - PREFETCH_MARGIN:
            self.post_message(self.NeedMore())
