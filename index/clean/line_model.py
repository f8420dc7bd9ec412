"""The learned line decision: which lines of a page are the article, from what every line looks
like, where it stands and what the rules made of it.

The rules in `cleaner.py` judge each line (prose, heading, furniture, a link-list heading), find
the densest block of prose and choose the headline; thresholds picked by hand fit the pages they
were picked on. Here a logistic regression over language-neutral features of each line and of
its neighbours (a small network: one hidden layer; length in characters and words, stopword share in the page's language, sentence
ends, letters, capitals, repetition, position, the shape of its paragraph block: a menu runs line
after line, a paragraph stands alone; how far above or below the headline it stands; how many of
its words the article's prose uses (a teaser for another story or a menu shares few); the share
of prose over the twenty lines around it; the rules' verdicts as inputs) gives each line a log-odds of
being article text, and a two-state sequence step (Viterbi, with a cost for every switch between
article and not) keeps the article contiguous instead of flickering line by line.

The weights are learned from labelled pages by `bench/train_line_model.py` (seeded, reproducible)
and ship as `line_model.json` beside this module; inference is numpy only. Without the file the
rules' own decision stands.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import filterfalse
from operator import countOf
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("line_model.json")

# The rule verdicts a line can carry (cleaner.py's kinds), one input each.
KINDS = ("good", "neutral", "sentence", "bad", "related", "end")

BASE_NAMES = (
    "chars", "words", "stop_density", "end_punct", "colon_end", "letters", "capitals", "lower_start",
    "digit_start", "repeated", "short", "long",
    *(f"kind_{k}" for k in KINDS),
    "rule_keep", "in_block", "in_loose", "is_title", "before_title", "after_block", "dist_block",
    "position", "alone", "group_size", "group_index", "template",
    "after_title", "above_title", "topic", "no_topic",
)
NEIGHBOUR_FEATURES = ("words", "stop_density", "end_punct", "kind_good", "rule_keep", "alone",
                      "kind_bad")
WINDOW_FEATURES = ("kind_good", "rule_keep", "kind_bad")
WIDE_FEATURES = ("kind_good", "rule_keep", "topic")
PAGE_NAMES = ("page_lines", "page_good_words", "page_block_share")
FEATURE_NAMES = (
    *BASE_NAMES,
    *(f"prev_{n}" for n in NEIGHBOUR_FEATURES),
    *(f"next_{n}" for n in NEIGHBOUR_FEATURES),
    *(f"prev2_{n}" for n in NEIGHBOUR_FEATURES),
    *(f"next2_{n}" for n in NEIGHBOUR_FEATURES),
    *(f"win_{n}" for n in WINDOW_FEATURES),
    *(f"wide_{n}" for n in WIDE_FEATURES),
    *PAGE_NAMES,
)
_INDEX = {name: i for i, name in enumerate(BASE_NAMES)}
_COL_BAD, _COL_RELATED, _COL_END = _INDEX["kind_bad"], _INDEX["kind_related"], _INDEX["kind_end"]
_COL_GOOD, _COL_RULE_KEEP = _INDEX["kind_good"], _INDEX["rule_keep"]
_COL_WORDS = _INDEX["words"]
_COL_SENTENCE = _INDEX["kind_sentence"]
_COL_IN_BLOCK, _COL_AFTER_BLOCK, _COL_IN_LOOSE = _INDEX["in_block"], _INDEX["after_block"], _INDEX["in_loose"]
_COL_IS_TITLE, _COL_BEFORE_TITLE = _INDEX["is_title"], _INDEX["before_title"]
_COL_AFTER_TITLE, _COL_ABOVE_TITLE = _INDEX["after_title"], _INDEX["above_title"]
assert _COL_ABOVE_TITLE == _COL_AFTER_TITLE + 1
_COL_DIST_BLOCK, _COL_POSITION = _INDEX["dist_block"], _INDEX["position"]
_COL_ALONE, _COL_GROUP_SIZE = _INDEX["alone"], _INDEX["group_size"]
# Where the per-line measurements gathered in one pass go (in the order `features` gathers them).
_MEASURED_COLS = np.array([_INDEX[n] for n in (
    "chars", "words", "stop_density", "end_punct", "colon_end", "letters", "capitals", "lower_start", "digit_start",
    "repeated", "rule_keep", "group_index")])
_COL_SHORT, _COL_LONG, _COL_TEMPLATE = _INDEX["short"], _INDEX["long"], _INDEX["template"]
_COL_TOPIC, _COL_NO_TOPIC = _INDEX["topic"], _INDEX["no_topic"]
_KIND_COLS = np.array([_INDEX[f"kind_{k}"] for k in KINDS])
_GOOD_CODE = KINDS.index("good")
_KIND_CODE = {k: c for c, k in enumerate(KINDS)}
# A kind's code to its one-hot row (a verdict outside KINDS, the last code, to none).
_KIND_ONE_HOT = np.vstack((np.eye(len(KINDS)), np.zeros(len(KINDS))))
NEIGHBOUR_SHIFTS = (-1, 1, -2, 2)  # previous, next, two before, two after
NEIGHBOUR_REACH = max(NEIGHBOUR_SHIFTS)
_NEIGHBOUR_COLS = np.array([_INDEX[f] for f in NEIGHBOUR_FEATURES])
WINDOW_REACH = 3  # lines either side of the window
WIDE_REACH = 10  # lines either side of the wide window
# The columns summed over the window, then those summed over the wide window.
_SUMMED_COLS = np.array([_INDEX[f] for f in (*WINDOW_FEATURES, *WIDE_FEATURES)])
_SUMMED_AT = np.arange(len(_SUMMED_COLS))
_COL_NEIGHBOURS = len(BASE_NAMES)
_COL_WINDOWS = _COL_NEIGHBOURS + len(NEIGHBOUR_SHIFTS) * len(NEIGHBOUR_FEATURES)
_COL_PAGE = _COL_WINDOWS + len(WINDOW_FEATURES) + len(WIDE_FEATURES)
assert FEATURE_NAMES[_COL_PAGE:] == PAGE_NAMES
# The features that are counts taken on a log scale.
_LOG_COLS = np.array([FEATURE_NAMES.index(f) for f in (
    "chars", "words", "dist_block", "group_size", "group_index", "after_title", "above_title", "page_lines",
    "page_good_words")])
# Pages of up to this many rows read what depends on a row's number only from shared tables
# (see `_RowTables`).
TABLED_ROWS = 4096
# Rows whose log-odds are computed in one matrix product (see `LineModel.logits`).
ROWS_PER_PRODUCT = 128
# Log-odds a line needs to be kept (on the grouped cross-validation 0.5 to 0.7 score the same
# F1; higher buys a little precision for as much recall).
THRESHOLD = 0.6
# Log-odds under which the model overrules the rules' keeping of a prose line in their block.
FORCED_FLOOR = -1.0
# The share of the rules' prose words the model must keep for it to overrule the rest.
AGREEMENT = 0.7


def features(lines, kinds, keep, start, end, loose_start, loose_end, title_idx, repeats,
             template_lines, stops=frozenset()) -> tuple[np.ndarray, list[int]]:
    """(feature matrix, raw line index of each row) for the page's non-blank lines."""
    rows = [line for line in lines if not line.blank]
    idx = [line.index for line in rows]
    n = len(rows)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float64), idx
    tables = _kept_row_tables() if n <= TABLED_ROWS else _RowTables(n)
    # The matrix with two rows of zeros above and below: the neighbours of the first and last
    # rows read them (see `_RowTables`).
    padded = np.zeros((n + 2 * NEIGHBOUR_REACH, len(FEATURE_NAMES)), dtype=np.float64)
    x = padded[NEIGHBOUR_REACH:n + NEIGHBOUR_REACH]
    base = x[:, :len(BASE_NAMES)]
    # Where the blocks stand among the rows (the rows are in line order).
    first = last = -1
    if start is not None:
        first = bisect_left(idx, start)
        last = bisect_right(idx, end) - 1
        base[first:last + 1, _COL_IN_BLOCK] = 1.0
        base[last + 1:, _COL_AFTER_BLOCK] = 1.0
    if loose_start is not None:
        base[bisect_left(idx, loose_start):bisect_right(idx, loose_end), _COL_IN_LOOSE] = 1.0
    t = 0
    if title_idx is not None:
        t = bisect_left(idx, title_idx)
        if t < n and idx[t] == title_idx:
            base[t, _COL_IS_TITLE] = 1.0
        base[:t, _COL_BEFORE_TITLE] = 1.0
    # The article's vocabulary: how many of the rules' prose lines in the block use each word.
    # A line that shares its words with the article is on its topic; a teaser for another
    # story, a menu or a form is not.
    topic, no_topic = _topic(rows, kinds, start, end, stops)
    # One pass over the lines gathers what only Python can measure (in the order of
    # `_MEASURED_COLS`, then the kind's code and the number of the paragraph block: lines with
    # no blank between them); the rest is numpy, few calls over many columns each: on a page's
    # few dozen rows a call costs more than its work, and a value the pass adds to every row
    # costs about as much as a call. (Numpy's methods and ufuncs themselves, not its
    # Python-level wrappers.)
    kind_code, good, unknown = _KIND_CODE, _GOOD_CODE, len(KINDS)
    good_words = 0
    group = -1
    group_open = 0
    previous = -2
    per_line = []
    for r, line in enumerate(rows):
        s = line.stripped
        i = line.index
        opening = s[:1]
        words = line.n_words
        code = kind_code.get(kinds[i], unknown)
        if code == good:
            good_words += words
        if i != previous + 1:
            group += 1
            group_open = r
        previous = i
        per_line.append((  # (the stopword share written out: a property call per row costs more)
            len(s), words, line.stop_hits / words if words else 0.0, line.end_punct, line.colon_end, line.letters,
            line.capitals, opening.islower(), opening.isdigit(), repeats[s] > 1, keep[i], r - group_open, code, group,
        ))
    measured = np.array(per_line, dtype=np.float64)
    base[:, _MEASURED_COLS] = measured[:, :len(_MEASURED_COLS)]
    nw = measured[:, 1]
    np.less_equal(nw, 3, out=base[:, _COL_SHORT])
    np.greater_equal(nw, 25, out=base[:, _COL_LONG])
    base[:, _COL_TOPIC] = topic
    base[:, _COL_NO_TOPIC] = no_topic
    for i in template_lines:
        r = bisect_left(idx, i)
        if r < n and idx[r] == i:
            base[r, _COL_TEMPLATE] = 1.0
    codes = measured[:, -2].astype(np.intp)
    base[:, _KIND_COLS] = _KIND_ONE_HOT.take(codes, axis=0)
    groups = measured[:, -1].astype(np.intp)
    size = np.bincount(groups).take(groups)
    base[:, _COL_GROUP_SIZE] = size
    base[:, _COL_ALONE] = size == 1
    pos = tables.pos[:n]
    np.divide(pos, max(1, n - 1), out=base[:, _COL_POSITION])
    # How far each row stands below and above the headline, and from the block (rows between).
    reach = tables.signed[:n] + (-t, t, -last, first)
    np.maximum(reach, 0, out=reach)
    if title_idx is not None:
        base[:, _COL_AFTER_TITLE:_COL_AFTER_TITLE + 2] = reach[:, :2]
    else:
        base[:, _COL_ABOVE_TITLE] = n
    if start is not None:
        np.add(reach[:, 2], reach[:, 3], out=base[:, _COL_DIST_BLOCK])
    else:
        base[:, _COL_DIST_BLOCK] = n
    block_rows = max(0, last - first + 1) if start is not None else 0  # (none when the block holds no row)
    x[:, _COL_PAGE:] = (n, good_words, block_rows / n)
    # The counts above (characters, words, distances, block sizes, the page's) on a log scale.
    x[:, _LOG_COLS] = np.log1p(x.take(_LOG_COLS, axis=1))
    # The neighbours' features (previous, next, two before, two after), then the sums of the
    # window's and the wide window's rows.
    x[:, _COL_NEIGHBOURS:_COL_WINDOWS] = padded.take(tables.neighbours[:n])
    summed = np.zeros((n + 1, len(_SUMMED_COLS)), dtype=np.float64)
    base.take(_SUMMED_COLS, axis=1).cumsum(axis=0, out=summed[1:])
    lo = tables.window_lo[:n]
    hi = np.minimum(tables.window_hi[:n], n)
    window_sums = summed.take(hi * len(_SUMMED_COLS) + _SUMMED_AT) - summed.take(lo * len(_SUMMED_COLS) + _SUMMED_AT)
    x[:, _COL_WINDOWS:_COL_PAGE] = window_sums / (hi - lo)
    return x, idx


