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
TITLE_REACH = 35           # non-blank lines searched above the body for the headline


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
    tail = s.rstrip("'\"”’»)] ")
    if tail.endswith((".", ",", ";", "|", "»", ">")) and not tail.endswith(("...", "…")):
        return False
    if source and (s == source or has_source_suffix(line, source)):
        return False
    first = s.lstrip("'\"“‘«([")[:1]
    # Not lowercase: capitalised, a digit or a quote, or a script without case (CJK, Hangul, Arabic).
    return bool(first) and not first.islower()


# Title scoring weights (in "points"); see `title_score`.
W_TOPIC = 4.5          # share of the line's topic words that the body uses
W_AFTER_PROSE = 1.0    # penalty: a prose line just above means a subheading inside the article
W_DISTANCE = 0.04      # penalty per non-blank line between the candidate and the body
W_QUESTION = 0.3       # penalty: questions are more often subheadings than headlines
W_REPEATED = 0.25      # printed more than once (page title and heading)
W_ALONE = 2.5          # a block of its own (blank line above and below)
W_BEFORE_PROSE = 0.0   # directly followed by a paragraph
TOPIC_TF = 3.0         # body occurrences for a topic word to count fully
TITLE_MARGIN = 0.75    # candidates this close to the best count as ties; the first one wins
W_PROSE = 1.0         # penalty: a prose sentence is rarely the headline
W_FURNITURE = 0.5     # penalty: judged furniture on its own (repeated, a dateline-ish label)
W_OPENS_BODY = 0.5    # penalty: the first line of the body block itself
W_IN_MENU = 1.0       # penalty: one of three or more lines in a row (a menu or link list)
W_CAPITALS = 1.0      # share of capitalised words
FURNITURE_STEP = 0.75  # how much a furniture line between headline and body counts towards the reach
W_FIRST_LINE = 2.0     # penalty: the page's first line, where the site's name stands
W_LENGTH = 0.25        # per word of length, up to 12 words


def find_title(lines: list[Line], body_start: int, body_words: Counter, stops: frozenset[str],
               repeats: Counter, prose: list[bool], source: str | None = None,
               skip: set[int] | frozenset[int] = frozenset(), furniture: list[bool] | None = None) -> int | None:
    """Index of the headline: the best headline-shaped line in the header above the body.

    A headline shares its topic words with the body, sits above it below the site's menus, is
    often printed twice (page title and heading), is a block of its own rather than one of a run
    of menu lines, and is rarely a full sentence. A headline-shaped line right under a paragraph
    of prose is a subheading instead. Bylines, dates, section labels and buttons are not
    candidates. Furniture between the headline and the body (share bars, captions, dates) counts
    less towards how far the search reaches.
    """
    candidates = []
    seen = 0.0
    for i in range(body_start - 1, -1, -1):
        if lines[i].blank:
            continue
        seen += FURNITURE_STEP if furniture is not None and furniture[i] else 1.0
        if seen > TITLE_REACH:
            break
        candidates.append((i, seen))
    # A question or exclamation headline can look like prose and open the block itself.
    for i in range(body_start, min(len(lines), body_start + 3)):
        if not lines[i].blank and not lines[i].stripped.endswith("."):
            candidates.append((i, 1))
            break
    first_line = next((i for i, l in enumerate(lines) if not l.blank), -1)
    scored = []
    for i, distance in candidates:
        line = lines[i]
        if i in skip or not looks_like_headline(line, source) or line.chrome or line.byline:
            continue
        score = title_score(line, body_words, stops, repeats) - W_DISTANCE * distance
        if _after_prose(lines, prose, i):
            score -= W_AFTER_PROSE
        if prose[i]:
            score -= W_PROSE
        if furniture is not None and furniture[i]:
            score -= W_FURNITURE
        if i >= body_start:
            score -= W_OPENS_BODY
        if i == first_line:
            score -= W_FIRST_LINE
        # A headline is a block of its own; menus and link lists run line after line.
        above = i > 0 and not lines[i - 1].blank
        below = i + 1 < len(lines) and not lines[i + 1].blank
        if not above and not below:
            score += W_ALONE
        elif (above and below) or (above and i > 1 and not lines[i - 2].blank) or (
                below and i + 2 < len(lines) and not lines[i + 2].blank):
            score -= W_IN_MENU
        if score > 0:
            scored.append((i, score))
    if not scored:
        return None
    # The headline comes before the article's own subheadings, standfirst and table of contents,
    # which can score as well as it does: among the near-best candidates, take the first.
    top = max(score for _, score in scored)
    return min(i for i, score in scored if score >= top - TITLE_MARGIN)


def _after_prose(lines: list[Line], prose: list[bool], i: int, reach: int = 2) -> bool:
    seen = 0
    for j in range(i - 1, -1, -1):
        if lines[j].blank:
            continue
        if prose[j]:
            return True
        seen += 1
        if seen >= reach:
            return False
    return False


def title_score(line: Line, body_words: Counter, stops: frozenset[str], repeats: Counter) -> float:
    topic = [w for w in line.words if w not in stops and len(w) > 2 and not w.isdigit()]
    score = 1.0
    if topic:
        # Smoothed, so a one-word label that happens to occur in the body does not score full marks.
        # Words the body keeps coming back to count fully; a passing mention counts a little.
        score += W_TOPIC * sum(min(1.0, body_words.get(w, 0) / TOPIC_TF) for w in topic) / (len(topic) + 1)
    # Headlines run to several words; menu items and labels are one to three.
    score += W_LENGTH * (min(line.n_words, 12) - 4)
    if repeats[line.stripped] > 1:
        score += W_REPEATED
    if line.stripped.endswith(":"):
        score -= 1.0
    if line.stripped.endswith("?"):
        score -= W_QUESTION
    capitals = sum(1 for w in line.stripped.split() if w[:1].isupper())
    score += W_CAPITALS * capitals / max(1, line.n_words)
    return score


def find_date(lines: list[Line], start: int, stop: int) -> str | None:
    """The first date printed on a short header or byline line in lines[start:stop]."""
    for line in lines[max(0, start):stop]:
        if not line.blank and line.n_words <= 15:
            d = parse_date(line.stripped)
            if d:
                return d
    return None
