"""The export dialog: write the current result list (in its order) or a tag's articles to a file.

Format and path are chosen here; an existing file is never replaced without a yes. The export
runs in a thread worker with a progress bar, and Esc cancels it (nothing is left under the
path: the engine writes to a temporary file and renames it at the end).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, ProgressBar, RadioButton, RadioSet, Static

from index import Corpus, CorpusError, Progress, SearchCancelled, export_articles, one_line

from .tag_dialogs import ConfirmScreen

FORMAT_LABELS = (("csv", "CSV (a spreadsheet: one row an article)"), ("jsonl", "JSONL (one JSON object a line)"), ("md", "Markdown (whole articles, readable)"))
SUFFIX = {"csv": ".csv", "jsonl": ".jsonl", "md": ".md"}


@dataclass(frozen=True)
class ExportRequest:
    """What to export: a query's hits in an order, or (query None) every article; `tag` narrows."""

    query: str | None
    sort: str = "relevance"
    tag: str | None = None
    label: str = ""  # how the dialog names the selection ("37 hits for 'iran'")


def default_path(request: ExportRequest, fmt: str, folder: Path | None = None) -> Path:
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in (request.tag or request.query or "all"))[:40].strip("-")
    return (folder or Path.cwd()) / f"corpus-{stem or 'export'}{SUFFIX[fmt]}"


class PathInput(Input):
    """The path box: Enter exports while its key is handled (see `keyboard`), so a `y`
    typed right after it answers "Replace it?" instead of landing in the path."""

    BINDINGS = [Binding("enter", "screen.export", "Export", show=False)]


class ExportScreen(ModalScreen[str | None]):
    """Choose a format and a path, then export with progress; dismisses with a summary line."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Cancel (stops a running export)")]

    def __init__(self, corpus: Corpus, request: ExportRequest, folder: Path | None = None):
        super().__init__()
        self.corpus = corpus
        self.request = request
        self.folder = folder
        self.fmt = "csv"
        self.cancel_event: threading.Event | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static(Text("Export " + one_line(self.request.label or "the result list", 60), style="bold"), classes="dialog-title")
            with RadioSet(id="export-format"):
                for i, (fmt, label) in enumerate(FORMAT_LABELS):
                    yield RadioButton(label, value=i == 0, id=f"format-{fmt}")
            yield Checkbox("Markdown digest: only the first two paragraphs", id="export-digest", disabled=True)
            yield PathInput(str(default_path(self.request, self.fmt, self.folder)), id="export-path")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static(Text("Enter exports · Esc cancels", style="dim"), id="export-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export-go", variant="primary")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-progress", ProgressBar).display = False
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format(self, event: RadioSet.Changed) -> None:
        old = self.fmt
        self.fmt = FORMAT_LABELS[event.index][0]
        self.query_one("#export-digest", Checkbox).disabled = self.fmt != "md"
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.suffix == SUFFIX[old]:
            path_input.value = str(path.with_suffix(SUFFIX[self.fmt]))

    @on(Button.Pressed, "#export-go")
    def _go(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        if self.cancel_event is not None:
            return  # already running
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._status("Give a file name.", error=True)
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            self._status(f"{one_line(str(path))} is a folder: give a file name.", error=True)
            return
        if not path.parent.is_dir():
            self._status(f"No folder {one_line(str(path.parent))}.", error=True)
            return
        if path.exists() and not path.is_file():
            self._status(f"{one_line(str(path))} is not a regular file (a device, a pipe or a socket): give a file name.", error=True)
            return
        if self.corpus.is_own_file(path):
            self._status(f"{one_line(str(path))} is the data folder's own file (your tags): give another name.", error=True)
            return
        if path.exists():
            question = Text(f"{one_line(str(path))} exists. Replace it?")
            self.app.push_screen(ConfirmScreen(question), lambda yes: self._start(path) if yes else self._status("Not replaced: choose another name."))
            return
        self._start(path)

    @on(Button.Pressed, "#export-cancel")
    def _cancel_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def _status(self, message: str, error: bool = False) -> None:
        self.query_one("#export-status", Static).update(Text(message, style="bold red" if error else "dim"))

    def _start(self, path: Path) -> None:
        self.cancel_event = threading.Event()
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status("Exporting… Esc cancels")
        digest = self.query_one("#export-digest", Checkbox).value and self.fmt == "md"
        self.run_export(path, self.fmt, digest, self.cancel_event)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self, path: Path, fmt: str, digest: bool, cancel: threading.Event) -> None:
        def progress(p: Progress) -> None:
            self.app.call_from_thread(self._progress, p)

        try:
            n = export_articles(
                self.corpus, fmt, path, query=self.request.query, tag=self.request.tag,
                sort=self.request.sort, digest=digest, progress=progress, cancel=cancel,
            )
        except SearchCancelled:
            self.app.call_from_thread(self.dismiss, "export cancelled; nothing written")
            return
        except (CorpusError, OSError) as exc:
            message = str(exc) if isinstance(exc, CorpusError) else f"cannot write {path}: {exc.strerror or exc}"
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self.dismiss, f"exported {n} article{'s' if n != 1 else ''} to {path}")

    def _progress(self, p: Progress) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=p.total, progress=p.done)

    def _failed(self, message: str) -> None:
        self.cancel_event = None
        self.query_one("#export-progress", ProgressBar).display = False
        self._status(message, error=True)

    def action_cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()  # the worker dismisses once the engine has stopped
            self._status("Cancelling…")
            return
        self.dismiss(None)