class _RowTables:
    """What each row needs that depends on its number only: a page's rows read the first rows of
    these tables (made once, for pages of up to `TABLED_ROWS` rows; a longer page makes its own)."""

    __slots__ = ("pos", "signed", "neighbours", "window_lo", "window_hi")

    def __init__(self, n: int):
        pos = np.arange(n)
        self.pos = pos
        # (row, -row, row, -row): plus (-title, title, -block end, block start), the rows' offsets
        self.signed = pos[:, None] * np.array([1, -1, 1, -1])
        # Flat indices into the padded matrix: for each row, its neighbours' features.
        width = len(FEATURE_NAMES)
        rows = pos[:, None, None] + NEIGHBOUR_REACH + np.array(NEIGHBOUR_SHIFTS)[None, :, None]
        self.neighbours = (rows * width + _NEIGHBOUR_COLS[None, None, :]).reshape(n, -1)
        # The window's first row, as a flat index into the running sums (a zero row, then one per
        # row) of the summed columns, and the row after its last before the page's end.
        reach = np.array([WINDOW_REACH] * len(WINDOW_FEATURES) + [WIDE_REACH] * len(WIDE_FEATURES))
        self.window_lo = np.maximum(pos[:, None] - reach, 0)
        self.window_hi = pos[:, None] + reach + 1
        for array in (self.pos, self.signed, self.neighbours, self.window_lo, self.window_hi):
            array.setflags(write=False)  # (shared by every page)


