"""Cleaning one scraped article: which raw lines are the headline, which the body, which boilerplate.

The scraper dumps a page's visible text: menus, taglines, captions, share buttons, related links
and comment forms around the article. `clean` labels every raw line and keeps the body lines
exactly as they stand, so the cleaned text never contains a word the page did not print and the
reader can always be shown what was dropped (`labels`). It never raises on any `str` and is
deterministic, so re-indexing a corpus gives the same result.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from operator import countOf

import numpy as np

from index.clean import header
from index.clean.language import JUSTEXT_NAMES, page_language_and_guess
from index.clean.line_model import LineModel, default_model, features
from index.clean.lines import Line, lines_of, script_of
from index.clean.promos import CALL_MAX_WORDS, HINT_WORDS, is_ad_slot, is_call_to_action
from index.clean.stopwords import SAMPLE_WORDS
from index.clean.templates import Templates, line_key
from index.errors import BrokenInstall
from index.text.words import words as split_words

TITLE, CONTENT, BOILER, BLANK = "T", "C", "B", "-"
# `clean` decides with the shipped line model (`line_model.json`) by default: on the benchmark's
# grouped cross-validation it beats the rules on sites it never saw (see bench/README.md); the
# rules' verdicts are among its inputs and bound what it may keep.
SHIPPED = object()
# The rules alone, whatever the default.
RULES = object()
USE_MODEL_BY_DEFAULT = True


class _Find:
    """`found_source`'s default: look for the page's source (`header.find_source`). It stays
    itself through pickling (a re-cleaning's jobs go to worker processes)."""

    def __reduce__(self):
        return "FIND_SOURCE"

    def __repr__(self):
        return "FIND_SOURCE"


FIND_SOURCE = _Find()

# Prose: a line that ends a sentence and has enough words to be more than a button or a label.
MIN_PROSE_WORDS = 8
MIN_COLON_WORDS = 12
MIN_STOP_DENSITY = 0.12
# Below this share of stopwords in the language sample, the stopword list does not fit the page.
MIN_STOP_COVERAGE = 0.05
# Costs against the article block, in prose words: a heading or list item costs little, furniture more.
NEUTRAL_COST = 2.0
BAD_MIN_COST = 3.0
RELATED_COST = 10.0
GAP_GROWTH = 0.4
# The first stretch (between comment headings) whose block has this share of the biggest wins.
FIRST_BLOCK_SHARE = 0.2
# A page whose prose printed twice outweighs its other prose this many times holds two copies of
# the article (a hidden duplicate): the first copy counts as the article.
TWICE_RATIO = 3.0


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
    site: str | None = None,
    line_model: LineModel | None | object = None,
    found_source: str | None | object = FIND_SOURCE,
) -> CleanedArticle:
    """Label the lines of `raw` and keep the article.

    `title`, `source` and `date` are hints from structured input and win over detection; a raw
    line equal to the given title is still labelled as the title and kept out of the body.
    `templates` (learned over a corpus) marks lines that repeat across one outlet's articles.
    `site`: the web domain the input names (see `header.find_source`).
    `line_model` decides which lines are the article: None for the default, `SHIPPED` for the
    shipped model, `RULES` for the rules alone, or a `LineModel`.
    `found_source`: what `header.find_source` answered for these very lines and `site` in an
    earlier cleaning (None when it found nothing), so a re-cleaning need not look again.
    """
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = tuple(text.split("\n"))
    if line_model is SHIPPED or (line_model is None and USE_MODEL_BY_DEFAULT):
        line_model = default_model()
    elif line_model is RULES:
        line_model = None
    try:
        return _clean(raw_lines, title, source, date, templates, site, line_model, found_source=found_source)
    except BrokenInstall:
        raise
    except Exception:  # a cleaner bug must never lose the article: keep it whole
        return _fallback(raw_lines, title, source, date)


