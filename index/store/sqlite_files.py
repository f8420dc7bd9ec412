"""SQLite files shared between threads and processes: one connection per thread, WAL mode.

WAL lets the app read while the CLI writes; autocommit mode (isolation_level=None) means every
write is either a single statement or an explicit BEGIN IMMEDIATE ... COMMIT.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
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

    An interrupted write never leaves half a file under the name the user asked for.
    """
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
