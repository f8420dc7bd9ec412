"""Fuzzy terms (`word~`): the index terms within an edit distance of a word, found fast.

Whoosh answers this two ways, both slow here and not alike: the reader over several segments
computes a Damerau-Levenshtein distance in Python for every term sharing the fixed prefix
(100-400 ms a field at 100,000 articles); a single segment walks its term list with a
Levenshtein automaton (10-40 ms a field), which counts a transposition as two edits, so
"hte~" missed "the" on a one-segment index and found it on a two-segment one.

Here a word's variants one edit away (each deletion, transposition, substitution and
insertion after the fixed prefix, over the characters the field's terms use) are looked up in
the segment's term set, read once per segment and kept: about 0.5 s and 15 MB per 180,000
terms, after which a lookup takes well under a millisecond. Distances above one are rare in
queries (`word~2`) and use Whoosh's Damerau-Levenshtein scan per segment, so every distance
counts a transposition as one edit.
"""

from __future__ import annotations

import threading

from whoosh.reading import IndexReader

_lock = threading.Lock()
# segment id -> field -> (its terms, the characters they use)
_TERMS: dict[str, dict[str, tuple[frozenset[str], str]]] = {}


def _segment_terms(reader, fieldname: str) -> tuple[frozenset[str], str]:
    segment = getattr(reader, "_segment", None)
    key = segment.segment_id() if segment is not None else None
    with _lock:
        cached = _TERMS.get(key, {}).get(fieldname) if key else None
    if cached is not None:
        return cached
    field = reader.schema[fieldname]
    terms = frozenset(field.from_bytes(t) for t in reader.lexicon(fieldname))
    alphabet = "".join(sorted(set("".join(terms))))
    if key:
        with _lock:
            if len(_TERMS) > 64:  # segments merged away long ago
                _TERMS.clear()
            _TERMS.setdefault(key, {})[fieldname] = (terms, alphabet)
    return terms, alphabet


def one_edit(word: str, alphabet: str, prefix: int = 0) -> set[str]:
    """Every string at most one edit (Damerau: a transposition is one) from `word` that keeps
    its first `prefix` characters."""
    out = {word}
    n = len(word)
    for i in range(prefix, n):
        head, tail = word[:i], word[i + 1:]
        out.add(head + tail)  # deletion
        if i + 1 < n:
            out.add(head + word[i + 1] + word[i] + word[i + 2:])  # transposition
        for c in alphabet:
            out.add(head + c + tail)  # substitution
    for i in range(min(prefix, n), n + 1):
        head, tail = word[:i], word[i:]
        for c in alphabet:
            out.add(head + c + tail)  # insertion
    return out


def terms_within(reader, fieldname: str, word: str, maxdist: int, prefix: int) -> set[str]:
    """The terms of `fieldname` within `maxdist` edits of `word` that start with its first
    `prefix` characters, over every segment of `reader`."""
    if fieldname not in reader.schema:
        return set()
    leaves = [r for r, _ in reader.leaf_readers()] if not reader.is_atomic() else [reader]
    found: set[str] = set()
    head = word[:prefix]
    for leaf in leaves:
        if maxdist <= 1:
            terms, alphabet = _segment_terms(leaf, fieldname)
            candidates = one_edit(word, alphabet, prefix) if maxdist == 1 else {word}
            found |= {t for t in candidates & terms if t.startswith(head)}
        else:
            found.update(IndexReader.terms_within(leaf, fieldname, word, maxdist, prefix=prefix))
    return found
