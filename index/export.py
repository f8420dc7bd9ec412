"""Writing a selection of articles out as CSV, JSONL or a Markdown digest.

The file is written to a temporary name and renamed into place at the end (`atomic_text_file`),
so an interrupted export never leaves half a file under the name the user asked for.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from index.errors import CorpusError
from index.models import Article, Progress
from index.store.sqlite_files import atomic_text_file
from index.store.tag_store import normalize_tag
from index.text.safety import TerminalSafeWriter, terminal_json

if TYPE_CHECKING:
    from index.corpus import Corpus

FORMATS = ("csv", "jsonl", "md")


def selection(corpus: Corpus, query: str | None, tag: str | None) -> list[str]:
    """The ids to export: a query's hits (best first), or every article, narrowed by a tag."""
    if query:
        ids = corpus.matching_ids(query)
    else:
        ids = sorted(corpus.catalog.all_ids())
    if tag:
        wanted = corpus.tags.ids_with(normalize_tag(tag))
        ids = [i for i in ids if i in wanted]
    return ids


def _articles(corpus: Corpus, ids: list[str], progress: Callable[[Progress], None]) -> Iterator[Article]:
    for n, aid in enumerate(ids, start=1):
        yield corpus.article(aid)
        if n % 100 == 0 or n == len(ids):
            progress(Progress("export", n, len(ids)))


def _write_csv(fh, arts: Iterator[Article], tag_names: list[str], groups: dict[str, str]) -> None:
    writer = csv.writer(fh)
    writer.writerow(["id", "title", "source", "date", "group", "tags", *[f"tag:{t}" for t in tag_names], "text"])
    for a in arts:
        tags = set(a.tags)
        writer.writerow(
            [a.id, a.title, a.source or "", a.date or "", groups.get(a.id, ""), " ".join(a.tags),
             *["true" if t in tags else "false" for t in tag_names], a.body]
        )


def _write_jsonl(fh, arts: Iterator[Article], groups: dict[str, str],
                 dumps=lambda obj: json.dumps(obj, ensure_ascii=False)) -> None:
    for a in arts:
        fh.write(dumps({
            "id": a.id, "title": a.title, "source": a.source, "date": a.date, "url": a.url,
            "group": groups.get(a.id), "tags": list(a.tags), "text": a.body,
        }) + "\n")


def _write_md(fh, arts: Iterator[Article], heading: str) -> None:
    fh.write(f"# {heading}\n\n")
    for a in arts:
        fh.write(f"## {a.title or a.id}\n\n")
        meta = [f"`{a.id}`"]
        if a.source:
            meta.append(a.source)
        if a.date:
            meta.append(a.date)
        if a.tags:
            meta.append("tags: " + ", ".join(a.tags))
        fh.write(" · ".join(meta) + "\n\n")
        paras = [p for p in a.body.split("\n\n") if p.strip()]
        fh.write("\n\n".join("> " + p.strip() for p in paras[:2]) + "\n\n")
        if len(paras) > 2:
            fh.write(f"*… {len(paras) - 2} more paragraph{'s' if len(paras) > 3 else ''}*\n\n")


def export(
    corpus: Corpus,
    fmt: str,
    output: str | os.PathLike[str] | None,
    *,
    query: str | None = None,
    tag: str | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> int:
    """Write the selection to `output` (stdout when None); return how many articles."""
    if fmt not in FORMATS:
        raise CorpusError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    progress = progress or (lambda p: None)
    ids = selection(corpus, query, tag)
    tag_names = corpus.tag_names()
    # The group of near-copies each article belongs to (its smallest id; empty: no copies)
    groups = corpus.group_of(ids)
    heading = "corpus-tui export" + (f": {query}" if query else "") + (f" [tag:{tag}]" if tag else "")

    def write(fh, to_terminal: bool = False) -> None:
        arts = _articles(corpus, ids, progress)
        if fmt == "jsonl":
            # escaped JSON is the same data: stdout loses nothing by it
            _write_jsonl(fh, arts, groups, terminal_json) if to_terminal else _write_jsonl(fh, arts, groups)
            return
        if to_terminal:
            fh = TerminalSafeWriter(fh)
        if fmt == "csv":
            _write_csv(fh, arts, tag_names, groups)
        else:
            _write_md(fh, arts, heading)

    if output is None:
        # Stdout may be a terminal: file names, titles and urls lose their control sequences
        # there (a file written with -o keeps the data as it is).
        write(sys.stdout, to_terminal=True)
        sys.stdout.flush()
        return len(ids)
    with atomic_text_file(output, prefix=".export-") as fh:
        write(fh)
    return len(ids)
