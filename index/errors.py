"""Exceptions the engine raises for the user's mistakes.

Each carries a one-line message fit to show as is; the CLI turns them into an error line and a
non-zero exit, the app into a notification.
"""

from __future__ import annotations

from collections.abc import Callable


class CorpusError(Exception):
    """Base class: anything the user can fix."""


class QueryError(CorpusError):
    """The query could not be understood."""


class TagError(CorpusError):
    """A tag name is empty, too long or otherwise unusable."""


class NotFound(CorpusError):
    """No article has that id."""


class SourceChanged(CorpusError):
    """The article's file changed or went since it was indexed, and the catalog keeps no copy
    of its text (see `catalog`): the next update reads it again."""

    def __init__(self, rel: str, what: str):
        super().__init__(f"{rel} {what} since it was indexed; update the index to read it")
        self.rel = rel
        self.what = what  # "changed on disk", "was moved or deleted"


class IndexBusy(CorpusError):
    """Another process is writing the index."""


class BrokenInstall(CorpusError):
    """A library the engine needs is missing or broken (jusText's stopword lists, trafilatura's
    HTML cleaner): cleaning or reading on without it would quietly index worse text."""


class SearchCancelled(Exception):
    """The caller gave up on a search (a newer query replaced it): not an error to show."""


def cancel_check(cancel) -> Callable[[], None]:
    """A function that raises SearchCancelled once `cancel` (a threading.Event, or None: never)
    is set. Long loops of the engine call it every so often, so a stale search in the app stops
    within milliseconds instead of holding the next one back."""
    if cancel is None:
        return no_check
    is_set = cancel.is_set

    def check() -> None:
        if is_set():
            raise SearchCancelled()

    return check


def no_check() -> None:
    pass
