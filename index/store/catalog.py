"""The catalog: what the index was built from, in SQLite.

It records each file's size, mtime and hash (so an unchanged corpus is never re-read) and each
article's metadata and per-line cleaning labels. The cleaned text is rebuilt from the raw lines
and the labels, which keeps it out of the Whoosh index. The raw text itself is kept (zlib-
compressed) only where reading it again would be costly or uncertain: HTML and JSON extracts,
files in other encodings. A plain UTF-8 text file, the common case, is read again from the
corpus when its text is needed: the catalog would otherwise hold a second copy of the corpus
(most of its size). A file that changed or went since it was indexed
has no text until the next update re-reads it. Like the index, the catalog is a cache:
`index --rebuild` recreates it from the corpus.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from index.ingest.readers import reread_text
from index.errors import DamagedCatalog
from index.store.sqlite_files import header_problem, open_checked, quick_check

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    rel      TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id      TEXT PRIMARY KEY,
    rel     TEXT NOT NULL,
    hash    TEXT NOT NULL,
    title   TEXT NOT NULL,
    source  TEXT,
    date    TEXT,
    url     TEXT,
    labels  TEXT NOT NULL,
    raw     BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_rel ON articles(rel);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles(hash);
CREATE TABLE IF NOT EXISTS skipped (
    rel    TEXT PRIMARY KEY,
    reason TEXT NOT NULL
);
-- Near-copy detection (index.explore.copies): each article's MinHash sketch of its cleaned
-- body, and the group of every article that has copies (singletons have no row).
CREATE TABLE IF NOT EXISTS sketches (
    id       TEXT PRIMARY KEY,
    sig      BLOB NOT NULL,
    shingles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS copies (
    id  TEXT PRIMARY KEY,
    grp TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS copies_by_grp ON copies(grp);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class FileRow(NamedTuple):
    """What the catalog knows of a file. (A tuple: an unchanged re-index loads one per file,
    and a frozen dataclass's __init__ was a tenth of that run.)"""

    rel: str
    size: int
    mtime_ns: int
    hash: str


@dataclass(frozen=True)
class ArticleRow:
    id: str
    rel: str
    hash: str
    title: str
    source: str | None
    date: str | None
    url: str | None
    labels: str
    # The raw text; bulk workers hand it over already packed (bytes), to spare the writing
    # process. None when read back for a file that changed or went since it was indexed.
    raw: str | bytes | None
    # True when the text is the file's own (a plain UTF-8 text file): not stored, read again
    in_source: bool = False
    # The cleaned body's MinHash sketch and its number of distinct shingles (index.explore.
    # minhash), written with the row; None when read back (the sketches table holds it)
    sketch: bytes | None = None
    shingles: int = 0


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


def rows_in(conn: sqlite3.Connection, sql: str, keys: list) -> Iterator[tuple]:
    """The rows of `sql`, whose `{marks}` is an IN list, for any number of keys (500 a query:
    SQLite caps the parameters of one statement)."""
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        yield from conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)


# Articles with the hash of their file (to tell whether the file still holds their text).
_WITH_FILE = " FROM articles a LEFT JOIN files f ON f.rel = a.rel"
# An article row's columns as read back, with its file's hash (to check a file read again)
_ARTICLE_SELECT = "SELECT a.id, a.rel, a.hash, a.title, a.source, a.date, a.url, a.labels, a.raw, f.hash" + _WITH_FILE


