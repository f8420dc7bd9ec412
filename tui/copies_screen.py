"""An article's near-copies, and what one copy changed against another.

`CopiesScreen` lists the other articles of the group (how similar each is, its outlet and
date); Enter closes it with the copy to read, `d` shows the word-level diff of the article
being read against the copy under the cursor (`CopyDiffScreen`: the words this article has
that the copy lacks highlighted, the sentences holding them marked, the copy's words it
dropped struck through where they were).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index import Copy, CopyDiff, Corpus, CorpusError, one_line, terminal_safe

from .keyboard import Hold, NoHold, hold_keys
from .status_text import plural

ADDED_STYLE = "bold black on #98c379"
SENTENCE_STYLE = "on #2c3b2c"
REMOVED_STYLE = "strike #e06c75"


def copy_row(c: Copy) -> Text:
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f"{c.similarity:4.0%} similar · {c.overlap:4.0%} shared  ", style="dim")
    row.append(one_line(c.title) or c.id, style="bold")
    meta = " · ".join(one_line(x) for x in (c.source, c.date) if x)
    if meta:
        row.append(f"\n    {meta}", style="#56b6c2")
    row.append(f"  {one_line(c.id)}", style="dim")
    return row


def diff_text(diff: CopyDiff) -> Text:
    """The article's text with what it changed marked (offsets are into `diff.text`)."""
    source = terminal_safe(diff.text).replace("\t", " ")
    if len(source) != len(diff.text):  # (only if sanitising moved offsets: show it plain)
        return Text(source)
    text = Text(source)
    for s in diff.sentences:
        text.stylize(SENTENCE_STYLE, s.start, s.end)
    for s in diff.added:
        text.stylize(ADDED_STYLE, s.start, s.end)
    # removed words go in, struck through, from the last so earlier offsets stay right
    for at, words in sorted(diff.removed, reverse=True):
        piece = Text(f" {one_line(words, 300)} ", style=REMOVED_STYLE)
        text = text[:at] + piece + text[at:]
    return text


class CopyDiffScreen(ModalScreen[None]):
    """What the article being read changed against one of its copies."""

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="diff.close", tooltip="Back to the list of copies"),
    ]

    def __init__(self, diff: CopyDiff, title: str, other_title: str):
        super().__init__()
        self.diff = diff
        self.title_text = title
        self.other_title = other_title

    def compose(self) -> ComposeResult:
        d = self.diff
        head = Text()
        head.append("What this copy changed\n", style="bold")
        head.append(one_line(self.title_text, 100))
        head.append(f"  ({one_line(d.copy_id)})\n", style="dim")
        head.append("against ", style="dim")
        head.append(one_line(self.other_title, 100))
        head.append(f"  ({one_line(d.base_id)})\n", style="dim")
        head.append(f"{d.same_share:.0%} of its words as in the other · {plural(len(d.added), 'passage')} added, "
                    f"{len(d.removed)} dropped · {plural(len(d.sentences), 'sentence')} changed", style="dim")
        with Vertical(classes="dialog", id="diff-dialog"):
            yield Static(head, classes="dialog-title")
            with VerticalScroll(id="diff-body"):
                yield Static(diff_text(d), id="diff-text")

    def action_close(self) -> None:
        self.dismiss(None)


class CopiesScreen(ModalScreen[str | None]):
    """The near-copies of one article; Enter reads one, d shows what the article changed."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="copies.close", tooltip="Back to the article"),
        Binding("d", "diff", "What changed", id="copies.diff",
                tooltip="What the article being read changed against the copy under the cursor"),
        Binding("j", "cursor_down", "Down", show=False, id="copies.down"),
        Binding("k", "cursor_up", "Up", show=False, id="copies.up"),
    ]

    def __init__(self, corpus: Corpus, article_id: str, title: str):
        super().__init__()
        self.corpus = corpus
        self.article_id = article_id
        self.title_text = title
        self.copies: list[Copy] = []
        self._loaded: Hold | NoHold = NoHold()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="copies-dialog"):
            head = Text()
            head.append("Near-copies of ", style="bold")
            head.append(one_line(self.title_text, 100))
            yield Static(head, classes="dialog-title", id="copies-title")
            yield OptionList(id="copies-list", markup=False)
            yield Static(Text("Enter reads a copy · d: what this article changed against it · Esc: back", style="dim"))

    @property
    def listing(self) -> OptionList:
        return self.query_one("#copies-list", OptionList)

    def on_mount(self) -> None:
        self.listing.focus()
        self._loaded = hold_keys(self.app, "copies")  # `e j Enter` typed at once: j waits for the rows
        self._load()

    def on_unmount(self) -> None:
        self._loaded.release()

    @work(thread=True, exclusive=True, group="copies", exit_on_error=False)
    def _load(self) -> None:
        try:
            found = self.corpus.copies(self.article_id)
        except CorpusError as exc:
            self.app.call_from_thread(self.notify, one_line(str(exc), 200), severity="warning", markup=False)
            found = []
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[Copy]) -> None:
        if not found:
            # nothing to list: said, and the screen gone (the keys typed after `e` wait for
            # that: `on_unmount` lets them go to the article)
            self.app.notify("No near-copies of this article", timeout=3, markup=False)
            self.dismiss(None)
            return
        self._loaded.release()  # (the keys go on once this call is over: the rows are in)
        self.copies = found
        listing = self.listing
        listing.clear_options()
        listing.add_options(Option(copy_row(c), id=c.id) for c in found)
        listing.highlighted = 0
        self.query_one("#copies-title", Static).update(
            Text.assemble(("Near-copies of ", "bold"), one_line(self.title_text, 100), (f"  {len(found)}", "dim")))

    @on(OptionList.OptionSelected, "#copies-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_diff(self) -> None:
        option = self.listing.highlighted_option
        if option is None or not option.id:
            return
        other = next(c for c in self.copies if c.id == option.id)
        # the keys typed after d are meant for the diff: they wait until it is shown
        self._diff(other, hold_keys(self.app, "copy-diff"))

    @work(thread=True, exclusive=True, group="copy-diff", exit_on_error=False)
    def _diff(self, other: Copy, hold) -> None:
        try:
            diff = self.corpus.copy_diff(self.article_id, other.id)
        except CorpusError as exc:
            self.app.call_from_thread(self.notify, one_line(str(exc), 200), severity="warning", markup=False)
            self.app.call_from_thread(hold.release)
            return
        self.app.call_from_thread(self._show_diff, CopyDiffScreen(diff, self.title_text, other.title), hold)

    def _show_diff(self, screen: CopyDiffScreen, hold) -> None:
        try:
            if self.is_current:
                self.app.push_screen(screen)  # (it holds the keys until it is mounted)
        finally:
            hold.release()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.listing.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.listing.action_cursor_up()
