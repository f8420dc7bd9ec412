"""The main screen: search pane, tag pane and reading pane, and the state that ties them.

The screen owns the state (the query shown, its hit terms, the article open, the undo stack)
and every call into the engine. Each engine call runs in a thread worker; results come back
with `call_from_thread` and are applied only if they are still the newest of their kind
(generation counters), so a slow stale search never overwrites a newer one. Widgets below
only draw what they are given and post messages up.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, OptionList, ProgressBar
from textual.worker import Worker, WorkerState

from index import (
    FOLLOWUP,
    SORTS,
    Corpus,
    CorpusError,
    HitTerms,
    InternalError,
    Progress,
    QueryError,
    SearchCancelled,
    SearchResult,
    SourceChanged,
    TagChange,
    TagCount,
    one_line,
)

from .article_render import cleaned_source, raw_source
from .article_view import ArticleView
from .help_screen import HelpScreen
from .hit_list import HitList
from .messages import IndexProgress
from .reading_pane import ArticleDisplay, ReadingPane
from .search_pane import QueryInput, SearchPane
from .tag_dialogs import ConfirmScreen, RemoveTagScreen, TagEdit, TagEditScreen
from .tag_pane import TagPane

PAGE = 40
# Type-ahead waits after a key before searching: half as long as the last search took, within
# these bounds, so a fast index answers almost at once while keys typed during a slow search
# (a broad wildcard on a huge index) are gathered into one search instead of one per letter.
DEBOUNCE_MIN_S = 0.015
DEBOUNCE_MAX_S = 0.2
# While typing, the first hit is read into the reading pane only once the results hold still
# this long (Enter or moving in the list opens at once): opening articles on every
# intermediate result would compete with the next search.
PREVIEW_DELAY_S = 0.3
# A search still running after this long says so on the status line.
BUSY_AFTER_S = 0.15
PROGRESS_EVERY_S = 0.05
NO_TERMS = HitTerms(frozenset(), ())


def _nothing() -> None:
    """The outcome of a cancelled search: a newer one is queued and shows its own."""


_PLAIN_TAG = re.compile(r"^[\w\-.]+$", re.UNICODE)

# Actions that act on the open article or the result list: hidden from the footer (and inert)
# while the query input has the focus, where their letters type.
ARTICLE_ACTIONS = {"next_hit", "previous_hit", "toggle_raw", "toggle_followup", "add_tags", "remove_tag"}
LIST_ACTIONS = {"bulk_tag", "undo", "cycle_sort"}
SORT_LABELS = {"relevance": "by relevance", "newest": "newest first", "oldest": "oldest first"}


def tag_clause(tag: str) -> str:
    """The query clause selecting a tag (quoted when the name holds ':' or similar)."""
    return f"tag:{tag}" if _PLAIN_TAG.match(tag) else f'tag:"{tag}"'


def describe_change(change: TagChange, undo: bool = False) -> str:
    added, removed = len(change.added), len(change.removed)
    if undo:
        added, removed = removed, added
    parts = []
    if added:
        parts.append(f"{added} tag{'s' if added != 1 else ''} added")
    if removed:
        parts.append(f"{removed} removed")
    what = ", ".join(parts) or "nothing changed"
    n = change.articles
    return f"{what} on {n} article{'s' if n != 1 else ''}"


class MainScreen(Screen):
    """Search, read and tag on one screen."""

    BINDINGS = [
        Binding("slash", "focus_query", "Search", tooltip="Put the cursor in the query"),
        Binding("n", "next_hit", "Next hit", tooltip="Jump to the next hit in the article"),
        Binding("N", "previous_hit", "Prev hit", tooltip="Jump to the previous hit in the article"),
        Binding("r", "toggle_raw", "Raw", tooltip="Show the raw file, with the lines the cleaner removed dimmed"),
        Binding("f", "toggle_followup", "Follow-up", tooltip="Flag or unflag the article for follow-up (⚑)"),
        Binding("t", "add_tags", "Tag", tooltip="Add tags (or -tag to remove) on the article"),
        Binding("x", "remove_tag", "Untag", tooltip="Pick one of the article's tags to remove"),
        Binding("B", "bulk_tag", "Tag all", tooltip="Tag every article of the result list (asks first)"),
        Binding("u", "undo", "Undo", tooltip="Undo the last tag change, single or bulk"),
        Binding("s", "cycle_sort", "Sort", tooltip="Order hits by relevance, newest first or oldest first"),
    ]

    def __init__(self, corpus: Corpus, *, initial_query: str = "", timings: bool = True):
        super().__init__()
        self.corpus = corpus
        self.initial_query = initial_query
        self.timings = timings
        self.shown_query: str | None = None  # the query whose hits are shown
        self.result: SearchResult | None = None
        self.sort = SORTS[0]
        self.terms: HitTerms = NO_TERMS
        self.undo_stack: list[TagChange] = []
        self.tag_counts: list[TagCount] = []
        self.indexing = False
        self._search_generation = 0
        self._article_generation = 0
        self._wanted_query: str | None = None  # the newest query asked for (running or queued)
        self._search_running = False
        self._search_queued = False
        self._search_cancel = threading.Event()  # set to stop the running search
        self.searches_cancelled = 0  # stale searches stopped early (the tests read it)
        self._last_search_s = DEBOUNCE_MIN_S
        self._debounce: Timer | None = None
        self._preview: Timer | None = None
        self._busy: Timer | None = None
        self._focus_hits_when_ready = False
        self._loading_more = False
        self._cancel_update = threading.Event()
        self._write_lock = threading.Lock()
        self._last_progress = 0.0
        self._binding_state: tuple | None = None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield SearchPane(id="search-pane")
                yield TagPane(id="tags")
            yield ReadingPane(id="reading")
        with Horizontal(id="indexing"):
            yield Label("indexing", id="indexing-label")
            yield ProgressBar(id="indexing-bar", show_eta=False)
        yield Footer()

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
    def tag_pane(self) -> TagPane:
        return self.query_one("#tags", TagPane)

    def on_mount(self) -> None:
        self.query_one("#search-pane").border_title = one_line(self.corpus.root.name) or "corpus"
        self.query_one("#indexing").display = False
        self.query_input.value = self.initial_query
        self.query_input.focus()
        self.run_search(self.initial_query)
        self.refresh_tag_counts()
        for note in self.corpus.repairs:  # a damaged cache found on opening, now started afresh
            self.say(note, title="Cache rebuilt", severity="warning", timeout=8)
        self.check_index()

    def on_unmount(self) -> None:
        self._cancel_update.set()

    # -- startup update ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="update", exit_on_error=False)
    def check_index(self) -> None:
        """Bring the index up to date in the background; the app stays usable meanwhile."""
        try:
            if not self.corpus.needs_update():
                return
            self.app.call_from_thread(self._indexing_started)
            report = self.corpus.update(progress=self._on_progress, cancel=self._cancel_update)
        except CorpusError as exc:
            self.app.call_from_thread(self._indexing_failed, str(exc))
            return
        except Exception as exc:  # an update must never take the app down
            self.app.call_from_thread(self._indexing_failed, f"indexing failed: {exc}")
            return
        if not self._cancel_update.is_set():
            self.app.call_from_thread(self._indexing_done, report.summary(), report.changed)

    def _on_progress(self, progress: Progress) -> None:
        """Engine callback (worker thread): post at most every 50 ms, and always stage changes."""
        now = time.monotonic()
        if progress.stage in ("done", "commit") or now - self._last_progress >= PROGRESS_EVERY_S:
            self._last_progress = now
            self.post_message(IndexProgress(progress))

    def _indexing_started(self) -> None:
        self.indexing = True
        self.query_one("#indexing").display = True

    @on(IndexProgress)
    def _show_progress(self, message: IndexProgress) -> None:
        p = message.progress
        bar = self.query_one("#indexing-bar", ProgressBar)
        bar.update(total=p.total, progress=p.done)
        label = f"indexing · {p.stage}"
        if p.total:
            label += f" {p.done:,}/{p.total:,}"
        self.query_one("#indexing-label", Label).update(Text(label))

    def _indexing_finished(self) -> None:
        self.indexing = False
        self.query_one("#indexing").display = False

    def _indexing_done(self, summary: str, changed: bool) -> None:
        self._indexing_finished()
        self.say(summary, title="Index up to date")
        self.run_search(self.query_input.value, force=True)
        self.refresh_tag_counts()

    def _indexing_failed(self, message: str) -> None:
        self._indexing_finished()
        self.say(message, title="Indexing stopped", severity="error", timeout=8)

    # -- searching ---------------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._stop_timers()
        delay = min(DEBOUNCE_MAX_S, max(DEBOUNCE_MIN_S, self._last_search_s / 2))
        self._debounce = self.set_timer(delay, lambda: self.run_search(self.query_input.value))

    def _stop_timers(self) -> None:
        for timer in (self._debounce, self._preview):
            if timer is not None:
                timer.stop()
        self._debounce = self._preview = None

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        """Enter: search now if needed, then move into the hit list at the first hit."""
        self._stop_timers()
        if event.value != self._wanted_query:
            self._focus_hits_when_ready = True
            self.run_search(event.value)
        elif self._search_generation_pending():
            self._focus_hits_when_ready = True
        else:
            self._enter_hits()

    def _search_generation_pending(self) -> bool:
        return self._wanted_query != self.shown_query

    def _enter_hits(self) -> None:
        hits = self.hit_list
        hits.focus()
        if not hits.hits:
            return
        if hits.highlighted is None:
            hits.highlighted = 0  # opens it (OptionHighlighted)
        elif self._preview is not None:
            self._open_current_hit()

    def run_search(self, query: str, *, force: bool = False) -> None:
        """Search for `query`, unless it is the newest one already asked for.

        One search runs at a time: a thread per keystroke would only pile up threads fighting
        over the GIL. A query asked for while one runs cancels it (the engine stops at its
        next check, within milliseconds: a broad wildcard on a big index would otherwise hold
        the new query back for seconds) and runs once it has stopped; only the newest
        waiting query runs.
        """
        if query == self._wanted_query and not force:
            return
        self._wanted_query = query
        self._search_generation += 1
        if self._search_running:
            self._search_queued = True
            self._search_cancel.set()
        else:
            self._start_search()

    def _start_search(self) -> None:
        self._search_queued = False
        self._search_running = True
        self._search_cancel = threading.Event()
        if self._busy is None:
            self._busy = self.set_timer(BUSY_AFTER_S, self._show_busy)
        self._search(self._wanted_query or "", self.sort, self._search_generation, self._search_cancel)

    def _show_busy(self) -> None:
        """A slow search (a big index, a broad wildcard) shows it is working, not stuck."""
        self._busy = None
        if self._search_running:
            self.query_one(SearchPane).set_status(Text("searching…", style="dim"))

    @work(thread=True, group="search", exit_on_error=False)
    def _search(self, query: str, sort: str, generation: int, cancel: threading.Event) -> None:
        started = time.perf_counter()
        text = query.strip()
        outcome: Callable[[], None]
        try:
            if not text:
                # Listing every article would rank the whole corpus (seconds on a large one);
                # the empty query shows how many there are and how to search instead.
                outcome = partial(self._show_nothing, generation, self.corpus.count())
            else:
                result = self.corpus.search(text, limit=PAGE, sort=sort, cancel=cancel)
                outcome = partial(self._search_done, generation, query, result, result.terms)
        except SearchCancelled:
            self.searches_cancelled += 1
            outcome = _nothing
        except QueryError as exc:
            outcome = partial(self._search_failed, generation, query, str(exc))
        except InternalError as exc:  # the engine's fault, not the query's: say so loudly
            outcome = partial(self._search_broke, generation, query, str(exc))
        except Exception as exc:  # e.g. no index yet while the first update runs
            message = "the index is being built…" if self.indexing else f"search failed: {exc}"
            outcome = partial(self._search_failed, generation, query, message)
        # (a cancelled search stopped early: its time says nothing of what searches cost)
        elapsed = None if outcome is _nothing else time.perf_counter() - started
        self.app.call_from_thread(self._search_finished, elapsed, outcome)

    def _search_finished(self, elapsed: float | None, outcome: Callable[[], None]) -> None:
        """Start the queued search, if any, then show this one's outcome if it is still wanted.
        The debounce follows how long finished searches took (`elapsed`; None: cancelled)."""
        self._search_running = False
        if elapsed is not None:
            self._last_search_s = elapsed
        if self._search_queued:
            self._start_search()
        elif self._busy is not None:
            self._busy.stop()
            self._busy = None
        outcome()

    def _show_nothing(self, generation: int, articles: int) -> None:
        if generation != self._search_generation:
            return
        self.shown_query = ""
        self.result = None
        self.terms = NO_TERMS
        self.hit_list.set_hits(())
        self._article_generation += 1
        self.reading.show(None)
        line = Text()
        line.append(f"{articles:,} articles", style="bold")
        line.append(" · type to search, * lists them all", style="dim")
        self.query_one(SearchPane).set_status(line)
        self._focus_hits_when_ready = False
        self._bindings_changed()

    def _search_done(self, generation: int, query: str, result: SearchResult, terms: HitTerms) -> None:
        if generation != self._search_generation:
            return  # a newer query was typed meanwhile
        self.shown_query = query
        self.result = result
        self.terms = terms
        hits = self.hit_list
        with hits.prevent(OptionList.OptionHighlighted):
            hits.set_hits(result.hits, has_more=len(result.hits) < result.total)
        self._show_status()
        if not result.hits:
            self._article_generation += 1
            self.reading.show(None)
        else:
            self._preview = self.set_timer(PREVIEW_DELAY_S, self._open_current_hit)
        if self._focus_hits_when_ready:
            self._focus_hits_when_ready = False
            self._enter_hits()
        self._bindings_changed()

    def _open_current_hit(self) -> None:
        """Read the hit under the list's cursor (and drop a pending preview: this is it)."""
        if self._preview is not None:
            self._preview.stop()
            self._preview = None
        hit = self.hit_list.current_hit
        if hit is not None:
            self.open_article(hit.id)

    def _search_failed(self, generation: int, query: str, message: str) -> None:
        if generation != self._search_generation:
            return
        self._focus_hits_when_ready = False
        self._show_status(error=message)

    def _search_broke(self, generation: int, query: str, message: str) -> None:
        if generation != self._search_generation:
            return
        self._search_failed(generation, query, "search failed: internal error (see the notification)")
        self.say(message, title="Internal error", severity="error", timeout=30)

    def _show_status(self, error: str | None = None) -> None:
        line = Text()
        result = self.result
        if error:
            line.append("⚠ " + one_line(error), style="bold #e06c75")
            if result is not None:
                line.append(f"  (still showing {one_line(self.shown_query or '', 40) or 'nothing'})", style="dim")
        elif result is not None:
            total = f"{result.total:,}"
            noun = "hit" if result.total == 1 else "hits"
            line.append(f"{total} {noun}", style="bold")
            if result.sort != SORTS[0]:
                line.append(f" · {SORT_LABELS[result.sort]}", style="bold")
            if self.timings:
                line.append(f" · {result.elapsed_ms:.0f} ms", style="dim")
            loaded = len(self.hit_list.hits)
            if loaded < result.total:
                line.append(f" · {loaded:,} loaded", style="dim")
        self.query_one(SearchPane).set_status(line)

    @on(HitList.NeedMore)
    def _need_more(self) -> None:
        if self._loading_more or self.result is None or self.shown_query is None:
            return
        self._loading_more = True
        self._load_more(self.shown_query, self.result.sort, self._search_generation, len(self.hit_list.hits))

    @work(thread=True, group="more", exit_on_error=False)
    def _load_more(self, query: str, sort: str, generation: int, loaded: int) -> None:
        try:
            result = self.corpus.search(query.strip(), limit=PAGE, offset=loaded, sort=sort)
        except Exception:
            result = None
        self.app.call_from_thread(self._more_loaded, generation, loaded, result)

    def _more_loaded(self, generation: int, loaded: int, result: SearchResult | None) -> None:
        self._loading_more = False
        if result is None or generation != self._search_generation or len(self.hit_list.hits) != loaded:
            return
        self.hit_list.append_hits(result.hits, has_more=loaded + len(result.hits) < result.total)
        self._show_status()

    # -- reading -----------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#hits")
    def _hit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._open_current_hit()

    @on(OptionList.OptionSelected, "#hits")
    def _hit_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(ArticleView).focus()

    def open_article(self, article_id: str) -> None:
        self._article_generation += 1
        self._load_article(article_id, self.shown_query or "", self.terms, self._article_generation)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load_article(self, article_id: str, query: str, terms: HitTerms, generation: int) -> None:
        try:
            article = self.corpus.article(article_id)
            clean = cleaned_source(article)
            raw = raw_source(article)
            data = ArticleDisplay(
                article=article,
                query=query,
                clean_source=clean,
                clean_spans=tuple(self.corpus.spans(clean, terms)),
                raw_source=raw,
                raw_spans=tuple(self.corpus.spans(raw, terms)),
            )
        except SourceChanged as exc:
            self.app.call_from_thread(self._source_changed, exc)
            return
        except CorpusError as exc:
            self.app.call_from_thread(self.say, str(exc), severity="warning")
            return
        self.app.call_from_thread(self._article_loaded, generation, data)

    def _source_changed(self, exc: SourceChanged) -> None:
        """The file behind a hit changed since the index was built: say so, and bring the
        index up to date (unless an update is already under way), as a restart would."""
        self.say(f"{exc.rel} {exc.what} since it was indexed; updating the index", severity="warning")
        if not any(w.group == "update" and not w.is_finished for w in self.workers):
            self.check_index()

    def _article_loaded(self, generation: int, data: ArticleDisplay) -> None:
        if generation != self._article_generation:
            return
        self.reading.show(data)
        self._bindings_changed()

    # -- tags --------------------------------------------------------------------------------------

    @property
    def current_article_id(self) -> str | None:
        """The article the tagging keys act on: the one being read."""
        article = self.reading.article
        if article is not None:
            return article.id
        hit = self.hit_list.current_hit
        return hit.id if hit is not None else None

    def _current_tags(self) -> tuple[str, ...]:
        article = self.reading.article
        return article.tags if article is not None else ()

    def refresh_tag_counts(self) -> None:
        self._load_tag_counts()

    @work(thread=True, exclusive=True, group="tag-counts", exit_on_error=False)
    def _load_tag_counts(self) -> None:
        try:
            counts = self.corpus.tag_counts()
        except Exception:
            return
        self.app.call_from_thread(self._show_tag_counts, counts)

    def _show_tag_counts(self, counts: list[TagCount]) -> None:
        self.tag_counts = list(counts)
        self.tag_pane.set_counts(counts)

    @on(TagPane.Filter)
    def _filter_by_tag(self, message: TagPane.Filter) -> None:
        """Add `tag:NAME` to the query (or take it out if it is there), visibly, and search."""
        clause = tag_clause(message.tag)
        words = self.query_input.value.split()
        if clause in words:
            words = [w for w in words if w != clause]
        else:
            words.append(clause)
        value = " ".join(words)
        self.query_input.value = value
        self.query_input.cursor_position = len(value)
        self._stop_timers()
        self.run_search(value)

    def _apply_tags(self, describe: str, job: Callable[[], TagChange | None], undo: bool = False) -> None:
        shown = set(self.hit_list.tags_by_id)
        article = self.reading.article
        if article is not None:
            shown.add(article.id)
        self._write_tags(describe, job, undo, shown)

    @work(thread=True, group="tag-write", exit_on_error=False)
    def _write_tags(self, describe: str, job: Callable[[], TagChange | None], undo: bool, shown: set[str]) -> None:
        """Run one tag write (committed by the engine before it returns), then gather what to redraw."""
        with self._write_lock:
            try:
                change = job()
            except CorpusError as exc:
                self.app.call_from_thread(self.say, str(exc), title="Tags unchanged", severity="error")
                return
            if change is None:
                return
            touched = {a for a, _ in change.added} | {a for a, _ in change.removed}
            fresh = {aid: self.corpus.tags_of(aid) for aid in touched & shown}
            counts = self.corpus.tag_counts()
        self.app.call_from_thread(self._tags_written, describe, change, fresh, counts, undo)

    def _tags_written(self, describe: str, change: TagChange, fresh: dict, counts: list[TagCount], undo: bool) -> None:
        if not undo and (change.added or change.removed):
            self.undo_stack.append(change)
        self.hit_list.refresh_tags(fresh)
        article = self.reading.article
        if article is not None and article.id in fresh:
            self.reading.set_tags(fresh[article.id])
        self._show_tag_counts(counts)
        self.say(f"{describe}: {describe_change(change, undo)}" + ("" if undo else " · u undoes"), timeout=3)
        self._bindings_changed()

    def action_toggle_followup(self) -> None:
        aid = self.current_article_id
        if aid is None:
            return
        flagged = FOLLOWUP in self._current_tags()
        self._apply_tags("Unflagged" if flagged else "Flagged ⚑", partial(self.corpus.toggle_followup, aid))

    def action_add_tags(self) -> None:
        aid = self.current_article_id
        if aid is None:
            return

        def done(edit: TagEdit | None) -> None:
            if edit:
                self._apply_tags(f"Tagged {edit.describe()}", partial(self.corpus.tag, [aid], edit.add, edit.remove))

        title = self.reading.article.title if self.reading.article else aid
        names = [c.name for c in self.tag_counts]
        self.app.push_screen(TagEditScreen(f"Tag: {title}", names, self._current_tags()), done)

    def action_remove_tag(self) -> None:
        aid = self.current_article_id
        tags = self._current_tags()
        if aid is None:
            return
        if not tags:
            self.say("This article has no tags.", timeout=2)
            return

        def done(tag: str | None) -> None:
            if tag:
                self._apply_tags(f"Removed #{tag}", partial(self.corpus.tag, [aid], (), [tag]))

        if len(tags) == 1:
            done(tags[0])
        else:
            self.app.push_screen(RemoveTagScreen(tags), done)

    def action_bulk_tag(self) -> None:
        result = self.result
        if result is None or not result.total:
            self.say("No results to tag.", timeout=2)
            return
        query = self.shown_query.strip()
        total = result.total

        def confirmed(edit: TagEdit, yes: bool | None) -> None:
            if yes:
                self._apply_tags(f"Bulk {edit.describe()}", partial(self.corpus.tag_query, query, edit.add, edit.remove))

        def chosen(edit: TagEdit | None) -> None:
            if not edit:
                return
            question = Text()
            question.append(f"Change tags ({edit.describe()}) on all {total:,} articles matching\n", style="bold")
            question.append(one_line(query, 200))
            question.append("\n\nu undoes it afterwards.", style="dim")
            self.app.push_screen(ConfirmScreen(question), partial(confirmed, edit))

        names = [c.name for c in self.tag_counts]
        note = f"All {total:,} articles of the result list: {one_line(query, 120)}"
        self.app.push_screen(TagEditScreen("Tag every hit", names, note=note), chosen)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.say("Nothing to undo.", timeout=2)
            return
        change = self.undo_stack.pop()

        def job() -> TagChange:
            self.corpus.undo(change)
            return change

        self._apply_tags("Undone", job, undo=True)

    # -- reading keys ------------------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        """Relevance → newest first → oldest first, and search again in the new order."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.say(f"Hits {SORT_LABELS[self.sort]}" + ("" if self.sort == SORTS[0] else " (undated articles last)"), timeout=2)
        self._stop_timers()
        self.run_search(self.query_input.value, force=True)

    def action_focus_query(self) -> None:
        self.query_input.focus()

    def action_next_hit(self) -> None:
        self.reading.next_hit(1)

    def action_previous_hit(self) -> None:
        self.reading.next_hit(-1)

    def action_toggle_raw(self) -> None:
        self.reading.toggle_raw()

    def say(self, message: str, *, title: str = "", severity: str = "information", timeout: float | None = None) -> None:
        """Notify without markup: messages may quote tag names, queries or file names."""
        self.notify(one_line(message, 300), title=one_line(title), severity=severity, timeout=timeout, markup=False)

    def _bindings_changed(self) -> None:
        """Refresh the footer only when what enables the keys changed (it recomposes: not free)."""
        state = (self.reading.article is not None, bool(self.undo_stack), bool(self.result and self.result.total))
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A worker that raised unexpectedly becomes a notification, never a crash."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.say(one_line(f"{type(error).__name__}: {error}", 200), title="Something went wrong", severity="error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ARTICLE_ACTIONS or action in LIST_ACTIONS:
            if isinstance(self.focused, Input):
                return False  # letters type into the query; keep the footer honest
            if action in ARTICLE_ACTIONS and self.reading.article is None:
                return None
            if action == "undo" and not self.undo_stack:
                return None
            if action == "bulk_tag" and not (self.result and self.result.total):
                return None
        return True

    # -- help and palette --------------------------------------------------------------------------

    def help_sections(self) -> list[tuple[str, list]]:
        """What the help screen lists, read from the BINDINGS where each action lives."""
        app = self.app
        palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Commands", tooltip="Every action by name")
        return [
            ("Anywhere", [*type(app).BINDINGS, *Screen.BINDINGS[:2], palette]),
            ("Main screen (outside the query)", self.BINDINGS),
            ("Query", QueryInput.BINDINGS),
            ("Hit list", [*HitList.BINDINGS, *OptionList.BINDINGS]),
            ("Tag pane", [*TagPane.BINDINGS, *OptionList.BINDINGS]),
            ("Article", ArticleView.BINDINGS),
        ]

    def action_help(self) -> None:
        notes = Text()
        notes.append("\nIn the query: ", style="bold")
        notes.append("results follow your typing; Enter goes to the first hit, Esc to the list.")
        notes.append("\nQueries: ", style="bold")
        notes.append(
            'words (stemmed: kill finds killed), "a phrase", title:x, source:y, date:2019-10, '
            "tag:name, tag:follow*, AND / OR / NOT, ( ). * lists every article."
        )
        self.app.push_screen(HelpScreen(self.help_sections(), notes))

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        commands = []
        for binding in Binding.make_bindings(self.BINDINGS):
            if any(c[0] == binding.description for c in commands):
                continue
            commands.append((binding.description, binding.tooltip, partial(self.run_action, binding.action)))
        commands.append(("Help: keys", "Show every key binding", partial(self.run_action, "help")))
        for count in self.tag_counts:
            commands.append(
                (f"Filter by tag: {one_line(count.name)}", f"{count.count} articles", partial(self.post_message, TagPane.Filter(count.name)))
            )
        return commands
