"""The engine's facade: everything the CLI and the app do to a corpus goes through `Corpus`.

It owns the catalog, the Whoosh index and the tag store of one corpus folder, and hands out
plain dataclasses (`index.models`). Methods are safe to call from worker threads: SQLite
connections and Whoosh searchers are kept one per thread.
"""

from __future__ import annotations

import functools
import itertools
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from whoosh import query as wq

from index.errors import (
    CorpusError,
    NotFound,
    QueryError,
    SearchCancelled,
    SourceChanged,
    cancel_check,
    log_internal_error,
)
from index.ingest.readers import FileEntry, safe_rel, walk
from index.models import Article, Hit, SearchResult, Snippet, Span, TagChange, TagCount, UpdateReport
from index.search.highlight import HitTerms, hit_terms, quick_spans, snippet, spans
from index.search.query import expand_fuzzy, parse, rewrite_dates, rewrite_tags
from index.search.ranking import matching_docnums, rank
from index.segments.search_index import SCHEMA_VERSION, UNDATED, SearchIndex
from index.store.catalog import ArticleRow, Catalog
from index.store.datadir import resolve_data_dir
from index.store.tag_store import FOLLOWUP, TagStore, normalize_tag
from index.text.safety import one_line
from index.update.indexer import Indexer, ProgressFn

# Collecting every hit of a query (bulk tagging, export) is bounded so a stray `*` on a huge
# corpus cannot take the machine; the CLI says so when the bound is hit.
MAX_BULK = 1_000_000
# How hits can be ordered: by relevance (Whoosh's BM25F), or by date with undated articles last.
SORTS = ("relevance", "newest", "oldest")


def article_text(title: str, paragraphs: Iterable[str]) -> str:
    """The cleaned article as a reader (and `corpus-tui clean`) shows it."""
    paras = list(paragraphs)
    body = "\n\n".join(paras)
    if title:
        return f"{title}\n\n{body}\n" if paras else f"{title}\n"
    return f"{body}\n" if paras else ""


def paragraphs_of(row: ArticleRow) -> list[str]:
    lines = row.raw.split("\n")
    return [line for line, label in zip(lines, row.labels) if label == "C"]


def _reported(doing: str):
    """A query method whose failures other than the user's (a QueryError, a cancel) become an
    InternalError with the traceback logged in the data folder: a ranking bug or a changed
    Whoosh attribute must not read as "bad query" (exit 2). `doing` is formatted with the
    query text."""

    def wrap(method):
        @functools.wraps(method)
        def reported(self, text, *args, **kwargs):
            try:
                return method(self, text, *args, **kwargs)
            except (CorpusError, SearchCancelled):
                raise
            except Exception as exc:
                raise log_internal_error(self.data_dir, exc, doing.format(one_line(str(text), 80))) from exc

        return reported

    return wrap


def _matches_everything(q) -> bool:
    if isinstance(q, wq.Every):
        return True
    return isinstance(q, wq.Or) and all(isinstance(sub, wq.Every) for sub in q.subqueries)


