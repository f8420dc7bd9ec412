"""Where a query hits inside an article's text, as character offsets.

Whoosh's own highlighter returns HTML fragments; the reader needs every hit's offsets so it can
mark them and jump between them. We run the field's analyzer over the text (so "kill" finds
"killed", as the index did), and match whole phrases as runs of consecutive tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh import query as wq

from index.models import HitTerms, Snippet, Span
from index.search.query import MAX_EXPANSION, positive_leaves
from index.segments.fast_analysis import analyzer_parts, stemmed_tokens
from index.segments.search_index import BODY_ANALYZER
from index.segments.whoosh_private import expanded_terms

BODY_TOKEN = analyzer_parts(BODY_ANALYZER)[0]

TEXT_FIELDS = ("title", "body")


def hit_terms(q: wq.Query, reader=None, expanded: dict | None = None) -> HitTerms:
    """Collect what to highlight; wildcards and fuzzy terms are expanded against `reader`,
    unless `expanded` has their terms already (as `ranking.evaluate` collects them)."""
    words: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for leaf in positive_leaves(q):
        field = getattr(leaf, "fieldname", None)
        if field not in TEXT_FIELDS:
            continue
        if isinstance(leaf, wq.Phrase):
            seq = tuple(str(w) for w in leaf.words)
            if len(seq) == 1:
                words.add(seq[0])
            elif seq and seq not in phrases:
                phrases.append(seq)
        elif isinstance(leaf, wq.Term) and not isinstance(leaf, (wq.FuzzyTerm, wq.Variations)):
            words.add(str(leaf.text))
        elif reader is not None and isinstance(leaf, (wq.MultiTerm, wq.Variations)):
            known = expanded.get(leaf) if expanded else None
            try:
                for n, text in enumerate(sorted(known) if known is not None else expanded_terms(leaf, reader)):
                    if n >= MAX_EXPANSION:
                        break
                    words.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
            except Exception:
                continue
    return HitTerms(frozenset(words), tuple(phrases))


def spans(text: str, terms: HitTerms) -> list[Span]:
    """Every hit of `terms` in `text`, in order, non-overlapping."""
    if not terms or not text:
        return []
    tokens = stemmed_tokens(text, BODY_ANALYZER)
    found: list[Span] = []
    for word, start, end in tokens:
        if word in terms.words:
            found.append(Span(start, end))
    for phrase in terms.phrases:
        n = len(phrase)
        first = phrase[0]
        for i in range(len(tokens) - n + 1):
            if tokens[i][0] == first and all(tokens[i + k][0] == phrase[k] for k in range(1, n)):
                found.append(Span(tokens[i][1], tokens[i + n - 1][2]))
    return _merged(found)


# Texts longer than this are read for `iter_spans` a window at a time.
SPAN_WINDOW = 1 << 18


def iter_spans(text: str, terms: HitTerms, check=None, window: int = SPAN_WINDOW) -> Iterator[Span]:
    """`spans(text, terms)` one at a time, as a long text is read: a window of it (cut between
    words) at a time, so the first hits of a huge one-line file come before the whole of it is
    tokenised. `check()` is called before each window (it raises to stop)."""
    if len(text) <= window:
        if check is not None:
            check()
        yield from spans(text, terms)
        return
    if not terms:
        return
    longest = max((len(p) for p in terms.phrases), default=1)
    carry: list[tuple[str, int, int]] = []  # the last tokens before the window, for phrases across it
    pending: list[Span] = []  # found, but a later phrase may still overlap them
    lo = 0
    while lo < len(text):
        if check is not None:
            check()
        hi = _window_end(text, lo + window)
        fresh = [(w, lo + a, lo + b) for w, a, b in stemmed_tokens(text[lo:hi], BODY_ANALYZER)]
        found = [Span(a, b) for w, a, b in fresh if w in terms.words]
        tokens = carry + fresh
        for phrase in terms.phrases:
            n = len(phrase)
            for i in range(max(0, len(carry) - n + 1), len(tokens) - n + 1):
                if tokens[i][0] == phrase[0] and all(tokens[i + k][0] == phrase[k] for k in range(1, n)):
                    found.append(Span(tokens[i][1], tokens[i + n - 1][2]))
        carry = tokens[len(tokens) - (longest - 1):] if longest > 1 else []
        lo = hi
        # Whatever ends before the first carried token is final: a later span starts there or after.
        safe = carry[0][1] if carry else lo
        merged = _merged(pending + found)
        pending = [sp for sp in merged if sp.end > safe]
        yield from (sp for sp in merged if sp.end <= safe)
    yield from pending


_SPACE = re.compile(r"\s")


def _window_end(text: str, at: int) -> int:
    """Where a window reaching `at` ends: at the next white space, so no word is cut."""
    if at >= len(text):
        return len(text)
    m = _SPACE.search(text, at)
    return m.start() if m else len(text)


def _merged(found: list[Span]) -> list[Span]:
    if not found:
        return []
    found.sort(key=lambda s: (s.start, -s.end))
    merged = [found[0]]
    for span in found[1:]:
        last = merged[-1]
        if span.start < last.end:
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end)
        else:
            merged.append(span)
    return merged


def quick_spans(text: str, terms: HitTerms, limit: int | None = None) -> list[Span]:
    """Like `spans`, for snippets: finds candidates with one regex pass, stems only those.

    Tokenising a whole body for every snippet is too slow: a hit list shows a page of
    snippets per keystroke. A Porter stem is almost always a prefix of its word (give or take the last
    letter), so words starting with a stem's first letters are the only candidates; a phrase
    is checked by tokenising a short window after a candidate for its first word.
    `limit`: the first hits only, and at most `CANDIDATES_PER_HIT` times as many candidates
    looked at (a snippet needs a window of them, not the million of a huge one-line file).
    """
    if not terms or not text:
        return []
    heads = terms.words | {p[0] for p in terms.phrases}
    finders = _PREFIX_CACHE.get(heads)
    if finders is None:
        if len(_PREFIX_CACHE) > 256:
            _PREFIX_CACHE.clear()
        prefixes = sorted({w[: max(2, len(w) - 1)] for w in heads}, key=len, reverse=True)
        alternatives = "|".join(re.escape(p) for p in prefixes)
        finders = _PREFIX_CACHE[heads] = (
            re.compile(alternatives),  # on lowercased text: a plain literal scan, much faster
            re.compile(alternatives, re.IGNORECASE),
        )
    lowered = text.lower()
    if len(lowered) == len(text):  # same offsets, so match the lowercased text
        found_at = (m.start() for m in finders[0].finditer(lowered))
    else:
        found_at = (m.start() for m in finders[1].finditer(text))
    starts = (at for at in found_at if not _inside_token(text, at))
    tokenizer = BODY_TOKEN.expression
    found = []
    candidates = limit * CANDIDATES_PER_HIT if limit is not None else None
    for n, at in enumerate(starts):
        if limit is not None and (len(found) >= limit or n >= candidates):
            break
        token = tokenizer.match(text, at)
        if token is None:
            continue
        word = token.group()
        analysed = _TOKENS.get(word)
        if analysed is None:
            if len(_TOKENS) > 100_000:
                _TOKENS.clear()
            analysed = _TOKENS[word] = tuple(stemmed_tokens(word, BODY_ANALYZER))
        for stemmed, start, end in analysed:
            if stemmed in terms.words:
                found.append(Span(at + start, at + end))
            for phrase in terms.phrases:
                if stemmed != phrase[0] or start != 0:
                    continue
                window = stemmed_tokens(text[at : at + 80 * len(phrase)], BODY_ANALYZER)
                if tuple(w for w, _, _ in window[: len(phrase)]) == phrase:
                    found.append(Span(at, at + window[len(phrase) - 1][2]))
    return _merged(found)


_PREFIX_CACHE: dict[frozenset[str], tuple[re.Pattern, re.Pattern]] = {}
CANDIDATES_PER_HIT = 20


def _inside_token(text: str, at: int) -> bool:
    """Whether `at` is inside a token rather than at its start (the body tokenizer's tokens are
    word characters and `*`, with single dots inside: "U.S.", "end.kill")."""
    if at == 0:
        return False
    before = text[at - 1]
    if before.isalnum() or before in "_*":  # `\w` is exactly isalnum() or "_"
        return True
    return before == "." and at >= 2 and (text[at - 2].isalnum() or text[at - 2] in "_*")


# A candidate token's analysis, by its text: the same words recur on every page of snippets.
_TOKENS: dict[str, tuple[tuple[str, int, int], ...]] = {}


def snippet(text: str, hit_spans: list[Span], width: int = 220) -> Snippet:
    """The `width`-character window of `text` holding the most hits, on word boundaries."""
    flat = " ".join(text.split("\n"))
    if not hit_spans:
        cut = flat[:width]
        if len(flat) > width:
            cut = cut.rsplit(" ", 1)[0] + " …"
        return Snippet(cut.strip(), ())
    best_start, best_count = hit_spans[0].start, 0
    j = 0
    for i, span in enumerate(hit_spans):
        while j < len(hit_spans) and hit_spans[j].end <= span.start + width:
            j += 1
        if j - i > best_count:
            best_start, best_count = span.start, j - i
    start = max(0, best_start - width // 4)
    if start > 0:
        space = flat.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        if space > start + width // 2:
            end = space
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(flat) else ""
    window = flat[start:end]
    inner = tuple(
        Span(s.start - start + len(lead), min(s.end, end) - start + len(lead))
        for s in hit_spans
        if s.start >= start and s.start < end
    )
    return Snippet(lead + window + tail, inner)
