"""Messages the background workers send to the screen.

Progress reports arrive far faster than a terminal can draw them; `can_replace` lets a newer
report replace one still waiting in the queue, so the bar never lags behind the work.
"""

from __future__ import annotations

from textual.message import Message

from index import Progress


class IndexProgress(Message):
    """A long job (the startup update, a bulk tag change) reached this point."""

    def __init__(self, progress: Progress, what: str = "indexing") -> None:
        super().__init__()
        self.progress = progress
        self.what = what

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)
