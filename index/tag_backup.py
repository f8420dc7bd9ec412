"""Backing up and restoring the user's data (tags, notes, read marks, query history, saved
searches) as a plain JSON file.

Format (version 2), documented in the README:

    {"format": "corpus-tui-tags", "version": 2,
     "tags": [{"id": "path/to/article.txt", "tag": "followup",
               "hash": "<content hash>", "title": "...", "added_at": 1700000000.0}, ...],
     "notes": [{"id": ..., "hash": ..., "title": ..., "text": "...", "updated_at": ...}, ...],
     "read": [{"id": ..., "hash": ..., "read_at": ...}, ...],
     "history": [{"query": "...", "used_at": ...}, ...],
     "saved": [{"name": "...", "query": "...", "created_at": ..., "opened_at": ...,
                "seen": ["<article id>", ...]}, ...]}

Version 1 files (tags only) are still read. Import merges (it never removes anything). Each
per-article entry goes to the article with that id, else to the article with that content hash
(a re-scraped copy under other names), else it is kept as it is, waiting for the article to
appear, so nothing in a backup is ever dropped. Of two notes on one article the newer is kept;
a saved search whose name exists here is left as it is.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.errors import CorpusError, TagError
from index.ingest.readers import read_user_file
from index.store.sqlite_files import atomic_text_file
from index.store.tag_store import normalize_tag
from index.store.user_store import normalize_search_name

if TYPE_CHECKING:
    from index.corpus import Corpus

FORMAT = "corpus-tui-tags"
# A backup of a million tags is about 200 MB; a file much bigger than that is not one.
MAX_BACKUP_BYTES = 1 << 30
VERSION = 2
READABLE = (1, 2)


@dataclass(frozen=True)
class ImportReport:
    by_id: int
    by_hash: int
    waiting: int
    already: int
    invalid: int
    notes: int = 0
    read: int = 0
    history: int = 0
    saved: int = 0


@dataclass(frozen=True)
class BackupReport:
    """How many of each kind of entry a backup holds."""

    tags: int
    notes: int
    read: int
    history: int
    saved: int


def export_tags(corpus: Corpus, path: str | os.PathLike[str]) -> BackupReport:
    """Write every tag (including those waiting for a deleted article) and the rest of the
    user's data to `path`; return how many entries of each kind."""
    rows = corpus.tags.dump()
    notes = corpus.user.dump_notes()
    try:
        titles = corpus.catalog.titles({r[0] for r in rows} | {r[0] for r in notes})
    except sqlite3.DatabaseError:  # titles are a courtesy: a damaged catalog stops no backup
        titles = {}
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "corpus": str(corpus.root),
        "tags": [
            {"id": aid, "tag": tag, "hash": h, "title": titles.get(aid), "added_at": added}
            for aid, tag, h, added in rows
        ],
        "notes": [
            {"id": aid, "hash": h, "title": titles.get(aid), "text": text, "updated_at": when}
            for aid, h, text, when in notes
        ],
        "read": [{"id": aid, "hash": h, "read_at": when} for aid, h, when in corpus.user.dump_reads()],
        "history": [{"query": q, "used_at": when} for q, when in corpus.user.dump_history()],
        "saved": [
            {"name": name, "query": q, "created_at": created, "opened_at": opened, "seen": seen}
            for name, q, created, opened, seen in corpus.user.dump_saved()
        ],
    }
    with atomic_text_file(path, prefix=".tags-") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return BackupReport(*(len(payload[k]) for k in ("tags", "notes", "read", "history", "saved")))


