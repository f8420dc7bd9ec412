"""Zero-hit help ("did you mean …") and more-like-this, both from the index's own vocabulary.

Did you mean: the index holds stems, and a stem is a poor thing to offer ("elect" for
"electon"), so the typed word is corrected as typed: every word one edit away from it is
stemmed, and the ones whose stem the index holds are the candidates, the commonest first.
A word has a few hundred such variants. Looking each up in Whoosh's on-disk term table costs
tens of microseconds a segment (about 30-70 ms a word at 20,000 articles), so each segment's
vocabulary is also kept as a sorted array of 64-bit term hashes (`Vocabulary`): all variants
are checked in one vectorised search, and only the few hits are confirmed in the index.
Segments never change, so an array is built once per segment (reading its term list) and kept
in the data folder's `vocab/` (a cache, like the index). When no variant is known, the stem
itself is corrected in the term dictionary by `fuzzy.within_one_edit`.

More like this: Whoosh's key terms of the article's text (its Bo1 expansion model over the
index's statistics), each shown as the article's commonest word with that stem, joined with OR
into a query the user can read and edit.
"""

from __future__ import annotations

import hashlib
import re
import string
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from whoosh import query as wq
from whoosh.lang.porter import stem

from index.search.fuzzy import terms_within
from index.search.query import positive_leaves
from index.segments.fast_analysis import stemmed_tokens
from index.segments.search_index import BODY_ANALYZER

TEXT_FIELDS = ("title", "body")
# Words this short are left alone: one edit of a two-letter word is another common word.
MIN_WORD = 3
MAX_WORD = 30
_TYPED_WORD = re.compile(r"(?<![\w:])([^\W\d_][^\W_]*)(?![\w:~*?])", re.UNICODE)
_OPERATORS = {"and", "or", "not", "to", "andnot", "andmaybe"}


def unknown_stems(q: wq.Query, reader) -> set[str]:
    """The title/body words of a query that no indexed article holds."""
    found = set()
    for leaf in positive_leaves(q):
        if isinstance(leaf, wq.Term) and not isinstance(leaf, wq.FuzzyTerm) and leaf.fieldname in TEXT_FIELDS:
            words = [str(leaf.text)]
        elif isinstance(leaf, wq.Phrase) and leaf.fieldname in TEXT_FIELDS:
            words = [str(w) for w in leaf.words]
        else:
            continue
        for word in words:
            if not any(reader.doc_frequency(f, word) for f in TEXT_FIELDS):
                found.add(word)
    return found


def _variants(word: str) -> set[str]:
    letters = set(string.ascii_lowercase) | set(word)
    out = set()
    n = len(word)
    for i in range(n + 1):
        head, tail = word[:i], word[i:]
        if tail:
            out.add(head + tail[1:])  # deletion
            if len(tail) > 1:
                out.add(head + tail[1] + tail[0] + tail[2:])  # transposition
        for c in letters:
            out.add(head + c + tail)  # insertion
            if tail:
                out.add(head + c + tail[1:])  # substitution
    out.discard(word)
    return out


def _frequency(reader, term: str) -> int:
    return max(reader.doc_frequency(f, term) for f in TEXT_FIELDS)


def term_hash(term: bytes) -> int:
    """A stable 64-bit hash of a term's bytes (the same in every process, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(term, digest_size=8).digest(), "little", signed=True)


class Vocabulary:
    """Each segment's title and body terms as a sorted array of 64-bit hashes, cached in memory
    and (given a folder) on disk, so "is this a term?" for hundreds of words is one search."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self._arrays: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _segment_array(self, leaf) -> np.ndarray:
        key = _segment_key(leaf)
        if key is not None and key in self._arrays:
            return self._arrays[key]
        with self._lock:
            if key is not None and key in self._arrays:
                return self._arrays[key]
            path = self.folder / f"{key}.npy" if (self.folder is not None and key) else None
            array = None
            if path is not None and path.exists():
                array = _load_hashes(path)
            if array is None:
                hashes = [term_hash(t) for f in TEXT_FIELDS if f in leaf.schema for t in leaf.lexicon(f)]
                array = np.unique(np.asarray(hashes, dtype=np.int64))
                if path is not None:
                    try:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        tmp = path.with_suffix(".tmp.npy")
                        np.save(tmp, array, allow_pickle=False)
                        tmp.replace(path)
                    except OSError:
                        pass  # a cache: without it the next process builds the array again
            if key is not None:
                self._arrays[key] = array
            return array

    def warm(self, reader) -> None:
        """Build (or load) the arrays of every segment of `reader` now."""
        for leaf in _leaves(reader):
            self._segment_array(leaf)
        self.prune(reader)

    def prune(self, reader) -> None:
        """Forget the arrays of segments that are gone (merged or deleted)."""
        live = {key for key in map(_segment_key, _leaves(reader)) if key is not None}
        for key in list(self._arrays):
            if key not in live:
                self._arrays.pop(key, None)
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.glob("*.npy"):
                if path.stem not in live:
                    try:
                        path.unlink()
                    except OSError:
                        pass

    def known(self, reader, terms: list[str]) -> set[str]:
        """Which of `terms` are title or body terms of the index."""
        if not terms:
            return set()
        encoded = [t.encode("utf-8", "surrogatepass") for t in terms]
        hashes = np.fromiter((term_hash(t) for t in encoded), dtype=np.int64, count=len(encoded))
        maybe = np.zeros(len(terms), dtype=bool)
        for leaf in _leaves(reader):
            array = self._segment_array(leaf)
            if len(array):
                at = np.searchsorted(array, hashes).clip(0, len(array) - 1)
                maybe |= array[at] == hashes
        # A hash can collide: confirm the few candidates in the index itself.
        return {t for t, m in zip(terms, maybe) if m and any((f, t) in reader for f in TEXT_FIELDS)}


