r"""Splitting lowercased text into words, fast, exactly as two regexes would.

The cleaner splits every line with `\w+` (combining marks held inside words: `WORD_RE`), and
the index's analyzer splits every body with Whoosh's default `[\w*]+(\.?[\w*]+)*`: Python's
regex engine was a sizeable share of the bulk workers' time per article (bench/README.md has
the figures). On ASCII text `\w` is
`[A-Za-z0-9_]`, so one `bytes.translate` that turns every other byte into a space, and
`str.split`, find the same words in C at a fraction of the cost. Typographic punctuation (curly
quotes, dashes, ellipses) is turned into spaces first, so ordinary English text with it takes
the fast path too. Any other text goes to the regex. Tests hold both functions to their regex
on arbitrary text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache


@cache
def _unicode_tables() -> tuple[str, dict[int, int]]:
    r"""The Basic Multilingual Plane's combining marks (Unicode categories Mn, Mc, Me) as the
    body of a regex character class, and its decimal digits other than ASCII's, each to its
    ASCII digit: one pass over the plane (~12 ms), made when first asked for, which a search
    or the app's start never is.

    Python's `\w` takes no mark for a word character, so `\w+` cuts a Hindi word at every
    vowel sign ("किसानों" comes out as "क", "स", "न") and an accent written as a combining
    character off its letter; a word here runs on through its marks. (Only this plane: a class
    with characters beyond it is searched range by range, several times slower on every
    non-ASCII line; the marks beyond it are mostly historic scripts'.)"""
    ranges: list[list[int]] = []
    digits: dict[int, int] = {}
    category = unicodedata.category
    for c in range(0x80, 0x10000):
        kind = category(chr(c))
        if kind[0] == "M":
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
        elif kind == "Nd":
            digits[c] = ord("0") + unicodedata.digit(chr(c))
    marks = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return marks, digits


def marks() -> str:
    """The combining marks, as the body of a regex character class (`_unicode_tables`)."""
    return _unicode_tables()[0]


def other_digits() -> dict[int, int]:
    """Every decimal digit but ASCII's -> its ASCII digit, a `str.translate` table."""
    return _unicode_tables()[1]


@cache
def _word_re() -> re.Pattern:
    """A word: word characters and the combining marks written on them."""
    return re.compile(rf"[\w{marks()}]+")


def __getattr__(name: str):
    if name == "WORD_RE":  # (compiled when first asked for: see `_unicode_tables`)
        return _word_re()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


WHOOSH_WORD_RE = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")

_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_WORDS_ONLY = bytes(b if b in _WORD_BYTES else 32 for b in range(256))
# A `bytes.translate` table turning every byte but ASCII word characters into a space.
WORD_BYTES = _WORDS_ONLY
_WHOOSH_BYTES = bytes(b if b in _WORD_BYTES or b in b".*" else 32 for b in range(256))
# Non-ASCII characters common in English text that are not word characters: separators like
# a space, whichever regex splits.
_PUNCTUATION = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u00ab\u00bb\u2022\u00b7\u00a9\u00ae\u2122\u20ac\u00a3\u00b0"


def ascii_text(text: str) -> str | None:
    """The text with typographic punctuation turned into spaces, if it is then ASCII (None
    otherwise): where `words` can split bytes instead of running the regex."""
    return _ascii(text)


def _ascii(text: str) -> str | None:
    if text.isascii():
        return text
    for ch in _PUNCTUATION:
        if ch in text:
            text = text.replace(ch, " ")
    return text if text.isascii() else None


def words(text: str) -> list[str]:
    """`WORD_RE.findall(text)`."""
    plain = _ascii(text)
    if plain is None:
        return _word_re().findall(text)
    return plain.encode("ascii").translate(_WORDS_ONLY).decode("ascii").split()


def whoosh_words(text: str) -> list[str]:
    """`WHOOSH_WORD_RE.findall(text)`: the words of Whoosh's default tokenizer, which counts
    `*` as a word character and keeps single dots inside words ("u.s", "3.5")."""
    plain = _ascii(text)
    if plain is None:
        return WHOOSH_WORD_RE.findall(text)
    spaced = plain.encode("ascii").translate(_WHOOSH_BYTES).decode("ascii")
    if "." not in spaced:
        return spaced.split()
    if ".." in spaced:  # (rare) a run of dots: let the regex sort it out
        return WHOOSH_WORD_RE.findall(spaced)
    # Every dot is now alone between two characters that are each a word character or a
    # space; one with a space (or an end) beside it ends or starts no word.
    return f" {spaced} ".replace(". ", " ").replace(" .", " ").split()
