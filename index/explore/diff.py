"""What one copy of an article changed against another: a word-level diff.

Words are compared as the reader shows them (case and punctuation included, so an edited
comma shows); offsets are into the copy's article text, so the reader can highlight them.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from index.models import CopyDiff, Span

_WORD = re.compile(r"\S+")
# A sentence ends at . ! ? (then a space or the end) or at a paragraph break.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*(?=\s|$)|\n\s*\n")


def sentences(text: str) -> list[Span]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            out.append(Span(start + lead, end))
        start = end
    if text[start:].strip():
        lead = len(text[start:]) - len(text[start:].lstrip())
        out.append(Span(start + lead, len(text.rstrip())))
    return out


def copy_diff(base_id: str, base_text: str, copy_id: str, copy_text: str) -> CopyDiff:
    """The words of `copy_text` not in `base_text` (in order), and those it dropped."""
    a = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(base_text)]
    b = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(copy_text)]
    matcher = SequenceMatcher(None, [w for w, *_ in a], [w for w, *_ in b], autojunk=False)
    added: list[Span] = []
    removed: list[tuple[int, str]] = []
    same = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same += j2 - j1
            continue
        if j2 > j1:
            added.append(Span(b[j1][1], b[j2 - 1][2]))
        if i2 > i1:
            at = b[j1][1] if j1 < len(b) else len(copy_text.rstrip())
            removed.append((at, " ".join(w for w, *_ in a[i1:i2])))
    changed = added + [Span(at, at) for at, _ in removed]
    touched = [s for s in sentences(copy_text) if any(s.start <= c.start <= s.end and (c.end <= s.end or c.start < s.end) for c in changed)]
    return CopyDiff(base_id, copy_id, copy_text, tuple(added), tuple(touched), tuple(removed),
                    same / len(b) if b else 1.0)