def _skip_promos(lines: list[Line], hinted: list[Line]) -> tuple[list[int], set[int]]:
    """The page's ad slots and calls to action (see `promos`): (those read as blank lines, the
    calls to action read as furniture).

    An ad slot is read as a blank line wherever it stands: the paragraphs around it are each
    other's neighbours, to the rules and to the model. So is a call to action between two
    paragraphs of prose, the article's interrupted; elsewhere (under the article, over the
    page's other sections) it is furniture that tells where the article ends. A newsletter
    box's heading that the rules read as the article's end (`Line.after_article`) stays that.
    `hinted`: the lines holding one of `promos.HINT_WORDS` (the others are neither)."""
    skipped: list[int] = []
    calls: set[int] = set()
    for line in hinted:
        if line.blank or line.n_words > CALL_MAX_WORDS:
            continue
        i = line.index
        if is_ad_slot(line):
            line.blank = True
            skipped.append(i)
        elif is_call_to_action(line) and not (line.may_open_label and line.after_article):
            calls.add(i)
    for i in sorted(calls):
        if _prose_beside(lines, i, -1, calls) and _prose_beside(lines, i, 1, calls):
            lines[i].blank = True
            skipped.append(i)
    calls.difference_update(skipped)
    return sorted(skipped), calls


def _prose_beside(lines: list[Line], i: int, step: int, calls: set[int]) -> bool:
    """Is the nearest line above (`step` -1) or below (1) line `i` that is no call to action a
    sentence of prose?"""
    i += step
    while 0 <= i < len(lines) and (lines[i].blank or i in calls):
        i += step
    if not 0 <= i < len(lines):
        return False
    line = lines[i]
    return line.n_words >= MIN_PROSE_WORDS and line.end_punct


def _fallback(raw_lines, title, source, date) -> CleanedArticle:
    labels = "".join(CONTENT if line.strip() else BLANK for line in raw_lines)
    paragraphs = tuple(line for line in raw_lines if line.strip())
    return CleanedArticle((title or "").strip(), source, date, paragraphs, raw_lines, labels)


