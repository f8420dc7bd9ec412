"""The headline printed twice right above the article (the page's title over its heading) is
the headline even where a line above it scores about as well: a call to action, a teaser or a
section's name in the menus over the article does not tie with it."""

from __future__ import annotations

from collections import Counter
from itertools import chain

from index.clean import header
from index.clean.lines import Line
from index.clean.stopwords import stoplist

STOPS = stoplist("English")

PAGE = [
    "Northwind Studio", "",
    "Services", "Pricing", "Portfolio", "",
    "Garden Studio Planning Help for Homeowners and Builders", "",
    "Garden Studio Planning: A Complete Guide for Homeowners and Builders", "",
    "Garden Studio Planning: A Complete Guide for Homeowners and Builders", "",
    "Planning a garden studio starts with the plot: a studio needs level ground, light and a path "
    "that stays dry in winter, and the guide walks homeowners through each of them.",
    "",
    "Builders read the same plan for the studio's footings and its power, so a guide that both "
    "homeowners and builders follow saves a second visit.",
]
BODY = 12


def _find(texts: list[str], body_start: int) -> int | None:
    lines = [Line(i, t) for i, t in enumerate(texts)]
    for line in lines:
        line.count_stops(STOPS)
    in_body = [i >= body_start and not line.blank for i, line in enumerate(lines)]
    prose = [line.n_words >= 8 and line.end_punct for line in lines]
    repeats = Counter(line.stripped for line in lines if not line.blank)
    counted = Counter(chain.from_iterable(line.words for line in lines if in_body[line.index]))
    return header.find_title(lines, body_start, counted, STOPS, repeats, prose, in_body=in_body)


def test_a_twice_printed_headline_wins_over_a_call_to_action_above_it_that_scores_as_well():
    assert _find(PAGE, BODY) in (8, 10)


def test_a_headline_printed_once_still_takes_the_first_of_its_ties():
    # (without the twin, the first of the near-best lines is taken, as before)
    once = PAGE[:10] + PAGE[12:]
    assert _find(once, BODY - 2) == 6
