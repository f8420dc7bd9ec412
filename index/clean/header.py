"""The article's headline, outlet and date, told from the raw text around the body.

A scraped page opens with a header (site name, section labels, taglines, the headline, a byline
and a date) and the body follows. These functions read that header; they never rewrite text:
the title is a stripped raw line and the source a name that stands in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain, compress, repeat
from operator import attrgetter, countOf, itemgetter, truediv

from index.clean import dates, outlets
from index.clean.dates import parse_date
from index.clean.lines import CHROME_WORDS, Line

# "- Sputnik International" / "| The Outlet": a bare outlet name printed as a header line.
_LEADING_DASH_NAME = re.compile(r"^[-–—|•]\s*([A-Z][\w.&'’]*(?:\s+[A-Z][\w.&'’]*){0,4})\s*$")
# A line that is mostly a date or a time, with at most a few other words ("Updated 10:31 pm").
_TIMEISH = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{4}\b")
_DIGIT_RE = re.compile(r"\d")

HEADER_LINES = 40          # how far from the top a site name or a date line may stand
DATELINE_WORDS = 5         # a line with a date and more words than this (numbers aside) can be a headline
TITLE_REACH = 35           # non-blank lines searched above the body for the headline


def find_source(lines: list[Line], site: str | None = None) -> str | None:
    """The outlet the text names: a bare '- Name' header line, else the name its furniture
    repeats (`outlets.outlet_of`).

    `site` is the web domain the input gives (a `source_domain` field, the URL's host, a
    folder named like a domain), else a URL line of the text gives one: then the answer is
    the name the furniture gives that domain ("The Washington Post" for washingtonpost.com),
    else the domain itself; a name of another site is not taken.
    """
    return source_of([line.stripped for line in lines if not line.blank], site)


def source_of(furniture: list[str], site: str | None = None) -> str | None:
    """`find_source` over the page's non-blank lines, stripped (what a build's first pass,
    which searches before cleaning, has without making the cleaner's lines)."""
    if site is None:
        site = outlets.domain_of(outlets.url_in(furniture))
    if site:
        return outlets.outlet_of(furniture, site, only_hinted=True) or site
    for line in furniture[:5]:
        m = _LEADING_DASH_NAME.match(line)
        if m and len(m.group(1).split()) <= 5 and not all(w in outlets.GENERIC for w in outlets.norm(m.group(1)).split()):
            return m.group(1)
    return outlets.outlet_of(furniture)


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
    if line.n_words > 12:
        return False
    s = line.stripped
    # (most short lines hold no digit at all, which a bare digit search tells at half the cost)
    return bool(_DIGIT_RE.search(s) and _TIMEISH.search(s)) and parse_date(s) is not None


def looks_like_headline(line: Line, source: str | None) -> bool:
    """Shaped like a headline: a few words, letters, not a sentence that ends with a full stop."""
    s = line.stripped
    if not (2 <= line.n_words <= 30) or line.letters < 0.5:
        return False
    if line.code or line.credit or line.pointer or _numeric_date_start(s) or (
            is_dateline(line) and sum(1 for w in line.words if not w.isdigit()) <= DATELINE_WORDS):
        return False
    tail = s.rstrip("'\"”’»)] ")
    # A full stop ends a sentence; a short line can still be a headline written as one (scored lower).
    if tail.endswith((",", ";", "|", "»", ">")) or (
            tail.endswith(".") and line.n_words > PERIOD_MAX_WORDS and not tail.endswith(("...", "…"))):
        return False
    if source and (s == source or has_source_suffix(line, source)):
        return False
    # "Tested by: Jane Doe RRP: £24 Info: ...": label and value pairs are a fact box, not a headline.
    if s.count(": ") >= 2:
        return False
    if _is_menu_row(s):
        return False
    first = s.lstrip("'\"“‘«([")[:1]
    # Any first letter: capitalised, a digit or a quote, a script without case (CJK, Hangul,
    # Arabic), or lowercase ("iPhone 12 review", a blog's lowercase title), which scores lower.
    return bool(first)


