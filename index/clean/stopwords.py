"""Stopword lists and a cheap language guess, for telling prose from menus in any language.

Prose is full of function words ("the", "of", "que", "und"); navigation, captions and link lists
are not. jusText ships frequency-derived stopword lists for about a hundred languages, and it is
a declared dependency, so we read them from there rather than hand-writing lists. The lists
load lazily, once per process. Without them the cleaner could not tell prose from menus, so
when none loads it raises `BrokenInstall` rather than clean quietly with a weaker signal.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import compress
from operator import countOf, not_

import numpy as np

from index.errors import BrokenInstall

# Lists far larger than the typical few hundred words would hit on any text and win every guess:
# the guess compares only the others. Such a list, once the page's language is known another way
# (`language.py`), is cut to its first words: jusText's files are in order of frequency, so that
# keeps the function words, as many as a typical list holds.
_MAX_LIST = 2000
_CUT_LIST = 600
_FALLBACK = "English"
# Enough running text to tell languages apart by their function words.
SAMPLE_WORDS = 250


@lru_cache(maxsize=None)
def stoplists() -> dict[str, frozenset[str]]:
    """Every usable jusText stopword list by name; raises BrokenInstall when none loads."""
    try:
        import justext
    except ImportError as exc:
        raise BrokenInstall.missing("no stopword lists (jusText cannot be imported)", exc) from exc
    lists: dict[str, frozenset[str]] = {}
    for name in sorted(justext.get_stoplists()):
        try:
            words = justext.get_stoplist(name)
        except Exception:  # one broken list must not break cleaning
            continue
        if 0 < len(words) <= _MAX_LIST:
            lists[name] = frozenset(w.lower() for w in words)
    if not lists:
        raise BrokenInstall("no stopword list could be loaded from jusText; reinstall corpus-tui")
    return lists


@lru_cache(maxsize=None)
def stoplist(language: str) -> frozenset[str]:
    """The stopwords of `language` (a jusText list name such as 'English'); empty if unknown.
    A list too long for the guess gives its `_CUT_LIST` most frequent words."""
    words = stoplists().get(language)
    if words is not None:
        return words
    return _cut_list(language)


def _cut_list(language: str) -> frozenset[str]:
    try:
        import pkgutil

        data = pkgutil.get_data("justext", f"stoplists/{language}.txt")
    except Exception:  # unknown language, or jusText missing
        return frozenset()
    if not data:
        return frozenset()
    kept: dict[str, None] = {}
    for word in data.decode("utf-8", errors="replace").split():
        kept.setdefault(word.lower(), None)
        if len(kept) >= _CUT_LIST:
            break
    return frozenset(kept)


@lru_cache(maxsize=None)
def _language_table() -> tuple[dict[str, int], list[str], np.ndarray]:
    """Each stopword's row in a 0/1 table of (stopword, language), languages in sorted order;
    a guess sums the rows of the sample's stopwords."""
    lists = stoplists()
    names = sorted(lists)
    rows: dict[str, int] = {}
    for stops in lists.values():
        for w in stops:
            rows.setdefault(w, len(rows))
    table = np.zeros((len(rows), len(names)), dtype=np.uint8)
    for column, name in enumerate(names):
        table[[rows[w] for w in lists[name]], column] = 1
    return rows, names, table


@lru_cache(maxsize=None)
def _other_stopwords() -> frozenset[str] | None:
    """The words of the compared lists that English's lacks, when each of English's words is
    among them (None otherwise). A guess looks up each word of a page that is no English
    stopword: a set is probed in one memory access where the table's row index takes two, and
    both are too large to stay in the processor's cache from one page to the next."""
    rows = _language_table()[0]
    english = stoplist(_FALLBACK)
    if not all(w in rows for w in english):
        return None
    return frozenset(rows).difference(english)


def guess_language(words: list[str]) -> str:
    """The jusText language whose stopwords cover most of `words` (lowercased tokens).

    Ties and texts with no clear winner fall back to English: another language must beat it
    clearly. Deterministic: candidates are compared in sorted order.
    """
    return _guess(words, False)[0]


def guess_language_and_hits(words: list[str]) -> tuple[str, int | None]:
    """`guess_language(words)`, and how many of `words` (all of them, not only the sample the
    guess reads) English's stopwords cover when the guess is English without comparing the
    other lists (None otherwise): what a caller asks next of the guessed list, counted in the
    same lookups."""
    return _guess(words, True)


def _guess(words: list[str], count_all: bool) -> tuple[str, int | None]:
    rows, names, table = _language_table()
    if not names or not words:
        return _FALLBACK, None
    sample = words[:SAMPLE_WORDS]
    english = stoplist(_FALLBACK)
    if english:
        # Another language must beat English's hits by 15% and by 3 words, and none can hit
        # more than all the sample's stopwords: when those are few, it is English without
        # summing the table (most English pages, at half the cost).
        in_english = list(map(english.__contains__, words if count_all else sample))
        head = in_english[:SAMPLE_WORDS] if len(in_english) > SAMPLE_WORDS else in_english
        n_english = countOf(head, True)
        others = _other_stopwords()
        if others is not None:  # (English's words are counted: only the others are looked up)
            n_any = n_english + countOf(map(others.__contains__, compress(sample, map(not_, head))), True)
        else:
            n_any = countOf(map(rows.__contains__, sample), True)
        if n_any <= n_english * 1.15 or n_any <= n_english + 2:
            if not count_all:
                return _FALLBACK, None
            return _FALLBACK, n_english if head is in_english else countOf(in_english, True)
    # Only the sample's stopwords have rows worth summing (~40% of running text).
    sample_rows = [row for row in map(rows.get, sample) if row is not None]
    hits = np.add.reduce(table[sample_rows], axis=0, dtype=np.int32).tolist()
    best, best_hits = _FALLBACK, hits[names.index(_FALLBACK)] if _FALLBACK in names else 0
    for name, n in zip(names, hits):
        if n > best_hits * 1.15 and n > best_hits + 2:
            best, best_hits = name, n
    return best, None
