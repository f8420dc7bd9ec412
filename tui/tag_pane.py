"""The tag pane: every tag with the number of articles carrying it; choosing one filters.

It loads the counts itself, in a thread worker, and keeps them current: every
`WATCH_EVERY_S` a worker asks the engine whether any process committed tags since
(`Corpus.tags_version`, SQLite's data_version: a cheap check), and if so reloads them and
posts `TagPane.ChangedElsewhere` up, so the screen refreshes the rows and the open article.
It reports the user's choice (`TagPane.Filter`); the screen decides what filtering means
(adding `tag:NAME` to the query, visibly).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import FOLLOWUP, Corpus, TagCount, one_line

from .article_render import FOLLOWUP_MARK, TAG_STYLE


def tag_row(count: TagCount) -> Text:
    row = Text(no_wrap=True, overflow="ellipsis")
    if count.name == FOLLOWUP:
        row.append(f"{FOLLOWUP_MARK} {count.name}", style="bold #e06c75")
    else:
        row.append("#" + one_line(count.name), style=TAG_STYLE)
    row.append(f"  {count.count}", style="dim")
    return row


WATCH_EVERY_S = 1.0


class TagPane(OptionList):
    """Tag counts; Enter (or a click) on a tag asks the screen to filter by it."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "select", "Filter by tag", tooltip="Add (or remove) tag:NAME in the query"),
    ]

    class Filter(Message):
        """Filter the hit list by (or stop filtering by) this tag."""

        def __init__(self, tag: str) -> None:
            super().__init__()
            self.tag = tag

    class ChangedElsewhere(Message):
        """Tags were committed by another process (or window) since the last look."""

    def __init__(self, corpus: Corpus, *, id: str | None = None):
        super().__init__(id=id, markup=False)
        self.corpus = corpus
        self.counts: list[TagCount] = []
        self.border_title = "Tags"
        self._version: int | None = None

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(WATCH_EVERY_S, self._look)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.counts]

    def reload(self) -> None:
        """Read the counts again (after a tag change in this window)."""
        self._load(False)

    def _look(self) -> None:
        if not any(w.group == "tag-counts" and not w.is_finished for w in self.workers):
            self._load(True)

    @work(thread=True, exclusive=True, group="tag-counts", exit_on_error=False)
    def _load(self, only_if_changed: bool) -> None:
        try:
            version = self.corpus.tags_version()
            if only_if_changed and version == self._version:
                return
            seen_before = self._version is not None
            self._version = version
            counts = self.corpus.tag_counts()
        except Exception:  # a damaged or vanished tag file is reported where tags are written
            return
        self.app.call_from_thread(self.set_counts, counts)
        if only_if_changed and seen_before:
            self.post_message(self.ChangedElsewhere())

    def set_counts(self, counts: Sequence[TagCount]) -> None:
        """Show these counts, keeping the cursor on the same tag when it is still there."""
        current = self.highlighted_option.id if self.highlighted_option is not None else None
        self.counts = sorted(counts, key=lambda c: (c.name != FOLLOWUP, -c.count, c.name))
        self.clear_options()
        if not self.counts:
            self.add_option(Option(Text("no tags yet — f flags, t tags", style="dim"), disabled=True))
            return
        self.add_options(Option(tag_row(c), id=c.name) for c in self.counts)
        names = [c.name for c in self.counts]
        self.highlighted = names.index(current) if current in names else 0
        self.border_subtitle = str(len(self.counts))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Filter(event.option.id))