@lru_cache(maxsize=1)
def _kept_row_tables() -> _RowTables:
    return _RowTables(TABLED_ROWS)


def _topic(rows, kinds, start, end, stops) -> tuple[list[float], list[float]]:
    """For each line, the share of its words other than stopwords that another prose line of
    the rules' block uses too (words of a prose line in the block count where at least one
    other such line has them); and 1 where the line has no word but stopwords."""
    # (sets rather than a Counter of the prose lines' words: the words one prose line uses
    # and those two or more use are all that is asked)
    once: set[str] = set()
    twice: set[str] = set()
    own: set[int] = set()
    if start is not None:
        for line in rows:
            if start <= line.index <= end and kinds[line.index] == "good":
                # (the earlier lines' words among this one's, then this one's added: no set of
                # the line's own words is built)
                twice |= once.intersection(line.words)
                once.update(line.words)
                own.add(line.index)
    if stops and twice:
        # (a new set of the few shared words that are not stopwords: removing the stopwords
        # in place walks the whole list)
        twice = twice.difference(stops)
    topic = [0.0] * len(rows)
    none = [0.0] * len(rows)
    in_once, in_twice, is_stop = once.__contains__, twice.__contains__, stops.__contains__
    for r, line in enumerate(rows):
        content = line.n_words - line.stop_hits
        if content <= 0:
            none[r] = 1.0
        elif line.index in own:
            # (countOf over the membership tests: `sum` adds bools one object at a time)
            topic[r] = min(1.0, countOf(map(in_twice, line.words), True) / content)
        else:
            # (the stopwords are left out here rather than taken out of the block's words: the
            # lines outside the block have few words, the block many)
            words = filterfalse(is_stop, line.words) if line.stop_hits else line.words
            topic[r] = min(1.0, countOf(map(in_once, words), True) / content)
    return topic, none


