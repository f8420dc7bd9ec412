"""Cleaning one scraped article: which raw lines are the headline, which the body, which boilerplate.

The scraper dumps a page's visible text: menus, taglines, captions, share buttons, related links
and comment forms around the article. `clean` labels every raw line and keeps the body lines
exactly as they stand, so the cleaned text never contains a word the page did not print and the
reader can always be shown what was dropped (`labels`). It never raises on any `str` and is
deterministic, so re-indexing a corpus gives the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import cleaner_header as header
from .cleaner_lines import Line, measure, script_of
from .stopwords import WORD_RE, guess_language, stoplist

if TYPE_CHECKING:
    from .templates import Templates

TITLE, CONTENT, BOILER, BLANK = "T", "C", "B", "-"

# Prose: a line that ends a sentence and has enough words to be more than a button or a label.
MIN_PROSE_WORDS = 8
MIN_COLON_WORDS = 12
MIN_STOP_DENSITY = 0.12


@dataclass(frozen=True)
class CleanedArticle:
    """The result of cleaning: metadata, kept paragraphs, and a label for every raw line."""

    title: str
    source: str | None
    date: str | None
    paragraphs: tuple[str, ...]
    raw_lines: tuple[str, ...]
    labels: str

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def text(self) -> str:
        """Title, blank line, paragraphs separated by blank lines, trailing newline."""
        body = self.body
        if self.title:
            return f"{self.title}\n\n{body}\n" if self.paragraphs else f"{self.title}\n"
        return f"{body}\n" if self.paragraphs else ""


def clean(
    raw: str,
    *,
    title: str | None = None,
    source: str | None = None,
    date: str | None = None,
    templates: Templates | None = None,
) -> CleanedArticle:
    """Label the lines of `raw` and keep the article.

    `title`, `source` and `date` are hints from structured input and win over detection; a raw
    line equal to the given title is still labelled as the title and kept out of the body.
    `templates` (learned over a corpus) marks lines that repeat across one outlet's articles.
    """
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = tuple(text.split("\n"))
    try:
        return _clean(raw_lines, title, source, date, templates)
    except Exception:  # a cleaner bug must never lose the article: keep it whole
        return _fallback(raw_lines, title, source, date)


def _fallback(raw_lines, title, source, date) -> CleanedArticle:
    labels = "".join(CONTENT if line.strip() else BLANK for line in raw_lines)
    paragraphs = tuple(line for line in raw_lines if line.strip())
    return CleanedArticle((title or "").strip(), source, date, paragraphs, raw_lines, labels)


def _clean(raw_lines, title_hint, source_hint, date_hint, templates) -> CleanedArticle:
    sample = WORD_RE.findall(" ".join(raw_lines[:400]).lower()[:20000])
    stops = stoplist(guess_language(sample))
    lines = [measure(i, t, stops) for i, t in enumerate(raw_lines)]

    source = source_hint or header.find_source(lines)
    body_script = _body_script(lines)
    good = [_is_prose(line, source, body_script, templates) for line in lines]
    start, end = _densest_block(lines, good)

    title_idx: int | None = None
    if title_hint and title_hint.strip():
        title = title_hint.strip()
        title_idx = next((l.index for l in lines if l.stripped == title), None)
    else:
        title_idx = header.find_title(lines, start if start is not None else len(lines), source)
        title = lines[title_idx].stripped if title_idx is not None else ""

    keep = [False] * len(lines)
    if start is not None:
        for i in range(start, end + 1):
            keep[i] = good[i] and i != title_idx

    labels = []
    for line in lines:
        if line.index == title_idx:
            labels.append(TITLE)
        elif keep[line.index]:
            labels.append(CONTENT)
        elif line.blank:
            labels.append(BLANK)
        else:
            labels.append(BOILER)
    paragraphs = tuple(line.text for line in lines if keep[line.index])

    if date_hint:
        date = date_hint
    else:
        first_body = start if start is not None else len(lines)
        date = header.find_date(lines, (title_idx or 0), min(len(lines), first_body + 3))
    return CleanedArticle(title, source, date, paragraphs, tuple(raw_lines), "".join(labels))


def _body_script(lines: list[Line]) -> str:
    """The writing system of the page's longest lines (the body), to spot stray other-script lines."""
    longest = sorted((l for l in lines if l.n_words >= 5), key=lambda l: -len(l.stripped))[:5]
    return script_of(" ".join(l.stripped for l in longest))


def _is_prose(line: Line, source: str | None, body_script: str, templates) -> bool:
    if line.blank or line.code or line.credit or line.pointer:
        return False
    if line.n_words < MIN_PROSE_WORDS:
        return False
    if not (line.end_punct or (line.colon_end and line.n_words >= MIN_COLON_WORDS)):
        return False
    if header.has_source_suffix(line, source):
        return False
    if line.stop_density < MIN_STOP_DENSITY:
        return False
    if body_script and script_of(line.stripped) not in ("", body_script):
        return False
    if templates is not None and templates.is_template(source, line.text):
        return False
    return True


def _densest_block(lines: list[Line], good: list[bool]) -> tuple[int | None, int]:
    """The run of lines with the most prose words net of everything else (max-sum subarray).

    Prose lines count their words; other non-blank lines count against the block, so a lone
    tagline above the headline or a stray sentence in the footer stays outside.
    """
    best, best_start, best_end = 0, None, -1
    run, run_start = 0, 0
    for line in lines:
        if line.blank:
            continue
        score = line.n_words if good[line.index] else -max(1, min(line.n_words, 12))
        if run <= 0:
            run, run_start = score, line.index
        else:
            run += score
        if run > best:
            best, best_start, best_end = run, run_start, line.index
    return best_start, best_end
