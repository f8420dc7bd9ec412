"""Fuzzy terms (`word~`): the index terms within an edit distance of a word, found fast.

Whoosh answers this two ways, both slow here and not alike: the reader over several segments
computes a Damerau-Levenshtein distance in Python for every term sharing the fixed prefix;
a single segment walks its term list with a Levenshtein automaton, which counts a
transposition as two edits, so
"hte~" missed "the" on a one-segment index and found it on a two-segment one.

Here, for one edit (`word~`, by far the common case), each segment is asked directly: the
word itself and its deletions and transpositions are looked up in the term dictionary; for
substitutions and insertions at position i, a term cursor visits the distinct characters that
follow `word[:i]` in the dictionary (a few steps or one seek each), and only the variants made
with those characters are looked up. The characters that follow a head are kept per segment
(a few bytes each), so later queries with the same first letters cost less than the
first. Distances above one (`word~2`) use Whoosh's
Damerau-Levenshtein scan per segment, so every distance counts a transposition as one edit.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh.reading import IndexReader

from index.errors import no_check

_SURROGATES = range(0xD800, 0xE000)
# Cursor steps tried before seeking: a step reads one key, a seek about twenty.
_STEPS = 8


def _after(c: str) -> str | None:
    """The first character after `c` that a term can contain (UTF-8 has no surrogates)."""
    n = ord(c) + 1
    if n in _SURROGATES:
        n = _SURROGATES.stop
    return chr(n) if n <= 0x10FFFF else None


def within_one_edit(reader, fieldname: str, word: str, prefix: int = 0) -> set[str]:
    """The terms of one segment's field at most one edit (Damerau: a transposition is one)
    from `word`, that keep its first `prefix` characters."""
    n = len(word)
    head_kept = word[:prefix]
    found: set[str] = set()
    checked: set[str] = set()

    def check(candidate: str) -> None:
        if candidate not in checked:
            checked.add(candidate)
            if candidate.startswith(head_kept) and (fieldname, candidate) in reader:
                found.add(candidate)

    check(word)
    for i in range(prefix, n):
        check(word[:i] + word[i + 1:])  # deletion
        if i + 1 < n:
            check(word[:i] + word[i + 1] + word[i] + word[i + 2:])  # transposition
    for i in range(min(prefix, n), n + 1):
        head = word[:i]
        for c in _followers(reader, fieldname, head):
            if i < n:
                check(head + c + word[i + 1:])  # substitution
            check(head + c + word[i:])  # insertion
    return found


# (segment id, field, head) -> the characters that follow `head` in the segment's terms.
# Segments never change, and heads repeat across queries (every `d...~` asks for "d").
_FOLLOWERS: dict[tuple[str, str, str], str] = {}
_FOLLOWERS_MAX = 50_000


def _followers(reader, fieldname: str, head: str) -> str:
    segment = getattr(reader, "_segment", None)
    key = (segment.segment_id(), fieldname, head) if segment is not None else None
    cached = _FOLLOWERS.get(key) if key else None
    if cached is not None:
        return cached
    i = len(head)
    chars = []
    cursor = reader.cursor(fieldname)
    term = cursor.find(head)
    while term is not None and term.startswith(head):
        if len(term) == i:  # the head itself is a term: its followers come next
            term = cursor.next()
            continue
        c = term[i]
        chars.append(c)
        # Past the terms that go on with head + c: a few steps along the dictionary (deep in
        # a word there are few), else a seek (a binary search on disk).
        for _ in range(_STEPS):
            term = cursor.next()
            if term is None or not term.startswith(head) or term[i] != c:
                break
        else:
            following = _after(c)
            if following is None:
                break
            term = cursor.find(head + following)
    result = "".join(chars)
    if key:
        if len(_FOLLOWERS) >= _FOLLOWERS_MAX:
            _FOLLOWERS.clear()
        _FOLLOWERS[key] = result
    return result


def terms_within(reader, fieldname: str, word: str, maxdist: int, prefix: int,
                 check: Callable[[], None] = no_check) -> set[str]:
    """The terms of `fieldname` within `maxdist` edits of `word` that start with its first
    `prefix` characters, over every segment of `reader` (`check` is called before each)."""
    if fieldname not in reader.schema:
        return set()
    leaves = [r for r, _ in reader.leaf_readers()] if not reader.is_atomic() else [reader]
    found: set[str] = set()
    for leaf in leaves:
        check()
        if maxdist <= 1:
            if maxdist == 1:
                found |= within_one_edit(leaf, fieldname, word, prefix)
            elif (fieldname, word) in leaf:
                found.add(word)
        else:
            found.update(IndexReader.terms_within(leaf, fieldname, word, maxdist, prefix=prefix))
    return found
