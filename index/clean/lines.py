"""What one raw line looks like: the per-line measurements the cleaner decides on.

Everything here looks at a single line (plus the page's stopword list); decisions that need the
neighbours or the whole page live in `cleaner.py`. Cheap measurements are taken for every line;
the regex-heavy ones are computed on first use, since most lines are settled before needing them.
Regexes only ever see the two ends of a very long line, so a 200 KB line stays linear.
"""

from __future__ import annotations

import re
import unicodedata
from operator import countOf

from index.text.words import WORD_BYTES, ascii_text, marks
from index.text.words import words as split_words

# A sentence ends with . ! ? … (or a CJK full stop), possibly followed by closing quotes/brackets.
_CLOSERS = "'\"”’»)]*_ "
# (with the full stops and question marks of other scripts: Devanagari's danda, Arabic's and
# Urdu's, Armenian, Ethiopic, Burmese, Khmer, and the full-width and half-width forms)
_SENTENCE_END = tuple(".!?…。！？।॥؟۔։።။។།．｡")
# Thai and Lao mark no sentence's end (a space parts clauses and sentences, the paragraph just
# stops): a line in them of at least this many words (counted as `_unspaced_words` counts:
# about five letters a word) reads as ending a sentence, as a paragraph does; a headline there
# is shorter.
UNPUNCTUATED_SENTENCE_WORDS = 20
_UNPUNCTUATED_SCRIPTS = ("\u0e00", "\u0eff")
# Photo/copyright credits.
CREDIT_RE = re.compile(
    r"^\s*(?:©|ⓒ|\(c\)\s|copyright\b|all rights reserved|photo(?:graph)?s?\s*(?:by|:|credit)"
    r"|image\s*(?:by|:|credit|source)|credit\s*:|source\s*:|picture\s*:|getty images|shutterstock"
    r"|\(?(?:photo|image|picture|video)\s*:)",
    re.IGNORECASE,
)
# A photo caption that ends by crediting its picture: "Protesters gather (Image: Getty)",
# "(Image credit: NASA)", "... in Montecito. (Photo by Jane Doe/Getty Images)".
CAPTION_CREDIT_RE = re.compile(
    r"\((?:(?:photo(?:graph)?|image|picture|video|illustration)s?(?:\s+(?:credit|courtesy)s?)?|credits?|courtesy)"
    r"\s*(?::|by\b|of\b)[^()]{1,80}\)\W*$",
    re.IGNORECASE,
)
# "Read also: ...", "Related: ...", "See more: ..." — pointers to other articles.
POINTER_RE = re.compile(
    r"^\s*(?:read|see|watch|listen|related|recommended|more|also read|also see|don'?t miss|must read"
    r"|trending|popular|latest|click here|follow us|subscribe|sign up|share this|advertisement)"
    r"(?:\s+(?:also|more|next|now|this|here|too|the|our|on|to|story|stories|article|articles|news))*\s*[:>»|-]"
    # the same pointers in the other languages of the news: "Lire aussi :", "Lesen Sie auch:",
    # "Te puede interesar:", "Leggi anche:", "Leia também:", "Czytaj też:", "Читайте также:" ...
    r"|^\s*(?:(?:à\s+)?lire\s+(?:aussi|également|la\s+suite)|(?:à\s+)?voir\s+aussi|sur\s+le\s+même\s+sujet"
    r"|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|auch\s+interessant|siehe\s+auch|weiterlesen"
    r"|le[ae]\s+(?:también|más)|(?:también\s+)?(?:te|le)\s+puede\s+interesar|ver\s+también|leer\s+más"
    r"|leggi\s+anche|potrebbe\s+interessarti|vedi\s+anche|leia\s+(?:também|mais)|veja\s+também|saiba\s+mais"
    r"|lees\s+(?:ook|meer)|zie\s+ook|czytaj\s+(?:też|także|więcej)|zobacz\s+(?:też|także)"
    r"|читайте\s+(?:также|тоже)|смотрите\s+также|läs\s+(?:också|mer)|se\s+även|læs\s+(?:også|mere)"
    r"|les\s+(?:også|mer))\s*[:>»|-]",
    re.IGNORECASE,
)
# JavaScript / CSS / markup that leaked into the visible text.
CODE_RE = re.compile(
    r"(?:function\s*\(|=>|\bvar\s+\w+\s*=|\bwindow\.|\bdocument\.|\b\w\.\w+\([^)]{0,80}\)\s*[;}]|[{};]\s*$"
    r"|^\s*[{}]|\b\w+\(['‘’\"][^)]{0,200}['‘’\"]\)\s*;|\bgtag\(|\bfbq\(|\bdataLayer\b"
    r"|!important|\*/|/\*)"
)
# An HTML tag: code among other markup, but a sentence that kept a word's bold or a link from its
# page ("... resume in Vienna on <b>Tuesday</b>.") is prose, its tags aside (`_tagged_prose`).
TAG_RE = re.compile(r"</?[a-z]+\b[^>]{0,200}>")
TAGGED_PROSE_WORDS = 8


