"""Writing a selection of articles out as CSV, JSONL or Markdown (whole articles, or a digest of
their first paragraphs when asked), in the order the hit list shows them.

The file is written to a temporary name and renamed into place at the end (`atomic_text_file`),
so an interrupted export never leaves half a file under the name the user asked for.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from index.errors import CorpusError, cancel_check
from index.models import Article, Progress
from index.store.sqlite_files import atomic_text_file
from index.store.tag_store import normalize_tag
from index.text.safety import TerminalSafeWriter, terminal_json

if TYPE_CHECKING:
    from index.corpus import Corpus

FORMATS = ("csv", "jsonl", "md")


def selection(corpus: Corpus, query: str | None, tag: str | None, sort: str = "relevance") -> list[str]:
    """The ids to export, in hit-list order: a query's hits (best first, or by date), or every
    article (in id order, or by date), narrowed by a tag."""
    ids = corpus.ordered_ids(query or None, sort)
    if tag:
        wanted = corpus.tags.ids_with(normalize_tag(tag))
        ids = [i for i in ids if i in wanted]
    return ids


def _articles(corpus: Corpus, ids: list[str], progress: Callable[[Progress], None],
              cancel: threading.Event | None = None) -> Iterator[Article]:
    check = cancel_check(cancel)
    for n, art in enumerate(corpus.articles(ids), start=1):
        check()
        yield art
        if n % 100 == 0 or n == len(ids):
            progress(Progress("export", n, len(ids)))


# A spreadsheet reads a cell starting with one of these as a formula (`=HYPERLINK(…)`, a DDE
# `=cmd|…`): scraped text is untrusted, so such a cell is written behind a quote (OWASP's
# advice for CSV injection), which spreadsheets show as text and do not display.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """`value` as a CSV cell no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _write_csv(fh, arts: Iterator[Article], tag_names: list[str], groups: dict[str, str]) -> None:
    writer = csv.writer(fh)
    writer.writerow(["id", "title", "source", "date", "url", "group", "tags", *[f"tag:{t}" for t in tag_names], "note", "text"])
    for a in arts:
        tags = set(a.tags)
        cells = [a.id, a.title, a.source or "", a.date or "", a.url or "", groups.get(a.id, ""), " ".join(a.tags)]
        writer.writerow(
            [*map(csv_cell, cells), *["true" if t in tags else "false" for t in tag_names], csv_cell(a.note), csv_cell(a.body)]
        )


def _write_jsonl(fh, arts: Iterator[Article], groups: dict[str, str],
                 dumps=lambda obj: json.dumps(obj, ensure_ascii=False)) -> None:
    for a in arts:
        fh.write(dumps({
            "id": a.id, "title": a.title, "source": a.source, "date": a.date, "url": a.url,
            "group": groups.get(a.id), "tags": list(a.tags), "note": a.note or None, "text": a.body,
        }) + "\n")


# What would make a line of article text a heading, quote, list item, rule or fence.
_MD_START = re.compile(r"^(?:[#>+*=|`~-]|\d+[.)](?:\s|$))")


def _md_line(text: str) -> str:
    """One line of article text for Markdown, escaped where it would start a heading, a quote or
    a list, so an article cannot restructure the file; and its `<` written `&lt;`, so no HTML
    it holds (`<script>`, `<img onerror=…>`) reaches a viewer that renders HTML."""
    text = text.strip().replace("<", "&lt;")
    return "\\" + text if _MD_START.match(text) else text


def _md_link(url: str) -> str:
    """A web address as a link; anything else (`javascript:…`) as code, never clickable."""
    if re.fullmatch(r"https?://[^\s<>]+", url):
        return f"<{url}>"
    return _md_code(url)


def _md_code(text: str) -> str:
    """`text` as inline code, its own backticks kept inside (a double fence, spaced)."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _write_md(fh, arts: Iterator[Article], heading: str, digest: bool) -> None:
    fh.write(f"# {heading.replace('<', '&lt;')}\n\n")
    if digest:
        fh.write("*A digest: the first two paragraphs of each article.*\n\n")
    for a in arts:
        fh.write(f"## {(a.title or a.id).strip().replace('<', '&lt;')}\n\n")
        meta = [_md_code(a.id)]
        if a.source:
            meta.append(a.source.replace("<", "&lt;"))
        if a.date:
            meta.append(a.date)
        if a.url:
            meta.append(_md_link(a.url))
        if a.tags:
            meta.append("tags: " + ", ".join(a.tags))
        fh.write(" · ".join(meta) + "\n\n")
        if a.note:
            fh.write("**Note:** " + "  \n".join(_md_line(line) for line in a.note.split("\n")) + "\n\n")
        paras = [p for p in a.body.split("\n\n") if p.strip()]
        shown = paras[:2] if digest else paras
        fh.write("\n\n".join(_md_line(p) for p in shown) + "\n\n")
        if digest and len(paras) > 2:
            fh.write(f"*… {len(paras) - 2} more paragraph{'s' if len(paras) > 3 else ''}*\n\n")


def export(
    corpus: Corpus,
    fmt: str,
    output: str | os.PathLike[str] | None,
    *,
    query: str | None = None,
    tag: str | None = None,
    sort: str = "relevance",
    digest: bool = False,
    ids: list[str] | None = None,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write the selection to `output` (stdout when None); return how many articles.

    The selection is `ids` when given (the app's result list, in its order), else the query's
    or tag's articles in `sort` order. Once `cancel` is set the export stops (SearchCancelled)
    and nothing is left under `output`.
    """
    if fmt not in FORMATS:
        raise CorpusError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    progress = progress or (lambda p: None)
    ids = list(ids) if ids is not None else selection(corpus, query, tag, sort)
    tag_names = corpus.tag_names()
    # The group of near-copies each article belongs to (its smallest id; empty: no copies)
    groups = corpus.group_of(ids)
    heading = "corpus-tui export" + (f": {query}" if query else "") + (f" [tag:{tag}]" if tag else "")

    def write(fh, to_terminal: bool = False) -> None:
        arts = _articles(corpus, ids, progress, cancel)
        if fmt == "jsonl":
            # escaped JSON is the same data: stdout loses nothing by it
            _write_jsonl(fh, arts, groups, terminal_json) if to_terminal else _write_jsonl(fh, arts, groups)
            return
        if to_terminal:
            fh = TerminalSafeWriter(fh)
        if fmt == "csv":
            _write_csv(fh, arts, tag_names, groups)
        else:
            _write_md(fh, arts, heading, digest)

    if output is None:
        # Stdout may be a terminal: file names, titles and urls lose their control sequences
        # there (a file written with -o keeps the data as it is).
        write(sys.stdout, to_terminal=True)
        sys.stdout.flush()
        return len(ids)
    with atomic_text_file(output, prefix=".export-") as fh:
        write(fh)
    return len(ids)
