"""The search pane: the query, its status line and the hit list, and the searches behind them.

The pane owns the type-ahead. Every query runs in a Textual thread worker of the exclusive
"search" group: starting one cancels the one before (its `cancelled_event` is handed to the
engine, which stops at its next check), so however fast keys arrive only the newest query's
worker can still deliver. A worker's result is applied when its `Worker.StateChanged` reports
success and it is still the pane's newest worker; the pane then redraws the list and posts
`SearchPane.Shown` up, and the screen decides what to read.

Enter is an intent carried by the request, not a flag on the screen: if the query's search is
still running, that request is marked to open its first hit; if its results are on screen,
they are opened at once; otherwise a search is started that opens its first hit when done.
The focus moves to the hit list when Enter is pressed, so keys typed right after it (Down, j,
Enter) go to the list, never into the query.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.worker import Worker, WorkerState, get_current_worker

from index import SORTS, Corpus, HitTerms, InternalError, QueryError, SearchCancelled, SearchResult

from .hit_list import HitList
from .reading_pane import load_display
from .query_history import QueryHistory
from .keyboard import Hold, NoHold, hold_keys
from .status_text import empty_query_status, search_status

PAGE = 40
NO_TERMS = HitTerms(frozenset(), ())
# A search waits this long after its key (half the time the last search took, within these
# bounds) before it starts: on a fast index almost at once, on a slow one the keys typed in
# the meantime replace it before it costs anything. The wait is the worker's own
# `cancelled_event.wait`, so a newer key ends it at once.
DEBOUNCE_MIN_S = 0.01
DEBOUNCE_MAX_S = 0.2
# A search still running after this long says so on the status line.
BUSY_AFTER_S = 0.15
# `G` loads every remaining hit up to this many (the rows are virtual, the hits are not).
LOAD_ALL_MAX = 50_000


@dataclass
class SearchRequest:
    """One query asked for. `open_first` may be set while it runs (Enter pressed meanwhile)."""

    query: str
    sort: str
    open_first: bool = False
    collapse: bool = False  # one row per group of near-copies
    keep: str | None = None  # an article to keep selected and open (a new order of the same hits)
    expand: frozenset[str] = frozenset()  # folded groups listed under their row (see `unfold`)
    rows: int = 0  # load at least this many rows (the ones loaded before, around the cursor)
    unfold: bool = False  # only groups were unfolded or folded: the list keeps its scroll
    started: bool = False  # its worker is past the debounce wait, searching
    hold: Hold | NoHold = field(default_factory=NoHold)  # keys typed after Enter wait for the hits


@dataclass(frozen=True)
class SearchOutcome:
    """What one search worker found: a result, the article count (empty query) or an error."""

    request: SearchRequest
    result: SearchResult | None = None
    articles: int = 0
    error: str | None = None
    elapsed_s: float = 0.0
    # The first hit ready to draw (an ArticleDisplay, or the CorpusError reading it raised),
    # read by the search worker itself when Enter was already waiting for it.
    first: object | None = None


def rows_of(result: SearchResult) -> int:
    """How many rows a result lists: its hits, or its rows once near-copies are folded."""
    return result.rows if result.rows is not None else result.total


class QueryInput(Input):
    """The query; letters type here, Escape leaves it for the hit list, Enter reads; Up and
    Down walk the query history (Down past the newest leaves for the hit list)."""

    BINDINGS = [
        Binding("escape", "leave", "To hits", tooltip="Leave the query for the hit list"),
        Binding("up", "history_older", "Older query", id="query.history_older", tooltip="The previous query in the history", show=False),
        Binding("down", "history_newer", "Newer query", id="query.history_newer", tooltip="The next query in the history (past the newest: to the hit list)", show=False),
    ]

    class Used(Message):
        """A query was used (Enter, or leaving the query for its hits): it joins the history."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.history = QueryHistory()
        # The stored history is read in a thread as the app opens: Up and Down typed before it
        # is there wait for it, in order, rather than ring at an empty history.
        self.history_loaded = False
        self._waiting: list[str] = []

    def history_arrived(self, past: list[str]) -> None:
        """The stored history is read: it goes under the queries used meanwhile, and the Up and
        Down keys that waited for it act now."""
        current = self.history
        self.history = QueryHistory(current.entries + [q for q in past if q not in current.entries])
        self.history_loaded = True
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            if action == "older":
                self.action_history_older()
            else:
                self.action_history_newer()

    def _used(self) -> None:
        if self.value.strip():
            self.history.add(self.value)
            self.post_message(self.Used(self.value.strip()))

    def _show(self, value: str) -> None:
        self.value = value
        self.cursor_position = len(value)

    def action_leave(self) -> None:
        self._used()
        pane = self.parent
        if isinstance(pane, SearchPane):
            pane.leave(self.value)
        else:
            self.screen.query_one(HitList).focus()

    def action_history_older(self) -> None:
        if not self.history_loaded:
            self._waiting.append("older")
            return
        older = self.history.older(self.value)
        if older is None:
            self.app.bell()
        else:
            self._show(older)

    def action_history_newer(self) -> None:
        if not self.history_loaded and self._waiting:
            self._waiting.append("newer")
            return
        newer = self.history.newer()
        if newer is None:
            self.action_leave()
        else:
            self._show(newer)

    async def action_submit(self) -> None:
        """Enter, handled while the key is (see `keyboard`): the focus moves to the hit list
        before the next key is read, so that key goes there."""
        self._used()
        pane = self.parent
        if isinstance(pane, SearchPane):
            pane.submit(self.value)