# A row of menu items or a breadcrumb: "Home | News | Sport", "Home › World › Europe".
_ITEM_SEPARATOR = re.compile(r"\s+[|•·/»›>]\s+")
MENU_ROW_ITEMS = 3          # items at least...
MENU_ITEM_WORDS = 3         # ...of at most this many words each


def _is_menu_row(s: str) -> bool:
    """A line of three or more short items between separators: a menu or a breadcrumb, which a
    page without its headline would otherwise offer as one ("Opinion | The case for ..." has two)."""
    if not any(ch in s for ch in "|•·/»›>"):
        return False
    items = _ITEM_SEPARATOR.split(s)
    return len(items) >= MENU_ROW_ITEMS and all(len(item.split()) <= MENU_ITEM_WORDS for item in items)


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
TIE_MIN_WORDS = 4      # ...unless it is shorter than this (a section label over the headline)
W_PROSE = 1.0         # penalty: a prose sentence is rarely the headline
W_FURNITURE = 0.5     # penalty: judged furniture on its own (repeated, a dateline-ish label)
W_OPENS_BODY = 0.5    # penalty: the first line of the body block itself
W_IN_MENU = 1.0       # penalty: one of three or more lines in a row (a menu or link list)
W_CAPITALS = 1.0      # share of capitalised words
FURNITURE_STEP = 0.75  # how much a furniture line between headline and body counts towards the reach
W_FIRST_LINE = 2.0     # penalty: the page's first line, where the site's name stands
W_LENGTH = 0.25        # per word of length, up to 12 words
LONG_WORDS = 16        # ...and as much less per word beyond this many
W_DATED_BELOW = 1.0    # a byline or a date line follows within a few lines (the article's header)
W_SHARED_TAIL = 1.0    # penalty: ends with the same two furniture words as another line ('... Read more')
W_SEPARATOR = 1.5      # penalty: "Home › Blog › X", "X | Site": a breadcrumb or a page title
DEK_MARGIN = 3.0       # a headline this close to the standfirst under it wins
DEK_MIN_WORDS = 4      # shorter lines over a headline are section labels, not headlines
DEK_MIN_LENGTH = 8     # a standfirst is a sentence of some length...
DEK_MAX_CAPITALS = 0.5  # ...in sentence case (a Title Case line under a label is the headline)
DEK_TITLED_WORDS = 6   # ...or under a line too long for a label (and no "Site | Tagline")
INSIDE_REACH = 25      # non-blank lines of the body block searched for a headline (up to its 2nd sentence)
PERIOD_MAX_WORDS = 15  # a longer line that ends with a full stop is a sentence, not a headline
OPENER_MAX_WORDS = 10  # ...and, opening the body block, a line longer than this
W_LOWER = 1.0          # penalty: starts with a lowercase letter
W_PERIOD = 1.0         # penalty: ends with a full stop
W_TWIN = 0.5            # printed twice a few lines apart (the page title and the heading)
TWIN_REACH = 6         # raw lines either side searched for that twin
DATED_REACH = 4        # non-blank lines below a candidate searched for a byline or a date
OWN_REACH = 1          # ...and right under it
KICKER_MARGIN = 1.5     # a headline this close to the short label over it wins
W_ECHO = 1.0           # printed again as the first or last part of a page title or a breadcrumb elsewhere
ECHO_WINDOW = 6.0      # ...looked for within this much of the best score (every margin below fits in it)
# The most a candidate's score can gain after its topic, length and cheap signs: a twin, a
# block of its own, a date below, an echo.
_MOST_GAINED = W_TWIN + W_ALONE + W_DATED_BELOW + W_ECHO
# How far below the headline's score a candidate can still change the choice: a kicker's
# headline within KICKER_MARGIN (ties within TITLE_MARGIN), the line over it within DEK_MARGIN
# of that (and a hair for rounding).
PRUNE_MARGIN = max(TITLE_MARGIN, KICKER_MARGIN) + DEK_MARGIN + 0.01


