"""Stopword lists and a cheap language guess, for telling prose from menus in any language.

Prose is full of function words ("the", "of", "que", "und"); navigation, captions and link lists
are not. jusText ships frequency-derived stopword lists for about a hundred languages, and it is
already installed with trafilatura, so we read them from there rather than hand-writing lists.
The lists load lazily, once per process (about 0.1 s for all of them).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import chain, repeat

WORD_RE = re.compile(r"\w+", re.UNICODE)

# Lists far larger than the typical few hundred words would hit on any text and win every guess.
_MAX_LIST = 2000
_FALLBACK = "English"
# Enough running text to tell languages apart by their function words.
SAMPLE_WORDS = 250


@lru_cache(maxsize=None)
def _all_lists() -> dict[str, frozenset[str]]:
    try:
        import justext
    except ImportError:  # the cleaner must still work, just with a weaker signal
        return {}
    lists: dict[str, frozenset[str]] = {}
    for name in sorted(justext.get_stoplists()):
        try:
            words = justext.get_stoplist(name)
        except Exception:  # a broken list must not break cleaning
            continue
        if 0 < len(words) <= _MAX_LIST:
            lists[name] = frozenset(w.lower() for w in words)
    return lists


@lru_cache(maxsize=None)
def stoplist(language: str) -> frozenset[str]:
    """The stopwords of `language` (a jusText list name such as 'English'); empty if unknown."""
    return _all_lists().get(language, frozenset())


@lru_cache(maxsize=None)
def _languages_of_word() -> dict[str, tuple[str, ...]]:
    """Inverted lists: each stopword and the languages that list it (so a guess is one pass)."""
    index: dict[str, list[str]] = {}
    for name, stops in _all_lists().items():
        for w in stops:
            index.setdefault(w, []).append(name)
    return {w: tuple(names) for w, names in index.items()}


def guess_language(words: list[str]) -> str:
    """The jusText language whose stopwords cover most of `words` (lowercased tokens).

    Ties and texts with no clear winner fall back to English: another language must beat it
    clearly. Deterministic: candidates are compared in sorted order.
    """
    index = _languages_of_word()
    if not index or not words:
        return _FALLBACK
    # One C-level count over every (word, language) pair in the sample.
    hits: Counter[str] = Counter(chain.from_iterable(map(index.get, words[:SAMPLE_WORDS], repeat(()))))
    best, best_hits = _FALLBACK, hits.get(_FALLBACK, 0)
    for name in sorted(hits):
        if hits[name] > best_hits * 1.15 and hits[name] > best_hits + 2:
            best, best_hits = name, hits[name]
    return best
