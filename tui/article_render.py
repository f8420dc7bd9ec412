"""Turning an article into styled Rich `Text` for the reading pane, without markup.

Article text is untrusted: it may hold `[bold]`, `[/]`, `[link=...]` or escape sequences. Only
`Text` objects built from plain strings and styled by character offsets are made here, so no
article byte is ever parsed as markup, and control characters are removed first by
`index.text.safety.terminal_safe`. Hit offsets are computed on the *sanitised* string (the caller
passes that string to `Corpus.spans`), so they always line up with what is drawn.

These are pure functions (no Textual) so they are tested directly and reused by the bench.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from index import FOLLOWUP, Article, Hit, Span, one_line, terminal_safe

HIT_STYLE = "bold black on #e5c07b"
CURRENT_HIT_STYLE = "bold black on #61afef underline"
TITLE_STYLE = "bold"
REMOVED_STYLE = "dim italic"
TAG_STYLE = "#c678dd"
FOLLOWUP_MARK = "⚑"


def display_safe(text: str) -> str:
    """`terminal_safe`, with tabs turned into single spaces so offsets do not move."""
    return terminal_safe(text or "").replace("\t", " ")


def cleaned_source(article: Article) -> str:
    """The string the cleaned view shows (and spans are computed on)."""
    return display_safe(article.text)


def raw_source(article: Article) -> str:
    """The string the raw view shows: every raw line, kept or removed by the cleaner."""
    return "\n".join(display_safe(line) for line in article.raw_lines)


# The reader shows an article's first MAX_SHOWN characters: more than any article a person
# reads, and a bound on what is highlighted and wrapped while the app waits (a 20 MB file
# of one line kept it busy for minutes). `corpus-tui show` prints a whole article.
MAX_SHOWN = 500_000


def shown_part(source: str, article_id: str) -> str:
    """`source`, cut to MAX_SHOWN characters with a last line saying what is not shown."""
    if len(source) <= MAX_SHOWN:
        return source
    rest = len(source) - MAX_SHOWN
    return (f"{source[:MAX_SHOWN]} …\n\n[{rest:,} more characters not shown here: "
            f"corpus-tui show {one_line(article_id, 200)} prints the whole article]")


def _highlight(text: Text, spans: Sequence[Span]) -> None:
    for span in spans:
        text.stylize(HIT_STYLE, span.start, span.end)


def cleaned_text(source: str, spans: Sequence[Span], title: str = "") -> Text:
    """The cleaned article: title in bold, hits highlighted."""
    text = Text(source)
    if title and source.startswith(display_safe(title)):
        text.stylize(TITLE_STYLE, 0, len(display_safe(title)))
    _highlight(text, spans)
    return text


def raw_text(source: str, labels: str, spans: Sequence[Span]) -> Text:
    """The raw file with the lines the cleaner dropped ('B') dimmed and the title ('T') bold."""
    text = Text(source)
    offset = 0
    for n, line in enumerate(source.split("\n")):
        label = labels[n] if n < len(labels) else "B"
        if label == "B" and line:
            text.stylize(REMOVED_STYLE, offset, offset + len(line))
        elif label == "T":
            text.stylize(TITLE_STYLE, offset, offset + len(line))
        offset += len(line) + 1
    _highlight(text, spans)
    return text


def tag_text(tags: Sequence[str]) -> Text:
    """Tags as `⚑ #a #b`: the follow-up flag first, as a mark rather than a word."""
    out = Text()
    if FOLLOWUP in tags:
        out.append(FOLLOWUP_MARK, style="bold #e06c75")
    for tag in tags:
        if tag == FOLLOWUP:
            continue
        if out:
            out.append(" ")
        out.append("#" + one_line(tag), style=TAG_STYLE)
    return out


@dataclass(frozen=True)
class HeaderFacts:
    """What the reading pane's header shows about an article."""

    title: str
    source: str | None
    date: str | None
    id: str
    path: str
    url: str | None
    tags: tuple[str, ...]


def header_text(facts: HeaderFacts) -> Text:
    """The reading header: title, then source · date · tags, then the id (and url)."""
    text = Text(no_wrap=False)
    text.append(one_line(facts.title) or "(untitled)", style="bold")
    meta = Text()
    for part in (facts.source, facts.date):
        if part:
            if meta:
                meta.append(" · ", style="dim")
            meta.append(one_line(part), style="#56b6c2")
    tags = tag_text(facts.tags)
    if tags:
        if meta:
            meta.append("  ")
        meta.append_text(tags)
    if meta:
        text.append("\n")
        text.append_text(meta)
    text.append("\n")
    text.append(one_line(facts.id), style="dim")
    if facts.path and facts.path != facts.id:
        text.append("  " + one_line(facts.path), style="dim")
    if facts.url:
        text.append("  " + one_line(facts.url), style="dim underline")
    return text


def copies_text(hit: Hit) -> Text:
    """'+12 copies · AP, Reuters, …' for a hit-list row standing for near-copies (empty if none)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if not hit.copies:
        return line
    line.append(f"+{hit.copies} cop{'ies' if hit.copies != 1 else 'y'}", style="bold #98c379")
    names = [one_line(s, 30) for s in hit.copy_sources[:3]]
    if names:
        line.append(" · " + ", ".join(names) + (", …" if len(hit.copy_sources) > 3 else ""), style="#98c379")
    return line