def find_title(lines: list[Line], body_start: int, body_words: Counter | None, stops: frozenset[str],
               repeats: Counter, prose: list[bool], source: str | None = None,
               skip: set[int] | frozenset[int] = frozenset(), furniture: list[bool] | None = None,
               in_body: list[bool] | None = None, page_text: str | None = None,
               memo: TitleMemo | None = None) -> int | None:
    """Index of the headline: the best headline-shaped line in the header above the body.

    A headline shares its topic words with the body, sits above it below the site's menus, is
    often printed twice (page title and heading), is a block of its own rather than one of a run
    of menu lines, and is rarely a full sentence. A headline-shaped line right under a paragraph
    of prose is a subheading instead. Bylines, dates, section labels and buttons are not
    candidates. Furniture between the headline and the body (share bars, captions, dates) counts
    less towards how far the search reaches. The article's header puts a byline or a date under
    the headline and often a longer standfirst right after it; breadcrumbs and page titles
    ("Home › Blog › X", "X | Site") only repeat it. The block found for the body can open with a
    stray sentence (a disclaimer), so the search also looks inside it up to its second sentence.
    `body_words` are the words of the lines marked `in_body` (None: counted here, only those
    the candidates use, which is all the search asks of them); a candidate among them is scored
    on the others' words only. `page_text`: the lines' stripped texts joined by newlines (built
    here when not given). `memo`: what an earlier search of the same page with the same
    `stops`, `repeats`, `prose`, `furniture`, `source` and `page_text` learnt of its lines (see
    `TitleMemo`); only the body may differ between the searches that share one.
    """
    if memo is None:
        memo = TitleMemo()
    candidates = []
    seen = 0.0
    for i in range(body_start - 1, -1, -1):
        if lines[i].blank:
            continue
        seen += FURNITURE_STEP if furniture is not None and furniture[i] else 1.0
        if seen > TITLE_REACH:
            break
        candidates.append((i, seen))
    # A question or exclamation headline, or a short one written as a sentence, can look like prose
    # and open the block itself.
    opener = None
    for i in range(body_start, min(len(lines), body_start + 3)):
        if not lines[i].blank and not (lines[i].n_words > OPENER_MAX_WORDS and lines[i].stripped.endswith(".")):
            candidates.append((i, 1))
            opener = i
            break
    # The block can also open with a stray sentence (a disclaimer, a tagline) above the headline:
    # look on until a second paragraph of prose. (Every candidate so far stands above this line
    # but the one opening the block.)
    inside = 0
    sentences = 0
    for i in range(body_start, len(lines)):
        if lines[i].blank:
            continue
        if prose[i]:
            sentences += 1
            if sentences > 1:
                break
        inside += 1
        if inside > INSIDE_REACH:
            break
        if i > body_start and not prose[i] and i != opener:
            candidates.append((i, 1))
    shaped = memo.shaped
    kept = []
    for i, distance in candidates:
        if i in skip:
            continue
        ok = shaped.get(i)
        if ok is None:
            line = lines[i]
            ok = shaped[i] = not (not looks_like_headline(line, source) or line.chrome or line.byline
                                  or _button(line, stops))
        if ok:
            kept.append((i, distance))
    if body_words is None:
        body_words = _counts_in_body(lines, in_body, kept, stops)
    return _choose(lines, kept, body_start, body_words, stops, repeats, prose, furniture, in_body, page_text,
                   memo=memo)


