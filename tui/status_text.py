"""What the status lines and notifications say, as pure functions of the state they describe.

Kept apart from the widgets so that the wording (counts, plurals, the "still showing" note, the
first build's explanation) is decided in one place and unit tests can call it directly.
Everything that quotes user data (queries, tag names) goes through `one_line`, and the result
is Rich `Text`, never markup.
"""

from __future__ import annotations

import re

from rich.text import Text

from index import Progress, SearchResult, TagChange, one_line

SORT_LABELS = {"relevance": "by relevance", "newest": "newest first", "oldest": "oldest first"}
ERROR_STYLE = "bold #e06c75"

_PLAIN_TAG = re.compile(r"^[\w\-.]+$", re.UNICODE)


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 hit', '2,345 hits'."""
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


def tag_clause(tag: str) -> str:
    """The query clause selecting a tag (quoted when the name holds ':' or similar)."""
    return f"tag:{tag}" if _PLAIN_TAG.match(tag) else f'tag:"{tag}"'


def toggle_clause(query: str, clause: str) -> str:
    """The query with `clause` appended, or taken out if it is already one of its words."""
    words = query.split()
    words = [w for w in words if w != clause] if clause in words else [*words, clause]
    return " ".join(words)


def describe_change(change: TagChange, undo: bool = False) -> str:
    """'2 tags added, 1 removed on 2 articles' (undo: what undoing it did)."""
    added, removed = len(change.added), len(change.removed)
    if undo:
        added, removed = removed, added
    parts = []
    if added:
        parts.append(f"{plural(added, 'tag')} added")
    if removed:
        parts.append(f"{removed:,} removed")
    what = ", ".join(parts) or "nothing changed"
    return f"{what} on {plural(change.articles, 'article')}"


def sort_notice(sort: str) -> str:
    """What pressing `s` says."""
    return f"Hits {SORT_LABELS[sort]}" + ("" if sort == "relevance" else " (undated articles last)")


def empty_query_status(articles: int, building: bool = False) -> Text:
    """The status line with no query: how many articles there are and how to search them."""
    line = Text()
    if building:
        line.append("the index is being built", style="bold")
        if articles:
            line.append(f" · {plural(articles, 'article')} so far", style="dim")
        line.append(" · type to search; hits follow when it is done", style="dim")
        return line
    line.append(plural(articles, "article"), style="bold")
    line.append(" · type to search, * lists them all", style="dim")
    return line


def search_status(
    result: SearchResult | None,
    loaded: int,
    *,
    timings: bool = True,
    error: str | None = None,
    building: bool = False,
    unfolded: int = 0,
) -> Text:
    """The status line under the query: the exact hit count, the order, the time, how many
    rows are loaded (and how many folded groups are open, their copies listed under them); or why
    the query failed (and which results are still shown); or, during a first build, that the count
    is not final yet."""
    line = Text()
    if error:
        line.append("⚠ " + one_line(error), style=ERROR_STYLE)
        if result is not None:
            line.append(f"  (still showing {one_line(result.query, 40) or 'nothing'})", style="dim")
        return line
    if result is None:
        return line
    line.append(plural(result.total, "hit"), style="bold")
    rows = result.total if result.rows is None else result.rows
    if result.rows is not None:
        line.append(f" · {plural(result.rows, 'row')} with near-copies folded", style="bold")
        if unfolded:
            line.append(f" · {plural(unfolded, 'group')} open", style="bold")
    if result.sort != "relevance":
        line.append(f" · {SORT_LABELS[result.sort]}", style="bold")
    if result.undated_hidden:
        line.append(f" · {result.undated_hidden:,} undated not shown", style="#e5c07b")
    if timings:
        line.append(f" · {result.elapsed_ms:.0f} ms", style="dim")
    if loaded < rows:
        line.append(f" · {loaded:,} loaded", style="dim")
    if building:
        line.append(" · index still being built: more hits may follow", style="bold #e5c07b")
    return line


def progress_label(what: str, progress: Progress) -> str:
    """'indexing · parse 1,200/5,000' for the progress line at the bottom."""
    label = f"{what} · {progress.stage}"
    if progress.total:
        label += f" {progress.done:,}/{progress.total:,}"
    return label


def bulk_question(change: str, total: int, query: str) -> Text:
    """What a bulk tag change asks before it is made."""
    question = Text()
    question.append(f"Change tags ({change}) on all {plural(total, 'article')} matching\n", style="bold")
    question.append(one_line(query, 200))
    question.append("\n\nu undoes it afterwards.", style="dim")
    return question


def bulk_copies_text(beyond: int | None) -> Text:
    """What the bulk question says of the matches' near-copies (None: not counted yet)."""
    if beyond is None:
        return Text("counting their near-copies…", style="dim")
    if not beyond:
        return Text("None of them has a near-copy outside the list.", style="dim")
    line = Text(f"{plural(beyond, 'more article')} ", style="bold")
    line.append("are near-copies of these (syndicated or re-scraped) without matching the query: "
                "a tags them too.")
    return line
