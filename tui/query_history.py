"""Walking the query history in the query box, as a shell does.

Up shows the previous query, Down the next one; past the newest, Down gives back what was
being typed before the walk began (the draft). The entries come from the corpus's history
(kept with the tags, newest first, each once) and a query is added when it is used.
"""

from __future__ import annotations


class QueryHistory:
    """A cursor over past queries (newest first) plus the draft typed before walking."""

    def __init__(self, entries: list[str] | None = None):
        self.entries: list[str] = list(entries or [])
        self.position = -1  # -1: not walking (the draft is shown)
        self.draft = ""

    @property
    def walking(self) -> bool:
        return self.position >= 0

    def add(self, query: str) -> None:
        """Put a used query on top (an older copy moves up) and stop walking."""
        query = query.strip()
        if query:
            if query in self.entries:
                self.entries.remove(query)
            self.entries.insert(0, query)
        self.reset()

    def reset(self) -> None:
        self.position = -1
        self.draft = ""

    def older(self, current: str) -> str | None:
        """The query before the one shown, or None at the oldest."""
        if not self.walking:
            self.draft = current
        start = self.position + 1
        # Skip an entry equal to what is shown, so the first Up after running a query shows
        # the one before it rather than itself again.
        while start < len(self.entries) and self.entries[start] == current.strip():
            start += 1
        if start >= len(self.entries):
            return None
        self.position = start
        return self.entries[start]

    def newer(self) -> str | None:
        """The query after the one shown, the draft past the newest, or None when not walking."""
        if not self.walking:
            return None
        self.position -= 1
        if self.position < 0:
            draft, self.draft = self.draft, ""
            return draft
        return self.entries[self.position]
