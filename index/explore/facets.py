"""Counts over a whole result set: by outlet, year, month and tag, and hits per period.

Everything here works on the array of matching document numbers and the columns of
`columns.DocColumns`, with `np.bincount`: no stored field is read per match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from index.explore.columns import UNDATED_DAY, DocColumns

PERIODS = ("month", "week", "year")


def counted(codes: np.ndarray, labels: Callable[[int], str]) -> list[tuple[str, int]]:
    """(label, count) for each code present, most frequent first, then by label."""
    if not len(codes):
        return []
    counts = np.bincount(codes)
    present = np.flatnonzero(counts)
    pairs = [(labels(int(c)), int(counts[c])) for c in present]
    pairs.sort(key=lambda p: (-p[1], p[0]))
    return pairs


def by_source(cols: DocColumns, docs: np.ndarray) -> list[tuple[str, int]]:
    codes = cols.source[docs]
    return counted(codes[codes >= 0], lambda c: cols.sources[c])


def _dated(cols: DocColumns, docs: np.ndarray) -> np.ndarray:
    days = cols.days[docs]
    return days[days != UNDATED_DAY]


def undated(cols: DocColumns, docs: np.ndarray) -> int:
    return int(np.count_nonzero(cols.days[docs] == UNDATED_DAY))


def period_starts(days: np.ndarray, by: str) -> np.ndarray:
    """Each day's period (as numpy datetime64[D] of the period's first day)."""
    d = days.astype("datetime64[D]")
    if by == "year":
        return d.astype("datetime64[Y]").astype("datetime64[D]")
    if by == "month":
        return d.astype("datetime64[M]").astype("datetime64[D]")
    if by == "week":  # ISO weeks, from Monday (1970-01-01 was a Thursday)
        return ((days + 3) // 7 * 7 - 3).astype("datetime64[D]")
    raise ValueError(f"unknown period {by!r} (use {', '.join(PERIODS)})")


def by_period(cols: DocColumns, docs: np.ndarray, by: str) -> list[tuple[str, int]]:
    """(first day of the period as ISO text, count) per period holding a match, by date."""
    days = _dated(cols, docs)
    if not len(days):
        return []
    starts, counts = np.unique(period_starts(days, by), return_counts=True)
    label = {"year": 4, "month": 7, "week": 10}[by]
    return [(str(s)[:label], int(n)) for s, n in zip(starts, counts)]


def timeline(cols: DocColumns, docs: np.ndarray, by: str) -> list[tuple[str, int]]:
    """(period start as an ISO date, count) for every period from the first match to the
    last, empty ones included: what a chart of hits over time needs."""
    days = _dated(cols, docs)
    if not len(days):
        return []
    starts = period_starts(days, by)
    first, last = starts.min(), starts.max()
    if by == "year":
        axis = np.arange(first.astype("datetime64[Y]"), last.astype("datetime64[Y]") + 1).astype("datetime64[D]")
    elif by == "month":
        axis = np.arange(first.astype("datetime64[M]"), last.astype("datetime64[M]") + 1).astype("datetime64[D]")
    else:
        axis = np.arange(first, last + 1, 7)
    counts = np.zeros(len(axis), np.int64)
    np.add.at(counts, np.searchsorted(axis, starts), 1)
    return [(str(s), int(n)) for s, n in zip(axis, counts)]


def by_tag(docs: np.ndarray, n_docs: int, tagged: Iterable[tuple[str, Iterable[int]]]) -> list[tuple[str, int]]:
    """(tag, matches carrying it) for each (tag, its articles' document numbers)."""
    mask = np.zeros(n_docs, bool)
    mask[docs] = True
    out = []
    for tag, rows in tagged:
        rows = np.fromiter(rows, dtype=np.int64)
        n = int(np.count_nonzero(mask[rows])) if len(rows) else 0
        if n:
            out.append((tag, n))
    out.sort(key=lambda p: (-p[1], p[0]))
    return out
