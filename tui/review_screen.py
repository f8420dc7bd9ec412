"""The research workflow on top of the main screen: notes, read marks and review progress,
triage, saved searches, export, more-like-this, did-you-mean and opening the original.

`ReviewScreen` is the main screen's base class: its keys, actions and state live here, so
`MainScreen` keeps to searching, reading and tagging and only tells this class when an article
opened or new results arrived (`review_opened`, `review_results`). It relies on what
MainScreen provides: `corpus`, `reading`, `hit_list`, `search_pane`, `query_input`, `result`,
`shown_query`, `_apply_tags`, `_open_current_hit`, `action_toggle_facets`, `say` and
`settings`. Every engine call runs in a thread worker.
"""

from __future__ import annotations

import functools
import time
from collections import deque
from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import events, on, work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from index import FOLLOWUP, CorpusError, NotFound, QueryError, SearchCancelled, one_line

from .export_dialog import ExportRequest, ExportScreen
from .facet_pane import FacetPane
from .keyboard import HOLD_TIMEOUT_S, hold_keys
from .list_tabs import ListTabs
from .note_dialog import NoteScreen
from .opener import open_external, target_for
from .progress_line import ProgressLine
from .reading_pane import ReadingPane
from .saved_dialogs import SaveSearchScreen
from .saved_pane import SavedPane
from .search_pane import QueryInput
from .tag_pane import TagPane

# Triage keys: (key, tag, label). Relevant and not relevant exclude each other.
TRIAGE = (("1", "relevant", "relevant"), ("2", "not-relevant", "not relevant"), ("3", FOLLOWUP, "follow-up"))
TRIAGE_TAGS = tuple(tag for _, tag, _ in TRIAGE)

# Actions on the open article (inert without one, and while typing in the query).
REVIEW_ARTICLE_ACTIONS = {"edit_note", "toggle_read", "more_like_this", "open_original"}
REVIEW_LIST_ACTIONS = {"next_unread", "toggle_triage", "export", "save_search", "saved_searches", "triage"}
REVIEW_ACTIONS = REVIEW_ARTICLE_ACTIONS | REVIEW_LIST_ACTIONS | {"accept_suggestion"}


def on_the_article_shown(action: Callable) -> Callable:
    """Make an action on "the article" act on the one the reader is opening, when one is on
    its way: `j` then `a` typed together writes the note on the article `j` went to, not on
    the one still shown. The action then runs once that article is shown, and keys typed
    meanwhile wait for it (see `keyboard`)."""

    @functools.wraps(action)
    def run(self, *args):
        if self.reading.loading:
            self._after_open.append((time.monotonic(), partial(action, self, *args), hold_keys(self.app, "article-key")))
        else:
            action(self, *args)

    return run


class ReviewLine(Static):
    """Review progress for the shown query ("37/240 read"), the triage counts in triage
    mode, and a "did you mean" offer when a query finds nothing."""

    def show(self, read: int | None, total: int, triage: dict[str, int] | None, suggestion: str | None) -> None:
        line = Text()
        if suggestion:
            line.append("did you mean ", style="yellow")
            line.append(one_line(suggestion, 80), style="bold yellow")
            line.append("  (ctrl+y)", style="dim")
        elif read is not None and total:
            line.append(f"{read:,}/{total:,} read", style="cyan")
        if triage is not None:
            if line:
                line.append("  ")
            line.append("Triage ", style="bold reverse")
            line.append(" ")
            for n, (key, tag, label) in enumerate(TRIAGE):
                if n:
                    line.append(" · ", style="dim")
                line.append(f"{key} ", style="bold")
                line.append(f"{label} {triage.get(tag, 0)}")
        self.update(line)
        self.display = bool(line)


