"""Exceptions the engine raises for the user's mistakes.

Each carries a one-line message fit to show as is; the CLI turns them into an error line and a
non-zero exit, the app into a notification.
"""


class CorpusError(Exception):
    """Base class: anything the user can fix."""


class QueryError(CorpusError):
    """The query could not be understood."""


class TagError(CorpusError):
    """A tag name is empty, too long or otherwise unusable."""


class NotFound(CorpusError):
    """No article has that id."""


class IndexBusy(CorpusError):
    """Another process is writing the index."""
