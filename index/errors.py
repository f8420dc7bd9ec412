"""Exceptions the engine raises: the user's mistakes, and its own failures.

Each carries a one-line message fit to show as is; the CLI turns them into an error line and a
non-zero exit (2 only for a QueryError), the app into a notification.
"""

from __future__ import annotations

import datetime
import traceback
from collections.abc import Callable
from pathlib import Path

ERROR_LOG = "errors.log"  # in the data folder: the tracebacks of internal errors


class CorpusError(Exception):
    """Base class: an error whose one-line message is all a user needs to see."""


class QueryError(CorpusError):
    """The query could not be understood (parsing or validation): the user's to fix."""


class InternalError(CorpusError):
    """The engine failed on a valid request (a bug, or a Whoosh that changed): not the user's
    query. The message names the log file holding the traceback (`log_internal_error`)."""


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


class DamagedTags(CorpusError):
    """The file of tags is damaged. It is the user's data: it is left exactly as it is."""

    def __init__(self, path, problem: str):
        super().__init__(
            f"your tags file {path} is damaged ({problem}); corpus-tui leaves it untouched: "
            "move it aside (or restore a copy) and restore the tags with `corpus-tui tags --import BACKUP`"
        )
        self.path = path


class DamagedCatalog(CorpusError):
    """The catalog (a cache) is damaged: it is recreated and the index rebuilt."""


class IndexBusy(CorpusError):
    """Another process is writing the index."""


class BrokenInstall(CorpusError):
    """A library the engine needs is missing or broken (jusText's stopword lists, trafilatura's
    HTML cleaner): cleaning or reading on without it would quietly index worse text."""

    @classmethod
    def missing(cls, what: str, exc: ImportError) -> BrokenInstall:
        """`what` cannot work because an import failed: the reason on one line."""
        return cls(f"{what}: {' '.join(str(exc).split()).rstrip('.')}; reinstall corpus-tui")


def log_internal_error(data_dir: Path, exc: BaseException, doing: str) -> InternalError:
    """Append `exc`'s traceback to the data folder's error log; the InternalError to raise.

    `doing` says what failed ("searching for 'x'"). If the log cannot be written, the message
    says so instead of naming it: the failure is still reported, never swallowed."""
    log = Path(data_dir) / ERROR_LOG
    what = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    try:
        with open(log, "a", encoding="utf-8") as fh:
            stamp = datetime.datetime.now().isoformat(timespec="seconds")
            fh.write(f"--- {stamp} internal error while {doing}\n")
            fh.write("".join(traceback.format_exception(exc)))
        where = f"the traceback is in {log}"
    except OSError as write_error:
        where = f"its traceback could not be written to {log}: {write_error.strerror or write_error}"
    return InternalError(f"internal error while {doing}: {what[:200]} (a bug, not your input; {where})")


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
