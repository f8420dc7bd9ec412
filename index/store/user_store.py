"""The user's other data, kept with the tags in tags.sqlite: notes, read marks, the query
history and saved searches.

Like tags, none of it is rebuildable, so none of it lives in the catalog or the index: an
`index --rebuild` leaves it alone, and `tags --export/--import` back it up (index.tag_backup).
Notes and read marks are keyed by article id and content hash in tables that `TagStore.follow`
moves with their article (see `tag_store.ARTICLE_TABLES`). Every change is one committed
transaction, as for tags.
"""

from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from index.errors import CorpusError
from index.models import Note
from index.store.sqlite_files import rollback
from index.store.tag_store import TagStore
from index.text.safety import encodable

MAX_NOTE_CHARS = 20_000
MAX_NAME_LEN = 64
# Older entries beyond this many fall off the query history.
HISTORY_MAX = 500
_NAME_OK = re.compile(r"^[\w][\w\-.]*$", re.UNICODE)

SCHEMA = """
CREATE TABLE IF NOT EXISTS history (
    query   TEXT PRIMARY KEY,
    used_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS saved (
    name       TEXT PRIMARY KEY,
    query      TEXT NOT NULL,
    created_at REAL NOT NULL,
    opened_at  REAL NOT NULL,
    seen       BLOB NOT NULL
);
"""


@dataclass(frozen=True)
class SavedRow:
    name: str
    query: str
    created_at: float
    opened_at: float


def normalize_search_name(name: str) -> str:
    """A saved search's canonical name (case-insensitive), or CorpusError saying what is wrong."""
    if not isinstance(name, str):
        raise CorpusError("a saved search's name must be text")
    clean = unicodedata.normalize("NFC", name).strip().lstrip("@").lower()  # (é typed as e + accent is é)
    if not clean:
        raise CorpusError("empty saved-search name")
    if len(clean) > MAX_NAME_LEN:
        raise CorpusError(f"saved-search name too long ({len(clean)} characters; at most {MAX_NAME_LEN})")
    if not _NAME_OK.match(clean):
        raise CorpusError(f"invalid saved-search name {name!r}: use letters, digits, - _ and . (starting with a letter or digit)")
    return clean


def pack_ids(ids: Iterable[str]) -> bytes:
    """A set of article ids as one compressed blob (what a saved search has seen)."""
    return zlib.compress("\n".join(sorted(set(ids))).encode("utf-8", "surrogatepass"), 6)


def unpack_ids(blob: bytes) -> set[str]:
    text = zlib.decompress(blob).decode("utf-8", "surrogatepass") if blob else ""
    return set(text.split("\n")) if text else set()


