"""The tag pane: every tag with the number of articles carrying it; choosing one filters.
Below them, tags whose article is not in the corpus now, each with what it waits for.

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

from index import FOLLOWUP, Corpus, TagCount, WaitingTag, one_line

from .article_render import FOLLOWUP_MARK, TAG_STYLE
from .keyboard import Hold, NoHold, hold_keys


def tag_row(count: TagCount) -> Text:
    row = Text(no_wrap=True, overflow="ellipsis")
    if count.name == FOLLOWUP:
        row.append(f"{FOLLOWUP_MARK} {count.name}", style="bold #e06c75")
    else:
        row.append("#" + one_line(count.name), style=TAG_STYLE)
    row.append(f"  {count.count}", style="dim")
    return row


def waiting_rows(waiting: Sequence[WaitingTag]) -> list[Option]:
    """A heading, then each waiting tag with its count and the articles it waits for."""
    n = len({w.article_id for w in waiting})
    rows = [Option(Text(f"waiting for {n} article{'s' if n != 1 else ''} not in the corpus", style="dim italic"), disabled=True)]
    by_tag: dict[str, list[WaitingTag]] = {}
    for w in waiting:
        by_tag.setdefault(w.name, []).append(w)
    for name, items in by_tag.items():
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append("#" + one_line(name), style="dim " + TAG_STYLE)
        row.append(f"  {len(items)}", style="dim")
        for w in items[:3]:
            row.append("\n  " + one_line(w.title or w.article_id, 60), style="dim")
        if len(items) > 3:
            row.append(f"\n  and {len(items) - 3} more", style="dim")
        rows.append(Option(row, disabled=True))
    return rows


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

        def __init__(self, tag: str, hold: Hold | NoHold | None = None) -> None:
            super().__init__()
            self.tag = tag
            self.hold = hold or NoHold()  # keys typed after Enter: released once the search holds them

    class ChangedElsewhere(Message):
        """Tags were committed by another process (or window) since the last look."""

    def __init__(self, corpus: Corpus, *, id: str | None = None):
        super().__init__(id=id, markup=False)
        self._chosen_hold: Hold | NoHold = NoHold()
        self.corpus = corpus
        self.counts: list[TagCount] = []
        self.waiting: list[WaitingTag] = []
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
            waiting = self.corpus.waiting_tags()
        except Exception:  # a damaged or vanished tag file is reported where tags are written
            return
        self.app.call_from_thread(self.set_counts, counts, waiting)
        if only_if_changed and seen_before:
            self.post_message(self.ChangedElsewhere())

    def set_counts(self, counts: Sequence[TagCount], waiting: Sequence[WaitingTag] = ()) -> None:
        """Show these counts, then the waiting tags, keeping the cursor on the same tag when it
        is still there."""
        current = self.highlighted_option.id if self.highlighted_option is not None else None
        self.counts = sorted(counts, key=lambda c: (c.name != FOLLOWUP, -c.count, c.name))
        self.waiting = list(waiting)
        self.clear_options()
        if not self.counts and not self.waiting:
            self.add_option(Option(Text("no tags yet — f flags, t tags", style="dim"), disabled=True))
            return
        self.add_options(Option(tag_row(c), id=c.name) for c in self.counts)
        if self.waiting:
            self.add_options(waiting_rows(self.waiting))
        names = [c.name for c in self.counts]
        if names:
            self.highlighted = names.index(current) if current in names else 0
        self.border_subtitle = str(len(self.counts)) + (f" · {len(self.waiting)} waiting" if self.waiting else "")

    def action_select(self) -> None:
        """Enter: the keys typed after it wait until the filtered list is shown (the choice
        reaches the screen only after this key is done)."""
        option = self.highlighted_option
        if option is not None and not option.disabled:
            self._chosen_hold.release()
            self._chosen_hold = hold_keys(self.app, "filter")
        super().action_select()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hold, self._chosen_hold = self._chosen_hold, NoHold()
        if event.option.id:
            self.post_message(self.Filter(event.option.id, hold))
        else:
            hold.release()