class ReviewScreen(Screen):
    """Keys and state of the research workflow (see the module docstring)."""

    BINDINGS = [
        Binding("a", "edit_note", "Note", id="review.note", tooltip="Write or edit a note on the article (shown under its header)"),
        Binding("m", "toggle_read", "Read/unread", id="review.toggle_read", tooltip="Mark the article unread again (or read)", show=False),
        Binding("U", "next_unread", "Next unread", id="review.next_unread", tooltip="Open the next hit you have not read", show=False),
        Binding("T", "toggle_triage", "Triage", id="review.triage", tooltip="Triage mode: 1 relevant, 2 not relevant, 3 follow-up, then the next hit"),
        Binding("1", "triage('relevant')", "Relevant", id="review.relevant", tooltip="Triage: relevant, then the next hit", show=False),
        Binding("2", "triage('not-relevant')", "Not relevant", id="review.not_relevant", tooltip="Triage: not relevant, then the next hit", show=False),
        Binding("3", "triage('followup')", "Follow-up", id="review.followup", tooltip="Triage: follow-up, then the next hit", show=False),
        Binding("L", "more_like_this", "Like this", id="review.more_like_this", tooltip="Search for articles like this one (an editable query)", show=False),
        Binding("S", "save_search", "Save search", id="review.save_search", tooltip="Save the current query under a name (@name)", show=False),
        Binding("at", "saved_searches", "Saved searches", id="review.saved", tooltip="The saved searches (the tags' second tab) with live counts and what is new; again: the tags", show=False),
        Binding("E", "export", "Export", id="review.export", tooltip="Export the result list (CSV, JSONL, Markdown); in the tag pane, the tag's articles", show=False),
        Binding("o", "open_original", "Open", id="review.open", tooltip="Open the article's URL (or its file) with the system's opener", show=False),
        Binding("ctrl+y", "accept_suggestion", "Did you mean", id="review.did_you_mean", tooltip="Search for the suggested spelling", show=False),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .settings import Settings

        self.settings = Settings()  # the app hands its own in (tui/settings.py)
        self.triage_mode = False
        self.triage_counts: dict[str, int] = {}
        self.read_count: int | None = None
        self.suggestion: str | None = None
        self._after_open: list[tuple[float, Callable[[], None], object]] = []  # see on_the_article_shown
        self._read_queue: deque[tuple[str, bool]] = deque()  # read marks to write, in order
        self._read_writing = False

    @on(events.Mount)
    def _load_history(self) -> None:
        self._read_history()
        self._warm_suggestions()

    @work(thread=True, group="history", exit_on_error=False)
    def _read_history(self) -> None:
        past: list[str] = []
        try:
            past = self.corpus.history()
        except CorpusError:
            pass
        finally:  # (whatever happened, the keys waiting for the history go on)
            self.app.call_from_thread(self._history_read, past)

    @work(thread=True, group="warm-suggestions", exit_on_error=False)
    def _warm_suggestions(self) -> None:
        """Build the vocabulary "did you mean" searches (once per index segment, then cached),
        so the first query with no hits answers as fast as the next. Only a warm-up: with no
        index yet (a first build starting) there is nothing to warm, and a failure is no error
        to show (the first "did you mean" builds it then)."""
        try:
            if not self.corpus.needs_build():
                self.corpus.warm_suggestions()
        except Exception:
            return

    @property
    def saved_pane(self) -> SavedPane:
        return self.query_one(SavedPane)

    @on(ProgressLine.UpdateDone)
    def _index_updated(self) -> None:
        self.saved_pane.reload()

    def _history_read(self, past: list[str]) -> None:
        # (queries used while the history was loading stay on top)
        self.query_input.history_arrived(past)

    @on(QueryInput.Used)
    def _query_used(self, message: QueryInput.Used) -> None:
        self._remember(message.query)

    # -- hooks MainScreen calls ----------------------------------------------------------------

    def review_results(self) -> None:
        """New results are shown: recount what is read (and triaged), or look for a spelling."""
        self.suggestion = None
        result = self.result
        query = self.shown_query or ""
        if result is not None and query.strip():
            self._count_progress(query, result.total)
        else:
            self.read_count = None
            self._draw_review()

    def review_opened(self) -> None:
        """An article opened: mark it read (unless the settings say not to), then run the
        article keys that waited for it."""
        article = self.reading.article
        if article is not None:
            self._show_note(article.note)
            if not article.read and self.settings.mark_read_on_open:
                self._mark_read(article.id, True)
        self._run_after_open(article is not None)

    @on(ReadingPane.Failed)
    def _open_failed(self) -> None:
        self._run_after_open(False)

    def _run_after_open(self, run: bool) -> None:
        """Run (or drop) the actions waiting for the article, then let the keys go on."""
        waiting, self._after_open = self._after_open, []
        fresh = time.monotonic() - HOLD_TIMEOUT_S
        for asked, act, hold in waiting:
            try:
                if run and asked >= fresh:
                    act()
            finally:
                hold.release()

    # -- review progress -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review-count", exit_on_error=False)
    def _count_progress(self, query: str, total: int) -> None:
        try:
            read = self.corpus.count_read(query)
            triage = self.corpus.count_tagged(query, TRIAGE_TAGS) if self.triage_mode else {}
            suggestion = self.corpus.suggest(query) if total == 0 else None
        except (QueryError, CorpusError):
            return
        self.app.call_from_thread(self._progress_counted, query, read, triage, suggestion)

    def _progress_counted(self, query: str, read: int, triage: dict, suggestion) -> None:
        if query != (self.shown_query or ""):
            return  # a newer query is shown
        self.read_count = read
        self.triage_counts = triage
        self.suggestion = suggestion.query if suggestion else None
        self._draw_review()

    def _draw_review(self) -> None:
        result = self.result
        self.query_one(ReviewLine).show(
            self.read_count, result.total if result is not None else 0,
            self.triage_counts if self.triage_mode else None, self.suggestion,
        )

    def _recount(self) -> None:
        result = self.result
        if result is not None and self.shown_query:
            self._count_progress(self.shown_query, result.total)

    def _mark_read(self, article_id: str, read: bool) -> None:
        """Mark an article read or unread: shown at once (so `m` right after opening toggles
        what the screen shows), written in order by one worker at a time (an opening's
        "read" never lands after the `m` that followed it)."""
        self.hit_list.set_read(article_id, read)
        self.reading.set_read(article_id, read)
        self._read_queue.append((article_id, read))
        if not self._read_writing:
            self._read_writing = True
            self._write_reads()

    @work(thread=True, group="read-marks", exit_on_error=False)
    def _write_reads(self) -> None:
        while True:
            try:
                article_id, read = self._read_queue.popleft()
            except IndexError:
                break
            try:
                self.corpus.mark_read([article_id], read)
            except CorpusError as exc:
                self.app.call_from_thread(self._read_failed, article_id, read, str(exc))
        self.app.call_from_thread(self._reads_written)

    def _read_failed(self, article_id: str, read: bool, problem: str) -> None:
        self.hit_list.set_read(article_id, not read)
        self.reading.set_read(article_id, not read)
        self.say(problem, severity="warning")

    def _reads_written(self) -> None:
        self._read_writing = False
        if self._read_queue:  # asked for after the worker's last look
            self._read_writing = True
            self._write_reads()
            return
        self._recount()
        self.saved_pane.reload(read_marks_only=True)

    @on_the_article_shown
    def action_toggle_read(self) -> None:
        article = self.reading.article
        if article is None:
            return
        now_read = not self.hit_list.is_read(article.id, article.read)
        self._mark_read(article.id, now_read)
        self.say("Marked read" if now_read else "Marked unread", timeout=2)

    def action_next_unread(self) -> None:
        """The next hit after the cursor not read yet, in the whole result (not only the rows
        loaded), as the engine knows it (read marks from elsewhere count): the list loads the
        pages through it; past the last unread hit, the first one from the top. Keys typed
        meanwhile wait, so `U U` moves twice."""
        query = (self.shown_query or "").strip()
        if not query or self.result is None or not self.result.total:
            self.say("No hits to review.", timeout=2)
            return
        cursor = self.hit_list.highlighted
        cursor = -1 if cursor is None else cursor
        shown = self.search_pane.shown.request  # in the order the list shows
        self._find_unread(query, cursor, shown.sort, shown.collapse, shown.expand, hold_keys(self.app, "next-unread"))

    @work(thread=True, exclusive=True, group="next-unread", exit_on_error=False)
    def _find_unread(self, query: str, cursor: int, sort: str, collapse: bool, expand: frozenset[str], hold) -> None:
        try:
            row = self.corpus.next_unread(query, cursor, sort=sort, collapse=collapse, expand=expand, wrap=True,
                                          cancel=get_current_worker().cancelled_event)
        except (CorpusError, QueryError, SearchCancelled) as exc:
            self.app.call_from_thread(hold.release)
            if not isinstance(exc, SearchCancelled):
                self.app.call_from_thread(self.say, str(exc), severity="warning")
            return
        self.app.call_from_thread(self._unread_found, query, row, cursor, hold)

    def _unread_found(self, query: str, row: int | None, cursor: int, hold) -> None:
        if query != (self.shown_query or "").strip():
            hold.release()  # a newer query is shown
            return
        if row is None or row == cursor:
            hold.release()
            self.say("Every hit of this query is read." if row is None else "No other unread hit.", timeout=3)
            return

        def loaded(found: bool) -> None:
            if found:
                self._open_current_hit(hold=hold)
                if row < cursor:
                    self.say(f"Back to the first unread hit (number {row + 1:,})", timeout=2)
            else:
                hold.release()
                self.say(f"The next unread hit is number {row + 1:,}, past what the list can hold.", timeout=4)

        self.search_pane.load_through(row, loaded)

    # -- notes ---------------------------------------------------------------------------------

    def _show_note(self, text: str) -> None:
        self.reading.set_note(text)

    @on_the_article_shown
    def action_edit_note(self) -> None:
        article = self.reading.article
        if article is None:
            return

        def done(text: str | None) -> None:
            if text is not None:
                self._write_note(article.id, text)

        self.app.push_screen(NoteScreen(article.title or article.id, self.reading.note_text), done)

    @work(thread=True, group="note-write", exit_on_error=False)
    def _write_note(self, article_id: str, text: str) -> None:
        try:
            note = self.corpus.set_note(article_id, text)
        except CorpusError as exc:
            self.app.call_from_thread(self.say, str(exc), title="Note not saved", severity="error")
            return
        self.app.call_from_thread(self._note_written, article_id, note.text if note else "")

    def _note_written(self, article_id: str, text: str) -> None:
        article = self.reading.article
        if article is not None and article.id == article_id:
            self._show_note(text)
        self.hit_list.set_noted(article_id, bool(text))
        self.say("Note saved" if text else "Note removed", timeout=2)
        self.saved_pane.reload()

    # -- triage --------------------------------------------------------------------------------

    def action_toggle_triage(self) -> None:
        self.triage_mode = not self.triage_mode
        self.say("Triage: 1 relevant · 2 not relevant · 3 follow-up (each moves on); u undoes; T ends" if self.triage_mode else "Triage ended", timeout=3)
        self._recount()
        self._draw_review()
        self.refresh_bindings()

    @on_the_article_shown
    def action_triage(self, mark: str) -> None:
        aid = self.current_article_id
        if aid is None:
            return
        label = dict((tag, label) for _, tag, label in TRIAGE)[mark]
        self._apply_tags(f"Triage: {label}", partial(self.corpus.triage, aid, mark))
        # On to the next hit, its load started now rather than when the list's message about
        # the move arrives: the next triage key, however soon, waits for that article.
        hits = self.hit_list
        with hits.prevent(OptionList.OptionHighlighted):
            hits.action_cursor_down()
        self._open_current_hit()

    def review_tags_written(self) -> None:
        """A tag change landed, here or elsewhere (triage marks are tags): recount in triage
        mode, and the saved searches (their queries may name tags)."""
        if self.triage_mode:
            self._recount()
        self.saved_pane.reload()

    # -- saved searches, history ---------------------------------------------------------------

    @work(thread=True, group="history-write", exit_on_error=False)
    def _remember(self, query: str) -> None:
        try:
            self.corpus.remember(query)
        except CorpusError:
            return

    def action_save_search(self) -> None:
        query = (self.shown_query or "").strip()
        if not query:
            self.say("Type a query first.", timeout=2)
            return

        def done(name: str | None) -> None:
            if name:
                self._save(name, query)

        self.app.push_screen(SaveSearchScreen(query), done)

    @work(thread=True, group="saved-write", exit_on_error=False)
    def _save(self, name: str, query: str) -> None:
        try:
            found = self.corpus.save_search(name, query, replace=True)
        except (CorpusError, QueryError) as exc:
            self.app.call_from_thread(self.say, str(exc), title="Not saved", severity="error")
            return
        self.app.call_from_thread(self.say, f"Saved @{found.name} ({found.count:,} hits)", timeout=3)
        self.app.call_from_thread(self.saved_pane.reload)

    def action_saved_searches(self) -> None:
        """`@`: the saved-searches tab of the lists under the hits (in place of the facets if
        they are shown); from there, back to the tags."""
        facets = self.query_one(FacetPane)
        if facets.display:
            self.action_toggle_facets()  # (the screen's: gives the lists their place back)
        lists = self.query_one(ListTabs)
        lists.show("tags" if lists.current == "saved" and lists.has_focus_within else "saved")

    @on(SavedPane.Run)
    def _run_chosen(self, message: SavedPane.Run) -> None:
        try:
            self.run_saved(message.name)
        finally:
            message.hold.release()

    def run_saved(self, name: str) -> None:
        """Run a saved search as Enter runs a query: `@name` in the query box, its first hit
        opened, the focus on the hits (keys typed meanwhile wait for them); its hits are then
        no longer new."""
        query = f"@{name}"
        self.query_input.value = query
        self.query_input.cursor_position = len(query)
        self.search_pane.submit(query)
        self.query_input.history.add(query)
        self._remember(f"@{name}")
        self._open_saved(name)

    @work(thread=True, group="saved-open", exit_on_error=False)
    def _open_saved(self, name: str) -> None:
        try:
            self.corpus.open_saved(name)
        except CorpusError:
            return
        self.app.call_from_thread(self.saved_pane.reload)

    # -- more like this, did you mean ----------------------------------------------------------

    @on_the_article_shown
    def action_more_like_this(self) -> None:
        article = self.reading.article
        if article is not None:
            # the keys typed after L wait for its query's hits (they are meant for them)
            self._more_like(article.id, hold_keys(self.app, "more-like"))

    @work(thread=True, exclusive=True, group="more-like", exit_on_error=False)
    def _more_like(self, article_id: str, hold) -> None:
        try:
            try:
                query = self.corpus.more_like(article_id)
            except (CorpusError, NotFound) as exc:
                self.app.call_from_thread(self.say, str(exc), severity="warning")
                return
            self.app.call_from_thread(self._show_query, query, "Articles like this one: the query is yours to edit")
        finally:
            self.app.call_from_thread(hold.release)

    def _show_query(self, query: str, message: str) -> None:
        """Search `query`, put visibly in the box; the keys typed meanwhile wait for its hits."""
        self.search_pane.set_query(query, hold="new-query")
        self.say(message, timeout=3)

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self._show_query(self.suggestion, "Searching the suggested spelling")

    # -- export, open --------------------------------------------------------------------------

    def action_export(self) -> None:
        """Export the result list in its order; from the tag pane, the highlighted tag's articles."""
        tag_pane = self.query_one(TagPane)
        option = tag_pane.highlighted_option if tag_pane.has_focus else None
        if option is not None and option.id:
            count = next((c.count for c in tag_pane.counts if c.name == option.id), 0)
            label = f"{count:,} article{'s' if count != 1 else ''} tagged #{one_line(option.id, 40)}"
            request = ExportRequest(query=None, sort=self.search_pane.sort, tag=option.id, label=label)
        else:
            result = self.result
            query = (self.shown_query or "").strip()
            if result is None or not result.total:
                self.say("No results to export.", timeout=2)
                return
            label = f"{result.total:,} hit{'s' if result.total != 1 else ''} for {one_line(query, 40)!r}"
            request = ExportRequest(query=query, sort=self.search_pane.sort, label=label)

        def done(summary: str | None) -> None:
            if summary:
                self.say(summary, title="Export", timeout=5)

        self.app.push_screen(ExportScreen(self.corpus, request), done)

    @on_the_article_shown
    def action_open_original(self) -> None:
        article = self.reading.article
        if article is None:
            return
        path = self.corpus.root / article.path
        target = target_for(article.url, path)
        if target is None:
            self.say(f"No web address, and its file is an HTML page, whose scripts would run: not opened ({one_line(str(path), 120)})",
                     severity="warning", timeout=6)
            return
        problem = open_external(target)
        if problem:
            self.say(problem, severity="warning", timeout=6)
        else:
            self.say(f"Opening {one_line(target, 120)}", timeout=2)

    # -- which keys apply ------------------------------------------------------------------------

    def saved_commands(self) -> list[tuple[str, str, object]]:
        """Palette commands, one per saved search, with its count and what is new as the
        saved-searches pane last counted them."""
        pane = self.saved_pane
        commands = []
        for name, query in pane.queries:
            found = pane.counted(name)
            counts = "" if found is None or found.error else f"{found.count:,} hits" + (f" · {found.new:,} new" if found.new else "") + " · "
            commands.append((f"Saved search: @{one_line(name)}", counts + one_line(query, 80), partial(self.run_saved, name)))
        return commands

    def review_check_action(self, action: str) -> bool | None:
        """check_action for this class's actions (None: shown disabled, False: hidden)."""
        if action in REVIEW_ARTICLE_ACTIONS or action in REVIEW_LIST_ACTIONS or action == "accept_suggestion":
            if isinstance(self.focused, Input) and action != "accept_suggestion":
                return False
            if action in REVIEW_ARTICLE_ACTIONS and self.reading.article is None:
                return None
            if action == "triage":
                return True if self.triage_mode else False
            if action == "accept_suggestion":
                return True if self.suggestion else False
        return True