def looks_like_code(p: str) -> bool:
    """Is the line code or markup (`CODE_RE`, or an HTML tag outside a sentence)?"""
    return _code_pattern(p) or bool("<" in p and TAG_RE.search(p) and not _tagged_prose(p))


# `CODE_RE`'s alternatives one at a time, each tried only where a test of a few characters that
# any match of it passes does: the whole alternation tries every alternative at every character
# of the line (those opening on a word boundary find no fixed text to look for), where a line of
# prose with a ";" or a "=" fails these tests at once.
_CODE_WORDS = (
    ("function", re.compile(r"function\s*\(")),
    ("var", re.compile(r"\bvar\s+\w+\s*=")),
    ("window.", re.compile(r"\bwindow\.")),
    ("document.", re.compile(r"\bdocument\.")),
    ("gtag(", re.compile(r"\bgtag\(")),
    ("fbq(", re.compile(r"\bfbq\(")),
    ("dataLayer", re.compile(r"\bdataLayer\b")),
)
_CODE_TEXTS = ("=>", "!important", "*/", "/*")
# (a call's end: what a call closed by a ";" or a "}", and a call on quoted text, end with)
_CALL_END_RE = re.compile(r"\)\s*[;}]")
_CALL_RE = re.compile(r"\b\w\.\w+\([^)]{0,80}\)\s*[;}]")
_QUOTED_CALL_END_RE = re.compile(r"['‘’\"]\)\s*;")
_QUOTED_CALL_RE = re.compile(r"\b\w+\(['‘’\"][^)]{0,200}['‘’\"]\)\s*;")
_CODE_LAST = ("{", "}", ";")
_CODE_FIRST = ("{", "}")


def _code_pattern(p: str) -> bool:
    """`bool(CODE_RE.search(p))`: some alternative matches somewhere."""
    # (`[{};]\s*$` and `^\s*[{}]`: `\s` is what `str.strip` strips)
    if p.rstrip()[-1:] in _CODE_LAST or p.lstrip()[:1] in _CODE_FIRST:
        return True
    if any(map(p.__contains__, _CODE_TEXTS)):
        return True
    for word, pattern in _CODE_WORDS:
        if word in p and pattern.search(p):
            return True
    return bool((_CALL_END_RE.search(p) and _CALL_RE.search(p))
                or (_QUOTED_CALL_END_RE.search(p) and _QUOTED_CALL_RE.search(p)))


def _tagged_prose(p: str) -> bool:
    """Does the line, its tags taken out, read as a sentence of some words, most of the line?"""
    text = TAG_RE.sub(" ", p).strip()
    return (len(text.split()) >= TAGGED_PROSE_WORDS and 2 * len(text) >= len(p)
            and text.rstrip(_CLOSERS).endswith(_SENTENCE_END))