def _load_hashes(path: Path) -> np.ndarray | None:
    """A cached array as `Vocabulary` writes it (sorted 64-bit hashes, one dimension), or None
    for anything else in its place (damaged, cut short, another shape or type: built again)."""
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if not isinstance(array, np.ndarray) or array.ndim != 1 or array.dtype != np.int64:
        return None
    if len(array) > 1 and not bool(np.all(array[1:] > array[:-1])):
        return None
    return array


def _segment_key(leaf) -> str | None:
    """A segment reader's segment id (segments never change, so it keys caches), as
    `fuzzy` and `query` read it."""
    segment = getattr(leaf, "_segment", None)
    return segment.segment_id() if segment is not None else None


def _leaves(reader):
    return [r for r, _ in reader.leaf_readers()] if not reader.is_atomic() else [reader]


def correct_word(reader, word: str, vocabulary: Vocabulary | None = None,
                 written: Callable[[str], Counter] | None = None) -> str | None:
    """The indexed word nearest a typed one: one edit away, as common as possible.

    `written(stem)` counts the words with that stem as stored articles write them: a variant
    of the typed word can share an indexed stem without being a word ("governent" stems to
    "govern" as "government" does), so the offer is a variant the articles contain, else
    their spelling of the stem nearest what was typed.
    """
    word = word.lower()
    if not (MIN_WORD <= len(word) <= MAX_WORD):
        return None
    best: tuple[tuple, str, list[str]] | None = None
    by_stem: dict[str, list[str]] = {}
    for variant in _variants(word):
        by_stem.setdefault(stem(variant), []).append(variant)
    vocabulary = vocabulary or Vocabulary()
    found = vocabulary.known(reader, list(by_stem))
    for stemmed, variants in sorted(by_stem.items()):
        if stemmed in found:
            # A typo seldom hits the first letter (`word~` keeps it too): a variant that keeps
            # it comes first, then the commonest ("goverment" is "government", not "overment",
            # which stems to the commoner "over").
            keeps_first = any(v[:1] == word[:1] for v in variants)
            rank = (keeps_first, _frequency(reader, stemmed), -min(map(len, variants)))
            if best is None or rank > best[0]:
                best = (rank, stemmed, variants)
    if best is None:
        own = stem(word)
        near = terms_within(reader, "body", own, 1, 0) - {own}
        if not near:
            return None
        stemmed = sorted(near, key=lambda t: (-_frequency(reader, t), t))[0]
        return _spelling(word, stemmed, [], written)
    return _spelling(word, best[1], best[2], written)


def _spelling(typed: str, stemmed: str, variants: list[str], written) -> str:
    """How to write a suggested stem: a variant of the typed word that the articles write, else
    the articles' own spelling nearest the typed word, else (nothing to ask) the variant that
    reads most like a word: first letter kept, shortest ("election", not "electionn")."""
    forms = written(stemmed) if written is not None else Counter()
    if forms:
        seen = [v for v in variants if v in forms]
        if seen:
            return max(seen, key=lambda v: (v[:1] == typed[:1], forms[v], -len(v), v))
        return min(forms, key=lambda f: (edit_distance(typed, f), -forms[f], f))
    if variants:
        return min(variants, key=lambda v: (v[:1] != typed[:1], len(v), v))
    return stemmed


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (a few short words: plain dynamic programming)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def did_you_mean(text: str, q: wq.Query, reader, vocabulary: Vocabulary | None = None,
                 written: Callable[[str], Counter] | None = None) -> list[tuple[str, str]]:
    """(typed word, suggestion) pairs for the words of `text` the index does not know;
    `written` as for `correct_word`."""
    unknown = unknown_stems(q, reader)
    if not unknown:
        return []
    pairs = []
    seen = set()
    for m in _TYPED_WORD.finditer(text):
        typed = m.group(1)
        low = typed.lower()
        if low in _OPERATORS or low in seen:
            continue
        seen.add(low)
        if stem(low) not in unknown:
            continue
        better = correct_word(reader, low, vocabulary, written)
        if better and better != low:
            pairs.append((typed, better))
    return pairs


def replace_words(text: str, pairs: list[tuple[str, str]]) -> str:
    for typed, better in pairs:
        text = re.sub(rf"(?<![\w:]){re.escape(typed)}(?!\w)", better, text)
    return text


def key_words(searcher, text: str, n: int = 10) -> list[str]:
    """The `n` words that best characterise `text` against the index (Whoosh's key terms),
    each as the text's commonest spelling of that stem."""
    from index.clean.stopwords import guess_language, stoplist

    surface: dict[str, Counter] = {}
    tokens = stemmed_tokens(text, BODY_ANALYZER)
    # Whoosh's stop list is short; the language's own function words ("he", "was") say
    # nothing about what an article is about.
    stops = stoplist(guess_language(text.lower().split()[:250]))
    for st, start, end in tokens:
        word = text[start:end].lower()
        if word not in stops and len(word) >= MIN_WORD:
            surface.setdefault(st, Counter())[word] += 1
    terms = searcher.key_terms_from_text("body", text, numterms=n * 2, normalize=False)
    words = []
    for term, _weight in terms:
        term = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        spellings = surface.get(term)
        if spellings is None or term.isdigit():
            continue
        word = spellings.most_common(1)[0][0]
        if stem(word) != term:  # the query's analyzer must find the same stem again
            word = term
        words.append(word)
        if len(words) == n:
            break
    return words
