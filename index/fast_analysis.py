"""A TEXT field that indexes without building a Token object per word.

Whoosh analyses a document by pushing one mutable Token through a chain of generators
(tokenizer | lowercase | stop | stem); at ~750 words an article that chain was more than half of
indexing time. `StemmedText.index` produces exactly the same terms, positions and weights as
`StemmingAnalyzer` in one loop, with an unbounded stem cache. Queries and highlighting still go
through the field's ordinary analyzer, so both sides agree (a test checks the equivalence).
"""

from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.analysis.filters import StopFilter
from whoosh.analysis.morph import StemFilter
from whoosh.analysis.tokenizers import RegexTokenizer
from whoosh.fields import TEXT
from whoosh.lang.porter import stem

_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 2_000_000


def stemming_analyzer():
    return StemmingAnalyzer(cachesize=200_000)


def _parts(analyzer):
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
    tokenizer, stopper, _ = _parts(analyzer)
    stops, minsize, maxsize = stopper.stops, stopper.min, stopper.max
    cache = _STEM_CACHE
    out = []
    for match in tokenizer.expression.finditer(text):
        word = match.group().lower()
        n = len(word)
        if n < minsize or (maxsize is not None and n > maxsize) or word in stops:
            continue
        stemmed = cache.get(word)
        if stemmed is None:
            stemmed = cache[word] = stem(word)
        out.append((stemmed, match.start(), match.end()))
    return out


class StemmedText(TEXT):
    """TEXT with a StemmingAnalyzer, indexed through a fast path that gives identical postings."""

    def __init__(self, **kwargs):
        kwargs.setdefault("analyzer", stemming_analyzer())
        super().__init__(**kwargs)

    def _fast_ok(self) -> bool:
        tokenizer, stopper, stemmer = _parts(self.analyzer)
        return (
            tokenizer is not None and not tokenizer.gaps and stopper is not None and stopper.renumber
            and stemmer is not None and stemmer.stemfn is stem and not stemmer.ignore
            and len(self.analyzer.items) == 4
        )

    def index(self, value, **kwargs):
        if not isinstance(value, str) or not self._fast_ok():
            yield from super().index(value, **kwargs)
            return
        tokenizer, stopper, _ = _parts(self.analyzer)
        stops = stopper.stops
        minsize, maxsize = stopper.min, stopper.max
        cache = _STEM_CACHE
        if len(cache) > _STEM_CACHE_MAX:
            cache.clear()
        poses: dict[str, list[int]] = {}
        pos = None
        for i, match in enumerate(tokenizer.expression.finditer(value)):
            word = match.group().lower()
            n = len(word)
            if n < minsize or (maxsize is not None and n > maxsize) or word in stops:
                continue
            pos = i if pos is None else pos + 1
            stemmed = cache.get(word)
            if stemmed is None:
                stemmed = cache[word] = stem(word)
            found = poses.get(stemmed)
            if found is None:
                poses[stemmed] = [pos]
            else:
                found.append(pos)
        fmt = self.format
        boost = fmt.field_boost
        encode = fmt.encode
        for word, positions in poses.items():
            yield word.encode("utf-8"), len(positions), len(positions) * boost, encode(positions)
