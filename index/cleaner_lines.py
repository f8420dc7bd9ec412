"""What one raw line looks like: the per-line measurements the cleaner decides on.

Everything here looks at a single line (plus the page's stopword list); decisions that need the
neighbours or the whole page live in `cleaner.py`. Measurements are computed once per line and
kept on a small record so the later passes stay cheap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .stopwords import WORD_RE

# A sentence ends with . ! ? … (or a CJK full stop), possibly followed by closing quotes/brackets.
END_PUNCT_RE = re.compile(r"[.!?…。！？]['\"”’»)\]]*\s*$")
# Lines that end with a colon introduce a quote or a list: prose only when long enough.
COLON_END_RE = re.compile(r"[:;]['\"”’»)\]]*\s*$")
# Photo/copyright credits.
CREDIT_RE = re.compile(
    r"^\s*(?:©|\(c\)\s|copyright\b|photo(?:graph)?s?\s*(?:by|:|credit)|image\s*(?:by|:|credit|source)"
    r"|credit\s*:|source\s*:|picture\s*:|getty images|shutterstock)",
    re.IGNORECASE,
)
# "Read also: ...", "Related: ...", "See more: ..." — pointers to other articles.
POINTER_RE = re.compile(
    r"^\s*(?:read|see|watch|listen|related|recommended|more|also read|also see|don'?t miss|must read"
    r"|trending|popular|latest|click here|follow us|subscribe|sign up|share this|advertisement)"
    r"(?:\s+(?:also|more|next|now|this|here|too|the|our|on|to|story|stories|article|articles|news))*\s*[:>»|-]",
    re.IGNORECASE,
)
# JavaScript / CSS / markup that leaked into the visible text.
CODE_RE = re.compile(
    r"(?:function\s*\(|=>|\bvar\s+\w+\s*=|\bwindow\.|\bdocument\.|\b\w\.\w+\([^)]{0,80}\)\s*[;}]|[{};]\s*$"
    r"|^\s*[{}]|\b\w+\(['‘’\"][^)]{0,200}['‘’\"]\)\s*;|</?[a-z]+\b[^>]{0,200}>|\bgtag\(|\bfbq\(|\bdataLayer\b|!important)"
)
# " - Sputnik International": an outlet name glued to a caption or a title.
DASH_SUFFIX_RE = re.compile(r"\s[-–—|]\s+([A-Z][\w.&'’]*(?:\s+[A-Z][\w.&'’]*){0,3})\s*$")


def script_of(text: str) -> str:
    """The dominant writing system of `text` ('LATIN', 'CYRILLIC', ...; '' if no letters)."""
    counts: dict[str, int] = {}
    for ch in text[:400]:
        if ch.isalpha():
            try:
                name = unicodedata.name(ch)
            except ValueError:
                continue
            script = name.split(" ", 1)[0]
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return ""
    return max(sorted(counts), key=counts.__getitem__)


@dataclass
class Line:
    """One raw line and what it looks like on its own."""

    index: int
    text: str           # the raw line, untouched
    stripped: str
    words: list[str]    # lowercased \\w+ tokens
    n_words: int
    stop_density: float
    end_punct: bool
    colon_end: bool
    credit: bool
    pointer: bool
    code: bool
    letters: float      # share of characters that are letters

    @property
    def blank(self) -> bool:
        return not self.stripped


def measure(index: int, text: str, stops: frozenset[str]) -> Line:
    stripped = text.strip()
    # Regexes only see the two ends of a very long line, so a 200 KB line stays linear.
    probe = stripped if len(stripped) <= 2000 else stripped[:1000] + " " + stripped[-1000:]
    words = WORD_RE.findall(stripped.lower()) if stripped else []
    n = len(words)
    stop_hits = sum(1 for w in words if w in stops)
    letters = sum(1 for ch in stripped if ch.isalpha()) / len(stripped) if stripped else 0.0
    return Line(
        index=index,
        text=text,
        stripped=stripped,
        words=words,
        n_words=n,
        stop_density=stop_hits / n if n else 0.0,
        end_punct=bool(END_PUNCT_RE.search(probe)),
        colon_end=bool(COLON_END_RE.search(probe)),
        credit=bool(CREDIT_RE.match(probe)),
        pointer=bool(POINTER_RE.match(probe)),
        code=bool(CODE_RE.search(probe)),
        letters=letters,
    )
