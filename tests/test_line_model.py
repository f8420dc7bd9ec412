"""The learned line decision: its sequence step, its file, and that it decides what `clean` keeps."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean.cleaner import NON_LATIN_LETTER_RE, RULES, SHIPPED, _main_run, clean, page_features
from index.clean.line_model import FEATURE_NAMES, MODEL_PATH, LineModel, default_model, viterbi
from index.clean.lines import _NON_LETTERS_RE, _UNSPACED_RE, CHROME_WORDS, COMMENTER_RE, Line, script_of
from index.text.words import WORD_RE


def test_viterbi_without_switch_cost_follows_the_sign_of_each_line():
    logits = np.array([-2.0, 3.0, -0.5, 4.0, -3.0])
    assert viterbi(logits, 0.0).tolist() == [False, True, False, True, False]


def test_viterbi_keeps_the_article_contiguous_across_a_weak_line():
    # a weakly negative line between two strong ones stays in; a lone weak positive far out goes
    logits = np.array([-3.0, 0.4, -3.0, -3.0, 3.0, -0.5, 3.0, -3.0])
    assert viterbi(logits, 2.0).tolist() == [False, False, False, False, True, True, True, False]
    assert viterbi(np.array([]), 1.0).tolist() == []


def test_the_shipped_model_loads_and_fits_the_features():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURE_NAMES)
    model = default_model()
    assert model is not None
    assert len(model.mean) == len(FEATURE_NAMES)
    again = LineModel.from_json(model.to_json())
    x = np.random.default_rng(0).normal(size=(7, len(FEATURE_NAMES)))
    assert np.allclose(again.logits(x), model.logits(x), atol=1e-4)


def test_a_model_for_other_features_is_refused():
    data = default_model().to_json()
    data["features"] = data["features"][:-1]
    try:
        LineModel.from_json(data)
    except ValueError:
        return
    raise AssertionError("a model with other features was accepted")


def _page() -> str:
    body = [
        "The council voted on Tuesday to close the old bridge to traffic while engineers inspect its supports.",
        "Residents said the closure would add twenty minutes to their daily drive into the town centre.",
        "The mayor said the inspection should take about six weeks, after which the bridge could reopen.",
    ]
    return "\n\n".join(["Town Gazette", "Home\nNews\nSport\nWeather", "Old bridge closed for inspection",
                        *body, "Share\nTweet\nEmail", "© Town Gazette\nPrivacy\nTerms"]) + "\n"


def test_features_have_one_row_per_non_blank_line():
    raw = _page()
    x, rows, title = page_features(raw)
    lines = raw.split("\n")
    assert rows == [i for i, line in enumerate(lines) if line.strip()]
    assert x.shape == (len(rows), len(FEATURE_NAMES))
    assert np.isfinite(x).all()
    assert lines[title] == "Old bridge closed for inspection"


def test_the_model_decides_what_clean_keeps():
    raw = _page()
    keep_all = LineModel(np.zeros(len(FEATURE_NAMES)), np.ones(len(FEATURE_NAMES)),
                         np.zeros(len(FEATURE_NAMES)), 5.0, 0.0)
    kept = clean(raw, line_model=keep_all)
    # a model that keeps everything keeps the menu, but never what the rules know as furniture
    assert "Weather" in kept.paragraphs and "Share" not in kept.paragraphs
    assert kept.title == "Old bridge closed for inspection"
    assert kept.title not in kept.paragraphs
    shipped = clean(raw, line_model=SHIPPED)
    assert shipped.title == "Old bridge closed for inspection"
    assert shipped.paragraphs == tuple(raw.split("\n\n")[3:6])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), min_size=1, max_size=80))
def test_the_letter_share_of_an_ascii_line_is_the_regex_count(s):
    line = Line(0, s)
    if line.blank:
        return
    p = line.probe
    assert line.letters == len(_NON_LETTERS_RE.sub("", p)) / len(p)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("Ab_z9 .…!?\"”“‘’«»–\u00a0©:;-—\t" + "éİßЖK中文" + "SAID says wrote"), min_size=1,
               max_size=60))
def test_a_line_is_measured_as_its_definitions_say(s):
    # (what `Line` sets as it reads the line, held to the plain definitions: an ASCII line's
    # words come from one translate, the teaser and commenter marks are set, not looked up)
    line = Line(0, s)
    if line.blank:
        assert not line.words and not line.truncated and not line.commenter and line.letters == 0.0
        return
    if not _UNSPACED_RE.search(s):
        assert line.words == WORD_RE.findall(s.strip().lower())
    p, n = line.probe, line.n_words
    tail = p.rstrip()
    assert line.truncated == (n <= 25 and tail.endswith(("...", "…")) and not tail.rstrip(".… ").endswith(
        (".", "!", "?", "\"", "”")))
    assert line.commenter == (0 < n <= 8 and line.words[-1] in ("says", "said", "writes", "wrote", "replied",
                                                                "commented") and bool(COMMENTER_RE.match(p)))
    assert line.letters == len(_NON_LETTERS_RE.sub("", p)) / len(p)
    if line.ascii_letters:
        assert not NON_LATIN_LETTER_RE.search(p) and all(c.isascii() for c in p if c.isalpha())


def test_clean_decides_with_the_shipped_model_unless_asked_for_the_rules():
    raw = _page()
    assert clean(raw) == clean(raw, line_model=SHIPPED)
    everything = LineModel(np.zeros(len(FEATURE_NAMES)), np.ones(len(FEATURE_NAMES)),
                           np.zeros(len(FEATURE_NAMES)), 5.0, 0.0)
    assert "Weather" in clean(raw, line_model=everything).paragraphs
    assert "Weather" not in clean(raw, line_model=RULES).paragraphs


def test_the_main_run_is_the_stretch_of_largest_summed_log_odds():
    assert _main_run(np.array([1.0, -5.0, 2.0, -0.5, 2.0, -3.0])) == (2, 4)
    assert _main_run(np.array([-1.0, -2.0])) == (None, -1)
    assert _main_run(np.array([])) == (None, -1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-5, max_value=5, allow_nan=False), max_size=30))
def test_the_main_run_has_the_largest_sum_of_any_run(values):
    scores = np.array(values)
    first, last = _main_run(scores)
    best = max([0.0] + [scores[i:j + 1].sum() for i in range(len(values)) for j in range(i, len(values))])
    got = 0.0 if first is None else scores[first:last + 1].sum()
    assert abs(got - best) < 1e-9


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(max_codepoint=0xFFFF, blacklist_characters="\n"), max_size=30),
                min_size=1, max_size=6))
def test_the_capital_share_of_a_line_counts_its_words_that_open_with_a_capital(texts):
    def share(s):
        words = s.split()
        return sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0
    assert [Line(i, t).capitals for i, t in enumerate(texts)] == [share(t) for t in texts]
    # (a capital beyond the Basic Multilingual Plane counts as none, as the model learned it)
    assert Line(0, "\U0001d400bc Def").capitals == 0.5


def test_inputs_outside_the_training_range_are_judged_at_its_edge():
    model = default_model()
    assert model.low is not None and np.all(model.low <= model.high)
    x = np.random.default_rng(1).normal(size=(5, len(FEATURE_NAMES)))
    far = x.copy()
    far[:, -3:] = -100.0  # a page far shorter than any the model learned from
    edge = x.copy()
    edge[:, -3:] = model.low[-3:]
    assert np.allclose(model.logits(far), model.logits(edge))


def test_the_topic_share_counts_the_words_other_prose_lines_of_the_block_use():
    from index.clean.line_model import _topic

    texts = ["cheap flights to lisbon", "The airline cut fares to Lisbon and Porto this winter.",
             "Fares to Porto fell most, the airline said on Monday.", "Sign in"]
    rows = [Line(i, t) for i, t in enumerate(texts)]
    stops = frozenset({"to", "the", "and", "this", "on", "in", "most", "said"})
    for line in rows:
        line.count_stops(stops)
    topic, none = _topic(rows, ["neutral", "good", "good", "bad"], 1, 2, stops)
    assert topic[0] == 1 / 3                 # lisbon of cheap, flights, lisbon
    assert topic[1] == 3 / 6                 # airline, fares, porto (of six): each in the other prose line too
    assert topic[3] == 0.0 and none == [0.0, 0.0, 0.0, 0.0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=500))
def test_ascii_text_is_latin_when_it_holds_a_letter(text):
    assert script_of(text) == ("LATIN" if _NON_LETTERS_RE.sub("", text[:400]) else "")


def test_a_short_line_of_furniture_words_and_numbers_is_chrome():
    # (its furniture words and its numbers are counted apart: no furniture word is a number)
    assert not any(w.isdigit() for w in CHROME_WORDS)
    assert Line(0, "Share 12 comments").chrome
    assert Line(0, "12 34 56 tweet").chrome
    assert not Line(0, "Share the 12 proposals").chrome


_LABEL_WORDS = ["read", "Read", "more", "comments", "Comment", "by", "By", "photo", "(photo", "(c)", "©", "10",
                "the", "news", "top-rated", "sign", "up", "share", "this", "you", "may", "also", "like", "author",
                "related", "stories", "leave", "a", "reply", "source", "getty", "images", "don't", "miss",
                "_comments", "reader", "interactions", "Copyright", "all", "rights", "reserved", "Sputnik"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", " ", "  ", "— ", ": ", "“", "‘", "| ", "\u00a0", "-", "..."]),
                          st.sampled_from(_LABEL_WORDS)), min_size=1, max_size=6))
def test_a_line_that_cannot_open_a_label_matches_no_label_pattern(parts):
    # `may_open_label` settles the start-anchored patterns (comments, related links, credits,
    # pointers, bylines) of a line of ASCII and typographic punctuation without their regexes
    from index.clean.lines import (AFTER_ARTICLE_RE, BYLINE_RE, COMMENT_COUNT_RE, CREDIT_RE, POINTER_RE,
                                   RELATED_RE)
    line = Line(0, "".join(sep + word for sep, word in parts))
    if line.blank or line.may_open_label:
        return
    p = line.probe
    assert not any((AFTER_ARTICLE_RE.search(p), COMMENT_COUNT_RE.match(p), RELATED_RE.search(p),
                    CREDIT_RE.match(p), POINTER_RE.match(p), BYLINE_RE.match(p)))
    assert not (line.after_article or line.related or line.credit or line.pointer or line.byline)


def _plain_topic(rows, kinds, start, end, stops):
    # (the topic share as its docstring defines it, word by word)
    own = [l for l in rows if start is not None and start <= l.index <= end and kinds[l.index] == "good"]
    topic, none = [], []
    for line in rows:
        content = [w for w in line.words if w not in stops]
        others = [set(o.words) for o in own if o is not line]
        shared = [w for w in content if any(w in o for o in others)]
        none.append(0.0 if content else 1.0)
        topic.append(min(1.0, len(shared) / len(content)) if content else 0.0)
    return topic, none


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(["the", "a", "of", "fares", "porto", "lisbon", "rail", "x"]),
                                   max_size=8),
                          st.sampled_from(["good", "neutral", "bad", "sentence"])), min_size=1, max_size=12),
       st.integers(0, 11), st.integers(0, 11), st.booleans())
def test_the_topic_share_is_its_definition(lines, a, b, with_stops):
    from index.clean.line_model import _topic

    stops = frozenset({"the", "a", "of"}) if with_stops else frozenset()
    rows = [Line(i, " ".join(words)) for i, (words, _) in enumerate(lines)]
    for line in rows:
        line.count_stops(stops)
    kinds = [kind for _, kind in lines]
    rows = [line for line in rows if not line.blank]
    start, end = min(a, b), max(a, b)
    for block in ((start, end), (None, -1)):
        assert _topic(rows, kinds, *block, stops) == _plain_topic(rows, kinds, *block, stops)


def test_the_features_of_the_neighbours_windows_and_paragraph_blocks_are_their_definitions():
    # (held to plain loops over the line's own features: `features` computes them in few numpy
    # calls over many columns)
    raw = _page() + "\n".join(["Listen", "", "More news", "Other story here", "", "", "Contact us"]) + "\n"
    x, rows, title = page_features(raw)
    names = {name: i for i, name in enumerate(FEATURE_NAMES)}
    n = len(rows)
    col = lambda name, r: x[r, names[name]] if 0 <= r < n else 0.0  # noqa: E731
    for r in range(n):
        for prefix, shift in (("prev", -1), ("next", 1), ("prev2", -2), ("next2", 2)):
            for f in ("words", "stop_density", "end_punct", "kind_good", "rule_keep", "alone", "kind_bad"):
                assert x[r, names[f"{prefix}_{f}"]] == col(f, r + shift)
        for prefix, reach, fs in (("win", 3, ("kind_good", "rule_keep", "kind_bad")),
                                  ("wide", 10, ("kind_good", "rule_keep", "topic"))):
            lo, hi = max(0, r - reach), min(n, r + reach + 1)
            for f in fs:
                assert abs(x[r, names[f"{prefix}_{f}"]] - sum(col(f, q) for q in range(lo, hi)) / (hi - lo)) < 1e-12
        block_open = r
        while block_open > 0 and rows[block_open - 1] == rows[block_open] - 1:
            block_open -= 1
        block_close = r
        while block_close < n - 1 and rows[block_close + 1] == rows[block_close] + 1:
            block_close += 1
        size = block_close - block_open + 1
        assert x[r, names["group_size"]] == np.log1p(size)
        assert x[r, names["group_index"]] == np.log1p(r - block_open)
        assert x[r, names["alone"]] == (size == 1)
        assert x[r, names["position"]] == r / (n - 1)
        t = rows.index(title)
        assert x[r, names["is_title"]] == (r == t) and x[r, names["before_title"]] == (r < t)
        assert x[r, names["after_title"]] == np.log1p(max(r - t, 0))
        assert x[r, names["above_title"]] == np.log1p(max(t - r, 0))
        assert x[r, names["chars"]] == np.log1p(len(raw.split("\n")[rows[r]].strip()))
        assert sum(x[r, names[f"kind_{k}"]] for k in ("good", "neutral", "sentence", "bad", "related", "end")) <= 1
    assert (x[:, names["page_lines"]] == np.log1p(n)).all()
    block = [r for r in range(n) if x[r, names["in_block"]]]
    assert block == list(range(block[0], block[-1] + 1))
    assert (x[:, names["page_block_share"]] == len(block) / n).all()
    assert [bool(v) for v in x[:, names["after_block"]]] == [r > block[-1] for r in range(n)]
    assert x[0, names["dist_block"]] == np.log1p(block[0])


def test_the_folded_standardisation_gives_the_standardised_networks_log_odds():
    rng = np.random.default_rng(3)
    k = len(FEATURE_NAMES)
    mean, scale = rng.normal(size=k), rng.uniform(0.5, 2.0, size=k)
    x = rng.normal(size=(9, k))
    z = (x - mean) / scale
    hw, hb, w = rng.normal(size=(k, 4)), rng.normal(size=4), rng.normal(size=4)
    network = LineModel(mean, scale, w, 0.3, 0.0, hidden_weights=hw, hidden_bias=hb)
    assert np.allclose(network.logits(x), np.tanh(z @ hw + hb) @ w + 0.3, rtol=0, atol=1e-12)
    w1 = rng.normal(size=k)
    logistic = LineModel(mean, scale, w1, -0.2, 0.0)
    assert np.allclose(logistic.logits(x), z @ w1 - 0.2, rtol=0, atol=1e-12)


def test_a_block_of_blank_lines_holds_no_row():
    from index.clean.line_model import features

    lines = [Line(i, t) for i, t in enumerate(["Menu", "", "", "Body of the story here.", "Footer"])]
    kinds = ["neutral", "", "", "good", "bad"]
    for start, end in ((1, 2), (4, 1)):
        x, rows = features(lines, kinds, [False] * 5, start, end, None, None, None,
                           {line.stripped: 1 for line in lines}, set())
        names = {name: i for i, name in enumerate(FEATURE_NAMES)}
        assert rows == [0, 3, 4]
        assert not x[:, names["in_block"]].any() and (x[:, names["page_block_share"]] == 0.0).all()
        assert (x[:, names["above_title"]] == np.log1p(3)).all() and not x[:, names["is_title"]].any()
