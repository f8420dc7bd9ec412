"""The reading pane: one article, cleaned or raw, with every hit of the query marked.

The pane loads the article it is asked to open in a Textual thread worker of the exclusive
"article" group (opening another cancels a load still waiting or running), turns it into an
`ArticleDisplay` there (text sanitised, spans computed) and draws it only if that worker is
still its newest. It keeps the reading position: which view (cleaned/raw), which hit is current.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from index import Article, Corpus, CorpusError, HitTerms, Span, terminal_safe

from .article_render import HeaderFacts, cleaned_source, cleaned_text, header_text, raw_source, raw_text, shown_part
from .article_view import ArticleView
from .keyboard import Hold, NoHold


@dataclass(frozen=True)
class ArticleDisplay:
    """An article ready to draw: both views as sanitised strings with their hit spans."""

    article: Article
    query: str
    clean_source: str
    clean_spans: tuple[Span, ...]
    raw_source: str
    raw_spans: tuple[Span, ...]

    @property
    def removed_lines(self) -> int:
        return sum(1 for label, line in zip(self.article.labels, self.article.raw_lines) if label == "B" and line.strip())


def load_display(corpus: Corpus, article_id: str, query: str, terms: HitTerms) -> ArticleDisplay | CorpusError:
    """Read an article and make it ready to draw (in a worker thread: it reads the catalog)."""
    try:
        article = corpus.article(article_id)
    except CorpusError as exc:
        return exc
    clean = shown_part(cleaned_source(article), article.id)
    raw = shown_part(raw_source(article), article.id)
    return ArticleDisplay(article, query, clean, tuple(corpus.spans(clean, terms)), raw, tuple(corpus.spans(raw, terms)))


class ReadingPane(Vertical, can_focus=False):
    """Header, the article view and a one-line reading status ("hit 3/17 · cleaned")."""

    class Opened(Message):
        """An article (or, None, the empty state) is now on screen."""

        def __init__(self, article: Article | None) -> None:
            super().__init__()
            self.article = article

    class PastEnd(Message):
        """`n` on the article's last hit (step 1) or `N` on its first (step -1): the screen
        goes on to the next (previous) article of the list."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Failed(Message):
        """An article could not be opened (`error` says why; a SourceChanged means re-index)."""

        def __init__(self, error: CorpusError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, corpus: Corpus, *, id: str | None = None):
        super().__init__(id=id)
        self.corpus = corpus
        self.display_data: ArticleDisplay | None = None
        self.raw = False
        self.border_title = "Reading"
        self._worker: Worker | None = None
        self._hold: Hold | NoHold = NoHold()
        self._at: int | None = None
        # (this article's place in the hit list, the list's length), when it was opened from it
        self.place: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="reading-header")
        yield Static(id="reading-note")
        yield ArticleView(id="article")
        yield Static(id="reading-status")

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def article(self) -> Article | None:
        return self.display_data.article if self.display_data else None

    def on_mount(self) -> None:
        self.show(None)

    # -- loading -------------------------------------------------------------------------------

    def open(self, article_id: str, query: str, terms: HitTerms, *, delay: float = 0.0, hold: Hold | NoHold | None = None, at: int | None = None) -> None:
        """Load and show an article (after `delay`, unless another is opened meanwhile).

        `hold` (keys typed after Enter, waiting) is released once this article is shown, or
        when it is given up for another. `at`: the character offset of the hit to show first
        (a concordance line's), or -1 for the last hit (`N` from the next article)."""
        self._hold.release()
        self._hold = hold or NoHold()
        self._at = at
        self._worker = self._load(article_id, query, terms, delay)

    def close(self) -> None:
        """Show nothing (and drop any load on its way)."""
        self.workers.cancel_group(self, "article")
        self._worker = None
        self._hold.release()
        if self.display_data is not None:
            self.show(None)
            self.post_message(self.Opened(None))

    @property
    def loading(self) -> bool:
        """True from `open` until its article is drawn (or given up). A load whose thread has
        finished but whose result has not been drawn yet still counts: until then the shown
        article is the old one, and a key acting on "the article" (a triage mark, a note)
        must wait for the new one, however busy the machine."""
        return self._worker is not None

    def show_loaded(self, data: ArticleDisplay, hold: Hold | NoHold | None = None) -> None:
        """Show an article loaded elsewhere (the search worker reads the first hit when
        Enter is waiting for it), as if `open` had just finished loading it."""
        self.workers.cancel_group(self, "article")
        self._worker = None
        self._hold.release()
        self._hold = NoHold()
        self._at = None
        self.show(data)
        self.post_message(self.Opened(data.article))
        if hold is not None:
            hold.release()

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load(self, article_id: str, query: str, terms: HitTerms, delay: float) -> ArticleDisplay | CorpusError | None:
        if delay and get_current_worker().cancelled_event.wait(delay):
            return None  # another article (or none) was chosen meanwhile
        return load_display(self.corpus, article_id, query, terms)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._worker or not worker.is_finished:
            return
        self._worker = None
        self._hold.release()
        if event.state != WorkerState.SUCCESS or worker.result is None:
            return
        if isinstance(worker.result, CorpusError):
            self.post_message(self.Failed(worker.result))
            return
        self.show(worker.result, at=self._at)
        self.post_message(self.Opened(worker.result.article))

    # -- attributes down -----------------------------------------------------------------------

    def show(self, data: ArticleDisplay | None, *, first_hit: bool = True, at: int | None = None) -> None:
        """Draw a new article (None: the empty state), at its first hit if it has one (or the
        hit at character offset `at`; -1: the last)."""
        self.display_data = data
        hit = 0 if first_hit else None
        if data is not None and at is not None:
            spans = data.raw_spans if self.raw else data.clean_spans
            if at < 0:
                hit = max(0, len(spans) - 1)
            elif not self.raw:
                hit = next((i for i, span in enumerate(spans) if span.end > at), max(0, len(spans) - 1))
        self._redraw(hit=hit)

    def set_tags(self, tags: tuple[str, ...]) -> None:
        """The article's tags changed: redraw the header only."""
        if self.display_data is None:
            return
        article = replace(self.display_data.article, tags=tags)
        self.display_data = replace(self.display_data, article=article)
        self._draw_header()

    def set_note(self, text: str) -> None:
        """The article's note changed: redraw the note under the header only."""
        if self.display_data is None:
            return
        article = replace(self.display_data.article, note=text)
        self.display_data = replace(self.display_data, article=article)
        self._draw_note()

    def set_read(self, article_id: str, read: bool) -> None:
        if self.display_data is not None and self.display_data.article.id == article_id:
            self.display_data = replace(self.display_data, article=replace(self.display_data.article, read=read))

    @property
    def note_text(self) -> str:
        return self.display_data.article.note if self.display_data is not None else ""

    def toggle_raw(self) -> None:
        self.raw = not self.raw
        current = self.view.current_hit
        self._redraw(hit=current if current is not None else 0)

    def next_hit(self, step: int = 1) -> None:
        """Move to the next (step=1) or previous (step=-1) hit. Past the last (first) hit,
        an article opened from a list with more articles that way asks for the next one
        (`PastEnd`); otherwise it wraps around."""
        spans = self.view.spans
        current = self.view.current_hit
        if current is None:
            current = -1 if step > 0 else len(spans)
        target = current + step
        if not 0 <= target < len(spans):
            place = self.place
            if place is not None and 1 <= place[0] + step <= place[1]:
                self.post_message(self.PastEnd(step))
                return
            if not spans:
                self.app.bell()
                return
        self.view.set_current_hit(target % len(spans))
        self._draw_status()

    # -- drawing -------------------------------------------------------------------------------

    def _redraw(self, hit: int | None) -> None:
        data = self.display_data
        view = self.view
        self._draw_header()
        if data is None:
            view.set_document(Text("Type a query; Enter opens the first hit.", style="dim"))
        elif self.raw:
            view.set_document(raw_text(data.raw_source, data.article.labels, data.raw_spans), data.raw_spans)
        else:
            view.set_document(cleaned_text(data.clean_source, data.clean_spans, data.article.title), data.clean_spans)
        if data is not None and hit is not None and view.spans:
            view.set_current_hit(min(hit, len(view.spans) - 1))
        self._draw_status()

    def _draw_note(self) -> None:
        """The user's note, under the header (hidden when there is none)."""
        box = self.query_one("#reading-note", Static)
        note = self.note_text
        box.display = bool(note)
        if note:
            text = Text("✎ ", style="bold")
            text.append(terminal_safe(note))
            box.update(text)

    def _draw_header(self) -> None:
        self._draw_note()
        header = self.query_one("#reading-header", Static)
        data = self.display_data
        if data is None:
            header.update(Text("No article open", style="dim"))
            return
        a = data.article
        header.update(header_text(HeaderFacts(a.title, a.source, a.date, a.id, a.path, a.url, a.tags)))

    def _draw_status(self) -> None:
        status = self.query_one("#reading-status", Static)
        data = self.display_data
        if data is None:
            status.update("")
            return
        line = Text()
        spans = self.view.spans
        current = self.view.current_hit
        if spans:
            where = f"hit {current + 1}/{len(spans)}" if current is not None else f"{len(spans)} hits"
            line.append(where, style="bold")
            if self.place is not None:
                line.append(f" · article {self.place[0]:,}/{self.place[1]:,}", style="bold")
            line.append("  n/N next/previous", style="dim")
        elif data.query.strip():
            line.append("no hits in this view", style="dim")
        line.append("  ·  ", style="dim")
        if self.raw:
            line.append("raw", style="bold #e5c07b")
            line.append(f" · {data.removed_lines} dimmed lines removed by the cleaner", style="dim")
        else:
            line.append("cleaned", style="bold")
        line.append("  r toggles raw", style="dim")
        status.update(line)