# Page furniture vocabulary: buttons, share bars, menus, account links, legal links, reading times.
# A short line made mostly of these words is chrome, not article text.
CHROME_WORDS = frozenset("""
share shares sharing tweet pin email e mail print comment comments reply replies login log logout sign
signin signup register subscribe subscribed unsubscribe newsletter newsletters advertisement advertising
advertise sponsored ad ads cookie cookies skip menu open close search back top next previous prev
loading home follow following like likes save saved copy link links read more continue view views see
all show load learn tag tags categories category filed contents toggle click download listen leave add
post related trending facebook twitter linkedin pinterest whatsapp reddit instagram youtube telegram rss
feed flipboard messenger sms tiktok threads bluesky mastodon min mins minute minutes main content
navigation nav account profile cart shop privacy policy terms service contact us about help faq sitemap
careers jobs press rights reserved copyright podcasts videos photos gallery opens new window tab
published updated posted written author authors edited reviewed checked report permalink notifications
settings mode language english translate watch play video audio image photo photos credit credits submit
website required fields marked notify me er subscription premium free trial upgrade donate support app
apps store get here now today story stories article articles news latest popular top editor editors picks
recommended suggested sections section explore discover browse archive archives page pages ago hours
hour day days week weeks month months year years yesterday continues continued below reading scroll
""".split())
# Headings that open what follows an article: comments, author boxes, newsletters, cookie banners,
# the works it cites.
AFTER_ARTICLE_RE = re.compile(
    r"^\W*(?:\d+\s+)?(?:(?:top[- ]rated|reader|recent|latest|user|show|view|load|all|most)\s+)?"
    r"(?:comments?|responses?|replies|discussion|reader interactions|conversation)\b(?:\W*\d*\W*$|\s*[|(:])"
    r"|^\W*(?:leave|post|add|write|submit)\s+(?:a\s+|your\s+)?(?:reply|comment|response)\b"
    r"|^\W*join the (?:discussion|conversation)|^\W*(?:about the author|author bio)\b"
    # (a comment's own "Reply" button: the thread it stands in follows the article)
    r"|^\W*reply(?:\s+to\s+(?:this\s+)?comment)?\W*$"
    r"|^\W*(?:discussion|comments?|conversation)\s+(?:about|on)\s+this\s+(?:post|article|story|entry|episode)\b"
    # ("Comments are closed.": a thread that stands closed under the article)
    r"|^\W*(?:comments?|commenting)\s+(?:(?:are|is)\s+(?:now\s+)?)?closed\b"
    r"|^\W*(?:sign up|subscribe) (?:for|to) (?:our|the)\b.*(?:newsletter|updates|emails?)"
    r"|^\W*(?:privacy overview|cookie (?:settings|policy|preferences))\b"
    # (the list of works a piece cites closes it: pointers to other pages, not its own text)
    r"|^\W*(?:references|citations|sources|bibliography|works cited)\s*:?\s*$",
    re.IGNORECASE,
)
# Headings of link lists to other stories; they also stand inside articles, so they are not an end.
RELATED_RE = re.compile(
    r"^\W*(?:you|we think you) (?:may|might|will|could) (?:also )?(?:like|enjoy|be interested|want)"
    r"|^\W*(?:related|recommended|suggested|popular|trending|similar|more|other|recent|latest|further)"
    r"(?:\s+(?:for you|stories|story|articles?|posts?|news|reads?|reading|content|coverage|links|guides|videos"
    r"|topics|from|in|on|by|like this)\b.*)?\s*:?\s*$"
    r"|^\W*read (?:next|more|this next)\b\W*$|^\W*share this\b",
    re.IGNORECASE,
)
# "10 thoughts on “<headline>”", "One Reply to ...": a comment count over the thread, naming the article.
COMMENT_COUNT_RE = re.compile(
    r"^\W*(?:\d+|no|one|two|three)\s+(?:thoughts?|comments?|responses?|replies|reply|reactions?)\s+(?:on|to)\s",
    re.IGNORECASE,
)
# "Sharon says", "Jane Doe said:", "by jdoe writes:": the header of a reader's comment.
COMMENTER_RE = re.compile(r"^\S.{0,60}?\s(?:says|said|writes|wrote|replied|commented)\s*:?\s*$", re.IGNORECASE)
BYLINE_RE = re.compile(
    r"^\W*(?:by|written by|posted by|story by|words by|reviewed by|medically reviewed by|edited by|author)\s*:?\s",
    re.IGNORECASE,
)
# (a combining mark, a vowel sign of Devanagari or Thai, say, is part of its letter)
_NON_LETTERS_RE = re.compile(rf"[^\w{marks()}]+|[\d_]+")
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
# `WORD_BYTES` lowercasing as it goes: an ASCII line's words in one `bytes.translate`, as
# `split_words(s.lower())` finds them.
_LOWER_WORD_BYTES = bytes(b + 32 if 65 <= b <= 90 else WORD_BYTES[b] for b in range(256))
# Each ASCII byte as the capital share reads it: " " for whitespace (where `str.split` splits),
# "U" for a capital, "x" for anything else.
_CAPS_BYTES = bytes(32 if chr(b).isspace() else 85 if chr(b).isupper() else 120 for b in range(256))
_SCRIPT_OF_CHAR: dict[str, str] = {}
_SAME_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK", "IDEOGRAPHIC": "CJK"}


