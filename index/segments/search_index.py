"""The Whoosh index: its schema, opening it, and one searcher per thread.

The index holds only what ranking, sorting and hit rows need (id, title, source, date stored;
date sortable; body indexed, not stored): the cleaned text lives in the catalog. Storage is
opened without mmap: with mmap Whoosh copies large parts of the index into memory on every
open and every commit, which made single updates many times slower.

Whoosh is never let near index files this installation did not write: every open goes
through the folder's seal first (`index.segments.seal`), and every commit re-seals it.
"""

from __future__ import annotations

import shutil
import threading
from array import array
from pathlib import Path

from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from index.errors import CorpusError
from index.segments import seal
from index.segments.codec import CompactCodec
from index.segments.fast_analysis import StemmedText, compact_positions, stemming_analyzer
from index.segments.whoosh_private import searcher_index

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


class UntrustedIndex(CorpusError):
    """The index folder holds an index this installation did not write, or a damaged one.

    It is never opened; an update rebuilds it from the corpus (tags are elsewhere)."""


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

    def verdict(self) -> seal.Verdict:
        """Whether the folder holds an index Whoosh may open (see `index.segments.seal`)."""
        return seal.check(self.folder, INDEX_NAME)

    def exists(self) -> bool:
        """True when there is an index this installation wrote, intact (a foreign or damaged
        one counts as none: the update that follows rebuilds it)."""
        return self.verdict().trusted

    def problem(self) -> str | None:
        """One line on why the index folder is not used as it is, or None when it is (or
        when there simply is none yet)."""
        v = self.verdict()
        if v.trusted or v.absent:
            return None
        return f"the search index in {self.folder} is not used: {v.reason}"

    def _refuse(self, verdict: seal.Verdict) -> UntrustedIndex:
        return UntrustedIndex(
            f"the search index in {self.folder} is not used: {verdict.reason}; "
            "`corpus-tui index --rebuild` rebuilds it (tags are kept)"
        )

    def open(self):
        """The open index, created empty if there is none; UntrustedIndex if the folder holds
        one this installation did not write (or a damaged one)."""
        with self._lock:
            if self._ix is None:
                verdict = self.verdict()
                if verdict.trusted:
                    self._ix = self.storage().open_index(INDEX_NAME)
                elif verdict.absent:
                    self._ix = self.storage().create_index(make_schema(), indexname=INDEX_NAME)
                    seal.write_seal(self.folder, INDEX_NAME)
                else:
                    raise self._refuse(verdict)
            return self._ix

    def seal(self) -> None:
        """Vouch for the index as this process just committed it."""
        seal.write_seal(self.folder, INDEX_NAME)

    def wipe(self) -> None:
        """Delete the index files (the catalog and tags are elsewhere), whatever is there."""
        with self._lock:
            if self._ix is not None:
                self._ix.close()
                self._ix = None
            self._local = threading.local()
            self._dates.clear()
            if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
                self.folder.unlink()
            elif self.folder.exists():
                shutil.rmtree(self.folder)

    def searcher(self):
        """This thread's searcher, reopened when a commit (from any process) made it stale.

        Not `Searcher.refresh()`: it reuses segment readers, and a reused reader keeps the
        deletions it was opened with, so an updated article showed up twice.
        """
        ix = self.open()
        cached = getattr(self._local, "searcher", None)
        if cached is not None:
            if searcher_index(cached) is ix and ix.latest_generation() == cached.reader().generation():
                return cached
            cached.close()
            self._local.searcher = None
            verdict = self.verdict()  # another process committed: check what it left
            if not verdict.trusted:
                raise self._refuse(verdict)
        self._local.searcher = ix.searcher()
        return self._local.searcher

    def date_keys(self, searcher) -> array:
        """Every document's date as a number, indexed by the searcher's docnums (UNDATED: none).

        Each segment's column is read once and kept (segments never change; 8 bytes an
        article), so sorting by date costs a list lookup per hit, not a disk read.
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
