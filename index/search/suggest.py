"""Zero-hit help ("did you mean …") and more-like-this, both from the index's own vocabulary.

Did you mean: the index holds stems, and a stem is a poor thing to offer ("elect" for
"electon"), so the typed word is corrected as typed: every word one edit away from it is
stemmed, and the ones whose stem the index holds are the candidates, the commonest first.
A word has a few hundred such variants; each is one term lookup per segment, so the cost
depends on the word's length, not on the size of the vocabulary (no scan of the term list,
no structure to build or keep). When no variant is known, the stem itself is corrected in the
term dictionary by `fuzzy.within_one_edit` (stems, but better than nothing).

More like this: Whoosh's key terms of the article's text (its Bo1 expansion model over the
index's statistics), each shown as the article's commonest word with that stem, joined with OR
into a query the user can read and edit.
"""

from __future__ import annotations

import re
import string
from collections import Counter

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


def correct_word(reader, word: str) -> str | None:
    """The indexed word nearest a typed one: one edit away, as common as possible."""
    word = word.lower()
    if not (MIN_WORD <= len(word) <= MAX_WORD):
        return None
    best: tuple[int, str] | None = None
    by_stem: dict[str, list[str]] = {}
    for variant in _variants(word):
        by_stem.setdefault(stem(variant), []).append(variant)
    for stemmed, variants in by_stem.items():
        if ("body", stemmed) in reader or ("title", stemmed) in reader:
            df = _frequency(reader, stemmed)
            # Of the variants sharing a stem, the shortest reads most like a word ("election",
            # not "electionn").
            choice = min(variants, key=lambda v: (len(v), v))
            if best is None or (df, -len(choice)) > (best[0], -len(best[1])):
                best = (df, choice)
    if best is None:
        own = stem(word)
        near = terms_within(reader, "body", own, 1, 0) - {own}
        if near:
            ranked = sorted(near, key=lambda t: (-_frequency(reader, t), t))
            return ranked[0]
        return None
    return best[1]


def did_you_mean(text: str, q: wq.Query, reader) -> list[tuple[str, str]]:
    """(typed word, suggestion) pairs for the words of `text` the index does not know."""
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
        better = correct_word(reader, low)
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
