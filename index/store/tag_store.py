"""Tags: the user's own data, kept apart from the rebuildable index.

One SQLite file (`tags.sqlite`, WAL mode, synchronous=FULL) holds (article id, tag, content
hash) rows. The id makes tags follow an edited file; the hash makes them follow a renamed one,
and lets tags of a deleted article wait, untouched, until it comes back. What the store knows of
each tagged article (`tagged`: title, address, date, a sketch of its text) lets a waiting tag say
what it waits for, and find its article again when a re-scrape changed it a little. Every change is one
transaction, committed before the call returns, so an acknowledged change survives a kill.

The same file holds the user's other per-article data (notes, read marks: `ARTICLE_TABLES`),
keyed the same way, so `follow` moves all of it with the article in one transaction; the
operations on it live in `index.store.user_store`.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from index.errors import DamagedTags, TagError
from index.models import TagChange
from index.store.sqlite_files import header_problem, open_checked, quick_check, rollback

FOLLOWUP = "followup"
_CHUNK = 500  # articles a statement (SQLite caps a statement's parameters)
MAX_TAG_LEN = 64
_TAG_OK = re.compile(r"^[\w][\w\-.:/+&]*$", re.UNICODE)

SCHEMA = """
CREATE TABLE IF NOT EXISTS tags (
    article_id TEXT NOT NULL,
    tag        TEXT NOT NULL,
    hash       TEXT NOT NULL,
    added_at   REAL NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX IF NOT EXISTS tags_by_tag ON tags(tag);
CREATE INDEX IF NOT EXISTS tags_by_hash ON tags(hash);
CREATE TABLE IF NOT EXISTS notes (
    article_id TEXT PRIMARY KEY,
    hash       TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_by_hash ON notes(hash);
CREATE TABLE IF NOT EXISTS reads (
    article_id TEXT PRIMARY KEY,
    hash       TEXT NOT NULL,
    read_at    REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS reads_by_hash ON reads(hash);
-- What the tags know of the articles they were put on, kept while the article is away: what a
-- waiting tag says it waits for, and what finds its article again after a re-scrape
-- (same address, same title and date, or a near-identical text: `index.text.likeness`).
CREATE TABLE IF NOT EXISTS tagged (
    article_id TEXT PRIMARY KEY,
    hash       TEXT NOT NULL,
    title      TEXT,
    url        TEXT,
    date       TEXT,
    sketch     BLOB
);
"""

# A row's id while `follow` moves every row of a shuffle (an id is a relative path: none
# starts with it).
_PARKED = "//moving:"


def waiting_id(article_id: str, content_hash: str) -> str:
    """The id a file's data waits under once the file holds another text and its own text is
    nowhere: not an article's id, so the data waits, listed, and goes to the article that
    has that text again (by its hash) or is found to be it after a re-scrape."""
    return f"{article_id}#was:{content_hash[:12]}"


# Every table of per-article user data: each has `article_id` and `hash` columns and follows
# its article through edits, renames and re-scrapes exactly as tags do (`TagStore.follow`).
ARTICLE_TABLES = ("tags", "notes", "reads")


@dataclass(frozen=True)
class TaggedArticle:
    """What the tag store remembers of one tagged article."""

    id: str
    hash: str
    title: str | None
    url: str | None
    date: str | None
    sketch: bytes | None



def normalize_tag(name: str) -> str:
    """The canonical form of a tag name, or TagError saying what is wrong with it.

    Tags are case-insensitive and trimmed; inner whitespace becomes '-', so "follow up" and
    "Follow-Up" are one tag; accents are composed (NFC), so "café" typed with a combining accent
    (as some keyboards and file names send it) is the tag "café", not an invalid name.
    """
    if not isinstance(name, str):
        raise TagError("a tag must be text")
    tag = "-".join(unicodedata.normalize("NFC", name).strip().lower().split())
    if not tag:
        raise TagError("empty tag name")
    if len(tag) > MAX_TAG_LEN:
        raise TagError(f"tag too long ({len(tag)} characters; at most {MAX_TAG_LEN})")
    if not _TAG_OK.match(tag):
        raise TagError(
            f"invalid tag {name.strip()!r}: use letters, digits and - _ . : / + & (starting with a letter or digit)"
        )
    return tag


class TagStore:
    """Thread-safe access to tags.sqlite; one connection per thread."""

    def __init__(self, path: Path):
        self.path = path
        # FULL: a tag change is on disk before `apply` returns, even if the machine dies.
        self._connection = open_checked(path, SCHEMA, lambda why: DamagedTags(path, why), synchronous="FULL")
        self._watch: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()
        # Other per-article data kept by id inside rows of its own (a saved search's set of
        # seen articles): each is called with the transaction's connection and {old id: new
        # id} when articles were renamed or found again (see `follow`).
        self.followers: list[Callable[[sqlite3.Connection, dict[str, str]], int]] = []

    def check(self) -> str | None:
        """What is wrong with the file of tags (reads all of it), or None."""
        return header_problem(self.path) or quick_check(self._conn())

    def _conn(self) -> sqlite3.Connection:
        return self._connection.get()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection to tags.sqlite (the user store shares it, so a change to
        tags and to the rest of the user's data is one file, one lock)."""
        return self._conn()

    def close(self) -> None:
        self._connection.close()
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    def change_counter(self) -> int:
        """A number that changes whenever tags were committed since the last call, by this
        process or another (SQLite's `PRAGMA data_version`, on a connection of its own that
        never writes: a cheap check, so the app can notice tags changed by the CLI)."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            return self._watch.execute("PRAGMA data_version").fetchone()[0]

    # -- reading -------------------------------------------------------------------------------

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        rows = self._conn().execute(
            "SELECT tag FROM tags WHERE article_id=? ORDER BY tag", (article_id,)
        ).fetchall()
        return tuple(r[0] for r in rows)

    def tags_for(self, article_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        ids = list(article_ids)
        out: dict[str, list[str]] = {i: [] for i in ids}
        conn = self._conn()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for aid, tag in conn.execute(
                f"SELECT article_id, tag FROM tags WHERE article_id IN ({marks}) ORDER BY tag", chunk
            ):
                out[aid].append(tag)
        return {k: tuple(v) for k, v in out.items()}

    def ids_with(self, tag: str) -> set[str]:
        rows = self._conn().execute("SELECT article_id FROM tags WHERE tag=?", (tag,)).fetchall()
        return {r[0] for r in rows}

    def ids_matching(self, pattern: str) -> set[str]:
        """Ids with any tag matching a glob pattern (`*`, `?`)."""
        rows = self._conn().execute("SELECT article_id FROM tags WHERE tag GLOB ?", (pattern,)).fetchall()
        return {r[0] for r in rows}

    def pairs(self):
        """Every (article id, tag) pair (facet counts over a result set)."""
        return self._conn().execute("SELECT article_id, tag FROM tags")

    def all_names(self) -> list[str]:
        return [r[0] for r in self._conn().execute("SELECT DISTINCT tag FROM tags ORDER BY tag")]

    def counts(self, catalog: Path) -> list[tuple[str, int]]:
        """Each tag with the number of its articles that are in the catalog, most used first.

        Tags of articles that left the corpus wait there for a rename to bring them back, but
        are not counted. One join against the attached catalog: reading every article id
        into Python instead was slow on a large corpus, after every tag change.
        """
        if not self._attach(catalog):
            return []
        rows = self._conn().execute(
            "SELECT tag, COUNT(*) FROM tags t"
            " WHERE EXISTS (SELECT 1 FROM catalog.articles a WHERE a.id = t.article_id)"
            " GROUP BY tag"
        ).fetchall()
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    def _attach(self, catalog: Path) -> bool:
        if not catalog.exists():
            return False  # nothing indexed yet (ATTACH would create an empty catalog file)
        conn = self._conn()
        if not any(row[1] == "catalog" for row in conn.execute("PRAGMA database_list")):
            conn.execute("ATTACH DATABASE ? AS catalog", (str(catalog),))
        return True

    def waiting(self, catalog: Path) -> list[tuple[str, str, str | None, str | None]]:
        """(tag, article id, title, url) of every tag whose article is not in the catalog now,
        by tag then id: tags that wait for their article to come back."""
        if not self._attach(catalog):
            sql = "SELECT t.tag, t.article_id, k.title, k.url FROM tags t LEFT JOIN tagged k ON k.article_id = t.article_id"
        else:
            sql = (
                "SELECT t.tag, t.article_id, k.title, k.url FROM tags t LEFT JOIN tagged k ON k.article_id = t.article_id"
                " WHERE NOT EXISTS (SELECT 1 FROM catalog.articles a WHERE a.id = t.article_id)"
            )
        return self._conn().execute(sql + " ORDER BY t.tag, t.article_id").fetchall()

    def waiting_articles(self, live_ids: set[str]) -> list[TaggedArticle]:
        """What is known of each tagged article that is not among `live_ids`."""
        rows = self._conn().execute(
            "SELECT DISTINCT t.article_id, COALESCE(k.hash, t.hash), k.title, k.url, k.date, k.sketch"
            " FROM tags t LEFT JOIN tagged k ON k.article_id = t.article_id"
        ).fetchall()
        return [TaggedArticle(*r) for r in rows if r[0] not in live_ids]

    def tagged_ids(self) -> list[str]:
        return [r[0] for r in self._conn().execute("SELECT DISTINCT article_id FROM tags")]

    def unremembered(self) -> list[str]:
        """Tagged article ids the store knows nothing of yet (tags from before it kept any)."""
        return [r[0] for r in self._conn().execute(
            "SELECT DISTINCT t.article_id FROM tags t"
            " WHERE NOT EXISTS (SELECT 1 FROM tagged k WHERE k.article_id = t.article_id AND k.hash = t.hash)"
        )]

    def remember(self, articles: Iterable[TaggedArticle]) -> None:
        """Record what tagged articles are (a sketch already known for the same text is kept)."""
        rows = [(a.id, a.hash, a.title, a.url, a.date, a.sketch) for a in articles]
        if not rows:
            return
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT INTO tagged(article_id, hash, title, url, date, sketch) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(article_id) DO UPDATE SET title=excluded.title, url=excluded.url,"
                " date=excluded.date, sketch=CASE WHEN excluded.sketch IS NULL AND hash=excluded.hash"
                " THEN sketch ELSE excluded.sketch END, hash=excluded.hash",
                rows,
            )
            conn.execute("DELETE FROM tagged WHERE article_id NOT IN (SELECT article_id FROM tags)")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def dump(self) -> list[tuple[str, str, str, float]]:
        return self._conn().execute(
            "SELECT article_id, tag, hash, added_at FROM tags ORDER BY article_id, tag"
        ).fetchall()

    # -- writing: every method is one committed transaction ------------------------------------

    def apply(
        self,
        articles: Iterable[tuple[str, str]],
        add: Iterable[str] = (),
        remove: Iterable[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> TagChange:
        """Add and remove tags on (article id, content hash) pairs; report what really changed.

        One transaction, set-based: for each tag, the articles that already carry it are read
        a chunk at a time and only the others are written with `executemany` (a row at a
        time, 5,000 articles took seconds). `progress(done, total)` follows the chunks.
        """
        add_tags = [normalize_tag(t) for t in add]
        remove_tags = [normalize_tag(t) for t in remove]
        arts = list(dict(articles).items())
        added: list[tuple[str, str]] = []
        removed: list[tuple[str, str]] = []
        now = time.time()
        total = len(arts) * max(1, len(add_tags) + len(remove_tags))
        done = 0
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for tag, adding in [(t, False) for t in remove_tags] + [(t, True) for t in add_tags]:
                for start in range(0, len(arts), _CHUNK):
                    chunk = arts[start : start + _CHUNK]
                    ids = [aid for aid, _ in chunk]
                    marks = ",".join("?" * len(ids))
                    have = {r[0] for r in conn.execute(
                        f"SELECT article_id FROM tags WHERE tag=? AND article_id IN ({marks})", [tag, *ids])}
                    if adding:
                        new = [(aid, tag, h, now) for aid, h in chunk if aid not in have]
                        conn.executemany("INSERT INTO tags(article_id, tag, hash, added_at) VALUES (?,?,?,?)", new)
                        added.extend((aid, tag) for aid, _, _, _ in new)
                    else:
                        gone = [(aid, tag) for aid in ids if aid in have]
                        conn.executemany("DELETE FROM tags WHERE article_id=? AND tag=?", gone)
                        removed.extend(gone)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        return TagChange(tuple(added), tuple(removed))

    def insert_many(self, rows: list[tuple[str, str, str, float | None]]) -> list[bool]:
        """Insert (id, tag, hash, added_at) rows that are not there yet; for each row, whether
        it was new (a row repeated in `rows` is new once)."""
        now = time.time()
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            insert = "INSERT OR IGNORE INTO tags(article_id, tag, hash, added_at) VALUES (?,?,?,?)"
            new = [conn.execute(insert, (a, t, h, when or now)).rowcount == 1 for a, t, h, when in rows]
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        return new

    def revert(self, change: TagChange, hashes: dict[str, str]) -> None:
        """Undo `change` exactly: drop what it added, restore what it removed."""
        now = time.time()
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("DELETE FROM tags WHERE article_id=? AND tag=?", change.added)
            conn.executemany(
                "INSERT OR IGNORE INTO tags(article_id, tag, hash, added_at) VALUES (?,?,?,?)",
                [(aid, tag, hashes.get(aid, ""), now) for aid, tag in change.removed],
            )
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise

    def follow(
        self,
        moves: dict[str, str],
        rehash: dict[str, str],
        reattach: dict[str, str],
        live_ids: set[str],
        found: dict[str, tuple[str, str]] | None = None,
        shuffled: dict[str, tuple[str, str]] | None = None,
        displaced: dict[str, str] | None = None,
    ) -> int:
        """Keep tags (and notes and read marks) attached to their articles after an index update.

        `rehash` maps id -> new hash (file edited in place); `moves` maps old id -> new id (file
        renamed, same content); `reattach` maps hash -> id for articles that (re)appeared, so
        orphaned tags with that hash (whose id is not in `live_ids`) find them again; a live
        duplicate's tags are never taken; `found` maps the old id of a waiting article to
        (new id, new hash) of the article it was found to be after a re-scrape. `shuffled` maps
        old id -> (new id, hash) for a text that went from one file to another where one of the
        two is still there with another text (names swapped, files renumbered by a re-scrape):
        all go at once. `displaced` maps id -> old hash for a file whose text went away while
        it took another's: its data waits, under `waiting_id`, for that text to come back.
        Returns the number of rows touched.
        """
        conn = self._conn()
        touched = 0
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table in (*ARTICLE_TABLES, "tagged"):
                touched += self._shuffle_table(conn, table, shuffled or {}, displaced or {})
            for table in ARTICLE_TABLES:
                touched += self._follow_table(conn, table, moves, rehash, reattach, live_ids, found or {})
            # what the tags know of their articles goes where the tags went (its hash stays the
            # one it was remembered for, so an edited article is remembered again)
            self._follow_table(conn, "tagged", moves, {}, reattach, live_ids, found or {})
            renamed = {**moves, **{old: new for old, (new, _h) in (found or {}).items()},
                       **{old: new for old, (new, _h) in (shuffled or {}).items()}}
            if renamed:
                for follower in self.followers:
                    touched += follower(conn, renamed)
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        return touched

    @staticmethod
    def _shuffle_table(conn, table, shuffled, displaced) -> int:
        """Texts that changed files among files still there: every row goes to a name of its
        own first, then to its new id, so two files that swapped names swap their data."""
        touched = 0
        for aid, h in displaced.items():
            touched += conn.execute(f"UPDATE OR IGNORE {table} SET article_id=? WHERE article_id=?",
                                    (_PARKED + waiting_id(aid, h), aid)).rowcount
        for old, (new, h) in shuffled.items():
            hashed = ", hash=?" if table != "tagged" else ""
            touched += conn.execute(f"UPDATE OR IGNORE {table} SET article_id=?{hashed} WHERE article_id=?",
                                    (_PARKED + new, *((h,) if hashed else ()), old)).rowcount
        if touched:
            parked = (len(_PARKED), _PARKED)
            conn.execute(f"UPDATE OR IGNORE {table} SET article_id=substr(article_id, ? + 1)"
                         " WHERE substr(article_id, 1, ?) = ?", (len(_PARKED), *parked))
            # (what its new id held already, the same tag or a note, stays; this one waits)
            for (aid,) in conn.execute(f"SELECT DISTINCT article_id FROM {table} WHERE substr(article_id, 1, ?) = ?",
                                       parked).fetchall():
                new = aid[len(_PARKED):]
                h = conn.execute(f"SELECT hash FROM {table} WHERE article_id=?", (aid,)).fetchone()[0]
                conn.execute(f"UPDATE OR IGNORE {table} SET article_id=? WHERE article_id=?", (waiting_id(new, h), aid))
                conn.execute(f"DELETE FROM {table} WHERE article_id=?", (aid,))
        return touched

    @staticmethod
    def _follow_table(conn, table, moves, rehash, reattach, live_ids, found) -> int:
        touched = 0
        for old, (new, h) in found.items():
            touched += conn.execute(
                f"UPDATE OR IGNORE {table} SET article_id=?, hash=? WHERE article_id=?", (new, h, old)
            ).rowcount
        for aid, h in rehash.items():
            touched += conn.execute(f"UPDATE {table} SET hash=? WHERE article_id=?", (h, aid)).rowcount
        for old, new in moves.items():
            touched += conn.execute(
                f"UPDATE OR IGNORE {table} SET article_id=? WHERE article_id=?", (new, old)
            ).rowcount
        for h, aid in reattach.items():
            rows = conn.execute(f"SELECT DISTINCT article_id FROM {table} WHERE hash=?", (h,)).fetchall()
            for (old,) in rows:
                if old != aid and old not in live_ids:
                    touched += conn.execute(
                        f"UPDATE OR IGNORE {table} SET article_id=? WHERE article_id=?", (aid, old)
                    ).rowcount
        return touched
