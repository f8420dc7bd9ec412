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

WORD_RE = re.compile(r"\w+", re.UNICODE)

# Lists far larger than the typical few hundred words would hit on any text and win every guess.
_MAX_LIST = 2000
_FALLBACK = "English"


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


def guess_language(words: list[str]) -> str:
    """The jusText language whose stopwords cover most of `words` (lowercased tokens).

    Ties and texts with no hits fall back to English. Deterministic: lists are visited in sorted
    order and a later list must strictly beat an earlier one.
    """
    lists = _all_lists()
    if not lists or not words:
        return _FALLBACK
    counts = Counter(words)
    best, best_hits = _FALLBACK, sum(n for w, n in counts.items() if w in lists.get(_FALLBACK, ()))
    for name, stops in lists.items():
        hits = sum(n for w, n in counts.items() if w in stops)
        if hits > best_hits * 1.15 and hits > best_hits + 2:
            best, best_hits = name, hits
    return best
