"""Making untrusted text safe to put on a terminal.

Scraped articles, titles, tags and even file names can carry ANSI/OSC escape sequences or other
control characters that would move the cursor, retitle the window or hide text. Everything the
engine hands to a display goes through `terminal_safe` first; tabs and newlines survive.
"""

from __future__ import annotations

import json
import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ ... ST),
# two-character escapes (ESC + one char), and the 8-bit C1 CSI/OSC introducers.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                # CSI
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?     # OSC, terminated by BEL or ST (or unterminated)
  | \x1b[PX^_][^\x1b]*(?:\x1b\\)?          # DCS, SOS, PM, APC
  | \x1b[@-Z\\-_]                          # other two-byte escapes
  | \x9b[0-?]*[ -/]*[@-~]                  # 8-bit CSI
  | \x9d[^\x07\x9c]*(?:\x07|\x9c)?         # 8-bit OSC
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline, DEL, C1 controls, and bidi overrides that reorder text.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def encodable(text: str) -> str:
    """`text` with what UTF-8 cannot encode replaced by U+FFFD: bytes a command line or stdin
    could not decode (Python hands them over as lone surrogates, `\\udcff`), which SQLite and
    every UTF-8 writer refuse."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # (a surrogate that no undecodable byte made)
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def terminal_safe(text: str) -> str:
    """Return `text` with escape sequences removed and other control characters dropped.

    Carriage returns are dropped too (a lone CR would overwrite the line on a terminal);
    callers normalise line endings before this when they care about them.
    """
    if not text or not _CONTROLS.search(text):
        return text  # the common case: every escape sequence starts with a control character
    text = _ESCAPES.sub("", text)
    text = text.replace("\x1b", "")
    return _CONTROLS.sub("", text)


def lf_endings(text: str) -> str:
    """`text` with CRLF and lone CR line endings made LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def one_line(text: str, limit: int | None = None) -> str:
    """A terminal-safe single line: whitespace runs folded to one space, optionally shortened."""
    line = " ".join(terminal_safe(text).split())
    if limit is not None and len(line) > limit:
        line = line[: max(0, limit - 1)] + "…"
    return line


# What json.dumps(ensure_ascii=False) leaves raw that a terminal acts on: DEL, the C1 controls
# (U+009B is a CSI by itself), and the bidi overrides; and lone surrogates (a command line's
# undecodable bytes, echoed in a "query"), which no UTF-8 output can write.
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def terminal_json(obj) -> str:
    """`obj` as one line of JSON that is safe on a terminal and loses nothing.

    Non-ASCII text stays readable (ensure_ascii=False); every control character is written as
    a \\uXXXX escape, so the data decodes exactly as it was. JSON's own syntax is ASCII, so
    such characters can only be inside strings, where the escape means the same.
    """
    text = json.dumps(obj, ensure_ascii=False)
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class TerminalSafeWriter:
    """A text stream that passes everything written through `terminal_safe` (for CSV and
    Markdown written to stdout, which a terminal may show)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()