def _char_script(ch: str) -> str:
    script = _SCRIPT_OF_CHAR.get(ch)
    if script is None:
        try:
            script = unicodedata.name(ch).split(" ", 1)[0]
        except ValueError:
            script = ""
        # Japanese mixes kanji and kana in every sentence: one writing system.
        script = _SAME_SCRIPT.get(script, script)
        if len(_SCRIPT_OF_CHAR) < 50_000:
            _SCRIPT_OF_CHAR[ch] = script
    return script


def script_of(text: str) -> str:
    """The dominant writing system of `text` ('LATIN', 'CYRILLIC', ...; '' if no letters)."""
    head = text[:400]
    if head.isascii():  # (its letters are [A-Za-z]: no regex needed)
        return "LATIN" if head.encode("ascii").translate(None, _ASCII_NON_LETTERS) else ""
    text = _NON_LETTERS_RE.sub("", head)[:80]
    if not text:
        return ""
    if text.isascii():
        return "LATIN"
    counts: dict[str, int] = {}
    for ch in text:
        script = _char_script(ch)
        counts[script] = counts.get(script, 0) + 1
    return max(sorted(counts), key=counts.__getitem__)


class cached_property:  # noqa: N801 - functools' version takes a lock on every access in 3.11
    """Compute an attribute on first access and store it on the instance (no locking)."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


# Code is only ever looked for in a line with one of these characters (a sentence that ends in
# "window." is not code)...
_CODE_HINTS = re.compile(r"[(){};=<>*/!]")
# ...and every CODE_RE alternative (and a tag) needs one of these characters or substrings, so prose without
# them skips the regex.
_CODE_CHARS = re.compile(r"[{};=<*]")
_CODE_MARKS = ("function", "window.", "document.", "gtag(", "fbq(", "dataLayer", "!important")
# The first words (their first three letters, or the whole of a shorter word) that the
# start-anchored patterns (comments, related, credit, pointer, byline headings) can open with;
# a line opening with none of them, nor with a digit or ©/ⓒ/(, matches none of those patterns.
_START_WORDS = """
about add advertisement all also author bio by click comment comments conversation cookie copyright
credit discussion don edited follow further getty image join latest leave listen load medically more
most must my no one other photo photograph picture popular post posted privacy reader reader recent
recommended related replies reply response responses reviewed say see share shutterstock show sign
similar source story submit subscribe suggested thought thoughts three top trending two user video
view watch we words write written you reaction reactions read rated
references citations bibliography
à lire voir sur lesen mehr auch siehe weiterlesen lee lea también te le ver leer leggi potrebbe vedi leia
veja saiba lees zie czytaj zobacz читайте смотрите läs se læs les
""".split()
_START_PREFIXES = frozenset(w[:3] for w in _START_WORDS if len(w) >= 3)
_START_SHORT = frozenset(w for w in _START_WORDS if len(w) < 3)
# (either, looked up by a word's first three letters: a shorter word is its own first three)
_START_OPENINGS = _START_PREFIXES | _START_SHORT
# First characters that can open such a line whatever its first word.
_LABEL_OPENERS = ("©", "ⓒ", "(")
_LABEL_FIRSTS = "".join(_LABEL_OPENERS)
_COMMENTER_VERBS = frozenset(("says", "said", "writes", "wrote", "replied", "commented"))


# Scripts written without spaces between words: `\w+` sees a whole clause as one word. Their
# words are counted in characters instead (about two Chinese or Japanese characters a word, five
# Thai, Lao, Khmer or Burmese letters), and split into overlapping character pairs, so that a
# headline and its body share "words" as they do in spaced languages.
_UNSPACED_RE = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
    r"|[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+"
)
_CJK_FIRST = "\u3040"
_CHARS_PER_WORD_CJK = 2
_CHARS_PER_WORD_SEA = 5


def _unspaced_words(s: str) -> tuple[list[str], int] | None:
    """(words, word count) of a line with runs of an unspaced script; None if it has none."""
    runs = _UNSPACED_RE.findall(s)
    if not runs:
        return None
    count = 0
    pieces: list[str] = []
    for run in runs:
        per_word = _CHARS_PER_WORD_CJK if run[0] >= _CJK_FIRST else _CHARS_PER_WORD_SEA
        count += max(1, round(len(run) / per_word))
        pieces.extend(run[i:i + 2] for i in range(max(1, len(run) - 1)))
    rest = split_words(_UNSPACED_RE.sub(" ", s).lower())
    return rest + pieces, len(rest) + count


class Line:
    """One raw line and what it looks like on its own."""

    def __init__(self, index: int, text: str, stops: frozenset[str] | None = None):
        # (a page of one line, measured as a page's lines are; a newline in it is whitespace)
        s = text.strip()
        self.__dict__.update(_read((text,), (s,), s.encode("ascii", "replace").replace(b"\n", b" "))[0].__dict__)
        self.index = index
        if stops:
            self.count_stops(stops)

    def count_stops(self, stops: frozenset[str]) -> None:
        """Count the line's stopwords (when the language is known only after reading the lines)."""
        if self.n_words:
            self.stop_hits = countOf(map(stops.__contains__, self.words), True)

    @property
    def stop_density(self) -> float:
        return self.stop_hits / self.n_words if self.n_words else 0.0

    @cached_property
    def letters(self) -> float:
        """Share of characters that are letters (low for prices, scores, dates, code); set by
        `__init__` already for a line of ASCII."""
        p = self.probe
        if not p:
            return 0.0
        if p.isascii():  # (the same count without the regex: ASCII letters are [A-Za-z])
            return len(p.encode("ascii").translate(None, _ASCII_NON_LETTERS)) / len(p)
        return len(_NON_LETTERS_RE.sub("", p)) / len(p)

    @cached_property
    def capitals(self) -> float:
        """Share of the words (split on whitespace) that open with a capital letter (high in a
        menu or a headline); set by `__init__` already for a line of ASCII. A character beyond
        the Basic Multilingual Plane counts as no capital."""
        words = self.stripped.split()
        if not words:
            return 0.0
        return countOf([w[0].isupper() and w[0] <= "\uffff" for w in words], True) / len(words)

    @cached_property
    def credit(self) -> bool:
        return bool(CREDIT_RE.match(self.probe))

    @cached_property
    def pointer(self) -> bool:
        return bool(POINTER_RE.match(self.probe))

    @cached_property
    def after_article(self) -> bool:
        """A heading that opens comments, an author box or a newsletter form."""
        if self.n_words <= 8 and AFTER_ARTICLE_RE.search(self.probe):
            return True
        return self.n_words <= 40 and bool(COMMENT_COUNT_RE.match(self.probe))

    @cached_property
    def related(self) -> bool:
        """A heading over links to other stories ("Related", "You may also like")."""
        return self.n_words <= 8 and bool(RELATED_RE.search(self.probe))

    @cached_property
    def byline(self) -> bool:
        return self.n_words <= 14 and bool(BYLINE_RE.match(self.probe))

    @cached_property
    def script(self) -> str:
        return script_of(self.probe)