class SearchPane(Vertical):
    """Query, status line and hits; searches in workers and reports what it shows."""

    class Shown(Message):
        """The newest query's hits are on screen (or the empty query's article count)."""

        def __init__(self, outcome: SearchOutcome) -> None:
            super().__init__()
            self.outcome = outcome

        @property
        def request(self) -> SearchRequest:
            return self.outcome.request

    class Open(Message):
        """Enter on results already shown: read the hit under the cursor now."""

    def __init__(self, corpus: Corpus, *, timings: bool = True, id: str | None = None):
        super().__init__(id=id)
        self.corpus = corpus
        self.timings = timings
        self.sort = SORTS[0]
        self.building = False  # the first build is running: counts are not final
        self.collapse = False  # near-copies folded into one row (see `Corpus.search`)
        self.expanded: frozenset[str] = frozenset()  # folded groups unfolded (→), for this query
        self.shown: SearchOutcome | None = None  # what the list and status line show
        self.searches_cancelled = 0  # stale searches stopped before they delivered
        self._pending: SearchRequest | None = None  # the request of the newest running worker
        self._worker: Worker | None = None
        self._last_search_s = DEBOUNCE_MIN_S
        self._through: tuple[Worker, Callable[[bool], None]] | None = None  # `load_through`'s load
        self._to_end: tuple[Worker, Hold | NoHold] | None = None  # G's load, and the keys it holds

    def compose(self) -> ComposeResult:
        yield QueryInput(
            placeholder='search: words, "a phrase", title:x, source:y, date:2019-10, tag:z, AND/OR/NOT',
            id="query",
            select_on_focus=False,
        )
        yield Static(Text("type to search", style="dim"), id="search-status")
        yield HitList(id="hits")

    @property
    def query_input(self) -> QueryInput:
        return self.query_one(QueryInput)

    @property
    def hit_list(self) -> HitList:
        return self.query_one(HitList)

    @property
    def result(self) -> SearchResult | None:
        return self.shown.result if self.shown is not None else None

    @property
    def busy(self) -> bool:
        """A search is running whose results are not shown yet."""
        return self._pending is not None

    # -- asking ----------------------------------------------------------------------------------

    def set_query(self, value: str, hold: str | None = None) -> None:
        """Put a query in the input (visibly) and search for it; `hold` (a reason): the keys
        typed meanwhile wait for its rows (see `search`)."""
        self.query_input.value = value
        self.query_input.cursor_position = len(value)
        self.search(value, hold=hold)

    def search(self, query: str | None = None, *, sort: str | None = None, force: bool = False,
               open_first: bool = False, keep: str | None = None, rows: int = 0, unfold: bool = False,
               hold: str | None = None) -> None:
        """Search for `query` (default: the input's) unless it is the newest already asked for.

        `hold` (a reason): the keys typed after the one that asked wait for the new rows, so a
        key that changes the list (a sort, folding copies) and the keys after it, typed in one
        burst, act on the list they were typed for."""
        query = self.query_input.value if query is None else query
        newest = self._pending or (self.shown.request if self.shown else None)
        if newest is not None and newest.query.strip() != query.strip():
            self.expanded = frozenset()  # another query: its groups start folded
        request = SearchRequest(query, sort or self.sort, open_first, self.collapse, keep,
                                expand=self.expanded if self.collapse else frozenset(), rows=rows, unfold=unfold)
        self.sort = request.sort
        if not force and newest is not None and (newest.query, newest.sort) == (request.query, request.sort):
            newest.open_first |= open_first
            return
        delay = 0.0 if open_first or keep or force else min(DEBOUNCE_MAX_S, max(DEBOUNCE_MIN_S, self._last_search_s / 2))
        if self._pending is not None:
            self._pending.hold.release()
        self._pending = request
        if hold is not None:
            request.hold = hold_keys(self.app, hold)
        self._worker = worker = self._run_search(request, delay)
        self.set_timer(BUSY_AFTER_S, partial(self._show_busy, worker))

    def unfold(self, group: str, open: bool, keep: str) -> None:
        """List the copies of a folded row under it (`open`), or fold them back: the same
        query searched again with the group (un)listed, as many rows loaded as before (and the
        copies), the cursor and the scroll kept on the row of `keep`. Keys typed meanwhile
        wait for it, so `→ j Enter` reads the first copy."""
        if not self.collapse or (group in self.expanded) == open:
            return
        self.expanded = self.expanded | {group} if open else self.expanded - {group}
        hits = self.hit_list
        more = max((h.copies for h in hits.hits if h.group == group), default=0) if open else 0
        self.search(force=True, keep=keep, rows=len(hits.hits) + more, unfold=True, hold="unfold")

    def refresh_results(self, keep: str | None = None) -> None:
        """Search the shown query again (the index or the tags changed under it)."""
        self.search(force=True, keep=keep)

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        """Search what the input holds now: a Changed still queued when Enter was handled
        (Enter acts at once) carries an older value, and must not replace Enter's search."""
        event.stop()
        self.search(self.query_input.value)

    def submit(self, value: str) -> None:
        """Enter in the query: into the hit list, reading the first hit of `value`'s results."""
        pending = self._pending
        if pending is None and self.shown is not None and self.shown.request.query == value and not self.hit_list.hits:
            return  # its results are shown, and none: the query keeps the keys typed after Enter
        self.hit_list.focus()
        if pending is not None and pending.started and (pending.query, pending.sort) == (value, self.sort):
            pending.open_first = True  # its worker reads the first hit as soon as it has it
            pending.hold.release()
            pending.hold = hold_keys(self.app, "search")
        elif pending is None and self.shown is not None and self.shown.request.query == value:
            self.post_message(self.Open())
        else:
            # a new search, or this one still in its debounce wait (a wait for typing, not Enter)
            self.search(value, force=True, open_first=True)
            if self._pending is not None:
                self._pending.hold = hold_keys(self.app, "search")

    def leave(self, value: str) -> None:
        """Esc in the query: into the hit list. If the query's hits are not shown yet, they
        are searched now (no typing pause to wait for) and the keys typed after Esc wait for
        them: `storm Esc j Enter` reads the second hit of "storm", not of the list before."""
        self.hit_list.focus()
        pending = self._pending
        if pending is not None and pending.started and (pending.query, pending.sort) == (value, self.sort):
            pending.hold.release()
            pending.hold = hold_keys(self.app, "leave")
        elif pending is not None or (self.shown is not None and self.shown.request.query != value):
            self.search(value, force=True, hold="leave")

    # -- the workers -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, request: SearchRequest, delay: float) -> SearchOutcome | None:
        cancel = get_current_worker().cancelled_event
        if delay and cancel.wait(delay):
            return None  # a newer key arrived before this one was worth searching
        request.started = True
        started = time.perf_counter()
        text = request.query.strip()
        try:
            if not text:
                # Ranking every article would take seconds on a big corpus; the empty query
                # says how many there are and how to list them.
                return SearchOutcome(request, articles=self.corpus.count())
            result = self.corpus.search(text, limit=max(PAGE, request.rows), sort=request.sort, cancel=cancel,
                                        collapse=request.collapse, expand=request.expand)
            elapsed = time.perf_counter() - started
            first = None
            if request.open_first and result.hits and not cancel.is_set():
                # Enter is waiting: read the first hit here, in this thread, rather than in
                # a worker of the reading pane started only once these results are drawn.
                first = load_display(self.corpus, result.hits[0].id, request.query, result.terms or NO_TERMS)
            return SearchOutcome(request, result, elapsed_s=elapsed, first=first)
        except SearchCancelled:
            self.searches_cancelled += 1
            return None
        except QueryError as exc:
            return SearchOutcome(request, error=str(exc))
        except InternalError as exc:  # the engine's fault, not the query's: say so loudly
            self.app.call_from_thread(
                self.app.notify, str(exc), title="Internal error", severity="error", timeout=30, markup=False
            )
            return SearchOutcome(request, error="search failed: internal error (see the notification)")
        except Exception as exc:  # e.g. no index yet while the first build runs
            message = "the index is being built…" if self.building else f"search failed: {exc}"
            return SearchOutcome(request, error=message)

    @work(thread=True, exclusive=True, group="more", exit_on_error=False)
    def _load_more(self, outcome: SearchOutcome, loaded: int, limit: int, to_row: int | None) -> tuple:
        """The next page of hits; or (`to_row`) every hit through that row and a page after
        it, the rows around it with snippets (the ones between are listed without)."""
        request = outcome.request
        text = request.query.strip()
        try:
            if to_row is None:
                more = self.corpus.search(text, limit=limit, offset=loaded, sort=request.sort, collapse=request.collapse,
                                          expand=request.expand)
                return outcome, loaded, more.hits, rows_of(more), None
            end = min(rows_of(outcome.result), LOAD_ALL_MAX, to_row + PAGE)
            tail_from = max(loaded, min(to_row - PAGE // 2, end - PAGE))
            middle = self.corpus.search(text, limit=tail_from - loaded, offset=loaded, sort=request.sort, snippets=False,
                                        collapse=request.collapse, expand=request.expand)
            tail = self.corpus.search(text, limit=end - tail_from, offset=tail_from, sort=request.sort, collapse=request.collapse,
                                      expand=request.expand)
            return outcome, loaded, middle.hits + tail.hits, rows_of(tail), to_row
        except Exception:
            return None

    def load_through(self, row: int, done: Callable[[bool], None]) -> None:
        """Load the hits through `row` (0-based, with a page after it), put the list's cursor
        on it without opening it, then call `done(True)`; `done(False)` when the row is past
        what the list can hold or a newer query replaced the result meanwhile."""
        result = self.result
        hits = self.hit_list
        if result is None or self.shown is None or not 0 <= row < min(rows_of(result), LOAD_ALL_MAX):
            done(False)
            return
        if row < len(hits.hits):
            with hits.prevent(OptionList.OptionHighlighted):
                hits.highlighted = row
            done(True)
            return
        self.workers.cancel_group(self, "more")
        self._finish_through(None, False)
        self._through = (self._load_more(self.shown, len(hits.hits), PAGE, row), done)

    def _finish_through(self, worker: Worker | None, found: bool) -> None:
        """Tell `load_through`'s caller how its load ended (`worker` None: whichever it was)."""
        if self._through is not None and (worker is None or self._through[0] is worker):
            done = self._through[1]
            self._through = None
            done(found)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        try:
            self._worker_changed(event)
        finally:
            if event.worker.is_finished:
                self._end_to_end(event.worker)  # (after its rows are listed and the cursor is on the last)

    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "more" and worker.is_finished and (event.state != WorkerState.SUCCESS or worker.result is None):
            self._finish_through(worker, False)
        if event.state != WorkerState.SUCCESS or worker.result is None:
            return
        if worker.group == "search" and worker is self._worker:
            self._pending = None
            self._apply(worker.result)
        elif worker.group == "more":
            outcome, loaded, hits, total, to_row = worker.result
            hit_list = self.hit_list
            if outcome is not self.shown or len(hit_list.hits) != loaded:
                self._finish_through(worker, False)
                return  # a newer query, or rows loaded meanwhile
            hit_list.append_hits(hits, has_more=loaded + len(hits) < min(total, LOAD_ALL_MAX))
            self.draw_status()
            if to_row is None or not hit_list.hits:
                self._finish_through(worker, False)
                return
            if self._through is None or self._through[0] is not worker:
                hit_list.highlighted = min(to_row, len(hit_list.hits) - 1)  # G: opens it, as a move does
                return
            with hit_list.prevent(OptionList.OptionHighlighted):
                hit_list.highlighted = min(to_row, len(hit_list.hits) - 1)
            self._finish_through(worker, True)

    def _apply(self, outcome: SearchOutcome) -> None:
        """Show a finished search (the newest) and tell the screen."""
        if outcome.error is not None:
            self.draw_status(error=outcome.error)  # the last good results stay
            outcome.request.hold.release()
            return
        self._last_search_s = outcome.elapsed_s or self._last_search_s
        self.shown = outcome
        hits = self.hit_list
        result = outcome.result
        scrolled = hits.scroll_y
        with hits.prevent(OptionList.OptionHighlighted):
            if result is None:
                hits.set_hits(())
            else:
                hits.set_hits(result.hits, has_more=len(result.hits) < rows_of(result))
                keep = outcome.request.keep
                if keep is not None and keep in hits.tags_by_id:
                    if outcome.request.unfold:  # the rows above stay where they were
                        hits.scroll_to(y=scrolled, animate=False, immediate=True)
                    hits.select_id(keep)
        self.draw_status()
        self.post_message(self.Shown(outcome))

    def _show_busy(self, worker: Worker) -> None:
        """A slow search (a big index, a broad wildcard) shows it is working, not stuck."""
        if worker is self._worker and self._pending is not None:
            self.query_one("#search-status", Static).update(Text("searching…", style="dim"))

    @on(HitList.NeedMore)
    def _need_more(self, message: HitList.NeedMore) -> None:
        message.stop()
        hold = message.hold
        try:
            result = self.result
            if result is None or self.shown is None:
                return
            if any(w.group == "more" and not w.is_finished for w in self.workers):
                if not message.to_end:
                    return  # a page is on its way
                self.workers.cancel_group(self, "more")  # G: fetch them all instead
            loaded = len(self.hit_list.hits)
            end = min(rows_of(result), LOAD_ALL_MAX)
            if loaded < end:
                worker = self._load_more(self.shown, loaded, PAGE, end - 1 if message.to_end else None)
                if message.to_end:
                    self._end_to_end(None)
                    self._to_end, hold = (worker, hold), NoHold()
        finally:
            hold.release()

    def _end_to_end(self, worker: Worker | None) -> None:
        """G's load is over (`worker` None: whichever it was): the keys typed after G go on."""
        if self._to_end is not None and (worker is None or self._to_end[0] is worker):
            hold = self._to_end[1]
            self._to_end = None
            hold.release()

    # -- drawing ---------------------------------------------------------------------------------

    def draw_status(self, error: str | None = None) -> None:
        shown = self.shown
        if error is None and shown is not None and shown.result is None:
            line = empty_query_status(shown.articles, self.building)
        else:
            unfolded = len(shown.request.expand) if shown is not None and error is None else 0
            line = search_status(self.result, len(self.hit_list.hits), timings=self.timings, error=error, building=self.building,
                                 unfolded=unfolded)
        self.query_one("#search-status", Static).update(line)
