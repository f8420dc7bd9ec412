"""Tagging on the main screen: the follow-up flag, tags, bulk tags and undo.

`TaggingScreen` is one of the main screen's base classes: it holds the tag keys, the undo
stack and the one worker path every tag write takes (`_apply_tags`: committed by the engine in
a thread, then the rows shown and the open article redrawn). Each write takes a ticket when its
key is handled and runs when every earlier ticket is done, so a burst of keys writes in the order
typed (a lock alone let threads overtake each other); the undo stack is kept by the writes
themselves, in that order, so `u` typed before the write it follows has committed still undoes
that write. Keys typed while a single change is written wait until it is shown (`x` right
after `t name Enter` offers the new tag). It relies on what MainScreen provides: `corpus`,
`reading`, `hit_list`, `tag_pane`, `progress_line`, `result`, `shown_query`, `say`,
`_bindings_changed` and `review_tags_written`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from textual import on, work
from textual.binding import Binding
from textual.screen import Screen

from index import FOLLOWUP, CorpusError, TagChange

from .bulk_tag import ask_bulk_tag
from .keyboard import hold_keys
from .review_screen import on_the_article_shown
from .status_text import describe_change, tag_clause, toggle_clause
from .tag_dialogs import RemoveTagScreen, TagEdit, TagEditScreen
from .tag_pane import TagPane

# Inert without an open article / without a result list (and while typing in the query).
TAG_ARTICLE_ACTIONS = {"toggle_followup", "add_tags", "remove_tag"}
TAG_LIST_ACTIONS = {"bulk_tag", "undo"}
# How long a write waits for the ones typed before it: a safety limit, never reached by a write
# that commits (an earlier write's thread that never ran must not stop tagging for good).
TURN_TIMEOUT_S = 60.0


class TaggingScreen(Screen):
    """Keys and state of tagging (see the module docstring)."""

    BINDINGS = [
        Binding("f", "toggle_followup", "Follow-up", tooltip="Flag or unflag the article for follow-up (⚑)"),
        Binding("t", "add_tags", "Tag", tooltip="Add tags (or -tag to remove) on the article"),
        Binding("x", "remove_tag", "Untag", tooltip="Pick one of the article's tags to remove"),
        Binding("B", "bulk_tag", "Tag all", tooltip="Tag every article of the result list (asks first)"),
        Binding("u", "undo", "Undo", tooltip="Undo the last tag change, single or bulk"),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.undo_stack: list[TagChange] = []  # (changed by the writes' threads, in turn)
        self._turns = threading.Condition()
        self._tickets_taken = 0  # (the app's thread only)
        self._tickets_done = 0

    def tag_check_action(self, action: str) -> bool | None:
        """Whether a tag key is live now (None: shown disabled)."""
        if action in TAG_ARTICLE_ACTIONS and self.reading.article is None:
            return None
        if action == "undo" and not (self.undo_stack or self._writes_pending()):
            return None
        if action == "bulk_tag" and not (self.result and self.result.total):
            return None
        return True

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

    @on(TagPane.ChangedElsewhere)
    def _tags_changed_elsewhere(self) -> None:
        """Another process changed tags: redraw the rows shown and the open article's tags."""
        self._write_tags(self._ticket(), "", lambda: TagChange((), ()), True, self._shown_ids(), quiet=True)

    @on(TagPane.Filter)
    def _filter_by_tag(self, message: TagPane.Filter) -> None:
        """Add `tag:NAME` to the query (or take it out if it is there), visibly, and search."""
        try:
            self.search_pane.set_query(toggle_clause(self.query_input.value, tag_clause(message.tag)), hold="filter")
        finally:
            message.hold.release()

    def _shown_ids(self) -> set[str]:
        shown = set(self.hit_list.tags_by_id)
        article = self.reading.article
        if article is not None:
            shown.add(article.id)
        return shown

    def _apply_tags(self, describe: str, job: Callable[[], TagChange | None], undo: bool = False,
                    hold: bool = True) -> None:
        """Write tags; keys typed meanwhile wait until the change is shown (`x` right after
        `t name Enter` sees the new tag), unless `hold` is False (a bulk change, which can take
        long and shows its progress)."""
        keys = hold_keys(self.app, "tag-write") if hold else None
        self._write_tags(self._ticket(), describe, job, undo, self._shown_ids(), keys=keys)

    def _ticket(self) -> int:
        """The place of a write about to start, in the order the keys were typed."""
        self._tickets_taken += 1
        return self._tickets_taken - 1

    def _writes_pending(self) -> bool:
        return self._tickets_done != self._tickets_taken

    @work(thread=True, group="tag-write", exit_on_error=False)
    def _write_tags(self, ticket: int, describe: str, job: Callable[[], TagChange | None], undo: bool,
                    shown: set[str], quiet: bool = False, keys=None) -> None:
        """Run one tag write (committed by the engine before it returns) in its turn, then
        gather what to redraw (`quiet`: no write of ours, the tags of everything shown are read
        again); `keys`, a hold on the keyboard, is released once that is shown."""
        written = None
        try:
            with self._turns:
                self._turns.wait_for(lambda: self._tickets_done >= ticket, timeout=TURN_TIMEOUT_S)
            try:
                try:
                    change = job()
                except CorpusError as exc:
                    self.app.call_from_thread(self.say, str(exc), title="Tags unchanged", severity="error")
                    return
                finally:
                    self.app.call_from_thread(self.progress_line.job_done)
                if change is None:
                    return
                if not undo and (change.added or change.removed):
                    self.undo_stack.append(change)
                touched = shown if quiet else {a for a, _ in change.added} | {a for a, _ in change.removed}
                fresh = {aid: self.corpus.tags_of(aid) for aid in touched & shown}
                written = (describe, change, fresh, undo, quiet)
            finally:
                with self._turns:
                    self._tickets_done += 1
                    self._turns.notify_all()
        finally:
            self.app.call_from_thread(self._write_done, written, keys)

    def _write_done(self, written: tuple | None, keys) -> None:
        try:
            if written is not None:
                self._tags_written(*written)
        finally:
            if keys is not None:
                keys.release()

    def _tags_written(self, describe: str, change: TagChange, fresh: dict, undo: bool, quiet: bool = False) -> None:
        self.hit_list.refresh_tags(fresh)
        article = self.reading.article
        if article is not None and article.id in fresh:
            self.reading.set_tags(fresh[article.id])
        if not quiet:
            self.tag_pane.reload()
            self.say(f"{describe}: {describe_change(change, undo)}" + ("" if undo else " · u undoes"), timeout=3)
        self._bindings_changed()
        self.review_tags_written()

    @on_the_article_shown
    def action_toggle_followup(self) -> None:
        aid = self.current_article_id
        if aid is None:
            return
        flagged = FOLLOWUP in self._current_tags()
        self._apply_tags("Unflagged" if flagged else "Flagged ⚑", partial(self.corpus.toggle_followup, aid))

    @on_the_article_shown
    def action_add_tags(self) -> None:
        aid = self.current_article_id
        if aid is None:
            return

        def done(edit: TagEdit | None) -> None:
            if edit:
                self._apply_tags(f"Tagged {edit.describe()}", partial(self.corpus.tag, [aid], edit.add, edit.remove))

        title = self.reading.article.title if self.reading.article else aid
        names = self.tag_pane.names
        self.app.push_screen(TagEditScreen(f"Tag: {title}", names, self._current_tags()), done)

    @on_the_article_shown
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
        ask_bulk_tag(self, partial(self._apply_tags, hold=False))

    def action_undo(self) -> None:
        if not (self.undo_stack or self._writes_pending()):
            self.say("Nothing to undo.", timeout=2)
            return

        def job() -> TagChange | None:  # (in its turn: the writes typed before it are done)
            if not self.undo_stack:
                return None
            change = self.undo_stack.pop()
            self.corpus.undo(change)
            return change

        self._apply_tags("Undone", job, undo=True)
