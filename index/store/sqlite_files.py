"""SQLite files shared between threads and processes: one connection per thread, WAL mode.

WAL lets the app read while the CLI writes; autocommit mode (isolation_level=None) means every
write is either a single statement or an explicit BEGIN IMMEDIATE ... COMMIT.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class PerThreadConnection:
    """Opens `path` lazily, once per thread, with the given `synchronous` level."""

    def __init__(self, path: Path, synchronous: str = "NORMAL", page_size: int | None = None):
        self.path = path
        self.synchronous = synchronous
        self.page_size = page_size
        self._local = threading.local()

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            if self.page_size:  # takes effect only when the file is created (before WAL is on)
                conn.execute(f"PRAGMA page_size={int(self.page_size)}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self.synchronous}")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def open_checked(path: Path, schema: str, damaged: Callable[[str], Exception], synchronous: str = "NORMAL",
                 page_size: int | None = None) -> PerThreadConnection:
    """Open one of the data folder's SQLite files and apply its schema, refusing a damaged file.

    The header is checked before SQLite opens the file, so a damaged file is never written to;
    SQLite's own damage errors while applying the schema become `damaged(reason)` too. Any
    other error (a locked or unreadable file) is raised as SQLite reported it.
    """
    problem = header_problem(path)
    if problem is not None:
        raise damaged(problem)
    connection = PerThreadConnection(path, synchronous=synchronous, page_size=page_size)
    try:
        connection.get().executescript(schema)
        problem = missing_columns(connection.get(), schema)
    except sqlite3.DatabaseError as exc:
        connection.close()
        if not (is_damage(exc) or _NO_SUCH_COLUMN.match(str(exc))):
            raise
        raise damaged(str(exc)) from None
    if problem is not None:
        connection.close()
        raise damaged(problem)
    return connection


# An index of the schema on a table whose columns are not the schema's: a file of another
# program (or shape) under our name.
_NO_SUCH_COLUMN = re.compile(r"(?:table \w+ has )?no (?:such )?column", re.IGNORECASE)


def missing_columns(conn: sqlite3.Connection, schema: str) -> str | None:
    """Which of the schema's columns a table of the file lacks, in one line, or None: a
    table of another program, or of another shape, under one of the schema's names."""
    model = sqlite3.connect(":memory:")
    try:
        model.executescript(schema)
        tables = [row[0] for row in model.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        wanted = {t: [row[1] for row in model.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        model.close()
    for table, columns in wanted.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        lacking = [c for c in columns if c not in have]
        if lacking:
            return f"its table {table} has no column {', '.join(lacking)}: not a file this program wrote"
    return None


SQLITE_MAGIC = b"SQLite format 3\x00"


def header_problem(path: Path) -> str | None:
    """What is visibly wrong with an SQLite file, from its 100-byte header and its size, or
    None (also when there is no file yet). Cheap: nothing is opened as a database, nothing written.

    Catches a file that is not SQLite at all and one cut short (the header says how many pages
    the file holds); damage inside the pages shows only when they are read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return "it is not a file"
        if st.st_size == 0:
            return None  # created, never written: SQLite starts it afresh
        head = os.read(fd, 100)
    finally:
        os.close(fd)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        return "it is not an SQLite database"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96]  # the page count is only kept up to date when these match
    if valid and pages and st.st_size < pages * page_size:
        return f"it is cut short ({st.st_size:,} of {pages * page_size:,} bytes)"
    return None


# SQLite's result codes for a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB
_DAMAGE_CODES = {11, 26}


def is_damage(exc: BaseException) -> bool:
    """Whether an SQLite error says the file is damaged (not busy, not a full disk)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGE_CODES
    return not isinstance(exc, sqlite3.OperationalError)


def quick_check(conn: sqlite3.Connection) -> str | None:
    """SQLite's own check of every page (reads the whole file): None when it is sound."""
    try:
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    problem = rows[0][0] if rows else "no answer"
    return None if problem == "ok" else problem


def remove_database(path: Path) -> None:
    """Delete an SQLite file with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if there still is one.

    On some errors (a full disk, an I/O error) SQLite has already rolled back by itself, and
    a second ROLLBACK raises "no transaction is active", hiding the real error: the caller
    re-raises that one.
    """
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


@contextmanager
def atomic_text_file(target: str | os.PathLike[str], prefix: str = ".tmp-") -> Iterator:
    """Write a text file under a temporary name beside `target`, renamed into place on success.

    An interrupted write never leaves half a file under the name the user asked for. A name
    that is a device, a pipe or a socket is refused: renamed over, it would be replaced by a
    file (`/dev/null` itself, for a user allowed to).
    """
    target = Path(target)
    if target.exists() and not target.is_file():
        raise OSError(errno.EINVAL, "not a regular file (a device, a pipe or a socket): give a file name")
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