class TitleMemo:
    """What `find_title` learns of a page's lines that holds wherever the body stands: which
    lines are headline-shaped, each candidate's own signs (its score's parts but the topic, its
    neighbours, a twin, a date below, an echo), which lines are bylines or dates. The cleaner
    searches one page more than once (above the rules' body, above the model's, above a brief's
    body), over candidates that mostly recur; each is looked at once."""

    __slots__ = ("shaped", "signs", "dated", "dated_below", "echoed", "tails")

    def __init__(self):
        self.shaped: dict[int, bool] = {}          # line -> a headline candidate at all
        self.signs: dict[int, _Signs] = {}         # candidate line -> its own signs
        self.dated: dict[int, bool] = {}           # line -> a byline or a date line (`dated_below`)
        self.dated_below: dict[int, bool] = {}     # candidate line -> one within DATED_REACH under it
        self.echoed: dict[int, bool] = {}          # candidate line -> `echoed_on_page`
        self.tails: Counter | None = None          # lines ending with each pair of words


_WORDS_OF = attrgetter("words")


def _counts_in_body(lines: list[Line], in_body: list[bool] | None, candidates: list[tuple[int, float]],
                    stops: frozenset[str]) -> Counter:
    """How often the lines marked `in_body` use each word of the candidates' lines that is no
    stopword and has three letters or more (all `find_title` asks of the body's words: the
    others are never looked up)."""
    if in_body is None:
        return Counter()
    wanted = {w for i, _ in candidates for w in lines[i].words if len(w) > 2}.difference(stops)
    if not wanted:
        return Counter()
    return Counter(filter(wanted.__contains__, chain.from_iterable(map(_WORDS_OF, compress(lines, in_body)))))


