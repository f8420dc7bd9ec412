"""A line of words is not code for its last character alone: list items that end with a
semicolon and a sentence that closes an aside with a brace are article text, while a line of
code, even a short one, shows more of it (an "=", a call, brackets among few words)."""

from __future__ import annotations

import pytest

from index.clean.lines import Line


@pytest.mark.parametrize("text", [
    "Agreeing on one review process before the first draft;",
    "Choosing reviewers who know the product;",
    "Barcodes on parcels (in Canada; twelve digits);",
    "Walking every day rewires habits slowly, and the change lasts {a good read!}",
    "Clients include large carriers (Northline, Porter, Bayfield}",
])
def test_words_that_end_like_code_are_not_code(text):
    assert not Line(0, text).code


@pytest.mark.parametrize("text", [
    "CONFIG = {",
    "getItems () {",
    "window.dataLayer = window.dataLayer || [];",
    "loadPlugin( 'Editor' );",
    "function identity < T > (arg: T): T {",
    "{{ item.title }} {{ item.count }}",
])
def test_lines_of_code_are_still_code(text):
    assert Line(0, text).code