def page_features(raw: str, templates: Templates | None = None) -> tuple[np.ndarray, list[int], int | None]:
    """The line model's inputs for a page: (feature matrix, raw line index of each row, the
    rules' headline line), as `clean` computes them (what `bench/train_line_model.py` learns
    from)."""
    raw_lines = tuple(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    found: list = []
    _clean(raw_lines, None, None, None, templates, None, None, found)
    return found[0]


def _clean(raw_lines, title_hint, source_hint, date_hint, templates, site=None, line_model=None,
           collect: list | None = None, found_source: str | None | object = FIND_SOURCE) -> CleanedArticle:
    lines = lines_of(raw_lines)
    sample, sample_text, whole, cut = _language_sample(lines)
    latin = script_of(sample_text) in ("LATIN", "")
    code, stops, guessed = page_language_and_guess(sample, sample_text, latin)
    language = JUSTEXT_NAMES.get(code, code) if code else guessed
    # (the lines that may be an ad slot or a call to action, see `_skip_promos`: those holding
    # a word every one of them holds, looked for in the pass that counts the stopwords)
    no_hint = HINT_WORDS.isdisjoint
    if stops:
        contains = stops.__contains__
        hinted = []
        for line in lines:
            if line.n_words:  # (`Line.count_stops`, written out: it runs on every line)
                words = line.words
                line.stop_hits = countOf(map(contains, words), True)
                if not no_hint(words):
                    hinted.append(line)
        # (the sample's stopwords: those of the lines it holds whole, counted just now, and
        # of the one it cuts)
        hits = sum(line.stop_hits for line in whole) + countOf(map(contains, cut), True)
    else:
        hits = 0
        hinted = [line for line in lines if line.n_words and not no_hint(line.words)]
    # A language without a stopword list (Korean, say) gets the fallback list, which its text
    # hardly ever hits: then the stopword share tells nothing, and prose is told without it.
    stop_signal = not sample or hits >= MIN_STOP_COVERAGE * len(sample)
    if not stop_signal and stops:
        stops = frozenset()
        for line in lines:
            line.stop_hits = 0

    source = source_hint or (header.find_source(lines, site) if found_source is FIND_SOURCE else found_source)
    if source is None and templates:
        source = templates.group_of(raw_lines)  # an outlet found by its articles' shared lines
    # (after the source search, which reads every line the page prints)
    promos, calls = _skip_promos(lines, hinted)
    page = _Page(lines, source, source_hint, templates, stop_signal, calls)
    kinds = page.kinds()
    # Two readings of the block: a loose one (any stretch of furniture costs the same per line)
    # to find the headline above the article, a tight one (long stretches cost more) to bound
    # the body; the body then reaches back to the headline.
    (loose_start, loose_end), (start, end) = _densest_blocks(lines, kinds, GAP_GROWTH)

    title_idx: int | None = None
    given_title = bool(title_hint and title_hint.strip())
    if given_title:
        title = title_hint.strip()
        title_idx = next((l.index for l in lines if l.stripped == title), None)
    else:
        title_idx = _find_title(lines, kinds, loose_start, loose_end, stops, page)
        title = lines[title_idx].stripped if title_idx is not None else ""
    if start is not None and title_idx is not None and loose_start is not None and title_idx < start:
        start = max(min(start, loose_start), title_idx + 1)

    keep = _keep_in_block(lines, kinds, start, end)
    if line_model is not None or collect is not None:
        x, rows = features(lines, kinds, keep, start, end, loose_start, loose_end, title_idx, page.repeats,
                           page.template_lines, stops)
        if collect is not None:
            collect.append((x, rows, title_idx))
        if line_model is not None and rows:
            logits = line_model.logits(x)
            decided = line_model.decide(x, logits)
            first, last = _main_run(logits - line_model.threshold)
            rule_keep = keep
            keep = [False] * len(lines)
            for i, k in zip(rows, decided.tolist()):
                keep[i] = k
            _whole_lists(lines, rule_keep, keep)
            # The rules looked for the headline above their own block, which a menu or a teaser
            # list of prose-like lines can stretch far above the article: where the model's
            # article does not hold that headline and opens elsewhere, look again above it.
            if not given_title and first is not None and (
                    title_idx is None or not rows[first] <= title_idx <= rows[last]):
                body = next((rows[r] for r in range(first, last + 1) if kinds[rows[r]] == GOOD), None)
                if body is not None and body != loose_start:
                    found = _find_title(lines, kinds, body, rows[last], stops, page)
                    if found is not None and (title_idx is None or _header_marks(lines, found, page) >= _header_marks(
                            lines, title_idx, page)):
                        title_idx = found
                        title = lines[found].stripped
            _one_copy(lines, page.repeated_lines, rows, logits - line_model.threshold, keep, title)
            _fill_gaps(lines, kinds, keep, title_idx)
    if (title_idx is not None and not given_title and keep[title_idx]
            and not any(k for i, k in enumerate(keep) if i != title_idx)):
        # The headline stands above a body: a line that would take the article's only kept
        # line for itself (a two-line brief whose headline shares no word with its sentence)
        # is the body, and the headline is looked for again above it.
        found = _find_title(lines, kinds, loose_start, loose_end, stops, page, skip={title_idx})
        title_idx = found if found is not None and found != title_idx else None
        title = lines[title_idx].stripped if title_idx is not None else ""
    if title_idx is not None:
        keep[title_idx] = False
    if source:
        # The outlet's name alone on a line is its logo or a credit, never the article's text.
        for i in [i for i, k in enumerate(keep) if k]:
            if lines[i].stripped == source:
                keep[i] = False
    if given_title and not any(keep):
        # A record that gives its title apart (a JSON field, an HTML page's) gives its body
        # apart too: where nothing in it reads as prose ("Markets closed higher", a one-line
        # update), its lines are the article all the same, but for those the rules know for
        # furniture by their patterns.
        keep = [not line.blank and i != title_idx and kinds[i] not in (BAD, RELATED, END)
                for i, line in enumerate(lines)]

    labels = [CONTENT if k else BLANK if line.blank else BOILER for line, k in zip(lines, keep)]
    for i in promos:
        labels[i] = BOILER
    if title_idx is not None:
        labels[title_idx] = TITLE
    paragraphs = tuple(line.text for line, k in zip(lines, keep) if k)

    if date_hint:
        date = date_hint
    else:
        date = header.find_date(lines, title_idx, start, end, language)
    return CleanedArticle(title, source, date, paragraphs, tuple(raw_lines), "".join(labels))


LIST_MIN_LINES = 3
# A run of at most this many dropped lines between two kept ones is kept (see `_fill_gaps`).
GAP_LINES = 3
# ...and a code sample of at most this many lines, its lines of code this short and its other
# lines shorter.
SNIPPET_LINES = 40
SNIPPET_LINE_WORDS_CODE = 25
SNIPPET_LINE_WORDS = 8


def _whole_lists(lines: list[Line], rule_keep: list[bool], keep: list[bool]) -> None:
    """A list printed line after line (no blank between its items) that the rules keep whole
    and the model keeps the most of is kept whole: the items of a checklist or a table stand
    or fall together."""
    i, n = 0, len(lines)
    while i < n:
        if lines[i].blank:
            i += 1
            continue
        j = i
        while j < n and not lines[j].blank:
            j += 1
        if j - i >= LIST_MIN_LINES and all(rule_keep[i:j]) and 2 * sum(keep[i:j]) >= j - i:
            keep[i:j] = [True] * (j - i)
        i = j


def _one_copy(lines: list[Line], repeated: set[int], rows: list[int], scores: np.ndarray, keep: list[bool],
              title: str) -> None:
    """A line printed more than once is furniture to the rules (a menu, a share bar), but an
    article's headings also stand in its table of contents: where the model reads one copy of
    such a line as article text and keeps no other copy, the copy it is surest of is kept (not
    the headline's text, which the title holds)."""
    if not repeated:
        return
    best: dict[str, tuple[float, int]] = {}
    for r, i in enumerate(rows):
        if i in repeated and scores[r] > 0:
            text = lines[i].stripped
            if text not in best or scores[r] > best[text][0]:
                best[text] = (float(scores[r]), i)
    if not best:
        return
    kept = {lines[i].stripped for i in range(len(lines)) if keep[i]}
    kept.add(title)
    for text, (_, i) in best.items():
        if text not in kept:
            keep[i] = True


def _fill_gaps(lines: list[Line], kinds: list[str], keep: list[bool], title_idx: int | None) -> None:
    """A few lines the model drops between two lines it keeps are the article's too (a heading,
    a short line it doubted), unless the rules know one of them for furniture by its pattern."""
    rows = [line.index for line in lines if not line.blank]
    n = len(rows)
    k = 0
    while k < n:
        if not keep[rows[k]] or rows[k] == title_idx:
            k += 1
            continue
        j = k + 1
        while j < n and not keep[rows[j]]:
            j += 1
        gap = rows[k + 1:j]
        if j < n and rows[j] != title_idx and gap and title_idx not in gap and (
                (len(gap) <= GAP_LINES and all(kinds[i] not in (BAD, RELATED, END) for i in gap))
                or _snippet(lines, kinds, gap)):
            for i in gap:
                keep[i] = True
        k = j


def _snippet(lines: list[Line], kinds: list[str], gap: list[int]) -> bool:
    """A code sample between two paragraphs of the article (a tutorial's): lines of code printed
    a statement or two to the line, with the short lines around them that belong to it (a
    closing brace, a label over it), and nothing the rules know for furniture by any other mark.
    Code is furniture to the rules (script or markup that leaked into the page's text, often run
    together on one long line), but not where the article runs on both sides."""
    if len(gap) > SNIPPET_LINES:
        return False
    code = 0
    for i in gap:
        line = lines[i]
        if line.code:
            if line.n_words > SNIPPET_LINE_WORDS_CODE:
                return False
            code += 1
        elif kinds[i] not in (NEUTRAL, SENTENCE) or line.n_words > SNIPPET_LINE_WORDS:
            return False
    return code > 0


# "Home › Guides › X", "X | Site": a breadcrumb or a page title that repeats a line.
_CRUMB_END_RE = re.compile(r"\s[|›»>/·•–—-]\s*$")
_CRUMB_START_RE = re.compile(r"\s*[|›»>/·•–—-]\s")


def _header_marks(lines: list[Line], i: int, page: _Page | None = None) -> int:
    """How many of an article header's marks line i bears: a byline or a date line a few lines
    under it, and the same text printed again as the last (or first) part of a breadcrumb or a
    page title elsewhere on the page. Between two headline candidates found above two readings
    of the article, the one that heads the article's own header is the headline. (`page`: the
    lines' page, whose text is searched for the line's and whose headline searches have told
    date lines already.)"""
    shared = page.title_search if page is not None else None
    marks = int(header.dated_below(lines, i, shared[0].dated if shared else None))
    if next((j for j, line in enumerate(lines) if not line.blank), None) == i:
        marks -= 1  # the page's first line, where the site's name stands
    s = lines[i].stripped
    if page is None or not s:
        texts = (other.stripped for other in lines)
    else:  # (only the lines that hold s: found in the page's text, one line at a time)
        texts = _lines_holding(page.text, s)
    for t in texts:
        if len(t) > len(s) + 2 and s in t:
            if (t.endswith(s) and _CRUMB_END_RE.search(t[:-len(s)])) or (
                    t.startswith(s) and _CRUMB_START_RE.match(t[len(s):])):
                return marks + 1
    return marks


def _lines_holding(text: str, s: str):
    """The lines of `text` (joined by newlines) that hold `s` (no newline in it), in order."""
    at = text.find(s) if s else -1
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        yield text[start:end]
        at = text.find(s, end)


def _main_run(scores: np.ndarray) -> tuple[int | None, int]:
    """(first, last) row of the run with the largest sum of `scores` (each line's log-odds of
    being article text: the article as the model sees it); (None, -1) when none is positive."""
    if len(scores) == 0:
        return None, -1
    prefix = np.concatenate(([0.0], scores.cumsum()))
    lowest = np.minimum.accumulate(prefix[:-1])
    gain = prefix[1:] - lowest
    last = int(gain.argmax())
    if gain[last] <= 0:
        return None, -1
    before = prefix[:last + 1]
    first = last - int(before[::-1].argmin())  # the latest start at that lowest prefix
    return first, last


def _language_sample(lines: list[Line], n_lines: int = 12, n_chars: int = 6000) -> tuple[
        list[str], str, list[Line], list[str]]:
    """The words of the longest lines (the body in nearly every page), up to n_chars of them
    joined, to guess the language from, and their text; and the lines whose words it holds
    whole, and the words of the one it cuts short. Reuses the words each line has already
    split."""
    longest = sorted(lines, key=lambda l: len(l.text), reverse=True)[:n_lines]
    words: list[str] = []
    texts: list[str] = []
    whole: list[Line] = []
    cut: list[str] = []
    budget = n_chars
    for line in longest:
        if budget <= 0 or len(words) >= SAMPLE_WORDS:
            break
        if len(line.text) <= budget:
            words.extend(line.words)
            texts.append(line.stripped)
            whole.append(line)
        else:
            cut = split_words(line.text[:budget].lower())
            words.extend(cut)
            texts.append(line.text[:budget])
        budget -= len(line.text) + 1
    return words, "\n".join(texts), whole, cut


# Letters outside the Latin blocks: only lines with some are worth a closer look at their script.
NON_LATIN_LETTER_RE = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")

GOOD, NEUTRAL, BAD, EMPTY, END, RELATED = "good", "neutral", "bad", "empty", "end", "related"
# A sentence too short to be prose on its own ("Talks will resume in Vienna."): the last lines of
# a brief. It adds a little to the block, so a brief keeps its every paragraph.
SENTENCE = "sentence"


class _Page:
    """Page-wide context for judging one line: the outlet, the body's script, in-page repeats."""

    def __init__(self, lines: list[Line], source: str | None, source_hint: str | None, templates,
                 stop_signal: bool = True, calls: set[int] = frozenset()):
        self.source = source
        self.calls = calls  # lines that are calls to action (see `_skip_promos`): furniture
        self.stop_signal = stop_signal
        # Templates are keyed by what the caller knows (the hint); a detected outlet is a fallback.
        template_keys = [source_hint] if source_hint or not source else [None, source]
        # (the learned keys of those of them that have templates, looked up once for the page)
        self.template_sets = templates.key_sets(template_keys) if templates else []
        self.template_lines: set[int] = set()
        # Lines judged furniture only for being printed more than once on the page.
        self.repeated_lines: set[int] = set()
        longest = sorted((l for l in lines if l.n_words >= 5), key=lambda l: -len(l.stripped))[:5]
        self.script = script_of(" ".join(l.stripped for l in longest))
        self.latin = self.script == "LATIN"
        self.repeats = Counter(l.stripped for l in lines if not l.blank)
        self.first_seen: dict[str, int] = {}
        self.lines = lines
        self._twice: bool | None = None
        self._title_marks: tuple[list[bool], list[bool]] | None = None
        # What the page's headline searches share (see `_find_title`), made by the first one.
        self.title_search: tuple[header.TitleMemo, list[bool]] | None = None
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The lines' stripped texts joined by newlines (the headline searches look in it)."""
        if self._text is None:
            self._text = "\n".join([line.stripped for line in self.lines])
        return self._text

    def title_marks(self, kinds: list[str]) -> tuple[list[bool], list[bool]]:
        """Which lines are prose, and which furniture, by the rules' verdicts (`kinds`): what
        the headline search reads, the same for each search on the page."""
        if self._title_marks is None:
            self._title_marks = ([k == GOOD for k in kinds], [k in (BAD, RELATED, END) for k in kinds])
        return self._title_marks

    @property
    def twice(self) -> bool:
        """Is most of the page's prose printed twice (a hidden second copy of the article)?"""
        if self._twice is None:
            once = twice = 0.0
            for l in self.lines:
                if l.n_words >= MIN_PROSE_WORDS and _is_prose(l, self.stop_signal):
                    n = self.repeats[l.stripped]
                    if n > 1:
                        twice += l.n_words / n
                    else:
                        once += l.n_words
            self._twice = twice > TWICE_RATIO * once
        return self._twice

    def _foreign(self, line: Line) -> bool:
        """Written in another script than the body (a stray menu label in another language)."""
        if self.script == "LATIN" and (line.probe.isascii() or not NON_LATIN_LETTER_RE.search(line.probe)):
            return False
        return line.script not in ("", self.script)

    def kinds(self) -> list[str]:
        """The rules' verdict on each line of the page, in order: GOOD prose, SENTENCE, NEUTRAL
        (headings, list items, labels), BAD (furniture), END, RELATED, EMPTY (blank). (One pass
        over the page with what it reads of the page looked up once; `_is_prose` written out.)"""
        source, repeats, first_seen, stop_signal, calls = (self.source, self.repeats, self.first_seen, self.stop_signal,
                                                           self.calls)
        script, latin, template_sets = self.script, self.latin, self.template_sets
        has_source_suffix, is_dateline, is_short_sentence = header.has_source_suffix, header.is_dateline, _is_short_sentence
        kinds: list[str] = []
        add = kinds.append
        for line in self.lines:
            if line.blank:
                add(EMPTY)
                continue
            if line.may_open_label:
                if line.after_article:
                    add(END)
                    continue
                if line.related:
                    add(RELATED)
                    continue
                if line.credit or line.pointer or line.byline:
                    add(BAD)
                    continue
            # (each of these marks is set as the line is read, its word-count bound included)
            n = line.n_words
            if (n == 0 or line.chrome or line.truncated or line.commenter or line.code or line.caption_credit
                    or (source and has_source_suffix(line, source)) or is_dateline(line)
                    or (calls and line.index in calls)):
                add(BAD)
                continue
            if repeats[line.stripped] > 1:
                # A page that prints its whole article twice: the first copy is the article.
                if (self.twice and first_seen.setdefault(line.stripped, line.index) == line.index
                        and _is_prose(line, stop_signal)):
                    add(GOOD)
                    continue
                self.repeated_lines.add(line.index)
                add(BAD)
                continue
            # (a Latin page's line of ASCII letters, most lines, is settled before calling `_foreign`)
            if script and not (latin and line.ascii_letters) and self._foreign(line):
                add(BAD)
                continue
            if template_sets:
                key = line_key(line.text)
                if any(key in keys for keys in template_sets):
                    self.template_lines.add(line.index)
                    add(BAD)
                    continue
            # (`_is_prose`)
            if n >= MIN_PROSE_WORDS:
                if not stop_signal:
                    prose = line.end_punct or (line.colon_end and n >= MIN_COLON_WORDS)
                else:
                    density = line.stop_hits / n
                    prose = density >= MIN_STOP_DENSITY and (
                        line.end_punct or (line.colon_end and n >= MIN_COLON_WORDS) or (n >= 20 and density >= 0.25))
                if prose:
                    add(GOOD)
                    continue
            add(SENTENCE if is_short_sentence(line, stop_signal) else NEUTRAL)
        return kinds


def _is_prose(line: Line, stop_signal: bool = True) -> bool:
    n = line.n_words
    if n < MIN_PROSE_WORDS:
        return False
    if not stop_signal:
        return line.end_punct or (line.colon_end and n >= MIN_COLON_WORDS)
    if line.stop_density < MIN_STOP_DENSITY:
        return False
    return line.end_punct or (line.colon_end and n >= MIN_COLON_WORDS) or (n >= 20 and line.stop_density >= 0.25)


MIN_SENTENCE_WORDS = 3
SENTENCE_GAIN = 1.0


def _is_short_sentence(line: Line, stop_signal: bool) -> bool:
    """A few words that end a sentence, open with a capital (or a script without case) and,
    where stopwords tell, hold one: not a button or a label."""
    if line.n_words < MIN_SENTENCE_WORDS or not line.end_punct or line.chrome:
        return False
    first = line.stripped.lstrip("'\"“‘«([")[:1]
    if not first or first.islower() or first.isdigit():
        return False
    # (a sentence of four words or more needs none: in an inflected language "Экономисты
    # ожидают роста цен." holds no function word, and a button or a label ends on no full stop)
    return not stop_signal or line.stop_hits > 0 or line.n_words > MIN_SENTENCE_WORDS


def _weight(line: Line, kind: str) -> float:
    if kind == GOOD:
        return line.n_words
    if kind == SENTENCE:
        return SENTENCE_GAIN
    if kind == NEUTRAL:
        return -NEUTRAL_COST
    if kind == RELATED:
        return -RELATED_COST
    return -max(BAD_MIN_COST, min(line.n_words, 15))


def _find_title(lines, kinds, start, end, stops, page, skip: set[int] = frozenset()) -> int | None:
    skip = page.template_lines | skip if skip else page.template_lines
    if start is None:
        return header.find_title(lines, len(lines), Counter(), stops, page.repeats, [False] * len(lines),
                                 page.source, skip, page_text=page.text)
    prose, furniture = page.title_marks(kinds)
    # The searches of one page (above the rules' body, above the model's, above a brief's body)
    # weigh mostly the same candidates: what holds wherever the body is, they share.
    shared = page.title_search
    if shared is None:
        # (and which lines may be the body's: its prose and its short sentences, what a
        # headline's topic is measured against: a brief's lede may share no word with its
        # headline, its last lines do)
        shared = page.title_search = (header.TitleMemo(), [k == GOOD or k == SENTENCE for k in kinds])
    memo, body_kind = shared
    n = len(lines)
    stop = max(start, min(end + 1, n))
    in_body = [False] * start + body_kind[start:stop] + [False] * (n - stop)
    # (the body's words are counted in the search, only those its candidates use)
    return header.find_title(lines, start, None, stops, page.repeats, prose, page.source, skip, furniture,
                             in_body, page.text, memo)


def _densest_blocks(lines: list[Line], kinds: list[str], gap_growth: float) -> tuple[
        tuple[int | None, int], tuple[int | None, int]]:
    """The article block read twice, loosely (no growth of a gap's cost) and with `gap_growth`:
    the run of lines with the most prose words net of everything else.

    Within each stretch between after-article headings (comments, author box, newsletter), the
    best run is a max-sum subarray: prose lines count their words, other non-blank lines count
    against it, so a lone tagline above the headline or a stray sentence in the footer stays
    outside. Comment threads are prose too and can outweigh a short article, so the first
    stretch whose best run is a fair share of the biggest one wins.

    Both readings walk the same lines with the same gaps and differ only in what a non-prose
    line costs, so they share one pass.
    """
    loose: list[tuple[float, int, int]] = []
    tight: list[tuple[float, int, int]] = []
    best0, start0, end0, run0, run_start0 = 0.0, None, -1, 0.0, 0
    best1, start1, end1, run1, run_start1 = 0.0, None, -1, 0.0, 0
    gap = 0
    previous, listed = EMPTY, False
    for line in lines:
        kind = kinds[line.index]
        if kind == EMPTY:
            continue
        # Each further non-prose line in a row costs more: a short list inside the article is
        # cheap to cross, a long menu or footer is not.
        # The items of a list printed line after line (no blank between them) that the article's
        # prose introduces add one step together: a checklist or a table inside the article is
        # crossed like one heading.
        glued = line.index > 0 and not lines[line.index - 1].blank
        if kind == GOOD:
            gap = 0
        elif not (listed and glued and kind in (NEUTRAL, SENTENCE)):
            gap += 1
        if not glued:
            listed = kind in (NEUTRAL, SENTENCE) and (previous == GOOD or line.colon_end)
        elif kind not in (NEUTRAL, SENTENCE):
            listed = False
        previous = kind
        if kind == END:
            if start0 is not None:
                loose.append((best0, start0, end0))
            if start1 is not None:
                tight.append((best1, start1, end1))
            best0, start0, end0, run0 = 0.0, None, -1, 0.0
            best1, start1, end1, run1 = 0.0, None, -1, 0.0
            continue
        # (the two max-sum runs are written out side by side, 0 the loose reading and 1 the
        # tight one: a helper called per line and reading would cost more than this pass saves)
        score0 = score1 = line.n_words if kind == GOOD else _weight(line, kind)
        if score1 < 0:
            score1 *= 1.0 + gap_growth * gap
        if run0 <= 0:
            run0, run_start0 = score0, line.index
        else:
            run0 += score0
        if run0 > best0:
            best0, start0, end0 = run0, run_start0, line.index
        if run1 <= 0:
            run1, run_start1 = score1, line.index
        else:
            run1 += score1
        if run1 > best1:
            best1, start1, end1 = run1, run_start1, line.index
    if start0 is not None:
        loose.append((best0, start0, end0))
    if start1 is not None:
        tight.append((best1, start1, end1))
    return _first_fair_block(loose), _first_fair_block(tight)


def _first_fair_block(blocks: list[tuple[float, int, int]]) -> tuple[int | None, int]:
    """The first stretch's best run whose score is a fair share of the best of all (see above)."""
    if not blocks:
        return None, -1
    top = max(b[0] for b in blocks)
    for score, start, end in blocks:
        if score >= FIRST_BLOCK_SHARE * top:
            return start, end
    return None, -1


def _keep_in_block(lines: list[Line], kinds: list[str], start: int | None, end: int) -> list[bool]:
    """Inside the article block keep prose and neutral lines, except neutral lines that share a
    paragraph block (no blank line between) with furniture: a figure with its caption and credit,
    or a pasted link to another story. A short sentence with a short attribution line glued under
    it is a photo caption and goes too."""
    keep = [False] * len(lines)
    if start is None:
        return keep
    i = start
    while i <= end:
        j = i
        while j <= end and kinds[j] != EMPTY:
            j += 1
        group = range(i, j)
        caption = _captioned(lines, kinds, i, j)
        tainted = caption or any(kinds[k] in (BAD, RELATED, END) for k in group)
        for k in group:
            keep[k] = (kinds[k] == GOOD and not caption) or (kinds[k] in (NEUTRAL, SENTENCE) and not tainted)
        i = j + 1
    return keep


CAPTION_MAX_WORDS = 30
CREDIT_MAX_WORDS = 5


def _captioned(lines: list[Line], kinds: list[str], i: int, j: int) -> bool:
    """A photo caption: one short sentence and, glued above or under it, a credit ("© AP Photo")
    or a short attribution line ("Sakib Ali/Hindustan Times/Getty Images"), a block of their own."""
    if j - i != 2:
        return False
    for cap, other in ((i, i + 1), (i + 1, i)):
        if kinds[cap] != GOOD or lines[cap].n_words > CAPTION_MAX_WORDS:
            continue
        if kinds[other] in (BAD, RELATED, END):
            return True
        credit = lines[other]
        if (other > cap and kinds[other] == NEUTRAL and credit.n_words <= CREDIT_MAX_WORDS
                and not credit.end_punct and not credit.colon_end and credit.stripped[:1].isupper()):
            return True
    return False
