"""What one query may cost before it is refused as too broad.

Wildcards, prefixes and fuzzy terms stand for every indexed word they match, and each word is
a posting list to read: a handful of infix wildcards OR-ed together stood for hundreds of
thousands of words and took the machine for a long while (figures in bench/README.md). A
query gets a budget of words its parts may expand to and of time; the part that overdraws it
is named in the refusal (a QueryTooBroad, a query error like any other: exit 2 on the CLI, the message
under the query in the app), so the user knows what to narrow.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from whoosh import query as wq

from index.errors import QueryTooBroad, no_check

# Words all the expanding parts of one query may stand for, over all fields and segments.
MAX_EXPANDED_WORDS = 20_000
# Time one query may take in expanding and matching.
MAX_SECONDS = 10.0


def part_text(q) -> str:
    """How the user wrote a query part: `*a*`, `kil*`, `word~2`."""
    if isinstance(q, wq.FuzzyTerm):
        return f"{q.text}~{q.maxdist}" if q.maxdist != 1 else f"{q.text}~"
    if isinstance(q, wq.Prefix):
        return f"{q.text}*"
    text = getattr(q, "text", None)
    return str(text) if text is not None else str(q)


class Budget:
    """A query's check (see `errors.cancel_check`) that also keeps its budget.

    Called like a check: it raises SearchCancelled when `cancel` does, and QueryTooBroad once
    the time is spent. The code that expands a part says so with `at(part)` (a timeout then
    names it) and reports the words it found with `spend(part, n)`.
    """

    def __init__(self, cancel: Callable[[], None] = no_check, words: int = MAX_EXPANDED_WORDS,
                 seconds: float = MAX_SECONDS):
        self.cancel = cancel
        self.words_left = words
        self.words = words
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.part = None
        self._spent: dict[str, int] = {}  # words per part, as the user wrote it

    def __call__(self) -> None:
        self.cancel()
        if time.monotonic() > self.deadline:
            where = f" (at {part_text(self.part)!r})" if self.part is not None else ""
            raise QueryTooBroad(
                f"too broad: the query took more than {self.seconds:.0f} s{where}; "
                "use fewer or longer wildcard and fuzzy terms"
            )

    def at(self, part) -> None:
        self.part = part

    def spend(self, part, n: int) -> None:
        self.words_left -= n
        name = part_text(part)
        own = self._spent[name] = self._spent.get(name, 0) + n
        if self.words_left < 0:
            if own > self.words:
                raise QueryTooBroad(f"too broad: {name!r} stands for more than {self.words:,} indexed words; give it more letters")
            raise QueryTooBroad(
                f"too broad: with {name!r} the query's wildcard and fuzzy parts stand for more than "
                f"{self.words:,} indexed words; use fewer of them, or give them more letters"
            )
        self()


def at(check, part) -> None:
    """Tell `check` (a Budget, or a plain check) which part is being expanded."""
    mark = getattr(check, "at", None)
    if mark is not None:
        mark(part)


def spend(check, part, n: int) -> None:
    """Charge `n` expanded words of `part` to `check`'s budget, if it keeps one."""
    charge = getattr(check, "spend", None)
    if charge is not None:
        charge(part, n)
