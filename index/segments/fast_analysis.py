"""A TEXT field that indexes without building a Token object per word.

Whoosh analyses a document by pushing one mutable Token through a chain of generators
(tokenizer | lowercase | stop | stem); at ~750 words an article that chain was more than half of
indexing time. `StemmedText.index` produces exactly the same terms, positions and weights as
`StemmingAnalyzer` in one loop, with an unbounded stem cache. Queries and highlighting still go
through the field's ordinary analyzer, so both sides agree (a test checks the equivalence).
"""

from __future__ import annotations

import functools
import re

from whoosh.analysis import StemmingAnalyzer
from whoosh.analysis.filters import StopFilter
from whoosh.analysis.morph import StemFilter
from whoosh.analysis.tokenizers import RegexTokenizer, default_pattern
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.lang.porter import stem

from index.segments.codec import CompactPositions
from index.text.words import whoosh_words

_STEM_CACHE_MAX = 2_000_000


class _StemCache(dict):
    """word -> stem, computed on first use (a dict subclass so lookups stay in C)."""

    def __missing__(self, word: str) -> str:
        stemmed = self[word] = stem(word)
        return stemmed


_STEMS = _StemCache()


def stemming_analyzer():
    return StemmingAnalyzer(cachesize=200_000)


def analyzer_parts(analyzer):
    """An analyzer's (tokenizer, stop filter, stemmer), None for those it lacks."""
    tokenizer = stopper = stemmer = None
    for item in analyzer.items:
        if isinstance(item, RegexTokenizer):
            tokenizer = item
        elif isinstance(item, StopFilter):
            stopper = item
        elif isinstance(item, StemFilter):
            stemmer = item
    return tokenizer, stopper, stemmer


def stemmed_tokens(text: str, analyzer) -> list[tuple[str, int, int]]:
    """(stem, start, end) for every indexed word of `text`, as the analyzer would produce them.

    Used for highlighting: the same words the index holds, with their character offsets, at a
    fraction of the cost of running the Token chain.
    """
    tokenizer, stopper, _ = analyzer_parts(analyzer)
    stops, minsize, maxsize = stopper.stops, stopper.min, stopper.max
    cache = _STEMS
    out = []
    for match in tokenizer.expression.finditer(text):
        word = match.group().lower()
        n = len(word)
        if n < minsize or (maxsize is not None and n > maxsize) or word in stops:
            continue
        out.append((cache[word], match.start(), match.end()))
    return out


# Encoded single-position postings, by format class and position: most terms occur once in
# an article.
_ONE_POSITION: dict[type, dict[int, bytes]] = {}


def compact_positions(field):
    """Give a positional TEXT field the compact positions format (see `index.segments.codec`)."""
    if type(field.format) is Positions:
        field.format = CompactPositions(field_boost=field.format.field_boost)
    return field


@functools.lru_cache(maxsize=8)
def _is_default(expression: re.Pattern) -> bool:
    """Is this Whoosh's default tokenizer expression (which `words.whoosh_words` splits by)?"""
    return expression.pattern == default_pattern.pattern and expression.flags == default_pattern.flags


@functools.lru_cache(maxsize=8)
def _word_finder(expression: re.Pattern):
    """`findall` for a tokenizer's expression, with its groups made non-capturing."""
    pattern = re.sub(r"(?<!\\)\((?!\?)", "(?:", expression.pattern)
    return re.compile(pattern, expression.flags).findall


class StemmedText(TEXT):
    """TEXT with a StemmingAnalyzer, indexed through a fast path that gives identical postings."""

    def __init__(self, **kwargs):
        kwargs.setdefault("analyzer", stemming_analyzer())
        super().__init__(**kwargs)
        compact_positions(self)

    def _fast_ok(self) -> bool:
        tokenizer, stopper, stemmer = analyzer_parts(self.analyzer)
        return (
            tokenizer is not None and not tokenizer.gaps and stopper is not None and stopper.renumber
            and stemmer is not None and stemmer.stemfn is stem and not stemmer.ignore
            and len(self.analyzer.items) == 4
        )

    @staticmethod
    def _words(value: str, tokenizer) -> list[str]:
        lowered = value.lower()
        if len(lowered) == len(value):
            # Lowercasing kept every character one character, so matching the lowercased text
            # finds the same words as lowercasing each match (checked over all of Unicode).
            if _is_default(tokenizer.expression):
                return whoosh_words(lowered)
            return _word_finder(tokenizer.expression)(lowered)
        return [m.group().lower() for m in tokenizer.expression.finditer(value)]

    def _kept(self, value: str) -> tuple[int, list[str]]:
        """(position of the first kept word, the kept words' stems), as the analyzer would
        number and stem them: the stop filter renumbers, so the first kept word keeps its
        position and the rest follow it."""
        stems = self.word_stems(self._words(value, analyzer_parts(self.analyzer)[0]))
        kept = [s for s in stems if s is not None]
        if not kept:
            return 0, []
        return next(i for i, s in enumerate(stems) if s is not None), kept

    def _positions(self, value: str) -> dict[str, list[int]]:
        """stem -> its positions in `value`, as the analyzer would number them."""
        first, stems = self._kept(value)
        poses: dict[str, list[int]] = {}
        for pos, stemmed in enumerate(stems, first):
            found = poses.get(stemmed)
            if found is None:
                poses[stemmed] = [pos]
            else:
                found.append(pos)
        return poses

    def _single_positions(self) -> dict[int, bytes] | None:
        fmt = self.format
        if not isinstance(fmt, Positions):
            return None
        one = _ONE_POSITION.get(type(fmt))
        if one is None:
            one = _ONE_POSITION[type(fmt)] = {}
        return one

    def index(self, value, **kwargs):
        if not isinstance(value, str) or not self._fast_ok():
            yield from super().index(value, **kwargs)
            return
        fmt = self.format
        boost = fmt.field_boost
        encode = fmt.encode
        one = self._single_positions()
        for word, positions in self._positions(value).items():
            if len(positions) == 1 and one is not None:
                p = positions[0]
                vbytes = one.get(p)
                if vbytes is None:
                    vbytes = one[p] = encode(positions)
                yield word.encode("utf-8"), 1, boost, vbytes
            else:
                yield word.encode("utf-8"), len(positions), len(positions) * boost, encode(positions)

    def bulk_words(self, value) -> list[str] | None:
        """The bulk writer's analysis (see `inversion`): every word of `value`, lowercased,
        stopwords included; `word_stems` then analyses the distinct ones. None when the fast
        path does not apply (the caller then uses `index`)."""
        if not isinstance(value, str) or not self._fast_ok():
            return None
        return self._words(value, analyzer_parts(self.analyzer)[0])

    def word_stems(self, words: list[str]) -> list[str | None]:
        """Each word's stem, or None for one the stop filter drops (too short, too long, a
        stopword)."""
        _, stopper, _ = analyzer_parts(self.analyzer)
        stops, minsize, maxsize = stopper.stops, stopper.min, stopper.max
        if len(_STEMS) > _STEM_CACHE_MAX:
            _STEMS.clear()
        stem_of = _STEMS.__getitem__
        if maxsize is None:
            return [stem_of(w) if len(w) >= minsize and w not in stops else None for w in words]
        return [stem_of(w) if minsize <= len(w) <= maxsize and w not in stops else None for w in words]
