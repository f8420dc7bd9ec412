"""The article's headline, outlet and date, told from the raw text around the body.

A scraped page opens with a header (site name, section labels, taglines, the headline, a byline
and a date) and the body follows. These functions read that header; they never rewrite text:
the title is a stripped raw line and the source a name that stands in the text.
"""

from __future__ import annotations

import re
from collections import Counter

from .cleaner_lines import DASH_SUFFIX_RE, Line
from .dates import parse_date

# "- Sputnik International" / "| The Outlet": a bare outlet name printed as a header line.
_LEADING_DASH_NAME = re.compile(r"^[-–—|•]\s*([A-Z][\w.&'’]*(?:\s+[A-Z][\w.&'’]*){0,4})\s*$")
# A line that is mostly a date or a time, with at most a few other words ("Updated 10:31 pm").
_TIMEISH = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{4}\b")

HEADER_LINES = 40          # how far from the top a site name or a date line may stand
TITLE_REACH = 25           # non-blank lines searched above the body for the headline


def find_source(lines: list[Line]) -> str | None:
    """The outlet the text names: a bare '- Name' header line, else a repeated ' - Name' suffix."""
    seen = 0
    for line in lines:
        if line.blank:
            continue
        seen += 1
        if seen > 5:
            break
        m = _LEADING_DASH_NAME.match(line.stripped)
        if m and len(m.group(1).split()) <= 5:
            return m.group(1)
    suffixes = Counter()
    for line in lines:
        if line.n_words >= 4:
            m = DASH_SUFFIX_RE.search(line.stripped)
            if m:
                suffixes[m.group(1)] += 1
    if suffixes:
        name, count = max(sorted(suffixes.items()), key=lambda kv: kv[1])
        if count >= 2:
            return name
    return None


def has_source_suffix(line: Line, source: str | None) -> bool:
    """True for a caption or pasted link that ends with ' - <the outlet>'."""
    if not source:
        return False
    s = line.stripped
    if not s.endswith(source) or len(s) <= len(source) + 2:
        return False
    return s[: -len(source)].rstrip().endswith(("-", "–", "—", "|"))


def is_dateline(line: Line) -> bool:
    """A short line that is mostly a date or a time (a byline date, 'Updated ...')."""
    return line.n_words <= 12 and bool(_TIMEISH.search(line.stripped)) and parse_date(line.stripped) is not None


def looks_like_headline(line: Line, source: str | None) -> bool:
    """Shaped like a headline: a few words, letters, not a sentence that ends with a full stop."""
    s = line.stripped
    if not (2 <= line.n_words <= 30) or line.letters < 0.5:
        return False
    if line.code or line.credit or line.pointer or is_dateline(line):
        return False
    if s.endswith((".", ",", ";", "|", "»", ">", "…")) and not s.endswith(("...", "…")):
        return False
    if source and (s == source or has_source_suffix(line, source)):
        return False
    first = s.lstrip("'\"“‘«([")[:1]
    return bool(first) and (first.isupper() or first.isdigit() or not first.isalpha())


def find_title(lines: list[Line], body_start: int, body_words: set[str], stops: frozenset[str],
               repeats: Counter) -> int | None:
    """Index of the headline: the best headline-shaped line in the header above the body.

    A headline shares its topic words with the body, sits close above it, is often printed
    twice (page title and heading) and is rarely a full sentence. Bylines, dates, section labels
    and buttons are not candidates.
    """
    best, best_score = None, 0.0
    seen = 0
    candidates = []
    for i in range(body_start - 1, -1, -1):
        if lines[i].blank:
            continue
        seen += 1
        if seen > TITLE_REACH:
            break
        candidates.append((i, seen))
    # A question or exclamation headline can look like prose and open the block itself.
    for i in range(body_start, min(len(lines), body_start + 3)):
        if not lines[i].blank and not lines[i].stripped.endswith("."):
            candidates.append((i, 1))
            break
    for i, distance in candidates:
        line = lines[i]
        if not looks_like_headline(line, None) or line.chrome or line.byline:
            continue
        score = title_score(line, body_words, stops, repeats) - 0.06 * distance
        if score > best_score:
            best, best_score = i, score
    return best


def title_score(line: Line, body_words: set[str], stops: frozenset[str], repeats: Counter) -> float:
    topic = [w for w in line.words if w not in stops and len(w) > 2 and not w.isdigit()]
    score = 1.0
    if topic:
        # Smoothed, so a one-word label that happens to occur in the body does not score full marks.
        score += 3.0 * sum(1 for w in topic if w in body_words) / (len(topic) + 1)
    if line.n_words < 3:
        score -= 1.0
    elif 5 <= line.n_words <= 20:
        score += 0.5
    if repeats[line.stripped] > 1:
        score += 0.5
    if line.stripped.endswith(":"):
        score -= 1.0
    capitals = sum(1 for w in line.stripped.split() if w[:1].isupper())
    score += 0.5 * capitals / max(1, line.n_words)
    return score


def find_date(lines: list[Line], start: int, stop: int) -> str | None:
    """The first date printed on a short header or byline line in lines[start:stop]."""
    for line in lines[max(0, start):stop]:
        if not line.blank and line.n_words <= 15:
            d = parse_date(line.stripped)
            if d:
                return d
    return None
