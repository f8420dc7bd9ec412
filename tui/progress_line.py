"""The progress line at the bottom: the background index update, and any long job's progress.

It owns the startup update: a Textual thread worker brings the index up to date while the app
already answers, posting `IndexProgress` as it goes (coalesced: see `messages`), and reports
`ProgressLine.UpdateStarted` / `UpdateDone` up so the screen can tell the search pane. Other
long jobs (a bulk tag change) show their progress here too, through `show`.
"""

from __future__ import annotations

import threading
import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, ProgressBar

from index import Corpus, CorpusError, Progress

from .messages import IndexProgress
from .status_text import progress_label

PROGRESS_EVERY_S = 0.05


class ProgressLine(Horizontal):
    """A label and a bar, shown only while something long runs."""

    class UpdateStarted(Message):
        """The index is being updated (`first_build`: there was none, so hits are missing)."""

        def __init__(self, first_build: bool) -> None:
            super().__init__()
            self.first_build = first_build

    class UpdateDone(Message):
        """The update ended: `summary` on success, else `error`."""

        def __init__(self, summary: str | None = None, error: str | None = None) -> None:
            super().__init__()
            self.summary = summary
            self.error = error

    def __init__(self, corpus: Corpus, *, id: str | None = None):
        super().__init__(id=id)
        self.corpus = corpus
        self.updating = False
        self._cancel = threading.Event()
        self._last_post = 0.0

    def compose(self) -> ComposeResult:
        yield Label("indexing", id="indexing-label")
        yield ProgressBar(id="indexing-bar", show_eta=False)

    def on_mount(self) -> None:
        self.display = False

    def on_unmount(self) -> None:
        self._cancel.set()

    # -- the update ------------------------------------------------------------------------------

    def start_update(self) -> None:
        """Bring the index up to date in the background, unless that is already under way."""
        if not self.updating:
            self._update()

    @work(thread=True, exclusive=True, group="update", exit_on_error=False)
    def _update(self) -> None:
        try:
            if not self.corpus.needs_update():
                return
            self.app.call_from_thread(self._started, self.corpus.needs_build())
            report = self.corpus.update(progress=self.reporter("indexing"), cancel=self._cancel)
        except CorpusError as exc:
            self.app.call_from_thread(self._done, None, str(exc))
            return
        except Exception as exc:  # an update must never take the app down
            self.app.call_from_thread(self._done, None, f"indexing failed: {exc}")
            return
        if not self._cancel.is_set():
            self.app.call_from_thread(self._done, report.summary(), None)

    def _started(self, first_build: bool) -> None:
        self.updating = True
        self.display = True
        self.post_message(self.UpdateStarted(first_build))

    def _done(self, summary: str | None, error: str | None) -> None:
        self.updating = False
        self.display = False
        self.post_message(self.UpdateDone(summary, error))

    # -- progress of any job -----------------------------------------------------------------------

    def reporter(self, what: str):
        """An engine progress callback (called on a worker thread) that posts to this line at
        most every 50 ms, and always at a change of stage."""

        stage = [None]

        def report(progress: Progress) -> None:
            now = time.monotonic()
            if progress.stage != stage[0] or progress.done == progress.total or now - self._last_post >= PROGRESS_EVERY_S:
                stage[0] = progress.stage
                self._last_post = now
                self.post_message(IndexProgress(progress, what))

        return report

    @on(IndexProgress)
    def _show(self, message: IndexProgress) -> None:
        p = message.progress
        self.display = True
        self.query_one("#indexing-bar", ProgressBar).update(total=p.total, progress=p.done)
        self.query_one("#indexing-label", Label).update(Text(progress_label(message.what, p)))

    def job_done(self) -> None:
        """A job other than the update ended: hide the line unless the update still runs."""
        self.display = self.updating
