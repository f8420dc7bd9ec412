"""A scrollable, line-rendered view of one long styled text, with a "current hit" cursor.

Why not a `Static` in a `VerticalScroll`: jumping to the n-th hit needs the wrapped line each
hit falls on, and moving the current-hit mark would re-render the whole article. Here the text
is wrapped once per width into line start offsets (cheap, plain strings), lines are turned into
strips only when they scroll into view (and cached), and moving the current hit only drops the
cached strips of the two lines involved. A 1 MB article scrolls as smoothly as a short one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from rich._wrap import divide_line
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index import Span

from .article_render import CURRENT_HIT_STYLE


def wrap_offsets(plain: str, width: int) -> tuple[list[int], list[int]]:
    """Start and end offsets of each display line of `plain` wrapped at `width` cells.

    Newlines end a line; long lines break at spaces (or inside a word longer than the width).
    End offsets exclude the newline.
    """
    width = max(1, width)
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for para in plain.split("\n"):
        bounds = [0, *divide_line(para, width, fold=True), len(para)] if para else [0, 0]
        for a, b in zip(bounds, bounds[1:]):
            starts.append(pos + a)
            ends.append(pos + b)
        pos += len(para) + 1
    return starts, ends


class ArticleView(ScrollView, can_focus=True):
    """Shows `Text`; `set_document` replaces it, `current_hit` marks one of its hit spans."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("escape", "screen.focus_hits", "To hits", show=False, tooltip="Back to the hit list"),
    ]

    DEFAULT_CSS = """
    ArticleView { height: 1fr; }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self._text = Text()
        self._spans: tuple[Span, ...] = ()
        self._current: int | None = None
        self._starts: list[int] = [0]
        self._ends: list[int] = [0]
        self._wrapped_width = -1
        self._strips: dict[int, Strip] = {}
        self._para_starts: list[int] = [0]
        self._para_styles: dict[int, list] = {}

    # -- content -------------------------------------------------------------------------------

    @property
    def spans(self) -> tuple[Span, ...]:
        return self._spans

    @property
    def current_hit(self) -> int | None:
        return self._current

    @property
    def plain(self) -> str:
        """The text shown, as a plain string."""
        return self._text.plain

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def set_document(self, text: Text, spans: Sequence[Span] = ()) -> None:
        """Show a new text from its top, with no current hit."""
        self._text = text
        self._spans = tuple(spans)
        self._current = None
        self._index_styles()
        self._wrapped_width = -1
        self._rewrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def set_current_hit(self, index: int | None, *, scroll: bool = True) -> None:
        """Mark hit `index` (into `spans`) as current and bring it into view."""
        if index is not None and not (0 <= index < len(self._spans)):
            index = None
        old = self._current
        self._current = index
        for hit in (old, index):
            if hit is not None:
                for line in self._lines_of(self._spans[hit]):
                    self._strips.pop(line, None)
        if index is not None and scroll:
            self.scroll_to_hit(index)
        self.refresh()

    def _index_styles(self) -> None:
        """File each style span under the source lines it touches.

        Slicing a `Text` copies all of it (slow for a long article), so lines are built from
        the plain string plus the few style spans of their own source line.
        """
        plain = self._text.plain
        starts = [0]
        pos = plain.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = plain.find("\n", pos + 1)
        self._para_starts = starts
        styles: dict[int, list] = {}
        for span in self._text.spans:
            first = bisect_right(starts, span.start) - 1
            last = bisect_right(starts, max(span.start, span.end - 1)) - 1
            for para in range(first, last + 1):
                styles.setdefault(para, []).append(span)
        self._para_styles = styles

    def line_of_offset(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def _lines_of(self, span: Span) -> range:
        return range(self.line_of_offset(span.start), self.line_of_offset(max(span.start, span.end - 1)) + 1)

    def scroll_to_hit(self, index: int) -> None:
        """Scroll so the hit sits about a third down the view (context above, more below)."""
        line = self.line_of_offset(self._spans[index].start)
        height = self.scrollable_content_region.height or self.size.height
        top = line - max(0, height // 3)
        if line < self.scroll_y or line >= self.scroll_y + height:
            self.scroll_to(y=max(0, top), animate=False, immediate=True)

    # -- layout and rendering ------------------------------------------------------------------

    def _content_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _rewrap(self) -> None:
        width = self._content_width()
        if width == self._wrapped_width:
            return
        self._wrapped_width = width
        self._starts, self._ends = wrap_offsets(self._text.plain, width)
        self._strips.clear()
        self.virtual_size = Size(width, len(self._starts))

    def on_resize(self) -> None:
        self._rewrap()
        if self._current is not None:
            self.scroll_to_hit(self._current)

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        self._rewrap()
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        style = self.rich_style
        if line >= len(self._starts):
            return Strip.blank(width, style)
        strip = self._strips.get(line)
        if strip is None:
            strip = self._render_strip(line, style)
            self._strips[line] = strip
        return strip.crop_extend(0, width, style)

    def _render_strip(self, line: int, style) -> Strip:
        start, end = self._starts[line], self._ends[line]
        piece = Text(self._text.plain[start:end], style=self._text.style, end="")
        para = bisect_right(self._para_starts, start) - 1
        for span in self._para_styles.get(para, ()):
            a, b = max(span.start, start), min(span.end, end)
            if a < b:
                piece.stylize(span.style, a - start, b - start)
        piece.rstrip_end(self._wrapped_width)
        if self._current is not None:
            hit = self._spans[self._current]
            a, b = max(hit.start, start), min(hit.end, end)
            if a < b:
                piece.stylize(CURRENT_HIT_STYLE, a - start, b - start)
        segments = list(Segment.apply_style(piece.render(self.app.console, end=""), style))
        return Strip(segments).simplify()