def _choose(lines: list[Line], candidates: list[tuple[int, float]], body_start: int, body_words,
            stops: frozenset[str], repeats: Counter, prose: list[bool], furniture: list[bool] | None,
            in_body: list[bool] | None, page_text: str | None, prune: bool = True,
            memo: TitleMemo | None = None) -> int | None:
    """`find_title`'s scoring of its headline-shaped candidates, and the choice among them.

    With `prune`, a candidate whose score cannot come within `PRUNE_MARGIN` of one already
    counted is left out before its costlier signs (a prose line above, a date below, a twin):
    the choice never looks that far below the best (see `PRUNE_MARGIN`). Leaving one out could
    change only whether the echoes are looked for at all (two candidates or more); when that is
    in doubt the scoring starts again without leaving any out.
    """
    if memo is None:
        memo = TitleMemo()
    n_lines = len(lines)
    first_line = next((i for i, l in enumerate(lines) if not l.blank), -1)
    twins: set[int] = set()  # printed twice a few lines apart
    signs = memo.signs
    below_memo = memo.dated_below
    scored = []
    counted: float | None = None  # the best score counted in full so far: the headline's is no lower
    pruned = False
    for i, distance in candidates:
        line = lines[i]
        sign = signs.get(i)
        if sign is None:
            sign = signs[i] = _Signs(lines, i, stops, repeats, prose, furniture)
        # A line of the body block is among the words the body uses: it cannot vouch for itself.
        if in_body is not None and in_body[i]:
            if sign.own is None:
                sign.own = Counter(line.words)
            topic_words = _Without(body_words, sign.own)
        else:
            topic_words = body_words
        score = _scored(sign.shape, topic_words) - W_DISTANCE * distance
        # (the cheap signs first: with them the most this candidate can reach, before the rest)
        is_prose = sign.is_prose
        is_furniture = sign.is_furniture
        lower = sign.lower
        period = sign.period
        alone = sign.alone
        in_menu = sign.in_menu
        if prune and counted is not None and score + _MOST_GAINED - (
                W_PROSE * is_prose + W_FURNITURE * is_furniture + W_OPENS_BODY * (i >= body_start) + W_LOWER * lower
                + W_PERIOD * period + (0.0 if alone else W_ALONE + W_IN_MENU * in_menu)) < counted - PRUNE_MARGIN:
            pruned = True
            continue
        if sign.after_prose is None:
            sign.settle(lines, i, prose, repeats, memo)
        if sign.after_prose:
            score -= W_AFTER_PROSE
        if is_prose:
            score -= W_PROSE
        if is_furniture:
            score -= W_FURNITURE
        if i >= body_start:
            score -= W_OPENS_BODY
        # (none when the body starts right under it and shares its words: a page that opens with
        # its headline, as a brief does)
        if i == first_line and not (_previous_line(lines, body_start) == i and any(
                body_words.get(w) for w in line.words if w not in stops and len(w) > 2)):
            score -= W_FIRST_LINE
        if lower:
            score -= W_LOWER
        if period:
            score -= W_PERIOD
        if sign.separator:
            score -= W_SEPARATOR
        # "What is a Data Feed? Read more": teasers in a link list end with the same button.
        if sign.shared_tail:
            score -= W_SHARED_TAIL
        if sign.twin:
            score += W_TWIN
            twins.add(i)
        if alone:
            score += W_ALONE
        elif in_menu:
            score -= W_IN_MENU
        # The article's header: a byline or a date under the headline (checked only where it counts).
        if score > -W_DATED_BELOW:
            found = below_memo.get(i)
            if found is None:
                found = below_memo[i] = dated_below(lines, i, memo.dated)
            if found:
                score += W_DATED_BELOW
        if score > -W_ECHO:
            scored.append((i, score))
        if counted is None or score > counted:
            counted = score
    if pruned and len(scored) < 2:
        return _choose(lines, candidates, body_start, body_words, stops, repeats, prose, furniture, in_body,
                       page_text, prune=False, memo=memo)
    # Printed again as a page title's or a breadcrumb's first or last part: looked for only
    # among the candidates near the best, where it can change the choice.
    echoed: set[int] = set()
    if len(scored) > 1:
        near = max(score for _, score in scored) - W_ECHO - ECHO_WINDOW
        echoes = memo.echoed
        for k, (i, score) in enumerate(scored):
            if score < near:
                continue
            echo = echoes.get(i)
            if echo is None:
                echo = echoes[i] = echoed_on_page(lines[i].stripped, page_text, lines)
            if echo:
                scored[k] = (i, score + W_ECHO)
                echoed.add(i)
    scored = [(i, score) for i, score in scored if score > 0]
    if not scored:
        return None
    # The headline comes before the article's own subheadings, standfirst and table of contents,
    # which can score as well as it does: among the near-best candidates, take the first. A section
    # label of a few words over the headline ("Online Learning", the site's name) is not one of them.
    top, best = max((score, -i) for i, score in scored)
    best = -best
    # A headline with its byline or date right under it heads the article's header: a line no
    # shorter above it (a tagline, a teaser, a breadcrumb) is not among its ties, while its
    # standfirst, longer, stands between it and the byline.
    owns_header = dated_below(lines, best, memo.dated, OWN_REACH)
    ties = [i for i, score in scored
            if i == best or (score >= top - TITLE_MARGIN and lines[i].n_words >= TIE_MIN_WORDS
                             and not (owns_header and i < best and lines[i].n_words >= lines[best].n_words))]
    # A headline printed twice right there (the page's title over its heading) heads the
    # article's header: a line above it that only scores as well (a call to action, a teaser,
    # a section's name) does not tie with it.
    twinned = [i for i in ties if i in twins]
    best = min(twinned or ties)
    # A section label of a few words right over the headline (a kicker) can score higher than it
    # (a short headline printed twice, or again as a page title or a breadcrumb's end, is none;
    # nor is one over its lede, a sentence).
    if lines[best].n_words < TIE_MIN_WORDS and best not in twins and best not in echoed:
        under = _next_line(lines, best)
        by_index = dict(scored)
        if (under is not None and under in by_index and by_index[under] >= top - KICKER_MARGIN
                and lines[under].n_words > lines[best].n_words and not prose[under]
                and not lines[under].stripped.rstrip("'\"”’»)] ").endswith(".")):
            best = under
    # A headline and its standfirst: two blocks of their own, one under the other, the second
    # longer. The standfirst often scores higher (longer, more of the body's words). A line
    # printed twice right there is the headline itself (a standfirst is not the page's title).
    above = _previous_line(lines, best)
    if above is not None and best not in twins:
        by_index = dict(scored)
        dek = lines[best]
        if (above in by_index and by_index[above] >= by_index[best] - DEK_MARGIN
                and DEK_MIN_WORDS <= lines[above].n_words < dek.n_words and dek.n_words >= DEK_MIN_LENGTH
                and (_capitalised_share(dek) < DEK_MAX_CAPITALS or (
                    lines[above].n_words >= DEK_TITLED_WORDS and not _SEPARATOR_RE.search(lines[above].stripped)))
                and _alone(lines, above) and _alone(lines, best)):
            return above
    return best




