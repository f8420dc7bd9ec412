"""Tagging every article of the result list (`B`): the tags first, then one question.

The question names how many articles match and offers to extend the change to every
near-copy of them (syndicated copies, re-scrapes) that does not match the query itself. How
many those are is counted in a worker while the question is open, and shown when known; the
answer key works before that too, so keys typed in one burst (`B`, the tags, Enter, `a`) do
what they say. The change goes through the screen's one tag-writing path, so `u` undoes it
in one step like any tag change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from index import Corpus, CorpusError, TagChange, one_line

from .status_text import bulk_copies_text, bulk_question, plural
from .tag_dialogs import TagEdit, TagEditScreen

# The answers of the question: the matches only, or the matches and their near-copies.
MATCHES, WITH_COPIES = "matches", "copies"


class BulkTagScreen(ModalScreen[str | None]):
    """Change tags on every match of a query? y: the matches; a: also their near-copies; n: no."""

    BINDINGS = [
        Binding("y", "answer('matches')", "Yes", id="bulk.matches", tooltip="Tag the matches of the query"),
        Binding("a", "answer('copies')", "Also copies", id="bulk.copies",
                tooltip="Tag the matches and every near-copy of them"),
        Binding("n,escape", "answer(None)", "No", id="bulk.cancel"),
    ]
    AUTO_FOCUS = "#bulk-no"

    def __init__(self, corpus: Corpus, query: str, change: str, total: int):
        super().__init__()
        self.corpus = corpus
        self.query_text = query
        self.change = change
        self.total = total
        self.beyond: int | None = None  # near-copies outside the matches, once counted

    def compose(self) -> ComposeResult:
        with Vertical(id="bulk-dialog", classes="dialog"):
            yield Static(bulk_question(self.change, self.total, self.query_text), classes="dialog-title")
            yield Static(bulk_copies_text(None), id="bulk-copies")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"Yes: {plural(self.total, 'article')} (y)", id="bulk-matches", variant="warning")
                yield Button("Also their copies (a)", id="bulk-with-copies")
                yield Button("No (n)", id="bulk-no")

    def on_mount(self) -> None:
        self._count()

    @work(thread=True, exclusive=True, group="bulk-count", exit_on_error=False)
    def _count(self) -> None:
        try:
            beyond: int | str = self.corpus.copies_beyond(self.query_text)
        except CorpusError as exc:
            beyond = str(exc)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._counted, beyond)

    def _counted(self, beyond: int | str) -> None:
        if not self.is_attached:
            return  # answered already
        button = self.query_one("#bulk-with-copies", Button)
        if isinstance(beyond, str):
            self.query_one("#bulk-copies", Static).update(Text(one_line(beyond, 200), style="dim"))
            return
        self.beyond = beyond
        self.query_one("#bulk-copies", Static).update(bulk_copies_text(beyond))
        button.label = f"Also their {beyond:,} cop{'y' if beyond == 1 else 'ies'} (a)" if beyond else "No copies beyond (a)"

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answers = {"bulk-matches": MATCHES, "bulk-with-copies": WITH_COPIES}
        self.dismiss(answers.get(event.button.id or ""))

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


def ask_bulk_tag(screen, apply: Callable[[str, Callable[[], TagChange | None]], None]) -> None:
    """Ask for the tags, then whether to change them on the matches of the query shown (and
    their near-copies), then `apply(description, job)` the change (the screen's tag write).

    `screen` is the main screen: its corpus, shown query and result, tag names and progress
    line are read; nothing else."""
    result = screen.result
    if result is None or not result.total:
        screen.say("No results to tag.", timeout=2)
        return
    corpus: Corpus = screen.corpus
    query = (screen.shown_query or "").strip()
    total = result.total

    def answered(edit: TagEdit, answer: str | None) -> None:
        if answer not in (MATCHES, WITH_COPIES):
            return
        copies = answer == WITH_COPIES
        progress = screen.progress_line.reporter("tagging")
        job = partial(corpus.tag_query, query, edit.add, edit.remove, with_copies=copies, progress=progress)
        apply(f"Bulk {edit.describe()}" + (" (with near-copies)" if copies else ""), job)

    def chosen(edit: TagEdit | None) -> None:
        if edit:
            screen.app.push_screen(BulkTagScreen(corpus, query, edit.describe(), total), partial(answered, edit))

    note = f"All {total:,} articles of the result list: {one_line(query, 120)}"
    screen.app.push_screen(TagEditScreen("Tag every hit", screen.tag_pane.names, note=note), chosen)
