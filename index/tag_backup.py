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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import CorpusError, TagError
from index.store.sqlite_files import atomic_text_file
from index.store.tag_store import normalize_tag

if TYPE_CHECKING:
    from index.corpus import Corpus

FORMAT = "corpus-tui-tags"
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
    titles = corpus.catalog.titles({r[0] for r in rows})
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
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path} is not a corpus-tui tag file (invalid JSON: {exc})") from None
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
    by_id = by_hash = waiting = already = invalid = 0
    rows = []
    for entry in entries:
        try:
            aid, tag, h = entry["id"], normalize_tag(entry["tag"]), entry.get("hash") or ""
            if not isinstance(aid, str) or not isinstance(h, str):
                raise TypeError
        except (KeyError, TypeError, TagError):
            invalid += 1
            continue
        if aid in ids_hashes:
            target, target_hash = aid, ids_hashes[aid]
            by_id += 1
        elif h and h in live_hash:
            target, target_hash = live_hash[h], h
            by_hash += 1
        else:
            target, target_hash = aid, h
            waiting += 1
        rows.append((target, tag, target_hash, float(entry.get("added_at") or 0) or None))
    added = corpus.tags.insert_many(rows)
    already = len(rows) - added
    return ImportReport(by_id, by_hash, waiting, already, invalid)