class LineModel:
    """A small network over standardised features (one tanh hidden layer; none makes it a
    logistic regression) and the sequence step's switch cost."""

    def __init__(self, mean, scale, weights, bias, switch_cost, names=FEATURE_NAMES,
                 hidden_weights=None, hidden_bias=None, low=None, high=None):
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.weights = np.asarray(weights, dtype=np.float64)
        self.bias = float(bias)
        self.switch_cost = float(switch_cost)
        self.threshold = THRESHOLD
        self.hidden_weights = None if hidden_weights is None else np.asarray(hidden_weights, dtype=np.float64)
        self.hidden_bias = None if hidden_bias is None else np.asarray(hidden_bias, dtype=np.float64)
        # The range of each feature on the training pages: a page outside it (a brief of ten
        # lines, say) is judged as the nearest page the model has seen, not extrapolated.
        self.low = None if low is None else np.asarray(low, dtype=np.float64)
        self.high = None if high is None else np.asarray(high, dtype=np.float64)
        inputs = len(self.weights) if self.hidden_weights is None else self.hidden_weights.shape[0]
        if tuple(names) != FEATURE_NAMES or inputs != len(FEATURE_NAMES) or len(self.mean) != inputs:
            raise ValueError("line model features do not match this version")
        # The standardisation folded into the first layer: ((x - mean) / scale) @ W + b is
        # x @ (W / scale) + (b - (mean / scale) @ W), one matrix product and no pass over the
        # page's features. (The same function; the log-odds differ from the unfolded sum in the
        # last bits only.)
        first = self.weights if self.hidden_weights is None else self.hidden_weights
        first_bias = self.bias if self.hidden_weights is None else self.hidden_bias
        self._first_weights = (first.T / self.scale).T
        self._first_bias = first_bias - (self.mean / self.scale) @ first

    def logits(self, x: np.ndarray) -> np.ndarray:
        if len(x) > ROWS_PER_PRODUCT:
            # A long page a block of rows at a time: the matrix products of a block stay
            # below the size at which numpy spreads one over threads, which wait for work
            # spinning: on a page of a few hundred lines they cost several times the product
            # itself, and the cleaning workers already keep every core busy. (A row's
            # log-odds depends on its own features only.)
            return np.concatenate([self.logits(x[s:s + ROWS_PER_PRODUCT])
                                   for s in range(0, len(x), ROWS_PER_PRODUCT)])
        if self.low is not None:
            # (the clip to the training range as maximum and minimum, the second written into
            # the first's array: on a page's few dozen rows np.clip's wrapper costs more)
            x = np.maximum(x, self.low)
            np.minimum(x, self.high, out=x)
        z = x @ self._first_weights
        if self.hidden_weights is None:
            return z + self._first_bias
        np.add(z, self._first_bias, out=z)
        np.tanh(z, out=z)
        return z @ self.weights + self.bias

    def decide(self, x: np.ndarray, logits: np.ndarray | None = None) -> np.ndarray:
        """Which rows are article text: the most likely run of states given the log-odds, less
        the lines the rules recognised as furniture by their patterns (a "Read also" pointer, a
        credit, a repeated headline, a link-list or comments heading), plus the prose and the
        short sentences the rules kept in the article block (a brief's last lines), unless the
        model, having kept most of those, is sure of one that it is not the article."""
        if logits is None:
            logits = self.logits(x)
        keep = viterbi(logits - self.threshold, self.switch_cost)
        furniture = (x[:, _COL_BAD] + x[:, _COL_RELATED] + x[:, _COL_END]) > 0
        ruled = x[:, _COL_RULE_KEEP] > 0
        prose = ruled & (x[:, _COL_GOOD] > 0)
        # Where the model keeps most of the rules' prose (it found the same article), the prose
        # lines it is sure are not the article go: a column of other stories, a promotion or an
        # author's box under the article reads as prose to the rules. Where it keeps less, the
        # model has lost the article and the rules' prose stands whole. (The short sentences
        # the rules keep, a brief's last lines, always stay.)
        words = np.expm1(x[:, _COL_WORDS])
        prose_words = float(words[prose].sum())
        if prose_words and float(words[prose & keep].sum()) >= AGREEMENT * prose_words:
            prose &= logits > FORCED_FLOOR
        return (keep & ~furniture) | prose | (ruled & (x[:, _COL_SENTENCE] > 0))

    def to_json(self) -> dict:
        data = {"features": list(FEATURE_NAMES), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "weights": self.weights.round(6).tolist(),
                "bias": round(self.bias, 6), "switch_cost": self.switch_cost}
        if self.hidden_weights is not None:
            data["hidden_weights"] = self.hidden_weights.round(6).tolist()
            data["hidden_bias"] = self.hidden_bias.round(6).tolist()
        if self.low is not None:
            data["low"] = self.low.round(6).tolist()
            data["high"] = self.high.round(6).tolist()
        return data

    @classmethod
    def from_json(cls, data: dict) -> LineModel:
        return cls(data["mean"], data["scale"], data["weights"], data["bias"], data["switch_cost"],
                   data["features"], data.get("hidden_weights"), data.get("hidden_bias"), data.get("low"),
                   data.get("high"))


def viterbi(logits: np.ndarray, switch_cost: float) -> np.ndarray:
    """Two states (0 not article, 1 article): maximise the summed log-odds of the article rows
    minus `switch_cost` per change of state. Rows are few (a page's lines): a plain loop."""
    n = len(logits)
    if switch_cost <= 0:
        return logits > 0
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    s0, s1 = 0.0, float(logits[0])
    back = np.zeros((n, 2), dtype=np.int8)
    for t in range(1, n):
        stay0, move0 = s0, s1 - switch_cost
        stay1, move1 = s1, s0 - switch_cost
        back[t, 0] = 0 if stay0 >= move0 else 1
        back[t, 1] = 1 if stay1 >= move1 else 0
        s0 = max(stay0, move0)
        s1 = max(stay1, move1) + float(logits[t])
    state = 1 if s1 > s0 else 0
    for t in range(n - 1, -1, -1):
        keep[t] = state == 1
        state = back[t, state]
    return keep


@lru_cache(maxsize=1)
def default_model() -> LineModel | None:
    """The shipped model, or None when the file is missing or does not fit this code."""
    try:
        return LineModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
