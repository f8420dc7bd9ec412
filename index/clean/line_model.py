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
from functools import lru_cache
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
_COL_SENTENCE = _INDEX["kind_sentence"]
# Where the per-line measurements gathered in one pass go (in the order `features` gathers them).
_MEASURED_COLS = np.array([_INDEX[n] for n in ("stop_density", "end_punct", "colon_end", "letters", "lower_start",
                                               "digit_start", "capitals", "repeated", "rule_keep")])
_KIND_COLS = np.array([_INDEX[f"kind_{k}"] for k in KINDS])
_GOOD_CODE = KINDS.index("good")
_KIND_CODE = {k: c for c, k in enumerate(KINDS)}
_NEIGHBOUR_COLS = np.array([_INDEX[f] for f in NEIGHBOUR_FEATURES])
_WINDOW_COLS = np.array([_INDEX[f] for f in WINDOW_FEATURES])
_WIDE_COLS = np.array([_INDEX[f] for f in WIDE_FEATURES])
WIDE_REACH = 10  # lines either side of the wide window
# Rows whose log-odds are computed in one matrix product (see `LineModel.logits`).
ROWS_PER_PRODUCT = 128
# Log-odds a line needs to be kept (on the grouped cross-validation 0.5 to 0.7 score the same
# F1; higher buys a little precision for as much recall).
THRESHOLD = 0.6


