"""The rules' prose that the line model overrules: an author's box, a call to subscribe or a
column of other stories under the article reads as prose to the rules, which keep it inside
their block; where the model has found the same article and is sure such a line is not part of
it, the line goes. Where the model has lost the article, the rules' prose stands whole."""

from __future__ import annotations

import numpy as np

from index.clean.cleaner import RULES, clean
from index.clean.line_model import AGREEMENT, FEATURE_NAMES, FORCED_FLOOR, LineModel

COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}


def _rows(*words: int) -> np.ndarray:
    """Feature rows of prose lines the rules keep in their block, of so many words each."""
    x = np.zeros((len(words), len(FEATURE_NAMES)))
    x[:, COLUMN["kind_good"]] = 1.0
    x[:, COLUMN["rule_keep"]] = 1.0
    x[:, COLUMN["words"]] = np.log1p(words)
    return x


def _model() -> LineModel:
    k = len(FEATURE_NAMES)
    return LineModel(np.zeros(k), np.ones(k), np.zeros(k), 0.0, 0.0)


def test_the_rules_prose_the_model_is_sure_of_is_not_the_article_goes():
    # Four paragraphs the model keeps, then a line it is sure is furniture (a promotion).
    logits = np.array([3.0, 2.5, 4.0, 3.0, FORCED_FLOOR - 1.0])
    keep = _model().decide(_rows(30, 25, 40, 30, 20), logits)
    assert keep.tolist() == [True, True, True, True, False]


def test_the_rules_prose_the_model_only_doubts_stays():
    # Under the keeping threshold but above the floor: the rules' verdict stands.
    logits = np.array([3.0, 2.5, 4.0, 3.0, FORCED_FLOOR + 0.5])
    keep = _model().decide(_rows(30, 25, 40, 30, 20), logits)
    assert keep.tolist() == [True] * 5


def test_where_the_model_keeps_less_than_the_agreed_share_the_rules_prose_stands_whole():
    # The model keeps a short line and is sure of none of the rest: it has lost the article
    # (a page unlike those it learned from), and the rules' prose is kept whole.
    words = (40, 40, 40, 10)
    assert 10 < AGREEMENT * sum(words)
    logits = np.array([FORCED_FLOOR - 2.0] * 3 + [3.0])
    keep = _model().decide(_rows(*words), logits)
    assert keep.tolist() == [True] * 4


def test_a_short_sentence_the_rules_keep_stays_whatever_the_model_says():
    # A brief's last lines ("Talks resume in Vienna.") are short sentences to the rules: the
    # model, which learned from longer pages, may be sure of them wrongly.
    x = _rows(30, 25, 40, 4)
    x[3, COLUMN["kind_good"]] = 0.0
    x[3, COLUMN["kind_sentence"]] = 1.0
    keep = _model().decide(x, np.array([3.0, 3.0, 3.0, FORCED_FLOOR - 3.0]))
    assert keep.tolist() == [True] * 4


def test_a_line_the_rules_call_furniture_is_not_brought_back_by_the_agreement():
    x = _rows(30, 30, 5)
    x[2, COLUMN["kind_good"]] = 0.0
    x[2, COLUMN["kind_bad"]] = 1.0
    x[2, COLUMN["rule_keep"]] = 0.0
    keep = _model().decide(x, np.array([3.0, 3.0, 3.0]))
    assert keep.tolist() == [True, True, False]


def test_clean_drops_the_promotion_a_sure_model_overrules():
    # The whole cleaner with a model that reads a line's share of the article's words (`topic`)
    # and nothing else: the promotion under the article shares none and goes; the paragraphs,
    # which share their subject's words, stay. The rules alone keep the promotion.
    body = (
        "The harbour bridge will close for six weeks while engineers replace the worn bridge cables.",
        "Buses will run across the old river crossing while the harbour bridge is closed for repairs.",
        "The council expects the bridge repairs to cost four million pounds from the harbour fund.",
        "Drivers who cross the harbour bridge should allow an extra half hour until the repairs end.",
    )
    promotion = "Independent journalism costs money, and every reader who pays for it keeps a small newsroom going."
    raw = "\n\n".join(("Portside Gazette", "News\nSport\nWeather", "Harbour bridge to close for repairs",
                       "By Tom Reed", "March 3, 2024", *body, promotion, "© Portside Gazette\nPrivacy")) + "\n"
    k = len(FEATURE_NAMES)
    weights = np.zeros(k)
    weights[COLUMN["topic"]] = 10.0
    model = LineModel(np.zeros(k), np.ones(k), weights, -2.5, 0.0)
    assert clean(raw, line_model=model).paragraphs == body
    assert clean(raw, line_model=RULES).paragraphs == (*body, promotion)