# Tables for a page's lines joined by newlines (no newline within a line), made into bytes with
# each character that is not ASCII a "?" (a non-letter, non-word byte, as a space is): each
# keeps the newline that ends a line, or its place, so every line reads its own part.
# Words lowercased, every other byte a space (`_LOWER_WORD_BYTES`), split back into lines.
_LOWER_WORD_LINES = _LOWER_WORD_BYTES[:10] + b"\n" + _LOWER_WORD_BYTES[11:]
# "a" for a letter, "." for anything else: a line's letters counted in its part.
_LETTER_FLAGS = bytes(97 if chr(b).isalpha() and b < 128 else 46 for b in range(256))
# The bytes a code hint (`_CODE_HINTS`) is made of, all ASCII: deleting every other byte but the
# newline leaves an empty part to a line that holds none.
_NOT_HINT_LINES = bytes(b for b in range(256) if chr(b) not in "(){};=<>*/!\n")


def lines_of(texts) -> list[Line]:
    """`[Line(i, t) for i, t in enumerate(texts)]` for the lines of a page (no newline in any):
    the byte translates each line asks for are made once over the page's lines joined, and each
    line reads its part."""
    strips = [t.strip() for t in texts]
    return _read(texts, strips, "\n".join(strips).encode("ascii", "replace"))