class Catalog:
    """Thread-safe catalog access, one connection per thread.

    `root` is the corpus folder, where the texts the catalog does not keep are read from.
    """

    def __init__(self, path: Path, root: Path | None = None, follow_links: bool = False):
        self.path = path
        self.root = root
        self.follow_links = follow_links  # re-read files through symbolic links (see readers.walk)
        # 16 KB pages: a row that keeps its compressed raw text (a few KB) filled most of a
        # 4 KB page and left the rest empty.
        self._connection = open_checked(path, SCHEMA, DamagedCatalog, synchronous="NORMAL", page_size=16384)

    def check(self) -> str | None:
        """What is wrong with the catalog file (reads all of it), or None."""
        return header_problem(self.path) or quick_check(self._conn())

    def _conn(self) -> sqlite3.Connection:
        return self._connection.get()

    def close(self) -> None:
        self._connection.close()

    # -- meta ----------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._conn().execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)", (key, value))

    # -- reading -------------------------------------------------------------------------------

    def files(self) -> dict[str, FileRow]:
        rows = self._conn().execute("SELECT rel, size, mtime_ns, hash FROM files")
        return {row.rel: row for row in map(FileRow._make, rows)}

    def ids_by_rel(self) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for aid, rel, h in self._conn().execute("SELECT id, rel, hash FROM articles"):
            out.setdefault(rel, []).append((aid, h))
        return out

    def article_exists(self, article_id: str) -> bool:
        return self._conn().execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def article(self, article_id: str) -> ArticleRow | None:
        row = self._conn().execute(_ARTICLE_SELECT + " WHERE a.id=?", (article_id,)).fetchone()
        return None if row is None else self._row(row)

    def articles(self, ids: Iterable[str]) -> dict[str, ArticleRow]:
        """Several articles in one query (a result page's snippets), by id; missing ids absent."""
        sql = _ARTICLE_SELECT + " WHERE a.id IN ({marks})"
        return {row[0]: self._row(row) for row in rows_in(self._conn(), sql, list(ids))}

    def _row(self, row: tuple) -> ArticleRow:
        blob, file_hash = row[8], row[9]
        return ArticleRow(*row[:8], self.text_of(row[1], blob, file_hash), in_source=not blob)

    def raw_rows(self, by: str, keys: list[str]) -> Iterator[tuple]:
        """(id, source or "", raw blob, labels, rel, file hash) of the articles whose id (`by`
        "id") or source (`by` "source", "" for none) is one of `keys`; `text_of` turns a
        row's blob and file hash into its text."""
        column = {"id": "a.id", "source": "COALESCE(a.source, '')"}[by]
        sql = f"SELECT a.id, COALESCE(a.source, ''), a.raw, a.labels, a.rel, f.hash{_WITH_FILE} WHERE {column} IN ({{marks}})"
        return rows_in(self._conn(), sql, keys)

    def text_of(self, rel: str, blob: bytes, file_hash: str | None) -> str | None:
        """An article's raw text from its stored blob, or else from its file (None when that
        file changed or went since it was indexed)."""
        if blob:
            return unpack(blob)
        if self.root is None or file_hash is None:
            return None
        return reread_text(os.path.join(self.root, rel), file_hash, self.follow_links)

    def facts(self, ids: Iterable[str] | None = None) -> Iterator[tuple[str, str, str, str | None, str | None]]:
        """(id, hash, title, url, date) of these articles (of all, for None): no text read."""
        sql = "SELECT id, hash, title, url, date FROM articles"
        if ids is None:
            return self._conn().execute(sql)
        return rows_in(self._conn(), sql + " WHERE id IN ({marks})", list(ids))

    # -- near-copies (grouped by index.explore.copies; a cache like the rest) ----------------------

    def copy_groups(self) -> dict[str, str]:
        """Article id -> the name of its group of near-copies, for every article that has any."""
        return dict(self._conn().execute("SELECT id, grp FROM copies"))

    def copy_group(self, article_id: str) -> list[str]:
        """The ids of an article's group of near-copies (itself included), or just its own."""
        conn = self._conn()
        row = conn.execute("SELECT grp FROM copies WHERE id=?", (article_id,)).fetchone()
        if row is None:
            return [article_id]
        return [a for (a,) in conn.execute("SELECT id FROM copies WHERE grp=? ORDER BY id", (row[0],))]

    def sketches(self, ids: Iterable[str]) -> dict[str, tuple[bytes, int]]:
        """id -> (MinHash sketch, shingle count) of these articles."""
        sql = "SELECT id, sig, shingles FROM sketches WHERE id IN ({marks})"
        return {aid: (sig, n) for aid, sig, n in rows_in(self._conn(), sql, list(ids))}

    def headlines(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None, str | None]]:
        """id -> (title, source, date) of these articles."""
        sql = "SELECT id, title, source, date FROM articles WHERE id IN ({marks})"
        return {r[0]: r[1:] for r in rows_in(self._conn(), sql, list(ids))}

    def titles(self, ids: Iterable[str]) -> dict[str, str]:
        return dict(rows_in(self._conn(), "SELECT id, title FROM articles WHERE id IN ({marks})", list(ids)))

    def hashes(self, ids: Iterable[str]) -> dict[str, str]:
        return dict(rows_in(self._conn(), "SELECT id, hash FROM articles WHERE id IN ({marks})", list(ids)))

    def iter_hashes(self) -> Iterator[tuple[str, str]]:
        yield from self._conn().execute("SELECT id, hash FROM articles")

    def all_ids(self) -> set[str]:
        return {r[0] for r in self._conn().execute("SELECT id FROM articles")}

    def source_counts(self) -> dict[str, int]:
        """How many articles each source has ('' for those without one)."""
        return dict(self._conn().execute("SELECT COALESCE(source, ''), COUNT(*) FROM articles GROUP BY 1"))

    def count(self) -> int:
        return self._conn().execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # -- writing -------------------------------------------------------------------------------

    def begin(self) -> sqlite3.Connection:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        return conn

    @staticmethod
    def put_file(conn: sqlite3.Connection, row: FileRow) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO files(rel, size, mtime_ns, hash) VALUES (?,?,?,?)",
            (row.rel, row.size, row.mtime_ns, row.hash),
        )

    @staticmethod
    def drop_file(conn: sqlite3.Connection, rel: str) -> None:
        conn.execute("DELETE FROM files WHERE rel=?", (rel,))
        conn.execute("DELETE FROM skipped WHERE rel=? OR rel LIKE ?", (rel, rel + "#%"))

    @staticmethod
    def put_article(conn: sqlite3.Connection, row: ArticleRow) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO articles(id, rel, hash, title, source, date, url, labels, raw)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (row.id, row.rel, row.hash, row.title, row.source, row.date, row.url, row.labels,
             b"" if row.in_source else row.raw if isinstance(row.raw, bytes) else pack(row.raw)),
        )
        if row.sketch is not None:
            conn.execute("INSERT OR REPLACE INTO sketches(id, sig, shingles) VALUES (?,?,?)",
                         (row.id, row.sketch, row.shingles))

    @staticmethod
    def drop_article(conn: sqlite3.Connection, article_id: str) -> None:
        conn.execute("DELETE FROM articles WHERE id=?", (article_id,))
        conn.execute("DELETE FROM sketches WHERE id=?", (article_id,))

    @staticmethod
    def put_skipped(conn: sqlite3.Connection, rel: str, reason: str) -> None:
        conn.execute("INSERT OR REPLACE INTO skipped(rel, reason) VALUES (?,?)", (rel, reason))