class Corpus:
    """One corpus folder with its data folder (index, catalog, tags)."""

    def __init__(self, root: str | Path, data_dir: str | Path | None = None, *, follow_links: bool = False):
        """`follow_links`: read symbolic links to files and folders (see `readers.walk`)."""
        root = Path(root).expanduser()
        if not root.exists():
            raise CorpusError(f"corpus folder not found: {root}")
        if not root.is_dir():
            raise CorpusError(f"not a folder: {root}")
        self.root = root.resolve()
        try:
            self.data_dir = resolve_data_dir(self.root, data_dir)
        except OSError as exc:
            raise CorpusError(f"cannot create the data folder: {exc.strerror or exc}") from None
        self.follow_links = follow_links
        self.catalog = Catalog(self.data_dir / "catalog.sqlite", self.root, follow_links)
        self.tags = TagStore(self.data_dir / "tags.sqlite")
        self.index = SearchIndex(self.data_dir / "whoosh")
        self._live_cache: tuple[int, set[str]] | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        self.index.close()
        self.catalog.close()
        self.tags.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- indexing ------------------------------------------------------------------------------

    def needs_build(self) -> bool:
        """True when there is no usable index at all (cheap: no walk of the folder)."""
        return self.catalog.get_meta("schema_version") != SCHEMA_VERSION or not self.index.exists()

    def needs_update(self) -> bool:
        """True when the index is missing, from another schema, or the folder changed (stat only)."""
        if self.needs_build():
            return True
        known = self.catalog.files()
        seen = 0
        for item in walk(self.root, skip_dirs={self.data_dir}, follow_links=self.follow_links):
            if not isinstance(item, FileEntry):
                continue
            row = known.get(item.rel)
            if row is None:
                if item.size == 0:
                    continue  # empty files are skipped every time; they are not news
                return True
            if (row.size, row.mtime_ns) != (item.size, item.mtime_ns):
                return True
            seen += 1
        return seen != len(known)

    def update(
        self,
        *,
        rebuild: bool = False,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
        wait: float = 0.0,
    ) -> UpdateReport:
        """Bring the index up to date with the folder (see `index.update.indexer`)."""
        indexer = Indexer(self.root, self.data_dir, self.catalog, self.index, self.tags, progress, cancel,
                          follow_links=self.follow_links)
        report = indexer.run(rebuild=rebuild, wait=wait)
        self._live_cache = None
        return report

    def count(self) -> int:
        return self.catalog.count()

    # -- searching -----------------------------------------------------------------------------

    def _ids_for_tag(self, tag: str) -> set[str]:
        return self.tags.ids_with(tag)

    def _ids_for_glob(self, pattern: str) -> set[str]:
        return self.tags.ids_matching(pattern)

    def compile(self, text: str):
        """Parse and tag-rewrite a query string (QueryError when malformed)."""
        return rewrite_dates(rewrite_tags(parse(text), self._ids_for_tag, self._ids_for_glob))

    @_reported("searching for {!r}")
    def search(
        self,
        text: str,
        *,
        limit: int = 50,
        offset: int = 0,
        snippets: bool | int = True,
        sort: str = "relevance",
        cancel: threading.Event | None = None,
    ) -> SearchResult:
        """Rank articles for a query; hits `offset` to `offset + limit` with their tags.

        `snippets` is True (every returned hit gets one), False, or how many of the returned
        hits get one (what the first screen shows). `sort` is one of SORTS; sorted by date,
        hits carry no score. The total is always exact: ranking scores every match anyway
        (see `index.search.ranking`). The result carries the query's `terms`, for highlighting
        articles opened from it. Once `cancel` is set, the search stops at its next check and
        raises SearchCancelled (the app's stale searches).
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        started = time.perf_counter()
        check = cancel_check(cancel)
        q = self.compile(text)
        searcher = self.index.searcher()
        q = expand_fuzzy(q, searcher.reader(), check)
        check()
        everything = _matches_everything(q)
        want = offset + limit
        expansions: dict = {}  # the prefixes' and wildcards' terms, expanded once for both uses
        if sort != "relevance":
            order, total = self._by_date(searcher, wq.Every() if everything else q, sort, want)
            scored = [(d, None) for d in order[offset:want]]
        elif everything:
            # `*` ranks nothing: list articles in index order without scoring each one.
            order = list(itertools.islice(searcher.reader().all_doc_ids(), want))
            total = searcher.doc_count()
            scored = [(d, 0.0) for d in order[offset:want]]
        else:
            ranked = rank(searcher, q, want, check, expansions)
            total = ranked.total
            scored = list(zip(ranked.docnums, ranked.scores))[offset:want]
        hits_raw = [(searcher.stored_fields(d), score) for d, score in scored] if limit > 0 else []
        check()
        n_snippets = limit if snippets is True else int(snippets or 0)
        terms = hit_terms(q, searcher.reader(), expansions)
        ids = [f["id"] for f, _ in hits_raw]
        tags = self.tags.tags_for(ids)
        rows = self.catalog.articles(ids[:n_snippets]) if n_snippets > 0 else {}
        hits = []
        for rank_no, (fields, score) in enumerate(hits_raw, start=offset + 1):
            aid = fields["id"]
            snip = None
            if rank_no - offset <= n_snippets:
                check()
                row = rows.get(aid)
                if row is None:
                    continue  # indexed but not yet in the catalog: a concurrent update
                if row.raw is not None:  # (None: its file changed since; no snippet until re-read)
                    body = "\n".join(paragraphs_of(row))
                    snip = snippet(body, quick_spans(body, terms))
            date = fields.get("date")
            hits.append(
                Hit(
                    id=aid,
                    title=fields.get("title") or aid,
                    source=fields.get("source"),
                    date=date.date().isoformat() if date else None,
                    score=None if score is None else float(score),
                    tags=tags.get(aid, ()),
                    snippet=snip if snip is not None else Snippet("", ()),
                    rank=rank_no,
                )
            )
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(text, tuple(hits), total, elapsed, terms, sort)

    def _by_date(self, searcher, q, sort: str, n: int) -> tuple[list[int], int]:
        """The first `n` matching docnums by date (undated last), and how many match.

        Not Whoosh's `sortedby`: it reads the date column from disk for every matching
        document; the index keeps each segment's dates in memory instead. Equal dates keep index order.
        """
        keys = np.frombuffer(self.index.date_keys(searcher), dtype=np.uint64)
        docs = matching_docnums(searcher, q)
        k = keys[docs]
        if sort == "newest":
            # newest first, undated (the largest key) last: order by the distance from the top
            k = np.where(k == UNDATED, np.uint64(UNDATED), np.uint64(UNDATED - 1) - k)
        order = docs[np.argsort(k, kind="stable")[:n]]
        return order.tolist(), len(docs)

    @_reported("matching {!r}")
    def matching_ids(self, text: str, limit: int = MAX_BULK) -> list[str]:
        """Every id a query matches, best first (for bulk tagging and export)."""
        searcher = self.index.searcher()
        q = expand_fuzzy(self.compile(text), searcher.reader())
        docnums = rank(searcher, q, limit).docnums
        return [searcher.stored_fields(d)["id"] for d in docnums]

    # -- reading -------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        row = self.catalog.article(article_id)
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        if row.raw is None:
            where = "changed on disk" if (self.root / row.rel).exists() else "was moved or deleted"
            raise SourceChanged(safe_rel(row.rel), where)
        paras = paragraphs_of(row)
        return Article(
            id=row.id,
            path=row.rel,
            title=row.title,
            source=row.source,
            date=row.date,
            url=row.url,
            text=article_text(row.title, paras),
            body="\n\n".join(paras),
            raw_lines=tuple(row.raw.split("\n")),
            labels=row.labels,
            tags=self.tags.tags_of(row.id),
            content_hash=row.hash,
        )

    @_reported("finding what {!r} highlights")
    def hit_terms(self, text: str) -> HitTerms:
        """What a query marks in an article (empty for a malformed or tag-only query)."""
        reader = self.index.searcher().reader()
        try:
            q = expand_fuzzy(self.compile(text), reader)
        except QueryError:
            return HitTerms(frozenset(), ())
        return hit_terms(q, reader)

    def spans(self, text: str, terms: HitTerms) -> list[Span]:
        return spans(text, terms)

    # -- tags ----------------------------------------------------------------------------------

    def _with_hashes(self, ids: Iterable[str]) -> list[tuple[str, str]]:
        ids = list(dict.fromkeys(ids))
        hashes = self.catalog.hashes(ids)
        missing = [i for i in ids if i not in hashes]
        if missing:
            raise NotFound(f"no article with id {missing[0]!r}" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
        return [(i, hashes[i]) for i in ids]

    def tag(self, ids: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = ()) -> TagChange:
        """Add/remove tags on articles; committed before returning."""
        add, remove = list(add), list(remove)
        for t in add + remove:
            normalize_tag(t)  # validate before touching anything
        return self.tags.apply(self._with_hashes(ids), add, remove)

    def tag_query(self, text: str, add: Iterable[str] = (), remove: Iterable[str] = ()) -> TagChange:
        return self.tag(self.matching_ids(text), add, remove)

    def toggle_followup(self, article_id: str) -> TagChange:
        if FOLLOWUP in self.tags.tags_of(article_id):
            return self.tag([article_id], remove=[FOLLOWUP])
        return self.tag([article_id], add=[FOLLOWUP])

    def undo(self, change: TagChange) -> None:
        ids = {a for a, _ in change.removed}
        self.tags.revert(change, self.catalog.hashes(ids))

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        return self.tags.tags_of(article_id)

    def tag_counts(self) -> list[TagCount]:
        """Each tag with the number of articles in the corpus now carrying it."""
        return [TagCount(name, n) for name, n in self.tags.counts(self.catalog.path)]

    def tag_names(self) -> list[str]:
        return self.tags.all_names()