class _Without:
    """`counts - own` (a line's own word counts) as `title_score` reads it (`get`), without
    copying `counts`."""

    __slots__ = ("counts", "own")

    def __init__(self, counts: Counter, own: Counter):
        self.counts, self.own = counts, own

    def get(self, word: str, default=None):
        n = self.counts.get(word, 0) - self.own.get(word, 0)
        return n if n > 0 else default


class _Signs:
    """A headline candidate's own signs, whatever the body: what `_choose` weighs besides the
    topic, the distance and where the body starts. The cheap ones (`shape`, the title score's
    parts but the topic, see `_shape`; prose or furniture; a lowercase start, a full stop at
    the end; a block of its own or in a menu) are set at once; the rest (a prose line above, a
    separator, a furniture tail shared with another line, a twin) by `settle`, only for a
    candidate that comes near the best."""

    __slots__ = ("shape", "is_prose", "is_furniture", "lower", "period", "alone", "in_menu", "own",
                 "after_prose", "separator", "shared_tail", "twin")

    def __init__(self, lines: list[Line], i: int, stops: frozenset[str], repeats: Counter, prose: list[bool],
                 furniture: list[bool] | None):
        line = lines[i]
        self.shape = _shape(line, stops, repeats)
        self.is_prose = bool(prose[i])
        self.is_furniture = furniture is not None and bool(furniture[i])
        s = line.stripped
        self.lower = s.lstrip("'\"“‘«([")[:1].islower()
        tail = s.rstrip("'\"”’»)] ")
        self.period = tail.endswith(".") and not tail.endswith(("...", "…"))
        # A headline is a block of its own; menus and link lists run line after line.
        n_lines = len(lines)
        above = i > 0 and not lines[i - 1].blank
        below = i + 1 < n_lines and not lines[i + 1].blank
        self.alone = alone = not above and not below
        self.in_menu = not alone and ((above and below) or (above and i > 1 and not lines[i - 2].blank) or (
            below and i + 2 < n_lines and not lines[i + 2].blank))
        self.own: Counter | None = None  # the line's own words, counted when it is in the body
        self.after_prose: bool | None = None  # (None until `settle`)

    def settle(self, lines: list[Line], i: int, prose: list[bool], repeats: Counter, memo: TitleMemo) -> None:
        line = lines[i]
        s = line.stripped
        self.after_prose = _after_prose(lines, prose, i)
        self.separator = _SEPARATOR_RE.search(s) is not None
        # "What is a Data Feed? Read more": teasers in a link list end with the same button.
        shared = False
        if line.n_words > 3 and CHROME_WORDS.issuperset(line.words[-2:]):
            if memo.tails is None:  # how many different lines end with each pair of words
                memo.tails = Counter(
                    tuple(l.words[-2:]) for l in {l.stripped: l for l in lines if l.n_words > 3}.values())
            shared = memo.tails[tuple(line.words[-2:])] >= 2
        self.shared_tail = shared
        # (`get`: a Counter's missing key goes through a Python-level __missing__)
        n_lines = len(lines)
        self.twin = repeats.get(s, 0) > 1 and any(
            lines[j].stripped == s for j in range(max(0, i - TWIN_REACH), min(n_lines, i + TWIN_REACH + 1)) if j != i)