def import_tags(corpus: Corpus, path: str | os.PathLike[str]) -> ImportReport:
    data = read_user_file(path, MAX_BACKUP_BYTES)  # never a FIFO, a device, or without end
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path} is not a corpus-tui tag file (invalid JSON: {exc})") from None
    except RecursionError:
        raise CorpusError(f"{path} is not a corpus-tui tag file (JSON nested too deeply)") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CorpusError(f"{path} is not a corpus-tui tag file (no \"format\": \"{FORMAT}\")")
    if payload.get("version") not in READABLE:
        raise CorpusError(
            f"{path}: unsupported tag file version {payload.get('version')!r}"
            f" (this corpus-tui reads versions {', '.join(map(str, READABLE))})"
        )
    entries = payload.get("tags")
    if not isinstance(entries, list):
        raise CorpusError(f"{path}: \"tags\" must be a list")
    for key in ("notes", "read", "history", "saved"):
        if not isinstance(payload.get(key, []), list):
            raise CorpusError(f"{path}: \"{key}\" must be a list")

    live_hash = {}  # hash -> id of a live article
    ids_hashes = {}
    for row in corpus.catalog.iter_hashes():
        ids_hashes[row[0]] = row[1]
        live_hash.setdefault(row[1], row[0])
    invalid = 0

    def place(entry) -> tuple[str, str, str]:
        """Where an entry goes: (target id, target hash, how it was matched)."""
        aid, h = entry["id"], entry.get("hash") or ""
        if not isinstance(aid, str) or not isinstance(h, str):
            raise TypeError
        if aid in ids_hashes:
            return aid, ids_hashes[aid], "id"
        if h and h in live_hash:
            return live_hash[h], h, "hash"
        return aid, h, "waiting"

    rows, how = [], []  # what to insert, and how each was matched
    for entry in entries:
        try:
            tag = normalize_tag(entry["tag"])
            target, target_hash, matched = place(entry)
        except (KeyError, TypeError, TagError):
            invalid += 1
            continue
        rows.append((target, tag, target_hash, _when(entry.get("added_at"))))
        how.append(matched)
    new = corpus.tags.insert_many(rows)
    # Each entry is counted once: new ones by how they were matched, the rest as already there.
    counts = {"id": 0, "hash": 0, "waiting": 0}
    for matched, is_new in zip(how, new):
        if is_new:
            counts[matched] += 1
    notes, reads, history, saved = [], [], [], []
    for entry in payload.get("notes", []):
        try:
            target, target_hash, _ = place(entry)
            text = entry["text"]
            if not isinstance(text, str):
                raise TypeError
        except (KeyError, TypeError):
            invalid += 1
            continue
        notes.append((target, target_hash, text, _when(entry.get("updated_at")) or 0.0))
    for entry in payload.get("read", []):
        try:
            target, target_hash, _ = place(entry)
        except (KeyError, TypeError):
            invalid += 1
            continue
        reads.append((target, target_hash, _when(entry.get("read_at")) or 0.0))
    for entry in payload.get("history", []):
        if isinstance(entry, dict) and isinstance(entry.get("query"), str) and entry["query"].strip():
            history.append((entry["query"].strip(), _when(entry.get("used_at")) or 0.0))
        else:
            invalid += 1
    for entry in payload.get("saved", []):
        try:
            name, query, seen = normalize_search_name(entry["name"]), entry["query"], entry.get("seen") or []
            if not isinstance(query, str) or not isinstance(seen, list) or not all(isinstance(i, str) for i in seen):
                raise TypeError
        except (KeyError, TypeError, CorpusError):
            invalid += 1
            continue
        saved.append((name, query, _when(entry.get("created_at")) or 0.0, _when(entry.get("opened_at")) or 0.0, seen))
    return ImportReport(
        counts["id"], counts["hash"], counts["waiting"], len(rows) - sum(counts.values()), invalid,
        notes=corpus.user.merge_notes(notes),
        read=corpus.user.insert_reads(reads),
        history=corpus.user.merge_history(history),
        saved=corpus.user.merge_saved(saved),
    )


def _when(value) -> float | None:
    """A timestamp from a backup, or None when it is missing or not a finite number (SQLite
    keeps a NaN as NULL: the entry was refused by its NOT NULL column and counted as present)."""
    try:
        when = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return when if math.isfinite(when) and when else None
