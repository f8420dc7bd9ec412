"""Bringing the catalog and the Whoosh index up to date with the corpus folder.

Change detection is cheap first: a file whose size and mtime match the catalog is not opened.
A file whose stat changed is hashed; only a changed hash means re-parsing and re-cleaning.
Order of commits: Whoosh first, then the catalog. A kill between the two leaves the catalog
behind the index; the next run re-does those files, deleting by id before adding, so nothing
is duplicated, and a count mismatch between the two triggers a rebuild.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh.index import LockError

from . import readers
from .catalog import ArticleRow, Catalog, FileRow
from .cleaner import clean
from .dates import parse_date, to_datetime
from .errors import CorpusError, IndexBusy
from .models import Progress, Skipped, UpdateReport
from .search_index import SCHEMA_VERSION, SearchIndex
from .tag_store import TagStore
from .textsafe import terminal_safe

ProgressFn = Callable[[Progress], None]


class Cancelled(CorpusError):
    """The update was cancelled; the index is as it was before it started."""


@dataclass(frozen=True)
class Prepared:
    """One article read and cleaned, ready for the catalog and the index."""

    row: ArticleRow
    body: str


def content_hash(text: str, title: str | None = None) -> str:
    h = hashlib.blake2b(digest_size=16)
    if title:
        h.update(title.encode("utf-8", "surrogatepass") + b"\x00")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def prepare(raw: readers.RawArticle) -> Prepared:
    """Clean one raw article into its catalog row and the body text to index."""
    # Control and escape sequences go at the door: everything downstream (index, catalog,
    # reader, exports) then holds only displayable text.
    text = terminal_safe(raw.text.replace("\r\n", "\n").replace("\r", "\n"))
    title = " ".join(terminal_safe(raw.title).split()) if raw.title else None
    source = " ".join(terminal_safe(raw.source).split()) if raw.source else None
    date_hint = parse_date(raw.date) if raw.date else None
    cleaned = clean(text, title=title or None, source=source or None, date=date_hint)
    row = ArticleRow(
        id=raw.id,
        rel=raw.rel,
        hash=content_hash(raw.text, raw.title),
        title=cleaned.title,
        source=cleaned.source,
        date=cleaned.date,
        url=raw.url,
        labels=cleaned.labels,
        raw="\n".join(cleaned.raw_lines),
    )
    return Prepared(row, cleaned.body)


@contextmanager
def update_lock(data_dir: Path, wait: float):
    """An exclusive lock on the data folder for the length of an update.

    flock is released by the kernel when its holder dies, so a killed run never leaves a stale
    lock behind.
    """
    path = data_dir / "update.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        "the index is being updated by another corpus-tui process; try again when it is done"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


class Indexer:
    """One update run over a corpus; `run()` does it all."""

    def __init__(
        self,
        root: Path,
        data_dir: Path,
        catalog: Catalog,
        index: SearchIndex,
        tags: TagStore,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ):
        self.root = root
        self.data_dir = data_dir
        self.catalog = catalog
        self.index = index
        self.tags = tags
        self.progress = progress or (lambda p: None)
        self.cancel = cancel or threading.Event()

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("indexing cancelled; the index is unchanged")

    def needs_rebuild(self) -> bool:
        if self.catalog.get_meta("schema_version") != SCHEMA_VERSION:
            return True
        if not self.index.exists():
            return True
        try:
            return self.index.doc_count() != self.catalog.count()
        except Exception:
            return True

    def run(self, rebuild: bool = False, wait: float = 0.0) -> UpdateReport:
        started = time.perf_counter()
        with update_lock(self.data_dir, wait):
            report = UpdateReport()
            if rebuild or self.needs_rebuild():
                self._reset()
                report.rebuilt = True
            self._update(report)
        report.elapsed_s = time.perf_counter() - started
        return report

    def _reset(self) -> None:
        self.index.wipe()
        conn = self.catalog.begin()
        conn.execute("DELETE FROM files")
        conn.execute("DELETE FROM articles")
        conn.execute("DELETE FROM skipped")
        conn.execute("DELETE FROM meta")
        conn.execute("COMMIT")

    def _update(self, report: UpdateReport) -> None:
        self.progress(Progress("scan", 0, None, "looking for articles"))
        entries: list[readers.FileEntry] = []
        for item in readers.walk(self.root, skip_dirs={self.data_dir}):
            if isinstance(item, Skipped):
                report.skipped.append(item)
            else:
                entries.append(item)
        known = self.catalog.files()
        by_rel = self.catalog.ids_by_rel()
        seen = {e.rel for e in entries}

        stale = [e for e in entries if (k := known.get(e.rel)) is None or (k.size, k.mtime_ns) != (e.size, e.mtime_ns)]
        stale_rels = {e.rel for e in stale}
        report.unchanged += sum(len(by_rel.get(e.rel, ())) for e in entries if e.rel not in stale_rels)
        gone_rels = [rel for rel in known if rel not in seen]

        new_files: list[FileRow] = []
        new_articles: dict[str, Prepared] = {}
        removed: dict[str, str] = {}  # id -> hash of articles that are gone or replaced
        updated_ids: set[str] = set()
        skipped_files: list[tuple[str, list[Skipped]]] = []

        total = len(stale)
        for n, entry in enumerate(stale, start=1):
            self._check_cancel()
            self.progress(Progress("read", n - 1, total, entry.rel))
            old = {aid: h for aid, h in by_rel.get(entry.rel, ())}
            why = readers.too_large(entry)
            data = None if why else readers.read_bytes(entry)
            if isinstance(data, Skipped):
                why = data.reason
            if why:
                report.skipped.append(Skipped(entry.rel, why))
                skipped_files.append((entry.rel, [Skipped(entry.rel, why)]))
                removed.update(old)
                continue
            fh = file_hash(data)
            prev = known.get(entry.rel)
            if prev is not None and prev.hash == fh:
                # touched but identical: remember the new stat so it is not hashed again
                new_files.append(FileRow(entry.rel, entry.size, entry.mtime_ns, fh))
                report.unchanged += len(old)
                continue
            report.read += 1
            file_skips: list[Skipped] = []
            fresh: dict[str, Prepared] = {}
            for item in readers.parse(entry, data):
                if isinstance(item, Skipped):
                    file_skips.append(item)
                    continue
                try:
                    fresh[item.id] = prepare(item)
                except Exception as exc:  # a cleaner bug must not stop the run
                    file_skips.append(Skipped(item.id, f"could not be cleaned ({type(exc).__name__}: {exc})"))
            report.skipped.extend(file_skips)
            skipped_files.append((entry.rel, file_skips))
            new_files.append(FileRow(entry.rel, entry.size, entry.mtime_ns, fh))
            for aid, prep in fresh.items():
                if aid in old:
                    if old[aid] == prep.row.hash:
                        report.unchanged += 1
                        continue
                    updated_ids.add(aid)
                    removed[aid] = old[aid]
                new_articles[aid] = prep
            for aid, h in old.items():
                if aid not in fresh:
                    removed[aid] = h
        self.progress(Progress("read", total, total, ""))
        for rel in gone_rels:
            for aid, h in by_rel.get(rel, ()):
                removed[aid] = h

        # Renames: an article that vanished under one id and appeared under another, same content.
        vanished_by_hash = {h: aid for aid, h in removed.items() if aid not in new_articles}
        moves: dict[str, str] = {}
        for aid, prep in new_articles.items():
            if aid in updated_ids:
                continue
            old_id = vanished_by_hash.pop(prep.row.hash, None)
            if old_id is not None:
                moves[old_id] = aid
        report.renamed = len(moves)
        report.updated = len(updated_ids)
        report.added = len(new_articles) - len(updated_ids) - len(moves)
        report.removed = sum(1 for aid in removed if aid not in new_articles) - len(moves)

        self._check_cancel()
        if new_articles or removed:
            self._write_index(new_articles, removed)
        self._write_catalog(new_files, gone_rels, skipped_files, new_articles, removed)
        live = self.catalog.all_ids() if (new_articles or removed) else set()
        rehash = {aid: new_articles[aid].row.hash for aid in updated_ids}
        reattach = {p.row.hash: aid for aid, p in new_articles.items() if aid not in updated_ids}
        if rehash or moves or reattach:
            self.tags.follow(moves, rehash, reattach, live)
        self.progress(Progress("done", total, total, ""))

    def _write_index(self, new_articles: dict[str, Prepared], removed: dict[str, str]) -> None:
        ix = self.index.open()
        try:
            writer = ix.writer(limitmb=128)
        except LockError:
            raise IndexBusy("the index is locked by another writer; try again in a moment") from None
        try:
            fresh_index = ix.doc_count_all() == 0
            if not fresh_index:
                for aid in set(removed) | set(new_articles):
                    writer.delete_by_term("id", aid)
            total = len(new_articles)
            for n, (aid, prep) in enumerate(new_articles.items(), start=1):
                if n % 200 == 0:
                    self._check_cancel()
                    self.progress(Progress("index", n, total, aid))
                row = prep.row
                doc = {"id": aid, "title": row.title, "body": prep.body}
                if row.source:
                    doc["source"] = row.source
                when = to_datetime(row.date)
                if when is not None:
                    doc["date"] = when
                writer.add_document(**doc)
            self._check_cancel()
            self.progress(Progress("commit", total, total, "writing the index"))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    def _write_catalog(self, new_files, gone_rels, skipped_files, new_articles, removed) -> None:
        conn = self.catalog.begin()
        try:
            for rel in gone_rels:
                Catalog.drop_file(conn, rel)
            for aid in removed:
                if aid not in new_articles:
                    Catalog.drop_article(conn, aid)
            for row in new_files:
                Catalog.put_file(conn, row)
            for rel, skips in skipped_files:
                conn.execute("DELETE FROM skipped WHERE rel=? OR rel LIKE ?", (rel, rel + "#%"))
                for s in skips:
                    Catalog.put_skipped(conn, s.path, s.reason)
            for prep in new_articles.values():
                Catalog.put_article(conn, prep.row)
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
