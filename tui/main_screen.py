"""The main screen: search pane, tag pane and reading pane, and the state that ties them.

The screen coordinates: the search pane runs the searches and reports what it shows
(`SearchPane.Shown`); the screen decides what to read, loads articles and writes tags, each in
a Textual thread worker, and sets the panes' attributes down. An article worker is exclusive
(opening another cancels it) and its result is shown only if it is still the newest one, so a
slow load never replaces a newer choice. Wording lives in `status_text` (pure functions).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from index import Corpus, HitTerms, SourceChanged, one_line

from .article_view import ArticleView
from .facet_pane import FacetPane
from .help_screen import main_help
from .hit_list import HitList
from .key_footer import KeyFooter
from .keyboard import Hold, hold_keys
from .list_tabs import ListTabs
from .progress_line import ProgressLine
from .reading_pane import ArticleDisplay, ReadingPane
from .saved_pane import SavedPane
from .explore_keys import EXPLORE_ARTICLE_ACTIONS, EXPLORE_LIST_ACTIONS, ExploreScreen
from .review_screen import REVIEW_ACTIONS, ReviewLine, ReviewScreen, on_the_article_shown
from .search_pane import NO_TERMS, QueryInput, SearchPane
from .commands import main_commands
from .status_text import SORT_LABELS, sort_notice
from .tag_pane import TagPane
from .tagging import TAG_ARTICLE_ACTIONS, TAG_LIST_ACTIONS, TaggingScreen

# While typing, the first hit is read into the reading pane only once the results hold still
# this long (Enter or moving in the list opens at once): opening articles on every
# intermediate result would compete with the next search.
PREVIEW_DELAY_S = 0.3

# Actions that act on the open article or the result list: hidden from the footer (and inert)
# while the query input has the focus, where their letters type.
ARTICLE_ACTIONS = {"next_hit", "previous_hit", "toggle_raw"} | TAG_ARTICLE_ACTIONS | EXPLORE_ARTICLE_ACTIONS
LIST_ACTIONS = {"cycle_sort"} | TAG_LIST_ACTIONS | EXPLORE_LIST_ACTIONS

__all__ = ["MainScreen", "PREVIEW_DELAY_S", "SORT_LABELS"]


# The start-up update waits for the first results to be drawn, at most this long.
UPDATE_AFTER_S = 1.0

# Below this many columns the panes stack (list above the article) and the footer is compact.
NARROW_BELOW = 100
# Keys the footer leaves out when narrow, so that the tag keys, s, q and ? fit in 80 columns
# (the reading status line names n/N and r; the others are in help and the palette).
NARROW_HIDDEN = {"focus_query", "next_hit", "previous_hit", "toggle_raw", "concordance", "toggle_facets",
                 "toggle_collapse", "copies", "edit_note", "toggle_triage"}


class MainScreen(ExploreScreen, TaggingScreen, ReviewScreen):
    """Search, read and tag on one screen: the searching and reading live here, tagging,
    exploring and reviewing in the base classes (`tagging`, `explore_keys`, `review_screen`)."""

    BINDINGS = [
        Binding("slash", "focus_query", "Search", tooltip="Put the cursor in the query"),
        Binding("n", "next_hit", "Next hit", tooltip="Jump to the next hit in the article"),
        Binding("N", "previous_hit", "Prev hit", tooltip="Jump to the previous hit in the article"),
        Binding("r", "toggle_raw", "Raw", tooltip="Show the raw file, with the lines the cleaner removed dimmed"),
        Binding("s", "cycle_sort", "Sort", tooltip="Order hits by relevance, newest first or oldest first"),
    ]

    def __init__(self, corpus: Corpus, *, initial_query: str = "", timings: bool = True):
        super().__init__()
        self.corpus = corpus
        self.initial_query = initial_query
        self.timings = timings
        self.terms: HitTerms = NO_TERMS
        self._binding_state: tuple | None = None
        self._first_update: Timer | None = None  # the start-up update, until it starts

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield SearchPane(self.corpus, timings=self.timings, id="search-pane")
                yield ReviewLine(id="review-line")
                with ListTabs(id="lists"):  # tags and saved searches, one shown
                    yield TagPane(self.corpus, id="tags")
                    yield SavedPane(self.corpus, id="saved")
                yield FacetPane(self.corpus, id="facets")
            yield ReadingPane(self.corpus, id="reading")
        yield ProgressLine(self.corpus, id="indexing")
        yield KeyFooter()

    @property
    def search_pane(self) -> SearchPane:
        return self.query_one(SearchPane)

    @property
    def query_input(self) -> QueryInput:
        return self.query_one("#query", QueryInput)

    @property
    def hit_list(self) -> HitList:
        return self.query_one("#hits", HitList)

    @property
    def reading(self) -> ReadingPane:
        return self.query_one("#reading", ReadingPane)

    @property
    def progress_line(self) -> ProgressLine:
        return self.query_one(ProgressLine)

    @property
    def tag_pane(self) -> TagPane:
        return self.query_one("#tags", TagPane)

    @property
    def result(self):
        return self.search_pane.result

    @property
    def shown_query(self) -> str | None:
        """The query whose hits are shown (None before the first search is done)."""
        shown = self.search_pane.shown
        return shown.request.query if shown is not None else None

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_BELOW
        if narrow != self.has_class("narrow"):
            self.set_class(narrow, "narrow")
            footer = self.query_one(KeyFooter)
            footer.compact = narrow
            footer.show_command_palette = not narrow
            # Textual keeps a node's bindings in `_bindings` (a BindingsMap of frozen Binding
            # objects): the narrow footer swaps in copies of a few with show=False.
            table = self._bindings.key_to_bindings
            for key, bindings in table.items():
                table[key] = [replace(b, show=not narrow) if b.action in NARROW_HIDDEN else b for b in bindings]
            self.refresh_bindings()

    def on_mount(self) -> None:
        self.query_one(FacetPane).display = False
        self.search_pane.border_title = one_line(self.corpus.root.name) or "corpus"
        self.query_input.value = self.initial_query
        self.query_input.focus()
        self.search_pane.sort = self.settings.default_sort
        self.search_pane.search(self.initial_query)
        for note in self.corpus.repairs:  # a damaged cache found on opening, now started afresh
            self.say(note, title="Cache rebuilt", severity="warning", timeout=8)
        # The update checks every file (and loads the cleaner) in a thread that shares the
        # interpreter: with an index to show, it starts once the first results are drawn
        # (or after UPDATE_AFTER_S at the latest), so it does not slow the first screen.
        if self.corpus.needs_build():
            self.check_index()
        else:
            self._first_update = self.set_timer(UPDATE_AFTER_S, self._start_first_update)

    # -- the background update -------------------------------------------------------------------

    def check_index(self) -> None:
        """Bring the index up to date (in the background); the start-up one is then not needed."""
        if self._first_update is not None:
            self._first_update.stop()
            self._first_update = None
        self.progress_line.start_update()

    def _start_first_update(self) -> None:
        if self._first_update is not None:
            self.check_index()

    @on(ProgressLine.UpdateStarted)
    def _update_started(self, message: ProgressLine.UpdateStarted) -> None:
        self.search_pane.building = message.first_build
        self.search_pane.draw_status()

    @on(ProgressLine.UpdateDone)
    def _update_done(self, message: ProgressLine.UpdateDone) -> None:
        pane = self.search_pane
        pane.building = False
        if message.error is not None:
            pane.draw_status()
            self.say(message.error, title="Indexing stopped", severity="error", timeout=8)
            return
        self.say(message.summary or "", title="Index up to date")
        article = self.reading.article
        pane.refresh_results(keep=article.id if article is not None else None)
        self.tag_pane.reload()

    # -- what the search pane shows ----------------------------------------------------------------

    @on(SearchPane.Shown)
    def _results_shown(self, message: SearchPane.Shown) -> None:
        """New hits are on screen: read the first (at once after Enter, else once they hold
        still), or keep the open article when only the order changed."""
        result = message.outcome.result
        request = message.request
        self.terms = result.terms if result is not None and result.terms is not None else NO_TERMS
        facets = self.query_one(FacetPane)
        if facets.display:
            facets.follow(request.query)
        keep = request.keep
        if keep is not None and self.reading.article is not None and self.reading.article.id == keep:
            request.hold.release()  # same article, same place: the list's cursor is on it if loaded
        elif not self.hit_list.hits:
            if request.open_first:
                # Enter found nothing to open: the query keeps the keys typed after it, which
                # would otherwise act on an empty list (a note, a concordance, ...)
                self.query_input.focus()
            request.hold.release()
            self.reading.close()
        elif request.open_first:
            first, hit = message.outcome.first, self.hit_list.current_hit
            if isinstance(first, ArticleDisplay) and hit is not None and first.article.id == hit.id:
                self.reading.place = self._place()
                self.reading.show_loaded(first, hold=request.hold)
            else:
                self._open_current_hit(hold=request.hold)
        else:
            request.hold.release()  # (a kept row whose article was not the open one)
            self._open_current_hit(delay=PREVIEW_DELAY_S)
        self._bindings_changed()
        self.review_results()
        if self._first_update is not None:
            self.call_after_refresh(self._start_first_update)

    @on(SearchPane.Open)
    def _open_now(self) -> None:
        hit = self.hit_list.current_hit
        if hit is None:
            self.query_input.focus()  # (Enter on a query whose results are none: see above)
            return
        article = self.reading.article
        if hit is not None and (article is None or article.id != hit.id or self.reading.loading):
            self._open_current_hit(hold=hold_keys(self.app, "article"))

    # -- reading -----------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#hits")
    def _hit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._open_current_hit()

    @on(OptionList.OptionSelected, "#hits")
    def _hit_clicked(self, event: OptionList.OptionSelected) -> None:
        self.action_read()

    def action_read(self) -> None:
        """Enter in the list: into the article (out of a maximised list, which hides it),
        opening the hit under the cursor now if it is not open yet."""
        if self.maximized is not None:
            self.minimize()
        hit = self.hit_list.current_hit
        article = self.reading.article
        if hit is not None and (article is None or article.id != hit.id):
            self._open_current_hit(hold=hold_keys(self.app, "article"))
        self.query_one(ArticleView).focus()

    def _open_current_hit(self, delay: float = 0.0, hold: Hold | None = None, at: int | None = None) -> None:
        hit = self.hit_list.current_hit
        if hit is not None:
            self.reading.place = self._place()
            self.reading.open(hit.id, self.shown_query or "", self.terms, delay=delay, hold=hold, at=at)
        elif hold is not None:
            hold.release()

    def _place(self) -> tuple[int, int] | None:
        """The hit under the list's cursor as (its number, how many rows the list has)."""
        index, result = self.hit_list.highlighted, self.result
        if index is None or result is None:
            return None
        return index + 1, result.rows if result.rows is not None else result.total

    @on(ReadingPane.PastEnd)
    def _next_article(self, message: ReadingPane.PastEnd) -> None:
        """`n` past the last hit: the next article's first hit (`N`: the previous one's last)."""
        hits = self.hit_list
        index = hits.highlighted
        if index is None:
            return
        target = index + message.step
        if not 0 <= target < len(hits.hits):
            self.app.bell()  # (the next page of hits is on its way)
            return
        with hits.prevent(OptionList.OptionHighlighted):
            hits.highlighted = target
        self._open_current_hit(at=-1 if message.step < 0 else None)

    @on(ReadingPane.Opened)
    def _article_opened(self) -> None:
        self._bindings_changed()
        self.review_opened()

    @on(ReadingPane.Failed)
    def _article_failed(self, message: ReadingPane.Failed) -> None:
        """The file behind a hit changed since the index was built: say so, and bring the
        index up to date (unless an update is already under way), as a restart would."""
        error = message.error
        if not isinstance(error, SourceChanged):
            self.say(str(error), severity="warning")
            return
        self.say(f"{error.rel} {error.what} since it was indexed; updating the index", severity="warning")
        self.check_index()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that raised unexpectedly becomes a notification, never a crash."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, (sqlite3.DatabaseError, OSError)):
                # the data folder's trouble (a full disk, a damaged file): which folder, what cause
                self.say(self.corpus.storage_problem(error), title="Data folder", severity="error", timeout=15)
                return
            self.say(one_line(f"{type(error).__name__}: {error}", 200), title="Something went wrong", severity="error")

    # -- reading keys ------------------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        """Relevance → newest first → oldest first; the open article stays open and selected."""
        pane = self.search_pane
        sorts = list(SORT_LABELS)
        sort = sorts[(sorts.index(pane.sort) + 1) % len(sorts)]
        self.say(sort_notice(sort), timeout=2)
        article = self.reading.article
        pane.search(sort=sort, force=True, keep=article.id if article is not None else None, hold="sort")

    def action_focus_query(self) -> None:
        self.query_input.focus()

    def action_focus_hits(self) -> None:
        self.hit_list.focus()

    @on_the_article_shown  # `j n` typed at once: n moves in the article j went to
    def action_next_hit(self) -> None:
        self.reading.next_hit(1)

    @on_the_article_shown
    def action_previous_hit(self) -> None:
        self.reading.next_hit(-1)

    def action_toggle_raw(self) -> None:
        self.reading.toggle_raw()

    def say(self, message: str, *, title: str = "", severity: str = "information", timeout: float | None = None) -> None:
        """Notify without markup: messages may quote tag names, queries or file names."""
        self.notify(one_line(message, 300), title=one_line(title), severity=severity, timeout=timeout, markup=False)

    def _bindings_changed(self) -> None:
        """Refresh the footer only when what enables the keys changed (it recomposes: not free)."""
        result = self.result
        state = (self.reading.article is not None, bool(self.undo_stack), bool(result and result.total))
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in REVIEW_ACTIONS:
            return self.review_check_action(action)
        if action in ARTICLE_ACTIONS or action in LIST_ACTIONS:
            if isinstance(self.focused, Input):
                return False  # letters type into the query; keep the footer honest
            if action in ARTICLE_ACTIONS and self.reading.article is None:
                return None
            return self.tag_check_action(action)
        return True

    # -- help and palette --------------------------------------------------------------------------

    def action_help(self) -> None:
        self.app.push_screen(main_help(self.app, main_bindings(), ReviewScreen.BINDINGS))

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        return main_commands(self, [*main_bindings(), *ReviewScreen.BINDINGS], self.tag_pane.counts) + self.saved_commands()


def main_bindings() -> list[Binding]:
    """The main screen's own keys with its tagging and exploring keys (help and palette)."""
    return [*MainScreen.BINDINGS, *TaggingScreen.BINDINGS, *ExploreScreen.BINDINGS]
