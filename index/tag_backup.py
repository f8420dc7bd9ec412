"""Backing up and restoring tags as a plain JSON file.

Format (version 1), documented in the README:

    {"format": "corpus-tui-tags", "version": 1,
     "tags": [{"id": "path/to/article.txt", "tag": "followup",
               "hash": "<content hash>", "title": "...", "added_at": 1700000000.0}, ...]}

Import merges (it never removes a tag). Each entry goes to the article with that id, else to the
article with that content hash (a re-scraped copy under other names), else it is kept as it is,
waiting for the article to appear, so nothing in a backup is ever dropped.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import CorpusError, TagError
from index.ingest.readers import read_user_file
from index.store.sqlite_files import atomic_text_file
from index.store.tag_store import normalize_tag

if TYPE_CHECKING:
    from index.corpus import Corpus

FORMAT = "corpus-tui-tags"
# A backup of a million tags is about 200 MB; a file much bigger than that is not one.
MAX_BACKUP_BYTES = 1 << 30
VERSION = 1


@dataclass(frozen=True)
class ImportReport:
    by_id: int
    by_hash: int
    waiting: int
    already: int
    invalid: int


def export_tags(corpus: Corpus, path: str | os.PathLike[str]) -> int:
    """Write every tag (including those waiting for a deleted article) to `path`; return how many."""
    rows = corpus.tags.dump()
    try:
        titles = corpus.catalog.titles({r[0] for r in rows})
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
    }
    with atomic_text_file(path, prefix=".tags-") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return len(rows)


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
    if payload.get("version") != VERSION:
        raise CorpusError(f"{path}: unsupported tag file version {payload.get('version')!r} (this corpus-tui reads {VERSION})")
    entries = payload.get("tags")
    if not isinstance(entries, list):
        raise CorpusError(f"{path}: \"tags\" must be a list")

    live_hash = {}  # hash -> id of a live article
    ids_hashes = {}
    for row in corpus.catalog.iter_hashes():
        ids_hashes[row[0]] = row[1]
        live_hash.setdefault(row[1], row[0])
    invalid = 0
    rows, how = [], []  # what to insert, and how each was matched
    for entry in entries:
        try:
            aid, tag, h = entry["id"], normalize_tag(entry["tag"]), entry.get("hash") or ""
            if not isinstance(aid, str) or not isinstance(h, str):
                raise TypeError
        except (KeyError, TypeError, TagError):
            invalid += 1
            continue
        if aid in ids_hashes:
            target, target_hash, matched = aid, ids_hashes[aid], "id"
        elif h and h in live_hash:
            target, target_hash, matched = live_hash[h], h, "hash"
        else:
            target, target_hash, matched = aid, h, "waiting"
        try:
            added_at = float(entry.get("added_at") or 0) or None
        except (TypeError, ValueError):
            added_at = None
        rows.append((target, tag, target_hash, added_at))
        how.append(matched)
    new = corpus.tags.insert_many(rows)
    # Each entry is counted once: new ones by how they were matched, the rest as already there.
    counts = {"id": 0, "hash": 0, "waiting": 0}
    for matched, is_new in zip(how, new):
        if is_new:
            counts[matched] += 1
    return ImportReport(counts["id"], counts["hash"], counts["waiting"], len(rows) - sum(counts.values()), invalid)
