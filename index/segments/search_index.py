"""The Whoosh index: its schema, opening it, and one searcher per thread.

The index holds only what ranking, sorting and hit rows need (id, title, source, date stored;
date sortable; body indexed, not stored): the cleaned text lives in the catalog. Storage is
opened without mmap: with mmap Whoosh copies large parts of the index into memory on every
open and every commit (see WHOOSH_NOTES), which made single updates 10-30x slower.
"""

from __future__ import annotations

import shutil
import threading
from array import array
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from index.segments.codec import CompactCodec
from index.segments.fast_analysis import StemmedText, compact_positions, stemming_analyzer
from index.segments.live_stats import LiveSearcher

# Bump when the schema or the analysis changes: an index built by another version is rebuilt.
SCHEMA_VERSION = "9"
INDEX_NAME = "articles"
# The date column's value for an article without a date (the column's default): the largest.
UNDATED = 2**64 - 1

BODY_ANALYZER = stemming_analyzer()
SOURCE_ANALYZER = RegexTokenizer() | LowercaseFilter()


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        title=StemmedText(analyzer=BODY_ANALYZER, stored=True, field_boost=2.0),
        body=StemmedText(analyzer=BODY_ANALYZER, stored=False),
        source=compact_positions(TEXT(analyzer=SOURCE_ANALYZER, stored=True)),
        date=DATETIME(stored=True, sortable=True),
        # Tags live in the tag store, not the index; the field exists so the query parser
        # recognises `tag:` and the query rewriter can swap it for the tagged ids.
        tag=KEYWORD(lowercase=True),
    )


def codec() -> CompactCodec:
    """The codec every writer of the index uses."""
    return CompactCodec()


class SearchIndex:
    """The Whoosh index of one corpus, with a cached searcher per thread."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._local = threading.local()
        self._ix = None
        self._lock = threading.Lock()
        self._dates: dict[str, array] = {}  # segment id -> its date column

    def storage(self) -> FileStorage:
        self.folder.mkdir(parents=True, exist_ok=True)
        return FileStorage(str(self.folder), supports_mmap=False)

    def exists(self) -> bool:
        return self.folder.is_dir() and whoosh_index.exists_in(str(self.folder), indexname=INDEX_NAME)

    def open(self):
        """The open index, created empty if there is none."""
        with self._lock:
            if self._ix is None:
                st = self.storage()
                if st.index_exists(INDEX_NAME):
                    self._ix = st.open_index(INDEX_NAME)
                else:
                    self._ix = st.create_index(make_schema(), indexname=INDEX_NAME)
            return self._ix

    def wipe(self) -> None:
        """Delete the index files (the catalog and tags are elsewhere)."""
        with self._lock:
            if self._ix is not None:
                self._ix.close()
                self._ix = None
            if self.folder.exists():
                shutil.rmtree(self.folder)

    def searcher(self):
        """This thread's searcher, reopened when a commit (from any process) made it stale.

        Not `Searcher.refresh()`: it reuses segment readers, and a reused reader keeps the
        deletions it was opened with, so an updated article showed up twice.
        """
        ix = self.open()
        cached = getattr(self._local, "searcher", None)
        if cached is not None:
            if cached._ix is ix and ix.latest_generation() == cached.reader().generation():
                return cached
            cached.close()
        # Ranked with the statistics of live documents only (see `live_stats`).
        self._local.searcher = LiveSearcher(ix.reader(), fromindex=ix)
        return self._local.searcher

    def date_keys(self, searcher) -> array:
        """Every document's date as a number, indexed by the searcher's docnums (UNDATED: none).

        Each segment's column is read once and kept (segments never change; 800 KB per 100k
        articles), so sorting by date costs a list lookup per hit, not a disk read.
        """
        keys = array("Q")
        present = set()
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            segment = getattr(reader, "segment", None)
            if segment is None or not reader.has_column("date"):
                keys.extend([UNDATED] * reader.doc_count_all())
                continue
            sid = segment().segment_id()
            present.add(sid)
            with self._lock:
                column = self._dates.get(sid)
            if column is None:
                column = array("Q", reader.column_reader("date", translate=False))
                with self._lock:
                    self._dates[sid] = column
            keys.extend(column)
        with self._lock:
            for sid in set(self._dates) - present:
                del self._dates[sid]
        return keys

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def close(self) -> None:
        s = getattr(self._local, "searcher", None)
        if s is not None:
            s.close()
            self._local.searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None