class UserStore:
    """Notes, read marks, history and saved searches, over the tag store's connection."""

    def __init__(self, tags: TagStore):
        self._tags = tags
        self._conn().executescript(SCHEMA)
        tags.followers.append(self._follow_seen)

    def _conn(self) -> sqlite3.Connection:
        return self._tags.connection()

    def _write(self, sql: str, rows: list[tuple]) -> int:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            changed = 0
            for row in rows:  # (text from a command line may hold bytes it could not decode)
                row = tuple(encodable(v) if isinstance(v, str) else v for v in row)
                changed += conn.execute(sql, row).rowcount
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        return changed

    # -- notes ---------------------------------------------------------------------------------

    def note_of(self, article_id: str) -> Note | None:
        row = self._conn().execute(
            "SELECT article_id, text, updated_at FROM notes WHERE article_id=?", (article_id,)
        ).fetchone()
        return Note(*row) if row else None

    def set_note(self, article_id: str, content_hash: str, text: str) -> Note | None:
        """Write (or, for blank text, delete) an article's note; the note as it now is."""
        text = encodable(text).replace("\r\n", "\n").replace("\r", "\n").rstrip()
        if len(text) > MAX_NOTE_CHARS:
            raise CorpusError(f"note too long ({len(text)} characters; at most {MAX_NOTE_CHARS})")
        if not text.strip():
            self._write("DELETE FROM notes WHERE article_id=?", [(article_id,)])
            return None
        now = time.time()
        self._write(
            "INSERT INTO notes(article_id, hash, text, updated_at) VALUES (?,?,?,?)"
            " ON CONFLICT(article_id) DO UPDATE SET hash=excluded.hash, text=excluded.text,"
            " updated_at=excluded.updated_at",
            [(article_id, content_hash, text, now)],
        )
        return Note(article_id, text, now)

    def notes(self) -> list[Note]:
        return [Note(*r) for r in self._conn().execute(
            "SELECT article_id, text, updated_at FROM notes ORDER BY updated_at DESC, article_id"
        )]

    def notes_for(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = set(ids)
        if not wanted:
            return {}
        return {aid: text for aid, text in self._conn().execute("SELECT article_id, text FROM notes") if aid in wanted}

    def among(self, table: str, ids: Iterable[str]) -> set[str]:
        """Which of `ids` have a row in `table` ("notes" or "reads")."""
        assert table in ("notes", "reads")
        ids = list(ids)
        found: set[str] = set()
        conn = self._conn()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in conn.execute(f"SELECT article_id FROM {table} WHERE article_id IN ({marks})", chunk))
        return found

    def ids_with_notes(self) -> set[str]:
        return {r[0] for r in self._conn().execute("SELECT article_id FROM notes")}

    def dump_notes(self) -> list[tuple[str, str, str, float]]:
        return self._conn().execute(
            "SELECT article_id, hash, text, updated_at FROM notes ORDER BY article_id"
        ).fetchall()

    def merge_notes(self, rows: list[tuple[str, str, str, float]]) -> int:
        """Import (id, hash, text, updated_at) notes: a note is taken where the article has none
        or an older one; a newer note already there is kept. Returns how many were written."""
        return self._write(
            "INSERT INTO notes(article_id, hash, text, updated_at) VALUES (?,?,?,?)"
            " ON CONFLICT(article_id) DO UPDATE SET hash=excluded.hash, text=excluded.text,"
            " updated_at=excluded.updated_at"
            " WHERE excluded.updated_at > notes.updated_at AND excluded.text != notes.text",
            [r for r in rows if r[2].strip()],
        )

    # -- read marks ----------------------------------------------------------------------------

    def mark_read(self, articles: Iterable[tuple[str, str]], read: bool = True) -> int:
        """Mark (id, hash) articles read or unread; how many changed."""
        arts = list(articles)
        if read:
            now = time.time()
            return self._write(
                "INSERT OR IGNORE INTO reads(article_id, hash, read_at) VALUES (?,?,?)",
                [(a, h, now) for a, h in arts],
            )
        return self._write("DELETE FROM reads WHERE article_id=?", [(a,) for a, _ in arts])

    def is_read(self, article_id: str) -> bool:
        return self._conn().execute("SELECT 1 FROM reads WHERE article_id=?", (article_id,)).fetchone() is not None

    def read_ids(self) -> set[str]:
        return {r[0] for r in self._conn().execute("SELECT article_id FROM reads")}

    def dump_reads(self) -> list[tuple[str, str, float]]:
        return self._conn().execute("SELECT article_id, hash, read_at FROM reads ORDER BY article_id").fetchall()

    def insert_reads(self, rows: list[tuple[str, str, float]]) -> int:
        return self._write("INSERT OR IGNORE INTO reads(article_id, hash, read_at) VALUES (?,?,?)", rows)

    # -- history -------------------------------------------------------------------------------

    def remember(self, query: str) -> None:
        """Put a query at the top of the history (a repeated query moves up, never twice)."""
        query = query.strip()
        if not query:
            return
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO history(query, used_at) VALUES (?,?)"
                " ON CONFLICT(query) DO UPDATE SET used_at=excluded.used_at",
                (query, time.time()),
            )
            conn.execute(
                "DELETE FROM history WHERE query NOT IN"
                " (SELECT query FROM history ORDER BY used_at DESC LIMIT ?)", (HISTORY_MAX,)
            )
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise

    def history(self, limit: int = HISTORY_MAX) -> list[str]:
        """Past queries, most recent first."""
        return [r[0] for r in self._conn().execute(
            "SELECT query FROM history ORDER BY used_at DESC, rowid DESC LIMIT ?", (limit,)
        )]

    def dump_history(self) -> list[tuple[str, float]]:
        return self._conn().execute("SELECT query, used_at FROM history ORDER BY used_at").fetchall()

    def merge_history(self, rows: list[tuple[str, float]]) -> int:
        return self._write(
            "INSERT INTO history(query, used_at) VALUES (?,?)"
            " ON CONFLICT(query) DO UPDATE SET used_at=max(used_at, excluded.used_at)",
            rows,
        )

    # -- saved searches ------------------------------------------------------------------------

    def save_search(self, name: str, query: str, seen: Iterable[str], replace: bool = False) -> SavedRow:
        name, query = normalize_search_name(name), encodable(query)
        now = time.time()
        if not replace and self.saved_row(name) is not None:
            raise CorpusError(f"a saved search named {name!r} exists (remove it first: saved rm {name})")
        self._write(
            "INSERT OR REPLACE INTO saved(name, query, created_at, opened_at, seen) VALUES (?,?,?,?,?)",
            [(name, query.strip(), now, now, pack_ids(seen))],
        )
        return SavedRow(name, query.strip(), now, now)

    def saved_row(self, name: str) -> SavedRow | None:
        row = self._conn().execute(
            "SELECT name, query, created_at, opened_at FROM saved WHERE name=?", (normalize_search_name(name),)
        ).fetchone()
        return SavedRow(*row) if row else None

    def saved_rows(self) -> list[SavedRow]:
        return [SavedRow(*r) for r in self._conn().execute(
            "SELECT name, query, created_at, opened_at FROM saved ORDER BY name"
        )]

    def seen_by(self, name: str) -> set[str]:
        row = self._conn().execute("SELECT seen FROM saved WHERE name=?", (normalize_search_name(name),)).fetchone()
        return unpack_ids(row[0]) if row else set()

    def mark_opened(self, name: str, seen: Iterable[str]) -> None:
        self._write(
            "UPDATE saved SET opened_at=?, seen=? WHERE name=?",
            [(time.time(), pack_ids(seen), normalize_search_name(name))],
        )

    @staticmethod
    def _follow_seen(conn: sqlite3.Connection, renamed: dict[str, str]) -> int:
        """A renamed (or re-scraped and found again) article stays seen by the saved searches
        that had seen it, so it is not counted new; runs inside `TagStore.follow`'s
        transaction."""
        touched = 0
        for name, blob in conn.execute("SELECT name, seen FROM saved").fetchall():
            seen = unpack_ids(blob)
            moved = seen & renamed.keys()
            if moved:
                seen = (seen - moved) | {renamed[old] for old in moved}
                conn.execute("UPDATE saved SET seen=? WHERE name=?", (pack_ids(seen), name))
                touched += 1
        return touched

    def remove_saved(self, name: str) -> bool:
        return bool(self._write("DELETE FROM saved WHERE name=?", [(normalize_search_name(name),)]))

    def dump_saved(self) -> list[tuple[str, str, float, float, list[str]]]:
        return [
            (name, query, created, opened, sorted(unpack_ids(seen)))
            for name, query, created, opened, seen in self._conn().execute(
                "SELECT name, query, created_at, opened_at, seen FROM saved ORDER BY name"
            )
        ]

    def merge_saved(self, rows: list[tuple[str, str, float, float, list[str]]]) -> int:
        """Import saved searches; a name already saved here is kept as it is."""
        return self._write(
            "INSERT OR IGNORE INTO saved(name, query, created_at, opened_at, seen) VALUES (?,?,?,?,?)",
            [(normalize_search_name(n), q, c, o, pack_ids(seen)) for n, q, c, o, seen in rows],
        )
