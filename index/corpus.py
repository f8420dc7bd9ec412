"""The engine's facade: everything the CLI and the app do to a corpus goes through `Corpus`.

It owns the catalog, the Whoosh index and the tag store of one corpus folder, and hands out
plain dataclasses (`index.models`). Methods are safe to call from worker threads: SQLite
connections and Whoosh searchers are kept one per thread.
"""

from __future__ import annotations

import bisect
import errno
import functools
import itertools
import os
import re
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING
from pathlib import Path

import numpy as np
from whoosh import query as wq

from index.clean import cleaner_fingerprint
from index.errors import (
    CorpusError,
    DamagedCatalog,
    DamagedTags,
    NotFound,
    QueryError,
    SearchCancelled,
    SourceChanged,
    cancel_check,
    log_internal_error,
    no_check,
)
from index.explore import copies as copy_groups
from index.explore import facets as facet_counts
from index.explore.columns import ColumnCache, DocColumns
from index.explore.diff import copy_diff
from index.explore.kwic import occurrences
from index.ingest import readers
from index.ingest.readers import LINE_REF, FileEntry, RawArticle, safe_rel, walk
from index.models import (
    Article,
    Bucket,
    Copy,
    CopyDiff,
    FacetCount,
    Facets,
    Hit,
    Note,
    Progress,
    SavedSearch,
    SearchResult,
    Skipped,
    Snippet,
    Span,
    Suggestion,
    TagChange,
    TagCount,
    Timeline,
    UpdateReport,
    WaitingTag,
)
from index.search.budget import Budget
from index.search.highlight import HitTerms, hit_terms, iter_spans, quick_spans, snippet, spans
from index.search.query import IdSet, expand_fuzzy, parse, rewrite_dates, rewrite_tags, rewrite_user_clauses, without_dates
from index.search.ranking import count_matches, evaluate, matching_docnums, rank
from index.segments.search_index import SCHEMA_VERSION, UNDATED, SearchIndex
from index.store.catalog import ArticleRow, Catalog
from index.store.datadir import resolve_data_dir
from index.store.sqlite_files import is_damage, remove_database
from index.store.tag_store import FOLLOWUP, TagStore, normalize_tag
from index.store.user_store import UserStore, normalize_search_name
from index.text.safety import one_line
from index.update.reattach import remember

if TYPE_CHECKING:  # the indexer (and the cleaner under it) loads on the first update
    from index.update.indexer import Indexer, ProgressFn

# Collecting every hit of a query (bulk tagging, export) is bounded so a stray `*` on a huge
# corpus cannot take the machine; the CLI says so when the bound is hit.
MAX_BULK = 1_000_000
# A snippet is the window with the most hits among an article's first ones: enough to choose
# well, few enough that a huge one-line file holding a million of them is not all scanned.
SNIPPET_HITS = 1000
# "Did you mean" spells a suggested stem as the articles write it, read from this many of the
# articles holding it, and this many hits of each (a huge one-line file is not all scanned).
WRITTEN_FORM_ARTICLES = 20
WRITTEN_FORM_HITS = 200
# How hits can be ordered: by relevance (Whoosh's BM25F), or by date with undated articles last.
SORTS = ("relevance", "newest", "oldest")
# How a timeline can bucket its matches.
PERIODS = facet_counts.PERIODS

# The marks a review (the app's triage mode) puts on articles: plain tags, so they show in the
# tag pane, are searchable as tag:relevant and are backed up and undone like any tag.
TRIAGE_MARKS = ("relevant", "not-relevant", FOLLOWUP)


# `@name` in a query (not inside a word or an e-mail address): a saved search.
_SAVED_REF = re.compile(r"(?<![\w@])@([\w][\w\-.\u0300-\u036f]*)")  # (with combining accents: see normalize_search_name)


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


def _disk_full(folder) -> bool:
    try:
        st = os.statvfs(folder)
    except (OSError, TypeError):
        return False
    return st.f_bavail * st.f_frsize < 256 * 1024


