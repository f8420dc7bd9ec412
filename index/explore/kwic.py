"""Keyword in context: every occurrence of a query's hits in an article, one line each.

An occurrence is what the reader highlights (`search.highlight.spans`: stems and phrases), so
the concordance and the reader agree. Context is cut on word boundaries within `width`
characters either side, with the article's line breaks flattened to spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from index.models import Occurrence, Span

_SPACES = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text)


def left_context(text: str, start: int, width: int) -> str:
    """Up to `width` characters before `start`, starting at a word boundary when it can."""
    lo = max(0, start - width - 1)
    chunk = _flat(text[lo:start])
    if lo > 0:
        cut = chunk.find(" ")
        if 0 <= cut < len(chunk) - 1:
            chunk = chunk[cut + 1:]
    return chunk[-width:] if len(chunk) > width else chunk


def right_context(text: str, end: int, width: int) -> str:
    """Up to `width` characters after `end`, ending at a word boundary when it can."""
    hi = min(len(text), end + width + 1)
    chunk = _flat(text[end:hi])
    if hi < len(text):
        cut = chunk.rfind(" ")
        if cut > 0:
            chunk = chunk[:cut]
    return chunk[:width]


def occurrences(article_id: str, text: str, spans: Iterable[Span], width: int, title: str | None = None) -> Iterator[Occurrence]:
    """One line per span, as the spans come (a huge article's first lines before its last hits
    are found)."""
    for s in spans:
        yield Occurrence(article_id, s.start, left_context(text, s.start, width), _flat(text[s.start:s.end]),
                         right_context(text, s.end, width), title)