# What a short ASCII line measures, by its text, for the lines the pages of a corpus repeat
# (menus, share bars, bylines, footers: a third of a site's lines): (words, n_words, letters,
# capitals, end_punct, colon_end, chrome, code, truncated, caption_credit, commenter,
# may_open_label). Bounded: emptied when full.
_MEASURED: dict[str, tuple] = {}
_MEASURED_LINES = 4096
_MEASURED_CHARS = 160


def _read(texts, strips: list[str], b: bytes) -> list[Line]:
    """The lines of `texts`, stripped `strips`, whose bytes joined by newlines are `b` (each
    character that is not ASCII a "?")."""
    lowered = b.translate(_LOWER_WORD_LINES).decode("ascii").split("\n")
    hints = b.translate(None, _NOT_HINT_LINES).split(b"\n")
    letter_flags = b.translate(_LETTER_FLAGS)
    shape = b.translate(_CAPS_BYTES)
    new, line_class = object.__new__, Line
    measured = _MEASURED
    lines = []
    at = 0  # (where the line starts in the page's bytes)
    for i, t in enumerate(texts):
        s = strips[i]
        if not s:
            # (a blank line stores what any blank line measures, as a `Line` of its own: a line
            # taking them from a subclass would make every later look-up of an attribute on
            # the page's lines handle two classes, which costs more than these stores)
            line = new(line_class)
            line.index = i
            line.text = t
            line.stripped = line.probe = s
            line.blank = line.ascii_letters = True
            line.words = []
            line.n_words = line.stop_hits = 0
            line.end_punct = line.colon_end = line.may_open_label = line.code = line.truncated = False
            line.commenter = line.chrome = line.caption_credit = False
            line.letters = line.capitals = 0.0
            lines.append(line)
            at += 1
            continue
        line = new(line_class)
        line.index = i
        line.text = t                         # the raw line, untouched
        line.stripped = s
        line.blank = False
        end = at + len(s)
        at_start, at = at, end + 1
        # A short ASCII line measured before (on this page or an earlier one) is measured alike:
        # everything it sets depends on its text alone.
        short = len(s) <= _MEASURED_CHARS and s.isascii()
        if short:
            known = measured.get(s)
            if known is not None:
                line.probe = s
                line.ascii_letters = True
                (line.words, line.n_words, line.letters, line.capitals, line.end_punct, line.colon_end, line.chrome,
                 line.code, line.truncated, line.caption_credit, line.commenter, may_open) = known
                line.stop_hits = 0
                line.may_open_label = may_open
                if not may_open:
                    line.after_article = line.related = line.credit = line.pointer = line.byline = False
                lines.append(line)
                continue
        line.probe = p = s if len(s) <= 2000 else s[:1000] + " " + s[-1000:]
        # An ASCII line, or one that is ASCII but for typographic punctuation (curly quotes,
        # dashes: no letter, no case, no word character), as `split_words` reads it.
        plain = s if s.isascii() else ascii_text(s)
        # (then every letter of the line is an ASCII one: no foreign script to look for)
        line.ascii_letters = plain is not None
        if plain is not None:
            # (its words, lowercased, and its letters, from the page's translates: a "?" for
            # the punctuation is a non-word, non-letter byte, as the space `ascii_text` puts)
            line.words = words = lowered[i].split()
            line.n_words = n = len(words)
            if p is s:
                line.letters = letters = letter_flags.count(b"a", at_start, end) / len(s)
            if plain is s:  # (the punctuation turned into spaces would split words anew)
                # (a word starts at the first byte, the line being stripped, and after each space)
                after_space = shape.count(b" U", at_start, end)
                line.capitals = capitals = (after_space + (shape[at_start] == 85)) / (
                    after_space + shape.count(b" x", at_start, end) + 1)
        long_unspaced = False
        if plain is None:
            line.words = words = split_words(s.lower())
            line.n_words = n = len(words)
            unspaced = _unspaced_words(s)
            if unspaced is not None:
                words, n = unspaced
                line.words, line.n_words = words, n
                long_unspaced = n >= UNPUNCTUATED_SENTENCE_WORDS
        line.stop_hits = 0  # (counted by `count_stops` once the page's language is known)
        tail = p.rstrip(_CLOSERS)
        line.end_punct = end_punct = tail.endswith(_SENTENCE_END) or (
            long_unspaced and _UNPUNCTUATED_SCRIPTS[0] <= tail[-1:] <= _UNPUNCTUATED_SCRIPTS[1])
        line.colon_end = colon_end = tail.endswith((":", ";"))
        # What the line's judgement asks of nearly every non-blank line, set here rather than
        # looked up through a lazy attribute each.
        # Could a start-anchored pattern (after-article, related, credit, pointer, byline) match?
        # False settles all of them at once without running their regexes.
        if words:
            w = words[0]
            line.may_open_label = may_open = w[:3] in _START_OPENINGS or w[0].isdigit() or s[0] in _LABEL_FIRSTS
        else:
            line.may_open_label = may_open = s[0] in _LABEL_FIRSTS
        if not may_open and plain is not None:
            # (then none of those patterns matches, and the headline search need not run them:
            # in text of ASCII and typographic punctuation no letter folds into another's case)
            line.after_article = line.related = line.credit = line.pointer = line.byline = False
        # A short line made mostly of page-furniture words (buttons, share bars, menus). (No
        # furniture word is a number: the two counts never meet.)
        # (the numbers counted only where the furniture words alone fall short)
        line.chrome = chrome = 0 < n <= 10 and (
            (furniture := countOf(map(CHROME_WORDS.__contains__, words), True)) * 10 >= n * 7
            or (furniture + countOf(map(str.isdigit, words), True)) * 10 >= n * 7)
        # Code: only in a line with a hint character (most lines have none: no regex runs);
        # then character-class searches (a set's isdisjoint hashes every character of a paragraph).
        line.code = code = bool(hints[i] and _CODE_HINTS.search(p) and (
            _CODE_CHARS.search(p) or any(map(p.__contains__, _CODE_MARKS))) and looks_like_code(p))
        # A teaser cut short with an ellipsis ("Microsoft removes the safeguard hold for..."), as
        # link lists print other stories' headlines. (The probe ends as the stripped line does.)
        line.truncated = truncated = n <= 25 and p.endswith(("...", "…")) and not p.rstrip(".… ").endswith(
            (".", "!", "?", "\"", "”"))
        # A caption closing on its picture's credit in brackets (a ")" among its last characters).
        line.caption_credit = caption_credit = ")" in p[-3:] and bool(
            CAPTION_CREDIT_RE.search(p, max(0, len(p) - 200)))
        # The header of a reader's comment ("Jane Doe said:").
        line.commenter = commenter = 0 < n <= 8 and words[-1] in _COMMENTER_VERBS and bool(COMMENTER_RE.match(p))
        lines.append(line)
        if short:
            if len(measured) >= _MEASURED_LINES:
                measured.clear()
            measured[s] = (words, n, letters, capitals, end_punct, colon_end, chrome, code, truncated, caption_credit,
                           commenter, may_open)
    return lines