# The separators of a page title ("Headline | Site", "Headline - Site") and a breadcrumb
# ("Home › Guides › Headline"): spaced, or a bar or an arrow spaced on one side.
_TITLE_PARTS_RE = re.compile(r"\s[|›»>/·•–—-]\s|\s[|›»]|[|›»]\s")
ECHO_MAX_WORDS = 40    # a page title or a breadcrumb is a line of at most this many words
ECHO_REST_WORDS = 5    # ...its other parts at most this many each


def echoed_on_page(s: str, page_text: str | None, lines: list[Line]) -> bool:
    """Is `s` printed again elsewhere as the first or last part of a page title or a breadcrumb
    ("s | Site", "Home › Guides › s"), the other parts short (a site's name, section names)?"""
    if not s:
        return False
    if page_text is None:
        page_text = "\n".join([line.stripped for line in lines])
    at = page_text.find(s)
    while at >= 0:
        start = page_text.rfind("\n", 0, at) + 1
        end = page_text.find("\n", at)
        end = len(page_text) if end < 0 else end
        t = page_text[start:end]
        # (s is the first or the last part only where the line starts or ends with it: most
        # lines that hold s are sentences that mention it)
        if (t != s and (t.lstrip().startswith(s) or t.rstrip().endswith(s)) and t.count(" ") < ECHO_MAX_WORDS
                and _TITLE_PARTS_RE.search(t)):
            parts = [p.strip() for p in _TITLE_PARTS_RE.split(t)]
            if (parts[0] == s and all(len(p.split()) <= ECHO_REST_WORDS for p in parts[1:])) or (
                    parts[-1] == s and all(len(p.split()) <= ECHO_REST_WORDS for p in parts[:-1])):
                return True
        at = page_text.find(s, end)
    return False


def _button(line: Line, stops: frozenset[str]) -> bool:
    """Buttons and account links ("Subscribe Sign in"): furniture words with stopwords only."""
    words = line.words
    return not CHROME_WORDS.isdisjoint(words) and all(w in CHROME_WORDS or w in stops for w in words)


def _capitalised_share(line: Line) -> float:
    """Share of the words (that start with a letter) that start with a capital: high in Title Case."""
    words = [w for w in line.stripped.split() if w[:1].isalpha()]
    return sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0