def _cause(exc: BaseException, folder=None) -> str:
    """An OS or SQLite error's cause in words ("No space left on device"). SQLite says only
    "disk I/O error" when it cannot grow its WAL: the free space of `folder` tells."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"the disk is full ({exc.strerror})"
        cause = exc.strerror or str(exc)
        # (the file of the folder it is about: "update.lock: Is a directory")
        if exc.strerror and exc.filename and folder is not None:
            rel = os.path.relpath(os.fsdecode(exc.filename), os.fsdecode(folder))
            if rel != "." and not rel.startswith(".."):
                return f"{one_line(rel, 200)}: {cause}"
        return cause
    text = str(exc)
    if "full" in text:
        return f"the disk is full ({text})"
    if "disk I/O error" in text:
        if folder is not None and _disk_full(folder):
            return f"the disk is full ({text})"
        return f"{text} (is the disk full or failing?)"
    return text


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
            except (sqlite3.DatabaseError, OSError):
                raise  # the data folder's trouble (a damaged file, a full disk): `storage_problem`
            except Exception as exc:
                raise log_internal_error(self.data_dir, exc, doing.format(one_line(str(text), 80))) from exc

        return reported

    return wrap


def storage_problem(data_dir, exc: BaseException) -> str:
    """One line on an OS or SQLite error met in the data folder `data_dir` (a full disk, say)."""
    return f"cannot use the data folder {data_dir}: {_cause(exc, data_dir)}"


def _matches_everything(q) -> bool:
    if isinstance(q, wq.Every):
        return True
    return isinstance(q, wq.Or) and all(isinstance(sub, wq.Every) for sub in q.subqueries)

def _find_sorted(names: list[str], name: str) -> int | None:
    """The index of `name` in the sorted list `names`, or None."""
    i = bisect.bisect_left(names, name)
    return i if i < len(names) and names[i] == name else None


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
            if isinstance(exc, FileExistsError):  # (mkdir's "File exists": a file holds the name)
                raise CorpusError(f"the data folder {exc.filename} is a file, not a folder") from None
            where = f" {exc.filename}" if exc.filename else ""
            raise CorpusError(f"cannot create the data folder{where}: {exc.strerror or exc}") from None
        self.follow_links = follow_links
        # What was found broken and started afresh on opening, one line each, for the user
        self.repairs: list[str] = []
        self._damage: str | None = None  # the same, found by an update (said by its report)
        self.catalog = self._open_catalog()
        if self._damage:
            self.repairs.append(f"{self._damage}; started afresh (the index is rebuilt, tags are kept)")
            self._damage = None
        self.tags = TagStore(self.data_dir / "tags.sqlite")
        self.user = UserStore(self.tags)  # notes, read marks, history, saved searches
        self.index = SearchIndex(self.data_dir / "whoosh")
        self._live_cache: tuple[int, set[str]] | None = None
        self._vocabulary = None  # index.search.suggest.Vocabulary, made on first use
        self.snippet_width = 220  # characters of context in a hit's snippet (the app's setting)
        self._columns = ColumnCache(self.index)
        self._local_groups = threading.local()

    def _open_catalog(self, recreate: bool = False) -> Catalog:
        """The catalog; a damaged one (it is a cache) is deleted and started afresh, and the
        next update rebuilds the index with it."""
        path = self.data_dir / "catalog.sqlite"
        if recreate:
            self.catalog.close()
            remove_database(path)
        try:
            return Catalog(path, self.root, self.follow_links)
        except DamagedCatalog as exc:
            self._damage = f"the catalog {path} was damaged ({exc})"
            remove_database(path)
            return Catalog(path, self.root, self.follow_links)

    def is_own_file(self, path: str | os.PathLike) -> bool:
        """Is `path` one of the data folder's own files (the tags database, the catalog, the
        index)? An export or a backup written there replaced the user's tags with itself."""
        try:
            target = Path(path).expanduser().resolve()
            folder = self.data_dir.resolve()
        except (OSError, RuntimeError):
            return False
        if target.parent == folder:
            return target.name.startswith(("tags.sqlite", "catalog.sqlite", "update.lock"))
        return folder in target.parents

    def storage_problem(self, exc: BaseException) -> str:
        """One line on an SQLite or OS error from the data folder: which file, what to do."""
        if isinstance(exc, OSError) or not is_damage(exc):
            return storage_problem(self.data_dir, exc)
        if (problem := self.tags.check()) is not None:
            return str(DamagedTags(self.tags.path, problem))
        return (f"the catalog {self.catalog.path} is damaged ({exc}); "
                "`corpus-tui index --rebuild` rebuilds it (tags are kept)")

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
        """True when there is no usable index at all (cheap: no walk of the folder), or its
        articles were cleaned by another version of the cleaner (they are all cleaned again)."""
        return (self.catalog.get_meta("schema_version") != SCHEMA_VERSION or not self.index.exists()
                or self.catalog.get_meta("cleaner") != cleaner_fingerprint())

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
        if rebuild and (problem := self.catalog.check()) is not None:
            # `--rebuild` always recovers: a catalog damaged inside its pages is started afresh
            self._damage = f"the catalog {self.catalog.path} was damaged ({problem})"
            self.catalog = self._open_catalog(recreate=True)
        try:
            report = self._indexer(progress, cancel).run(rebuild=rebuild, wait=wait)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc) or (problem := self.catalog.check()) is None:
                raise
            self._damage = f"the catalog {self.catalog.path} was damaged ({problem})"
            self.catalog = self._open_catalog(recreate=True)
            report = self._indexer(progress, cancel).run(rebuild=True, wait=wait)
        if self._damage and report.rebuilt:
            report.rebuilt_because = self._damage
            self._damage = None
        self._live_cache = None
        return report

    def _indexer(self, progress, cancel) -> Indexer:
        from index.update.indexer import Indexer  # here: opening a corpus to search needs no cleaner

        return Indexer(self.root, self.data_dir, self.catalog, self.index, self.tags, progress, cancel,
                       follow_links=self.follow_links)

    def count(self) -> int:
        return self.catalog.count()

    # -- searching -----------------------------------------------------------------------------

    def _ids_for_tag(self, tag: str) -> set[str]:
        return self.tags.ids_with(tag)

    def _ids_for_glob(self, pattern: str) -> set[str]:
        return self.tags.ids_matching(pattern)

    def compile(self, text: str):
        """Parse a query string (saved searches `@NAME` expanded) and rewrite its clauses over
        the user's data (`tag:`, `note:`, `has:`, `is:`) into id sets (QueryError when malformed)."""
        q = rewrite_tags(parse(self.expand_saved(text)), self._ids_for_tag, self._ids_for_glob)
        q = rewrite_user_clauses(q, self._notes_text, self.user.read_ids, self._tagged_ids)
        return rewrite_dates(q)

    def _notes_text(self) -> dict[str, str]:
        return {n.id: n.text for n in self.user.notes()}

    def _tagged_ids(self) -> set[str]:
        return self.tags.ids_matching("*")

    def expand_saved(self, text: str, _depth: int = 0) -> str:
        """`@NAME` anywhere in a query stands for that saved search's query, in brackets."""
        if "@" not in text:
            return text

        def sub(m: re.Match) -> str:
            row = self.user.saved_row(m.group(1))
            if row is None:
                raise QueryError(f"no saved search named {m.group(1)!r} (corpus-tui saved list)")
            return f"({row.query})"

        try:
            expanded = _SAVED_REF.sub(sub, text)
        except CorpusError as exc:
            raise QueryError(str(exc)) from None
        if expanded != text and "@" in expanded:
            if _depth >= 5:
                raise QueryError("saved searches refer to each other in a loop")
            return self.expand_saved(expanded, _depth + 1)
        return expanded

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
        collapse: bool = False,
        expand: Collection[str] = (),
    ) -> SearchResult:
        """Rank articles for a query; hits `offset` to `offset + limit` with their tags.

        With `collapse`, near-copies among the matches make one row, the best-placed copy,
        carrying the others' ids and outlets (`Hit.copy_ids`); `offset` and `limit` count
        rows, and the result's `rows` says how many there are. The groups named in `expand`
        (`Hit.group`) are unfolded: their row is followed by a row for each of its copies
        among the matches, in the list's order (`Hit.copy_of`; they share the row's rank).

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
        check = Budget(cancel_check(cancel))
        q = self.compile(text)
        searcher = self.index.searcher()
        q = expand_fuzzy(q, searcher.reader(), check)
        check()
        everything = _matches_everything(q)
        want = offset + limit
        expansions: dict = {}  # the prefixes' and wildcards' terms, expanded once for both uses
        n_rows = None
        if collapse:
            docs, s = self._all_ordered(searcher, q, everything, sort, check, expansions)
            total = len(docs)
            groups = self._group_codes(searcher)
            rows, g = self._collapsed(groups, docs, expand)
            n_rows = len(rows)
            page = rows[offset:want].tolist()
            heads = self._row_heads(g, rows, docs)
            row_rank = np.cumsum(heads == rows)
            scored = [(int(docs[p]), None if s is None else float(s[p])) for p in page]
        elif sort != "relevance":
            order, total = self._by_date(searcher, wq.Every() if everything else q, sort, want, check)
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
        read = self.user.among("reads", ids)
        noted = self.user.among("notes", ids)
        rows = self.catalog.articles(ids[:n_snippets]) if n_snippets > 0 else {}
        hits = []
        for i, (fields, score) in enumerate(hits_raw):
            aid = fields["id"]
            rank_no = int(row_rank[offset + i]) if collapse else offset + i + 1
            snip = None
            if i < n_snippets:
                check()
                row = rows.get(aid)
                if row is None:
                    continue  # indexed but not yet in the catalog: a concurrent update
                if row.raw is not None:  # (None: its file changed since; no snippet until re-read)
                    body = "\n".join(paragraphs_of(row))
                    snip = snippet(body, quick_spans(body, terms, limit=SNIPPET_HITS), self.snippet_width)
            date = fields.get("date")
            extra = {}
            if collapse:
                extra = self._copy_fields(groups, docs, g, page[i], int(heads[offset + i]), expand)
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
                    read=aid in read,
                    noted=aid in noted,
                    **extra,
                )
            )
        hidden = self._undated_hidden(searcher, q)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(text, tuple(hits), total, elapsed, terms, sort, n_rows, hidden)

    def _undated_hidden(self, searcher, q) -> int:
        """How many undated articles the query's date filter leaves out (0 without one)."""
        lifted = without_dates(q)
        if lifted is None:
            return 0
        keys = np.frombuffer(self.index.date_keys(searcher), dtype=np.uint64)
        try:
            docs = matching_docnums(searcher, lifted)
        except Exception:  # as in `search`: an odd query answers without the count
            return 0
        return int(np.count_nonzero(keys[docs] == UNDATED)) if len(docs) else 0

    def _by_date(self, searcher, q, sort: str, n: int, check=no_check) -> tuple[list[int], int]:
        """The first `n` matching docnums by date (undated last), and how many match.

        Not Whoosh's `sortedby`: it reads the date column from disk for every matching
        document; the index keeps each segment's dates in memory instead. Equal dates keep index order.
        """
        order = self._date_order(searcher, q, sort, check)
        return order[:n].tolist(), len(order)

    def _date_order(self, searcher, q, sort: str, check=no_check) -> np.ndarray:
        """Every matching docnum by date, newest or oldest first, undated last."""
        keys = np.frombuffer(self.index.date_keys(searcher), dtype=np.uint64)
        docs = matching_docnums(searcher, q, check)
        k = keys[docs]
        if sort == "newest":
            # newest first, undated (the largest key) last: order by the distance from the top
            k = np.where(k == UNDATED, np.uint64(UNDATED), np.uint64(UNDATED - 1) - k)
        return docs[np.argsort(k, kind="stable")]

    def _all_ordered(self, searcher, q, everything: bool, sort: str, check, expansions) -> tuple[np.ndarray, np.ndarray | None]:
        """Every match's docnum in the order asked for, with its score (None: sorted by date)."""
        if sort != "relevance":
            return self._date_order(searcher, wq.Every() if everything else q, sort, check), None
        if everything:
            docs = np.fromiter(searcher.reader().all_doc_ids(), dtype=np.int64)
            return docs, np.zeros(len(docs))
        mask, scores = evaluate(searcher, q, check, expansions)
        docs = np.flatnonzero(mask)
        s = scores[docs]
        order = np.lexsort((docs, -s))  # as `rank` orders them: score, then document number
        return docs[order], s[order]

    def _group_codes(self, searcher) -> tuple[DocColumns, np.ndarray, list[str]]:
        """The searcher's columns, each document's group number (-1: no copies) and the
        groups' names."""
        cols = self._columns.columns(searcher)
        groups = self.catalog.copy_groups()
        names = sorted(set(groups.values()))
        number = {g: i for i, g in enumerate(names)}
        codes = np.full(len(cols), -1, np.int64)
        by_group: dict[str, list[str]] = {}
        for aid, g in groups.items():
            by_group.setdefault(g, []).append(aid)
        for g, members in by_group.items():
            codes[cols.rows(members)] = number[g]
        return cols, codes, names

    @staticmethod
    def _collapsed(groups, docs: np.ndarray, expand: Collection[str] = ()) -> tuple[np.ndarray, np.ndarray]:
        """The positions in `docs` (ordered matches) of the rows once near-copies are folded:
        each group's first, followed (for the groups named in `expand`) by the group's other
        matches in order; and every match's group number (-1: none). `groups`: `_group_codes`."""
        _cols, codes, names = groups
        g = codes[docs]
        if not len(docs) or not (g >= 0).any():
            return np.arange(len(docs)), g
        key = np.where(g >= 0, g, -1 - docs)
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        opened = [i for i in map(functools.partial(_find_sorted, names), expand) if i is not None]
        if not opened:
            return np.sort(first), g
        positions = np.arange(len(docs))
        head = first[inverse.reshape(-1)]  # each match's row: its group's first position
        rows = positions[(positions == head) | np.isin(g, opened)]
        return rows[np.lexsort((rows, head[rows]))], g

    @staticmethod
    def _row_heads(g: np.ndarray, rows: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """For each row (a position in the ordered matches), the position of the row standing
        for its group: itself, unless it is an unfolded copy listed under it."""
        if not len(rows):
            return rows
        heads = rows.copy()
        in_group = g[rows] >= 0
        same = np.r_[False, in_group[1:] & (g[rows][1:] == g[rows][:-1])]
        # a run of one group's rows starts at its head; carry the head down the run
        start_index = np.where(~same, np.arange(len(rows)), 0)
        np.maximum.accumulate(start_index, out=start_index)
        return rows[start_index]

    @staticmethod
    def _copy_fields(groups, docs: np.ndarray, g: np.ndarray, position: int, head: int | None = None,
                     expand: Collection[str] = ()) -> dict:
        """The group, copy ids and outlets of the row at `position` of the ordered matches (or,
        for an unfolded copy, the group and the position `head` of the row it is listed under)."""
        cols, _codes, names = groups
        code = int(g[position])
        if code < 0:
            return {}
        if head is not None and head != position:
            return {"group": names[code], "copy_of": cols.ids[int(docs[head])]}
        others = docs[np.flatnonzero(g == code)]
        others = others[others != docs[position]]
        sources = [cols.sources[c] for c in cols.source[others].tolist() if c >= 0]
        return {
            "group": names[code],
            "copy_ids": tuple(cols.ids[d] for d in others.tolist()),
            "copy_sources": tuple(dict.fromkeys(sources)),
            "unfolded": names[code] in expand and len(others) > 0,
        }

    @_reported("matching {!r}")
    def matching_ids(self, text: str, limit: int = MAX_BULK) -> list[str]:
        """Every id a query matches, best first (for bulk tagging and export)."""
        searcher = self.index.searcher()
        check = Budget()
        q = expand_fuzzy(self.compile(text), searcher.reader(), check)
        if _matches_everything(q):
            q = wq.Every()  # every article, in index order (as `search` lists `*`)
        return self._columns.ids_of(searcher, rank(searcher, q, limit, check).docnums)

    # -- exploring a result set ----------------------------------------------------------------

    def _match_docs(self, text: str, cancel: threading.Event | None = None):
        """(searcher, matching docnums ascending, compiled query) of a query."""
        check = Budget(cancel_check(cancel))
        q = self.compile(text)
        searcher = self.index.searcher()
        q = expand_fuzzy(q, searcher.reader(), check)
        mask, _ = evaluate(searcher, wq.Every() if _matches_everything(q) else q, check)
        return searcher, np.flatnonzero(mask), q

    @_reported("counting the matches of {!r}")
    def facets(self, text: str, cancel: threading.Event | None = None, *, timeline: str | None = None,
               sources: int = 0) -> Facets:
        """Counts of a query's matches by outlet, year, month and tag, over all of them;
        with `timeline` (a period), the query's timeline too (see `timeline`)."""
        started = time.perf_counter()
        searcher, docs, _q = self._match_docs(text, cancel)
        cols = self._columns.columns(searcher)

        def counts(pairs) -> tuple[FacetCount, ...]:
            return tuple(FacetCount(v, n) for v, n in pairs)

        tagged: dict[str, list[str]] = {}
        for aid, tag in self.tags.pairs():
            tagged.setdefault(tag, []).append(aid)
        by_tag = facet_counts.by_tag(docs, len(cols), ((t, cols.rows(ids)) for t, ids in tagged.items()))
        by_year = facet_counts.by_period(cols, docs, "year")
        by_month = facet_counts.by_period(cols, docs, "month")
        return Facets(
            query=text,
            total=len(docs),
            source=counts(facet_counts.by_source(cols, docs)),
            year=counts(sorted(by_year, key=lambda p: p[0], reverse=True)),
            month=counts(sorted(by_month, key=lambda p: p[0], reverse=True)),
            tag=counts(by_tag),
            undated=facet_counts.undated(cols, docs),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            timeline=self._timeline(text, cols, docs, timeline, sources) if timeline else None,
        )

    @_reported("counting the matches of {!r} over time")
    def timeline(self, text: str, by: str = "month", *, sources: int = 0,
                 cancel: threading.Event | None = None) -> Timeline:
        """A query's matches per period (`by`: month, week or year), every period from the
        first match to the last; with `sources`, also per outlet for that many outlets."""
        searcher, docs, _q = self._match_docs(text, cancel)
        return self._timeline(text, self._columns.columns(searcher), docs, by, sources)

    @staticmethod
    def _timeline(text: str, cols: DocColumns, docs: np.ndarray, by: str, sources: int) -> Timeline:
        """The timeline of matches `docs` (see `timeline`)."""
        if by not in PERIODS:
            raise CorpusError(f"unknown period {by!r} (use {', '.join(PERIODS)})")
        axis = facet_counts.timeline(cols, docs, by)
        series = []
        if sources and axis:
            where = {start: i for i, (start, _n) in enumerate(axis)}
            for name, _n in facet_counts.by_source(cols, docs)[:sources]:
                mine = docs[cols.source[docs] == cols.sources.index(name)]
                counts = [0] * len(axis)
                for start, n in facet_counts.timeline(cols, mine, by):
                    counts[where[start]] = n
                series.append((name, tuple(Bucket(start, n) for (start, _), n in zip(axis, counts))))
        return Timeline(text, by, tuple(Bucket(a, n) for a, n in axis), facet_counts.undated(cols, docs), tuple(series))

    def concordance(self, text: str, *, width: int = 40, limit: int | None = None,
                    sort: str = "relevance", cancel: threading.Event | None = None):
        """Every occurrence of a query's hits (`Occurrence`), article by article in hit order.

        A generator: the first lines come as soon as the first few articles are read, however
        many there are; `cancel` (or closing it) stops it."""
        check = cancel_check(cancel)
        q = self.compile(text)
        searcher = self.index.searcher()
        q = expand_fuzzy(q, searcher.reader(), check)
        expansions: dict = {}
        try:
            ordered, _scores = self._all_ordered(searcher, q, _matches_everything(q), sort, check, expansions)
            terms = hit_terms(q, searcher.reader(), expansions)
            cols = self._columns.columns(searcher) if terms else None
        except (CorpusError, SearchCancelled):
            raise
        except Exception as exc:  # (a generator: `_reported` would not see it raise)
            raise log_internal_error(self.data_dir, exc, f"the concordance of {one_line(text, 80)!r}") from exc
        if not terms:
            return
        ids = [cols.ids[d] for d in ordered.tolist()]
        produced = 0
        step = 8  # a first screen's worth of articles, then bigger reads
        at = 0
        while at < len(ids):
            chunk = ids[at:at + step]
            at += step
            step = min(step * 2, 256)
            rows = self.catalog.articles(chunk)
            for aid in chunk:
                check()
                row = rows.get(aid)
                if row is None or row.raw is None:
                    continue  # (a concurrent update; or its file changed since: not readable)
                body = article_text(row.title, paragraphs_of(row))
                for occ in occurrences(aid, body, iter_spans(body, terms, check), width, row.title):
                    yield occ
                    produced += 1
                    if limit is not None and produced >= limit:
                        return

    def copies(self, article_id: str) -> list[Copy]:
        """The other articles of an article's group of near-copies, most similar first."""
        if not self.catalog.hashes([article_id]):
            raise NotFound(f"no article with id {article_id!r}")
        others = [a for a in self.catalog.copy_group(article_id) if a != article_id]
        sims = copy_groups.similarities(self.catalog.sketches([article_id, *others]), article_id, others)
        meta = self.catalog.headlines(others)
        out = [Copy(a, *meta[a], *sims.get(a, (0.0, 0.0))) for a in others if a in meta]
        out.sort(key=lambda c: (-c.similarity, -c.overlap, c.id))
        return out

    def with_copies(self, ids: Iterable[str]) -> list[str]:
        """`ids` and every near-copy of them, each once, in order (tagging every copy)."""
        groups = self.catalog.copy_groups()
        by_group: dict[str, list[str]] = {}
        for aid, g in groups.items():
            by_group.setdefault(g, []).append(aid)
        out: dict[str, None] = {}
        for aid in ids:
            out[aid] = None
            for mate in sorted(by_group.get(groups.get(aid, ""), ())):
                out[mate] = None
        return list(out)

    def group_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The group name (its smallest id) of each of these ids that has near-copies."""
        groups = self.catalog.copy_groups()
        return {a: groups[a] for a in ids if a in groups}

    def copy_diff(self, copy_id: str, base_id: str) -> CopyDiff:
        """What article `copy_id` changed against `base_id` (usually another copy of it)."""
        base, copy = self.article(base_id), self.article(copy_id)
        return copy_diff(base.id, base.text, copy.id, copy.text)


    # -- reading -------------------------------------------------------------------------------

    def resolve(self, article_id: str) -> str:
        """The id of the article a person points at: an id as it is, or `file.jsonl#N` for the
        record on line N of a JSONL file (item N of a JSON list) as the file is now."""
        if self.catalog.article_exists(article_id):
            return article_id
        m = LINE_REF.match(article_id)
        if m is None:
            return article_id
        rel, line = m.group(1), int(m.group(2))
        try:
            st = (self.root / rel).stat()
        except OSError:
            return article_id
        entry = FileEntry(rel, str(self.root / rel), st.st_size, st.st_mtime_ns)
        if readers.too_large(entry):
            return article_id
        data = readers.read_bytes(entry)
        if isinstance(data, Skipped):
            return article_id
        for art in readers.parse(entry, data):
            if isinstance(art, RawArticle) and art.line == line:
                return art.id
        return article_id

    def article(self, article_id: str) -> Article:
        article_id = self.resolve(article_id)
        return self._article(article_id, self.catalog.article(article_id))

    def articles(self, ids: Iterable[str], batch: int = 256) -> Iterator[Article]:
        """The articles of `ids`, in that order, read a batch at a time (exports: a query per
        article and another for its tags were most of an export's time)."""
        ids = list(ids)
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            rows = self.catalog.articles(chunk)
            tags = self.tags.tags_for(chunk)
            for aid in chunk:
                yield self._article(aid, rows.get(aid), tags.get(aid, ()))

    def _article(self, article_id: str, row: ArticleRow | None, tags: tuple[str, ...] | None = None) -> Article:
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
            tags=self.tags.tags_of(row.id) if tags is None else tags,
            content_hash=row.hash,
            note=self.note(row.id),
            read=self.user.is_read(row.id),
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
        ids = list(dict.fromkeys(i if i in hashes else self.resolve(i) for i in ids))
        hashes = self.catalog.hashes(ids)
        missing = [i for i in ids if i not in hashes]
        if missing:
            raise NotFound(f"no article with id {missing[0]!r}" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
        return [(i, hashes[i]) for i in ids]

    def require(self, ids: Iterable[str]) -> None:
        """NotFound naming the first of `ids` that is not an article of the corpus."""
        self._with_hashes(ids)

    def tag(self, ids: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = (),
            progress: ProgressFn | None = None) -> TagChange:
        """Add/remove tags on articles; committed (one transaction) before returning.
        `progress` receives Progress("tagging", done, total) as the rows are written."""
        add, remove = list(add), list(remove)
        for t in add + remove:
            normalize_tag(t)  # validate before touching anything
        report = None if progress is None else (lambda done, total: progress(Progress("tagging", done, total)))
        change = self.tags.apply(self._with_hashes(ids), add, remove, report)
        if change.added:
            remember(self.catalog, self.tags, [aid for aid, _ in change.added])
        return change

    def tag_query(self, text: str, add: Iterable[str] = (), remove: Iterable[str] = (),
                  with_copies: bool = False, progress: ProgressFn | None = None) -> TagChange:
        """Tag every match of a query (and, `with_copies`, every near-copy of one)."""
        if progress is not None:
            progress(Progress("finding the articles", 0, None))
        ids = self.matching_ids(text)
        return self.tag(self.with_copies(ids) if with_copies else ids, add, remove, progress)

    @_reported("counting the near-copies of {!r}")
    def copies_beyond(self, text: str) -> int:
        """How many articles are near-copies of a query's matches without matching it
        themselves: what `tag_query(..., with_copies=True)` tags beyond the matches."""
        ids = self.matching_ids(text)
        return len(self.with_copies(ids)) - len(ids)

    def toggle_followup(self, article_id: str) -> TagChange:
        if FOLLOWUP in self.tags.tags_of(article_id):
            return self.tag([article_id], remove=[FOLLOWUP])
        return self.tag([article_id], add=[FOLLOWUP])

    def triage(self, article_id: str, mark: str) -> TagChange:
        """Mark an article in a review: `relevant` and `not-relevant` exclude each other;
        `followup` is the follow-up flag. One tag change, undone like any other."""
        if mark not in TRIAGE_MARKS:
            raise CorpusError(f"unknown triage mark {mark!r} (one of: {', '.join(TRIAGE_MARKS)})")
        remove = [m for m in ("relevant", "not-relevant") if m != mark] if mark != FOLLOWUP else []
        return self.tag([article_id], add=[mark], remove=remove)

    def count_tagged(self, text: str, tags: Iterable[str]) -> dict[str, int]:
        """How many of a query's matches carry each tag (a review's progress)."""
        searcher = self.index.searcher()
        q = expand_fuzzy(self.compile(text), searcher.reader())
        out = {}
        for tag in tags:
            ids = IdSet(self.tags.ids_with(normalize_tag(tag)))
            out[tag] = count_matches(searcher, ids if _matches_everything(q) else wq.And([q, ids]))
        return out

    def undo(self, change: TagChange) -> None:
        ids = {a for a, _ in change.removed}
        self.tags.revert(change, self.catalog.hashes(ids))

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        return self.tags.tags_of(article_id)

    def tags_version(self) -> int:
        """Changes whenever any process committed a tag change since the last call (cheap)."""
        return self.tags.change_counter()

    def tag_counts(self) -> list[TagCount]:
        """Each tag with the number of articles in the corpus now carrying it."""
        return [TagCount(name, n) for name, n in self.tags.counts(self.catalog.path)]

    def waiting_tags(self) -> list[WaitingTag]:
        """Tags whose article is not in the corpus now (deleted, or changed past recognition
        since), with what each waits for: the article's id, title and address."""
        return [WaitingTag(*row) for row in self.tags.waiting(self.catalog.path)]

    def tag_names(self) -> list[str]:
        return self.tags.all_names()


    # -- notes ---------------------------------------------------------------------------------

    def note(self, article_id: str) -> str:
        """The article's note ("" when it has none)."""
        found = self.user.note_of(article_id)
        return found.text if found else ""

    def set_note(self, article_id: str, text: str) -> Note | None:
        """Write an article's note (blank text removes it); committed before returning."""
        ((aid, h),) = self._with_hashes([article_id])
        return self.user.set_note(aid, h, text)

    def notes(self) -> list[Note]:
        """Every note, the most recently written first, with its article's title."""
        found = self.user.notes()
        titles = self.catalog.titles({n.id for n in found})
        return [Note(n.id, n.text, n.updated_at, titles.get(n.id) or "", n.id in titles) for n in found]

    # -- read marks ----------------------------------------------------------------------------

    def mark_read(self, ids: Iterable[str], read: bool = True) -> int:
        """Mark articles read (or unread again); how many changed."""
        return self.user.mark_read(self._with_hashes(ids), read)

    def is_read(self, article_id: str) -> bool:
        return self.user.is_read(article_id)

    def count_read(self, text: str) -> int:
        """How many of a query's matches are marked read (the app's "37/240 read")."""
        searcher = self.index.searcher()
        q = expand_fuzzy(self.compile(text), searcher.reader())
        reads = self.user.read_ids()
        if not reads:
            return 0
        if _matches_everything(q):
            return count_matches(searcher, IdSet(reads))
        return count_matches(searcher, wq.And([q, IdSet(reads)]))

    @_reported("looking for an unread hit of {!r}")
    def next_unread(self, text: str, after: int = -1, *, sort: str = "relevance", collapse: bool = False,
                    expand: Collection[str] = (), wrap: bool = False, cancel: threading.Event | None = None) -> int | None:
        """The row number (0-based, in the order `search` lists the query's hits with the same
        `sort`, `collapse` and `expand`) of the first hit after row `after` that is not marked read; with
        `wrap`, else the first unread row from the top (a number <= `after`). None: every hit
        is read. A folded row counts as read when the copy it shows is.

        The app's "next unread" over the whole result, not only the rows it has loaded: the
        order is computed as `search` computes it (every match is scored anyway)."""
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        check = Budget(cancel_check(cancel))
        searcher = self.index.searcher()
        q = expand_fuzzy(self.compile(text), searcher.reader(), check)
        docs, _scores = self._all_ordered(searcher, q, _matches_everything(q), sort, check, {})
        if collapse:
            positions, _g = self._collapsed(self._group_codes(searcher), docs, expand)
            docs = docs[positions]
        reads = self.user.read_ids()
        ids = self._columns.columns(searcher).ids
        starts = [range(max(after + 1, 0), len(docs))]
        if wrap:
            starts.append(range(0, min(max(after + 1, 0), len(docs))))
        for rows in starts:
            for n, row in enumerate(rows):
                if not n % 4096:
                    check()
                if ids[int(docs[row])] not in reads:
                    return row
        return None

    # -- history and saved searches ------------------------------------------------------------

    def remember(self, text: str) -> None:
        """Add a query to this corpus's history (most recent first, each once)."""
        self.user.remember(text)

    def history(self, limit: int = 500) -> list[str]:
        return self.user.history(limit)

    def save_search(self, name: str, text: str, replace: bool = False) -> SavedSearch:
        """Save a query under a name; what it matches now counts as seen (nothing is new)."""
        name = normalize_search_name(name)
        if _SAVED_REF.search(text) and f"@{name}" in text.lower():
            raise QueryError(f"a saved search cannot refer to itself (@{name})")
        ids = self.matching_ids(text)  # also checks the query (QueryError)
        row = self.user.save_search(name, text, ids, replace=replace)
        return SavedSearch(row.name, row.query, len(ids), 0, row.opened_at)

    def remove_saved(self, name: str) -> None:
        if not self.user.remove_saved(name):
            raise NotFound(f"no saved search named {normalize_search_name(name)!r}")

    def saved_search(self, name: str) -> SavedSearch:
        """One saved search with its live count and how many matches are new since it was opened."""
        row = self.user.saved_row(name)
        if row is None:
            raise NotFound(f"no saved search named {normalize_search_name(name)!r}")
        try:
            searcher = self.index.searcher()
            q = expand_fuzzy(self.compile(row.query), searcher.reader())
            count = count_matches(searcher, q)
            seen = self.user.seen_by(row.name)
            new = count_matches(searcher, wq.And([q, wq.Not(IdSet(seen))])) if seen else count
        except QueryError as exc:
            return SavedSearch(row.name, row.query, 0, 0, row.opened_at, str(exc))
        return SavedSearch(row.name, row.query, count, new, row.opened_at)

    def saved_queries(self) -> list[tuple[str, str]]:
        """(name, query) of every saved search, by name, without counting them."""
        return [(row.name, row.query) for row in self.user.saved_rows()]

    def saved_searches(self) -> list[SavedSearch]:
        return [self.saved_search(row.name) for row in self.user.saved_rows()]

    def open_saved(self, name: str) -> SavedSearch:
        """Run-and-remember: what the saved search matches now is no longer new."""
        found = self.saved_search(name)
        if found.error is None:
            self.user.mark_opened(found.name, self.matching_ids(found.query))
        return found

    def saved_name(self, text: str) -> str | None:
        """The name when a query is exactly one saved search (`@NAME`), else None."""
        m = _SAVED_REF.fullmatch(text.strip())
        return m.group(1).lower() if m and self.user.saved_row(m.group(1)) else None

    # -- zero-hit help and more like this ------------------------------------------------------

    def suggest(self, text: str) -> Suggestion | None:
        """"Did you mean": the query with its unknown words replaced by the nearest indexed
        words, offered only when that query finds something."""
        from index.search.suggest import did_you_mean, replace_words

        try:
            q = self.compile(text)
        except QueryError:
            return None
        searcher = self.index.searcher()
        reader = searcher.reader()
        pairs = did_you_mean(self.expand_saved(text), q, reader, self.vocabulary(),
                             functools.partial(self._written_forms, searcher))
        if not pairs:
            return None
        better = replace_words(self.expand_saved(text), pairs)
        try:
            total = self.search(better, limit=0, snippets=False).total
        except QueryError:
            return None
        return Suggestion(better, tuple(pairs), total) if total else None

    def _written_forms(self, searcher, stemmed: str, articles: int = WRITTEN_FORM_ARTICLES) -> Counter:
        """The words with stem `stemmed` as a few of the articles holding it write them (the
        index keeps stems only; "did you mean" offers words)."""
        reader = searcher.reader()
        docnums: list[int] = []
        for field in ("title", "body"):
            if (field, stemmed) in reader:
                for d in reader.postings(field, stemmed).all_ids():
                    if len(docnums) >= articles:
                        break
                    if d not in docnums and not reader.is_deleted(d):
                        docnums.append(d)
        ids = [searcher.stored_fields(d)["id"] for d in docnums]
        terms = HitTerms(frozenset({stemmed}), ())
        forms: Counter = Counter()
        for row in self.catalog.articles(ids).values():
            texts = [row.title or ""] + (paragraphs_of(row) if row.raw is not None else [])
            for text in texts:
                for span in quick_spans(text, terms, limit=WRITTEN_FORM_HITS):
                    forms[text[span.start:span.end].lower()] += 1
        return forms

    def vocabulary(self):
        """The index's vocabulary as "did you mean" searches it (cached in the data folder)."""
        from index.search.suggest import Vocabulary

        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.data_dir / "vocab")
        return self._vocabulary

    def warm_suggestions(self) -> None:
        """Build the vocabulary arrays now (the app does it in the background at start), so the
        first query with no hits answers as fast as the next."""
        self.vocabulary().warm(self.index.searcher().reader())

    def more_like(self, article_id: str, n: int = 10) -> str:
        """A query for articles like this one: its key words (Whoosh's key terms), joined by OR,
        without the article itself. Plain text the user can read and edit."""
        from index.search.suggest import key_words

        art = self.article(article_id)
        words = key_words(self.index.searcher(), art.text, n)
        if not words:
            raise NotFound("this article has no words to compare others with")
        return "(" + " OR ".join(words) + ") AND NOT id:" + _quoted(art.id)

    def ordered_ids(self, text: str | None, sort: str = "relevance", limit: int = MAX_BULK) -> list[str]:
        """Every id a query matches (or every article, for None), in the order the hit list
        shows them: best first, or by date (undated last)."""
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        if text is None:  # no query, no list to follow: by id (or by date)
            if sort == "relevance":
                return sorted(self.catalog.all_ids())
            text = "*"
        if sort == "relevance":
            return self.matching_ids(text, limit)
        searcher = self.index.searcher()
        q = expand_fuzzy(self.compile(text), searcher.reader())
        try:
            order, _ = self._by_date(searcher, wq.Every() if _matches_everything(q) else q, sort, limit)
        except Exception as exc:  # as in `search`
            raise QueryError(f"the search failed: {exc}") from None
        return [searcher.stored_fields(d)["id"] for d in order]


def _quoted(article_id: str) -> str:
    """An id as a query term: quoted, since ids hold '/', '#' and '.'."""
    return '"' + article_id.replace('"', "") + '"'
