"""The fast word splitters find exactly the words their regexes find, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis.tokenizers import default_pattern

from index.text.words import _PUNCTUATION, WHOOSH_WORD_RE, WORD_RE, whoosh_words, words

# Text made of the characters that matter: word characters (ASCII and not), dots, `*`,
# spaces, ASCII and typographic punctuation, digits of other scripts.
likely = st.text(alphabet=st.sampled_from(list("ab_Z09 .*...  -'\"\n\t,!?é中٣") + list(_PUNCTUATION)), max_size=60)


@settings(max_examples=500, deadline=None)
@given(st.one_of(likely, st.text(max_size=60)))
def test_words_are_the_regex_words(text):
    assert words(text) == WORD_RE.findall(text)
    assert whoosh_words(text) == WHOOSH_WORD_RE.findall(text)


def test_the_whoosh_pattern_is_whooshs_default_tokenizers():
    assert WHOOSH_WORD_RE.pattern.replace("(?:", "(") == default_pattern.pattern
    assert WHOOSH_WORD_RE.flags == default_pattern.flags


def test_ordinary_text():
    text = "the u.s. economy grew 3.5% in q3… “really”—yes. end. .5 a..b *star*"
    assert whoosh_words(text) == ["the", "u.s", "economy", "grew", "3.5", "in", "q3", "really", "yes", "end",
                                  "5", "a", "b", "*star*"]
    assert words(text)[:4] == ["the", "u", "s", "economy"]


def test_a_word_runs_on_through_its_combining_marks():
    # Devanagari's vowel signs, a Thai tone mark, an accent written as a combining character
    assert words("किसानों ने फैसले") == ["किसानों", "ने", "फैसले"]
    assert words("ข่าว ด่วน") == ["ข่าว", "ด่วน"]
    assert words("cafe\u0301 au lait") == ["cafe\u0301", "au", "lait"]
