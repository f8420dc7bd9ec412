"""Plain data the engine hands out.

Everything that leaves `index/` is one of these frozen dataclasses, so the TUI and the CLI
never see Whoosh `Results`, SQLite rows or open files.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HitTerms:
    """The analysed words and phrases a query looks for in title/body: what to mark in the
    articles opened from a result (`Corpus.hit_terms`, `SearchResult.terms`)."""

    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of text, as character offsets into the string it belongs to."""

    start: int
    end: int


@dataclass(frozen=True)
class Snippet:
    """A short excerpt around the best hits, with the hit offsets relative to `text`."""

    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Hit:
    """One ranked search result: what a hit-list row shows."""

    id: str
    title: str
    source: str | None
    date: str | None
    score: float | None  # None when the hits are sorted by date rather than ranked
    tags: tuple[str, ...]
    snippet: Snippet
    rank: int = 0
    read: bool = False  # opened before (see Corpus.mark_read)
    noted: bool = False  # carries a note
    # With collapsed copies (`Corpus.search(collapse=True)`): the hit's group of near-copies
    # (None: it has none), and the other hits of that group this row stands for, best first.
    group: str | None = None
    copy_ids: tuple[str, ...] = ()
    copy_sources: tuple[str, ...] = ()  # their outlets, each once, in that order
    # A folded row opened (`Corpus.search(expand=...)`): the row standing for the group says
    # `unfolded`, and each of its copies follows it as a row of its own naming it (`copy_of`).
    unfolded: bool = False
    copy_of: str | None = None

    @property
    def copies(self) -> int:
        return len(self.copy_ids)


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query: a page of hits and the exact number of matches."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    elapsed_ms: float
    terms: HitTerms | None = None  # what to mark in the articles opened from here
    sort: str = "relevance"  # or "newest" / "oldest" (see index.SORTS)
    rows: int | None = None  # with collapsed copies: how many rows (groups and single hits)
    # Undated articles the query would match but for its date filter (they are in no range)
    undated_hidden: int = 0


@dataclass(frozen=True)
class Article:
    """One article as the reader shows it.

    `text` is the cleaned article (title line, blank line, paragraphs). `raw_lines` and `labels`
    (one character a raw line: T title, C content, B boilerplate, - blank) let the reader show
    what cleaning removed.
    """

    id: str
    path: str
    title: str
    source: str | None
    date: str | None
    url: str | None
    text: str
    body: str
    raw_lines: tuple[str, ...]
    labels: str
    tags: tuple[str, ...]
    content_hash: str
    note: str = ""  # the user's note on it ("" when none)
    read: bool = False


@dataclass(frozen=True)
class Skipped:
    """A file (or a line of a .jsonl) that could not be read, and why."""

    path: str
    reason: str


@dataclass
class UpdateReport:
    """What one `index` run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    renamed: int = 0
    rebuilt: bool = False
    rebuilt_because: str = ""  # why the old index was not used, when that was the reason
    recleaned: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    elapsed_s: float = 0.0
    read: int = 0
    reattached: int = 0  # waiting articles found again after a re-scrape changed them

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.renamed)

    def summary(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.removed} removed",
            f"{self.unchanged} unchanged",
        ]
        if self.renamed:
            parts.append(f"{self.renamed} renamed")
        if self.reattached:
            parts.append(f"{self.reattached} tagged article{'s' if self.reattached != 1 else ''} found again")
        if self.recleaned:
            parts.append(f"{self.recleaned} re-cleaned with outlet templates")
        parts.append(f"{len(self.skipped)} skipped")
        prefix = "rebuilt: " if self.rebuilt else ""
        if self.rebuilt_because:
            prefix = f"rebuilt (the old index was not used: {self.rebuilt_because}): "
        return prefix + ", ".join(parts) + f" in {self.elapsed_s:.1f}s"


@dataclass(frozen=True)
class Progress:
    """A progress report from a long job; `total` is None while it is still unknown."""

    stage: str
    done: int
    total: int | None
    detail: str = ""


@dataclass(frozen=True)
class TagCount:
    name: str
    count: int


@dataclass(frozen=True)
class WaitingTag:
    """A tag whose article is not in the corpus now: what it waits for."""

    name: str
    article_id: str
    title: str | None
    url: str | None


@dataclass(frozen=True)
class TagChange:
    """One applied tag change, kept so it can be undone exactly."""

    added: tuple[tuple[str, str], ...]  # (article id, tag) pairs that were newly added
    removed: tuple[tuple[str, str], ...]  # (article id, tag) pairs that were actually removed

    @property
    def articles(self) -> int:
        return len({a for a, _ in self.added} | {a for a, _ in self.removed})


@dataclass(frozen=True)
class Note:
    """The user's note on one article; `in_corpus` says whether its article is in the corpus now
    (an article may have no title: `title` alone cannot tell)."""

    id: str
    text: str
    updated_at: float
    title: str = ""
    in_corpus: bool = False


@dataclass(frozen=True)
class SavedSearch:
    """A named query with its live count and how many of its matches arrived since it was last
    opened; `error` says why a saved query no longer runs (count and new are then 0)."""

    name: str
    query: str
    count: int
    new: int
    opened_at: float
    error: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """"Did you mean": a query with its unknown words replaced by indexed ones, and its hits."""

    query: str
    replaced: tuple[tuple[str, str], ...]  # (typed word, suggested word)
    total: int


@dataclass(frozen=True)
class Copy:
    """Another article of a group of near-copies, and how close it is to the one asked about."""

    id: str
    title: str
    source: str | None
    date: str | None
    similarity: float  # estimated Jaccard similarity of the two bodies' word shingles
    overlap: float  # share of the shorter body's shingles found in the longer (1.0: contained)


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Counts over every match of a query (not a page of it)."""

    query: str
    total: int
    source: tuple[FacetCount, ...]
    year: tuple[FacetCount, ...]
    month: tuple[FacetCount, ...]
    tag: tuple[FacetCount, ...]
    undated: int
    elapsed_ms: float = 0.0
    timeline: "Timeline | None" = None  # when asked for with the facets (one evaluation for both)


@dataclass(frozen=True)
class Bucket:
    start: str  # ISO date of the period's first day
    count: int


@dataclass(frozen=True)
class Timeline:
    """Matches of a query per period, every period from the first match to the last.

    `series`: with outlets asked for, the same axis per outlet (most matches first)."""

    query: str
    by: str
    buckets: tuple[Bucket, ...]
    undated: int
    series: tuple[tuple[str, tuple[Bucket, ...]], ...] = ()

    def peaks(self, n: int = 3) -> list[Bucket]:
        """The `n` periods with the most matches, by date."""
        best = sorted((b for b in self.buckets if b.count), key=lambda b: (-b.count, b.start))[:n]
        return sorted(best, key=lambda b: b.start)


@dataclass(frozen=True)
class CopyDiff:
    """What one copy changed against another: offsets into `text` (the copy's article text)
    of the words it has that the other lacks, the sentences holding them, and the other's
    words it lacks (each with the offset in `text` where they would have been)."""

    base_id: str
    copy_id: str
    text: str
    added: tuple[Span, ...]
    sentences: tuple[Span, ...]
    removed: tuple[tuple[int, str], ...]
    same_share: float  # share of the copy's words that match the other's, in order


@dataclass(frozen=True)
class Occurrence:
    """One hit of a query in an article (a concordance line): its character offset in the
    article's text (as `Article.text`), the context either side, the hit itself and the
    article's title."""

    id: str
    position: int
    left: str
    hit: str
    right: str
    title: str | None = None  # the article's