def _previous_line(lines: list[Line], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if not lines[j].blank:
            return j
    return None


def _next_line(lines: list[Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if not lines[j].blank:
            return j
    return None


def _alone(lines: list[Line], i: int) -> bool:
    return (i == 0 or lines[i - 1].blank) and (i + 1 >= len(lines) or lines[i + 1].blank)


# Separators of breadcrumbs, page titles and tag lists ("Roses · Pruning · Frost"), with a space on
# at least one side (a dot or a bullet between two spaces only: "• " opens a list item).
_SEPARATOR_RE = re.compile(r"\s[|›»>/·•]\s|\s[|›»>]|[|›»>]\s")
# Every date that parse_date reads has a four-digit year.
_YEAR_RE = re.compile(r"\d{4}")
# "13/06/2014 Tony Carter": a line that opens with a numeric date is a byline or a date line.
_NUMERIC_DATE_START_RE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")


def _numeric_date_start(s: str) -> bool:
    """Does `s` open with a numeric date (`_NUMERIC_DATE_START_RE`)? (Only a line that opens with
    a decimal digit, what `\\d` matches, can: most lines are settled without the regex.)"""
    return s[:1].isdecimal() and _NUMERIC_DATE_START_RE.match(s) is not None


def dated_below(lines: list[Line], i: int, memo: dict[int, bool] | None = None, reach: int = DATED_REACH) -> bool:
    """A byline ("By Jane Doe", a lone "By") or a date line within a few lines below line i:
    the header of the article, which its headline heads. `memo` keeps each line's answer."""
    if memo is None:
        memo = {}
    seen = 0
    for j in range(i + 1, len(lines)):
        line = lines[j]
        if line.blank:
            continue
        seen += 1
        if seen > reach:
            return False
        found = memo.get(j)
        if found is None:
            found = memo[j] = line.byline or line.words == ["by"] or (line.n_words <= 15 and bool(
                _numeric_date_start(line.stripped)
                or (_YEAR_RE.search(line.stripped) and parse_date(line.stripped))))
        if found:
            return True
    return False


def _after_prose(lines: list[Line], prose: list[bool], i: int, reach: int = 2) -> bool:
    seen = 0
    for j in range(i - 1, -1, -1):
        if lines[j].blank:
            continue
        if prose[j]:
            return True
        if is_dateline(lines[j]):  # the date over a headline, under the blog's description
            return False
        seen += 1
        if seen >= reach:
            return False
    return False


def title_score(line: Line, body_words: Counter, stops: frozenset[str], repeats: Counter) -> float:
    return _scored(_shape(line, stops, repeats), body_words)


def _shape(line: Line, stops: frozenset[str], repeats: Counter) -> tuple:
    """What `title_score` adds up but the topic's share, which alone depends on the body: the
    line's topic words and the terms its length, repetition, last character and capitals add,
    each as the sum takes it (so that the sum is the same to the last bit)."""
    topic = [w for w in line.words if w not in stops and len(w) > 2 and not w.isdigit()]
    n_words = line.n_words
    s = line.stripped
    return (topic,
            # Headlines run to several words; menu items and labels are one to three...
            W_LENGTH * (min(n_words, 12) - 4),
            # ...but rarely to more than LONG_WORDS: a longer line is a table of contents or a teaser.
            W_LENGTH * max(0, n_words - LONG_WORDS),
            repeats.get(s, 0) > 1, s.endswith(":"), s.endswith("?"),
            W_CAPITALS * _capitals(s) / max(1, n_words))


def _scored(shape: tuple, body_words) -> float:
    """`title_score` from the line's `_shape` and the body's word counts."""
    topic, length, overlong, repeated, colon, question, capitals = shape
    score = 1.0
    if topic:
        # Smoothed, so a one-word label that happens to occur in the body does not score full marks.
        # Words the body keeps coming back to count fully; a passing mention counts a little.
        # (min(1, count / TOPIC_TF) of each word, in order, through maps rather than a generator)
        counts = map(body_words.get, topic, repeat(0))
        score += W_TOPIC * sum(map(min, repeat(1.0), map(truediv, counts, repeat(TOPIC_TF)))) / (len(topic) + 1)
    score += length
    score -= overlong
    if repeated:
        score += W_REPEATED
    if colon:
        score -= 1.0
    if question:
        score -= W_QUESTION
    score += capitals
    return score


_FIRST = itemgetter(0)
# For `_capitals` on ASCII text: what `str.split` splits on becomes a space, a capital "A",
# anything else "x".
_CAPITAL_BYTES = bytes(32 if chr(b).isspace() else 65 if chr(b).isupper() else 120 for b in range(128)) + b"x" * 128


def _capitals(s: str) -> int:
    """How many of the words of `s` (`s.split()`) start with a capital."""
    if s.isascii():  # (a capital after a space or at the start, counted on bytes)
        marks = s.encode("ascii").translate(_CAPITAL_BYTES)
        return marks.count(b" A") + marks.startswith(b"A")
    return countOf(map(str.isupper, map(_FIRST, s.split())), True)


def find_date(lines: list[Line], title_idx: int | None, start: int | None, end: int | None,
              language: str = "English") -> str | None:
    """The publication date the page prints for its article (see `dates.find_date`): the
    headline at `title_idx`, the body in lines[start:end]; American month-first numeric dates
    on English pages."""
    return dates.find_date(lines, title_idx, start, end)