def features(lines, kinds, keep, start, end, loose_start, loose_end, title_idx, repeats,
             template_lines, stops=frozenset()) -> tuple[np.ndarray, list[int]]:
    """(feature matrix, raw line index of each row) for the page's non-blank lines."""
    rows = [line for line in lines if not line.blank]
    idx = [line.index for line in rows]
    n = len(rows)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float64), idx
    # One pass over the lines gathers what only Python can measure; the rest is numpy (the
    # methods and ufuncs themselves, not numpy's Python-level wrappers of them: on a page's few
    # dozen rows those wrappers cost more than the work).
    kind_code = _KIND_CODE
    per_line = []
    for line in rows:
        s = line.stripped
        first = s[:1]
        words = line.n_words
        per_line.append((  # (the stopword share written out: a property call per row costs more)
            words, len(s), line.stop_hits / words if words else 0.0, line.end_punct, line.colon_end, line.letters,
            first.islower(), first.isdigit(), line.capitals, repeats[s] > 1, keep[line.index],
            kind_code.get(kinds[line.index], -1),
        ))
    measured = np.array(per_line, dtype=np.float64)
    nw = measured[:, 0]
    # The whole matrix at once: the line's own features, then its neighbours', the window's and
    # the page's, each written into its slice.
    x = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    base = x[:, :len(BASE_NAMES)]
    base[:, _INDEX["chars"]] = np.log1p(measured[:, 1])
    base[:, _INDEX["words"]] = np.log1p(nw)
    base[:, _MEASURED_COLS] = measured[:, 2:11]
    base[:, _INDEX["short"]] = nw <= 3
    base[:, _INDEX["long"]] = nw >= 25
    codes = measured[:, 11].astype(np.intp)
    known = codes >= 0
    base[known.nonzero()[0], _KIND_COLS[codes[known]]] = 1.0
    ia = np.array(idx)
    pos = np.arange(n)
    if start is not None:
        base[:, _INDEX["in_block"]] = (ia >= start) & (ia <= end)
        base[:, _INDEX["after_block"]] = ia > end
        # non-blank lines between the line and the block, on a log scale
        first = int(ia.searchsorted(start))
        last = int(ia.searchsorted(end, side="right")) - 1
        base[:, _INDEX["dist_block"]] = np.log1p(np.maximum(first - pos, 0) + np.maximum(pos - last, 0))
    else:
        base[:, _INDEX["dist_block"]] = np.log1p(n)
    if loose_start is not None:
        base[:, _INDEX["in_loose"]] = (ia >= loose_start) & (ia <= loose_end)
    if title_idx is not None:
        base[:, _INDEX["is_title"]] = ia == title_idx
        base[:, _INDEX["before_title"]] = ia < title_idx
    base[:, _INDEX["position"]] = pos / max(1, n - 1)
    # The paragraph block a line stands in (lines with no blank between them): the line above
    # is not blank when the previous row is the previous line.
    glued = ia[1:] - ia[:-1] == 1
    above = np.concatenate(([False], glued))
    below = np.concatenate((glued, [False]))
    base[:, _INDEX["alone"]] = ~above & ~below
    opens = ~above
    group_start = opens.cumsum() - 1
    base[:, _INDEX["group_size"]] = np.log1p(np.bincount(group_start)[group_start])
    base[:, _INDEX["group_index"]] = np.log1p(pos - opens.nonzero()[0][group_start])
    if template_lines:
        base[:, _INDEX["template"]] = [i in template_lines for i in idx]
    if title_idx is not None:
        t = int(ia.searchsorted(title_idx))
        base[:, _INDEX["after_title"]] = np.log1p(np.maximum(pos - t, 0))
        base[:, _INDEX["above_title"]] = np.log1p(np.maximum(t - pos, 0))
    else:
        base[:, _INDEX["above_title"]] = np.log1p(n)
    # The article's vocabulary: how many of the rules' prose lines in the block use each word. A
    # line that shares its words with the article is on its topic; a teaser for another story,
    # a menu or a form is not.
    topic, no_topic = _topic(rows, kinds, start, end, stops)
    base[:, _INDEX["topic"]] = topic
    base[:, _INDEX["no_topic"]] = no_topic

    neigh = base[:, _NEIGHBOUR_COLS]
    k = len(NEIGHBOUR_FEATURES)
    col = len(BASE_NAMES)
    for shift in (1, -1, 2, -2):  # previous, next, two before, two after
        if shift > 0:
            x[shift:, col:col + k] = neigh[:-shift]
        else:
            x[:shift, col:col + k] = neigh[-shift:]
        col += k
    win = base[:, _WINDOW_COLS]
    csum = np.zeros((n + 1, win.shape[1]))
    win.cumsum(axis=0, out=csum[1:])
    lo = np.maximum(pos - 3, 0)
    hi = np.minimum(pos + 4, n)
    x[:, col:col + len(WINDOW_FEATURES)] = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    col += len(WINDOW_FEATURES)
    wide = base[:, _WIDE_COLS]
    csum = np.zeros((n + 1, wide.shape[1]))
    wide.cumsum(axis=0, out=csum[1:])
    lo = np.maximum(pos - WIDE_REACH, 0)
    hi = np.minimum(pos + WIDE_REACH + 1, n)
    x[:, col:col + len(WIDE_FEATURES)] = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    col += len(WIDE_FEATURES)
    x[:, col] = np.log1p(n)
    x[:, col + 1] = np.log1p(np.add.reduce(nw[codes == _GOOD_CODE]))
    x[:, col + 2] = np.add.reduce(base[:, _INDEX["in_block"]]) / n
    return x, idx


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
    if stops:
        once -= stops
        twice -= stops
    topic = [0.0] * len(rows)
    none = [0.0] * len(rows)
    for r, line in enumerate(rows):
        content = line.n_words - line.stop_hits
        if content <= 0:
            none[r] = 1.0
        else:
            # (countOf over the membership tests: `sum` adds bools one object at a time)
            topic[r] = min(1.0, countOf(map((twice if line.index in own else once).__contains__, line.words), True)
                           / content)
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
            x = x.clip(self.low, self.high)
        z = (x - self.mean) / self.scale
        if self.hidden_weights is not None:
            z = np.tanh(z @ self.hidden_weights + self.hidden_bias)
        return z @ self.weights + self.bias

    def decide(self, x: np.ndarray, logits: np.ndarray | None = None) -> np.ndarray:
        """Which rows are article text: the most likely run of states given the log-odds, less
        the lines the rules recognised as furniture by their patterns (a "Read also" pointer, a
        credit, a repeated headline, a link-list or comments heading), plus the prose and the
        short sentences the rules kept in the article block (a brief's last lines)."""
        if logits is None:
            logits = self.logits(x)
        keep = viterbi(logits - self.threshold, self.switch_cost)
        furniture = (x[:, _COL_BAD] + x[:, _COL_RELATED] + x[:, _COL_END]) > 0
        return (keep & ~furniture) | ((x[:, _COL_RULE_KEEP] > 0) & ((x[:, _COL_GOOD] + x[:, _COL_SENTENCE]) > 0))

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
